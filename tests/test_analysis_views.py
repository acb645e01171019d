"""Foreign-policy and international views and the comparison, checked against the stored tables."""

from __future__ import annotations

import json

import numpy as np
import pytest

from aseanway.analysis.compare import compare
from aseanway.analysis.foreign_policy import foreign_policy_view
from aseanway.analysis.international import indicator_group, international_view
from aseanway.errors import InputError
from aseanway.simulation.runner import run_scenario
from aseanway.simulation.scenario import load_scenario
from aseanway.store import Store


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    db = tmp_path_factory.mktemp("analysis") / "x.duckdb"
    summary = run_scenario(load_scenario(), runs=20, seed=1, db=db)
    store = Store(db, read_only=True)
    yield store, summary.run_id
    store.close()


def _hand_served(store: Store, run_id: int, actor: str, aspect: str) -> tuple[float, float, float]:
    """Interest served vs stated and final positions, and the serving share, straight from SQL + scenario."""
    sc = json.loads(store.scenario_json(run_id))
    issues = {i["id"]: i for i in sc["issues"]}
    rows = store.query(
        "SELECT o.draw, o.issue, o.outcome, i.low, i.high, p.position FROM outcomes o "
        "JOIN issues i ON i.run_id = o.run_id AND i.issue = o.issue "
        "JOIN positions p ON p.run_id = o.run_id AND p.draw = o.draw AND p.issue = o.issue AND p.actor = ? "
        "WHERE o.run_id = ? AND o.adopted AND i.aspect = ?",
        [actor, run_id, aspect],
    )
    num = num_f = den = 0.0
    serve = with_sq = 0
    for _draw, issue, outcome, lo, hi, final in rows:
        stance = issues[issue]["positions"][actor]
        x, w = stance["position"], stance["salience"]
        num += w * (1 - abs(outcome - x) / (hi - lo))
        num_f += w * (1 - abs(outcome - final) / (hi - lo))
        den += w
        sq = issues[issue].get("status_quo")
        if sq is not None:
            with_sq += 1
            serve += abs(outcome - x) < abs(sq - x)
    return num / den, num_f / den, serve / with_sq


def test_interest_served_equals_hand_computation(stored) -> None:
    store, run_id = stored
    view = foreign_policy_view(store, run_id, "IDN")
    defence = next(a for a in view.aspects if a.aspect.value == "defence")
    assert defence.n_adopted > 0
    served, served_final, share = _hand_served(store, run_id, "IDN", "defence")
    assert defence.served == pytest.approx(served)
    assert defence.served_final == pytest.approx(served_final)
    assert defence.serving_share == pytest.approx(share)
    # only aspects with adopted items count; weights renormalised over them
    have = [a for a in view.aspects if a.served is not None]
    expect = sum(a.weight * a.served for a in have) / sum(a.weight for a in have)
    assert view.interest_served == pytest.approx(expect)
    assert sum(a.weight for a in view.aspects) == pytest.approx(1.0)
    assert {a.aspect.value: a.weight for a in view.aspects}["economic"] == pytest.approx(0.3)


def test_relations_from_affinity_table(stored) -> None:
    store, run_id = stored
    view = foreign_policy_view(store, run_id, "PHL")
    (init,) = store.query(
        "SELECT value FROM affinity WHERE run_id = ? AND stage = 'initial' AND a = 'PHL' AND b = 'CHN'",
        [run_id],
    )[0:1]
    (fin,) = store.query(
        "SELECT avg(value) FROM affinity WHERE run_id = ? AND stage = 'final' AND a = 'PHL' AND b = 'CHN'",
        [run_id],
    )
    rel = next(r for r in view.relations if r.code == "CHN")
    assert rel.initial == pytest.approx(init[0])
    assert rel.final_mean == pytest.approx(fin[0])
    assert rel.change == pytest.approx(fin[0] - init[0])
    assert ("CHN" in view.closer) == (rel.change > 0.005)
    assert all(r.code not in ("AIPA", "APF", "KADIN", "PHL") for r in view.relations)


def test_power_under_consensus_is_equal_and_capability_majority_differs(stored) -> None:
    store, run_id = stored
    view = foreign_policy_view(store, run_id, "IDN")
    summit = {p.rule: p for p in view.influence.power if p.forum == "SUMMIT"}
    assert summit["consensus"].players == 11
    assert summit["consensus"].shapley_shubik == pytest.approx(1 / 11)
    assert summit["consensus"].banzhaf == pytest.approx(1 / 11)
    # Indonesia holds the largest capability among members: more than an equal share by majority
    assert summit["capability_majority"].shapley_shubik > 1 / 11
    arf = {p.rule: p for p in view.influence.power if p.forum == "ARF"}
    assert arf["consensus"].players == 26


def test_influence_and_values_are_bounded(stored) -> None:
    store, run_id = stored
    view = foreign_policy_view(store, run_id, "PHL")
    inf = view.influence
    assert inf.n_adopted > 0 and 0 <= inf.pull_share <= 1 and -1 <= inf.pull_mean <= 1
    dem = next(v for v in view.values if v.value == "democracy")
    assert "myanmar-5pc" in dem.issues  # positions on Myanmar follow democracy scores across members
    assert dem.score == 58
    for v in view.values:
        assert (v.congruence is None) == (v.n_adopted == 0)


