"""Replays the Zerty day through the engines and returns its moments.

The scheduler's jobs (briefing, digest, weekly offers, list proposal) run at their hour on the
simulated clock, the outbox relay delivers what they wrote to the senders of the demo's phone, radio
and mailbox; Anne's messages go through the dialogue and the embedded NLU; her phone's pings
through the geofence engine; the fuel till's receipt through the receipt ingestion.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from assistant.config import Settings
from assistant.customers.models import Household
from assistant.demo.scenario import story
from assistant.demo.scenario.moments import Moment, SimClock
from assistant.i18n import Money, catalogue, render
from assistant.notify.senders import Delivery, Outcome, SendResult
from nlu.parse import NLUEngine, Parse

OnMoment = Callable[[Moment], None]
FUEL_RECEIPT_PREFIX = "zerty-day-fuel-"


def understood(parse: Parse | None, lang: str) -> str:
    """The "why" of a chat moment in the customer's words, not the NLU's intent names."""
    if parse is None:
        return render(lang, "intents.in_form")
    if parse.intent == "out_of_scope":
        return render(lang, "intents.not_understood")
    name = f"intents.name.{parse.intent}"
    intent = render(lang, name) if name in catalogue(lang) else parse.intent
    return render(lang, "intents.understood", intent=intent,
                  confidence=round(parse.confidence * 100))  # fmt: skip


class AlreadyPlayed(RuntimeError):
    """The story's receipts and pings are already in this database."""


@dataclass
class CollectingSender:
    """A `Sender` that stands for the customer's phone, radio or mailbox: it keeps what the
    relay hands it, so the demo shows exactly what would have been delivered."""

    channel: str
    received: list[Delivery] = field(default_factory=list)

    async def send(self, delivery: Delivery) -> SendResult:
        self.received.append(delivery)
        return SendResult(Outcome.sent, delivered={"demo": self.channel})


