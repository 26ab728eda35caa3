"""The offers a household can actually use, each with why it is shown."""

from __future__ import annotations

from typing import Any

from actions.base import Ctx, DataAction
from assistant.offers.service import Offer, ranked_offers

SHOWN = 5


def _line(offer: Offer, ctx: Ctx) -> str:
    coupon = offer.coupon
    text = coupon.description_en if ctx.lang == "en" else coupon.description_fr
    # Inside parentheses after the coupon: the sentence loses its capital and full stop.
    sentence = offer.text(ctx.lang).rstrip(".")
    why = sentence[:1].lower() + sentence[1:]
    if coupon.valid_to:
        until = f"{coupon.valid_to:%d/%m}"
        why += ctx.t(f", jusqu'au {until}", f", until {until}")
    return f"{text} ({why})"


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
        if offers and not offers[0].is_generic:
            ctx.say(fr=f"Vos offres : {lines}.", en=f"Your offers: {lines}.")
        elif offers:
            ctx.say(
                fr=f"Je n'ai pas d'offre personnalisée pour vous en ce moment. Offre du moment : "
                f"{lines}.",
                en=f"I have no personalised offer for you right now. Current offer: {lines}.",
            )
        else:
            ctx.say(
                fr="Il n'y a aucune offre en cours pour vous en ce moment.",
                en="There is no offer for you at the moment.",
            )
        return []