def test_international_view_matches_store(stored) -> None:
    store, run_id = stored
    view = international_view(store, run_id)
    # ASEAN cohesion: mean final affinity over ordered member pairs, straight from the table
    stats = {s.name: s for g in view.groups for s in g.indicators}
    (direct,) = store.query(
        "SELECT avg(value) FROM affinity f JOIN actors x ON x.run_id = f.run_id AND x.code = f.a "
        "JOIN actors y ON y.run_id = f.run_id AND y.code = f.b "
        "WHERE f.run_id = ? AND f.stage = 'final' AND x.is_member AND y.is_member AND f.a <> f.b",
        [run_id],
    )
    assert view.asean.final_mean == pytest.approx(direct[0])
    assert stats["consensus_rate"].group == "cooperation"
    assert stats["position_spread"].group == "stability"
    keys = [g.key for g in view.groups]
    assert keys[:4] == ["peace", "security", "conflict_resolution", "cooperation"]
    assert view.network.states and len(view.network.states) == 26
    assert sorted(c for b in view.network.final.blocs for c in b) == sorted(view.network.states)
    assert 0 <= view.network.final.density <= 1
    usa = next(p for p in view.partners if p.code == "USA")
    (m,) = store.query(
        "SELECT avg(value) FROM affinity f JOIN actors y ON y.run_id = f.run_id AND y.code = f.b "
        "WHERE f.run_id = ? AND f.stage = 'final' AND f.a = 'USA' AND y.is_member",
        [run_id],
    )
    assert usa.final_mean == pytest.approx(m[0])
    codes = [a.code for a in view.nonstate_actors]
    assert codes == ["AIPA", "APF", "KADIN"]
    assert next(a for a in view.nonstate_actors if a.code == "KADIN").targets == ["IDN"]
    (shift,) = store.query(
        "SELECT avg(s) FROM (SELECT draw, sum(value) s FROM indicators WHERE run_id = ? "
        "AND name = 'nonstate_shift' GROUP BY draw)",
        [run_id],
    )
    assert view.nonstate_shift_total.end_mean == pytest.approx(shift[0])


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("militarised_incidents", "peace"),
        ("disputes_active", "peace"),
        ("disputes_resolved", "conflict_resolution"),
        ("threat_harm", "security"),
        ("treaties_in_force", "cooperation"),
        ("ratification_share", "cooperation"),
        ("volatility", "stability"),
        ("something_new", "other"),
    ],
)
def test_goal_mapping_of_future_indicator_names(name: str, group: str) -> None:
    assert indicator_group(name) == group


@pytest.mark.parametrize(
    ("lang", "labels"),
    [("id", ["Fokus", "Skala", "Subjek", "Tujuan"]), ("en", ["Focus", "Scale", "Subject", "Goals"])],
)
def test_compare_uses_concept_labels(stored, lang: str, labels: list[str]) -> None:
    store, run_id = stored
    c = compare(store, run_id, "idn", lang)
    assert c.schema_version == 1
    assert [r.label for r in c.rows] == labels
    names = {
        "id": ("Politik luar negeri", "Politik internasional"),
        "en": ("Foreign policy", "International politics"),
    }
    assert (c.rows[0].foreign_policy.name, c.rows[0].international_politics.name) == names[lang]
    assert c.foreign_policy.interest_served == pytest.approx(
        foreign_policy_view(store, run_id, "IDN").interest_served
    )
    goals = c.rows[3].foreign_policy.findings
    assert goals[0].label == (
        "Melindungi kepentingan nasional" if lang == "id" else "Protect the national interest"
    )


def test_errors_are_input_errors(stored, tmp_path) -> None:
    store, run_id = stored
    with pytest.raises(InputError, match="no actor 'XYZ'"):
        foreign_policy_view(store, run_id, "XYZ")
    with pytest.raises(InputError, match="no run 99"):
        international_view(store, 99)
    db = tmp_path / "y.duckdb"
    with Store(db) as s:
        rid = s.begin_run("x", "h", 1, 1, "0", scenario_json="{}")
    with Store(db, read_only=True) as s, pytest.raises(InputError, match="not complete"):
        compare(s, rid, "IDN")


def test_same_numbers_in_both_languages(stored) -> None:
    store, run_id = stored
    en, id_ = foreign_policy_view(store, run_id, "SGP", "en"), foreign_policy_view(store, run_id, "SGP", "id")
    assert en.interest_served == id_.interest_served
    assert np.allclose([r.change for r in en.relations], [r.change for r in id_.relations])


def test_views_carry_the_runs_seed_and_versions(tmp_path) -> None:
    from aseanway import __version__
    from aseanway.analysis.compare import compare
    from aseanway.simulation.runner import run_scenario
    from aseanway.simulation.scenario import load_scenario
    from aseanway.store import Store

    db = tmp_path / "p.duckdb"
    summary = run_scenario(load_scenario(), runs=3, seed=77, db=db)
    with Store(db, read_only=True) as store:
        result = compare(store, summary.run_id, "IDN", "en")
    for prov in (result.provenance, result.foreign_policy.provenance, result.international.provenance):
        assert prov.seed == 77 and prov.runs == 3 and prov.run_version == summary.version
        assert prov.computed_by == __version__ and prov.scenario_hash == summary.scenario_hash
