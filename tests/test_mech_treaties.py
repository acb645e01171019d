"""Treaties: calibration on the real record, replay of the Charter and the ACCT, hand-checked lifecycles."""

from __future__ import annotations

import copy
from datetime import date

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from aseanway.errors import InputError
from aseanway.i18n import translator
from aseanway.mechanisms import treaties as tr
from aseanway.mechanisms.treaties import Treaties, TreatiesConfig
from aseanway.simulation.engine import Context, _initial_state, _Log, run_generators, simulate
from aseanway.simulation.scenario import load_scenario, parse_scenario
from aseanway.simulation.setup import prepare
from aseanway.world import load_world

ASEAN10 = ["BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"]


def scenario(start: str, end: str, actors=ASEAN10, adopt_as="declaration", mechanisms=None, **extra):
    raw = {
        "version": 1,
        "name": "t",
        "start": start,
        "end": end,
        "seed": 3,
        "runs": 4,
        "forums": ["SUMMIT"],
        "actors": [{"code": c} for c in actors],
        "issues": [
            {
                "id": "pact",
                "name_en": "A pact everyone wants",
                "name_id": "Pakta yang diinginkan semua",
                "aspect": "defence",
                "forums": ["SUMMIT"],
                "adopt_as": adopt_as,
                "positions": {c: {"position": 70, "salience": 60, "reason": "test"} for c in ASEAN10[:5]},
            }
        ],
        "parameters": {"noise": {"position_sd": 0, "salience_sd": 0, "meeting_salience_sd": 0}},
        "mechanisms": mechanisms or {},
        **extra,
    }
    return parse_scenario(yaml.safe_dump(raw), file="t.yaml")


def mechanism_after_setup(sc, n_runs: int, **config) -> Treaties:
    """The Treaties mechanism set up for ``n_runs`` runs of a scenario (no meeting held)."""
    inputs = prepare(sc)
    draws = np.arange(n_runs)
    ctx = Context(
        inputs=inputs, state=_initial_state(inputs, run_generators(1, draws)), draws=draws, seed=1, log=_Log()
    )
    mech = Treaties(TreatiesConfig(**config), inputs)
    mech.setup(ctx)
    return mech


def events(res, kind):
    sel = res.events["kind"] == kind
    return {k: v[sel] for k, v in res.events.items()}


# --- calibration ---------------------------------------------------------------------------------------
def test_records_are_exact_or_bounded_by_the_record() -> None:
    recs = {(r.instrument, r.party): r for r in tr.ratification_records(load_world())}
    assert len(recs) == 20
    thai = recs[("CHARTER_2007", "THA")]  # deposited 2008-11-15, signed 2007-11-20
    assert thai.lo == thai.hi == 361
    phl = recs[("CHARTER_2007", "PHL")]  # Senate 2008-10-08, deposit no later than Thailand's
    assert (phl.lo, phl.hi) == (323, 361)
    sgp = recs[("ACCT_2007", "SGP")]  # first of four before Cambodia's deposit of 2010-06-28
    assert (sgp.lo, sgp.hi) == (0, (date(2010, 6, 28) - date(2007, 1, 13)).days)
    assert sum(r.lo == r.hi for r in recs.values()) == 10


def test_fit_reproduces_the_shipped_constants() -> None:
    fit = tr.fit_ratification_delay(tr.ratification_records(load_world()))
    assert fit.mu == pytest.approx(tr.RATIFICATION_LOG_MU, abs=1e-3)
    assert fit.sigma == pytest.approx(tr.RATIFICATION_LOG_SIGMA, abs=1e-3)
    assert fit.tau == pytest.approx(tr.RATIFICATION_LOG_TAU, abs=1e-3)
    assert (fit.n_exact, fit.n_interval) == (10, 10)
    # the Charter went faster than the Convention; the instrument effect improves the fit a lot
    assert fit.instrument_mu["CHARTER_2007"] < fit.instrument_mu["ACCT_2007"]
    assert fit.log_likelihood - fit.pooled_log_likelihood > 5


def test_accession_hazard_reproduces_the_constant() -> None:
    assert tr.fit_accession_hazard(load_world()) == pytest.approx(tr.ACCESSION_HAZARD, abs=1e-5)


