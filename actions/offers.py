"""The offers a household can actually use, each with why it is shown: a counted text, then
one card per offer with its "put it on my card" button."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from actions.base import Ctx, DataAction, as_int
from assistant.catalog.models import Product
from assistant.coupons import wallet
from assistant.errors import Conflict
from assistant.history.models import Receipt, ReceiptLine
from assistant.i18n import Money, Msg
from assistant.offers.engine import Reason
from assistant.offers.models import OfferImpression
from assistant.offers.service import Offer, offers_about, ranked_offers
from assistant.replies import Card

SHOWN = 5
# "This coupon" means one shown in the chat lately; older showings are not what was meant.
RECENT = dt.timedelta(hours=2)
CLIP_INTENT = "offer_clip"
PETS = frozenset({"cat", "dog"})
# Reasons that say nothing more when a concrete one is there.
VAGUE = frozenset({"assigned"})


def _description(offer: Offer, ctx: Ctx) -> str:
    coupon = offer.coupon
    return coupon.description_en if ctx.lang == "en" else coupon.description_fr


def _product_name(product: Product, lang: str) -> str:
    return product.name_en if lang == "en" else product.name_fr


def _most_bought(ctx: Ctx, category: str) -> Product | None:
    """The household's most bought product of a category: the category's key is a French
    slug ("cafe"), a product has a name in each language."""
    row = ctx.session.exec(
        select(ReceiptLine.product_id, func.count())
        .join(Receipt, col(Receipt.id) == col(ReceiptLine.receipt_id))
        .join(Product, col(Product.id) == col(ReceiptLine.product_id))
        .where(Receipt.household_id == ctx.household_id, Product.category == category)
        .group_by(col(ReceiptLine.product_id))
        .order_by(func.count().desc(), col(ReceiptLine.product_id))
        .limit(1)
    ).first()
    return ctx.session.get(Product, row[0]) if row and row[0] is not None else None


def _reason_msg(ctx: Ctx, offer: Offer, reason: Reason) -> Msg | None:
    category = offer.coupon.category
    if reason.kind == "product" and offer.coupon.product_id is None and category:
        # A coupon on a whole aisle: what was bought there is not "this product".
        reason = Reason("category", category, reason.purchases, reason.days_ago)
    match reason.kind:
        case "product":
            when = {0: "today", 1: "yesterday"}.get(max(reason.days_ago, 0), "ago")
            values = {"purchases": reason.purchases, "days": reason.days_ago}
            return Msg(f"offers.why.product.{when}", values)
        case "category":
            product = _most_bought(ctx, reason.value)
            if product is None:
                return Msg("offers.why.category.aisle", {"purchases": reason.purchases})
            name = _product_name(product, ctx.lang)
            said: dict[str, Any] = {"product": name, "purchases": reason.purchases}
            return Msg("offers.why.category.product", said)
        case "pet":
            return Msg(f"offers.why.pet.{reason.value if reason.value in PETS else 'any'}")
        case "taste":
            return Msg("offers.why.taste", {"taste": reason.value})
        case "kids" | "baby" | "assigned" | "generic":
            return Msg(f"offers.why.{reason.kind}")
        case _:
            return None


def _stored(offer: Offer) -> bool:
    """An explanation written for this household's assignment (a campaign's), the same text
    in both languages: it is in the language the household had when it was assigned."""
    return (
        offer.source == "assigned"
        and bool(offer.explanation_fr)
        and offer.explanation_fr == offer.explanation_en
    )


def why(offer: Offer, ctx: Ctx) -> str:
    """Why the offer is shown, in the conversation's language."""
    kinds = {reason.kind for reason in offer.reasons}
    if offer.source == "durable" or (_stored(offer) and ctx.lang == ctx.household.lang):
        return offer.text(ctx.lang)
    reasons = list(offer.reasons)
    if "product" in kinds:
        # The product itself was bought: its aisle adds nothing.
        reasons = [reason for reason in reasons if reason.kind != "category"]
    if kinds - VAGUE:
        reasons = [reason for reason in reasons if reason.kind not in VAGUE]
    msgs = [msg for reason in reasons if (msg := _reason_msg(ctx, offer, reason)) is not None]
    if not msgs:
        msgs = [Msg("offers.why.generic" if offer.is_generic else "offers.why.assigned")]
    return " ".join(ctx.text(msg.id, **msg.values) for msg in msgs)


def _discount(offer: Offer, ctx: Ctx) -> str | None:
    coupon = offer.coupon
    if coupon.discount_value <= 0:
        return None
    if coupon.discount_kind == "amount":
        return ctx.text("offers.card.amount", amount=Money(coupon.discount_value))
    return ctx.text("offers.card.percent", percent=coupon.discount_value)


def _clip_payload(offer: Offer) -> str:
    return f'/{CLIP_INTENT}{{"coupon_id": {offer.coupon.id}}}'


