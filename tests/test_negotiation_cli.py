"""`aseanway forecast` and `aseanway validate deu3`: outputs, formats, and one-line errors on bad files."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from aseanway.cli import main
from aseanway.errors import InputError
from aseanway.negotiation.io import load, load_deu3

SHARED = Path(os.environ.get("ASEANWAY_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared"))
DEU = SHARED / "data" / "deu3"

POSITIONS = """issue,actor,position,salience,capability
a,ID,0,80,10
a,MY,50,,5
a,SG,100,60,3
b,ID,20,50,10
b,TH,30,50,4
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    pos = tmp_path / "positions.csv"
    pos.write_text(POSITIONS)
    iss = tmp_path / "issues.csv"
    iss.write_text("issue,status_quo,comment\na,40,ignored\nb,,\n")
    return pos, iss


def _csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_default_model_is_named(files, capsys):
    pos, iss = files
    assert main(["forecast", str(pos), "--issues", str(iss), "--format", "csv"]) == 0
    rows = _csv(capsys.readouterr().out)
    assert [r["issue"] for r in rows] == ["a", "b"]
    assert {r["model"] for r in rows} == {"default"} and {r["model_used"] for r in rows} == {"compromise"}
    # issue a: weights 10*0.8, 5*0.5 (missing salience = 50), 3*0.6 -> (0*8 + 50*2.5 + 100*1.8) / 12.3
    assert float(rows[0]["forecast"]) == pytest.approx(305 / 12.3, rel=1e-5)


def test_all_models_with_draws_json(files, capsys):
    pos, iss = files
    argv = ["forecast", str(pos), "--issues", str(iss), "--model", "all", "--draws", "50", "--seed", "4"]
    assert main(argv + ["--format", "json"]) == 0
    out = capsys.readouterr()
    data = json.loads(out.out)
    models = {r["model"] for r in data["rows"]}
    assert {"compromise", "nash", "expected_utility", "consultation", "weighted_median"} <= models
    for r in data["rows"]:
        assert r["lower"] <= r["mean"] <= r["upper"]
    cons = [r for r in data["rows"] if r["model"] == "consultation"]
    assert all(0 <= r["consensus_probability"] <= 1 for r in cons)
    assert main(argv + ["--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == data  # same seed, same figures


def test_out_file(files, tmp_path, capsys):
    pos, _ = files
    target = tmp_path / "out.csv"
    assert main(["forecast", str(pos), "-m", "consultation", "-f", "csv", "--out", str(target)]) == 0
    assert capsys.readouterr().out == ""
    rows = _csv(target.read_text())
    assert {"consensus", "rounds", "fallback", "blockers"} <= set(rows[0])


@pytest.mark.parametrize(
    ("content", "expect"),
    [
        ("issue,actor,position,salience,capability\na,ID,abc,3,3\n", "line 2, field 'position'"),
        ("issue,actor,position,salience,capability\na,ID,3,300,3\n", "line 2, field 'salience'"),
        ("issue,actor,position,salience,capability\na,ID,3,30,0\n", "line 2, field 'capability'"),
        ("issue,actor,position,salience,capability\na,ID,3,30,1\na,ID,4,30,1\n", "line 3, field 'actor'"),
        ("issue,actor,position,salience,capability\na,ID,130,30,1\n", "line 2, field 'position'"),
        ("issue,actor,position,capability\na,ID,3,1\n", "line 1, field 'salience'"),
        ("issue,actor,position,salience,capability\na,ID,3,30\n", "line 2"),
        ("", "line 1"),
    ],
)
def test_malformed_positions(tmp_path, capsys, content, expect):
    bad = tmp_path / "bad.csv"
    bad.write_text(content)
    assert main(["forecast", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("aseanway: error:") and str(bad) in err and expect in err
    assert err.count("\n") == 1


def test_malformed_issues(files, tmp_path):
    pos, _ = files
    bad = tmp_path / "issues.csv"
    bad.write_text("issue,status_quo\na,x\n")
    with pytest.raises(InputError, match="line 2, field 'status_quo'"):
        load(pos, bad)
    bad.write_text("issue,status_quo\nzz,1\n")
    with pytest.raises(InputError, match="line 2, field 'issue'.*no rows"):
        load(pos, bad)


def test_unknown_model(files, capsys):
    pos, _ = files
    assert main(["forecast", str(pos), "--model", "oracle"]) == 2
    assert "unknown model" in capsys.readouterr().err


def test_validate_bad_folder(tmp_path, capsys):
    assert main(["validate", "deu3", "--data", str(tmp_path)]) == 1
    assert "positions.csv" in capsys.readouterr().err


def test_validate_needs_outcomes(tmp_path, files):
    pos, _ = files
    (tmp_path / "positions.csv").write_text(POSITIONS)
    (tmp_path / "issues.csv").write_text("issue,outcome\na,10\nb,\n")
    with pytest.raises(InputError, match="line 3, field 'outcome'"):
        load_deu3(tmp_path)


@pytest.mark.skipif(not DEU.is_dir(), reason=f"shared data absent: {DEU}")
def test_validate_on_a_subset_of_proposals(tmp_path, capsys):
    """Works on any folder with the two files (e.g. a hold-out): here a third of the proposals."""
    issues = list(csv.DictReader((DEU / "issues.csv").open()))
    keep_props = sorted({r["proposal"] for r in issues})[::3]
    keep = [r for r in issues if r["proposal"] in keep_props]
    ids = {r["issue"] for r in keep}
    with (tmp_path / "issues.csv").open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(issues[0]))
        w.writeheader()
        w.writerows(keep)
    lines = (DEU / "positions.csv").read_text().splitlines()
    body = [ln for ln in lines[1:] if ln.split(",", 1)[0] in ids]
    (tmp_path / "positions.csv").write_text("\n".join([lines[0], *body]) + "\n")
    assert main(["validate", "deu3", "--data", str(tmp_path), "--format", "json", "--boot", "200"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["n_issues"] == len(keep) and data["n_proposals"] == len(keep_props)
    assert {s["model"] for s in data["scores"]} >= {"compromise", "mean", "midpoint", "salience_mean"}
