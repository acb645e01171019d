"""``aseanway unga ...``: JSON output, alpha-2/alpha-3, one-line errors, the cohesion plot."""

from __future__ import annotations

import json

import numpy as np
import pytest
from matplotlib.image import imread
from test_unga import UNGA_DIR, needs_data, write_folder

from aseanway.analysis import unga
from aseanway.analysis.unga_plot import plot_cohesion
from aseanway.cli import main


@pytest.fixture
def folder(tmp_path):
    return write_folder(tmp_path / "unga")


def run(capsys, *args):
    code = main(["unga", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_coincidence_json_alpha2_and_alpha3_agree(capsys, folder):
    base = ("coincidence", "--data", folder, "--session", "1", "--important", "--format", "json")
    code2, out2, _ = run(capsys, *base, "--with", "US")
    code3, out3, _ = run(capsys, *base, "--with", "usa")
    assert code2 == code3 == 0 and out2 == out3
    rows = json.loads(out2)
    assert {r["code"] for r in rows} == {"IDN", "MYS", "NAM", "THA"}
    nam = next(r for r in rows if r["code"] == "NAM")
    assert (nam["same"], nam["opposite"], nam["partial"], nam["coincidence"]) == (1, 0, 2, 1.0)


def test_group_json_is_one_object(capsys, folder):
    code, out, _ = run(
        capsys, "coincidence", "--data", folder, "--with", "US", "--session", "1",
        "--important", "--group", "ASEAN", "--method", "half-credit", "--format", "json",
    )  # fmt: skip
    rows = json.loads(out)
    assert code == 0 and len(rows) == 1 and rows[0]["code"] == "ASEAN"
    assert rows[0]["coincidence"] == pytest.approx(0.6)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--data", "/nonexistent/unga", "--with", "US", "--session", "1"), "--data"),
        (("--with", "ZZ", "--session", "1"), "--with"),
        (("--with", "US", "--session", "40"), "--session"),
        (("--with", "US", "--session", "1", "--method", "average"), "--method"),
    ],
)
def test_bad_input_one_line_error(capsys, folder, args, needle):
    if "--data" not in args:
        args = ("--data", folder, *args)
    code, out, err = run(capsys, "coincidence", *args)
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and needle in err and "Traceback" not in err


def test_cohesion_plot_has_the_data_behind_it(capsys, folder, tmp_path):
    png = tmp_path / "cohesion.png"
    code, out, err = run(
        capsys,
        "cohesion",
        "--data",
        folder,
        "--from",
        "1983",
        "--to",
        "2000",
        "--out",
        png,
        "--format",
        "json",
    )
    assert code == 0 and png.is_file() and str(png) in err
    image = imread(png)
    assert image.shape[0] > 100 and image.std() > 0
    result = json.loads(out)
    assert result["years"][-1]["agreement"] == pytest.approx(6 / 13)
    # the library's plot returns what it drew: same series as the cohesion result
    coh = unga.cohesion(unga.load_unga(folder), "ASEAN", 1983, 2000)
    plot = plot_cohesion(coh, tmp_path / "again.png")
    assert plot.years == list(range(1983, 2001))
    assert plot.series["agreement"] == [y.agreement for y in coh.years]
    assert plot.series["identical_share"] == [y.identical_share for y in coh.years]
    assert plot.series["agreement"][-1] == pytest.approx(6 / 13)


def test_affinity_csv(capsys, folder):
    code, out, _ = run(
        capsys,
        "affinity",
        "--data",
        folder,
        "--from",
        "2000",
        "--to",
        "2000",
        "--countries",
        "US,NA",
        "-f",
        "csv",
    )
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0] == "code_a,code_b,agreement,n_votes" and lines[1] == "NAM,USA,0.75,4"


@needs_data
def test_real_cli_published_2014(capsys):
    code, out, _ = run(
        capsys, "coincidence", "--data", UNGA_DIR, "--with", "US", "--session", "69",
        "--important", "--group", "ASEAN", "--format", "json",
    )  # fmt: skip
    assert code == 0
    assert round(100 * json.loads(out)[0]["coincidence"], 1) == 42.2


@needs_data
def test_real_cohesion_plot(capsys, tmp_path):
    png = tmp_path / "asean.png"
    code, out, _ = run(
        capsys, "cohesion", "--data", UNGA_DIR, "--group", "ASEAN", "--from", "1974", "--to", "2017",
        "--out", png, "--format", "csv",
    )  # fmt: skip
    assert code == 0 and png.stat().st_size > 10_000
    rows = out.strip().splitlines()
    assert len(rows) == 1 + 44
    assert np.all(np.isfinite([float(r.split(",")[-1]) for r in rows[1:]]))
