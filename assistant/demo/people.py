"""Who lives in a synthetic household: composition, members, pets, car, home, consents.

Pure functions of a `random.Random`: the same generator state gives the same household,
which is what makes the population reproducible batch by batch.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from assistant.demo.stores_data import haversine_m

FEMALE = (
    "Anne", "Marie", "Camille", "Léa", "Chloé", "Manon", "Inès", "Sarah", "Julie", "Emma",
    "Claire", "Sophie", "Nathalie", "Isabelle", "Sandrine", "Céline", "Aurélie", "Élodie",
    "Lucie", "Pauline", "Louise", "Jade", "Alice", "Lina", "Rose", "Zoé", "Nadia", "Fatima",
    "Yasmine", "Monique", "Françoise", "Catherine", "Martine", "Brigitte", "Agnès",
)  # fmt: skip
MALE = (
    "Marc", "Pierre", "Nicolas", "Julien", "Thomas", "Antoine", "Maxime", "Hugo", "Lucas",
    "Louis", "Gabriel", "Arthur", "Jules", "Léo", "Nathan", "Adam", "Karim", "Mehdi", "Yanis",
    "Laurent", "Philippe", "Stéphane", "Olivier", "Christophe", "David", "Sébastien",
    "Jean", "Michel", "Alain", "Bernard", "Patrick", "Raphaël", "Paul", "Victor", "Noé",
)  # fmt: skip
LAST = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert",
    "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc",
    "Guerin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Benali",
    "Nguyen", "Diallo", "Da Silva", "Lemoine", "Chevalier", "Gauthier", "Perez",
)  # fmt: skip
STREETS = (
    "rue des Lilas", "avenue du Général-Leclerc", "rue de la République", "rue Victor-Hugo",
    "boulevard Pasteur", "rue Jean-Jaurès", "rue des Écoles", "allée des Tilleuls",
    "rue du Moulin", "rue de la Gare", "avenue Jean-Moulin", "rue Pierre-Curie",
    "rue des Acacias", "place de l'Église", "rue Voltaire", "rue de Paris",
)  # fmt: skip
PET_NAMES = (
    "Minou", "Félix", "Pompon", "Caramel", "Réglisse", "Oscar", "Filou", "Nala", "Simba",
    "Rex", "Vanille", "Moka", "Iris", "Gribouille", "Tigrou", "Biscotte",
)  # fmt: skip

# (kind, weight, probability of a car, probability of a pet)
COMPOSITIONS: tuple[tuple[str, float, float, float], ...] = (
    ("single", 0.27, 0.55, 0.25),
    ("couple", 0.20, 0.75, 0.33),
    ("family", 0.26, 0.85, 0.40),
    ("family_baby", 0.08, 0.85, 0.30),
    ("retired", 0.14, 0.80, 0.40),
    ("flatshare", 0.05, 0.30, 0.15),
)

# (channel, purpose, opt-in rate): service messages are what people asked for, so most
# accept them; marketing and location are the usual minority opt-ins.
CONSENT_RATES: tuple[tuple[str, str, float], ...] = (
    ("in_app", "service", 0.95),
    ("push", "service", 0.80),
    ("email", "service", 0.75),
    ("in_app", "marketing", 0.50),
    ("push", "marketing", 0.35),
    ("email", "marketing", 0.40),
    ("in_app", "personalisation", 0.60),
    ("in_app", "location", 0.30),
)

BABY_MAX_YEARS = 3.0


@dataclass(frozen=True, slots=True)
class StoreInfo:
    id: int
    code: str
    lat: float
    lon: float
    city: str | None
    postcode: str | None
    format: str
    services: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MemberPlan:
    first_name: str
    last_name: str
    salutation: str | None
    birth_date: dt.date
    role: str


@dataclass(frozen=True, slots=True)
class HouseholdPlan:
    index: int
    kind: str
    members: tuple[MemberPlan, ...]
    pets: tuple[tuple[str, str], ...]
    has_car: bool
    lat: float
    lon: float
    street: str
    postcode: str | None
    city: str | None
    primary_store_id: int
    secondary_store_id: int
    fuel_store_id: int | None
    consents: tuple[tuple[str, str, bool], ...]
    lang: str
    trip_gap_days: float
    budget: float  # 0 = always the cheapest brand, 1 = indifferent to price
    fuel_gap_days: float = 12.0

    @property
    def species(self) -> frozenset[str]:
        return frozenset(species for species, _ in self.pets)

    @property
    def name(self) -> str:
        return f"Foyer {self.members[0].last_name}"

    def size_equivalent(self, on: dt.date) -> float:
        """Consumption units: a child eats less than an adult, a baby less again."""
        total = 0.0
        for member in self.members:
            years = age_years(member.birth_date, on)
            total += 1.0 if years >= 14 else (0.4 if years < BABY_MAX_YEARS else 0.7)
        return total


def age_years(birth: dt.date, on: dt.date) -> float:
    return (on - birth).days / 365.25


def _birth(rng: random.Random, today: dt.date, min_years: float, max_years: float) -> dt.date:
    return today - dt.timedelta(days=int(rng.uniform(min_years, max_years) * 365.25))


def _adult(rng: random.Random, today: dt.date, last: str, lo: float, hi: float) -> MemberPlan:
    female = rng.random() < 0.5
    return MemberPlan(
        first_name=rng.choice(FEMALE if female else MALE),
        last_name=last,
        salutation="Mme" if female else "M.",
        birth_date=_birth(rng, today, lo, hi),
        role="adult",
    )


def _child(rng: random.Random, today: dt.date, last: str, lo: float, hi: float) -> MemberPlan:
    return MemberPlan(
        first_name=rng.choice(FEMALE if rng.random() < 0.5 else MALE),
        last_name=last,
        salutation=None,
        birth_date=_birth(rng, today, lo, hi),
        role="child",
    )


def _members(rng: random.Random, kind: str, today: dt.date) -> list[MemberPlan]:
    last = rng.choice(LAST)
    if kind == "single":
        return [_adult(rng, today, last, 21, 82)]
    if kind == "couple":
        return [_adult(rng, today, last, 24, 62) for _ in range(2)]
    if kind == "retired":
        return [_adult(rng, today, last, 63, 86) for _ in range(1 if rng.random() < 0.3 else 2)]
    if kind == "flatshare":
        return [_adult(rng, today, rng.choice(LAST), 19, 33) for _ in range(rng.randint(2, 4))]
    if kind == "family_baby":
        members = [_adult(rng, today, last, 26, 42) for _ in range(2)]
        if rng.random() < 0.4:
            members.append(_child(rng, today, last, 3.5, 9))
        # Born 13 to 30 months ago: a baby (under 3) on every day of the simulated year.
        members.append(_child(rng, today, last, 13 / 12, 30 / 12))
        return members
    kids = [_child(rng, today, last, 3, 17.5) for _ in range(rng.choice((1, 2, 2, 3)))]
    oldest = max(age_years(kid.birth_date, today) for kid in kids)
    parents = 1 if rng.random() < 0.2 else 2
    return [_adult(rng, today, last, oldest + 21, oldest + 38) for _ in range(parents)] + kids


def _pets(rng: random.Random, probability: float) -> tuple[tuple[str, str], ...]:
    if rng.random() >= probability:
        return ()
    draw = rng.random()
    species = ["cat"] if draw < 0.55 else (["dog"] if draw < 0.9 else ["cat", "dog"])
    return tuple((kind, rng.choice(PET_NAMES)) for kind in species)


def _store_weight(store: StoreInfo) -> float:
    # Big stores draw customers from a wider area.
    return {"hyper": 3.0, "super": 2.0}.get(store.format, 1.0)


def sample_household(
    rng: random.Random, index: int, today: dt.date, stores: list[StoreInfo]
) -> HouseholdPlan:
    kinds = [entry[0] for entry in COMPOSITIONS]
    (kind,) = rng.choices(kinds, weights=[entry[1] for entry in COMPOSITIONS])
    _, _, car_rate, pet_rate = COMPOSITIONS[kinds.index(kind)]
    members = _members(rng, kind, today)
    (anchor,) = rng.choices(stores, weights=[_store_weight(store) for store in stores])
    distance = abs(rng.gauss(0.0, 2500.0)) + 150.0
    bearing = rng.uniform(0.0, 2 * math.pi)
    lat = anchor.lat + distance * math.cos(bearing) / 111_320.0
    lon = anchor.lon + distance * math.sin(bearing) / (
        111_320.0 * math.cos(math.radians(anchor.lat))
    )
    ranked = sorted(stores, key=lambda store: haversine_m(lat, lon, store.lat, store.lon))
    has_car = rng.random() < car_rate
    fuel_store = next((store for store in ranked if "fuel" in store.services), None)
    return HouseholdPlan(
        index=index,
        kind=kind,
        members=tuple(members),
        pets=_pets(rng, pet_rate),
        has_car=has_car,
        lat=round(lat, 6),
        lon=round(lon, 6),
        street=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
        postcode=anchor.postcode,
        city=anchor.city,
        primary_store_id=ranked[0].id,
        secondary_store_id=ranked[1].id if len(ranked) > 1 else ranked[0].id,
        fuel_store_id=fuel_store.id if (has_car and fuel_store is not None) else None,
        consents=tuple((ch, purpose, rng.random() < rate) for ch, purpose, rate in CONSENT_RATES),
        lang="en" if rng.random() < 0.05 else "fr",
        trip_gap_days=rng.uniform(4.0, 10.0),
        budget=rng.random(),
    )
