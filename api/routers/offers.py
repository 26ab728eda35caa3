"""Targeted offers with explanations, and digital coupons.

`GET /me/offers` is the household's coupon wallet: the personal offers best first, each
with its explanation and reasons, or the generic offer flagged as such when nothing
personal is relevant. It does not count towards the frequency caps (the customer asked);
the chat and store pushes do.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import Path, Query
from pydantic import BaseModel

from api.deps import CurrentCustomer, NowDep, SessionDep
from api.routing import unit_of_work_router
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
        explanation=offer.text(lang),
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
