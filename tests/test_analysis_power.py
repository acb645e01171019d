"""Power indices: hand-checked games and a brute-force reference (all orderings, all coalitions)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aseanway.analysis.power import swing_counts, unanimity, weighted_majority, weighted_voting


def brute(weights: list[float], quota: float) -> tuple[np.ndarray, np.ndarray]:
    n = len(weights)
    ss = np.zeros(n)
    for order in itertools.permutations(range(n)):
        total = 0.0
        for p in order:
            total += weights[p]
            if total >= quota:
                ss[p] += 1
                break
    ss /= math.factorial(n)
    swings = np.zeros(n)
    for i in range(n):
        others = [j for j in range(n) if j != i]
        for r in range(n):
            for s in itertools.combinations(others, r):
                w = sum(weights[j] for j in s)
                if w < quota <= w + weights[i]:
                    swings[i] += 1
    return ss, swings / swings.sum()


def test_hand_checked_3_2_1_1() -> None:
    g = weighted_voting(["a", "b", "c"], [2, 1, 1], 3)
    assert g.shapley_shubik == pytest.approx([2 / 3, 1 / 6, 1 / 6])
    assert g.banzhaf == pytest.approx([3 / 5, 1 / 5, 1 / 5])
    assert g.banzhaf_raw == pytest.approx([3 / 4, 1 / 4, 1 / 4])


def test_dictator_and_dummy() -> None:
    g = weighted_voting(["d", "x", "y"], [5, 1, 1], 5)
    assert g.shapley_shubik == pytest.approx([1, 0, 0])
    assert g.banzhaf == pytest.approx([1, 0, 0])


@pytest.mark.parametrize("n", [2, 5, 11, 26])
def test_unanimity_gives_every_veto_player_one_nth(n: int) -> None:
    g = unanimity([f"p{i}" for i in range(n)])
    assert g.shapley_shubik == pytest.approx([1 / n] * n)
    assert g.banzhaf == pytest.approx([1 / n] * n)
    assert g.banzhaf_raw == pytest.approx([1 / 2 ** (n - 1)] * n)


def test_swing_counts_by_size() -> None:
    # others {1, 1}: subsets with 1 <= sum < 3 -> sizes 1 (two subsets) and 2 (one)
    assert swing_counts(np.array([1.0, 1.0]), 1, 3).tolist() == [0, 2, 1]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=9), min_size=2, max_size=6),
    st.floats(min_value=0.3, max_value=0.9),
)
def test_matches_brute_force(weights: list[int], share: float) -> None:
    if sum(weights) == 0:
        return
    quota = max(share * sum(weights), 0.5)
    g = weighted_voting([str(i) for i in range(len(weights))], weights, quota)
    ss, bz = brute([float(w) for w in weights], quota)
    assert g.shapley_shubik == pytest.approx(ss.tolist(), abs=1e-12)
    assert g.banzhaf == pytest.approx(bz.tolist(), abs=1e-12)


def test_weighted_majority_26_players_sums_to_one() -> None:
    w = np.random.default_rng(3).random(26)
    g = weighted_majority([str(i) for i in range(26)], w, 0.5)
    assert sum(g.shapley_shubik) == pytest.approx(1.0)
    assert sum(g.banzhaf) == pytest.approx(1.0)
    # the heaviest player has the most power under both indices
    assert int(np.argmax(g.shapley_shubik)) == int(np.argmax(w))


def test_bad_games_are_refused() -> None:
    with pytest.raises(ValueError):
        weighted_voting(["a"], [1, 2], 1)
    with pytest.raises(ValueError):
        weighted_voting([str(i) for i in range(31)], np.ones(31), 16)
