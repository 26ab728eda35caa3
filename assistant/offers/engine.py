"""The offer engine's core: eligibility, relevance and caps over plain data.

No database here, so the same code ranks the coupons of a Carchan household (through
`assistant.offers.service`) and those of a Complete Journey household (through
`assistant.offers.cj`). Eligibility is a hard filter: a coupon is offered only when
every product it covers is allowed for the household; relevance only orders what passed.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

# Diets a food product must declare in its tags to be offered to a household that follows
# them; products outside food departments are unconstrained (a TV has no diet).
KNOWN_DIETS = frozenset({"vegetarian", "vegan", "gluten-free", "lactose-free"})
PRODUCT_DECAY_DAYS = 60.0
CATEGORY_DECAY_DAYS = 120.0
CATEGORY_WEIGHT = 0.35
PROFILE_WEIGHT = 0.5
ASSIGNED_WEIGHT = 1.0
DURABLE_WEIGHT = 10.0  # a worn-out durable outranks any grocery coupon
PRIOR_WEIGHT = 0.01  # popularity only breaks ties between personal signals


@dataclass(frozen=True, slots=True)
class Traits:
    """What the household is, as far as offers are concerned."""

    species: frozenset[str] = frozenset()
    has_baby: bool = False
    has_child: bool = False
    has_adult: bool = True
    allergies: frozenset[str] = frozenset()
    diets: frozenset[str] = frozenset()
    likes: frozenset[str] = frozenset()  # folded words of tastes and favourite brands


@dataclass(frozen=True, slots=True)
class Item:
    """The facts of one product that eligibility and relevance read."""

    product_id: int
    category: str | None = None
    brand: str | None = None
    pet_species: str | None = None  # "any" for pet products of no single species
    is_baby: bool = False
    is_alcohol: bool = False
    for_kids: bool = False
    is_food: bool = False
    allergens: frozenset[str] = frozenset()
    diet_tags: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Candidate:
    key: int
    items: tuple[Item, ...]
    categories: frozenset[str] = frozenset()  # for coupons on a whole category
    is_generic: bool = False
    assigned: bool = False
    durable: bool = False  # a replacement for a worn-out durable of the household
    popularity: float = 0.0


@dataclass(frozen=True, slots=True)
class Needs:
    """Everything a candidate requires of a household; candidates share few of these."""

    species: frozenset[str] = frozenset()
    baby: bool = False
    child: bool = False
    adult: bool = False
    allergens: frozenset[str] = frozenset()
    diets_ok: frozenset[str] | None = None  # None: no food item, any diet fits


class Habit(NamedTuple):
    # A tuple, not a frozen dataclass: the weekly selection makes 100,000s (3x cheaper).
    purchases: int
    days_ago: int


@dataclass(frozen=True, slots=True)
class History:
    """Purchase counts and recency per product and per category, relative to `today`."""

    products: Mapping[int, Habit] = field(default_factory=dict)
    categories: Mapping[str, Habit] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Reason:
    kind: str  # assigned | product | category | kids | pet | baby | taste | durable | generic
    value: str = ""
    purchases: int = 0
    days_ago: int = 0


@dataclass(frozen=True, slots=True)
class Ranked:
    candidate: Candidate
    score: float
    reasons: tuple[Reason, ...]

    @property
    def personal(self) -> bool:
        return not self.candidate.is_generic


def item_violations(item: Item, traits: Traits) -> list[str]:
    """The rules this product breaks for this household (empty: it may be offered)."""
    broken = []
    if item.pet_species is not None and (
        not traits.species or (item.pet_species != "any" and item.pet_species not in traits.species)
    ):
        broken.append("pet_species")
    if item.is_baby and not traits.has_baby:
        broken.append("baby")
    if item.is_alcohol and not traits.has_adult:
        broken.append("alcohol")
    if item.for_kids and not traits.has_child:
        broken.append("kids")
    if item.allergens & traits.allergies:
        broken.append("allergen")
    if item.is_food and (traits.diets & KNOWN_DIETS) - item.diet_tags:
        broken.append("diet")
    return broken


def needs_of(items: Iterable[Item]) -> Needs:
    species: set[str] = set()
    baby = child = adult = False
    allergens: set[str] = set()
    diets: frozenset[str] | None = None
    for item in items:
        if item.pet_species is not None:
            species.add(item.pet_species)
        baby |= item.is_baby
        child |= item.for_kids
        adult |= item.is_alcohol
        allergens |= item.allergens
        if item.is_food:
            tags = item.diet_tags & KNOWN_DIETS
            diets = tags if diets is None else diets & tags
    return Needs(frozenset(species), baby, child, adult, frozenset(allergens), diets)


def allowed(needs: Needs, traits: Traits) -> bool:
    """True when no item behind `needs` breaks a rule for `traits` (see `item_violations`)."""
    if needs.species:
        if not traits.species:
            return False
        if not (needs.species - {"any"}) <= traits.species:
            return False
    if (needs.baby and not traits.has_baby) or (needs.child and not traits.has_child):
        return False
    if needs.adult and not traits.has_adult:
        return False
    if needs.allergens & traits.allergies:
        return False
    required = traits.diets & KNOWN_DIETS
    return not (required and needs.diets_ok is not None and not required <= needs.diets_ok)


class CandidateIndex:
    """Candidates with their needs grouped and inverted indexes by product and category,
    so that ranking a household costs its history's size, not the coupons' product lists."""

    def __init__(self, candidates: Sequence[Candidate]) -> None:
        self.candidates = list(candidates)
        self.groups: dict[Needs, list[int]] = defaultdict(list)
        self.by_product: dict[int, list[int]] = defaultdict(list)
        self.by_category: dict[str, list[int]] = defaultdict(list)
        # A coupon on a whole category: its purchases are its category's (the sum over the
        # category's products, which are its items), read from the category habit instead of
        # from thousands of product habits (a category of The Complete Journey holds 1,000s).
        self.by_whole_category: dict[str, list[int]] = defaultdict(list)
        for position, candidate in enumerate(self.candidates):
            self.groups[needs_of(candidate.items)].append(position)
            for category in candidate.categories:
                self.by_whole_category[category].append(position)
            if not candidate.categories:
                for product_id in {item.product_id for item in candidate.items}:
                    self.by_product[product_id].append(position)
            categories = set(candidate.categories)
            categories |= {item.category for item in candidate.items if item.category}
            for category in categories:
                self.by_category[category].append(position)
        self.positions = {c.key: p for p, c in enumerate(self.candidates)}
        self.profiles = [profile_of(candidate) for candidate in self.candidates]
        # Inverted indexes of the profile signals, so that a household's ranking visits only
        # the candidates that can have a reason for it (see `rank`).
        self.flagged = {
            p for p, c in enumerate(self.candidates) if c.is_generic or c.durable or c.assigned
        }
        self.for_kids = {p for p, profile in enumerate(self.profiles) if profile.for_kids}
        self.for_baby = {p for p, profile in enumerate(self.profiles) if profile.baby}
        self.by_species: dict[str, set[int]] = defaultdict(set)
        self.by_word: dict[str, set[int]] = defaultdict(set)
        for position, profile in enumerate(self.profiles):
            for species in profile.species:
                self.by_species[species].add(position)
            for word in profile.words:
                self.by_word[word].add(position)

    def profiled(self, traits: Traits) -> set[int]:
        """Positions that have at least one profile reason for a household of `traits`."""
        out: set[int] = set()
        if traits.has_child:
            out |= self.for_kids
        if traits.has_baby:
            out |= self.for_baby
        for species in traits.species:
            out |= self.by_species.get(species, set())
        for word in traits.likes:
            out |= self.by_word.get(word, set())
        return out

    def eligible(self, traits: Traits) -> list[int]:
        out: list[int] = []
        for needs, positions in self.groups.items():
            if allowed(needs, traits):
                out.extend(positions)
        return out


def _decay(days: int, scale: float) -> float:
    return math.exp(-max(days, 0) / scale)


@dataclass(frozen=True, slots=True)
class Profile:
    """What of a candidate speaks to a household profile, computed once per candidate."""

    for_kids: bool
    species: frozenset[str]
    baby: bool
    words: frozenset[str]


def profile_of(candidate: Candidate) -> Profile:
    items = candidate.items
    return Profile(
        for_kids=any(item.for_kids for item in items),
        species=frozenset(item.pet_species for item in items if item.pet_species),
        baby=any(item.is_baby for item in items),
        words=frozenset(
            {item.brand.lower() for item in items if item.brand}
            | {c.lower() for c in candidate.categories}
        ),
    )


def _profile_reasons(profile: Profile, traits: Traits) -> list[Reason]:
    reasons: list[Reason] = []
    if profile.for_kids and traits.has_child:
        reasons.append(Reason("kids"))
    species = profile.species & traits.species
    if species:
        reasons.append(Reason("pet", sorted(species)[0]))
    if profile.baby and traits.has_baby:
        reasons.append(Reason("baby"))
    liked = profile.words & traits.likes
    if liked:
        reasons.append(Reason("taste", sorted(liked)[0]))
    return reasons


CategoryHit = tuple[int, int, str]  # (purchases, days since the last one, category)


def better_category(hit: CategoryHit, best: CategoryHit | None) -> bool:
    """The most bought category, then the most recent, then by name: the same choice whatever
    the history's order (the batch ranking relies on it)."""
    return best is None or (-hit[0], hit[1], hit[2]) < (-best[0], best[1], best[2])


