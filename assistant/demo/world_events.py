"""Outings and store events of the demo world, dated relative to `today`.

All names are invented; the circus and the film only resemble the story's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session

from assistant.clock import system_now
from assistant.models import metadata

PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class EventSpec:
    kind: str
    title: str
    description: str
    venue: str
    city: str
    lat: float
    lon: float
    day: dt.date
    start: str  # local "HH:MM"
    minutes: int
    tags: tuple[str, ...]
    price_cents: int
    capacity: int
    min_age: int | None = None
    max_age: int | None = None
    store_code: str | None = None


def coming_saturday(today: dt.date) -> dt.date:
    """This weekend's Saturday (today if it is one); on a Sunday, next Saturday."""
    return today + dt.timedelta(days=(5 - today.weekday()) % 7)


def event_specs(today: dt.date) -> list[EventSpec]:
    from assistant.demo.stores_data import ZERTY_HOME_STORE_CODE, build_stores

    saturday = coming_saturday(today)
    sunday = saturday + dt.timedelta(days=1)
    home = next(store for store in build_stores() if store.code == ZERTY_HOME_STORE_CODE)

    def day(offset: int) -> dt.date:
        return today + dt.timedelta(days=offset)

    circus = (
        "Cirque des Étoiles Filantes",
        "Acrobates, jongleurs et clowns sous le grand chapiteau : un spectacle pour les "
        "enfants de 4 à 12 ans et leurs parents.",
        "Chapiteau de la Pelouse de Reuilly", "Paris", 48.8355, 2.4090,
    )  # fmt: skip
    film = (
        "Le Dernier Phare",
        "Le nouveau film de Luc Besson : une gardienne de phare, une tempête, un secret.",
        "Ciné Montparnasse 7", "Paris", 48.8431, 2.3244,
    )  # fmt: skip
    specs = [
        EventSpec("circus", circus[0], circus[1], circus[2], circus[3], circus[4], circus[5],
                  saturday, "15:00", 120, ("kids", "circus", "family"), 2500, 400, 4, 12),
        EventSpec("circus", circus[0], circus[1], circus[2], circus[3], circus[4], circus[5],
                  sunday, "14:00", 120, ("kids", "circus", "family"), 2500, 400, 4, 12),
        EventSpec("cinema", film[0], film[1], film[2], film[3], film[4], film[5],
                  day(1), "20:30", 130, ("director:Luc Besson", "film"), 1290, 180),
        EventSpec("cinema", film[0], film[1], film[2], film[3], film[4], film[5],
                  saturday, "18:00", 130, ("director:Luc Besson", "film"), 1290, 180),
        EventSpec("concert", "Quartet Rive Gauche : hommage à Miles Davis",
                  "Un quartet de jazz acoustique dans une cave voûtée du Quartier latin.",
                  "Le Caveau Bleu", "Paris", 48.8527, 2.3469,
                  day(3), "21:00", 120, ("jazz", "music"), 1800, 90),
        EventSpec("concert", "Nuit du jazz manouche",
                  "Guitares, violon et contrebasse : trois formations se succèdent.",
                  "La Péniche Swing", "Paris", 48.8370, 2.3800,
                  saturday, "20:30", 180, ("jazz", "music", "manouche"), 2200, 150),
        EventSpec("concert", "Orchestre de chambre : les saisons de Vivaldi",
                  "Un programme baroque pour toute la famille.",
                  "Église Saint-Aubert", "Paris", 48.8600, 2.3400,
                  day(9), "19:30", 90, ("classical", "music"), 2500, 300),
        EventSpec("theatre", "Le Petit Prince des Nuages",
                  "Un conte musical pour les enfants dès 5 ans.",
                  "Théâtre des Lucioles", "Paris", 48.8290, 2.3210,
                  sunday, "11:00", 60, ("kids", "theatre", "family"), 1200, 120, 5, 11),
        EventSpec("store_event", "Braderie d'hiver : vêtements enfants",
                  "Manteaux, doudounes et pulls enfants de 4 à 14 ans à prix cassés.",
                  home.name, home.city, home.lat, home.lon,
                  day(1), "09:00", 7 * 24 * 60 - 12 * 60,
                  ("sale", "kids", "clothing", "winter"), 0, 0, store_code=home.code),
        EventSpec("store_event", "Atelier cuisine du terroir : la pintade",
                  "Un chef montre la pintade rôtie aux marrons, dégustation offerte.",
                  home.name, home.city, home.lat, home.lon,
                  saturday, "10:30", 90, ("cooking", "terroir", "workshop"), 0, 12,
                  store_code=home.code),
        EventSpec("store_event", "Dégustation : vins de Loire",
                  "Un caviste présente six vins de Loire. Réservé aux adultes.",
                  home.name, home.city, home.lat, home.lon,
                  day(5), "17:00", 180, ("wine", "tasting", "adults"), 0, 40, 18,
                  store_code=home.code),
    ]  # fmt: skip
    return specs


def seed_events(*, session: Session, today: dt.date) -> int:
    """Adds the events missing by (title, start); returns how many were added."""
    conn = session.connection()
    events, stores = _table("events"), _table("stores")
    store_ids = {row[0]: row[1] for row in conn.execute(sa.select(stores.c.code, stores.c.id))}
    existing = {
        (row[0], row[1]) for row in conn.execute(sa.select(events.c.title, events.c.starts_at))
    }
    now = system_now()
    rows: list[dict[str, Any]] = []
    for spec in event_specs(today):
        hours, minutes = (int(part) for part in spec.start.split(":"))
        starts = dt.datetime.combine(spec.day, dt.time(hours, minutes), PARIS).astimezone(dt.UTC)
        if (spec.title, starts) in existing:
            continue
        rows.append(
            {
                "kind": spec.kind,
                "title": spec.title,
                "description": spec.description,
                "venue": spec.venue,
                "city": spec.city,
                "lat": spec.lat,
                "lon": spec.lon,
                "store_id": store_ids.get(spec.store_code) if spec.store_code else None,
                "starts_at": starts,
                "ends_at": starts + dt.timedelta(minutes=spec.minutes),
                "min_age": spec.min_age,
                "max_age": spec.max_age,
                "lang": "fr",
                "tags": list(spec.tags),
                "price_cents": spec.price_cents,
                "capacity": spec.capacity,
                "seats_taken": 0,
                "created_at": now,
            }
        )
    if rows:
        conn.execute(sa.insert(events), rows)
    return len(rows)


def _table(name: str) -> sa.Table:
    return metadata.tables[name]
