"""The engine: scenario validation, hand-checked small cases, determinism, store atomicity, CLI."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pytest
import yaml

from aseanway.cli import main
from aseanway.errors import InputError
from aseanway.mechanisms import REGISTRY
from aseanway.simulation import runner
from aseanway.simulation.engine import simulate
from aseanway.simulation.scenario import Scenario, json_schema, load_scenario, parse_scenario
from aseanway.simulation.setup import prepare
from aseanway.store import SCHEMA_VERSION, Store

MINI = {
    "version": 1,
    "name": "mini",
    "start": "2026-01-01",
    "end": "2026-12-31",
    "seed": 11,
    "runs": 8,
    "forums": ["AMM", "SUMMIT"],
    "actors": [{"code": c} for c in ("IDN", "MYS", "PHL", "SGP", "THA")],
    "issues": [
        {
            "id": "same",
            "name_en": "Everyone agrees",
            "name_id": "Semua setuju",
            "aspect": "political",
            "forums": ["AMM", "SUMMIT"],
            "positions": {
                c: {"position": 60, "salience": 50, "reason": "test"} for c in ("IDN", "MYS", "PHL")
            },
        },
        {
            "id": "split",
            "name_en": "A red line",
            "name_id": "Garis merah",
            "aspect": "defence",
            "forums": ["SUMMIT"],
            "status_quo": 0,
            "positions": {
                "IDN": {"position": 100, "salience": 100, "reason": "red line"},
                "MYS": {"position": 0, "salience": 100, "reason": "red line"},
            },
        },
    ],
}


def mini(**changes) -> Scenario:
    raw = copy.deepcopy(MINI)
    raw.update(changes)
    return parse_scenario(yaml.safe_dump(raw), file="mini.yaml")


def quiet(sc: Scenario) -> Scenario:
    """The scenario without noise: hand-checkable."""
    raw = sc.model_dump(mode="json")
    raw["parameters"]["noise"] = {"position_sd": 0, "salience_sd": 0, "meeting_salience_sd": 0}
    raw["mechanisms"] = {cls.name: {"enabled": False} for cls in REGISTRY}
    return Scenario.model_validate(raw)


# ---- scenario files ---------------------------------------------------------------------------


def test_embedded_default_validates_and_resolves() -> None:
    sc = load_scenario()
    assert sc.name == "asean-2026" and sc.version == 1
    inputs = prepare(sc)
    assert inputs.is_member.sum() == 11  # Timor-Leste is a member from 2025-10-26
    assert {m.chair for m in inputs.meetings} == {"PHL"}
    assert all(r.reason for i in sc.issues for r in i.positions.values())
    assert (inputs.capability[inputs.is_state] > 0).all()
    assert np.allclose(inputs.affinity, inputs.affinity.T)


@pytest.mark.parametrize(
    ("mutate", "field", "expected"),
    [
        (
            lambda r: r["issues"][0]["positions"]["IDN"].update(salience=140),
            "issues[0].positions.IDN.salience",
            "100",
        ),
        (lambda r: r["actors"][3].update(capability=-1), "actors[3].capability", "greater than 0"),
        (lambda r: r.update(version=2), None, "version 2 is not supported"),
        (
            lambda r: r["issues"][1]["positions"].update(XXX={"position": 1, "salience": 1, "reason": "x"}),
            None,
            "XXX",
        ),
        (lambda r: r["actors"][0].update(colour="red"), "actors[0].colour", "Extra inputs"),
        (lambda r: r["issues"][0].update(forums=["EAS"]), None, "'EAS' is not one of"),
    ],
)
def test_bad_scenarios_name_field_and_expectation(mutate, field, expected) -> None:
    raw = copy.deepcopy(MINI)
    mutate(raw)
    with pytest.raises(InputError) as err:
        parse_scenario(yaml.safe_dump(raw, sort_keys=False), file="broken.yaml")
    msg = str(err.value)
    assert msg.startswith("broken.yaml")
    if field:
        assert f"field '{field}'" in msg
    assert expected in msg


def test_error_gives_the_line(tmp_path: Path) -> None:
    raw = copy.deepcopy(MINI)
    raw["issues"][0]["positions"]["IDN"]["salience"] = "high"
    path = tmp_path / "s.yaml"
    text = yaml.safe_dump(raw, sort_keys=False)
    path.write_text(text)
    with pytest.raises(InputError) as err:
        load_scenario(path)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "salience: high" in t)
    assert err.value.line == line and err.value.file == str(path)


def test_yaml_syntax_error_and_code_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="line 2"):
        parse_scenario("version: 1\nname: a: b\n", file="x.yaml")
    evil = "!!python/object/apply:os.system ['echo pwned']\n"
    with pytest.raises(InputError, match="not valid YAML"):
        parse_scenario(evil, file="evil.yaml")


def test_unknown_state_is_refused_on_resolution() -> None:
    raw = copy.deepcopy(MINI)
    raw["actors"].append({"code": "XYZ"})
    with pytest.raises(InputError, match=r"actors\[5\]\.code.*unknown state 'XYZ'"):
        prepare(parse_scenario(yaml.safe_dump(raw), file="m.yaml"))


def test_json_schema(capsys: pytest.CaptureFixture) -> None:
    assert main(["scenario", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema == json.loads(json.dumps(json_schema()))
    assert "issues" in schema["properties"] and "version" in schema["required"]


def test_scenario_check_cli(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["scenario", "check", "asean-2026"]) == 0
    assert "ok" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nname: x\n")
    assert main(["scenario", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(bad) in err and "start" in err


# ---- hand-checked behaviour ------------------------------------------------------------------


def test_unanimous_issue_adopted_at_first_meeting_with_its_position() -> None:
    inputs = prepare(quiet(mini()))
    res = simulate(inputs, runs=3, seed=1)
    j = inputs.issue_ids.index("same")
    assert res.adopted[:, j].all()
    assert np.allclose(res.outcome[:, j], 60.0)
    first = (res.events["issue"] == "same") & (res.events["draw"] == 0)
    assert res.events["forum"][first][0] == "SUMMIT"  # May Summit precedes the July AMM
    assert res.events["kind"][first][0] == "declaration"
    assert first.sum() == 1  # adopted issues leave the agenda


def test_red_lines_block_and_give_a_chairs_statement() -> None:
    inputs = prepare(quiet(mini()))
    res = simulate(inputs, runs=2, seed=1)
    j = inputs.issue_ids.index("split")
    assert not res.adopted[:, j].any()
    sel = res.events["issue"] == "split"
    assert set(res.events["kind"][sel]) == {"chairs_statement"}
    assert set(res.events["forum"][sel]) == {"SUMMIT"}  # only on the forums the issue lists
    assert all(set(a.split(",")) == {"IDN", "MYS"} for a in res.events["actors"][sel])
    assert np.allclose(res.events["outcome"][sel], 0.0)  # status quo fallback


def test_chair_sets_the_agenda() -> None:
    raw = copy.deepcopy(MINI)
    raw["parameters"] = {
        "max_agenda_items": 1,
        "noise": {"position_sd": 0, "salience_sd": 0, "meeting_salience_sd": 0},
    }
    raw["mechanisms"] = {cls.name: {"enabled": False} for cls in REGISTRY}
    # PHL chairs 2026: give it a stance on 'split' that it cares about more than 'same'
    raw["issues"][1]["positions"]["PHL"] = {"position": 50, "salience": 90, "reason": "test"}
    raw["issues"][0]["positions"]["PHL"]["salience"] = 10
    sc = parse_scenario(yaml.safe_dump(raw), file="m.yaml")
    res = simulate(prepare(sc), runs=1, seed=0)
    first = res.events["issue"][res.events["draw"] == 0][0]
    assert first == "split"


def test_nonstate_channels_move_the_home_state() -> None:
    raw = copy.deepcopy(MINI)
    raw["parameters"] = {"noise": {"position_sd": 0, "salience_sd": 0, "meeting_salience_sd": 0}}
    raw["mechanisms"] = {cls.name: {"enabled": False} for cls in REGISTRY}
    raw["actors"].append(
        {"code": "BIZ", "kind": "nonstate", "channel": "lobbying", "home": "IDN", "strength": 1}
    )
    raw["issues"][1]["positions"]["BIZ"] = {"position": 0, "salience": 50, "reason": "test"}
    with_biz = simulate(prepare(parse_scenario(yaml.safe_dump(raw), file="m.yaml")), runs=1, seed=0)
    without = simulate(prepare(quiet(mini())), runs=1, seed=0)
    j = 1
    idn = 0
    assert with_biz.final_position[0, idn, j] < without.final_position[0, idn, j]
    shift = with_biz.indicators["value"][with_biz.indicators["name"] == "nonstate_shift"]
    assert shift.max() > 0 and shift.max() <= 3.0 + 1e-9  # bounded by channel_max_shift


# ---- determinism -----------------------------------------------------------------------------


def _tables(db: Path, run_id: int) -> dict[str, dict[str, np.ndarray]]:
    with Store(db, read_only=True) as store:
        return {
            t: store.table(t, run_id, order="ALL")
            for t in ("events", "indicators", "outcomes", "positions", "affinity")
        }


def _equal(a: dict, b: dict) -> None:
    for t in a:
        assert a[t].keys() == b[t].keys()
        for c in a[t]:
            x, y = a[t][c], b[t][c]
            assert len(x) == len(y), (t, c)
            if x.dtype.kind == "f":
                assert np.array_equal(x, y, equal_nan=True), (t, c)
                assert x.tobytes() == y.tobytes(), (t, c)
            else:
                assert (x == y).all(), (t, c)


def test_same_seed_gives_identical_stored_results(tmp_path: Path) -> None:
    sc = load_scenario()
    s1 = runner.run_scenario(sc, runs=6, seed=5, db=tmp_path / "a.duckdb")
    s2 = runner.run_scenario(sc, runs=6, seed=5, db=tmp_path / "b.duckdb")
    assert s1.model_dump() | {"db": None} == s2.model_dump() | {"db": None}
    _equal(_tables(tmp_path / "a.duckdb", 1), _tables(tmp_path / "b.duckdb", 1))
    s3 = runner.run_scenario(sc, runs=6, seed=6, db=None)
    assert s3.issues != s1.issues


def test_one_run_of_a_batch_equals_that_run_alone() -> None:
    inputs = prepare(load_scenario())
    batch = simulate(inputs, seed=3, run_ids=range(100))
    for k in (0, 37, 99):
        alone = simulate(inputs, seed=3, run_ids=[k])
        assert np.array_equal(batch.final_position[k], alone.final_position[0], equal_nan=True)
        assert np.array_equal(batch.final_affinity[k], alone.final_affinity[0])
        sel = batch.events["draw"] == k
        for col in ("issue", "kind", "forum", "actors", "rounds"):
            assert (batch.events[col][sel] == alone.events[col]).all()
        assert np.array_equal(batch.events["outcome"][sel], alone.events["outcome"], equal_nan=True)


def test_parallel_equals_serial() -> None:
    inputs = prepare(load_scenario())
    serial = runner.simulate_runs(inputs, 12, 9, workers=1)
    parallel = runner.simulate_runs(inputs, 12, 9, workers=2)
    assert np.array_equal(serial.final_affinity, parallel.final_affinity)
    assert np.array_equal(serial.outcome, parallel.outcome, equal_nan=True)
    for k in serial.events:
        assert (serial.events[k] == parallel.events[k]).all() or np.array_equal(
            serial.events[k], parallel.events[k], equal_nan=True
        )


# ---- store -----------------------------------------------------------------------------------


def test_interrupted_run_leaves_no_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "r.duckdb"
    runner.run_scenario(quiet(mini()), runs=2, db=db)

    class Exploding(dict):
        """Tables whose iteration stops after the first insert, as a Ctrl-C would."""

        def items(self):
            yield from list(super().items())[:1]
            raise KeyboardInterrupt

    real = runner.store_tables
    monkeypatch.setattr(runner, "store_tables", lambda inputs, result: Exploding(real(inputs, result)))
    with pytest.raises(KeyboardInterrupt):
        runner.run_scenario(quiet(mini()), runs=2, db=db)
    with Store(db, read_only=True) as store:
        status = {r.run_id: r.status for r in store.runs()}
        assert status == {1: "complete", 2: "interrupted"}
        assert store.query("SELECT count(*) FROM events WHERE run_id = 2")[0][0] == 0
        assert store.query("SELECT count(*) FROM events WHERE run_id = 1")[0][0] > 0
        with pytest.raises(InputError, match="interrupted"):
            store.export_parquet(2, tmp_path / "x")


def test_run_cli_json_is_stdout_alone_then_runs_and_export(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    db = tmp_path / "c.duckdb"
    assert main(["run", "--runs", "4", "--seed", "2", "--db", str(db), "--format", "json"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data["runs"] == 4 and data["seed"] == 2 and data["run_id"] == 1 and data["version"]
    assert {i["issue"] for i in data["issues"]} >= {"scs-coc", "myanmar-5pc"}
    assert main(["runs", "--db", str(db), "--format", "json"]) == 0
    runs = json.loads(capsys.readouterr().out)
    assert runs[0]["status"] == "complete" and runs[0]["scenario"] == "asean-2026"
    assert main(["export", "1", "--parquet", str(tmp_path / "pq"), "--db", str(db)]) == 0
    import pyarrow.parquet as pq

    events = pq.read_table(tmp_path / "pq" / "events.parquet")
    assert events.num_rows > 0 and set(events.column("draw").to_pylist()) == {0, 1, 2, 3}
    assert main(["export", "9", "--parquet", str(tmp_path / "pq"), "--db", str(db)]) == 1
    assert "no run 9" in capsys.readouterr().err


def test_run_table_in_indonesian(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["run", "-n", "3", "--db", str(tmp_path / "d.duckdb"), "--lang", "id"]) == 0
    out = capsys.readouterr().out
    assert "Laut China Selatan" in out and "Kohesi ASEAN" in out


def test_store_of_schema_1_is_upgraded(tmp_path: Path) -> None:
    import duckdb

    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.execute(
        "CREATE TABLE runs (run_id INTEGER PRIMARY KEY, scenario VARCHAR, scenario_hash VARCHAR, "
        "seed BIGINT, runs INTEGER, version VARCHAR, started_at TIMESTAMP, finished_at TIMESTAMP, "
        "status VARCHAR, note VARCHAR)"
    )
    con.execute(
        "INSERT INTO runs VALUES (1, 'old', 'h', 1, 1, '0.0.1', now()::TIMESTAMP, NULL, 'complete', NULL)"
    )
    con.close()
    with Store(db) as store:
        assert store.query("SELECT value FROM meta")[0][0] == str(SCHEMA_VERSION)
        assert store.scenario_json(1) is None
        assert [r.scenario for r in store.runs()] == ["old"]
    summary = runner.run_scenario(quiet(mini()), runs=1, db=db)
    with Store(db, read_only=True) as store:
        assert Scenario.model_validate_json(store.scenario_json(summary.run_id)) == quiet(mini())


def test_newer_store_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "new.duckdb"
    with Store(db) as store:
        store.con.execute("UPDATE meta SET value = '99'")
    with pytest.raises(InputError, match="newer"):
        Store(db)


def test_dask_cluster_equals_serial() -> None:
    distributed = pytest.importorskip("distributed", reason="dask.distributed is optional: aseanway[dask]")
    inputs = prepare(quiet(mini()))
    serial = runner.simulate_runs(inputs, 6, 4)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cl:
        with distributed.Client(cl) as client:
            on_dask = runner.simulate_runs(inputs, 6, 4, executor=client.get_executor(), chunks=3)
    assert np.array_equal(serial.final_position, on_dask.final_position, equal_nan=True)
    assert (serial.events["issue"] == on_dask.events["issue"]).all()
    assert np.array_equal(serial.events["outcome"], on_dask.events["outcome"], equal_nan=True)


def test_stored_summary_equals_the_fresh_one(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    fresh = runner.run_scenario(load_scenario(), runs=12, seed=8, db=db, lang="id")
    with Store(db, read_only=True) as store:
        again = runner.stored_summary(store, fresh.run_id, lang="id")
    assert again.model_dump() == fresh.model_dump()


def test_asean_minus_x_adopts_without_the_one_standing_aside() -> None:
    raw = copy.deepcopy(MINI)
    raw["parameters"] = {"noise": {"position_sd": 0, "salience_sd": 0, "meeting_salience_sd": 0}}
    raw["mechanisms"] = {cls.name: {"enabled": False} for cls in REGISTRY}
    raw["issues"][1]["minus_x"] = True
    raw["issues"][1]["positions"] = {
        "IDN": {"position": 70, "salience": 60, "reason": "test"},
        "MYS": {"position": 72, "salience": 60, "reason": "test"},
        "PHL": {"position": 68, "salience": 60, "reason": "test"},
        "SGP": {"position": 71, "salience": 60, "reason": "test"},
        "THA": {"position": 0, "salience": 100, "reason": "a red line"},
    }
    sc = parse_scenario(yaml.safe_dump(raw), file="m.yaml")
    inputs = prepare(sc)
    res = simulate(inputs, runs=2, seed=0)
    j = inputs.issue_ids.index("split")
    assert res.adopted[:, j].all()
    sel = res.events["issue"] == "split"
    assert set(res.events["kind"][sel]) == {"declaration"} and set(res.events["detail"][sel]) == {"minus_x"}
    assert not res.events["consensus"][sel].any() and set(res.events["actors"][sel]) == {"THA"}
    # the others' compromise of their positions after consultation: each conceded at most its limit
    # L = 0.5 * 100 * (1 - 0.6) = 20 points towards Thailand, whose 0 is left out
    assert 68 - 20 - 1e-9 <= res.outcome[0, j] <= 72
    summary = runner.issue_summaries(
        [("split", "A red line", "Garis merah", "declaration", (0.0, 100.0))],
        res.adopted[:, [j]],
        res.outcome[:, [j]],
        res.events,
    )[0]
    assert summary.minus_x_share == 1.0 and summary.consensus_share == 0.0
    assert summary.usual_blockers == []  # standing aside is not blocking
