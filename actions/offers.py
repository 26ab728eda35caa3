"""The offers a household can actually use, each with why it is shown."""

from __future__ import annotations

from typing import Any

from actions.base import Ctx, DataAction
from assistant.offers.service import Offer, offers_for


def _line(offer: Offer, ctx: Ctx) -> str:
    coupon = offer.coupon
    text = coupon.description_en if ctx.lang == "en" else coupon.description_fr
    until = f"{coupon.valid_to:%d/%m}" if coupon.valid_to else None
    if offer.source == "assigned":
        why = offer.explanation or ctx.t("choisie pour vous", "picked for you")
    elif offer.source == "habit":
        why = ctx.t(
            f"vous avez acheté ce produit {offer.purchases} fois",
            f"you bought this product {offer.purchases} times",
        )
    else:
        why = ctx.t("offre pour tous les clients", "offer for every customer")
    if until:
        why += ctx.t(f", jusqu'au {until}", f", until {until}")
    return f"{text} ({why})"


class OffersShow(DataAction):
    def name(self) -> str:
        return "action_offers_show"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        picked, generic = offers_for(
            session=ctx.session, household_id=ctx.household_id, today=ctx.today
        )
        if picked:
            lines = " ; ".join(_line(offer, ctx) for offer in picked)
            ctx.say(fr=f"Vos offres : {lines}.", en=f"Your offers: {lines}.")
        elif generic:
            lines = " ; ".join(_line(offer, ctx) for offer in generic)
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
