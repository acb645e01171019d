"""UN General Assembly analyses: hand-made folder arithmetic, published figures, agreement formula."""

from __future__ import annotations

import csv
import gzip
import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from aseanway.analysis import unga
from aseanway.errors import InputError

SHARED = Path(os.environ.get("ASEANWAY_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared"))
UNGA_DIR = SHARED / "data" / "unga"
needs_data = pytest.mark.skipif(
    not (UNGA_DIR / "votes.csv.gz").is_file(), reason=f"shared UNGA data not found at {UNGA_DIR}"
)

# Hand-made folder: rc 1-5 in session 1 (2000; rc 1-4 "important"), rc 6 in session 2 (1983).
ROLL_CALLS = [
    (1, 1, "1", "2000-01-01"),
    (2, 1, "1", "2000-01-02"),
    (3, 1, "1", "2000-01-03"),
    (4, 1, "1", "2000-01-04"),
    (5, 1, "0", "2000-01-05"),
    (6, 2, "", "1983-12-01"),
]
VOTES = {
    1: {"US": "yes", "ID": "yes", "MY": "no", "NA": "abstain", "TH": "yes"},
    2: {"US": "no", "ID": "yes", "MY": "no", "NA": "no", "TH": "yes"},
    3: {"US": "yes", "ID": "abstain", "MY": "yes", "TH": "yes"},
    4: {"US": "abstain", "ID": "abstain", "MY": "yes", "NA": "yes", "TH": "abstain"},
    5: {"US": "yes", "ID": "no", "MY": "yes", "NA": "yes"},
    6: {"US": "yes", "ID": "yes", "BN": "no"},
}
NAMES = {"US": "United States", "ID": "Indonesia", "MY": "Malaysia", "NA": "Namibia", "TH": "Thailand"}