@dataclass
class Scenario:
    engine: Engine
    settings: Settings
    nlu: NLUEngine
    lang: str
    household_id: int
    friday: dt.date
    on_moment: OnMoment | None = None
    moments: list[Moment] = field(default_factory=list)
    home_store: tuple[float, float] = (0.0, 0.0)  # (lat, lon), known once she drives up

    def __post_init__(self) -> None:
        self.clock = SimClock(story.local(self.friday, 6, 55))
        self.saturday = self.friday + dt.timedelta(days=1)
        self.weather = story.StoryWeather((self.friday, self.saturday))
        self.traffic = story.story_traffic(self.friday)
        self.senders = [CollectingSender(c) for c in ("push", "radio", "email", "in_app")]

    # --- plumbing ----------------------------------------------------------------------------

    def emit(self, moment: Moment) -> None:
        self.moments.append(moment)
        if self.on_moment is not None:
            self.on_moment(moment)

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def deliver(self) -> None:
        """One relay pass at the simulated now; every delivery becomes a moment."""
        from assistant.notify.relay import Relay, unit_of_work

        relay = Relay(sessions=unit_of_work(self.engine), settings=self.settings,
                      senders=self.senders)  # fmt: skip
        before = {sender.channel: len(sender.received) for sender in self.senders}
        asyncio.run(relay.run_once(now=self.clock.now))
        for sender in self.senders:
            for delivery in sender.received[before[sender.channel] :]:
                if delivery.household_id != self.household_id:
                    continue
                self.emit(
                    Moment(at=self.clock.now, channel=delivery.channel, lang=delivery.lang,
                           kind=delivery.kind, text=delivery.body, title=delivery.title,
                           explanation=delivery.explanation, data=dict(delivery.payload))
                )  # fmt: skip

    def run_jobs(self, at: dt.datetime) -> list[tuple[int, str]]:
        from assistant.scheduler.runner import run_due

        self.clock.set(at)
        done = run_due(engine=self.engine, now=at, weather=self.weather, traffic=self.traffic)
        self.deliver()
        return done

    def chat(self, said: story.Say, at: dt.datetime) -> None:
        from assistant.dialogue.service import handle_message
        from geofences.triggers import chat_sender_id

        self.clock.set(at)
        text = said.text(self.lang)
        with self.session() as session:
            household = session.get(Household, self.household_id)
            turn = handle_message(
                session=session, nlu=self.nlu, sender_id=chat_sender_id(self.household_id),
                text=text, channel="app", household=household, lang=self.lang, now=at,
            )  # fmt: skip
            session.commit()
        parse = turn.parse
        why = understood(parse, turn.lang)
        entities = {e.entity: e.value for e in parse.entities} if parse is not None else {}
        self.emit(
            Moment(at=at, channel="chat", lang=turn.lang, kind=parse.intent if parse else "form",
                   text="\n".join(reply.text for reply in turn.replies), said=text,
                   explanation=why, data={"entities": entities,
                   "buttons": [b.title for r in turn.replies for b in r.buttons],
                   "cards": [c for r in turn.replies for c in (r.custom or {}).get("cards", [])]})
        )  # fmt: skip
        self.deliver()

    # --- the story ---------------------------------------------------------------------------

    def play(self) -> list[Moment]:
        self.schedule()
        self.run_jobs(story.local(self.friday, 7, 0))  # the radio briefing
        self.run_jobs(story.local(self.friday, 18, 30))  # the weekend digest
        self.run_jobs(story.local(self.saturday, 8, 30))  # the week's list is proposed
        for said, minute in ((story.SHOW_LIST, 0), (story.ADD_SUGAR, 1), (story.PLACE_ORDER, 2),
                             (story.PICKUP_TIME, 3), (story.CONFIRM, 3)):  # fmt: skip
            self.chat(said, story.local(self.saturday, 9, minute))
        self.prepare_orders(story.local(self.saturday, 10, 15), story.local(self.saturday, 10, 30))
        self.arrive_at_store(story.local(self.saturday, 10, 40))
        self.keep_shopping(story.local(self.saturday, 10, 40))
        self.call_hotline(story.local(self.saturday, 11, 15))
        self.fill_up(story.local(self.saturday, 11, 50))
        self.chat(story.POINTS, story.local(self.saturday, 11, 55))
        self.chat(story.RECIPES, story.local(self.saturday, 18, 0))
        return self.moments

    def schedule(self) -> None:
        schedule_story_jobs(engine=self.engine, household_id=self.household_id,
                            now=self.clock.now)  # fmt: skip

    def prepare_orders(self, picking: dt.datetime, ready: dt.datetime) -> None:
        """The store prepares the morning's pickup order before she arrives, as staff do
        through the staff API (picking, then ready: the customer is told it is ready)."""
        from assistant.orders.lifecycle import advance_order
        from assistant.orders.models import Order, OrderStatus

        with self.session() as session:
            placed = session.exec(
                select(Order.id).where(
                    Order.household_id == self.household_id, Order.status == OrderStatus.placed
                )
            ).all()
        for to, at in ((OrderStatus.picking, picking), (OrderStatus.ready, ready)):
            self.clock.set(at)
            with self.session() as session:
                for order_id in placed:
                    assert order_id is not None
                    advance_order(session=session, order_id=order_id, to=to, now=at)
                session.commit()
            self.deliver()

    def arrive_at_store(self, at: dt.datetime) -> None:
        from assistant.catalog.models import Store
        from assistant.demo.stores_data import ZERTY_HOME_STORE_CODE
        from geofences.schemas import PingIn
        from geofences.service import ingest_pings
        from geofences.triggers import arrivals

        with self.session() as session:
            store = session.exec(select(Store).where(Store.code == ZERTY_HOME_STORE_CODE)).one()
            self.home_store = (store.lat, store.lon)
            pings = [PingIn.model_validate(p) for p in story.approach(store.lat, store.lon, at)]
            last = max(p.recorded_at for p in pings)
            self.clock.set(last)
            result = ingest_pings(session=session, household_id=self.household_id, pings=pings,
                                  settings=self.settings, now=last)  # fmt: skip
            session.commit()
            assert store.id is not None
            feed = [a for a in arrivals(session=session, store_id=store.id, now=last)
                    if a.household_id == self.household_id]  # fmt: skip
        lang = self.lang
        for arrival in feed:
            entered = arrival.entered_at.replace(tzinfo=arrival.entered_at.tzinfo or dt.UTC)
            orders = [
                render(lang, "demo.staff.order", number=o.id,
                       status=render(lang, f"orders.card.status.{o.status}"))
                for o in arrival.orders
            ]  # fmt: skip
            said = "demo.staff.arrival_to_car" if arrival.bring_to_car else "demo.staff.arrival"
            self.emit(
                Moment(at=last, channel="staff", lang=lang, kind="arrival", title=store.name,
                       text=render(lang, said, name=arrival.name, phone=arrival.phone,
                                   orders=orders),
                       explanation=render(lang, "demo.staff.entered", zone=story.PARIS,
                                          store=store.name, at=entered),
                       data={"events": [e.kind for e in result.events],
                             "order_ids": [o.id for o in arrival.orders],
                             "bring_to_car": arrival.bring_to_car})
            )  # fmt: skip
        self.deliver()

    def keep_shopping(self, arrived: dt.datetime) -> None:
        """Her phone still in the store a while later: the dwell (the list, in the app)."""
        from geofences.schemas import PingIn
        from geofences.service import ingest_pings

        pings = [PingIn.model_validate(p) for p in story.shopping(*self.home_store, arrived)]
        last = self.clock.set(max(p.recorded_at for p in pings))
        with self.session() as session:
            ingest_pings(session=session, household_id=self.household_id, pings=pings,
                         settings=self.settings, now=last)  # fmt: skip
            session.commit()
        self.deliver()

    def call_hotline(self, at: dt.datetime) -> None:
        """Anne calls the support hotline the DVD offer gave, from the household's phone:
        the telephony platform asks what to say (POST /voice/hotline/calls)."""
        from assistant.demo.zerty import PHONE
        from assistant.hotline.greeting import greet

        self.clock.set(at)
        with self.session() as session:
            greeting = greet(session, PHONE)
        track = greeting.hold_music
        self.emit(
            Moment(at=at, channel="hotline", lang=greeting.lang, kind="greeting",
                   text=greeting.text, explanation=greeting.why,
                   data={"hold_music": None if track is None else
                         {"title": track.title, "artist": track.artist, "seconds": track.seconds}})
        )  # fmt: skip

    def fill_up(self, at: dt.datetime) -> None:
        from assistant.catalog.models import Product, Store
        from assistant.demo.catalog_data import ZERTY_KEY_PRODUCTS
        from assistant.demo.stores_data import ZERTY_FUEL_STORE_CODE
        from assistant.demo.zerty import LOYALTY_CARD
        from assistant.history.schemas import ReceiptCreate
        from assistant.history.service import ingest_receipt
        from assistant.loyalty.service import balance, entry_by_key, receipt_key

        self.clock.set(at)
        with self.session() as session:
            store = session.exec(select(Store).where(Store.code == ZERTY_FUEL_STORE_CODE)).one()
            diesel = session.exec(
                select(Product).where(Product.ean == ZERTY_KEY_PRODUCTS["diesel"])
            ).one()
            data = ReceiptCreate(
                receipt_id=f"{FUEL_RECEIPT_PREFIX}{self.saturday:%Y%m%d}", store_code=store.code,
                purchased_at=at, kind="fuel", loyalty_card=LOYALTY_CARD,
                lines=[{"ean": diesel.ean, "label": diesel.name_fr, "quantity": story.FUEL_LITRES,
                        "unit_price_cents": diesel.price_cents}],
            )  # fmt: skip
            receipt, _created = ingest_receipt(session=session, data=data, now=at)
            session.commit()
            entry = entry_by_key(session=session, idempotency_key=receipt_key(receipt))
            points = balance(session=session, household_id=self.household_id)
        earned = entry.points if entry is not None else 0
        self.emit(
            Moment(at=at, channel="till", lang=self.lang, kind="receipt", title=store.name,
                   text=render(self.lang, "demo.till.fuel", total=Money(receipt.total_cents),
                               points=earned),
                   explanation=entry.reason if entry is not None else "",
                   data={"points": earned, "balance": points, "receipt_id": receipt.id})
        )  # fmt: skip


