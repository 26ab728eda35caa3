"""Radio segments: the household's daily briefing (assistant.briefing) as spoken sections.

The briefing says, in the household's language: a greeting by name, today's date, the
weather with its advice and the commute when the providers answer, the orders waiting for
pickup, today's booked outings and the loyalty balance.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from assistant.briefing.compose import Section
from assistant.briefing.service import briefing_for, traffic_provider, weather_provider
from assistant.config import Settings, get_settings
from assistant.customers.models import Household
from assistant.speech import speak, spoken_date, spoken_time

Segment = Section

__all__ = ["Segment", "briefing_segments", "script", "spoken_date", "spoken_time"]


def briefing_segments(
    *,
    session: Session,
    household: Household,
    lang: str,
    now: dt.datetime,
    settings: Settings | None = None,
) -> list[Segment]:
    settings = settings or get_settings()
    briefing = briefing_for(
        session=session,
        household=household,
        now=now,
        weather=weather_provider(settings),
        traffic=traffic_provider(settings),
        lang=lang,
    )
    return list(briefing.sections)


def script(segments: list[Segment], lang: str) -> str:
    """The whole segment as one standalone SSML document."""
    return speak((segment.ssml for segment in segments), lang)
