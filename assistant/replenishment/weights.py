"""Weights of the feature combination, fitted on a validation split: each household's
last training basket is the target and the earlier baskets the history, so the
combination is tuned without ever seeing a test basket.

The objective is listwise (a softmax over each household's candidates, every household
counting once): what matters is the order inside a household, not calibrated
probabilities across households; it beat a pointwise logistic regression on the
Complete Journey validation split.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Weights:
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]

    def linear(self, features: FloatArray) -> FloatArray:
        """The combination; its softmax over a household's candidates is the model's
        estimate of each one's share of the next basket."""
        # One product with the folded coefficients: no standardised copy of the features.
        folded = np.asarray(self.coef) / np.asarray(self.scale)
        return np.asarray(features @ folded - float(np.asarray(self.mean) @ folded))


def fit_weights(
    features: FloatArray, labels: FloatArray, groups: IntArray, *, l2: float = 1.0
) -> Weights:
    """Listwise weights: `groups` numbers each row's household from 0."""
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale = np.where(scale > 1e-9, scale, 1.0)
    z = (features - mean) / scale
    n_groups = int(groups.max()) + 1 if len(groups) else 0
    positives = np.bincount(groups, labels, minlength=n_groups)
    group_weight = np.where(positives > 0, 1.0 / np.maximum(positives, 1.0), 0.0)

    def loss(w: FloatArray) -> tuple[float, FloatArray]:
        s = z @ w
        top = np.full(n_groups, -np.inf)
        np.maximum.at(top, groups, s)
        e = np.exp(s - top[groups])
        total = np.bincount(groups, e, minlength=n_groups)
        log_sum = top + np.log(np.maximum(total, 1e-300))
        gain = np.bincount(groups, labels * s, minlength=n_groups) - positives * log_sum
        value = -float(np.nan_to_num(gain) @ group_weight) + 0.5 * l2 * float(w @ w)
        p = e / total[groups]
        residual = group_weight[groups] * (positives[groups] * p - labels)
        return value, z.T @ residual + l2 * w

    result = minimize(loss, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B")
    return Weights(
        mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) for v in scale),
        coef=tuple(float(v) for v in result.x),
    )