def schedule_story_jobs(*, engine: Engine, household_id: int, now: dt.datetime) -> None:
    """The household's persistent jobs (briefing, digest, list proposal) and the chain's
    weekly selection of offers, due at their next local hour after `now`, the story's clock."""
    from assistant.scheduler.models import JobStatus
    from assistant.scheduler.service import (
        ensure_weekly_offers,
        next_local_run,
        sync_household_jobs,
    )

    with Session(engine, expire_on_commit=False) as session:
        jobs = sync_household_jobs(session=session, household_id=household_id, now=now)
        # Friday night's weekly selection loads the coupons the Saturday list and order use.
        jobs.append(ensure_weekly_offers(session=session, now=now, timezone=story.PARIS.key))
        for job in jobs:
            # A job synced earlier on the wall clock waits for a real date: the demo's
            # household follows the story's clock instead.
            assert job.local_time is not None
            job.run_at = next_local_run(job.local_time, job.timezone, now,
                                        job.payload.get("weekday"))  # fmt: skip
            job.status = JobStatus.scheduled
            session.add(job)
        session.commit()


def seed_day_of(session: Session, household_id: int) -> dt.date | None:
    """The day the household was seeded: its vacuum-bags order was placed six days before."""
    from assistant.orders.models import Order

    placed = session.exec(
        select(Order.placed_at).where(Order.household_id == household_id)
        .order_by(col(Order.id)).limit(1)
    ).first()  # fmt: skip
    if placed is None:
        return None
    aware = placed if placed.tzinfo else placed.replace(tzinfo=dt.UTC)
    return aware.astimezone(story.PARIS).date() + dt.timedelta(days=6)


