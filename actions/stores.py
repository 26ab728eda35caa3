"""Store opening hours, address and services; product availability in a store."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from actions.base import DAY_NAMES, WEEKDAYS, Ctx, DataAction, parse_date
from actions.products import find_store, product_label, resolve_product
from assistant.catalog.models import Product, Stock, Store

SERVICE_NAMES = {
    "drive": ("drive", "click & collect"),
    "fuel": ("station-service", "fuel station"),
    "pharmacy": ("pharmacie", "pharmacy"),
    "car_wash": ("station de lavage", "car wash"),
    "photo": ("photo", "photo printing"),
    "key_cutting": ("reproduction de clés", "key cutting"),
    "delivery": ("livraison à domicile", "home delivery"),
    "installation": ("installation à domicile", "home installation"),
}


def service_name(code: str, lang: str) -> str:
    names = SERVICE_NAMES.get(code, (code.replace("_", " "), code.replace("_", " ")))
    return names[1] if lang == "en" else names[0]


def store_for(ctx: Ctx) -> Store | None:
    """The store named in the conversation, else the household's preferred store."""
    store = find_store(ctx.session, ctx.slot("store"))
    if store is None and ctx.household.preferred_store_id is not None:
        store = ctx.session.get(Store, ctx.household.preferred_store_id)
    return store


def hours_text(store: Store, weekday: int, lang: str) -> str:
    intervals = store.opening_hours.get(WEEKDAYS[weekday], [])
    if not intervals:
        return "fermé" if lang == "fr" else "closed"
    joiner = " à " if lang == "fr" else " to "
    return ", ".join(f"{opens}{joiner}{closes}" for opens, closes in intervals)


def _no_store(ctx: Ctx) -> list[dict[str, Any]]:
    ctx.say(
        fr="De quel magasin parlez-vous ? Je ne le trouve pas.",
        en="Which store do you mean? I can't find it.",
    )
    return []


class StoreInfo(DataAction):
    def name(self) -> str:
        return "action_store_info"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        store = store_for(ctx)
        if store is None:
            return _no_store(ctx)
        today = ctx.today.weekday()
        asked = parse_date(ctx.slot("date"), ctx.today)
        fr = f"{store.name}, {store.street}, {store.postcode} {store.city}. "
        en = fr
        fr += f"Aujourd'hui ({DAY_NAMES['fr'][today]}) : {hours_text(store, today, 'fr')}."
        en += f"Today ({DAY_NAMES['en'][today]}): {hours_text(store, today, 'en')}."
        if asked is not None and asked != ctx.today:
            day = asked.weekday()
            fr += f" Le {DAY_NAMES['fr'][day]} {asked:%d/%m} : {hours_text(store, day, 'fr')}."
            en += f" On {DAY_NAMES['en'][day]} {asked:%d/%m}: {hours_text(store, day, 'en')}."
        if store.services:
            fr += " Services : " + ", ".join(service_name(s, "fr") for s in store.services)
            en += " Services: " + ", ".join(service_name(s, "en") for s in store.services)
            fr, en = fr + ".", en + "."
        ctx.say(fr=fr, en=en)
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
            ctx.say(fr="Quel produit cherchez-vous ?", en="Which product are you looking for?")
            return []
        found = resolve_product(ctx.session, str(text), ctx.household_id)
        product = found.product or (found.candidates[0] if found.candidates else None)
        if product is None:
            ctx.say(
                fr=f"Je ne trouve pas « {text} » dans le catalogue.",
                en=f'I can\'t find "{text}" in the catalogue.',
            )
            return []
        quantity = _quantity(ctx.session, store, product)
        if quantity > 0:
            ctx.say(
                fr=f"Oui, {product.name_fr} est en stock à {store.name} ({quantity} en rayon).",
                en=f"Yes, {product.name_en} is in stock at {store.name} ({quantity} on the shelf).",
            )
            return []
        other = substitute(ctx.session, store, product)
        fr = f"{product.name_fr} n'est pas disponible à {store.name}."
        en = f"{product.name_en} is not available at {store.name}."
        if other is not None:
            fr += f" Je vous propose à la place : {product_label(other, 'fr')}."
            en += f" Instead, I suggest: {product_label(other, 'en')}."
        ctx.say(fr=fr, en=en)
        return []
