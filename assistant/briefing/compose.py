"""The daily briefing: sections of plain text, rendered as SSML (radio, speaker) and push.

Every sentence comes from stored data or a provider's answer; an unreachable provider
leaves its section out (never an invented forecast or commute).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from assistant.briefing.advice import advise
from assistant.briefing.calendar import is_school_day, is_work_day
from assistant.briefing.commute import Commute, Incident, estimate
from assistant.briefing.context import HouseholdDay, OrderInfo
from assistant.briefing.music import Track, morning_track
from assistant.briefing.weather import DayWeather, WeatherProvider, sky
from assistant.i18n import render
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
    kind: str  # music | greeting | date | weather | commute | pickup | outings | loyalty
    text: str
    track: Track | None = None  # the recording a music section announces

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
    part = "morning" if local.hour < 12 else ("afternoon" if local.hour < 18 else "evening")
    return Section("greeting", render(lang, f"briefing.greeting.{part}", names=names))


def _weather(ctx: HouseholdDay, weather: DayWeather, lang: str) -> Section:
    low, high = degrees(weather.t_min, lang), degrees(weather.t_max, lang)
    range_ = render(lang, "briefing.weather.range", low=low, high=high)
    parts = [sky(weather.weather_code, lang), range_]
    if weather.rain_probability is not None:
        parts.append(render(lang, "briefing.weather.rain", rain=weather.rain_probability))
    text = render(lang, "briefing.weather.forecast", parts=", ".join(p for p in parts if p))
    advice = " ".join(item.text(lang) for item in advise(weather, kids=len(ctx.kids)))
    return Section("weather", f"{text} {advice}".strip())


def commutes_for(ctx: HouseholdDay, incidents: list[Incident]) -> list[Commute]:
    """School on school days (when there are children) and each work address on working
    days, from home: no trip to school on a Sunday or during the holidays."""
    home = ctx.home()
    if home is None:
        return []
    school_day, work_day = is_school_day(ctx.day), is_work_day(ctx.day)
    found = []
    for address in ctx.addresses:
        if address.kind == "school" and not (ctx.kids and school_day):
            continue
        if address.kind == "work" and not work_day:
            continue
        if address.kind not in ("school", "work"):
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


def _incidents(commute: Commute, lang: str) -> str:
    """What slows the trip, and the way round it when the feed gives one ("accident sur le
    périphérique porte Dauphine ; passez par les boulevards extérieurs…")."""
    said = []
    for incident in commute.hits:
        detour = incident.detour(lang)
        what = incident.described(lang)
        said.append(render(lang, "briefing.commute.detour", what=what, detour=detour)
                    if detour else what)  # fmt: skip
    return ", ".join(said) if said else ", ".join(commute.incidents)


def _commute(commutes: list[Commute], lang: str) -> Section:
    trips = []
    for c in commutes:
        values: dict[str, Any] = {
            "at": spoken_time(c.leave_at, lang),
            "where": render(lang, "briefing.commute.school") if c.kind == "school" else c.label,
            "minutes": c.minutes,
            "how": render(lang, f"briefing.commute.{'walk' if c.mode == 'walk' else 'car'}"),
        }
        if c.delay_minutes:
            trips.append(render(lang, "briefing.commute.trip_delayed", delay=c.delay_minutes,
                                incidents=_incidents(c, lang), **values))  # fmt: skip
        else:
            trips.append(render(lang, "briefing.commute.trip", **values))
    return Section("commute", render(lang, "briefing.commute.head", trips=trips))


NAMED_ITEMS = 3  # what arrived is named, up to three products, then counted


def _items(order: OrderInfo, lang: str) -> list[str]:
    names = list(order.names_en if lang == "en" else order.names_fr)
    if not names:
        return [render(lang, "units.items", count=order.items)]
    shown = names[:NAMED_ITEMS]
    if len(names) > NAMED_ITEMS:
        shown.append(render(lang, "briefing.orders.more", count=len(names) - NAMED_ITEMS))
    return shown


def _orders(ctx: HouseholdDay, lang: str) -> list[Section]:
    """Orders ready or being prepared, by store, naming what is in them ("Prête au retrait à
    Carchan Montparnasse : Sacs aspirateur")."""
    sections = []
    for status, kind in (("ready", "pickup"), ("placed", "preparing")):
        for order in (o for o in ctx.orders if o.status == status):
            store = order.store or render(lang, "briefing.orders.your_store")
            items = _items(order, lang)
            if status == "placed" and order.pickup_at is not None:
                # An order placed is not yet being prepared: when it is to be collected.
                text = render(lang, "briefing.orders.placed_at", zone=ctx.zone, store=store,
                              when=order.pickup_at, items=items)  # fmt: skip
            else:
                text = render(lang, f"briefing.orders.{status}", store=store, items=items)
            sections.append(Section(kind, text))
    return sections


def _outings(ctx: HouseholdDay, lang: str) -> Section | None:
    if not ctx.outings:
        return None
    parts = []
    for outing in ctx.outings:
        at = spoken_time(outing.starts_at.astimezone(ctx.zone), lang)
        values: dict[str, Any] = {"title": outing.title, "seats": outing.seats, "at": at}
        if outing.venue:
            parts.append(render(lang, "briefing.outings.outing_at", venue=outing.venue, **values))
        else:
            parts.append(render(lang, "briefing.outings.outing", **values))
    return Section("outings", render(lang, "briefing.outings.head", outings=parts))


def _loyalty(ctx: HouseholdDay, lang: str) -> Section:
    return Section("loyalty", render(lang, "briefing.loyalty", points=ctx.points))


def _push(ctx: HouseholdDay, weather: DayWeather | None, commutes: list[Commute], lang: str) -> str:
    bits = []
    if weather is not None:
        bits.append(f"{round(weather.t_min)}/{round(weather.t_max)}°C")
        first_advice = advise(weather, kids=len(ctx.kids))[:1]
        bits += [a.text(lang).split(":")[0].rstrip(". ") for a in first_advice]
    if commutes:
        first = min(commutes, key=lambda c: c.leave_at)
        bits.append(render(lang, "briefing.push.leave", at=spoken_time(first.leave_at, lang)))
    if any(o.status == "ready" for o in ctx.orders):
        bits.append(render(lang, "briefing.push.order_ready"))
    if ctx.outings:
        bits.append(ctx.outings[0].title)
    return " · ".join(bits) or render(lang, "briefing.push.default")


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
    track = morning_track(ctx.music)
    music = render(lang, "briefing.music", title=track.title, artist=track.artist) if track else ""
    sections: list[Section | None] = [
        # The household's music first, then the day (the radio's playout plays the track).
        Section("music", music, track) if track is not None else None,
        _greeting(ctx, local, lang),
        Section("date", render(lang, "briefing.date", date=date)),
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
