"""Report: figures exist, the JSON behind them matches the store, the HTML is self-contained; CLI."""

from __future__ import annotations

import json
import re

import pytest
import typer
from typer.testing import CliRunner

from aseanway.analysis.plots import OUTCOME_BINS, figure_data
from aseanway.analysis.report import write_report
from aseanway.cli import analysis as cli_analysis
from aseanway.simulation.runner import run_scenario
from aseanway.simulation.scenario import load_scenario
from aseanway.store import Store

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    db = tmp_path_factory.mktemp("report") / "x.duckdb"
    summary = run_scenario(load_scenario(), runs=20, seed=1, db=db)
    return db, summary.run_id


@pytest.fixture(scope="module")
def report_id(stored, tmp_path_factory):
    db, run_id = stored
    out = tmp_path_factory.mktemp("out")
    with Store(db, read_only=True) as store:
        return write_report(store, run_id, out, actor="PHL", lang="id")


def test_files_exist_and_are_pngs(report_id) -> None:
    keys = [f.key for f in report_id.figures]
    assert keys == ["indicators", "outcomes", "network", "radar"]
    for f in report_id.figures:
        with open(f.png, "rb") as fh:
            assert fh.read(8) == PNG_MAGIC
        json.loads(open(f.json_path, encoding="utf-8").read())
    assert report_id.html.endswith("report.html")
    assert len(report_id.files) == 9


def test_outcome_histograms_match_store(stored, report_id) -> None:
    db, run_id = stored
    data = json.loads(open(next(f.json_path for f in report_id.figures if f.key == "outcomes")).read())
    with Store(db, read_only=True) as store:
        rows = dict(
            store.query(
                "SELECT issue, count(*) FILTER (WHERE adopted) FROM outcomes WHERE run_id = ? GROUP BY issue",
                [run_id],
            )
        )
    assert {it["issue"] for it in data["issues"]} == set(rows)
    for it in data["issues"]:
        assert sum(it["counts"]) == rows[it["issue"]] == it["adopted"]
        assert len(it["counts"]) == OUTCOME_BINS
        assert it["adopted_share"] == pytest.approx(rows[it["issue"]] / 20)
    assert any(it["adopted"] > 0 for it in data["issues"])


def test_indicator_series_match_store(stored) -> None:
    db, run_id = stored
    with Store(db, read_only=True) as store:
        data = figure_data(store, run_id)
        (last,) = store.query(
            "SELECT avg(value) FROM indicators WHERE run_id = ? AND name = 'items_adopted_total' "
            "AND date = (SELECT max(date) FROM indicators WHERE run_id = ? AND name = 'items_adopted_total')",
            [run_id, run_id],
        )
    assert "radar" not in data
    series = {s["name"]: s for s in data["indicators"]["series"]}
    s = series["items_adopted_total"]
    assert s["mean"][-1] == pytest.approx(last[0])
    assert all(lo <= m <= hi for lo, m, hi in zip(s["p10"], s["mean"], s["p90"], strict=True))
    assert len(s["dates"]) == len(s["mean"]) == 4  # May summit, July AMM + ARF, October summit


def test_network_and_radar_data(stored) -> None:
    db, run_id = stored
    with Store(db, read_only=True) as store:
        data = figure_data(store, run_id, actor="IDN")
    net = data["network"]
    assert len(net["nodes"]) == 26
    assert all(e["weight"] >= net["threshold"] for e in net["edges"])
    radar = data["radar"]
    assert [a["aspect"] for a in radar["aspects"]] == ["political", "economic", "defence", "cultural"]
    assert [a["weight"] for a in radar["aspects"]] == pytest.approx([0.3, 0.3, 0.2, 0.2])


def test_html_is_self_contained_and_in_indonesian(report_id) -> None:
    html = open(report_id.html, encoding="utf-8").read()
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*https?://""", html, re.I)
    assert "http://" not in html and "https://" not in html
    assert "<script" not in html.lower()
    assert html.count("data:image/png;base64,") == 4
    assert "Filipina" in html  # the actor's Indonesian name
    assert "Fokus" in html and "Politik luar negeri" in html


def test_cli_compare_and_report(stored, tmp_path) -> None:
    db, run_id = stored
    app = typer.Typer()
    cli_analysis.register(app)
    runner = CliRunner()
    res = runner.invoke(
        app, ["compare", str(run_id), "--actor", "IDN", "--db", str(db), "-f", "json", "--lang", "id"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [r["label"] for r in data["rows"]] == ["Fokus", "Skala", "Subjek", "Tujuan"]
    res = runner.invoke(
        app, ["report", str(run_id), "--out", str(tmp_path / "r"), "--db", str(db), "-f", "json"]
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["actor"] is None and [f["key"] for f in out["figures"]] == [
        "indicators",
        "outcomes",
        "network",
    ]
    html = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "International politics" in html


def test_cli_errors_are_one_line(stored, capsys) -> None:
    from aseanway.cli import app, main

    db, run_id = stored
    if not any(c.name == "compare" for c in app.registered_commands):
        cli_analysis.register(app)
    assert main(["compare", str(run_id), "--actor", "NOPE", "--db", str(db)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "no actor 'NOPE'" in err
    assert main(["report", "77", "--out", "x", "--db", str(db)]) == 1
    assert "no run 77" in capsys.readouterr().err
