"""Weather, traffic and the daily briefing, from what is stored today.

The weather and commute providers come later: until then these actions say so plainly
and answer with what we do know (home city, known journeys, orders, bookings), never an
invented forecast.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import col, select

from actions.base import Ctx, DataAction, parse_date, zone
from assistant.catalog.models import Store
from assistant.catalog.service import distance_m
from assistant.customers.models import Address
from assistant.loyalty.service import balance
from assistant.orders.service import open_orders
from assistant.outings.models import Booking, Event


def _addresses(ctx: Ctx, kind: str) -> list[Address]:
    return list(
        ctx.session.exec(
            select(Address)
            .where(Address.household_id == ctx.household_id, Address.kind == kind)
            .order_by(col(Address.id))
        ).all()
    )


def _city(ctx: Ctx) -> str | None:
    home = _addresses(ctx, "home")
    return home[0].city if home else None


class Weather(DataAction):
    def name(self) -> str:
        return "action_weather"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        city = _city(ctx)
        day = parse_date(ctx.slot("date"), ctx.today)
        for_fr = f" pour {city}" if city else ""
        for_en = f" for {city}" if city else ""
        on_fr = f" le {day:%d/%m}" if day and day != ctx.today else ""
        on_en = f" on {day:%d/%m}" if day and day != ctx.today else ""
        ctx.say(
            fr=f"Je n'ai pas encore accès aux prévisions météo{for_fr}{on_fr} : ce service "
            "arrive bientôt. Je ne veux pas vous donner une prévision inventée.",
            en=f"I don't have access to weather forecasts{for_en}{on_en} yet: the service is "
            "coming soon. I won't make a forecast up.",
        )
        return []


class Traffic(DataAction):
    def name(self) -> str:
        return "action_traffic"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        homes, works = _addresses(ctx, "home"), _addresses(ctx, "work")
        trips_fr, trips_en = [], []
        if homes:
            home = homes[0]
            for work in works:
                km = distance_m(home.lat, home.lon, work.lat, work.lon) / 1000
                label = work.label or work.city or ""
                trips_fr.append(f"{label} ({km:.1f} km à vol d'oiseau)".replace(".", ",", 1))
                trips_en.append(f"{label} ({km:.1f} km as the crow flies)")
        fr = "Je n'ai pas encore accès à l'info trafic en temps réel : ce service arrive bientôt."
        en = "I don't have live traffic information yet: the service is coming soon."
        if trips_fr:
            fr += " Trajets connus depuis la maison : " + ", ".join(trips_fr) + "."
            en += " Known journeys from home: " + ", ".join(trips_en) + "."
        ctx.say(fr=fr, en=en)
        return []


class DailyBriefing(DataAction):
    def name(self) -> str:
        return "action_daily_briefing"

    def act(self, ctx: Ctx) -> list[dict[str, Any]]:
        fr_parts, en_parts = [], []
        ready = [
            order
            for order in open_orders(session=ctx.session, household_id=ctx.household_id)
            if order.status == "ready"
        ]
        for order in ready:
            store = ctx.session.get(Store, order.store_id) if order.store_id else None
            where = f" à {store.name}" if store else ""
            where_en = f" at {store.name}" if store else ""
            fr_parts.append(f"votre commande n° {order.id} est prête{where}")
            en_parts.append(f"your order #{order.id} is ready{where_en}")
        start = dt.datetime.combine(ctx.today, dt.time(), zone(ctx.household))
        bookings = ctx.session.exec(
            select(Booking, Event)
            .join(Event, col(Event.id) == col(Booking.event_id))
            .where(
                Booking.household_id == ctx.household_id,
                Booking.status == "confirmed",
                col(Event.starts_at) >= start,
                col(Event.starts_at) < start + dt.timedelta(days=1),
            )
            .order_by(col(Event.starts_at))
        ).all()
        for booking, event in bookings:
            local = event.starts_at.astimezone(zone(ctx.household))
            fr_parts.append(f"{event.title} à {local:%H:%M} ({booking.seats} place(s))")
            en_parts.append(f"{event.title} at {local:%H:%M} ({booking.seats} seat(s))")
        points = balance(session=ctx.session, household_id=ctx.household_id)
        fr_parts.append(f"vous avez {points} points fidélité")
        en_parts.append(f"you have {points} loyalty points")
        fr = "Votre briefing : " + " ; ".join(fr_parts) + "."
        en = "Your briefing: " + "; ".join(en_parts) + "."
        fr += " La météo et le trafic ne sont pas encore disponibles."
        en += " Weather and traffic are not available yet."
        at = ctx.household.briefing_time
        if at is not None:
            fr += f" Vous recevez ce briefing chaque jour à {at:%H:%M}."
            en += f" You get this briefing every day at {at:%H:%M}."
        ctx.say(fr=fr, en=en)
        return []