def write_folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    with (path / "roll_calls.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["rcid", "session", "importantvote", "date", "unres"])
        for rc in ROLL_CALLS:
            w.writerow([*rc, f"R/{rc[0]}"])
    with gzip.open(path / "votes.csv.gz", "wt", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["rcid", "country_code", "country", "vote"])
        for rc, votes in VOTES.items():
            for code, vote in votes.items():
                w.writerow([rc, code, NAMES.get(code, code), vote])
        w.writerow([1, "", "Zanzibar", "yes"])  # a historical state without a code: skipped
    return path


@pytest.fixture
def tiny(tmp_path):
    return unga.load_unga(write_folder(tmp_path / "unga"))


def _row(result, code):
    return next(r for r in result.rows if r.code == code)


def test_tiny_folder_reads_namibia_and_skips_codeless_rows(tiny):
    assert "NAM" in tiny.iso3 and "NA" in tiny.iso2
    assert tiny.skipped_rows == 1
    assert tiny.votes.shape == (6, 6)


def test_coincidence_counts_and_both_methods(tiny):
    so = unga.coincidence(tiny, "US", 1, important=True)
    hc = unga.coincidence(tiny, "USA", 1, important=True, method="half-credit")
    idn, mys, nam = _row(so, "IDN"), _row(so, "MYS"), _row(so, "NAM")
    assert (idn.same, idn.opposite, idn.partial, idn.both_abstain) == (1, 1, 1, 1)
    assert (mys.same, mys.opposite, mys.partial) == (2, 1, 1)
    assert (nam.same, nam.opposite, nam.partial) == (1, 0, 2)
    assert idn.coincidence == pytest.approx(1 / 2)
    assert mys.coincidence == pytest.approx(2 / 3)
    assert nam.coincidence == pytest.approx(1.0)
    assert _row(hc, "IDN").coincidence == pytest.approx((1 + 0.5) / 3)
    assert _row(hc, "MYS").coincidence == pytest.approx((2 + 0.5) / 4)
    assert _row(hc, "NAM").coincidence == pytest.approx((1 + 1) / 3)
    assert "USA" not in {r.code for r in so.rows}
    assert so.n_rollcalls == 4
    # without --important, rc 5 (ID no vs US yes) is added
    allv = unga.coincidence(tiny, "US", 1)
    assert _row(allv, "IDN").opposite == 2 and _row(allv, "IDN").coincidence == pytest.approx(1 / 3)


def test_group_pools_members_counts(tiny):
    g = unga.coincidence(tiny, "us", 1, important=True, group="asean").rows[0]
    # IDN 1/1/1, MYS 2/1/1, THA: rc1 same, rc2 opposite, rc3 same, rc4 both abstain
    assert (g.same, g.opposite, g.partial, g.both_abstain) == (5, 3, 2, 2)
    assert g.coincidence == pytest.approx(5 / 8)
    assert g.members == ["IDN", "MYS", "THA"]
    hc = unga.coincidence(tiny, "US", 1, important=True, group="ASEAN", method="half-credit").rows[0]
    assert hc.coincidence == pytest.approx((5 + 1) / 10)


def test_membership_follows_admission_date(tiny):
    # Brunei joined ASEAN on 1984-01-07: in 1983 it is not counted, so the group holds only IDN.
    g = unga.coincidence(tiny, "US", 2, group="ASEAN").rows[0]
    assert g.members == ["IDN"] and (g.same, g.opposite) == (1, 0)
    c = unga.cohesion(tiny, "ASEAN", 1983, 2000)
    y1983 = c.years[0]
    assert (
        y1983.members == ["IDN", "MYS", "PHL", "SGP", "THA"]
        and y1983.n_pair_votes == 0
        and y1983.agreement is None
    )


def test_cohesion_by_hand(tiny):
    c = unga.cohesion(tiny, "ASEAN", 1999, 2000)
    y1999, y2000 = c.years
    assert y1999.n_rollcalls == 0 and y1999.identical_share is None
    assert y1999.members == ["BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM"]
    assert y2000.n_rollcalls == 5 and y2000.n_pair_votes == 13
    assert y2000.identical_share == pytest.approx(4 / 13)
    assert y2000.agreement == pytest.approx((4 + 0.5 * 4) / 13)


def test_affinity_by_hand(tiny):
    a = unga.affinity(tiny, 2000, 2000, ["ID", "MYS", "US", "NA"])
    assert a.codes == ["IDN", "MYS", "USA", "NAM"]
    m = np.array(a.agreement, dtype=float)
    assert m[0, 1] == pytest.approx(2 * 0.5 / 5)  # only half-agreements (rc 3 and 4)
    assert m[2, 3] == pytest.approx((2 + 0.5 * 2) / 4)
    assert m[0, 2] == pytest.approx((2 + 0.5) / 5)  # rc1 same, rc4 both abstain, rc3 half
    assert np.allclose(m, m.T) and a.n_votes[2][3] == 4
    pairs = a.pairs()
    assert len(pairs) == 6 and all(p.code_a < p.code_b for p in pairs)


@settings(max_examples=60, deadline=None)
@given(arrays(np.int8, st.tuples(st.integers(1, 12), st.integers(2, 5)), elements=st.integers(0, 3)))
def test_dyadic_agreement_is_voeten_formula(votes):
    agree, joint = unga.dyadic_agreement(votes)
    for i in range(votes.shape[1]):
        for j in range(votes.shape[1]):
            both = (votes[:, i] > 0) & (votes[:, j] > 0)
            assert joint[i, j] == both.sum()
            if both.any():
                d = np.abs(votes[both, i].astype(int) - votes[both, j].astype(int))
                assert agree[i, j] == pytest.approx(1 - d.mean() / 2)
            else:
                assert np.isnan(agree[i, j])


def test_bad_inputs_name_the_problem(tmp_path, tiny):
    with pytest.raises(InputError, match="--data"):
        unga.load_unga(tmp_path / "missing")
    with pytest.raises(InputError, match="--with"):
        unga.coincidence(tiny, "XX", 1)
    with pytest.raises(InputError, match="--session"):
        unga.coincidence(tiny, "US", 99)
    with pytest.raises(InputError, match="--important"):
        unga.coincidence(tiny, "US", 2, important=True)
    with pytest.raises(InputError, match="--group"):
        unga.coincidence(tiny, "US", 1, group="NATO")
    with pytest.raises(InputError, match="--from"):
        unga.cohesion(tiny, "ASEAN", 2000, 1999)
    with pytest.raises(InputError, match="--to"):
        unga.affinity(tiny, 2000, 2030)


def test_bad_vote_names_file_and_line(tmp_path):
    folder = write_folder(tmp_path / "bad")
    with gzip.open(folder / "votes.csv.gz", "wt", newline="") as fh:
        fh.write("rcid,country_code,country,vote\n1,US,United States,yes\n1,ID,Indonesia,maybe\n")
    with pytest.raises(InputError, match=r"votes\.csv\.gz, line 3"):
        unga.load_unga(folder)


@needs_data
def test_published_asean_coincidence_reproduced_exactly():
    data = unga.load_unga(UNGA_DIR)
    with (UNGA_DIR / "published_us_coincidence.csv").open(newline="") as fh:
        published = list(csv.DictReader(fh))
    assert len(published) == 3
    for row in published:
        res = unga.coincidence(data, "US", int(row["session"]), important=True, group=row["group"])
        g = res.rows[0]
        assert round(100 * g.coincidence, 1) == float(row["coincidence_pct"]), row
        assert g.members == ["BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM"]


@needs_data
def test_averaging_members_percentages_does_not_reproduce_them():
    """Documents the aggregation: the mean of the members' own figures misses the published ones."""
    data = unga.load_unga(UNGA_DIR)
    with (UNGA_DIR / "published_us_coincidence.csv").open(newline="") as fh:
        published = list(csv.DictReader(fh))
    misses = 0
    for row in published:
        res = unga.coincidence(data, "US", int(row["session"]), important=True)
        members = unga.ASEAN_JOINED.keys() - {"TLS"}
        mean = np.mean([r.coincidence for r in res.rows if r.code in members])
        misses += round(100 * mean, 1) != float(row["coincidence_pct"])
    assert misses == 3


@needs_data
def test_real_cohesion_membership_and_range():
    data = unga.load_unga(UNGA_DIR)
    c = unga.cohesion(data, "ASEAN", 1974, 2017)
    by_year = {y.year: y for y in c.years}
    assert [len(by_year[y].members) for y in (1983, 1984, 1995, 1997, 1999, 2017)] == [5, 6, 7, 9, 10, 10]
    for y in c.years:
        assert 0 <= y.identical_share <= y.agreement <= 1
    assert unga.load_unga(UNGA_DIR) is data  # cached per path within a process


def test_internal_membership_and_codes_agree_with_world():
    """The module keeps its own ASEAN dates and alpha-2 table; they must match aseanway.world."""
    world = pytest.importorskip("aseanway.world", reason="aseanway.world not available")
    members = world.load_world().members
    assert {m.code: m.joined for m in members} == unga.ASEAN_JOINED
    assert all(unga.ALPHA2_TO_ALPHA3[m.iso2] == m.code for m in members)