def offer_card(offer: Offer, ctx: Ctx) -> Card:
    coupon = offer.coupon
    lines = [why(offer, ctx)]
    if coupon.valid_to:
        lines.append(ctx.text("offers.card.until", until=coupon.valid_to))
    lines.append(ctx.text("offers.card.on_card" if offer.loaded else "offers.card.not_on_card"))
    buttons = []
    if not offer.loaded and coupon.id is not None:
        buttons.append({"title": ctx.text("offers.button.clip"), "payload": _clip_payload(offer)})
    tags = [tag for tag, on in (("on_card", offer.loaded), ("generic", offer.is_generic)) if on]
    return Card(
        kind="offer", title=_description(offer, ctx), lines=lines, price=_discount(offer, ctx),
        buttons=buttons, ref=coupon.id, tags=tuple(tags),
    )  # fmt: skip


def clip_buttons(offers: list[Offer], ctx: Ctx) -> list[dict[str, Any]]:
    """One "put it on my card" button per offer not on the card yet, each naming its offer."""
    return [
        {
            "title": ctx.text("offers.button.clip_named", offer=_description(offer, ctx)),
            "payload": _clip_payload(offer),
        }
        for offer in offers
        if not offer.loaded and offer.coupon.id is not None
    ]


class OffersShow(DataAction):
    def name(self) -> str:
        return "action_offers_show"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        # "any coupons for coffee?": the offers about it, else that there is none and the rest.
        about = str(ctx.slot("product") or "").strip() or None
        # Shown in chat: counts towards the weekly cap of each coupon.
        offers = ranked_offers(session=ctx.session, household_id=ctx.household_id, now=ctx.now,
                               limit=SHOWN, channel="chat", about=about)  # fmt: skip
        intro: list[Msg] = []
        if about is not None and not offers:
            intro.append(Msg("offers.none_about", {"said": about}))
            offers = ranked_offers(session=ctx.session, household_id=ctx.household_id,
                                   now=ctx.now, limit=SHOWN, channel="chat")  # fmt: skip
        if not offers:
            ctx.tell_all([*intro, Msg("offers.none")])
            return []
        kind = "generic" if offers[0].is_generic else "personal"
        shown = Msg(f"offers.shown.{kind}", {"count": len(offers),
                    "offers": [_description(offer, ctx) for offer in offers]})  # fmt: skip
        ctx.tell_all([*intro, shown], cards=[offer_card(offer, ctx) for offer in offers])
        return []


def _recently_shown(ctx: Ctx) -> list[int]:
    """The coupons of the last showing in the chat (the latest instant), if recent."""
    rows = ctx.session.exec(
        select(OfferImpression.coupon_id, OfferImpression.shown_at)
        .where(
            OfferImpression.household_id == ctx.household_id,
            OfferImpression.channel == "chat",
            col(OfferImpression.shown_at) >= ctx.now - RECENT,
        )
        .order_by(col(OfferImpression.shown_at).desc(), col(OfferImpression.id))
    ).all()
    if not rows:
        return []
    latest = rows[0][1]
    return [coupon_id for coupon_id, at in rows if at == latest]


class OfferClip(DataAction):
    """ "Mets ce bon sur ma carte": loads the offer onto the card; it then applies by itself
    on the list, the order and at the till."""

    def name(self) -> str:
        return "action_offer_clip"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        offers = ranked_offers(session=ctx.session, household_id=ctx.household_id,
                               now=ctx.now, limit=20)  # fmt: skip
        coupon_id = as_int(ctx.slot("coupon_id"))
        product = ctx.slot("product")
        if coupon_id is not None:
            chosen = [o for o in offers if o.coupon.id == coupon_id]
        elif product:
            chosen = offers_about(offers, str(product))
        else:
            shown = _recently_shown(ctx)
            pool = [o for o in offers if o.coupon.id in shown] or offers
            if pool and all(o.loaded for o in pool):
                ctx.tell("offers.clip.all_loaded")
                return []
            chosen = [o for o in pool if not o.loaded][:SHOWN]
        if not chosen:
            ctx.tell("offers.clip.not_found")
            return []
        if len(chosen) > 1:
            ctx.tell("offers.clip.which", buttons=clip_buttons(chosen, ctx))
            return []
        return self._load(ctx, chosen[0])

    def _load(self, ctx: Ctx, offer: Offer) -> list[dict[str, Any]]:
        coupon = offer.coupon
        assert coupon.id is not None
        text = _description(offer, ctx)
        try:
            _assignment, created = wallet.load(
                session=ctx.session, household_id=ctx.household_id, coupon_id=coupon.id,
                now=ctx.now, explanation=why(offer, ctx),
            )  # fmt: skip
        except Conflict as refused:
            spent = refused.code == "coupon_spent"
            ctx.tell("offers.clip.spent" if spent else "offers.clip.expired", offer=text)
            return []
        if not created:
            ctx.tell("offers.clip.already", offer=text)
            return []
        if coupon.valid_to:
            ctx.tell("offers.clip.done.until", offer=text, until=coupon.valid_to)
        else:
            ctx.tell("offers.clip.done.always", offer=text)
        return []
