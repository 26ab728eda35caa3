"""The Saturday push says how many items, how many with a coupon and what they save."""

from __future__ import annotations

import pytest

from assistant.orders.words import list_ready


@pytest.mark.parametrize(
    ("lang", "items", "with_coupon", "saving", "expected"),
    [
        ("fr", 19, 2, 320, "Votre liste de la semaine est prête : 19 articles, dont 2 avec un "
                           "bon de réduction (3,20\xa0€ d'économie)."),
        ("fr", 1, 0, 0, "Votre liste de la semaine est prête : 1 article."),
        ("en", 19, 2, 320, "Your list for the week is ready: 19 items, 2 with a coupon "
                           "(you save €3.20)."),
        ("en", 1, 0, 0, "Your list for the week is ready: 1 item."),
        # A coupon that takes nothing off is not announced ("dont 0 avec un bon", "0,00 €").
        ("en", 3, 1, 0, "Your list for the week is ready: 3 items."),
        ("fr", 19, 0, 0, "Votre liste de la semaine est prête : 19 articles."),
    ],
)  # fmt: skip
def test_list_ready_words(
    lang: str, items: int, with_coupon: int, saving: int, expected: str
) -> None:
    text = list_ready(lang, items=items, with_coupon=with_coupon, saving_cents=saving)
    assert text.body == expected
    assert text.why  # every proactive message says why


@pytest.mark.parametrize(
    ("lang", "saving", "said"),
    [("fr", 320, "Les bons chargés sur votre carte sont déjà déduits."),
     ("en", 320, "The coupons on your card are already taken off."),
     ("fr", 0, None)],
)  # fmt: skip
def test_the_why_says_the_coupons_are_taken_off_only_when_they_are(
    lang: str, saving: int, said: str | None
) -> None:
    why = list_ready(lang, items=3, with_coupon=1, saving_cents=saving).why
    assert why.endswith(said) if said else "bons" not in why


def test_an_unknown_language_reads_french() -> None:
    assert list_ready("de", items=2, with_coupon=0, saving_cents=0).body.startswith("Votre liste")
