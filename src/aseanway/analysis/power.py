"""A priori voting power: Shapley-Shubik (1954) and Banzhaf (1965) indices of weighted voting games.

A weighted voting game ``[q; w_1, ..., w_n]`` makes a coalition ``S`` winning when ``w(S) >= q``.
Player ``i`` is a *swing* in ``S`` (``i`` not in ``S``) when ``S`` loses and ``S + {i}`` wins, i.e.
``q - w_i <= w(S) < q``. With ``c_i(k)`` the number of swing coalitions of size ``k``:

- Shapley-Shubik: ``phi_i = sum_k c_i(k) k! (n - 1 - k)! / n! = sum_k c_i(k) / (n C(n - 1, k))``
  (the share of the ``n!`` orderings in which ``i`` is pivotal; Shapley & Shubik 1954);
- Banzhaf: raw ``beta'_i = sum_k c_i(k) / 2^(n - 1)`` (the probability of being a swing), normalised
  ``beta_i = beta'_i / sum_j beta'_j`` (Banzhaf 1965).

Consensus (unanimity, ``q = n`` with unit weights) makes every member a veto player: every index is
``1/n`` for everybody. The counts are exact: the other players are split in two halves, the subset
sums and sizes of each half are enumerated with NumPy (``2^(n/2)`` each), and for every size pair the
number of sums in ``[q - w_i - a, q - a)`` is found by binary search (meet in the middle), so games of
up to about 30 players take well under a second, with real-valued weights (no rounding).
"""

from __future__ import annotations

from math import comb

import numpy as np
from pydantic import BaseModel

MAX_PLAYERS = 30  # 2 x 2^15 subset sums per player: exact and fast; beyond that refuse


class PowerIndices(BaseModel):
    """Indices of every player of one game (same order as ``players``)."""

    players: list[str]
    weights: list[float]
    quota: float
    shapley_shubik: list[float]
    banzhaf: list[float]  # normalised to sum to 1
    banzhaf_raw: list[float]  # probability of being a swing

    def of(self, player: str) -> tuple[float, float]:
        k = self.players.index(player)
        return self.shapley_shubik[k], self.banzhaf[k]


def _half_sums(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Subset sums and sizes of all ``2^m`` subsets of ``w``."""
    m = w.size
    masks = np.arange(2**m, dtype=np.int64)
    bits = ((masks[:, None] >> np.arange(m)) & 1).astype(np.float64)
    return bits @ w, bits.sum(axis=1).astype(np.int64)


def swing_counts(others: np.ndarray, low: float, high: float) -> np.ndarray:
    """``c[k]``: subsets of ``others`` with ``k`` members and ``low <= sum < high`` (exact counts)."""
    others = np.asarray(others, dtype=float)
    n = others.size
    half = n // 2
    sa, ka = _half_sums(others[:half])
    sb, kb = _half_sums(others[half:])
    counts = np.zeros(n + 1, dtype=np.int64)
    by_size = {k: np.sort(sb[kb == k]) for k in range(n - half + 1)}
    for k_a in range(half + 1):
        a = sa[ka == k_a]
        for k_b, b in by_size.items():
            hits = np.searchsorted(b, high - a, side="left") - np.searchsorted(b, low - a, side="left")
            counts[k_a + k_b] += int(hits.sum())
    return counts


def weighted_voting(players: list[str], weights, quota: float) -> PowerIndices:
    """Shapley-Shubik and Banzhaf indices of the game ``[quota; weights]`` (winning: ``w(S) >= quota``)."""
    w = np.asarray(weights, dtype=float)
    n = w.size
    if n != len(players) or n == 0:
        raise ValueError("one weight per player, at least one player")
    if n > MAX_PLAYERS:
        raise ValueError(f"{n} players: exact indices are computed for at most {MAX_PLAYERS}")
    if np.any(w < 0) or not quota > 0:
        raise ValueError("weights must be >= 0 and the quota > 0")
    ss = np.zeros(n)
    raw = np.zeros(n)
    coef = np.array([1.0 / (n * comb(n - 1, k)) for k in range(n)])
    for i in range(n):
        c = swing_counts(np.delete(w, i), quota - w[i], quota)[:n]
        ss[i] = float(c @ coef)
        raw[i] = float(c.sum()) / 2.0 ** (n - 1)
    total = raw.sum()
    bz = raw / total if total > 0 else np.zeros(n)
    return PowerIndices(
        players=list(players),
        weights=w.tolist(),
        quota=float(quota),
        shapley_shubik=ss.tolist(),
        banzhaf=bz.tolist(),
        banzhaf_raw=raw.tolist(),
    )


def unanimity(players: list[str]) -> PowerIndices:
    """Consensus: the game ``[n; 1, ..., 1]``; every player is a veto player and gets ``1/n``."""
    n = len(players)
    return weighted_voting(players, np.ones(n), float(n))


def weighted_majority(players: list[str], weights, share: float) -> PowerIndices:
    """Weighted majority: winning coalitions hold at least ``share`` of the total weight."""
    w = np.asarray(weights, dtype=float)
    return weighted_voting(players, w, share * float(w.sum()))


__all__ = ["MAX_PLAYERS", "PowerIndices", "swing_counts", "unanimity", "weighted_majority", "weighted_voting"]
