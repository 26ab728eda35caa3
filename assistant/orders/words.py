"""What the customer reads about the week's list: the words of both languages in one place."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.i18n import money

LIST_READY = {
    "fr": {
        "one": "Votre liste de la semaine est prête : {items} article",
        "other": "Votre liste de la semaine est prête : {items} articles",
        "coupons": ", dont {coupons} avec un bon de réduction ({saving} d'économie).",
        "none": ".",
        "why": "Prévue d'après vos tickets (ce que vous achetez et à quel rythme) ; "
        "vous recevez une liste chaque semaine.",
        "why_coupons": " Les bons chargés sur votre carte sont déjà déduits.",
    },
    "en": {
        "one": "Your list for the week is ready: {items} item",
        "other": "Your list for the week is ready: {items} items",
        "coupons": ", {coupons} with a coupon (you save {saving}).",
        "none": ".",
        "why": "Predicted from your receipts (what you buy and how often); "
        "you asked for a weekly list.",
        "why_coupons": " The coupons on your card are already taken off.",
    },
}


@dataclass(frozen=True)
class Text:
    body: str
    why: str


def list_ready(lang: str, *, items: int, with_coupon: int, saving_cents: int) -> Text:
    """The Saturday push: how many items, how many with a coupon and what they save."""
    words = LIST_READY["en" if lang == "en" else "fr"]
    body = words["one" if items == 1 else "other"].format(items=items)
    if with_coupon > 0 and saving_cents > 0:
        body += words["coupons"].format(coupons=with_coupon, saving=money(saving_cents, lang))
        return Text(body, words["why"] + words["why_coupons"])
    return Text(body + words["none"], words["why"])
