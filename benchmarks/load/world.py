"""A database for the load: the demo world, N synthetic households that granted the
location consent, their customer tokens and a till key (scope receipts:write)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from assistant.auth.service import create_api_key, issue_customer_token
from assistant.catalog.models import Product, Store
from assistant.clock import local_day
from assistant.config import Settings
from assistant.customers.models import Channel, Household, Purpose
from assistant.customers.records import set_consents
from assistant.customers.schemas import ConsentUpdate
from assistant.db import make_engine, migrate
from assistant.demo.population import external_ref, seed_population
from assistant.demo.world import seed_world
from assistant.demo.zerty import seed_zerty

POPULATION_SEED = 42


@dataclass(frozen=True)
class StoreSpot:
    code: str
    lat: float
    lon: float


@dataclass(frozen=True)
class LoadWorld:
    """What the clients need: one token per household (one conversation each), the loyalty
    cards the tills name on receipts, stores to walk around and products to sell."""

    tokens: list[str]
    loyalty_cards: list[str]
    stores: list[StoreSpot]
    eans: list[str]
    till_key: str
    # The instant the world was seeded at: the clients date their pings and receipts from it,
    # so they agree with the servers' clock (the wall clock, or a test's CLOCK_FILE).
    now: dt.datetime


def seed_load_world(*, settings: Settings, households: int, now: dt.datetime) -> LoadWorld:
    """Migrate `settings.database_url` and fill it around `now`; the tokens are signed with
    `settings`' secret and issued at `now`, so the servers must run with the same SECRET_KEY
    and a clock that agrees."""
    today = local_day(now, settings.default_timezone)
    url = settings.database_url
    migrate(url)
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            seed_world(session=session, today=today)
            seed_zerty(session=session, today=today)
            session.commit()
            seed_population(
                session=session, households=households, seed=POPULATION_SEED, today=today
            )
            refs = [external_ref(i) for i in range(households)]
            rows = session.exec(
                select(Household).where(col(Household.external_ref).in_(refs))
            ).all()
            # Every household pings: the location consent is what the endpoint checks first.
            grant = [ConsentUpdate(channel=Channel.in_app, purpose=Purpose.location, granted=True)]
            for household in rows:
                set_consents(
                    session=session, household=household, changes=grant, source="bench", now=now
                )
            _key, till_key = create_api_key(
                session=session, name="bench-load-till", scopes=["receipts:write"]
            )
            stores = session.exec(select(Store).order_by(col(Store.id))).all()
            eans = session.exec(select(Product.ean).order_by(col(Product.id)).limit(200)).all()
            session.commit()
            return LoadWorld(
                tokens=[
                    issue_customer_token(settings=settings, household=h, now=now) for h in rows
                ],
                loyalty_cards=[h.loyalty_card for h in rows if h.loyalty_card],
                stores=[StoreSpot(s.code, s.lat, s.lon) for s in stores],
                eans=[ean for ean in eans if ean],
                till_key=till_key,
                now=now,
            )
    finally:
        engine.dispose()
