"""Security: harm and cooperation functions (properties), the ICEWS table (rebuilt), the engine with it."""

from __future__ import annotations

import importlib.util
import os
from datetime import date
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from aseanway.errors import InputError
from aseanway.i18n import translator
from aseanway.mechanisms import security as sec
from aseanway.mechanisms.security import Security
from aseanway.simulation.engine import simulate
from aseanway.simulation.scenario import parse_scenario
from aseanway.simulation.setup import prepare

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ASEANWAY_SHARED", REPO / ".." / "shared"))
ICEWS = SHARED / "data" / "icews" / "dyad_year.csv.gz"
MEMBERS = ["BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS"]


def scenario(mechanisms=None, actors=MEMBERS, end="2026-12-31"):
    raw = {
        "version": 1,
        "name": "s",
        "start": "2026-01-01",
        "end": end,
        "seed": 4,
        "runs": 4,
        "forums": ["SUMMIT"],
        "actors": [{"code": c} for c in actors],
        "issues": [
            {
                "id": "counter-terrorism",
                "name_en": "Counter-terrorism",
                "name_id": "Penanggulangan terorisme",
                "aspect": "defence",
                "forums": ["SUMMIT"],
                "positions": {c: {"position": 80, "salience": 60, "reason": "test"} for c in actors[:4]},
            }
        ],
        "mechanisms": mechanisms or {},
    }
    return parse_scenario(yaml.safe_dump(raw), file="s.yaml")


def indicator(res, name):
    sel = res.indicators["name"] == name
    return res.indicators["draw"][sel], res.indicators["date"][sel], res.indicators["value"][sel]


