"""The synthetic population keeps its rules, its rhythms and its determinism."""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections import Counter, defaultdict

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from assistant.catalog.models import Store
from assistant.customers.models import Address, Household, Member, Pet
from assistant.demo.catalog_data import build_catalog
from assistant.demo.people import age_years
from assistant.demo.population import SOURCE, delete_synthetic, seed_population
from assistant.demo.shopping import child_size_years
from assistant.demo.stores_data import haversine_m
from assistant.demo.world import seed_world
from assistant.history.models import Receipt, ReceiptLine
from tests import clock
from tests.assistant.history.factories import recomputed_habits, stored_habits
from tests.clock import on_weekday

TODAY = on_weekday(clock.TODAY, 2)  # a Wednesday, the first from the suite's day
N = 24
SPECS = {spec.ean: spec for spec in build_catalog()}


@pytest.fixture
def population(session: Session) -> Session:
    seed_world(session=session, today=TODAY)
    stats = seed_population(session=session, households=N, seed=11, today=TODAY, batch_size=10)
    assert stats.added == N and stats.receipts > 0
    return session


def _purchases(session: Session) -> list[tuple[int, dt.datetime, str, int | None]]:
    rows = session.exec(
        select(Receipt.household_id, Receipt.purchased_at, ReceiptLine.ean, Receipt.store_id)
        .join(ReceiptLine, col(ReceiptLine.receipt_id) == col(Receipt.id))
        .where(Receipt.source == SOURCE)
    ).all()
    return [(hid, at, ean, store) for hid, at, ean, store in rows if hid is not None and ean]


def _traits(session: Session) -> dict[int, tuple[set[str], list[dt.date]]]:
    traits: dict[int, tuple[set[str], list[dt.date]]] = defaultdict(lambda: (set(), []))
    for household_id, species in session.exec(select(Pet.household_id, Pet.species)).all():
        traits[household_id][0].add(species)
    children = session.exec(
        select(Member.household_id, col(Member.birth_date)).where(Member.role == "child")
    ).all()
    for household_id, birth in children:
        if birth is not None:
            traits[household_id][1].append(birth)
    return traits


def test_audience_rules_are_never_broken(population: Session) -> None:
    traits = _traits(population)
    checked = Counter[str]()
    for household_id, at, ean, _ in _purchases(population):
        spec = SPECS[ean]
        species, births = traits[household_id]
        ages = [age_years(birth, at.date()) for birth in births]
        if spec.pet_species or spec.audience in ("cat", "dog"):
            assert (spec.pet_species or spec.audience) in species, spec.name_fr
        if spec.is_baby or spec.audience == "baby":
            assert any(age < 3 for age in ages), spec.name_fr
        if spec.audience == "kids":
            assert ages, spec.name_fr
        size = child_size_years(spec.child_size)
        if size is not None:
            assert any(abs(age - size) <= 2 for age in ages), (spec.name_fr, ages)
        checked[spec.audience] += 1
    assert checked["all"] > 0 and sum(checked.values()) > 1000


def test_households_are_varied(population: Session) -> None:
    households = population.exec(select(Household).where(Household.source == SOURCE)).all()
    sizes = Counter(
        population.exec(select(sa.func.count()).where(Member.household_id == household.id)).one()
        for household in households
    )
    pets = population.exec(select(sa.func.count(sa.distinct(col(Pet.household_id))))).one()
    assert len(households) == N
    assert len(sizes) >= 3
    assert 0 < pets < N


def test_items_have_their_own_cycles(population: Session) -> None:
    dates: dict[tuple[int, str], list[dt.date]] = defaultdict(list)
    for household_id, at, ean, _ in _purchases(population):
        category = SPECS[ean].category
        if category in ("cafe", "lait"):
            dates[(household_id, category)].append(at.date())
    gaps: dict[str, list[int]] = defaultdict(list)
    for (_, category), days in dates.items():
        ordered = sorted(set(days))
        gaps[category].extend((b - a).days for a, b in itertools.pairwise(ordered))
    assert statistics.median(gaps["cafe"]) > statistics.median(gaps["lait"])


def test_most_trips_are_at_the_nearest_store(population: Session) -> None:
    stores = population.exec(select(Store)).all()
    homes = {
        address.household_id: address
        for address in population.exec(select(Address).where(Address.kind == "home"))
    }
    nearest = {
        household_id: min(stores, key=lambda s: haversine_m(home.lat, home.lon, s.lat, s.lon)).id
        for household_id, home in homes.items()
    }
    receipts = population.exec(
        select(Receipt.household_id, Receipt.store_id).where(
            Receipt.source == SOURCE, Receipt.kind == "store"
        )
    ).all()
    at_nearest = sum(1 for hid, store in receipts if hid is not None and nearest[hid] == store)
    assert at_nearest / len(receipts) > 0.7


def _snapshot(session: Session) -> list[tuple[object, ...]]:
    return [
        tuple(row)
        for row in session.connection().execute(
            sa.select(
                col(Receipt.receipt_uid), col(Receipt.purchased_at), col(Receipt.total_cents),
                col(Receipt.store_id), col(ReceiptLine.line_no), col(ReceiptLine.ean),
                col(ReceiptLine.quantity),
            )
            .join(ReceiptLine, col(ReceiptLine.receipt_id) == col(Receipt.id))
            .where(col(Receipt.source) == SOURCE)
            .order_by(col(Receipt.receipt_uid), col(ReceiptLine.line_no))
        )
    ]  # fmt: skip


def test_same_seed_same_rows_and_idempotent_reruns(session: Session) -> None:
    seed_world(session=session, today=TODAY)
    seed_population(session=session, households=6, seed=5, today=TODAY)
    first = _snapshot(session)
    again = seed_population(session=session, households=6, seed=5, today=TODAY)
    assert (again.added, again.skipped) == (0, 6)
    assert _snapshot(session) == first

    assert delete_synthetic(session=session) == 6
    assert _snapshot(session) == []
    assert stored_habits(session) == {"purchase_habits": set(), "category_habits": set()}
    seed_population(session=session, households=6, seed=5, today=TODAY)
    assert _snapshot(session) == first

    delete_synthetic(session=session)
    seed_population(session=session, households=6, seed=6, today=TODAY)
    assert _snapshot(session) != first


def test_growing_n_adds_only_the_missing_households(session: Session) -> None:
    seed_world(session=session, today=TODAY)
    seed_population(session=session, households=4, seed=5, today=TODAY, batch_size=3)
    stats = seed_population(session=session, households=7, seed=5, today=TODAY, batch_size=3)
    total = session.exec(
        select(sa.func.count()).select_from(Household).where(Household.source == SOURCE)
    ).one()
    assert (stats.added, stats.skipped, total) == (3, 4, 7)


def test_negative_size_is_refused(session: Session) -> None:
    with pytest.raises(ValueError, match="households"):
        seed_population(session=session, households=-1, seed=1, today=TODAY)


def test_the_seeded_households_have_the_habits_their_receipts_say(population: Session) -> None:
    ids = [hid for hid in population.exec(select(Household.id)).all() if hid is not None]
    stored = stored_habits(population, ids)
    assert stored["purchase_habits"] and stored["category_habits"]
    assert stored == recomputed_habits(population, ids)
