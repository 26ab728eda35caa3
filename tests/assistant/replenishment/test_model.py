"""The next-basket model on synthetic transactions with known habits."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from assistant.replenishment.candidates import FEATURES
from assistant.replenishment.defaults import DEFAULT_WEIGHTS
from assistant.replenishment.model import NextBasketModel
from assistant.replenishment.tifu import TifuParams
from tests.assistant.replenishment.synthetic import (
    Row,
    coffee_last_bought,
    day,
    weekly_population,
)


def _rank(model: NextBasketModel, household: object, product: str, at: dt.datetime) -> int:
    ranked = [p for p, _ in model.predict(household, at=at, k=30)]
    return ranked.index(product) if product in ranked else len(ranked)


@pytest.fixture(scope="module")
def weekly() -> tuple[list[Row], NextBasketModel]:
    rows = weekly_population()
    return rows, NextBasketModel(tifu=TifuParams(neighbours=10)).fit(rows)


@pytest.mark.parametrize("household", [0, 7, 23, 40])
def test_weekly_item_is_first_when_due_not_right_after_purchase(
    weekly: tuple[list[Row], NextBasketModel], household: int
) -> None:
    rows, model = weekly
    last = coffee_last_bought(rows, household)
    assert _rank(model, household, "coffee", last + dt.timedelta(days=7)) == 0
    # The next trip after buying it (a day later): coffee is not what is needed.
    assert _rank(model, household, "coffee", last + dt.timedelta(days=1)) >= 5
    [due] = [r for r in model.recommend(household, at=last + dt.timedelta(days=7), k=1)]
    assert due.cycle_days == pytest.approx(7.0)
    assert due.due_in_days == pytest.approx(0.0)


def test_the_tuned_weights_follow_the_features() -> None:
    assert len(DEFAULT_WEIGHTS.coef) == len(DEFAULT_WEIGHTS.mean) == len(FEATURES)


def _habits() -> list[Row]:
    """One household: 6 yoghurts a week (once 4), a baguette every 2 days."""
    rows: list[Row] = []
    for week in range(6):
        rows.append(("h", f"y{week}", "yoghurt", day(7 * week), 4.0 if week == 2 else 6.0))
    for n in range(21):
        rows.append(("h", f"b{n}", "baguette", day(2 * n + 0.5), 1.0))
    return rows


def test_quantity_habit_and_cycle_numbers() -> None:
    model = NextBasketModel(tune=False).fit(_habits())
    found = {r.product_id: r for r in model.recommend("h", at=day(42), k=5)}
    assert found["yoghurt"].quantity == 6
    assert found["yoghurt"].cycle_days == pytest.approx(7.0)
    assert found["yoghurt"].since_days == pytest.approx(7.0)
    assert found["baguette"].quantity == 1
    assert found["baguette"].cycle_days == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "acheté tous les 7 jours, dernier achat il y a 7 jours"),
        ("en", "bought every 7 days, last 7 days ago"),
    ],
)
def test_explanations_state_cycle_and_last_purchase(lang: str, expected: str) -> None:
    model = NextBasketModel(tune=False).fit(_habits())
    assert model.explain("h", "yoghurt", at=day(42), lang=lang) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "acheté une fois, dernier achat il y a 3 jours"),
        ("en", "bought once, last 3 days ago"),
    ],
)
def test_explanation_of_a_single_purchase(lang: str, expected: str) -> None:
    rows = [*_habits(), ("h", "once", "saffron", day(39), 1.0)]
    model = NextBasketModel(tune=False).fit(rows)
    assert model.explain("h", "saffron", at=day(42), lang=lang) == expected  # type: ignore[arg-type]


def _neighbourhood() -> list[Row]:
    """Twelve households buy pasta, sauce, cheese and basil together every 3 days;
    household "new" buys pasta, sauce and cheese but has never bought basil. Five
    others buy unrelated products."""
    rows: list[Row] = []
    for h in range(12):
        for n in range(8):
            for item in ("pasta", "sauce", "cheese", "basil"):
                rows.append((f"n{h}", f"n{h}-{n}", item, day(3 * n + h * 0.1), 1.0))
    for n in range(8):
        for item in ("pasta", "sauce", "cheese"):
            rows.append(("new", f"new-{n}", item, day(3 * n), 1.0))
    for h in range(5):
        for n in range(8):
            for item in (f"soap-{h}", "bleach", "sponge"):
                rows.append((f"o{h}", f"o{h}-{n}", item, day(3 * n), 1.0))
    return rows


def test_neighbours_bring_an_item_the_household_never_bought() -> None:
    model = NextBasketModel(tifu=TifuParams(neighbours=5), tune=False).fit(_neighbourhood())
    found = {r.product_id: r for r in model.recommend("new", at=day(24), k=4)}
    assert set(found) == {"pasta", "sauce", "cheese", "basil"}
    assert found["basil"].source == "neighbours"
    assert found["basil"].score < min(found[p].score for p in ("pasta", "sauce", "cheese"))
    assert model.explain("new", "basil", at=day(24), lang="en") == (
        "often bought by households that shop like you"
    )
    assert "bleach" not in [p for p, _ in model.predict("new", at=day(24), k=4)]


def test_unknown_household_gets_popular_products() -> None:
    model = NextBasketModel(tune=False).fit(_neighbourhood())
    ranked = [p for p, _ in model.predict("stranger", at=day(24), k=4)]
    assert ranked == ["cheese", "pasta", "sauce", "basil"]
    assert model.explain("stranger", "pasta", at=day(24), lang="fr") == (
        "parmi les produits les plus achetés en ce moment"
    )


def test_dataframe_and_tuples_give_the_same_predictions() -> None:
    rows = _habits()
    frame = pd.DataFrame(
        rows, columns=["household_id", "basket_id", "product_id", "timestamp", "quantity"]
    )
    from_rows = NextBasketModel(tune=False).fit(rows).predict("h", at=day(42))
    from_frame = NextBasketModel(tune=False).fit(frame).predict("h", at=day(42))
    assert from_rows == from_frame


def test_predict_many_matches_predict(weekly: tuple[list[Row], NextBasketModel]) -> None:
    _rows, model = weekly
    at = [day(70), day(71), day(72)]
    many = model.predict_many([3, 4, 5], at=at, k=5)
    one_by_one = [model.predict(h, at=t, k=5) for h, t in zip([3, 4, 5], at, strict=True)]
    assert [[p for p, _ in r] for r in many] == [[p for p, _ in r] for r in one_by_one]
    assert [[s for _, s in r] for r in many] == [
        pytest.approx([s for _, s in r]) for r in one_by_one
    ]
    assert all(len(ranked) == 5 for ranked in many)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="no transactions"):
        NextBasketModel().fit([])
    with pytest.raises(ValueError, match="missing columns"):
        NextBasketModel().fit(pd.DataFrame({"household_id": [1], "product_id": [2]}))
    model = NextBasketModel(tune=False).fit(_habits())
    with pytest.raises(ValueError, match="one time per household"):
        model.predict_many(["h", "h"], at=[day(1)])