# --- the derived table ---------------------------------------------------------------------------------
def load_script():
    spec = importlib.util.spec_from_file_location(
        "derive_threat_rates", REPO / "scripts" / "derive_threat_rates.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def test_shipped_table_covers_the_members() -> None:
    rates = sec.shipped_rates()
    assert set(rates) == set(MEMBERS)
    assert all(v > 0 for v in rates.values())
    assert rates["BRN"] == rates["TLS"] == min(rates.values())  # imputed: absent from ICEWS


@pytest.mark.skipif(not ICEWS.is_file(), reason=f"shared ICEWS data not found at {ICEWS}")
def test_table_rebuilds_from_icews() -> None:
    shipped = (resources.files("aseanway.mechanisms") / "data" / sec.RATES_TABLE).read_text(encoding="utf-8")
    assert load_script().derive(ICEWS) == shipped


def test_yearly_counts_by_hand() -> None:
    mod = load_script()
    rows = [
        {"source": "IDN", "target": "MYS", "year": "2005", "matlConf": "3.0"},
        {"source": "THA", "target": "KHM", "year": "2005", "matlConf": "99.0"},  # excluded dyad
        {"source": "CHN", "target": "PHL", "year": "2005", "matlConf": "7.0"},  # not an ASEAN dyad
        {"source": "SGP", "target": "MYS", "year": "2005", "matlConf": "2.0"},
    ]
    counts = mod.yearly_counts(rows)
    assert counts["MYS"][2005] == 5.0 and counts["KHM"][2005] == 0.0 and counts["PHL"][2005] == 0.0


# --- functions: hand checks and properties -------------------------------------------------------------
def test_expected_harm_by_hand() -> None:
    rate = np.array([[2.0, 0.0], [1.0, 4.0]])  # two types, two members
    sev = np.array([1.0, 0.5])
    # member 0: 2 + 0.5 = 2.5 raw; k_0 = (0.4 + 0.2) / 2 = 0.3 -> 2.5 (1 - 0.5 * 0.3)
    got = sec.expected_harm(rate, sev, np.array([0.4, 0.0]), 0.5)
    assert got == pytest.approx([2.5 * 0.85, 2.0 * 0.95])
    assert sec.harm_mu(1.0, 1.0) == pytest.approx(-0.5)


coop_arrays = arrays(np.float64, 5, elements=st.floats(0, 1))
rate_arrays = arrays(np.float64, (3, 5), elements=st.floats(0, 20))


@settings(max_examples=120, deadline=None)
@given(rate_arrays, coop_arrays, coop_arrays, st.floats(0, 1))
def test_raising_cooperation_never_raises_expected_harm(rate, c1, c2, e) -> None:
    low, high = np.minimum(c1, c2), np.maximum(c1, c2)
    sev = np.array([1.0, 2.0, 0.5])
    h_low, h_high = sec.expected_harm(rate, sev, low, e), sec.expected_harm(rate, sev, high, e)
    assert (h_high <= h_low + 1e-12).all()


@settings(max_examples=60, deadline=None)
@given(coop_arrays, st.floats(0, 1))
def test_zero_rate_means_zero_harm(coop, e) -> None:
    assert (sec.expected_harm(np.zeros((4, 5)), np.ones(4), coop, e) == 0).all()


@settings(max_examples=120, deadline=None)
@given(st.floats(0, 1), st.floats(0, 5), st.floats(0, 5), st.floats(0, 1), st.floats(0, 1))
def test_cooperation_rises_with_shared_threat_and_affinity(b, s1, s2, a1, a2) -> None:
    (sa, sb), (aa, ab) = sorted((s1, s2)), sorted((a1, a2))
    f = sec.update_practical
    assert f(np.array(b), np.array(sa), np.array(0.8), 0.05, 0.02) <= f(
        np.array(b), np.array(sb), np.array(0.8), 0.05, 0.02
    )
    assert f(np.array(b), np.array(1.0), np.array(aa), 0.05, 0.02) <= f(
        np.array(b), np.array(1.0), np.array(ab), 0.05, 0.02
    )
    assert 0 <= f(np.array(b), np.array(sb), np.array(ab), 0.05, 0.02) <= 1


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 1), st.floats(0.001, 1), st.floats(0.001, 1))
def test_steady_state_is_a_fixed_point(aff, gain, decay) -> None:
    b = sec.steady_state(np.array(aff), gain, decay)
    assert sec.update_practical(b, np.array(1.0), np.array(aff), gain, decay) == pytest.approx(b, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(coop_arrays, coop_arrays, coop_arrays)
def test_combined_cooperation_is_bounded_and_monotone(b, i, g) -> None:
    c = sec.combine(b, i, g)
    assert ((c >= np.maximum.reduce([b, i, g]) - 1e-12) & (c <= 1)).all()


# --- in the engine --------------------------------------------------------------------------------------
def test_zero_rates_give_zero_harm_in_the_engine() -> None:
    res = simulate(prepare(scenario({"security": {"rate_scale": 0}})), runs=3)
    for name in ("threat_harm_expected", "threat_harm_realised", "threat_incidents"):
        assert (indicator(res, name)[2] == 0).all()


def test_more_effective_cooperation_lowers_realised_harm_run_by_run() -> None:
    """Incident draws do not depend on cooperation, so harm falls run by run and month by month."""
    low = simulate(prepare(scenario({"security": {"effectiveness": 0.1}})), runs=5, seed=3)
    high = simulate(prepare(scenario({"security": {"effectiveness": 0.9}})), runs=5, seed=3)
    r_low, r_high = indicator(low, "threat_harm_realised")[2], indicator(high, "threat_harm_realised")[2]
    assert (r_high <= r_low).all() and (r_high < r_low).any()
    np.testing.assert_array_equal(
        indicator(low, "threat_incidents")[2], indicator(high, "threat_incidents")[2]
    )


def test_incident_counts_match_the_rates() -> None:
    """Mean monthly incidents over many runs: the ICEWS rates of the members (Poisson: sd known)."""
    res = simulate(prepare(scenario(end="2026-06-30")), runs=200, seed=8)
    counts = indicator(res, "threat_incidents")[2]
    lam = sum(sec.shipped_rates()[c] for c in MEMBERS)
    assert abs(counts.mean() - lam) < 4 * np.sqrt(lam / counts.size)


def test_instruments_raise_cooperation_with_treaties_on_or_off() -> None:
    """The ACCT is in force for the ten (not Timor-Leste): with it cooperation starts higher than without."""
    base = {"initial_cooperation": 0.2}
    with_acct = simulate(prepare(scenario({"security": base, "treaties": {"enabled": False}})), runs=2)
    without = simulate(
        prepare(scenario({"security": {**base, "instruments": {}}, "treaties": {"enabled": False}})), runs=2
    )

    def first(res):
        _, dates, coop = indicator(res, "security_cooperation")
        return coop[dates == date(2026, 1, 1)]

    c0 = 0.2
    acct = 1 - (1 - c0) * (1 - sec.INSTRUMENT_WEIGHTS["ACCT_2007"])
    assert first(without) == pytest.approx([c0, c0])
    assert first(with_acct) == pytest.approx([(10 * acct + c0) / 11] * 2)
    on = simulate(prepare(scenario({"security": base})), runs=2)
    assert (first(on) > c0).all() and (
        first(on) <= first(with_acct) + 1e-12
    ).all()  # lapses can only lower it


def test_adopted_counter_terrorism_item_raises_cooperation() -> None:
    res = simulate(
        prepare(
            scenario({"security": {"initial_cooperation": 0.0, "cooperation_gain": 0.0, "instruments": {}}})
        ),
        runs=2,
    )
    draws, dates, coop = indicator(res, "security_cooperation")
    assert coop[dates == date(2026, 1, 1)] == pytest.approx([0, 0])
    adopted = res.adopted[:, 0]
    late = coop[dates == date(2026, 12, 1)]
    expected = np.where(adopted, sec.ISSUE_WEIGHTS["counter-terrorism"] * res.outcome[:, 0] / 100.0, 0.0)
    assert late == pytest.approx(expected)
    assert adopted.any()


def test_engine_runs_with_security_off_and_bad_config_is_an_error() -> None:
    res = simulate(prepare(scenario({"security": {"enabled": False}})), runs=2)
    assert "security_cooperation" not in set(res.indicators["name"])
    res = simulate(
        prepare(scenario({"security": {"enabled": False}, "treaties": {"enabled": False}})), runs=2
    )
    assert res.adopted.shape == (2, 1)
    with pytest.raises(InputError) as err:
        simulate(prepare(scenario({"security": {"instruments": {"NOPE": 0.2}}})), runs=1)
    assert err.value.field == "mechanisms.security.instruments.NOPE"
    with pytest.raises(InputError) as err:
        simulate(prepare(scenario({"security": {"rates": {"IDN": 1.0}}})), runs=1)
    assert err.value.field == "mechanisms.security.rates"


def test_indicator_labels_are_translated() -> None:
    _ = translator("id")
    for label in Security.indicators.values():
        assert _(label) != label


def test_an_adopted_treaty_issue_can_count_as_an_instrument() -> None:
    sc = scenario({"security": {"instruments": {"counter-terrorism": 0.25}, "initial_cooperation": 0.0}})
    issues = [i.model_copy(update={"adopt_as": type(i.adopt_as)("treaty")}) for i in sc.issues]
    res = simulate(prepare(sc.model_copy(update={"issues": issues})), runs=2)
    assert "security_cooperation" in set(res.indicators["name"])  # accepted, no InputError
    with pytest.raises(InputError):  # as a declaration it is neither an instrument nor a treaty issue
        simulate(prepare(sc), runs=1)
