"""The daily briefing: sections of plain text, rendered as SSML (radio, speaker) and push.

Every sentence comes from stored data or a provider's answer; an unreachable provider
leaves its section out (never an invented forecast or commute).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from assistant.briefing.advice import advise
from assistant.briefing.commute import Commute, Incident, estimate
from assistant.briefing.context import HouseholdDay
from assistant.briefing.weather import DayWeather, WeatherProvider, sky
from assistant.speech import (
    degrees,
    paragraph,
    speak,
    spoken_date,
    spoken_list,
    spoken_time,
)


@dataclass(frozen=True)
class Section:
    kind: str  # greeting | date | weather | commute | pickup | outings | loyalty
    text: str

    @property
    def ssml(self) -> str:
        return paragraph(self.text)


@dataclass(frozen=True)
class Briefing:
    household_id: int
    lang: str
    day: dt.date
    sections: tuple[Section, ...]
    push: str  # the short text of a notification
    weather: DayWeather | None
    commutes: tuple[Commute, ...]

    @property
    def text(self) -> str:
        return " ".join(section.text for section in self.sections)

    @property
    def ssml(self) -> str:
        return speak((section.ssml for section in self.sections), self.lang)

    def kinds(self) -> list[str]:
        return [section.kind for section in self.sections]


def _greeting(ctx: HouseholdDay, local: dt.datetime, lang: str) -> Section:
    names = spoken_list([m.first_name for m in ctx.members], lang) or ctx.household.name
    if lang == "fr":
        return Section("greeting", f"{'Bonsoir' if local.hour >= 18 else 'Bonjour'} {names} !")
    hello = (
        "Good morning"
        if local.hour < 12
        else ("Good afternoon" if local.hour < 18 else "Good evening")
    )
    return Section("greeting", f"{hello}, {names}!")


def _weather(ctx: HouseholdDay, weather: DayWeather, lang: str) -> Section:
    low, high = degrees(weather.t_min, lang), degrees(weather.t_max, lang)
    described = sky(weather.weather_code, lang)
    if lang == "fr":
        text = f"Météo du jour : {described + ', ' if described else ''}de {low} à {high}"
        if weather.rain_probability is not None:
            text += f", {weather.rain_probability} % de risque de pluie"
    else:
        text = f"Today's weather: {described + ', ' if described else ''}{low} to {high}"
        if weather.rain_probability is not None:
            text += f", {weather.rain_probability}% chance of rain"
    advice = " ".join(item.text(lang) for item in advise(weather, kids=len(ctx.kids)))
    return Section("weather", f"{text}. {advice}".strip())


def commutes_for(ctx: HouseholdDay, incidents: list[Incident]) -> list[Commute]:
    """School (when there are children) and each work address, from home."""
    home = ctx.home()
    if home is None:
        return []
    found = []
    for address in ctx.addresses:
        if address.kind not in ("school", "work") or (address.kind == "school" and not ctx.kids):
            continue
        found.append(
            estimate(
                kind=address.kind,
                label=address.label or address.city or address.kind,
                origin=(home.lat, home.lon),
                destination=(address.lat, address.lon),
                day=ctx.day,
                zone=ctx.zone,
                incidents=incidents,
            )
        )
    return found


def _commute(commutes: list[Commute], lang: str) -> Section:
    parts = []
    for c in commutes:
        at = spoken_time(c.leave_at, lang)
        if lang == "fr":
            how = "à pied" if c.mode == "walk" else "en voiture"
            where = "l'école" if c.kind == "school" else c.label
            part = f"partez à {at} pour {where} ({c.minutes} minutes {how}"
            part += (
                f", dont {c.delay_minutes} de retard : {', '.join(c.incidents)})"
                if (c.delay_minutes)
                else ")"
            )
        else:
            how = "on foot" if c.mode == "walk" else "by car"
            where = "school" if c.kind == "school" else c.label
            part = f"leave at {at} for {where} ({c.minutes} minutes {how}"
            part += (
                f", including {c.delay_minutes} of delay: {', '.join(c.incidents)})"
                if (c.delay_minutes)
                else ")"
            )
        parts.append(part)
    listed = spoken_list(parts, lang)
    return Section("commute", (f"Trajets : {listed}." if lang == "fr" else f"Commute: {listed}."))


def _orders(ctx: HouseholdDay, lang: str) -> list[Section]:
    sections = []
    for status in ("ready", "placed"):
        parts = []
        for order in (o for o in ctx.orders if o.status == status):
            where = order.store or ("votre magasin" if lang == "fr" else "your store")
            if lang == "fr":
                noun = "article" if order.items == 1 else "articles"
                parts.append(f"une commande de {order.items} {noun} à {where}")
            else:
                noun = "item" if order.items == 1 else "items"
                parts.append(f"an order of {order.items} {noun} at {where}")
        if not parts:
            continue
        listed = spoken_list(parts, lang)
        if status == "ready":
            text = (
                f"Prête au retrait : {listed}."
                if lang == "fr"
                else (f"Ready for pickup: {listed}.")
            )
            sections.append(Section("pickup", text))
        else:
            text = f"En préparation : {listed}." if lang == "fr" else f"Being prepared: {listed}."
            sections.append(Section("preparing", text))
    return sections


def _outings(ctx: HouseholdDay, lang: str) -> Section | None:
    if not ctx.outings:
        return None
    parts = []
    for outing in ctx.outings:
        at = spoken_time(outing.starts_at.astimezone(ctx.zone), lang)
        venue = f", {outing.venue}" if outing.venue else ""
        if lang == "fr":
            seats = "une place" if outing.seats == 1 else f"{outing.seats} places"
            parts.append(f"{outing.title} à {at}{venue} ({seats})")
        else:
            seats = "one seat" if outing.seats == 1 else f"{outing.seats} seats"
            parts.append(f"{outing.title} at {at}{venue} ({seats})")
    listed = spoken_list(parts, lang)
    if lang == "fr":
        return Section("outings", f"Au programme aujourd'hui : {listed}.")
    return Section("outings", f"On today's programme: {listed}.")


def _loyalty(ctx: HouseholdDay, lang: str) -> Section:
    points = ctx.points
    if lang == "fr":
        unit = "point" if abs(points) <= 1 else "points"
        return Section("loyalty", f"Votre solde fidélité est de {points} {unit}.")
    unit = "point" if points == 1 else "points"
    return Section("loyalty", f"Your loyalty balance is {points} {unit}.")


def _push(ctx: HouseholdDay, weather: DayWeather | None, commutes: list[Commute], lang: str) -> str:
    bits = []
    if weather is not None:
        bits.append(f"{round(weather.t_min)}/{round(weather.t_max)}°C")
        first_advice = advise(weather, kids=len(ctx.kids))[:1]
        bits += [a.text(lang).split(":")[0].rstrip(". ") for a in first_advice]
    if commutes:
        first = min(commutes, key=lambda c: c.leave_at)
        at = spoken_time(first.leave_at, lang)
        bits.append(f"départ {at}" if lang == "fr" else f"leave {at}")
    ready = sum(1 for o in ctx.orders if o.status == "ready")
    if ready:
        bits.append("commande prête" if lang == "fr" else "order ready")
    if ctx.outings:
        bits.append(ctx.outings[0].title)
    return " · ".join(bits) or ("Votre briefing du jour" if lang == "fr" else "Your daily briefing")


def compose(
    ctx: HouseholdDay,
    *,
    now: dt.datetime,
    weather: WeatherProvider | None,
    incidents: list[Incident] | None,
    lang: str | None = None,
) -> Briefing:
    """The briefing of `ctx.day`. `weather=None` or an unanswered forecast: no weather
    section; `incidents=None` (feed down): commutes from the speed profile alone."""
    lang = lang or ctx.lang
    local = now.astimezone(ctx.zone)
    home = ctx.home()
    forecast = None
    if weather is not None and home is not None:
        forecast = weather.forecast(
            lat=home.lat, lon=home.lon, day=ctx.day, timezone=ctx.household.timezone
        )
    commutes = commutes_for(ctx, incidents or [])
    date = spoken_date(ctx.day, lang)
    sections: list[Section | None] = [
        _greeting(ctx, local, lang),
        Section("date", f"Nous sommes le {date}." if lang == "fr" else f"Today is {date}."),
        _weather(ctx, forecast, lang) if forecast is not None else None,
        _commute(commutes, lang) if commutes else None,
        *_orders(ctx, lang),
        _outings(ctx, lang),
        _loyalty(ctx, lang),
    ]
    assert ctx.household.id is not None
    return Briefing(
        household_id=ctx.household.id,
        lang=lang,
        day=ctx.day,
        sections=tuple(s for s in sections if s is not None),
        push=_push(ctx, forecast, commutes, lang),
        weather=forecast,
        commutes=tuple(commutes),
    )
