"""Weather, traffic and the daily briefing, answered from the briefing providers.

The weather comes from Open-Meteo (settings.weather_url), the commute from the stored
addresses and the traffic feed. When a provider does not answer, the action says so and
answers with what it does know: never an invented forecast.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from actions.base import Ctx, DataAction, parse_date
from assistant.briefing.advice import advise
from assistant.briefing.commute import Commute
from assistant.briefing.compose import commutes_for
from assistant.briefing.context import load_day
from assistant.briefing.service import briefing_for, traffic_provider, weather_provider
from assistant.config import get_settings
from assistant.dialogue.contract import BriefingProviders
from assistant.i18n import Msg


def providers(ctx: Ctx) -> BriefingProviders:
    """The call's providers (tests hand fakes), else the ones the settings configure."""
    if ctx.providers is not None:
        return ctx.providers
    settings = get_settings()
    return BriefingProviders(weather_provider(settings), traffic_provider(settings))


class Weather(DataAction):
    def name(self) -> str:
        return "action_weather"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        day = parse_date(ctx.slot("date"), ctx.today) or ctx.today
        context = load_day(session=ctx.session, household=ctx.household, day=day)
        home = context.home()
        if home is None:
            ctx.tell("chat.weather.no_address")
            return []
        weather, _ = providers(ctx)
        forecast = (
            weather.forecast(lat=home.lat, lon=home.lon, day=day, timezone=ctx.household.timezone)
            if weather is not None and day >= ctx.today
            else None
        )
        # "_here": the home's city is unknown, the sentence does without it.
        here = "" if home.city else "_here"
        if forecast is None:
            ctx.tell(f"chat.weather.unavailable{here}", city=home.city or "")
            return []
        when = "today" if day == ctx.today else "on_day"
        parts = [
            Msg(f"chat.weather.{when}{here}", {"day": day, "city": home.city or "",
                "low": round(forecast.t_min), "high": round(forecast.t_max)}),
        ]  # fmt: skip
        if forecast.rain_probability is not None:
            parts.append(Msg("chat.weather.rain", {"chance": forecast.rain_probability}))
        parts += [
            Msg(f"briefing.advice.{a.code}") for a in advise(forecast, kids=len(context.kids))
        ]
        ctx.tell_all(parts)
        return []


def _journey(ctx: Ctx, commute: Commute) -> Msg:
    where = ctx.text("chat.traffic.school") if commute.kind == "school" else commute.label
    values: dict[str, Any] = {"where": where, "minutes": commute.minutes,
                              "leave_at": commute.leave_at}  # fmt: skip
    if not commute.delay_minutes:
        return Msg("chat.traffic.journey", values)
    values.update(delay=commute.delay_minutes, incidents=list(commute.incidents))
    return Msg("chat.traffic.journey_delayed", values)


class Traffic(DataAction):
    def name(self) -> str:
        return "action_traffic"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        context = load_day(session=ctx.session, household=ctx.household, day=ctx.today)
        _, traffic = providers(ctx)
        incidents = traffic.incidents() if traffic is not None else None
        commutes = commutes_for(context, incidents or [])
        if not commutes:
            ctx.tell("chat.traffic.no_journeys")
            return []
        parts = [_journey(ctx, commute) for commute in commutes]
        if incidents is None:
            parts.append(Msg("chat.traffic.feed_unavailable"))
        ctx.tell_all(parts)
        return []


class DailyBriefing(DataAction):
    def name(self) -> str:
        return "action_daily_briefing"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        weather, traffic = providers(ctx)
        briefing = briefing_for(session=ctx.session, household=ctx.household, now=ctx.now,
                                weather=weather, traffic=traffic, lang=ctx.lang)  # fmt: skip
        parts = [Msg("chat.briefing.today", {"briefing": briefing.text})]
        at: dt.time | None = ctx.household.briefing_time
        if at is not None:
            parts.append(Msg("chat.briefing.every_day", {"at": at}))
        ctx.tell_all(parts)
        return []
