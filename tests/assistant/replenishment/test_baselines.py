"""P-TopFreq and TIFU-KNN on toy data computed by hand."""

from __future__ import annotations

import pytest

from assistant.replenishment.baselines import PTopFreq, TifuKnn
from assistant.replenishment.data import Baskets
from assistant.replenishment.tifu import TifuParams, user_vectors
from tests.assistant.replenishment.synthetic import Row, day


def _rows(baskets: dict[str, list[set[str]]]) -> list[Row]:
    return [
        (household, f"{household}-{n}", item, day(n), 1.0)
        for household, sequence in baskets.items()
        for n, basket in enumerate(sequence)
        for item in sorted(basket)
    ]


def test_p_topfreq_ranks_by_personal_frequency_then_popularity() -> None:
    rows = _rows(
        {
            "a": [{"x", "y"}, {"x"}, {"x", "z"}],
            "b": [{"z", "w"}, {"z", "w"}, {"z"}],
        }
    )
    model = PTopFreq().fit(rows)
    ranked = model.predict("a", k=4)
    # x in 3/3 baskets; y and z in 1/3 each, z more popular overall; then w fills.
    assert [p for p, _ in ranked] == ["x", "z", "y", "w"]
    assert ranked[0][1] == pytest.approx(1.0)
    assert ranked[1][1] == pytest.approx(1 / 3)
    assert [p for p, _ in model.predict("nobody", k=2)] == ["z", "x"]


def test_tifu_user_vector_follows_the_paper() -> None:
    # Three baskets, groups of m = 2 from the newest: {b2, b3} and the partial {b1}.
    # Group {b2, b3}: (rb * b2 + b3) / 2, weight rg^0; group {b1}: rb^(2-1) * b1 / 1,
    # weight rg^1; the user vector is the mean of the two groups.
    rows = _rows({"a": [{"old", "all"}, {"mid", "all"}, {"new", "all"}]})
    baskets = Baskets.from_transactions(rows)
    vectors = user_vectors(baskets, TifuParams(group_size=2, within_decay=0.5, group_decay=0.5))
    value = dict(zip(baskets.items.tolist(), vectors.toarray()[0].tolist(), strict=True))
    assert value["new"] == pytest.approx((1.0 / 2) / 2)
    assert value["mid"] == pytest.approx((0.5 / 2) / 2)
    assert value["old"] == pytest.approx((0.5 * 0.5) / 2)
    assert value["all"] == pytest.approx(value["new"] + value["mid"] + value["old"])


def test_tifu_knn_mixes_the_nearest_households_vector() -> None:
    rows = _rows(
        {
            "a": [{"bread"}, {"bread"}],
            "b": [{"bread", "butter"}, {"bread", "butter"}],
            "c": [{"soap", "bleach", "sponge"}, {"soap", "bleach", "sponge"}],
        }
    )
    params = TifuParams(group_size=2, within_decay=1.0, group_decay=1.0, neighbours=1, alpha=0.5)
    ranked = TifuKnn(params).fit(rows).predict("a", k=3)
    # Vectors: a = {bread: 1}, b = {bread: 1, butter: 1}; b is a's nearest household.
    assert ranked[0] == ("bread", pytest.approx(1.0))
    assert ranked[1] == ("butter", pytest.approx(0.5))
    assert ranked[2][0] in {"soap", "bleach", "sponge"}
