"""Our model on a real subsample of The Complete Journey: at least as good as P-TopFreq."""

from __future__ import annotations

import numpy as np

from assistant.replenishment.baselines import PTopFreq
from assistant.replenishment.evaluation import complete_journey, evaluate, hold_out_last
from assistant.replenishment.model import NextBasketModel


def test_recall_at_10_at_least_p_topfreq_on_150_households() -> None:
    frame = complete_journey()
    households = np.random.default_rng(11).choice(
        frame["household_id"].unique(), size=150, replace=False
    )
    split = hold_out_last(frame[frame["household_id"].isin(households)], min_baskets=10)
    assert len(split.households) > 100
    ours = evaluate(NextBasketModel(), split)
    baseline = evaluate(PTopFreq(), split)
    assert ours.recall >= baseline.recall
    assert 0.0 < baseline.recall < 1.0
