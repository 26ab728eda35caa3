"""Targeted offers with explanations, and digital coupons.

`GET /me/offers` is the household's coupon wallet: the personal offers best first, each
with its explanation and reasons, or the generic offer flagged as such when nothing
personal is relevant. It does not count towards the frequency caps (the customer asked);
the chat and store pushes do. `loaded` says whether the coupon is on the household's card:
loaded coupons apply by themselves on the list, the order and at the till.
`POST /me/offers/{id}/load` puts an offered coupon on the card (201, or 200 when it already
was); `DELETE` takes it off (204).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import Path, Query, Response
from pydantic import BaseModel

from api.deps import CurrentCustomer, NowDep, SessionDep
from api.routing import unit_of_work_router
from assistant.coupons import wallet
from assistant.offers.service import Offer, offer_why, ranked_offers

router = unit_of_work_router(tags=["offers"])

Lang = Annotated[Literal["fr", "en"] | None, Query(description="defaults to the household's")]


class ReasonPublic(BaseModel):
    kind: str  # durable | assigned | product | category | kids | pet | baby | taste | generic
    value: str
    purchases: int
    days_ago: int


class OfferPublic(BaseModel):
    coupon_id: int
    code: str
    description: str
    discount_kind: str
    discount_value: int
    min_purchase_cents: int
    product_id: int | None
    category: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    generic: bool
    source: str  # durable | assigned | habit | profile | generic
    score: float
    explanation: str
    why: list[ReasonPublic]
    loaded: bool


class LoadedPublic(BaseModel):
    coupon_id: int
    loaded: bool
    source: str  # clip (by the customer) | weekly (the weekly selection) | campaign | durable
    valid_to: dt.date | None


class OffersPublic(BaseModel):
    personalised: bool
    offers: list[OfferPublic]


def _public(offer: Offer, lang: str) -> OfferPublic:
    coupon = offer.coupon
    assert coupon.id is not None
    return OfferPublic(
        coupon_id=coupon.id, code=coupon.code,
        description=coupon.description_en if lang == "en" else coupon.description_fr,
        discount_kind=coupon.discount_kind, discount_value=coupon.discount_value,
        min_purchase_cents=coupon.min_purchase_cents, product_id=coupon.product_id,
        category=coupon.category, valid_from=coupon.valid_from, valid_to=coupon.valid_to,
        generic=offer.is_generic, source=offer.source, score=offer.score,
        explanation=offer.text(lang), loaded=offer.loaded,
        why=[
            ReasonPublic(kind=r.kind, value=r.value, purchases=r.purchases, days_ago=r.days_ago)
            for r in offer.reasons
        ],
    )  # fmt: skip


@router.get("/me/offers", response_model=OffersPublic)
def list_offers(
    customer: CurrentCustomer,
    session: SessionDep,
    now: NowDep,
    lang: Lang = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> OffersPublic:
    assert customer.id is not None
    offers = ranked_offers(session=session, household_id=customer.id, now=now, limit=limit)
    chosen = lang or customer.lang
    return OffersPublic(
        personalised=bool(offers) and not offers[0].is_generic,
        offers=[_public(offer, chosen) for offer in offers],
    )


@router.get("/me/offers/{coupon_id}/why", response_model=OfferPublic)
def why_offer(
    customer: CurrentCustomer,
    session: SessionDep,
    now: NowDep,
    coupon_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    lang: Lang = None,
) -> OfferPublic:
    assert customer.id is not None
    offer = offer_why(session=session, household_id=customer.id, coupon_id=coupon_id, now=now)
    return _public(offer, lang or customer.lang)


CouponId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.post(
    "/me/offers/{coupon_id}/load", response_model=LoadedPublic, status_code=201,
    responses={200: {"description": "already on the card"},
               404: {"description": "offer_not_found"},
               409: {"description": "coupon_spent or coupon_expired"}},
)  # fmt: skip
def load_offer(
    customer: CurrentCustomer,
    session: SessionDep,
    now: NowDep,
    coupon_id: CouponId,
    response: Response,
) -> LoadedPublic:
    assert customer.id is not None
    wallet.ensure_unspent(session=session, household_id=customer.id, coupon_id=coupon_id)
    # Only what is offered to this household can be loaded: never another household's
    # replacement, an expired coupon or one its household may not use (eligibility).
    offer = offer_why(session=session, household_id=customer.id, coupon_id=coupon_id, now=now)
    assignment, created = wallet.load(
        session=session, household_id=customer.id, coupon_id=coupon_id, now=now,
        explanation=offer.text(customer.lang),
    )  # fmt: skip
    if not created:
        response.status_code = 200
    return LoadedPublic(
        coupon_id=coupon_id, loaded=True, source=assignment.source,
        valid_to=assignment.valid_to or offer.coupon.valid_to,
    )  # fmt: skip


@router.delete("/me/offers/{coupon_id}/load", status_code=204, response_class=Response)
def unload_offer(customer: CurrentCustomer, session: SessionDep, coupon_id: CouponId) -> Response:
    assert customer.id is not None
    wallet.unload(session=session, household_id=customer.id, coupon_id=coupon_id)
    return Response(status_code=204)
