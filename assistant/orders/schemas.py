"""API shapes of the shopping list, pickup slots and orders."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, model_validator
from sqlmodel import Session

from assistant.catalog.models import Store
from assistant.offers.models import Coupon
from assistant.orders.models import Order, OrderStatus, PickupSlot
from assistant.orders.service import order_lines
from assistant.orders.view import LineView, ListView


class CouponApplied(BaseModel):
    id: int
    code: str
    description_fr: str
    description_en: str


class SubstitutePublic(BaseModel):
    product_id: int
    ean: str
    name_fr: str
    name_en: str
    price_cents: int
    explanation_fr: str
    explanation_en: str


class LinePublic(BaseModel):
    id: int
    product_id: int
    ean: str
    name_fr: str
    name_en: str
    category: str
    quantity: int
    unit_price_cents: int
    subtotal_cents: int
    discount_cents: int
    coupon: CouponApplied | None
    origin: str = Field(description="customer or predicted")
    accepted: bool = Field(description="false while a predicted line is only proposed")
    explanation_fr: str | None
    explanation_en: str | None
    in_stock: bool | None = Field(description="at the chosen store; null without a store")
    stock: int | None
    substitute: SubstitutePublic | None


class ListPublic(BaseModel):
    order_id: int | None
    store_id: int | None
    store_name: str | None
    proposed_week: dt.date | None
    lines: list[LinePublic]
    total_cents: int
    discount_cents: int = Field(description="all coupons: the lines' and the basket's")
    basket_coupon: CouponApplied | None = Field(
        description="a coupon on the whole basket, e.g. 10 EUR off over 60 EUR"
    )
    basket_discount_cents: int
    coupons_applied: int
    to_pay_cents: int
    proposed_count: int
    missing_count: int


class LineCreate(BaseModel):
    product_id: int | None = None
    ean: str | None = Field(default=None, min_length=8, max_length=14)
    quantity: int = Field(default=1, ge=1, le=99)

    @model_validator(mode="after")
    def one_product(self) -> LineCreate:
        if (self.product_id is None) == (self.ean is None):
            raise ValueError("give exactly one of product_id and ean")
        return self


class LineUpdate(BaseModel):
    quantity: int = Field(ge=1, le=99)


class ListUpdate(BaseModel):
    store_id: int


class ProposeRequest(BaseModel):
    store_id: int | None = None


class SlotPublic(BaseModel):
    id: int
    store_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    free: int


class OrderCreate(BaseModel):
    slot_id: int


class OrderLinePublic(BaseModel):
    product_id: int
    name_fr: str
    name_en: str
    quantity: int
    unit_price_cents: int
    discount_cents: int


class OrderPublic(BaseModel):
    id: int
    household_id: int
    status: str
    store_id: int | None
    store_name: str | None
    slot: SlotPublic | None
    total_cents: int
    discount_cents: int
    to_pay_cents: int
    placed_at: dt.datetime | None
    picking_at: dt.datetime | None
    ready_at: dt.datetime | None
    collected_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    lines: list[OrderLinePublic]


class StatusUpdate(BaseModel):
    status: Literal["picking", "ready", "collected", "cancelled"]

    @property
    def target(self) -> OrderStatus:
        return OrderStatus(self.status)


def _applied(coupon: Coupon | None) -> CouponApplied | None:
    if coupon is None:
        return None
    return CouponApplied(
        id=coupon.id or 0,
        code=coupon.code,
        description_fr=coupon.description_fr,
        description_en=coupon.description_en,
    )


def _line(view: LineView) -> LinePublic:
    line, product = view.line, view.product
    assert line.id is not None and product.id is not None
    sub = view.substitute
    return LinePublic(
        id=line.id,
        product_id=product.id,
        ean=product.ean,
        name_fr=product.name_fr,
        name_en=product.name_en,
        category=product.category,
        quantity=line.quantity,
        unit_price_cents=line.unit_price_cents,
        subtotal_cents=view.subtotal_cents,
        discount_cents=line.discount_cents,
        coupon=_applied(view.coupon),
        origin=line.origin,
        accepted=line.accepted,
        explanation_fr=line.explanation,
        explanation_en=line.explanation_en,
        in_stock=view.in_stock,
        stock=view.stock,
        substitute=SubstitutePublic(
            product_id=sub.product.id or 0,
            ean=sub.product.ean,
            name_fr=sub.product.name_fr,
            name_en=sub.product.name_en,
            price_cents=sub.product.price_cents,
            explanation_fr=sub.explanation_fr,
            explanation_en=sub.explanation_en,
        )
        if sub is not None
        else None,
    )


def list_public(view: ListView) -> ListPublic:
    order = view.order
    return ListPublic(
        order_id=order.id if order else None,
        store_id=view.store.id if view.store else None,
        store_name=view.store.name if view.store else None,
        proposed_week=order.proposed_week if order else None,
        lines=[_line(line) for line in view.lines],
        total_cents=view.total_cents,
        discount_cents=view.discount_cents,
        basket_coupon=_applied(view.basket.coupon if view.basket else None),
        basket_discount_cents=view.basket.cents if view.basket else 0,
        coupons_applied=view.coupons_applied,
        to_pay_cents=view.to_pay_cents,
        proposed_count=len(view.proposed),
        missing_count=len(view.missing),
    )


def slot_public(slot: PickupSlot) -> SlotPublic:
    assert slot.id is not None
    return SlotPublic(
        id=slot.id,
        store_id=slot.store_id,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        free=max(0, slot.capacity - slot.booked),
    )


def order_public(*, session: Session, order: Order) -> OrderPublic:
    assert order.id is not None
    store = session.get(Store, order.store_id) if order.store_id is not None else None
    slot = session.get(PickupSlot, order.slot_id) if order.slot_id is not None else None
    rows = order_lines(session=session, order_id=order.id)
    lines = [
        OrderLinePublic(
            product_id=product.id or 0,
            name_fr=product.name_fr,
            name_en=product.name_en,
            quantity=line.quantity,
            unit_price_cents=line.unit_price_cents,
            discount_cents=line.discount_cents,
        )
        for line, product in rows
    ]
    return OrderPublic(
        id=order.id,
        household_id=order.household_id,
        status=order.status,
        store_id=order.store_id,
        store_name=store.name if store else None,
        slot=slot_public(slot) if slot is not None else None,
        total_cents=order.total_cents,
        discount_cents=order.discount_cents,
        to_pay_cents=order.total_cents - order.discount_cents,
        placed_at=order.placed_at,
        picking_at=order.picking_at,
        ready_at=order.ready_at,
        collected_at=order.collected_at,
        cancelled_at=order.cancelled_at,
        lines=lines,
    )
