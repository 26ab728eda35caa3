"""The batch ranking picks what the one-household engine picks, reasons included."""

from __future__ import annotations

import random

import pytest

from assistant.offers.batch import BatchIndex, top_n
from assistant.offers.engine import Candidate, CandidateIndex, Habit, History, Item, Traits, rank

CATEGORIES = ("cafe", "sucre", "chat", "chien", "bebe", "manteau-enfant", "vin", "pates")


def _catalogue(rng: random.Random) -> CandidateIndex:
    candidates = []
    for key in range(1, 61):
        category = rng.choice(CATEGORIES)
        items = tuple(
            Item(
                product_id=rng.randrange(1, 80), category=category,
                brand=rng.choice((None, "carchan", "bio")),
                pet_species={"chat": "cat", "chien": "dog"}.get(category),
                is_baby=category == "bebe", is_alcohol=category == "vin",
                for_kids=category == "manteau-enfant", is_food=category != "manteau-enfant",
            )
            for _ in range(rng.choice((1, 1, 2, 3)))
        )  # fmt: skip
        on_category = rng.random() < 0.2
        candidates.append(
            Candidate(
                key=key,
                items=items,
                categories=frozenset({category}) if on_category else frozenset(),
                is_generic=key % 17 == 0,
            )
        )
    return CandidateIndex(candidates)


def _household(rng: random.Random) -> tuple[Traits, History, frozenset[int]]:
    traits = Traits(
        species=frozenset(rng.sample(("cat", "dog"), rng.randrange(0, 2))),
        has_baby=rng.random() < 0.2, has_child=rng.random() < 0.4,
        has_adult=rng.random() < 0.9,
        likes=frozenset(rng.sample(("bio", "carchan"), rng.randrange(0, 2))),
    )  # fmt: skip
    products = {rng.randrange(1, 80): Habit(rng.randrange(1, 9), rng.randrange(0, 200))
                for _ in range(rng.randrange(0, 25))}  # fmt: skip
    categories = {c: Habit(rng.randrange(1, 20), rng.randrange(0, 200))
                  for c in rng.sample(CATEGORIES, rng.randrange(0, 5))}  # fmt: skip
    excluded = frozenset(rng.sample(range(1, 61), rng.randrange(0, 3)))
    return traits, History(products, categories), excluded


def _one_at_a_time(index: CandidateIndex, household: tuple[Traits, History, frozenset[int]],
                   n: int) -> list[tuple[int, tuple[object, ...]]]:  # fmt: skip
    traits, history, excluded = household
    ranked = [r for r in rank(index, traits, history) if r.candidate.key not in excluded]
    personal = [r for r in ranked if r.personal]
    chosen = personal[:n] if personal else [r for r in ranked if not r.personal][:n]
    return [(r.candidate.key, r.reasons) for r in chosen]


@pytest.mark.parametrize("seed", range(8))
def test_the_batch_picks_what_the_engine_picks(seed: int) -> None:
    rng = random.Random(seed)
    index = _catalogue(rng)
    households = [_household(rng) for _ in range(40)]
    batch = top_n(BatchIndex(index), households, 5)
    expected = [_one_at_a_time(index, household, 5) for household in households]
    assert [[(r.candidate.key, r.reasons) for r in picks] for picks in batch] == expected


def test_scores_agree_with_the_engine() -> None:
    rng = random.Random(99)
    index = _catalogue(rng)
    households = [_household(rng) for _ in range(20)]
    for picks, (traits, history, excluded) in zip(
        top_n(BatchIndex(index), households, 5), households, strict=True
    ):
        engine = {r.candidate.key: r.score for r in rank(index, traits, history)}
        assert all(r.score == pytest.approx(engine[r.candidate.key]) for r in picks)
        assert not {r.candidate.key for r in picks} & excluded
