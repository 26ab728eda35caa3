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
        # A coupon that takes nothing off is not announced.
        ("en", 3, 1, 0, "Your list for the week is ready: 3 items."),
    ],
)  # fmt: skip
def test_list_ready_words(
    lang: str, items: int, with_coupon: int, saving: int, expected: str
) -> None:
    text = list_ready(lang, items=items, with_coupon=with_coupon, saving_cents=saving)
    assert text.body == expected
    assert text.why  # every proactive message says why
