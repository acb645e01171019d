"""Capability table: CINC recomputation, actors, the GDP/population fallback, the shipped tables."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from aseanway.analysis import capability as cap
from aseanway.errors import InputError

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ASEANWAY_SHARED", REPO / ".." / "shared"))
DATA = SHARED / "data"
DERIVED = REPO / "src" / "aseanway" / "world" / "derived"
needs_data = pytest.mark.skipif(
    not (DATA / "cow" / "nmc.csv").is_file() or not (DATA / "unga" / "votes.csv.gz").is_file(),
    reason=f"shared data (cow, worldbank, unga) not found under {DATA}",
)


@needs_data
def test_recomputed_cinc_matches_cow_column():
    nmc = cap.load_nmc(DATA / "cow" / "nmc.csv")
    assert np.nanmax(np.abs(cap.recompute_cinc(nmc) - nmc.cinc)) < 1e-6


@needs_data
def test_every_actor_present_or_excluded_and_ordering():
    table = cap.capability_table(DATA)
    codes = [r.code for r in table.rows]
    assert set(codes) | set(table.excluded) == set(cap.DEFAULT_ACTORS)
    assert not set(codes) & set(table.excluded)
    assert set(table.excluded) == {"EU"}
    by = {r.code: r for r in table.rows}
    assert by["IDN"].capability > by["SGP"].capability
    assert by["CHN"].capability > by["USA"].capability > by["IND"].capability
    assert by["TLS"].cinc is not None and by["TLS"].cinc_year == 2022
    assert by["PRK"].gdp_usd is None and by["PRK"].capability == by["PRK"].cinc  # no WDI GDP for PRK
    assert all(r.capability == r.cinc for r in table.rows)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_fallback_and_missing_components(tmp_path):
    _write(
        tmp_path / "cow" / "nmc.csv",
        "ccode,year,milex,milper,irst,pec,tpop,upop,cinc\n"
        "850,2020,30,10,,40,200,100,0\n"
        "830,2020,10,10,5,60,50,50,0\n",
    )
    wb = "Country Name,Country Code,Year,Value\n"
    _write(tmp_path / "worldbank" / "gdp.csv", wb + "X,IDN,2021,10\nY,ZZZ,2021,30\nW,WLD,2021,200\n")
    _write(tmp_path / "worldbank" / "population.csv", wb + "X,IDN,2022,5\nY,ZZZ,2021,10\nW,WLD,2021,100\n")
    nmc = cap.load_nmc(tmp_path / "cow" / "nmc.csv")
    got = cap.recompute_cinc(nmc)
    # IDN: shares 0.75, 0.5, (irst missing), 0.4, 0.8, 2/3 -> mean over the five present
    assert got[0] == pytest.approx((0.75 + 0.5 + 0.4 + 0.8 + 2 / 3) / 5)
    assert got[1] == pytest.approx((0.25 + 0.5 + 1.0 + 0.6 + 0.2 + 1 / 3) / 6)
    table = cap.capability_table(tmp_path, ("IDN", "ZZZ", "EU", "QQQ"))
    by = {r.code: r for r in table.rows}
    assert by["IDN"].cinc == 0 and by["IDN"].cinc_year == 2020  # the file's cinc column, as published
    assert (by["IDN"].gdp_year, by["IDN"].population_year, by["IDN"].population) == (2021, 2022, 5)
    assert by["ZZZ"].cinc is None
    assert by["ZZZ"].capability == pytest.approx((30 / 200 + 10 / 100) / 2)
    assert "World Bank" in by["ZZZ"].source
    assert set(table.excluded) == {"EU", "QQQ"}


def test_bad_nmc_names_file_and_line(tmp_path):
    _write(tmp_path / "nmc.csv", "ccode,year,milex,milper,irst,pec,tpop,upop,cinc\n2,1816,x,1,1,1,1,1,0.1\n")
    with pytest.raises(InputError, match=r"nmc\.csv, line 2"):
        cap.load_nmc(tmp_path / "nmc.csv")
    with pytest.raises(InputError, match="not found"):
        cap.load_nmc(tmp_path / "none.csv")


@needs_data
def test_shipped_tables_equal_what_the_script_computes(tmp_path):
    out = tmp_path / "derived"
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "derive_reference_tables.py"),
            "--shared",
            str(SHARED),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    for name in ("capability.csv", "affinity_unga_2008_2017.csv"):
        assert (out / name).read_text() == (DERIVED / name).read_text(), name
    prov = yaml.safe_load((DERIVED / "PROVENANCE.yaml").read_text())
    for name, digest in prov["inputs_sha256"].items():
        assert hashlib.sha256((SHARED / name).read_bytes()).hexdigest() == digest, name
    for name, digest in prov["outputs_sha256"].items():
        assert hashlib.sha256((DERIVED / name).read_bytes()).hexdigest() == digest, name
    assert prov["excluded"].keys() == {"EU"}


def test_shipped_tables_are_complete_and_in_range():
    rows = cap.read_capability_csv(DERIVED / "capability.csv")
    states = [a for a in cap.DEFAULT_ACTORS if a not in cap.NON_STATE_ACTORS]
    assert [r.code for r in rows] == states
    assert all(0 < r.capability < 1 for r in rows)
    lines = (DERIVED / "affinity_unga_2008_2017.csv").read_text().strip().splitlines()
    assert lines[0] == "code_a,code_b,agreement,n_votes"
    assert len(lines) - 1 == len(states) * (len(states) - 1) // 2
    for line in lines[1:]:
        a, b, agreement, n = line.split(",")
        assert a < b and a in states and b in states and 0 <= float(agreement) <= 1 and int(n) > 500
