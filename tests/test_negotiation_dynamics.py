"""Consultation and expected-utility dynamics: hand cases, fallbacks, the 1994 car-emission case, and
agreement of the vectorised models with their plain-loop references."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np
import pytest

from aseanway.negotiation.consultation import (
    FALLBACK_CHAIR,
    FALLBACK_MINUS_X,
    FALLBACK_NONE,
    FALLBACK_STATUS_QUO,
    ConsultationParams,
    consult,
)
from aseanway.negotiation.draws import forecast_draws
from aseanway.negotiation.expected_utility import EUParams, expected_utility
from aseanway.negotiation.reference import consult_loop, expected_utility_loop

SHARED = Path(os.environ.get("ASEANWAY_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared"))
BDM = SHARED / "data" / "bdm1994" / "actors.csv"
DEU = SHARED / "data" / "deu3"


def test_consensus_after_two_rounds_by_hand():
    # pi = (0, 1): the proposal stays at 40. Actor 0 (salience 0, tolerance 30) rejects at distance 40,
    # moves half-way to 20, then accepts at distance 20 in round 2.
    r = consult([0.0, 40.0], [0.0, 100.0], [1.0, 1.0])
    assert bool(r.consensus) and int(r.rounds) == 2 and float(r.outcome) == pytest.approx(40.0)
    assert r.final_positions == pytest.approx([20.0, 40.0])
    assert int(r.fallback) == FALLBACK_NONE and not r.blockers.any()


def test_red_lines_block_and_fallbacks():
    # two full-salience members 100 points apart never move (concession limit 0) and never accept
    x, s, c = [0.0, 100.0], [100.0, 100.0], [1.0, 1.0]
    r = consult(x, s, c)
    assert not r.consensus and r.blockers.all() and int(r.fallback) == FALLBACK_CHAIR
    assert float(r.outcome) == pytest.approx(50.0) and int(r.rounds) == ConsultationParams().max_rounds
    r = consult(x, s, c, status_quo=30.0)
    assert int(r.fallback) == FALLBACK_STATUS_QUO and float(r.outcome) == 30.0


def test_minus_x():
    # one hold-out at 100 with full salience among five members near 20 with salience 20: they concede
    # up to 40 points (to 60, 60, 62, 58), the proposal sits at (0.2*4*60 + 100) / 1.8 = 82.2, within
    # their tolerance of 25 but not the hold-out's 5
    x = np.array([20.0, 20.0, 22.0, 18.0, 100.0])
    s = np.array([20.0, 20.0, 20.0, 20.0, 100.0])
    c = np.ones(5)
    plain = consult(x, s, c, status_quo=0.0)
    assert not plain.consensus and plain.blockers.tolist() == [False] * 4 + [True]
    assert int(plain.fallback) == FALLBACK_STATUS_QUO
    mx = consult(x, s, c, status_quo=0.0, allow_minus_x=True)
    assert int(mx.fallback) == FALLBACK_MINUS_X
    assert mx.final_positions == pytest.approx([60.0, 60.0, 62.0, 58.0, 100.0])
    assert float(mx.outcome) == pytest.approx(60.0)  # the four adopt the compromise of their positions


def test_consultation_is_deterministic_and_batched():
    rng = np.random.default_rng(1)
    x, s, c = rng.uniform(0, 100, (4, 6, 7)), rng.uniform(0, 100, (4, 6, 7)), rng.uniform(1, 9, (4, 6, 7))
    a, b = consult(x, s, c), consult(x, s, c)
    assert np.array_equal(a.outcome, b.outcome) and a.blockers.shape == (4, 6, 7)


def _loop_cases(n_cases=40, seed=3):
    rng = np.random.default_rng(seed)
    for _ in range(n_cases):
        n = int(rng.integers(2, 9))
        x = rng.choice([0.0, 25.0, 50.0, 75.0, 100.0], n) + rng.normal(0, 3, n)
        yield np.clip(x, 0, 100), rng.uniform(0, 100, n), rng.uniform(1, 30, n), rng.uniform() < 0.5


def test_consultation_agrees_with_loop_reference():
    for x, s, c, minus in _loop_cases():
        sq = 50.0 if minus else np.nan
        v = consult(x, s, c, status_quo=sq, allow_minus_x=minus)
        ok, out, rounds, blockers, final, fallback = consult_loop(x, s, c, status_quo=sq, allow_minus_x=minus)
        assert bool(v.consensus) == ok and int(v.rounds) == rounds and int(v.fallback) == fallback
        assert float(v.outcome) == pytest.approx(out, abs=1e-9)
        assert v.blockers.tolist() == blockers
        assert v.final_positions == pytest.approx(final, abs=1e-9)


def test_expected_utility_agrees_with_loop_reference():
    for x, s, c, _ in _loop_cases(25, seed=5):
        v = expected_utility(x, s, c)
        f, final, rounds, medians = expected_utility_loop(x, s, c)
        assert float(v.forecast) == pytest.approx(f, abs=1e-9) and int(v.rounds) == rounds
        assert v.positions == pytest.approx(final, abs=1e-9)
        assert v.median_history == pytest.approx(medians, abs=1e-9)


def _bdm():
    if not BDM.is_file():
        pytest.skip(f"shared data absent: {BDM}")
    rows = list(csv.DictReader(BDM.open()))
    return tuple(np.array([float(r[k]) for r in rows]) for k in ("position", "salience", "capability"))


def test_car_emission_case_default():
    x, s, c = _bdm()
    r = expected_utility(x, s, c)
    # BDM's pairwise probabilities: everybody settles on the initial median voter (7 years) in 3 rounds
    assert bool(r.settled) and int(r.rounds) == 3
    assert float(r.forecast) == pytest.approx(7.0)
    assert r.mean_history[0] == pytest.approx(7.39, abs=0.005)  # Scholz's initial mean 7.4


def test_car_emission_case_scholz_probability_reproduces_published_rounds():
    x, s, c = _bdm()
    r = expected_utility(x, s, c, params=EUParams(probability="global"))
    # Scholz et al. (2011): median voter by round 8.4, 9.9, 9.9 (their rounds 1-3)
    assert r.median_history[1:4] == pytest.approx([8.43, 9.62, 9.96], abs=0.005)
    assert not r.settled  # the model cycles
    assert float(r.forecast) == pytest.approx(9.544, abs=0.001)  # mean of the 10 per-round medians


def test_draws_summary():
    x, s, c = np.array([[10.0, 60.0, 90.0]]), np.array([[80.0, 50.0, 40.0]]), np.array([[3.0, 2.0, 1.0]])
    a = forecast_draws("consultation", x, s, c, n_draws=300, rng=np.random.default_rng(5))
    b = forecast_draws("consultation", x, s, c, n_draws=300, rng=np.random.default_rng(5))
    assert np.array_equal(a.mean, b.mean)
    assert a.lower[0] <= a.mean[0] <= a.upper[0] and a.lower[0] < a.upper[0]
    assert 0.0 <= a.consensus_probability[0] <= 1.0
    comp = forecast_draws("compromise", x, s, c, n_draws=2000, rng=np.random.default_rng(2))
    assert comp.mean[0] == pytest.approx(comp.point[0], abs=2.0)
    assert comp.consensus_probability is None