def test_fit_needs_exact_dates() -> None:
    with pytest.raises(InputError):
        tr.fit_ratification_delay([tr.DelayRecord("X", "A", 0, 10, "interval")] * 3)


# --- replay of the two real timelines ------------------------------------------------------------------
REPLAYS = [("CHARTER_2007", "2007-11-20", 391), ("ACCT_2007", "2007-01-13", 1595)]


@pytest.mark.parametrize(("iid", "signed", "real"), REPLAYS)
def test_replay_real_entry_into_force_within_central_80(iid: str, signed: str, real: int) -> None:
    """From signature, the mechanism draws every deposit and applies the instrument's own rule."""
    assert (date.fromisoformat(signed) + np.timedelta64(real, "D").astype(object)) == load_world().instrument(
        iid
    ).in_force
    mech = mechanism_after_setup(scenario(signed, signed), 4000, existing=[iid])
    days = mech.in_force[:, 0] - mech.signed[:, 0]
    assert np.isfinite(days).all()
    lo, hi = np.percentile(days, [10, 90])
    assert lo < real < hi, (iid, lo, hi)


def test_pooled_lognormal_misses_both_timelines() -> None:
    """Documented finding: without the instrument effect the Charter is far too fast for the model."""
    pooled = {"ratification_mu": 5.9553, "ratification_sigma": 1.2662, "ratification_tau": 0.0}
    fit = tr.fit_ratification_delay(tr.ratification_records(load_world()))
    assert (fit.pooled_mu, fit.pooled_sigma) == (
        pytest.approx(5.9553, abs=1e-3),
        pytest.approx(1.2662, abs=1e-3),
    )
    share = {}
    for iid, signed, real in REPLAYS:
        mech = mechanism_after_setup(scenario(signed, signed), 4000, existing=[iid], **pooled)
        share[iid] = float(((mech.in_force[:, 0] - mech.signed[:, 0]) <= real).mean())
    assert share["CHARTER_2007"] < 0.025 and share["ACCT_2007"] > 0.975


# --- hand-checked units --------------------------------------------------------------------------------
def test_entry_into_force_rules_by_hand() -> None:
    dep = np.array([30.0, 10.0, np.inf, 20.0])
    sig = np.array([True, True, False, True])
    assert tr.entry_into_force(dep, sig, None, 30) == 60  # all three signatories: last deposit 30
    assert tr.entry_into_force(dep, sig, 2, 0) == 20  # second deposit
    assert tr.entry_into_force(dep, sig, 1, 5) == 15
    assert tr.entry_into_force(dep, sig, 4, 0) == np.inf  # more than the signatories
    zero = np.array([0.0, 500.0, 900.0])  # a member with a fixed zero delay
    assert tr.entry_into_force(zero, np.ones(3, bool), 1, 30) == 30
    assert tr.entry_into_force(zero, np.ones(3, bool), None, 30) == 930
    holdout = np.array([0.0, np.inf])
    assert tr.entry_into_force(holdout, np.ones(2, bool), None, 0) == np.inf


def test_compliance_probability_by_hand() -> None:
    assert tr.compliance_probability(0.5, 0.0) == pytest.approx(0.95)
    logit = np.log(0.95 / 0.05) - 3.0 * 0.5
    assert tr.compliance_probability(0.5, 0.5) == pytest.approx(1 / (1 + np.exp(-logit)))
    assert tr.compliance_probability(0.08, 0.0) == pytest.approx(1 / (1 + np.exp(-(np.log(19) - 0.84))))


