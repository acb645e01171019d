"""Disputes: hand-checked probabilities and moves, properties, the ladder's rules, the real cases."""

from __future__ import annotations

import collections
import copy
import math

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from aseanway.errors import InputError
from aseanway.mechanisms import disputes as dm
from aseanway.mechanisms.disputes import (
    N_UNIFORMS,
    STEPS,
    DisputeArrays,
    DisputeParams,
    DisputeSpec,
    Statics,
    advance,
    escalation_probs,
    replay,
)
from aseanway.simulation.engine import simulate
from aseanway.simulation.scenario import parse_scenario
from aseanway.simulation.setup import derived_affinity, derived_capability, prepare
from aseanway.world import load_world

P = DisputeParams()


def _sig(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def test_escalation_probabilities_by_hand() -> None:
    up, calm = escalation_probs(np.array(1), 0.5, 0.7, P.a_ref, 0, P)
    exp_up = _sig(-6.0 + 1.5 * 0.5 + 2.0 * 0.7)  # -3.85
    exp_down = _sig(-4.0 + 0.9 * 1 - 1.0 * 0.7)  # -3.8
    assert up == pytest.approx(exp_up) and up == pytest.approx(0.020836, abs=1e-6)
    assert calm == pytest.approx((1 - exp_up) * exp_down)
    # history at the cap adds b_history to the logit
    up5, _ = escalation_probs(np.array(1), 0.5, 0.7, P.a_ref, 9, P)
    assert up5 == pytest.approx(_sig(-3.85 + 1.0))
    top, _ = escalation_probs(np.array(4), 1.0, 1.0, 0.0, 5, P)
    _, bottom = escalation_probs(np.array(0), 0.0, 0.0, 1.0, 0, P)
    assert top == 0.0 and bottom == 0.0


unit = st.floats(0, 1, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(level=st.integers(0, 4), parity=unit, sal=unit, a1=unit, a2=unit, hist=st.integers(0, 10))
def test_higher_affinity_never_raises_escalation(level, parity, sal, a1, a2, hist) -> None:
    lo, hi = sorted((a1, a2))
    up_lo, calm_lo = escalation_probs(np.array(level), parity, sal, lo, hist, P)
    up_hi, calm_hi = escalation_probs(np.array(level), parity, sal, hi, hist, P)
    assert up_hi <= up_lo + 1e-12
    assert up_hi - calm_hi <= up_lo - calm_lo + 1e-12  # expected move never rises with affinity
    assert 0 <= up_hi + calm_hi <= 1 + 1e-12


@settings(max_examples=200, deadline=None)
@given(level=st.integers(0, 3), p1=unit, p2=unit, sal=unit, aff=unit)
def test_parity_never_lowers_escalation(level, p1, p2, sal, aff) -> None:
    lo, hi = sorted((p1, p2))
    assert (
        escalation_probs(np.array(level), hi, sal, aff, 0, P)[0]
        >= escalation_probs(np.array(level), lo, sal, aff, 0, P)[0]
    )


def _spec(**kw) -> DisputeSpec:
    base = {"id": "X", "parties": ["THA", "KHM"], "stake": 50, "intensity": 1}
    return DisputeSpec(**(base | kw))


def _one_month(spec: DisputeSpec, u_value: np.ndarray | float, *, chair_ok=True, p=P, st=None):
    st = st or DisputeArrays.start([spec], 1)
    u = np.broadcast_to(np.asarray(u_value, dtype=float), (1, 1, N_UNIFORMS)).copy()
    mv = advance(
        st,
        Statics.of([spec]),
        np.array([0.5]),
        np.full((1, 1), 0.95),
        np.full((1, 1), 0.7),
        np.array([chair_ok]),
        u,
        p,
    )
    return st, mv


def test_low_draws_escalate_high_draws_do_nothing() -> None:
    st, mv = _one_month(_spec(intensity=2), 0.0)
    assert st.level[0, 0] == 3 and mv.escalated[0, 0] and mv.incident[0, 0] and st.history[0, 0] == 1
    st, mv = _one_month(_spec(intensity=2), 0.999999)
    assert st.level[0, 0] == 2 and not mv.escalated.any() and not mv.settled.any()
    assert mv.entered_step[0, 0] == -1


def test_chair_good_offices_need_a_crisis_and_a_neutral_chair() -> None:
    u = np.full(N_UNIFORMS, 0.999999)
    u[4 + STEPS.index("chair_good_offices")] = 0.0
    st, mv = _one_month(_spec(intensity=2), u)
    assert STEPS[mv.entered_step[0, 0]] == "chair_good_offices" and st.step[0, 0] == 1
    _, mv = _one_month(_spec(intensity=2), u, chair_ok=False)  # the chair is a party
    assert mv.entered_step[0, 0] == -1
    _, mv = _one_month(_spec(intensity=1), u)  # no crisis
    assert mv.entered_step[0, 0] == -1


def test_adjudication_rules_after_its_duration_and_consent_decides_compliance() -> None:
    spec = _spec(open_steps=["bilateral", "icj"], consent=["THA", "KHM"], intensity=1)
    p = DisputeParams(patience_months=0, icj_months=3, comply_consented=1.0)
    u = np.full(N_UNIFORMS, 0.999999)
    u[4 + STEPS.index("icj")] = 0.0
    u[1] = 0.5  # duration: 1 + floor(log(0.5) / log(1 - 1/3)) = 2 months
    st, mv = _one_month(spec, u, p=p)
    assert STEPS[st.step[0, 0]] == "icj" and st.ruling_in[0, 0] == 2
    quiet = np.full(N_UNIFORMS, 0.999999)
    quiet[3] = 0.5
    st, mv = _one_month(spec, quiet, p=p, st=st)
    assert not st.settled[0, 0] and st.ruling_in[0, 0] == 1
    st, mv = _one_month(spec, quiet, p=p, st=st)
    assert st.settled[0, 0] and mv.settled[0, 0]  # ruling, complied with
    # unilateral arbitration with zero compliance: the award leaves the dispute, back to bilateral
    arb = _spec(type="maritime", open_steps=["bilateral", "arbitration"], consent=["THA"])
    p0 = DisputeParams(patience_months=0, arbitration_months=1, comply_unilateral=0.0)
    u = np.full(N_UNIFORMS, 0.999999)
    u[4 + STEPS.index("arbitration")] = 0.0
    st, _ = _one_month(arb, u, p=p0)
    st, mv = _one_month(arb, quiet, p=p0, st=st)
    assert not st.settled[0, 0] and STEPS[st.step[0, 0]] == "bilateral"
    st, mv = _one_month(arb, u, p=p0, st=st)  # one case per court: no second arbitration
    assert mv.entered_step[0, 0] == -1


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        (
            {"type": "internal", "parties": ["MMR"], "open_steps": ["bilateral", "mediation"]},
            "non-interference",
        ),
        ({"type": "internal"}, "exactly one party"),
        ({"open_steps": ["bilateral", "icj"], "consent": ["THA"]}, "special agreement"),
        ({"open_steps": ["bilateral", "arbitration"], "consent": ["THA"]}, "maritime"),
        ({"step": "icj"}, "not in open_steps"),
    ],
)
def test_bad_disputes_are_refused(kw, match) -> None:
    with pytest.raises(ValueError, match=match):
        _spec(**kw)


