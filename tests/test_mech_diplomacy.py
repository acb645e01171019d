"""Diplomacy: hand-checked moves, properties, bounds in the engine, switching mechanisms off."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from aseanway.errors import InputError
from aseanway.mechanisms import REGISTRY
from aseanway.mechanisms.diplomacy import PARTNER_MAX_SHIFT, dialogue_moves, pressure_pull, visit_update
from aseanway.simulation.engine import simulate
from aseanway.simulation.scenario import Scenario, load_scenario, parse_scenario
from aseanway.simulation.setup import prepare


def test_hand_checked_moves() -> None:
    assert visit_update(np.array(0.5), np.array(True), 0.02) == pytest.approx(0.51)
    assert visit_update(np.array(0.5), np.array(False), 0.02) == 0.5
    m_a, m_b = dialogue_moves(np.array(20.0), np.array(60.0), np.array(50.0), np.array(50.0), 0.1)
    assert (m_a, m_b) == (pytest.approx(2.0), pytest.approx(-2.0))
    m_a, m_b = dialogue_moves(np.array(20.0), np.array(60.0), np.array(20.0), np.array(80.0), 0.1)
    assert (m_a, m_b) == (pytest.approx(3.2), pytest.approx(-0.8))  # the side that cares less concedes more
    # affinity 0.9 (floor 0.5 -> f = 0.8), capabilities 3 vs 1 (leverage 0.75), salience 100, gap -40
    pull = pressure_pull(np.array(0.0), np.array(40.0), np.array(100.0), np.array(0.9), 3.0, 1.0, 0.1, 0.5)
    assert pull == pytest.approx(0.1 * 0.8 * 0.75 * 1.0 * -40.0)
    assert (
        pressure_pull(np.array(0.0), np.array(40.0), np.array(100.0), np.array(0.4), 3.0, 1.0, 0.1, 0.5) == 0
    )


unit = st.floats(0, 1, allow_nan=False)
pos = st.floats(0, 100, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(xp=pos, xm=pos, w=pos, a1=unit, a2=unit)
def test_pressure_grows_with_affinity_and_never_overshoots(xp, xm, w, a1, a2) -> None:
    lo, hi = sorted((a1, a2))
    p_lo = pressure_pull(np.array(xp), np.array(xm), np.array(w), np.array(lo), 1.0, 1.0, 0.1, 0.5)
    p_hi = pressure_pull(np.array(xp), np.array(xm), np.array(w), np.array(hi), 1.0, 1.0, 0.1, 0.5)
    assert abs(p_hi) >= abs(p_lo) - 1e-12
    assert abs(p_hi) <= abs(xp - xm) + 1e-9 and p_hi * (xp - xm) >= 0


@settings(max_examples=200, deadline=None)
@given(xa=pos, xb=pos, wa=pos, wb=pos, step=unit)
def test_dialogue_never_crosses(xa, xb, wa, wb, step) -> None:
    m_a, m_b = dialogue_moves(np.array(xa), np.array(xb), np.array(wa), np.array(wb), step)
    gap_after = (xb + m_b) - (xa + m_a)
    assert abs(gap_after) <= abs(xb - xa) + 1e-9 and gap_after * (xb - xa) >= -1e-9


MINI = {
    "version": 1,
    "name": "dip",
    "start": "2026-01-01",
    "end": "2026-12-31",
    "seed": 1,
    "runs": 4,
    "forums": ["AMM"],
    "actors": [{"code": c} for c in ("IDN", "MYS", "KHM", "CHN")],
    "issues": [
        {
            "id": "x",
            "name_en": "X",
            "name_id": "X",
            "aspect": "defence",
            "forums": ["AMM"],
            "positions": {
                "IDN": {"position": 80, "salience": 60, "reason": "test"},
                "MYS": {"position": 70, "salience": 60, "reason": "test"},
                "KHM": {"position": 60, "salience": 60, "reason": "test"},
                "CHN": {"position": 0, "salience": 100, "reason": "test"},
            },
        }
    ],
    "parameters": {"noise": {"position_sd": 0, "salience_sd": 0, "meeting_salience_sd": 0}},
}


def _sc(diplomacy: dict) -> Scenario:
    raw = copy.deepcopy(MINI)
    raw["mechanisms"] = {"diplomacy": diplomacy}
    return parse_scenario(yaml.safe_dump(raw), file="dip.yaml")


def test_partner_pressure_is_bounded_and_pulls_towards_the_partner() -> None:
    only_pressure = {"visit_members": 0, "visit_partners": 0, "dialogue_rate": 0, "pressure_rate": 1}
    inputs = prepare(_sc(only_pressure))
    res = simulate(inputs, runs=5, seed=2)
    ind = res.indicators
    before_amm = (ind["name"] == "partner_shift") & (
        ind["date"] <= np.datetime64("2026-07-01").astype(object)
    )
    shift = ind["value"][ind["name"] == "partner_shift"]
    assert shift.max() <= 3 * PARTNER_MAX_SHIFT + 1e-9  # three members, one issue, each bounded
    assert shift[before_amm[ind["name"] == "partner_shift"]].min() > 0
    ev = res.events
    assert not {"visit", "dialogue"} & set(ev["kind"]) and "partner_pressure" in set(ev["kind"])
    assert set(ev["actors"][ev["kind"] == "partner_pressure"]) == {"CHN"}
    # every member ends closer to China's 0 than without the pressure
    quiet = simulate(prepare(_sc(only_pressure | {"pressure_rate": 0})), runs=5, seed=2)
    for code in ("IDN", "MYS", "KHM"):
        a = inputs.codes.index(code)
        assert (res.final_position[:, a, 0] < quiet.final_position[:, a, 0]).all()
    # stability: nothing moves between the partner's campaigns except positions; affinity is still
    vol = ind["value"][ind["name"] == "affinity_volatility"]
    dates = ind["date"][ind["name"] == "affinity_volatility"]
    assert np.allclose(vol[dates <= np.datetime64("2026-07-01").astype(object)], 0.0)


def test_no_diplomacy_no_moves_before_the_first_meeting() -> None:
    off = {"visit_members": 0, "visit_partners": 0, "dialogue_rate": 0, "pressure_rate": 0}
    res = simulate(prepare(_sc(off)), runs=2, seed=2)
    ind = res.indicators
    sel = (ind["name"] == "position_volatility") & (ind["date"] <= np.datetime64("2026-07-01").astype(object))
    assert np.allclose(ind["value"][sel], 0.0)
    sel = (ind["name"] == "position_volatility") & (ind["date"] == np.datetime64("2026-08-01").astype(object))
    assert (ind["value"][sel] > 0).all()  # the July AMM moved positions


def test_visits_raise_affinity() -> None:
    def final(rate: float):
        sc = _sc({"visit_members": rate, "visit_partners": rate, "dialogue_rate": 0, "pressure_rate": 0})
        raw = sc.model_dump(mode="json")
        for other in ("treaties", "security", "disputes"):
            raw["mechanisms"][other]["enabled"] = False
        return simulate(prepare(Scenario.model_validate(raw)), runs=2, seed=2)

    with_visits, without = final(1.0), final(0.0)
    off = ~np.eye(4, dtype=bool)
    assert (with_visits.final_affinity[:, off] > without.final_affinity[:, off]).all()
    assert (with_visits.events["kind"] == "visit").sum() == 2 * 12 * 6  # 6 pairs with a member, 12 months
    assert (without.events["kind"] == "visit").sum() == 0


def test_unknown_partner_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"diplomacy\.partners\[0\]"):
        simulate(prepare(_sc({"partners": ["IDN"]})), runs=1, seed=0)


@pytest.mark.parametrize("off", [[cls.name] for cls in REGISTRY] + [[cls.name for cls in REGISTRY]])
def test_engine_runs_with_mechanisms_off(off) -> None:
    raw = load_scenario().model_dump(mode="json")
    for name in off:
        raw["mechanisms"][name]["enabled"] = False
    res = simulate(prepare(Scenario.model_validate(raw)), runs=3, seed=1)
    assert res.adopted.shape[0] == 3
    names = set(res.indicators["name"])
    if "diplomacy" in off:
        assert "partner_shift" not in names and "visit" not in set(res.events["kind"])
    if "disputes" in off:
        assert "militarised_incidents" not in names