def prepare(*, engine: Engine, today: dt.date) -> tuple[int, dt.date]:
    """Seeds what is missing (world, Zerty household, recipes), idempotently; (household id,
    the story's Friday). A database seeded earlier keeps its day: the story is its Friday."""
    from assistant.demo.recipes_fr import seed_demo_recipes
    from assistant.demo.world import seed_world
    from assistant.demo.zerty import SLUG, seed_zerty
    from assistant.history.models import Receipt

    with Session(engine, expire_on_commit=False) as session:
        existing = session.exec(select(Household).where(Household.slug == SLUG)).first()
        seeded = seed_day_of(session, existing.id) if existing and existing.id else None
        friday = story.story_friday(seeded or today)
        seed_world(session=session, today=friday)
        household = seed_zerty(session=session, today=friday)
        seed_demo_recipes(session=session)
        session.commit()
        assert household.id is not None
        played = session.exec(
            select(Receipt.id).where(col(Receipt.receipt_uid).startswith(FUEL_RECEIPT_PREFIX),
                                     Receipt.household_id == household.id)
        ).first()  # fmt: skip
        if played is not None:
            raise AlreadyPlayed("the Zerty day was already played on this database")
        return household.id, friday


def run_scenario(
    *, engine: Engine, settings: Settings, nlu: NLUEngine, lang: str = "fr",
    today: dt.date, on_moment: OnMoment | None = None,
) -> list[Moment]:  # fmt: skip
    """Seeds what is missing, plays the Zerty Friday and Saturday, returns the moments.
    `lang` is the household's language for the day (restored afterwards)."""
    household_id, friday = prepare(engine=engine, today=today)
    with Session(engine) as session:
        household = session.get(Household, household_id)
        assert household is not None
        before, household.lang = household.lang, lang
        session.add(household)
        session.commit()
    try:
        scenario = Scenario(
            engine=engine, settings=settings, nlu=nlu, lang=lang, household_id=household_id,
            friday=friday, on_moment=on_moment,
        )  # fmt: skip
        return scenario.play()
    finally:
        with Session(engine) as session:
            household = session.get(Household, household_id)
            assert household is not None
            household.lang = before
            session.add(household)
            session.commit()