def test_internal_disputes_never_leave_good_offices() -> None:
    spec = DisputeSpec(
        id="M",
        parties=["MMR"],
        type="internal",
        stake=90,
        intensity=4,
        open_steps=["bilateral", "chair_good_offices"],
    )
    r = replay(spec, months=120, runs=100, seed=3, affinity=0.9)
    assert {s for p in r.paths for s in p} <= {"bilateral", "chair_good_offices"}


MINI = {
    "version": 1,
    "name": "d",
    "start": "2026-01-01",
    "end": "2026-12-31",
    "seed": 1,
    "runs": 4,
    "forums": ["AMM"],
    "actors": [{"code": c} for c in ("IDN", "MYS", "THA", "KHM", "CHN")],
    "issues": [
        {
            "id": "b",
            "name_en": "B",
            "name_id": "B",
            "aspect": "defence",
            "forums": ["AMM"],
            "positions": {
                "THA": {"position": 20, "salience": 80, "reason": "test"},
                "KHM": {"position": 80, "salience": 80, "reason": "test"},
            },
        }
    ],
    "mechanisms": {
        "disputes": {
            "disputes": [{"id": "TK", "parties": ["THA", "KHM"], "stake": 70, "intensity": 3, "issue": "b"}]
        }
    },
}


def test_engine_records_dispute_events_and_indicators() -> None:
    sc = parse_scenario(yaml.safe_dump(MINI), file="d.yaml")
    res = simulate(prepare(sc), runs=50, seed=4)
    kinds = set(res.events["kind"])
    assert {"militarised_incident", "ladder_step"} <= kinds
    steps = res.events["detail"][res.events["kind"] == "ladder_step"]
    assert set(steps) <= set(STEPS) and "chair_good_offices" in set(steps)
    names = set(res.indicators["name"])
    assert {"disputes_escalated", "militarised_incidents", "disputes_settled", "dispute_intensity"} <= names
    inc = res.indicators["value"][res.indicators["name"] == "militarised_incidents"]
    assert (inc >= 0).all() and inc.max() <= 12  # one dispute, twelve months


