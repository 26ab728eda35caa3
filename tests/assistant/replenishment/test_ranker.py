"""The learned (LightGBM) ranker of the next-basket model on synthetic habits."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from assistant.replenishment import NextBasketModel
from assistant.replenishment import model as model_module
from assistant.replenishment.data import Baskets, to_days
from assistant.replenishment.evaluation import hold_out_last
from assistant.replenishment.ranker import RANK_FEATURES, RankerParams, last_basket_lifts
from assistant.replenishment.tifu import TifuParams
from tests.assistant.replenishment.synthetic import (
    Row,
    coffee_last_bought,
    day,
    weekly_population,
)

# Small and quick: the synthetic population has a few hundred candidates per cut.
PARAMS = RankerParams(rounds=60, min_data_in_leaf=20)


def _fit(rows: list[Row] | pd.DataFrame, *, min_households: int = 20) -> NextBasketModel:
    # The trees from 20 households on: these populations are small to keep tests quick.
    model = NextBasketModel(
        tifu=TifuParams(neighbours=10),
        ranker=PARAMS,
        min_tuning_households=min_households,
        min_ranker_households=min_households,
    )
    return model.fit(rows)


@pytest.fixture(scope="module")
def weekly() -> tuple[list[Row], NextBasketModel]:
    rows = weekly_population(households=120)
    return rows, _fit(rows)


def test_the_package_exports_the_model() -> None:
    assert NextBasketModel is model_module.NextBasketModel


def test_a_ranker_is_learned_from_a_population(
    weekly: tuple[list[Row], NextBasketModel],
) -> None:
    _rows, model = weekly
    assert model.booster is not None
    assert model.booster.feature_name() == list(RANK_FEATURES)


@pytest.mark.parametrize("household", [0, 11, 57])
def test_the_ranker_learns_a_weekly_cycle(
    weekly: tuple[list[Row], NextBasketModel], household: int
) -> None:
    rows, model = weekly
    last = coffee_last_bought(rows, household)
    due = [p for p, _ in model.predict(household, at=last + dt.timedelta(days=7), k=10)]
    assert due[0] == "coffee"
    just_bought = [p for p, _ in model.predict(household, at=last + dt.timedelta(days=1), k=10)]
    assert "coffee" not in just_bought[:5]


def test_the_same_data_and_seed_give_the_same_ranking() -> None:
    rows = weekly_population(households=60, seed=5)
    at = [day(70)] * 10
    first = _fit(rows).predict_many(list(range(10)), at=at, k=10)
    second = _fit(rows).predict_many(list(range(10)), at=at, k=10)
    assert first == second


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_proposed_item_has_its_explanation(
    weekly: tuple[list[Row], NextBasketModel], lang: str
) -> None:
    _rows, model = weekly
    for household in (3, 30):
        recommended = model.recommend(household, at=day(71), k=10)
        assert len(recommended) == 10
        for r in recommended:
            text = r.explanation(lang)  # type: ignore[arg-type]
            assert text
            assert model.explain(household, r.product_id, at=day(71), lang=lang) == text  # type: ignore[arg-type]
    coffee = next(r for r in model.recommend(0, at=day(71), k=30) if r.product_id == "coffee")
    assert coffee.source == "repeat"
    assert coffee.explanation("en").startswith("bought every 7 days")
    assert coffee.explanation("fr").startswith("acheté tous les 7 jours")


def test_too_little_history_falls_back_to_the_fixed_combination() -> None:
    # One household: no population to learn from; its own habits still rank.
    rows: list[Row] = [("h", f"m{n}", "milk", day(3 * n), 1.0) for n in range(8)]
    rows += [("h", "once", "saffron", day(2), 1.0)]
    model = _fit(rows)
    assert model.booster is None
    assert [p for p, _ in model.predict("h", at=day(24), k=2)] == ["milk", "saffron"]
    # A few households, fewer than the minimum to learn from: the same fallback.
    few = _fit(weekly_population(households=5), min_households=20)
    assert few.booster is None
    assert len(few.predict(0, at=day(70), k=10)) == 10


def test_training_never_sees_the_held_out_basket() -> None:
    rows = weekly_population(households=60, seed=9)
    frame = pd.DataFrame(
        rows, columns=["household_id", "basket_id", "product_id", "timestamp", "quantity"]
    )
    split = hold_out_last(frame, min_baskets=10)
    model = _fit(split.train)
    assert model.training_targets
    fitted = Baskets.from_transactions(split.train)
    fitted_times = {
        (int(h), float(t)) for h, t in zip(fitted.basket_household, fitted.basket_time, strict=True)
    }
    held_times = {(int(h), to_days(t)) for h, t in zip(split.households, split.times, strict=True)}
    code = {h: c for c, h in enumerate(fitted.households.tolist())}
    held_codes = {(code[h], t) for h, t in held_times}
    for households, times in model.training_targets:
        targets = {(int(h), float(t)) for h, t in zip(households, times, strict=True)}
        assert targets <= fitted_times
        assert not targets & held_codes
    # The first cut's targets are each household's last fitted basket.
    households, times = model.training_targets[0]
    last = fitted.last_time
    assert all(float(t) == last[h] for h, t in zip(households, times, strict=True))


def test_an_item_bought_with_the_last_basket_has_a_positive_lift() -> None:
    # Pasta comes with tomatoes (same basket) and is followed by cheese (next basket);
    # soap goes with neither. Household "h" last bought tomatoes.
    rows: list[Row] = []
    for n in range(20):
        h = f"u{n}"
        rows += [(h, f"{n}a", "tomatoes", day(7), 1.0), (h, f"{n}a", "pasta", day(7), 1.0)]
        rows += [(h, f"{n}b", "cheese", day(14), 1.0), (h, f"{n}c", "soap", day(21), 1.0)]
    rows += [("h", "h1", "soap", day(1), 1.0), ("h", "h2", "tomatoes", day(8), 1.0)]
    baskets = Baskets.from_transactions(rows)
    code = {p: c for c, p in enumerate(baskets.items.tolist())}
    household = baskets.households.tolist().index("h")
    items = np.array([code["pasta"], code["cheese"], code["soap"]], dtype=np.int64)
    lifts = last_basket_lifts(baskets, np.full(3, household, dtype=np.int64), items)
    same, following = lifts[:, 0], lifts[:, 1]
    assert same[0] > 0.0 and same[0] > same[2]
    assert following[1] > 0.0 and following[1] > following[2]