def rank(
    index: CandidateIndex,
    traits: Traits,
    history: History,
    *,
    among: Collection[int] | None = None,
    shown: Mapping[int, int] | None = None,
    cap: int | None = None,
    popularity: Mapping[int, float] | None = None,
    limit: int | None = None,
) -> list[Ranked]:
    """Eligible candidates (by key in `among` when given; under `cap` impressions in
    `shown`) with a personal signal, best first. Generic ones come last, flagged."""
    allowed_positions = index.eligible(traits)
    if among is not None:
        wanted = {index.positions[key] for key in among if key in index.positions}
        allowed_positions = [p for p in allowed_positions if p in wanted]
    if shown and cap is not None:
        allowed_positions = [
            p for p in allowed_positions if shown.get(index.candidates[p].key, 0) < cap
        ]
    keep = set(allowed_positions)
    product_hits: dict[int, list[int]] = defaultdict(lambda: [0, 1 << 30])
    # A coupon's purchases: its products', or for a whole category, the category's.
    reached = [
        (index.by_product.get(product_id, ()), habit)
        for product_id, habit in history.products.items()
    ] + [
        (index.by_whole_category.get(category, ()), habit)
        for category, habit in history.categories.items()
    ]
    for positions, habit in reached:
        for position in positions:
            if position in keep:
                hit = product_hits[position]
                hit[0] += habit.purchases
                hit[1] = min(hit[1], habit.days_ago)
    category_hits: dict[int, CategoryHit] = {}
    for category, habit in history.categories.items():
        seen = (habit.purchases, habit.days_ago, category)
        for position in index.by_category.get(category, ()):
            if position in keep and better_category(seen, category_hits.get(position)):
                category_hits[position] = seen
    ranked: list[Ranked] = []
    generic: list[Ranked] = []
    # Only candidates with a possible reason: any other would be skipped below (no fake
    # personalisation), and a household's signals are few while the week's offers are many.
    signalled = index.flagged | product_hits.keys() | category_hits.keys() | index.profiled(traits)
    for position in sorted(signalled & keep):
        candidate = index.candidates[position]
        prior = (popularity or {}).get(candidate.key, candidate.popularity)
        if candidate.is_generic:
            generic.append(
                Ranked(candidate, PRIOR_WEIGHT * math.log1p(prior), (Reason("generic"),))
            )
            continue
        score = 0.0
        reasons: list[Reason] = []
        if candidate.durable:
            score += DURABLE_WEIGHT
            reasons.append(Reason("durable"))
        if candidate.assigned:
            score += ASSIGNED_WEIGHT
            reasons.append(Reason("assigned"))
        if position in product_hits:
            count, days = product_hits[position]
            score += math.log1p(count) * (0.2 + _decay(days, PRODUCT_DECAY_DAYS))
            reasons.append(Reason("product", purchases=count, days_ago=days))
        if position in category_hits:
            count, days, category = category_hits[position]
            score += CATEGORY_WEIGHT * math.log1p(count) * _decay(days, CATEGORY_DECAY_DAYS)
            reasons.append(Reason("category", category, count, days))
        profile = _profile_reasons(index.profiles[position], traits)
        score += PROFILE_WEIGHT * len(profile)
        reasons.extend(profile)
        if not reasons:
            continue  # popularity alone is not personal: no fake personalisation
        score += PRIOR_WEIGHT * math.log1p(prior)
        ranked.append(Ranked(candidate, score, tuple(reasons)))
    ranked.sort(key=lambda r: (-r.score, r.candidate.key))
    generic.sort(key=lambda r: (-r.score, r.candidate.key))
    out = ranked + generic
    return out if limit is None else out[:limit]
