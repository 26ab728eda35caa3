"""The Zerty household of the demo story, with a year of history and 48 loyalty points.

Anne Zerty shops at Carchan Montparnasse, fills up at Issy every ten days, loves jazz and
Luc Besson's films; Marc cooks terroir dishes in the pressure cooker; André (8) wishes
for a signed football; Annabel is 10. Their DVD player is just over three years old,
and the vacuum bags they ordered last week are waiting in store.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from assistant.catalog.models import Product, Store
from assistant.customers.models import (
    Address,
    Consent,
    Device,
    Household,
    Member,
    Preference,
)
from assistant.demo.people import HouseholdPlan, MemberPlan
from assistant.demo.points import VOUCHER_POINTS, points_for_receipt
from assistant.demo.population import load_catalog_index
from assistant.demo.shopping import CatalogIndex, Habit, local_minute_datetime, simulate_year
from assistant.history import habits
from assistant.history.models import Receipt, ReceiptLine
from assistant.loyalty.models import LoyaltyEntry
from assistant.orders.models import Order, OrderLine

SLUG = "zerty"
PHONE = "+33612345678"
LOYALTY_CARD = "2970000000017"
TARGET_POINTS = 48
PUSH_TOKEN = "demo-push-token-zerty-anne-0001"
PARIS = ZoneInfo("Europe/Paris")
SEED = 1_955  # the Zertys' history never changes with the population's --seed
# The story's own calendar: the Zertys' year of shopping is drawn as it ends on a day of the
# story's week (late November: winter habits, a cold week), then moved whole weeks to end on
# the seed's day. Whatever the date of the run, their baskets, list and recipes are the same,
# on the same weekdays.
STORY_WEEK_FRIDAY = dt.date(2026, 11, 27)

HOME = ("27 rue Daguerre", "75014", "Paris", 48.8344, 2.3262)
# The children's school is in their sector, as Paris assigns primary schools: 400 m away,
# 7 minutes on foot, so they leave at 8:15 for 8:30.
SCHOOL = ("École élémentaire Boulard (démo)", "20 rue Boulard", "75014", 48.8318, 2.3300)
WORK_ANNE = ("La Défense, tour Carchan", "1 parvis de La Défense", "92800", "Puteaux",
             48.8918, 2.2380)  # fmt: skip
WORK_MARC = ("Bureau de Marc", "40 avenue d'Italie", "75013", "Paris", 48.8270, 2.3570)

SERVICE_CHANNELS = ("push", "in_app", "speaker", "radio", "email")
MARKETING_CHANNELS = ("push", "in_app", "email")


def years_before(today: dt.date, years: int, months: int = 0, days: int = 0) -> dt.date:
    """Calendar subtraction, clamped to the month's last day (29 February -> 28th)."""
    month_index = today.year * 12 + today.month - 1 - years * 12 - months
    year, month0 = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(today.day, last_day)) - dt.timedelta(days=days)


def _members(today: dt.date) -> list[MemberPlan]:
    return [
        MemberPlan("Anne", "Zerty", "Mme", years_before(today, 42, days=123), "adult"),
        MemberPlan("Marc", "Zerty", "M.", years_before(today, 44, days=40), "adult"),
        MemberPlan("Annabel", "Zerty", None, years_before(today, 10, days=95), "child"),
        MemberPlan("André", "Zerty", None, years_before(today, 8, days=200), "child"),
    ]


def _store(session: Session, code: str) -> Store:
    store = session.exec(select(Store).where(Store.code == code)).one()
    assert store.id is not None
    return store


def _product(session: Session, ean: str) -> Product:
    return session.exec(select(Product).where(Product.ean == ean)).one()


