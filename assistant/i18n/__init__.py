"""What the customer reads or hears, in one place per language.

Code says *what* to tell (a message id and typed values: `Money` in cents, aware datetimes,
counts, lists); the catalogue of each language (`messages/<lang>/*.yml`) says *how*, and Babel
formats the values as the language writes them (money, dates in the household's time zone,
plural forms, lists). A message may have a voice variant where speech needs other words.
"""

from __future__ import annotations

from assistant.i18n.catalog import (
    LANGS,
    MessageError,
    Msg,
    catalogue,
    days_ago,
    render,
    render_msg,
)
from assistant.i18n.values import Money, money, weekday_name

__all__ = [
    "LANGS",
    "MessageError",
    "Money",
    "Msg",
    "catalogue",
    "days_ago",
    "money",
    "render",
    "render_msg",
    "weekday_name",
]
