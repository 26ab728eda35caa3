"""The briefing for one household, and the providers the settings configure."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from assistant.briefing.commute import Incident, StaticTraffic, TrafficFeedClient, TrafficProvider
from assistant.briefing.compose import Briefing, compose
from assistant.briefing.context import load_day
from assistant.briefing.weather import WeatherProvider, default_weather
from assistant.config import Settings
from assistant.customers.models import Household
from assistant.notify.policy import zone

_traffic: dict[str, TrafficFeedClient] = {}


def weather_provider(settings: Settings) -> WeatherProvider:
    return default_weather(settings.weather_url, settings.weather_timeout_seconds)


def traffic_provider(settings: Settings) -> TrafficProvider:
    if not settings.traffic_feed_url:
        return StaticTraffic()
    url = settings.traffic_feed_url
    if url not in _traffic:
        _traffic[url] = TrafficFeedClient(url, timeout=settings.weather_timeout_seconds)
    return _traffic[url]


def briefing_for(
    *,
    session: Session,
    household: Household,
    now: dt.datetime,
    weather: WeatherProvider | None,
    traffic: TrafficProvider | None,
    lang: str | None = None,
    day: dt.date | None = None,
) -> Briefing:
    """The household's briefing for `day` (default: its local today at `now`)."""
    day = day or now.astimezone(zone(household.timezone)).date()
    incidents: list[Incident] | None = traffic.incidents() if traffic is not None else None
    ctx = load_day(session=session, household=household, day=day)
    return compose(ctx, now=now, weather=weather, incidents=incidents, lang=lang)
