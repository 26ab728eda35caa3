"""Explanation texts of a prediction, in French and English (the catalogue's
`shopping.reason.*`).

They state the numbers the score came from, so a customer can judge the proposal
("bought every 12 days, last 13 days ago") rather than trust an opaque rank.
"""

from __future__ import annotations

from typing import Literal

from assistant.i18n import days_ago, render

Lang = Literal["fr", "en"]


def repeat_text(*, cycle_days: float | None, since_days: float, times: int, lang: Lang) -> str:
    """An item the household bought before: its cycle (when known) and its last purchase."""
    last = days_ago(max(0, round(since_days)), lang)
    if cycle_days is None or times < 2:
        return render(lang, "shopping.reason.once", last=last)
    cycle = max(1, round(cycle_days))
    if cycle == 1:
        return render(lang, "shopping.reason.every_day", last=last)
    return render(lang, "shopping.reason.every", cycle=cycle, last=last)


def neighbour_text(*, lang: Lang) -> str:
    """An item never bought by the household, proposed from similar households."""
    return render(lang, "shopping.reason.neighbours")


def popular_text(*, lang: Lang) -> str:
    """An item proposed because many households buy it (no personal signal)."""
    return render(lang, "shopping.reason.popular")
