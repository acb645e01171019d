"""Contract tests every negotiation model must pass (one shared base class, Axelrod-style), plus
hand-computed cases per model."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from aseanway.negotiation import registry
from aseanway.negotiation.common import DEFAULT_SALIENCE

# the same property methods run for every model class: a known, safe use of inherited hypothesis tests
_SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.differing_executors])


@st.composite
def issues(draw, min_actors=2, max_actors=6):
    n = draw(st.integers(min_actors, max_actors))
    pos = st.floats(0, 100, allow_nan=False).map(lambda v: round(v, 3))
    x = np.array(draw(st.lists(pos, min_size=n, max_size=n)))
    s = np.array(draw(st.lists(st.floats(1, 100).map(lambda v: round(v, 2)), min_size=n, max_size=n)))
    c = np.array(draw(st.lists(st.floats(0.1, 50).map(lambda v: round(v, 2)), min_size=n, max_size=n)))
    perm = np.array(draw(st.permutations(range(n))))
    return x, s, c, perm


class ModelContract:
    """Properties shared by all models; subclasses set ``name`` and may switch off what does not apply."""

    name: str
    uses_positions = True  # False for the midpoint
    uses_capability = True  # False for the mean and salience-weighted mean
    tol = 1e-9

    def run(self, x, s, c, **kw):
        return np.asarray(registry.run_model(self.name, x, s, c, **kw), dtype=float)

    @_SETTINGS
    @given(issues())
    def test_permuting_actors_changes_nothing(self, case):
        x, s, c, perm = case
        a = self.run(x, s, c)
        b = self.run(x[perm], s[perm], c[perm])
        assert a == pytest.approx(b, abs=1e-6)

    @_SETTINGS
    @given(issues(), st.floats(0.01, 100))
    def test_scaling_capabilities_changes_nothing(self, case, k):
        x, s, c, _ = case
        assert self.run(x, s, c) == pytest.approx(self.run(x, s, c * k), abs=1e-6)

    @_SETTINGS
    @given(issues(min_actors=2))
    def test_dictator_gets_its_position(self, case):
        if not (self.uses_positions and self.uses_capability):
            pytest.skip("model ignores capability")
        x, s, _, _ = case
        c = np.zeros_like(x)
        c[0] = 1.0
        assert self.run(x, s, c) == pytest.approx(x[0], abs=1e-6)

    @_SETTINGS
    @given(issues(), st.floats(0, 100))
    def test_unanimity_and_hull(self, case, y):
        x, s, c, _ = case
        if not self.uses_positions:
            pytest.skip("model ignores positions")
        assert self.run(np.full_like(x, y), s, c) == pytest.approx(y, abs=1e-6)
        f = self.run(x, s, c)
        assert x.min() - 1e-9 <= f <= x.max() + 1e-9

    def test_batch_with_mask_equals_issue_by_issue(self):
        rng = np.random.default_rng(7)
        x = rng.uniform(0, 100, (3, 4, 5))
        s = rng.uniform(10, 100, (3, 4, 5))
        c = rng.uniform(1, 30, (3, 4, 5))
        mask = rng.uniform(size=(3, 4, 5)) > 0.3
        mask[..., 0] = True
        sq = np.where(rng.uniform(size=(3, 4)) > 0.5, rng.uniform(0, 100, (3, 4)), np.nan)
        batch = self.run(np.where(mask, x, 999.0), s, c, mask=mask, status_quo=sq)
        assert batch.shape == (3, 4)
        for idx in np.ndindex(3, 4):
            m = mask[idx]
            one = self.run(x[idx][m], s[idx][m], c[idx][m], status_quo=sq[idx])
            assert batch[idx] == pytest.approx(float(one), abs=self.tol)

    def test_missing_salience_is_default(self):
        x, c = np.array([10.0, 70.0, 40.0]), np.array([3.0, 1.0, 2.0])
        a = self.run(x, np.array([np.nan, 80.0, 20.0]), c)
        b = self.run(x, np.array([DEFAULT_SALIENCE, 80.0, 20.0]), c)
        assert a == pytest.approx(b)


class TestCompromise(ModelContract):
    name = "compromise"

    def test_hand(self):
        # (0*1*50 + 100*1*100) / (50 + 100)
        assert self.run([0.0, 100.0], [50.0, 100.0], [1.0, 1.0]) == pytest.approx(200 / 3)
        # weights 2*50=100, 1*100=100, 1*0=0 -> (10 + 40) / 2
        assert self.run([10.0, 40.0, 90.0], [50.0, 100.0, 0.0], [2.0, 1.0, 1.0]) == pytest.approx(25.0)


class TestWeightedMedian(ModelContract):
    name = "weighted_median"

    def test_hand(self):
        s = [100.0, 100.0, 100.0]
        assert self.run([0.0, 40.0, 100.0], s, [3.0, 2.0, 4.0]) == 40.0  # cum 3, 5 >= 4.5
        assert self.run([0.0, 40.0, 100.0], s, [6.0, 1.0, 4.0]) == 0.0  # 6 >= 5.5
        assert self.run([100.0, 0.0], [50.0, 50.0], [1.0, 1.0]) == 0.0  # two equal blocs: lower


def _nash_brute(x, w, d_loss):
    def neg(v):
        gains = d_loss - (v - x) ** 2
        return np.inf if np.any(gains <= 0) else -np.sum(w * np.log(gains))

    lo = max(x - np.sqrt(d_loss))
    hi = min(x + np.sqrt(d_loss))
    return minimize_scalar(
        neg, bounds=(max(lo, 0), min(hi, 100)), method="bounded", options={"xatol": 1e-10}
    ).x


class TestNash(ModelContract):
    name = "nash"

    def test_symmetric(self):
        assert self.run([0.0, 100.0], [60.0, 60.0], [1.0, 1.0]) == pytest.approx(50.0)

    def test_against_direct_maximisation(self):
        x, w = np.array([20.0, 60.0]), np.array([0.5, 0.5])
        # status quo unknown: disagreement = each actor's worst point of the scale
        worst = np.maximum(x, 100 - x) ** 2
        assert self.run(x, [50.0, 50.0], [1.0, 1.0]) == pytest.approx(_nash_brute(x, w, worst), abs=1e-6)
        # status quo 90 beyond both actors: disagreement = the status quo
        sq_loss = (90 - x) ** 2
        got = self.run(x, [50.0, 50.0], [1.0, 1.0], status_quo=90.0)
        assert got == pytest.approx(_nash_brute(x, w, sq_loss), abs=1e-6)

    def test_status_quo_between_actors_is_the_solution(self):
        assert self.run([20.0, 60.0], [50.0, 50.0], [1.0, 1.0], status_quo=40.0) == 40.0


class TestExpectedUtility(ModelContract):
    name = "expected_utility"
    tol = 1e-7


class TestConsultation(ModelContract):
    name = "consultation"

    def test_hand(self):
        # p = 50; tolerance at salience 50 = 100 * (0.05 + 0.25 * 0.5) = 17.5 >= 10 -> round 1
        assert self.run([40.0, 60.0], [50.0, 50.0], [1.0, 1.0]) == pytest.approx(50.0)


class TestSalienceMean(ModelContract):
    name = "salience_mean"
    uses_capability = False

    def test_hand(self):
        assert self.run([0.0, 100.0], [25.0, 75.0], [9.0, 1.0]) == pytest.approx(75.0)


class TestPlainMean(ModelContract):
    name = "mean"
    uses_capability = False

    def test_hand(self):
        assert self.run([0.0, 30.0, 90.0], [1.0, 50.0, 100.0], [9.0, 1.0, 3.0]) == pytest.approx(40.0)


class TestMidpoint(ModelContract):
    name = "midpoint"
    uses_positions = False
    uses_capability = False

    def test_hand(self):
        assert self.run([0.0, 10.0], [1.0, 1.0], [1.0, 1.0], lower=4.0, upper=10.0) == pytest.approx(7.0)


def test_registry_names_every_model_once():
    assert set(registry.ALL) == set(registry.REGISTRY)
    assert registry.DEFAULT_MODEL in registry.MODELS
    with pytest.raises(KeyError, match="unknown model"):
        registry.get_model("oracle")
