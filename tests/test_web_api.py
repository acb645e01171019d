"""The web dashboard's JSON API with FastAPI's test client: every endpoint, good and bad input."""

from __future__ import annotations

import io
import threading
import time
import zipfile

import duckdb
import pytest
from fastapi.testclient import TestClient
from test_unga import write_folder

from aseanway.errors import InputError
from aseanway.negotiation.forecast import forecast_table
from aseanway.negotiation.io import load
from aseanway.negotiation.registry import ALL
from aseanway.simulation.runner import run_scenario
from aseanway.simulation.scenario import load_scenario
from aseanway.store import TABLES
from aseanway.web import create_app
from aseanway.web.inputs import MAX_UPLOAD_BYTES

POSITIONS = """issue,actor,position,salience,capability
scs,IDN,60,80,3
scs,CHN,10,90,20
scs,PHL,90,95,2
scs,VNM,85,,2
mm,IDN,70,60,3
mm,MMR,5,100,1
mm,THA,40,50,2
"""
BROKEN_SCENARIO = """version: 1
name: broken
start: 2026-01-01
end: 2026-12-31
runs: many
forums: [AMM]
"""


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("web")
    return create_app(db_path=tmp / "store.duckdb", unga_data=write_folder(tmp / "unga"))


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app) as c:
        yield c


def wait(client: TestClient, job_id: str, timeout: float = 60) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")


def start_run(client: TestClient, **body) -> str:
    r = client.post("/api/run", json=body)
    assert r.status_code == 202, r.text
    return r.json()["job_id"]


# ---- world, explain -------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["members", "partners", "arf", "forums", "instruments", "disputes"])
def test_world_listings_in_both_languages(client, kind):
    en = client.get(f"/api/world/{kind}?lang=en")
    id_ = client.get(f"/api/world/{kind}?lang=id")
    assert en.status_code == id_.status_code == 200
    assert len(en.json()) == len(id_.json()) > 0
    assert [r.get("code", r.get("id")) for r in en.json()] == [r.get("code", r.get("id")) for r in id_.json()]


def test_world_members_and_chair(client):
    members = {m["code"]: m for m in client.get("/api/world/members").json()}
    assert members["IDN"]["joined"] == "1967-08-08" and members["IDN"]["founder"] is True
    assert len(members) == 11
    assert client.get("/api/world/chair/2026").json()["chair"] == "PHL"


def test_world_bad_input(client):
    assert client.get("/api/world/planets").status_code == 404
    r = client.get("/api/world/chair/1800")
    assert r.status_code == 422 and "1800" in r.json()["detail"]
    assert client.get("/api/world/members?lang=fr").status_code == 422


def test_explain(client):
    en = client.get("/api/explain/differences?lang=en").json()
    id_ = client.get("/api/explain/differences?lang=id").json()
    assert len(en["items"]) == len(id_["items"]) == 4
    assert id_["title"].startswith("Politik luar negeri")
    assert client.get("/api/explain/astrology").status_code == 422