def test_new_treaty_lifecycle_by_hand() -> None:
    """Fixed 100-day delays: signed at the May summit, all deposits 100 days later, in force 30 days after."""
    sc = scenario("2026-01-01", "2026-12-31", adopt_as="treaty")
    cfg = {"ratification_mu": float(np.log(100.0)), "ratification_sigma": 1e-9, "ratification_tau": 0.0}
    sc = sc.model_copy(
        update={"mechanisms": sc.mechanisms.model_copy(update={"treaties": TreatiesConfig(**cfg)})}
    )
    res = simulate(prepare(sc), runs=2, seed=5)
    signed = events(res, "treaty_signed")
    assert list(signed["issue"]) == ["pact", "pact"] and signed["date"][0] == date(2026, 5, 15)
    assert signed["actors"][0] == ",".join(ASEAN10[:5])  # the participants with a stance
    rat = events(res, "ratified")
    assert (rat["issue"] == "pact").sum() == 10 and np.allclose(rat["outcome"][rat["issue"] == "pact"], 100)
    assert set(rat["date"][rat["issue"] == "pact"]) == {date(2026, 9, 1)}  # 23 Aug, registered on 1 Sep
    inf = events(res, "in_force")
    assert list(inf["issue"]) == ["pact", "pact"] and np.allclose(inf["outcome"], 130)
    assert set(inf["date"]) == {date(2026, 10, 1)}  # 22 Sep, registered on 1 Oct
    sel = (res.indicators["name"] == "treaties_in_force") & (res.indicators["date"] == date(2026, 12, 1))
    assert list(res.indicators["value"][sel]) == [5.0, 5.0]  # the four in force at the start, plus the pact
    sel = (res.indicators["name"] == "agreements_adopted") & (res.indicators["date"] == date(2026, 12, 1))
    assert list(res.indicators["value"][sel]) == [1.0, 1.0]


def test_n_ratification_rule_from_config() -> None:
    sc = scenario(
        "2026-01-01",
        "2026-12-31",
        adopt_as="treaty",
        mechanisms={
            "treaties": {
                "existing": [],
                "entry_rules": {"pact": {"n": 2, "delay_days": 0}},
                "ratification_mu": float(np.log(60.0)),  # deposits spread around 60 days: all within the year
                "ratification_sigma": 0.5,
                "ratification_tau": 0.0,
            }
        },
    )
    res = simulate(prepare(sc), runs=3, seed=2)
    inf, rat = events(res, "in_force"), events(res, "ratified")
    assert rat["draw"].size == 15 and inf["draw"].size == 3
    for r in range(3):
        second = np.sort(rat["outcome"][rat["draw"] == r])[1]  # the second deposit, days from signature
        assert inf["outcome"][inf["draw"] == r][0] == pytest.approx(second)


def test_existing_instruments_at_the_2026_start() -> None:
    world = load_world()
    assert tr.default_existing(world, date(2026, 1, 1)) == [
        "TAC_1976",
        "SEANWFZ_1995",
        "ACCT_2007",
        "CHARTER_2007",
    ]
    ins, party = tr.existing_status(
        world, ["ACCT_2007", "TAC_1976"], ["IDN", "TLS", "USA", "CHN"], date(2026, 1, 1)
    )
    assert ins.all()
    assert party.tolist() == [[True, False, False, False], [True, True, True, True]]
    mech = mechanism_after_setup(load_scenario("asean-2026"), 3)
    k, tls = mech.ids.index("ACCT_2007"), mech.inputs.codes.index("TLS")
    assert mech.expected[:, k, tls].all()  # the new member is expected to accede
    assert (mech.deposit[:, k, tls] > date(2026, 1, 1).toordinal()).all()  # not before the start
    old = [mech.ids.index(i) for i in tr.default_existing(world, date(2026, 1, 1))]
    assert (mech.in_force[:, old] <= date(2026, 1, 1).toordinal()).all()  # in force at the start
    new = [mech.ids.index(i) for i in ("counter-terrorism", "defa")]  # the scenario's treaty issues
    assert np.isinf(mech.in_force[:, new]).all()  # not adopted yet at the start


def test_accession_hazard_and_threshold() -> None:
    """USA is not a party to the ACCT; open it to accession with hazard 1 and threshold 0: accedes at once."""
    actors = [*ASEAN10, "USA"]
    cfg = {"existing": ["ACCT_2007"], "open_to_accession": ["ACCT_2007"], "accession_hazard": 1.0}
    res = simulate(
        prepare(
            scenario(
                "2026-01-01",
                "2026-03-31",
                actors,
                mechanisms={"treaties": {**cfg, "accession_threshold": 0.0}},
            )
        ),
        runs=3,
    )
    acc = events(res, "acceded")
    assert list(acc["actors"]) == ["USA"] * 3 and set(acc["date"]) == {date(2026, 1, 1)}
    res = simulate(
        prepare(
            scenario(
                "2026-01-01",
                "2026-03-31",
                actors,
                mechanisms={"treaties": {**cfg, "accession_threshold": 1.0}},
            )
        ),
        runs=3,
    )
    assert events(res, "acceded")["draw"].size == 0


