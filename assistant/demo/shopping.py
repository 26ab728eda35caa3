"""A synthetic household's year of shopping: its repertoire, its trips and their baskets.

Each repertoire item has a personal repurchase cycle (the catalog's cycle for two
people, scaled by household size and a lognormal personal factor); an item is bought
on the first trip once it is due, with some probability, in a habitual quantity.
Seasonal items sell mostly in their season; impulse and occasional (durable, clothing)
items add realistic noise. Everything here is a pure function of a `random.Random`.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from assistant.demo.people import BABY_MAX_YEARS, HouseholdPlan, age_years

HISTORY_DAYS = 365
WINTER_MONTHS = frozenset({10, 11, 12, 1, 2, 3})
SUMMER_MONTHS = frozenset({5, 6, 7, 8, 9})
# Audiences that only exist because of a household trait: nearly everyone who has the
# trait buys the category.
NEEDED_AUDIENCES = frozenset({"cat", "dog", "baby"})


@dataclass(frozen=True, slots=True)
class CatalogItem:
    product_id: int
    ean: str
    name: str
    price_cents: int
    unit: str
    department: str
    category: str
    cycle_days: float | None
    audience: str
    season: str | None
    child_size: int | None  # "8 ans" -> 8


@dataclass(frozen=True)
class Pools:
    by_category: dict[str, tuple[CatalogItem, ...]]
    impulse: tuple[CatalogItem, ...]
    occasional: tuple[CatalogItem, ...]


@dataclass(frozen=True)
class CatalogIndex:
    consumables: dict[str, tuple[CatalogItem, ...]]  # by category
    occasional: tuple[CatalogItem, ...]
    fuels: tuple[CatalogItem, ...]
    category_popularity: dict[str, float] = field(default_factory=dict)
    # Households share a few dozen profiles: their eligible pools are computed once each.
    _pools: dict[Profile, Pools] = field(default_factory=dict, compare=False, repr=False)

    def pools(self, profile: Profile) -> Pools:
        pools = self._pools.get(profile)
        if pools is None:
            by_category = {
                category: fitting
                for category, items in self.consumables.items()
                if (fitting := tuple(item for item in items if profile.fits(item)))
            }
            pools = Pools(
                by_category=by_category,
                impulse=tuple(item for items in by_category.values() for item in items),
                occasional=tuple(item for item in self.occasional if profile.fits(item)),
            )
            self._pools[profile] = pools
        return pools

    @classmethod
    def build(cls, items: list[CatalogItem]) -> CatalogIndex:
        consumables: dict[str, list[CatalogItem]] = {}
        occasional: list[CatalogItem] = []
        fuels: list[CatalogItem] = []
        for item in sorted(items, key=lambda entry: entry.ean):
            if item.department == "carburant":
                fuels.append(item)
            elif item.cycle_days:
                consumables.setdefault(item.category, []).append(item)
            else:
                occasional.append(item)
        # A category's popularity is shared by every household (stable across runs).
        popularity = {
            category: 0.15 + 0.6 * (zlib.crc32(category.encode()) % 1000) / 1000
            for category in consumables
        }
        return cls(
            consumables={key: tuple(value) for key, value in sorted(consumables.items())},
            occasional=tuple(occasional),
            fuels=tuple(fuels),
            category_popularity=popularity,
        )


@dataclass(frozen=True, slots=True)
class Profile:
    """What a household can plausibly buy for, over the whole simulated year."""

    species: frozenset[str]
    has_car: bool
    has_baby: bool
    has_kids: bool
    child_sizes: frozenset[int]

    @classmethod
    def of(cls, plan: HouseholdPlan, start: dt.date, end: dt.date) -> Profile:
        children = [member for member in plan.members if member.role == "child"]
        ages_start = [age_years(member.birth_date, start) for member in children]
        ages_end = [age_years(member.birth_date, end) for member in children]
        sizes: set[int] = set()
        for young, old in zip(ages_start, ages_end, strict=True):
            middle = (young + old) / 2
            # Within 1.5 years of the mid-year age: within 2 years on any day of the year.
            sizes.update(size for size in range(4, 15, 2) if abs(size - middle) <= 1.5)
        return cls(
            species=plan.species,
            has_car=plan.has_car,
            has_baby=bool(ages_end) and min(ages_end) < BABY_MAX_YEARS,
            has_kids=any(3 <= old <= 17 for old in ages_end),
            child_sizes=frozenset(sizes),
        )

    def fits(self, item: CatalogItem) -> bool:
        audience = item.audience
        if item.child_size is not None and item.child_size not in self.child_sizes:
            return False
        if audience in ("cat", "dog"):
            return audience in self.species
        if audience == "baby":
            return self.has_baby
        if audience == "kids":
            return self.has_kids
        if audience == "car":
            return self.has_car
        return True


@dataclass(slots=True)
class Habit:
    item: CatalogItem
    cycle: float
    quantity: float
    next_due: float


@dataclass(frozen=True, slots=True)
class Trip:
    day: dt.date
    minute: int  # local minute of the day
    store_id: int
    kind: str  # store | fuel
    lines: tuple[tuple[CatalogItem, float], ...]


def _in_season(season: str | None, month: int) -> bool:
    if season == "winter":
        return month in WINTER_MONTHS
    if season == "summer":
        return month in SUMMER_MONTHS
    return True


def _pick(rng: random.Random, items: tuple[CatalogItem, ...], budget: float) -> CatalogItem:
    """Thrifty households lean towards the cheapest products of a category."""
    if rng.random() > budget:
        cheapest = sorted(items, key=lambda item: item.price_cents)
        return cheapest[min(len(cheapest) - 1, int(rng.random() * 2))]
    return rng.choice(items)


def _habit_quantity(rng: random.Random, item: CatalogItem, cycle: float, gap: float) -> float:
    if item.unit == "kg":
        return round(rng.uniform(0.3, 1.5), 2)
    if cycle < gap:
        # Fast movers are stocked for the whole gap until the next trip.
        return float(max(1, round(gap / cycle)))
    return 2.0 if rng.random() < 0.15 else 1.0


def build_repertoire(
    rng: random.Random, plan: HouseholdPlan, profile: Profile, catalog: CatalogIndex, start: dt.date
) -> list[Habit]:
    size_factor = (2.0 / max(0.6, plan.size_equivalent(start))) ** 0.8
    breadth = 0.55 + 0.1 * len(plan.members)
    habits: list[Habit] = []
    for category, candidates in catalog.pools(profile).by_category.items():
        needed = candidates[0].audience in NEEDED_AUDIENCES
        chance = 0.95 if needed else catalog.category_popularity[category] * breadth * 0.55
        if rng.random() >= chance:
            continue
        for _ in range(2 if rng.random() < 0.12 else 1):
            item = _pick(rng, candidates, plan.budget)
            assert item.cycle_days is not None
            personal = math.exp(rng.gauss(0.0, 0.25))  # lognormal
            cycle = max(1.0, item.cycle_days * size_factor * personal)
            quantity = _habit_quantity(rng, item, cycle, plan.trip_gap_days)
            # Phase: the first purchase falls anywhere in the first cycle.
            habits.append(Habit(item, cycle, quantity, rng.uniform(0.0, cycle)))
    return habits


def simulate_year(
    rng: random.Random,
    plan: HouseholdPlan,
    catalog: CatalogIndex,
    today: dt.date,
    *,
    extra_habits: list[Habit] | None = None,
) -> Iterator[Trip]:
    """The household's trips over the `HISTORY_DAYS` days before `today`, by date.

    `extra_habits` adds scripted habits (the Zertys' coffee) to the drawn repertoire.
    """
    start = today - dt.timedelta(days=HISTORY_DAYS)
    profile = Profile.of(plan, start, today)
    habits = build_repertoire(rng, plan, profile, catalog, start)
    if extra_habits:
        scripted = {habit.item.category for habit in extra_habits}
        habits = [habit for habit in habits if habit.item.category not in scripted]
        habits.extend(extra_habits)
    pools = catalog.pools(profile)
    impulse_pool, occasional_pool = pools.impulse, pools.occasional
    fuel = rng.choice(catalog.fuels) if (plan.fuel_store_id and catalog.fuels) else None
    next_fuel = rng.uniform(0.0, 12.0)
    gap = plan.trip_gap_days
    day = rng.uniform(0.0, gap)
    # A heap of (next due day, habit): a trip only looks at the habits that are due.
    due = [(habit.next_due, number) for number, habit in enumerate(habits)]
    heapq.heapify(due)
    random_ = rng.random
    while day < HISTORY_DAYS:
        date = start + dt.timedelta(days=int(day))
        while fuel is not None and next_fuel <= day:
            litres = round(rng.uniform(28.0, 50.0), 2)
            fuel_date = start + dt.timedelta(days=int(next_fuel))
            assert plan.fuel_store_id is not None
            yield Trip(fuel_date, rng.randint(420, 1260), plan.fuel_store_id, "fuel",
                       ((fuel, litres),))  # fmt: skip
            next_fuel += max(4.0, rng.gauss(plan.fuel_gap_days, 2.0))
        month = date.month
        lines: list[tuple[CatalogItem, float]] = []
        horizon = day + gap / 2
        requeue: list[tuple[float, int]] = []
        while due and due[0][0] <= horizon:
            _, number = heapq.heappop(due)
            habit = habits[number]
            if random_() > 0.88:  # not this time: still due at the next trip
                requeue.append((habit.next_due, number))
                continue
            season = habit.item.season
            if season and not _in_season(season, month) and random_() > 0.1:
                habit.next_due = day + habit.cycle
                requeue.append((habit.next_due, number))
                continue
            lines.append((habit.item, habit.quantity))
            factor = habit.quantity if habit.item.unit != "kg" else 1.0
            habit.next_due = day + habit.cycle * factor * (0.8 + 0.4 * random_())
            requeue.append((habit.next_due, number))
        for entry in requeue:
            heapq.heappush(due, entry)
        if impulse_pool and rng.random() < 0.3:
            lines.append((rng.choice(impulse_pool), 1.0))
        if occasional_pool and rng.random() < 0.05:
            item = rng.choice(occasional_pool)
            if _in_season(item.season, month) or rng.random() < 0.1:
                lines.append((item, 1.0))
        if lines:
            store = plan.primary_store_id if rng.random() < 0.8 else plan.secondary_store_id
            yield Trip(date, rng.randint(510, 1230), store, "store", tuple(lines))
        day += max(1.0, rng.gauss(gap, gap * 0.25))


def child_size_years(label: str | None) -> int | None:
    if not label:
        return None
    digits = "".join(char for char in label if char.isdigit())
    return int(digits) if digits else None


def local_minute_datetime(day: dt.date, minute: int, tz: dt.tzinfo) -> dt.datetime:
    local = dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=tz)
    return local.astimezone(dt.UTC)
