"""Explanation texts of a prediction, in French and English.

They state the numbers the score came from, so a customer can judge the proposal
("bought every 12 days, last 13 days ago") rather than trust an opaque rank.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["fr", "en"]


def _days_fr(days: int) -> str:
    if days <= 0:
        return "aujourd'hui"
    return "hier" if days == 1 else f"il y a {days} jours"


def _days_en(days: int) -> str:
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


def repeat_text(*, cycle_days: float | None, since_days: float, times: int, lang: Lang) -> str:
    """An item the household bought before: its cycle (when known) and its last purchase."""
    since = max(0, round(since_days))
    if cycle_days is None or times < 2:
        if lang == "fr":
            return f"acheté une fois, dernier achat {_days_fr(since)}"
        return f"bought once, last {_days_en(since)}"
    cycle = max(1, round(cycle_days))
    if lang == "fr":
        every = "tous les jours" if cycle == 1 else f"tous les {cycle} jours"
        return f"acheté {every}, dernier achat {_days_fr(since)}"
    every = "every day" if cycle == 1 else f"every {cycle} days"
    return f"bought {every}, last {_days_en(since)}"


def neighbour_text(*, lang: Lang) -> str:
    """An item never bought by the household, proposed from similar households."""
    if lang == "fr":
        return "souvent acheté par des foyers aux achats proches des vôtres"
    return "often bought by households that shop like you"


def popular_text(*, lang: Lang) -> str:
    """An item proposed because many households buy it (no personal signal)."""
    if lang == "fr":
        return "parmi les produits les plus achetés en ce moment"
    return "among the most bought products right now"