def test_compliance_lapses_follow_values() -> None:
    """Over many runs, a party with low values lapses more often than one with high values."""
    raw = [{"code": c} for c in ASEAN10]
    raw[ASEAN10.index("MMR")]["values"] = {"democracy": 5, "rule_of_law": 5, "human_rights": 5}
    raw[ASEAN10.index("SGP")]["values"] = {"democracy": 95, "rule_of_law": 95, "human_rights": 95}
    sc = scenario("2026-01-01", "2026-12-31")
    sc = sc.model_copy(update={"actors": [type(sc.actors[0])(**a) for a in raw]})
    res = simulate(prepare(sc), runs=60, seed=9)
    lapse = events(res, "compliance_lapse")
    assert (lapse["actors"] == "MMR").sum() > 2 * (lapse["actors"] == "SGP").sum()


def test_engine_runs_with_treaties_off_and_unknown_instrument_is_an_error() -> None:
    res = simulate(
        prepare(scenario("2026-01-01", "2026-06-30", mechanisms={"treaties": {"enabled": False}})), runs=2
    )
    assert not set(res.events["kind"]) & {
        "treaty_signed",
        "ratified",
        "in_force",
        "acceded",
        "compliance_lapse",
    }
    assert "treaties_in_force" not in set(res.indicators["name"])
    with pytest.raises(InputError) as err:
        prepare_and_build = scenario(
            "2026-01-01", "2026-06-30", mechanisms={"treaties": {"existing": ["NOPE"]}}
        )
        simulate(prepare(prepare_and_build), runs=1)
    assert err.value.field == "mechanisms.treaties.existing[0]"


def test_run_k_of_a_batch_equals_run_k_alone() -> None:
    sc = copy.deepcopy(load_scenario("asean-2026"))
    inputs = prepare(sc)
    batch = simulate(inputs, run_ids=range(4), seed=7)
    alone = simulate(inputs, run_ids=[2], seed=7)
    kinds = {"ratified", "compliance_lapse", "acceded", "in_force", "treaty_signed"}
    sel_b = (batch.events["draw"] == 2) & np.isin(batch.events["kind"], list(kinds))
    sel_a = np.isin(alone.events["kind"], list(kinds))
    for col in ("kind", "issue", "actors", "date"):
        assert list(batch.events[col][sel_b]) == list(alone.events[col][sel_a])


def test_indicator_labels_are_translated() -> None:
    _ = translator("id")
    for label in Treaties.indicators.values():
        assert _(label) != label


# --- properties -----------------------------------------------------------------------------------------
deposits = arrays(np.float64, st.integers(1, 12), elements=st.floats(0, 5000, allow_nan=False))


@settings(max_examples=80, deadline=None)
@given(deposits, st.integers(0, 60), st.data())
def test_entry_rules_are_ordered(dep: np.ndarray, delay: int, data) -> None:
    sig = np.ones(dep.size, bool)
    n = data.draw(st.integers(1, dep.size))
    t_all, t_n = tr.entry_into_force(dep, sig, None, delay), tr.entry_into_force(dep, sig, n, delay)
    assert dep.min() + delay <= t_n <= t_all == dep.max() + delay
    if n > 1:
        assert tr.entry_into_force(dep, sig, n - 1, delay) <= t_n


@settings(max_examples=80, deadline=None)
@given(st.floats(0, 0.999), st.floats(0, 0.999), st.floats(0, 5000), st.floats(3, 9), st.floats(0.1, 2))
def test_conditional_delay_is_monotone_and_after_elapsed(u1, u2, elapsed, mu, sigma) -> None:
    a, b = sorted((u1, u2))
    da, db = (
        tr.conditional_delay(np.array(a), mu, sigma, elapsed),
        tr.conditional_delay(np.array(b), mu, sigma, elapsed),
    )
    assert elapsed <= da <= db


@settings(max_examples=80, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
def test_compliance_rises_with_values_and_falls_with_depth(v1, v2, d1, d2) -> None:
    (va, vb), (da, db) = sorted((v1, v2)), sorted((d1, d2))
    assert tr.compliance_probability(va, 0.3) <= tr.compliance_probability(vb, 0.3)
    assert tr.compliance_probability(0.5, da) >= tr.compliance_probability(0.5, db)
    assert 0 < tr.compliance_probability(va, db) < 1
