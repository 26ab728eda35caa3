"""Loyalty points and the rewards they buy, with the household's wishes in mind."""

from __future__ import annotations

from typing import Any

from actions.base import Ctx, DataAction
from assistant.i18n import Msg
from assistant.loyalty.models import Reward
from assistant.loyalty.service import active_rewards, balance
from assistant.loyalty.wishes import wished_rewards as find_wishes
from assistant.replies import Card


def _reward_name(reward: Reward, lang: str) -> str:
    return reward.name_en if lang == "en" else reward.name_fr


def wished_rewards(ctx: Ctx, rewards: list[Reward]) -> dict[int, str]:
    """Reward id -> who wished for it (a member's first name, or "" for the household)."""
    return find_wishes(session=ctx.session, household_id=ctx.household_id, rewards=rewards)


def _whose(msg_id: str, who: str, **values: Any) -> Msg:
    """A message about a wish: a member's ("d'André") or the household's."""
    if who:
        return Msg(f"{msg_id}.member", {"who": who, **values})
    return Msg(f"{msg_id}.household", values)


def reward_cards(
    ctx: Ctx, points: int, rewards: list[Reward], wished: dict[int, str]
) -> list[Card]:
    cards = []
    for reward in rewards:
        missing = reward.points_cost - points
        lines = [
            ctx.text("loyalty.card.affordable")
            if missing <= 0
            else ctx.text("loyalty.card.short", missing=missing)
        ]
        if reward.id in wished:
            wish = _whose("loyalty.card.wish", wished[reward.id])
            lines.append(ctx.text(wish.id, **wish.values))
        cards.append(
            Card(
                kind="reward", title=_reward_name(reward, ctx.lang), lines=lines,
                price=ctx.text("loyalty.card.cost", cost=reward.points_cost), ref=reward.id,
                tags=("wish",) if reward.id in wished else (),
            )
        )  # fmt: skip
    return cards


class LoyaltyBalance(DataAction):
    def name(self) -> str:
        return "action_loyalty_balance"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        points = balance(session=ctx.session, household_id=ctx.household_id)
        rewards = active_rewards(session=ctx.session)
        wished = wished_rewards(ctx, rewards)
        ahead = [reward for reward in rewards if reward.points_cost > points]
        # The next reward: the cheapest one out of reach, a wished one first on a tie.
        ahead.sort(key=lambda reward: (reward.points_cost, reward.id not in wished))
        parts = [Msg("loyalty.balance", {"points": points})]
        told: set[int | None] = set()
        if ahead:
            nxt = ahead[0]
            values = {"missing": nxt.points_cost - points, "reward": _reward_name(nxt, ctx.lang),
                      "cost": nxt.points_cost}  # fmt: skip
            if nxt.id in wished:
                parts.append(_whose("loyalty.next_wish", wished[nxt.id], **values))
            else:
                parts.append(Msg("loyalty.next", values))
            told.add(nxt.id)
        affordable = [reward for reward in rewards if reward.points_cost <= points]
        if affordable:
            names = [_reward_name(reward, ctx.lang) for reward in affordable]
            parts.append(Msg("loyalty.within_reach", {"rewards": names}))
        for reward in rewards:
            # A wish already said as the next reward is not said twice.
            if reward.id not in wished or reward.id in told:
                continue
            name, who = _reward_name(reward, ctx.lang), wished[reward.id]
            if reward.points_cost <= points:
                parts.append(_whose("loyalty.wish_within_reach", who, reward=name))
            else:
                missing = reward.points_cost - points
                parts.append(_whose("loyalty.wish_short", who, reward=name, missing=missing))
        ctx.tell_all(parts)
        return []


class LoyaltyRewards(DataAction):
    def name(self) -> str:
        return "action_loyalty_rewards"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        points = balance(session=ctx.session, household_id=ctx.household_id)
        rewards = active_rewards(session=ctx.session)
        if not rewards:
            ctx.tell("loyalty.no_rewards", points=points)
            return []
        wished = wished_rewards(ctx, rewards)
        # Wishes first, then what is affordable, then the rest by cost.
        shown = sorted(
            rewards,
            key=lambda r: (r.id not in wished, r.points_cost > points, r.points_cost),
        )
        ctx.tell("loyalty.rewards", points=points, cards=reward_cards(ctx, points, shown, wished))
        return []
