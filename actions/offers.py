"""The offers a household can actually use, each with why it is shown."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import col, select

from actions.base import Ctx, DataAction, as_int
from assistant.coupons import wallet
from assistant.errors import Conflict
from assistant.offers.models import OfferImpression
from assistant.offers.service import Offer, ranked_offers
from assistant.text import fold

SHOWN = 5
# "This coupon" means one shown in the chat lately; older showings are not what was meant.
RECENT = dt.timedelta(hours=2)
CLIP_INTENT = "offer_clip"


def _line(offer: Offer, ctx: Ctx) -> str:
    coupon = offer.coupon
    text = coupon.description_en if ctx.lang == "en" else coupon.description_fr
    # Inside parentheses after the coupon: the sentence loses its capital and full stop.
    sentence = offer.text(ctx.lang).rstrip(".")
    why = sentence[:1].lower() + sentence[1:]
    if coupon.valid_to:
        until = f"{coupon.valid_to:%d/%m}"
        why += ctx.t(f", jusqu'au {until}", f", until {until}")
    if offer.loaded:
        why += ctx.t(", sur votre carte", ", on your card")
    return f"{text} ({why})"


def _description(offer: Offer, ctx: Ctx) -> str:
    coupon = offer.coupon
    return coupon.description_en if ctx.lang == "en" else coupon.description_fr


def clip_buttons(offers: list[Offer], ctx: Ctx) -> list[dict[str, Any]]:
    """One "put it on my card" button per offer not on the card yet."""
    return [
        {
            "title": ctx.t("Sur ma carte : ", "On my card: ") + _description(offer, ctx),
            "payload": f'/{CLIP_INTENT}{{"coupon_id": {offer.coupon.id}}}',
        }
        for offer in offers
        if not offer.loaded and offer.coupon.id is not None
    ]


class OffersShow(DataAction):
    def name(self) -> str:
        return "action_offers_show"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        # Shown in chat: counts towards the weekly cap of each coupon.
        offers = ranked_offers(
            session=ctx.session,
            household_id=ctx.household_id,
            now=ctx.now,
            limit=SHOWN,
            channel="chat",
        )
        lines = " ; ".join(_line(offer, ctx) for offer in offers)
        buttons = clip_buttons(offers, ctx)
        if offers and not offers[0].is_generic:
            ctx.say(fr=f"Vos offres : {lines}.", en=f"Your offers: {lines}.", buttons=buttons)
        elif offers:
            ctx.say(
                fr=f"Je n'ai pas d'offre personnalisée pour vous en ce moment. Offre du moment : "
                f"{lines}.",
                en=f"I have no personalised offer for you right now. Current offer: {lines}.",
                buttons=buttons,
            )
        else:
            ctx.say(
                fr="Il n'y a aucune offre en cours pour vous en ce moment.",
                en="There is no offer for you at the moment.",
            )
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


def _named(offers: list[Offer], product: str) -> list[Offer]:
    words = [w for w in fold(product).split() if len(w) > 2]
    return [
        o for o in offers
        if words and all(
            w in fold(f"{o.coupon.description_fr} {o.coupon.description_en} {o.coupon.category}")
            for w in words
        )
    ]  # fmt: skip


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
            chosen = _named(offers, str(product))
        else:
            shown = _recently_shown(ctx)
            pool = [o for o in offers if o.coupon.id in shown] or offers
            if pool and all(o.loaded for o in pool):
                ctx.say(fr="Ces bons sont déjà sur votre carte.",
                        en="These coupons are already on your card.")  # fmt: skip
                return []
            chosen = [o for o in pool if not o.loaded][:SHOWN]
        if not chosen:
            ctx.say(
                fr="Je ne trouve pas ce bon parmi vos offres. Dites « mes offres » pour les voir.",
                en='I can\'t find that coupon among your offers. Say "my offers" to see them.',
            )
            return []
        if len(chosen) > 1:
            ctx.say(
                fr="Quel bon voulez-vous mettre sur votre carte ?",
                en="Which coupon shall I put on your card?",
                buttons=clip_buttons(chosen, ctx),
            )
            return []
        return self._load(ctx, chosen[0])

    def _load(self, ctx: Ctx, offer: Offer) -> list[dict[str, Any]]:
        coupon = offer.coupon
        assert coupon.id is not None
        text = _description(offer, ctx)
        try:
            _assignment, created = wallet.load(
                session=ctx.session, household_id=ctx.household_id, coupon_id=coupon.id,
                now=ctx.now, explanation=offer.text(ctx.lang),
            )  # fmt: skip
        except Conflict as refused:
            if refused.code == "coupon_spent":
                ctx.say(fr=f"Vous avez déjà utilisé ce bon : {text}.",
                        en=f"You have already used this coupon: {text}.")  # fmt: skip
            else:
                ctx.say(fr=f"Ce bon n'est plus valable : {text}.",
                        en=f"This coupon is no longer valid: {text}.")  # fmt: skip
            return []
        if not created:
            ctx.say(fr=f"Ce bon est déjà sur votre carte : {text}.",
                    en=f"This coupon is already on your card: {text}.")  # fmt: skip
            return []
        until = f"{coupon.valid_to:%d/%m}" if coupon.valid_to else ""
        ctx.say(
            fr=f"C'est fait, ce bon est sur votre carte : {text}. Il s'applique tout seul à votre "
            "liste, à votre commande et en caisse" + (f", jusqu'au {until}." if until else "."),
            en=f"Done, this coupon is on your card: {text}. It applies by itself to your list, "
            "your order and at the till" + (f", until {until}." if until else "."),
        )
        return []
