"""What the customer reads about the week's list when it is ready (the Saturday push); the
words are the catalogue's (`shopping.ready.*`)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.i18n import LANGS, Money, render


@dataclass(frozen=True)
class Text:
    body: str
    why: str


def list_ready(lang: str, *, items: int, with_coupon: int, saving_cents: int) -> Text:
    """The Saturday push: how many items, how many with a coupon and what they save. Coupons
    that take nothing off are not announced ("dont 0 avec un bon" helps nobody)."""
    lang = lang if lang in LANGS else LANGS[0]
    why = render(lang, "shopping.ready.why")
    if with_coupon > 0 and saving_cents > 0:
        body = render(
            lang, "shopping.ready.with_coupons", items=items, with_coupon=with_coupon,
            saving=Money(saving_cents),
        )  # fmt: skip
        return Text(body, f"{why} {render(lang, 'shopping.ready.why_coupons')}")
    return Text(render(lang, "shopping.ready.plain", items=items), why)
