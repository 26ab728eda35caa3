"""TIFU-KNN's building blocks (Hu et al., SIGIR 2020), shared by the baseline and our model.

A household's history is a sequence of baskets, cut from the most recent into groups of
`m` baskets (the oldest group may hold fewer). Inside a group, basket j of n gets
rb^(m - j); the group vector is their mean; group i of k gets rg^(k - i) and the user
vector is the mean over groups. Neighbours are the `k` nearest user vectors by
Euclidean distance (the household itself excluded).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from assistant.replenishment.data import Baskets, IntArray

CHUNK = 256


@dataclass(frozen=True)
class TifuParams:
    group_size: int = 7  # m
    within_decay: float = 0.9  # rb
    group_decay: float = 0.7  # rg
    neighbours: int = 300  # k
    alpha: float = 0.7  # weight of the household's own vector


def user_vectors(baskets: Baskets, params: TifuParams) -> sp.csr_matrix:
    """(households x items) decayed frequency vectors."""
    m = params.group_size
    household = baskets.row_household
    n = baskets.n_baskets[household]
    age = baskets.row_age  # 0 = most recent basket
    group = age // m  # 0 = most recent group
    groups = -(-n // m)
    size = np.where(group == groups - 1, n - m * (groups - 1), m)
    # Position j (1..size) inside the group, the newest basket being j = size.
    j = size - age % m
    weight = (
        params.within_decay ** (m - j).astype(np.float64)
        * params.group_decay ** group.astype(np.float64)
        / size
        / groups
    )
    matrix = sp.csr_matrix(
        (weight, (household, baskets.row_item)),
        shape=(baskets.n_households, baskets.n_items),
    )
    matrix.sum_duplicates()
    return matrix


def nearest(vectors: sp.csr_matrix, k: int) -> IntArray:
    """(households x k') indices of each household's nearest neighbours, k' = min(k, H - 1)."""
    count = vectors.shape[0]
    k = min(k, count - 1)
    if k <= 0:
        return np.zeros((count, 0), dtype=np.int64)
    norms = np.asarray(vectors.multiply(vectors).sum(axis=1)).ravel()
    transposed = vectors.T.tocsc()
    found = np.empty((count, k), dtype=np.int64)
    for lo, hi in _chunks(count):
        gram = (vectors[lo:hi] @ transposed).toarray()
        distance = norms[lo:hi, None] + norms[None, :] - 2 * gram
        distance[np.arange(hi - lo), np.arange(lo, hi)] = np.inf
        found[lo:hi] = np.argpartition(distance, k - 1, axis=1)[:, :k]
    return found


class Neighbourhood:
    """The households' vectors and nearest neighbours; `mean(rows)` is the dense mean
    of the neighbours' vectors of those households (zeros when there are none)."""

    def __init__(self, vectors: sp.csr_matrix, k: int) -> None:
        self.vectors = vectors
        self.neighbours = nearest(vectors, k)
        # sparse (items x households) @ dense weights: the work is nnz * rows, far less
        # than a sparse x sparse product whose output is nearly dense anyway.
        self._by_item = vectors.T.tocsr()

    def mean(self, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        k = self.neighbours.shape[1]
        if k == 0:
            return np.zeros((len(rows), self.vectors.shape[1]))
        weights = np.zeros((self.vectors.shape[0], len(rows)))
        columns = np.repeat(np.arange(len(rows)), k)
        weights[self.neighbours[rows].ravel(), columns] = 1.0 / k
        return np.asarray(self._by_item @ weights).T


def _chunks(count: int, size: int = CHUNK) -> Iterator[tuple[int, int]]:
    for lo in range(0, count, size):
        yield lo, min(count, lo + size)


def chunks(rows: npt.NDArray[np.int64], size: int = CHUNK) -> Iterator[npt.NDArray[np.int64]]:
    for lo, hi in _chunks(len(rows), size):
        yield rows[lo:hi]


def top_k(scores: npt.NDArray[np.float64], k: int) -> IntArray:
    """Column indices of the k best scores of each row, best first (ties: lower index).

    argpartition degrades badly on rows full of equal values (zeros): a lower bound of
    each row's k-th best, the k-th best of column-block maxima, keeps only a few
    candidates to sort.
    """
    count, width = scores.shape
    k = min(k, width)
    if count == 0 or k == 0:
        return np.zeros((count, k), dtype=np.int64)
    blocks = min(width, max(k, 512))
    size = -(-width // blocks)
    padded = np.full((count, blocks * size), -np.inf)
    padded[:, :width] = scores
    block_max = padded.reshape(count, blocks, size).max(axis=2)
    threshold = np.partition(block_max, blocks - k, axis=1)[:, blocks - k]
    rows, cols = np.nonzero(scores > threshold[:, None])
    order = np.lexsort((cols, -scores[rows, cols], rows))
    rows, cols = rows[order], cols[order]
    # Values equal to the threshold (often a sea of zeros) fill what is left, lowest
    # index first; only rows short of k need it.
    room = k - np.bincount(rows, minlength=count)
    fill_rows: list[npt.NDArray[np.int64]] = [rows]
    fill_cols: list[npt.NDArray[np.int64]] = [cols]
    for row in np.flatnonzero(room > 0):
        tied = np.flatnonzero(scores[row] == threshold[row])[: room[row]]
        fill_rows.append(np.full(len(tied), row, dtype=np.int64))
        fill_cols.append(tied)
    rows, cols = np.concatenate(fill_rows), np.concatenate(fill_cols)
    order = np.argsort(rows, kind="stable")
    rows, cols = rows[order], cols[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, np.arange(count))[rows]
    return np.asarray(cols[rank < k].reshape(count, k), dtype=np.int64)
