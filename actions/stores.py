"""Store opening hours, address and services; product availability in a store."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session, col, select

from actions.base import WEEKDAYS, Ctx, DataAction, parse_date
from actions.products import find_store, product_label, resolve_product
from assistant.catalog.models import Product, Stock, Store
from assistant.i18n import Msg, catalogue


def service_name(ctx: Ctx, code: str) -> str:
    """A store service as the customer says it; a code we have no words for, as written."""
    msg_id = f"stores.service.{code}"
    return ctx.text(msg_id) if msg_id in catalogue(ctx.lang) else code.replace("_", " ")


def store_for(ctx: Ctx) -> Store | None:
    """The store named in the conversation, else the household's preferred store."""
    store = find_store(ctx.session, ctx.slot("store"))
    if store is None and ctx.household.preferred_store_id is not None:
        store = ctx.session.get(Store, ctx.household.preferred_store_id)
    return store


def _clock(hhmm: str) -> dt.time:
    """ "08:30" -> 08:30; "24:00", a closing at midnight, is midnight."""
    hour, minute = (int(part) for part in hhmm.split(":"))
    return dt.time(hour % 24, minute)


def hours_msg(ctx: Ctx, store: Store, day: dt.date, *, today: bool) -> Msg:
    """The store's hours on `day`: its opening intervals, or closed."""
    intervals = store.opening_hours.get(WEEKDAYS[day.weekday()], [])
    msg_id = "stores.today" if today else "stores.on_day"
    if not intervals:
        return Msg(f"{msg_id}_closed", {"day": day})
    hours = [
        ctx.text("stores.hours", opens=_clock(opens), closes=_clock(closes))
        for opens, closes in intervals
    ]
    return Msg(msg_id, {"day": day, "hours": hours})


def _no_store(ctx: Ctx) -> list[dict[str, Any]]:
    ctx.tell("stores.which")
    return []


class StoreInfo(DataAction):
    def name(self) -> str:
        return "action_store_info"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        store = store_for(ctx)
        if store is None:
            return _no_store(ctx)
        asked = parse_date(ctx.slot("date"), ctx.today)
        parts = [
            Msg("stores.address", {"store": store.name, "street": store.street,
                                   "postcode": store.postcode, "city": store.city}),
            hours_msg(ctx, store, ctx.today, today=True),
        ]  # fmt: skip
        if asked is not None and asked != ctx.today:
            parts.append(hours_msg(ctx, store, asked, today=False))
        if store.services:
            services = [service_name(ctx, code) for code in store.services]
            parts.append(Msg("stores.services", {"services": services}))
        ctx.tell_all(parts)
        return []


def _quantity(session: Session, store: Store, product: Product) -> int:
    stock = session.get(Stock, (store.id, product.id))
    return stock.quantity if stock is not None else 0


def substitute(session: Session, store: Store, product: Product) -> Product | None:
    """A product of the same category in stock at the store, closest in price."""
    rows = session.exec(
        select(Product)
        .join(Stock, col(Stock.product_id) == col(Product.id))
        .where(
            Product.category == product.category,
            Product.id != product.id,
            Stock.store_id == store.id,
            col(Stock.quantity) > 0,
        )
    ).all()
    return min(
        rows, key=lambda p: (abs(p.price_cents - product.price_cents), p.id or 0), default=None
    )


class ProductAvailability(DataAction):
    def name(self) -> str:
        return "action_product_availability"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        store = store_for(ctx)
        if store is None:
            return _no_store(ctx)
        text = ctx.slot("product")
        if not text:
            ctx.tell("stores.ask_product")
            return []
        found = resolve_product(ctx.session, str(text), ctx.household_id)
        product = found.product or (found.candidates[0] if found.candidates else None)
        if product is None:
            ctx.tell("stores.not_found", said=str(text))
            return []
        name = product_label(product, ctx.lang)
        quantity = _quantity(ctx.session, store, product)
        if quantity > 0:
            ctx.tell("stores.in_stock", product=name, store=store.name, quantity=quantity)
            return []
        parts = [Msg("stores.out_of_stock", {"product": name, "store": store.name})]
        other = substitute(ctx.session, store, product)
        if other is not None:
            parts.append(Msg("stores.instead", {"substitute": product_label(other, ctx.lang)}))
        ctx.tell_all(parts)
        return []