def seed_zerty(*, session: Session, today: dt.date) -> Household:
    """Creates the Zerty household once (found by slug afterwards). Flushes, no commit."""
    existing = session.exec(select(Household).where(Household.slug == SLUG)).first()
    if existing is not None:
        return existing
    from assistant.demo.stores_data import ZERTY_FUEL_STORE_CODE, ZERTY_HOME_STORE_CODE

    home_store = _store(session, ZERTY_HOME_STORE_CODE)
    fuel_store = _store(session, ZERTY_FUEL_STORE_CODE)
    household = Household(
        slug=SLUG, name="Famille Zerty", lang="fr", timezone="Europe/Paris", phone=PHONE,
        email="anne.zerty@exemple.test", briefing_time=dt.time(7, 0),
        preferred_store_id=home_store.id, loyalty_card=LOYALTY_CARD, source="demo",
        external_ref=SLUG,
    )  # fmt: skip
    session.add(household)
    session.flush()
    assert household.id is not None
    hid = household.id
    members = [
        Member(household_id=hid, first_name=plan.first_name, last_name=plan.last_name,
               salutation=plan.salutation, birth_date=plan.birth_date, role=plan.role)
        for plan in _members(today)
    ]  # fmt: skip
    session.add_all(members)
    session.flush()
    anne, marc, _annabel, andre = members
    session.add_all(
        [
            Preference(household_id=hid, member_id=marc.id, kind="cuisine", value="terroir"),
            Preference(household_id=hid, member_id=anne.id, kind="music", value="jazz"),
            Preference(household_id=hid, member_id=anne.id, kind="film_director",
                       value="Luc Besson"),
            Preference(household_id=hid, member_id=None, kind="equipment", value="autocuiseur"),
            Preference(household_id=hid, member_id=andre.id, kind="wish",
                       value="ballon de football dédicacé"),
            Address(household_id=hid, kind="home", label="Maison", street=HOME[0],
                    postcode=HOME[1], city=HOME[2], lat=HOME[3], lon=HOME[4]),
            Address(household_id=hid, kind="school", label=SCHOOL[0], street=SCHOOL[1],
                    postcode=SCHOOL[2], city="Paris", lat=SCHOOL[3], lon=SCHOOL[4]),
            Address(household_id=hid, member_id=anne.id, kind="work", label=WORK_ANNE[0],
                    street=WORK_ANNE[1], postcode=WORK_ANNE[2], city=WORK_ANNE[3],
                    lat=WORK_ANNE[4], lon=WORK_ANNE[5]),
            Address(household_id=hid, member_id=marc.id, kind="work", label=WORK_MARC[0],
                    street=WORK_MARC[1], postcode=WORK_MARC[2], city=WORK_MARC[3],
                    lat=WORK_MARC[4], lon=WORK_MARC[5]),
            Device(household_id=hid, member_id=anne.id, platform="android",
                   label="Téléphone d'Anne", push_token=PUSH_TOKEN, lang="fr"),
        ]
    )  # fmt: skip
    _consents(session, hid, today)
    receipts = _history(session, household, home_store, fuel_store, today)
    _loyalty(session, hid, receipts)
    _vacuum_bags_order(session, hid, home_store, today)
    session.flush()
    return household


def _consents(session: Session, hid: int, today: dt.date) -> None:
    # Given when the family enrolled, a year before the story.
    granted_at = dt.datetime.combine(years_before(today, 1), dt.time(9), PARIS).astimezone(dt.UTC)
    pairs = [(channel, "service") for channel in SERVICE_CHANNELS]
    pairs += [(channel, "marketing") for channel in MARKETING_CHANNELS]
    pairs += [("in_app", "personalisation"), ("in_app", "location")]
    session.add_all(
        Consent(household_id=hid, channel=channel, purpose=purpose, granted=True,
                granted_at=granted_at, source="demo")
        for channel, purpose in pairs
    )  # fmt: skip


def _zerty_catalog(session: Session) -> tuple[CatalogIndex, dict[str, Habit]]:
    from assistant.demo.catalog_data import ZERTY_KEY_PRODUCTS

    full = load_catalog_index(session=session)
    by_ean = {item.ean: item for items in full.consumables.values() for item in items}
    by_ean.update({item.ean: item for item in (*full.occasional, *full.fuels)})
    diesel = by_ean[ZERTY_KEY_PRODUCTS["diesel"]]
    # (key, cycle in days, quantity, first due day): the story's rhythms.
    scripted = {
        key: Habit(by_ean[ZERTY_KEY_PRODUCTS[key]], cycle, 1.0, first)
        for key, cycle, first in (("coffee", 14.0, 3.0), ("sugar", 30.0, 10.0),
                                  ("guinea_fowl", 45.0, 20.0))
    }  # fmt: skip
    catalog = CatalogIndex(full.consumables, (), (diesel,), full.category_popularity)
    return catalog, scripted


def _plan(home_store: Store, fuel_store: Store, today: dt.date) -> HouseholdPlan:
    assert home_store.id is not None and fuel_store.id is not None
    return HouseholdPlan(
        index=-1, kind="family", members=tuple(_members(today)), pets=(), has_car=True,
        lat=HOME[3], lon=HOME[4], street=HOME[0], postcode=HOME[1], city=HOME[2],
        primary_store_id=home_store.id, secondary_store_id=home_store.id,
        fuel_store_id=fuel_store.id, consents=(), lang="fr", trip_gap_days=6.0, budget=0.3,
        fuel_gap_days=10.0,
    )  # fmt: skip


def _receipt(
    session: Session, hid: int, uid: str, store: Store, at: dt.datetime, kind: str,
    lines: Sequence[tuple[str, int | None, str, float, int]],
) -> Receipt:  # fmt: skip
    receipt = Receipt(
        receipt_uid=uid, household_id=hid, store_id=store.id, loyalty_card=LOYALTY_CARD,
        purchased_at=at, kind=kind, source="demo", claimed_at=at,
        total_cents=sum(round(price * quantity) for *_, quantity, price in lines),
    )  # fmt: skip
    session.add(receipt)
    session.flush()
    assert receipt.id is not None
    session.add_all(
        ReceiptLine(receipt_id=receipt.id, line_no=number, product_id=product_id, ean=ean,
                    label=label, quantity=quantity, unit_price_cents=price,
                    amount_cents=round(price * quantity))
        for number, (ean, product_id, label, quantity, price) in enumerate(lines, start=1)
    )  # fmt: skip
    habits.record(session, [receipt.id])
    return receipt