# ---- forecast -------------------------------------------------------------------------------------------
def test_forecast_csv_matches_the_library(client, tmp_path):
    r = client.post(
        "/api/forecast/csv", files={"positions": ("pos.csv", POSITIONS, "text/csv")}, data={"draws": "50"}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    path = tmp_path / "pos.csv"
    path.write_text(POSITIONS)
    expected = forecast_table(load(path), "all", draws=50, seed=1)
    assert body == expected.model_dump(mode="json")
    assert {row["model"] for row in body["rows"]} == set(ALL)
    assert all(row["lower"] <= row["mean"] <= row["upper"] for row in body["rows"])
    assert body["missing_salience"] == 1


def test_forecast_json_equals_csv(client):
    lines = POSITIONS.strip().splitlines()[1:]
    keys = ("issue", "actor", "position", "salience", "capability")
    rows = [dict(zip(keys, ln.split(","), strict=True)) for ln in lines]
    for row in rows:
        row["salience"] = row["salience"] or None
    by_json = client.post("/api/forecast", json={"rows": rows, "draws": 20})
    by_csv = client.post(
        "/api/forecast/csv", files={"positions": ("p.csv", POSITIONS, "text/csv")}, data={"draws": "20"}
    )
    assert by_json.status_code == 200, by_json.text
    assert by_json.json() == by_csv.json()


def test_forecast_bad_input_names_line_and_column(client):
    bad = POSITIONS.replace("scs,CHN,10,90,20", "scs,CHN,10,high,20")
    r = client.post("/api/forecast/csv", files={"positions": ("../../etc/my pos.csv", bad, "text/csv")})
    assert r.status_code == 422
    body = r.json()
    assert body["file"] == "my_pos.csv" and body["line"] == 3 and body["field"] == "salience"
    assert "my_pos.csv, line 3, field 'salience'" in body["detail"]
    r = client.post(
        "/api/forecast",
        json={
            "rows": [
                {"issue": "a", "actor": "X", "position": 1, "capability": 1},
                {"issue": "a", "actor": "Y", "position": 2, "capability": -1},
            ]
        },
    )
    assert r.status_code == 422 and r.json()["detail"].startswith("rows, line 3, field 'capability'")
    r = client.post("/api/forecast/csv", files={"positions": ("p.csv", "issue,actor\na,b\n", "text/csv")})
    assert r.status_code == 422 and "missing column" in r.json()["detail"]
    r = client.post("/api/forecast/csv", files={"positions": ("p.csv", b"\xff\xfe\x00", "text/csv")})
    assert r.status_code == 422 and "UTF-8" in r.json()["detail"]
    r = client.post(
        "/api/forecast",
        json={"rows": [{"issue": "a", "actor": "X", "position": 1, "capability": 1}], "model": "astrology"},
    )
    assert r.status_code == 422 and "astrology" in r.json()["detail"]


def test_oversize_upload_is_refused_with_413(client):
    big = "issue,actor,position,salience,capability\n" + "a,B,1,1,1\n" * (MAX_UPLOAD_BYTES // 10 + 10)
    r = client.post("/api/forecast/csv", files={"positions": ("big.csv", big, "text/csv")})
    assert r.status_code == 413
    assert "1,000,000 bytes" in r.json()["detail"]
    page = client.post("/forecast", files={"positions": ("big.csv", big, "text/csv")})
    assert page.status_code == 413 and "1,000,000 bytes" in page.text and "<html" in page.text


def test_streamed_body_without_length_is_counted(app):
    from aseanway.web.inputs import BodyLimit

    sent = []

    async def inner(scope, receive, send):
        while (await receive()).get("more_body"):
            pass

    async def respond(scope, send, message):
        sent.append(message)

    chunks = [{"type": "http.request", "body": b"x" * 600, "more_body": True}] * 2
    chunks.append({"type": "http.request", "body": b"", "more_body": False})

    async def receive():
        return chunks.pop(0)

    import asyncio

    scope = {"type": "http", "method": "POST", "headers": [], "path": "/api/x"}
    asyncio.run(BodyLimit(inner, 1000, respond)(scope, receive, None))
    assert sent and "1,000 bytes" in sent[0]


# ---- run, jobs, runs ------------------------------------------------------------------------------------
def test_run_job_equals_the_cli_library(client):
    job = wait(client, start_run(client, runs=4, seed=7))
    assert job["status"] == "done", job["error"]
    result = job["result"]
    expected = run_scenario("asean-2026", runs=4, seed=7, db=None).model_dump(mode="json")
    for key in ("issues", "indicators", "scenario_hash", "runs", "seed", "meetings"):
        assert result[key] == expected[key], key
    assert job["done"] == job["total"] > 0
    run_id = result["run_id"]
    stored = client.get(f"/api/runs/{run_id}").json()
    for got, want in zip(stored["issues"], result["issues"], strict=True):
        assert got["consensus_share"] == pytest.approx(want["consensus_share"])
        assert got["mean_outcome"] == pytest.approx(want["mean_outcome"])
    got = {i["name"]: (i["mean"], i["p10"], i["p90"]) for i in stored["indicators"]}
    want = {i["name"]: (i["mean"], i["p10"], i["p90"]) for i in result["indicators"]}
    assert got.keys() == want.keys()
    for name, values in want.items():
        assert got[name] == pytest.approx(values), name


def test_edited_stances_reach_the_stored_scenario(app, client):
    sc = load_scenario("asean-2026")
    issue = sc.issues[0]
    actor = next(iter(issue.positions))
    job = wait(
        client, start_run(client, runs=2, stances={issue.id: {actor: {"position": 1.5, "salience": 99}}})
    )
    assert job["status"] == "done", job["error"]
    with app.state.jobs.store() as store:
        import json

        stored = json.loads(store.scenario_json(job["result"]["run_id"]))
    assert stored["issues"][0]["positions"][actor]["position"] == 1.5
    assert stored["issues"][0]["positions"][actor]["salience"] == 99
    assert job["result"]["scenario_hash"] != sc.digest()


def test_run_bad_input(client):
    r = client.post("/api/run", json={"scenario_yaml": BROKEN_SCENARIO})
    assert r.status_code == 422
    assert r.json()["field"] == "runs" and "line 5" in r.json()["detail"]
    r = client.post("/api/run/yaml", files={"file": ("broken.yaml", BROKEN_SCENARIO, "text/yaml")})
    assert r.status_code == 422
    assert r.json()["detail"].startswith("broken.yaml, line 5, field 'runs'")
    sc = load_scenario("asean-2026")
    issue, actor = sc.issues[0].id, next(iter(sc.issues[0].positions))
    r = client.post("/api/run", json={"stances": {issue: {actor: {"position": 1000}}}})
    assert r.status_code == 422 and "outside the scale" in r.json()["detail"]
    assert r.json()["field"] == "issues[0]"
    r = client.post("/api/run", json={"stances": {issue: {"ATLANTIS": {"position": 1}}}})
    assert r.status_code == 422 and "ATLANTIS" in r.json()["detail"]
    r = client.post("/api/run", json={"runs": 0})
    assert r.status_code == 422 and r.json()["field"] == "runs"
    r = client.post("/api/run", json={"scenario": "../../etc/passwd"})
    assert r.status_code == 422 and "unknown embedded scenario" in r.json()["detail"]


def test_run_yaml_upload_runs(client):
    text = load_scenario("asean-2026").model_dump_json()
    r = client.post("/api/run/yaml", files={"file": ("mine.yaml", text, "text/yaml")}, data={"runs": "2"})
    assert r.status_code == 202, r.text
    job = wait(client, r.json()["job_id"])
    assert job["status"] == "done" and job["result"]["runs"] == 2


def test_two_jobs_at_once_and_the_api_answers_meanwhile(app, client):
    gate = threading.Event()
    blocked = app.state.jobs.submit("test", lambda progress: gate.wait(30) and "released")
    a, b = start_run(client, runs=3, seed=1), start_run(client, runs=3, seed=2)
    t0 = time.monotonic()
    assert client.get("/api/world/members").status_code == 200
    assert client.get("/api/runs").status_code == 200
    assert client.get(f"/api/jobs/{blocked}").json()["status"] == "running"
    assert time.monotonic() - t0 < 5
    ja, jb = wait(client, a), wait(client, b)
    assert ja["status"] == jb["status"] == "done"
    assert ja["result"]["run_id"] != jb["result"]["run_id"]
    assert client.get(f"/api/jobs/{blocked}").json()["status"] == "running"
    gate.set()
    assert wait(client, blocked)["result"] == "released"


def test_failed_job_shows_its_error(app, client):
    def fail(progress):
        raise InputError("expected a number", file="x.yaml", line=2, field="runs")

    job = wait(client, app.state.jobs.submit("test", fail))
    assert job["status"] == "failed" and job["error"] == "x.yaml, line 2, field 'runs': expected a number"
    assert client.get("/api/jobs/nope").status_code == 404


def test_runs_list_detail_and_parquet(app, client):
    job = wait(client, start_run(client, runs=2, seed=3))
    run_id = job["result"]["run_id"]
    listed = client.get("/api/runs").json()
    assert run_id in [r["run_id"] for r in listed]
    assert client.get("/api/runs/9999").status_code == 404
    assert client.get("/api/runs/9999/parquet").status_code == 404
    r = client.get(f"/api/runs/{run_id}/parquet")
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    zf = zipfile.ZipFile(io.BytesIO(r.content))
    assert sorted(zf.namelist()) == sorted(f"{t}.parquet" for t in TABLES)
    data = zf.read("outcomes.parquet")
    con = duckdb.connect()
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(data))
    con.register("t", table)
    n_issues = len(load_scenario("asean-2026").issues)
    assert con.execute("SELECT count(*), min(run_id), max(run_id) FROM t").fetchone() == (
        2 * n_issues,
        run_id,
        run_id,
    )


# ---- unga, openapi, serve -------------------------------------------------------------------------------
def test_unga_endpoints(client):
    r = client.get("/api/unga/coincidence?with=US&session=1&important=true")
    assert r.status_code == 200, r.text
    rows = {row["code"]: row for row in r.json()["rows"]}
    assert rows["IDN"]["same"] >= 0
    r = client.get("/api/unga/cohesion?from=1983&to=2000&group=ASEAN")
    assert r.status_code == 200 and r.json()["group"] == "ASEAN"
    r = client.get("/api/unga/affinity?from=2000&to=2000&countries=US,ID")
    assert r.status_code == 200 and sorted(r.json()["codes"]) == ["IDN", "USA"]
    r = client.get("/api/unga/coincidence?with=ZZ&session=1")
    assert r.status_code == 422 and "ZZ" in r.json()["detail"]


def test_unga_without_data_is_503(tmp_path):
    with TestClient(create_app(db_path=tmp_path / "s.duckdb", unga_data=None)) as c:
        r = c.get("/api/unga/cohesion?from=1983&to=2000")
        assert r.status_code == 503 and "--unga-data" in r.json()["detail"]
        assert c.get("/api/runs").json() == []


def test_openapi_lists_every_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    for p in (
        "/api/world/{kind}",
        "/api/world/chair/{year}",
        "/api/explain/{topic}",
        "/api/forecast",
        "/api/forecast/csv",
        "/api/run",
        "/api/run/yaml",
        "/api/jobs/{job_id}",
        "/api/runs",
        "/api/runs/{run_id}",
        "/api/runs/{run_id}/parquet",
        "/api/runs/{run_id}/report",
        "/api/runs/{run_id}/figures",
        "/api/runs/{run_id}/compare",
        "/api/unga/coincidence",
        "/api/unga/cohesion",
        "/api/unga/affinity",
    ):
        assert p in paths, p
    assert not any(p.startswith("/static") for p in paths)


def test_serve_warns_when_binding_wider(monkeypatch, capsys, tmp_path):
    import typer
    import uvicorn

    from aseanway.cli import serve

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    cli = typer.Typer()
    serve.register(cli)
    cli.command("noop")(lambda: None)  # a second command, so that `serve` stays a named subcommand
    cli(["serve", "--db", str(tmp_path / "s.duckdb"), "--port", "8123"], standalone_mode=False)
    assert calls[-1] == {"host": "127.0.0.1", "port": 8123, "log_level": "warning"}
    assert "warning" not in capsys.readouterr().err
    cli(["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "s.duckdb")], standalone_mode=False)
    err = capsys.readouterr().err
    assert calls[-1]["host"] == "0.0.0.0" and "warning: listening on 0.0.0.0" in err
    with pytest.raises(InputError, match="roll_calls.csv"):
        cli(["serve", "--unga-data", str(tmp_path / "none")], standalone_mode=False)