def test_unknown_party_is_an_input_error() -> None:
    raw = copy.deepcopy(MINI)
    raw["mechanisms"]["disputes"]["disputes"][0]["parties"] = ["THA", "VNM"]
    with pytest.raises(InputError, match=r"disputes\[0\]\.parties"):
        simulate(prepare(parse_scenario(yaml.safe_dump(raw), file="d.yaml")), runs=1, seed=0)


# ---- the real cases (docs/mechanisms/disputes.md reports the shares printed here) -----------

# Starting configurations: parties and type from the reference world; stake, level and rungs are
# the assumptions given in docs/mechanisms/disputes.md; months = the real span to the last step.
CASES = {
    "SIPADAN_LIGITAN": (
        {
            "stake": 40,
            "intensity": 1,
            "open_steps": ["bilateral", "chair_good_offices", "mediation", "high_council", "icj"],
            "consent": ["IDN", "MYS"],
        },
        407,
    ),
    "PEDRA_BRANCA": (
        {
            "stake": 40,
            "intensity": 1,
            "open_steps": ["bilateral", "chair_good_offices", "mediation", "high_council", "icj"],
            "consent": ["MYS", "SGP"],
        },
        339,
    ),
    "PREAH_VIHEAR": (
        {
            "stake": 70,
            "intensity": 2,
            "open_steps": ["bilateral", "chair_good_offices", "mediation", "high_council", "icj"],
            "consent": ["KHM", "THA"],
        },
        64,
    ),
    "THA_KHM_2025": ({"stake": 70, "intensity": 3, "history": 3}, 7),
    "SCS_PHL_CHN": (
        {
            "stake": 85,
            "intensity": 2,
            "open_steps": ["bilateral", "high_council", "arbitration"],
            "consent": ["PHL"],
        },
        259,
    ),
    "MYANMAR_CRISIS": (
        {"stake": 90, "intensity": 4, "parity": 0.5, "open_steps": ["bilateral", "chair_good_offices"]},
        60,
    ),
}
RUNS, SEED = 400, 1


def _replays() -> dict[str, tuple[object, dm.Replay]]:
    world = {d.id: d for d in load_world().disputes}
    aff, cap = derived_affinity(), derived_capability()
    out = {}
    for case, (kw, months) in CASES.items():
        real = world[case]
        typ = "internal" if real.type == "internal_political" else real.type
        spec = DisputeSpec(id=case, parties=real.parties, type=typ, **kw)
        a = aff[tuple(real.parties)] if len(real.parties) == 2 else 0.9
        out[case] = (
            real,
            replay(
                spec,
                months=months,
                runs=RUNS,
                seed=SEED,
                affinity=a,
                capability=[cap[c] for c in real.parties],
            ),
        )
    return out


SINCE = {"PREAH_VIHEAR": 2008}  # the replay starts with the 2008 crisis, not the 1959 case


def _real_rungs(real) -> set[str]:
    """The rungs above bilateral talks that the real dispute used since the replay's start."""
    since = SINCE.get(real.id, real.start_year)
    return {s.step for s in real.steps if s.when_year >= since} - {"bilateral"}


def test_real_cases(capsys: pytest.CaptureFixture) -> None:
    rows = []
    for case, (real, rep) in _replays().items():
        rungs = _real_rungs(real)
        same_path = rep.share(lambda p, o, rungs=rungs: set(p) - {"bilateral"} == rungs)
        outcome = {"ongoing": ("escalated", "frozen")}.get(real.outcome, (real.outcome,))
        same_out = rep.share(lambda p, o, outcome=outcome: o in outcome)
        rows.append(
            (
                case,
                "+".join(sorted(rungs)) or "-",
                same_path,
                real.outcome,
                same_out,
                float((rep.incidents > 0).mean()),
            )
        )
        # what the mechanism guarantees
        used = {s for p in rep.paths for s in p}
        assert used <= {
            s.value
            for s in DisputeSpec(
                id="x",
                parties=real.parties if len(real.parties) == 2 else ["MMR"],
                type="internal" if real.type == "internal_political" else real.type,
                **CASES[case][0],
            ).open_steps
        }
        assert all(p[0] == "bilateral" for p in rep.paths)  # every case starts with bilateral handling
        settled = rep.outcomes == "settled"
        assert not (rep.state.level[settled, 0] > dm.MAX_LEVEL).any()
    with capsys.disabled():
        print(
            "\ncase | real rungs above bilateral | share same rungs | real outcome"
            " | share same outcome | share with incident"
        )
        for r in rows:
            print(f"{r[0]} | {r[1]} | {r[2]:.2f} | {r[3]} | {r[4]:.2f} | {r[5]:.2f}")
    counts = collections.Counter(r[0] for r in rows)
    assert len(counts) == len(CASES)