def story_day_like(today: dt.date) -> dt.date:
    """The day of the story's week (its Friday or the six days before) with `today`'s weekday."""
    return STORY_WEEK_FRIDAY - dt.timedelta(
        days=(STORY_WEEK_FRIDAY.weekday() - today.weekday()) % 7
    )


def _history(
    session: Session, household: Household, home: Store, fuel: Store, today: dt.date
) -> list[Receipt]:
    from assistant.demo.catalog_data import ZERTY_KEY_PRODUCTS

    assert household.id is not None
    hid = household.id
    catalog, scripted = _zerty_catalog(session)
    receipts: list[Receipt] = []
    durables = (
        ("pressure_cooker", years_before(today, 5, days=17)),
        ("dvd_player", years_before(today, 3, months=2)),
        ("vacuum_cleaner", years_before(today, 2, days=9)),
    )
    for key, day in durables:
        product = _product(session, ZERTY_KEY_PRODUCTS[key])
        at = local_minute_datetime(day, 11 * 60 + 15, PARIS)
        receipts.append(_receipt(
            session, hid, f"zerty-{key}", home, at, "store",
            [(product.ean, product.id, product.name_fr, 1.0, product.price_cents)],
        ))  # fmt: skip
    drawn_on = story_day_like(today)
    trips = simulate_year(
        random.Random(SEED), _plan(home, fuel, drawn_on), catalog, drawn_on,
        extra_habits=list(scripted.values()),
    )  # fmt: skip
    shift = today - drawn_on  # whole weeks
    stores = {home.id: home, fuel.id: fuel}
    for number, trip in enumerate(trips):
        at = local_minute_datetime(trip.day + shift, trip.minute, PARIS)
        lines = [
            (item.ean, item.product_id, item.name, quantity, item.price_cents)
            for item, quantity in trip.lines
        ]
        receipts.append(
            _receipt(session, hid, f"zerty-{number:04d}", stores[trip.store_id], at, trip.kind,
                     lines)
        )  # fmt: skip
    return receipts


def _loyalty(session: Session, hid: int, receipts: list[Receipt]) -> None:
    """One earn entry per receipt, 10 EUR vouchers as the card converts them, and a
    welcome bonus sized so that the balance ends at exactly `TARGET_POINTS`."""
    receipts = sorted(receipts, key=lambda receipt: receipt.purchased_at)
    earned = [points_for_receipt(receipt.total_cents, receipt.kind) for receipt in receipts]
    excess = sum(earned) - TARGET_POINTS
    vouchers = excess // VOUCHER_POINTS + 1 if excess >= 0 else 0
    welcome = TARGET_POINTS - sum(earned) + vouchers * VOUCHER_POINTS
    first = receipts[0].purchased_at - dt.timedelta(days=1)
    entries = [
        LoyaltyEntry(household_id=hid, points=welcome, kind="adjust",
                     reason="Bienvenue dans le programme Carchan",
                     idempotency_key="zerty:welcome", created_at=first)
    ]  # fmt: skip
    balance, left = welcome, vouchers
    for receipt, points in zip(receipts, earned, strict=True):
        balance += points
        entries.append(
            LoyaltyEntry(household_id=hid, points=points, kind="earn",
                         reason=f"Ticket du {receipt.purchased_at:%d/%m/%Y}",
                         idempotency_key=f"receipt:{receipt.receipt_uid}",
                         receipt_id=receipt.id, created_at=receipt.purchased_at)
        )  # fmt: skip
        while left and balance >= VOUCHER_POINTS:
            balance -= VOUCHER_POINTS
            left -= 1
            entries.append(
                LoyaltyEntry(household_id=hid, points=-VOUCHER_POINTS, kind="redeem",
                             reason="Bon d'achat de 10 €",
                             idempotency_key=f"voucher:{receipt.receipt_uid}:{left}",
                             created_at=receipt.purchased_at)
            )  # fmt: skip
    session.add_all(entries)


def _vacuum_bags_order(session: Session, hid: int, store: Store, today: dt.date) -> None:
    from assistant.demo.catalog_data import ZERTY_KEY_PRODUCTS

    bags = _product(session, ZERTY_KEY_PRODUCTS["vacuum_bags"])
    placed = local_minute_datetime(today - dt.timedelta(days=6), 20 * 60 + 40, PARIS)
    ready = local_minute_datetime(today - dt.timedelta(days=1), 16 * 60 + 5, PARIS)
    order = Order(
        household_id=hid, store_id=store.id, status="ready", total_cents=bags.price_cents,
        created_at=placed, updated_at=ready, placed_at=placed, ready_at=ready,
    )  # fmt: skip
    session.add(order)
    session.flush()
    assert order.id is not None and bags.id is not None
    session.add(OrderLine(order_id=order.id, product_id=bags.id, quantity=1,
                          unit_price_cents=bags.price_cents))  # fmt: skip
