"""Loyalty balance, history, rewards and redemption."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Query, Response, status
from sqlmodel import Session, select

from api.deps import CurrentCustomer, NowDep, SessionDep, SettingsDep
from api.errors import ErrorResponse
from api.routing import unit_of_work_router
from assistant.config import Settings
from assistant.customers.models import Household
from assistant.errors import AppError, NotFound, Unprocessable
from assistant.loyalty import service
from assistant.loyalty.models import LoyaltyEntry, Reward
from assistant.loyalty.schemas import (
    LoyaltyEntryPublic,
    LoyaltyPublic,
    RedemptionCreate,
    RedemptionPublic,
    RewardPublic,
    RewardsPublic,
)
from assistant.loyalty.wishes import wished_rewards

router = unit_of_work_router(tags=["loyalty"])

DEFAULT_PAGE_SIZE = 20
MAX_KEY_LENGTH = 80


def _entry(entry: LoyaltyEntry) -> LoyaltyEntryPublic:
    assert entry.id is not None
    return LoyaltyEntryPublic(
        id=entry.id,
        points=entry.points,
        kind=entry.kind,
        reason=entry.reason,
        receipt_id=entry.receipt_id,
        reward_id=entry.reward_id,
        created_at=entry.created_at,
    )


def _reward(reward: Reward, lang: str, points: int, wished: dict[int, str]) -> RewardPublic:
    assert reward.id is not None
    return RewardPublic(
        id=reward.id,
        code=reward.code,
        name=reward.name_en if lang == "en" else reward.name_fr,
        name_fr=reward.name_fr,
        name_en=reward.name_en,
        points_cost=reward.points_cost,
        stock=reward.stock,
        tags=list(reward.tags),
        affordable=reward.points_cost <= points,
        missing_points=max(0, reward.points_cost - points),
        wished=reward.id in wished,
        wished_by=wished.get(reward.id),
    )


def _page_size(limit: int | None, settings: Settings) -> int:
    if limit is None:
        return min(DEFAULT_PAGE_SIZE, settings.page_size_max)
    if limit > settings.page_size_max:
        raise Unprocessable(
            f"limit must be at most {settings.page_size_max}", code="validation_error"
        )
    return limit


@router.get("/me/loyalty", response_model=LoyaltyPublic)
def my_loyalty(
    household: CurrentCustomer,
    session: SessionDep,
    settings: SettingsDep,
    limit: Annotated[int | None, Query(ge=1)] = None,
    cursor: Annotated[str | None, Query(max_length=256)] = None,
) -> LoyaltyPublic:
    """The points balance and the ledger, newest first (cursor paging)."""
    assert household.id is not None
    entries, next_cursor = service.history(
        session=session,
        household_id=household.id,
        limit=_page_size(limit, settings),
        cursor=cursor,
    )
    return LoyaltyPublic(
        balance=service.balance(session=session, household_id=household.id),
        items=[_entry(entry) for entry in entries],
        next_cursor=next_cursor,
    )


def _rewards_public(session: Session, household: Household, rewards: list[Reward]) -> RewardsPublic:
    assert household.id is not None
    points = service.balance(session=session, household_id=household.id)
    wished = wished_rewards(session=session, household_id=household.id, rewards=rewards)
    return RewardsPublic(
        balance=points,
        items=[_reward(reward, household.lang, points, wished) for reward in rewards],
    )


@router.get("/loyalty/rewards", response_model=RewardsPublic)
def rewards(household: CurrentCustomer, session: SessionDep) -> RewardsPublic:
    """The rewards on offer, cheapest first, each flagged affordable and wished (a household
    wish such as "ballon de football dédicacé" matches it)."""
    return _rewards_public(session, household, service.active_rewards(session=session))


@router.post(
    "/me/loyalty/redemptions",
    response_model=RedemptionPublic,
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"model": RedemptionPublic, "description": "replay (Idempotent-Replay: true)"},
        404: {"model": ErrorResponse, "description": "reward_not_found"},
        409: {
            "model": ErrorResponse,
            "description": "insufficient_points, reward_out_of_stock, reward_unavailable, "
            "idempotency_key_reused",
        },
        428: {"model": ErrorResponse, "description": "idempotency_key_required"},
    },
)
def redeem(
    data: RedemptionCreate,
    household: CurrentCustomer,
    session: SessionDep,
    now: NowDep,
    response: Response,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> RedemptionPublic:
    """Spend points on a reward, atomically; retrying with the same Idempotency-Key returns
    the same redemption and never debits twice."""
    assert household.id is not None
    if not idempotency_key or not idempotency_key.strip():
        raise AppError(
            "an Idempotency-Key header is required",
            code="idempotency_key_required",
            status_code=428,
        )
    if len(idempotency_key) > MAX_KEY_LENGTH:
        raise Unprocessable(
            f"the Idempotency-Key is longer than {MAX_KEY_LENGTH} characters",
            code="idempotency_key_invalid",
        )
    reward_id = data.reward_id
    if reward_id is None:
        found = session.exec(select(Reward.id).where(Reward.code == data.reward_code)).first()
        if found is None:
            raise NotFound("no such reward", code="reward_not_found")
        reward_id = found
    done = service.redeem(
        session=session,
        household_id=household.id,
        reward_id=reward_id,
        idempotency_key=idempotency_key.strip(),
        now=now,
    )
    if not done.created:
        response.status_code = status.HTTP_200_OK
        response.headers["Idempotent-Replay"] = "true"
    wished = wished_rewards(session=session, household_id=household.id, rewards=[done.reward])
    return RedemptionPublic(
        entry=_entry(done.entry),
        reward=_reward(done.reward, household.lang, done.balance, wished),
        balance=done.balance,
    )
