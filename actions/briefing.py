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
from assistant.briefing.compose import commutes_for
from assistant.briefing.context import load_day
from assistant.briefing.service import briefing_for, traffic_provider, weather_provider
from assistant.config import get_settings
from assistant.dialogue.contract import BriefingProviders
from assistant.speech import degrees, spoken_time


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
            ctx.say(
                fr="Je ne connais pas votre adresse : ajoutez-la pour avoir la météo chez vous.",
                en="I don't know your address: add it to get the weather where you live.",
            )
            return []
        weather, _ = providers(ctx)
        forecast = (
            weather.forecast(lat=home.lat, lon=home.lon, day=day, timezone=ctx.household.timezone)
            if weather is not None and day >= ctx.today
            else None
        )
        city = home.city or ""
        if forecast is None:
            ctx.say(
                fr=f"La météo{' de ' + city if city else ''} n'est pas disponible pour le "
                f"moment. Je préfère ne rien inventer.",
                en=f"The weather{' for ' + city if city else ''} is not available right now. "
                "I won't make it up.",
            )
            return []
        advice = advise(forecast, kids=len(context.kids))
        rain_fr = (
            f", {forecast.rain_probability} % de risque de pluie"
            if forecast.rain_probability is not None
            else ""
        )
        rain_en = (
            f", {forecast.rain_probability}% chance of rain"
            if forecast.rain_probability is not None
            else ""
        )
        when_fr = "aujourd'hui" if day == ctx.today else f"le {day:%d/%m}"
        when_en = "today" if day == ctx.today else f"on {day:%d/%m}"
        ctx.say(
            fr=f"Météo {when_fr}{' à ' + city if city else ''} : de "
            f"{degrees(forecast.t_min, 'fr')} à {degrees(forecast.t_max, 'fr')}{rain_fr}. "
            + " ".join(a.fr for a in advice),
            en=f"Weather {when_en}{' in ' + city if city else ''}: "
            f"{degrees(forecast.t_min, 'en')} to {degrees(forecast.t_max, 'en')}{rain_en}. "
            + " ".join(a.en for a in advice),
        )
        return []


class Traffic(DataAction):
    def name(self) -> str:
        return "action_traffic"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        context = load_day(session=ctx.session, household=ctx.household, day=ctx.today)
        _, traffic = providers(ctx)
        incidents = traffic.incidents() if traffic is not None else None
        commutes = commutes_for(context, incidents or [])
        if not commutes:
            ctx.say(
                fr="Je ne connais pas vos trajets : ajoutez l'adresse de la maison et de "
                "l'école ou du travail.",
                en="I don't know your journeys: add your home and school or work addresses.",
            )
            return []
        fr, en = [], []
        for c in commutes:
            where_fr = "l'école" if c.kind == "school" else c.label
            where_en = "school" if c.kind == "school" else c.label
            extra_fr = (
                f", dont {c.delay_minutes} min : {', '.join(c.incidents)}"
                if c.delay_minutes
                else ""
            )
            extra_en = (
                f", incl. {c.delay_minutes} min: {', '.join(c.incidents)}"
                if c.delay_minutes
                else ""
            )
            fr.append(
                f"{where_fr} : {c.minutes} min, partir à {spoken_time(c.leave_at, 'fr')}{extra_fr}"
            )
            en.append(
                f"{where_en}: {c.minutes} min, leave at {spoken_time(c.leave_at, 'en')}{extra_en}"
            )
        note_fr = (
            "" if incidents is not None else " (info trafic indisponible : estimation habituelle)"
        )
        note_en = "" if incidents is not None else " (traffic feed unavailable: usual estimate)"
        ctx.say(fr="Trajets : " + " ; ".join(fr) + "." + note_fr,
                en="Journeys: " + "; ".join(en) + "." + note_en)  # fmt: skip
        return []


class DailyBriefing(DataAction):
    def name(self) -> str:
        return "action_daily_briefing"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        weather, traffic = providers(ctx)
        briefing = briefing_for(session=ctx.session, household=ctx.household, now=ctx.now,
                                weather=weather, traffic=traffic, lang=ctx.lang)  # fmt: skip
        text = briefing.text
        at: dt.time | None = ctx.household.briefing_time
        if at is not None:
            text += ctx.t(f" Vous recevez ce briefing chaque jour à {at:%H:%M}.",
                          f" You get this briefing every day at {at:%H:%M}.")  # fmt: skip
        ctx.say(fr=text, en=text)
        return []
