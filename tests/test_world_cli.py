"""`aseanway world ...`: JSON, CSV and table output in both languages; bad year and bad format."""

from __future__ import annotations

import csv
import io
import json

import pytest

from aseanway.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["world", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("ASEANWAY_LANG", raising=False)


@pytest.mark.parametrize(("lang", "phl_name"), [("en", "Philippines"), ("id", "Filipina")])
def test_members_json(capsys, lang: str, phl_name: str) -> None:
    code, out, err = run(capsys, "members", "--format", "json", "--lang", lang)
    assert code == 0 and err == ""
    data = json.loads(out)
    assert [m["code"] for m in data][:3] == ["BRN", "KHM", "IDN"]
    by = {m["code"]: m for m in data}
    assert by["PHL"]["name"] == phl_name
    assert by["TLS"]["joined"] == "2025-10-26" and by["IDN"]["founder"] is True
    assert by["VNM"]["cow_code"] == 816 and by["VNM"]["iso2"] == "VN"


def test_members_csv(capsys) -> None:
    code, out, _ = run(capsys, "members", "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 11
    assert rows[0]["code"] == "BRN" and rows[0]["joined"] == "1984-01-07" and rows[0]["founder"] == "no"


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["ASEAN member states", "Joined", "Cambodia"]),
        ("id", ["Negara anggota ASEAN", "Bergabung", "Kamboja"]),
    ],
)
def test_members_table_is_translated(capsys, lang: str, words: list[str]) -> None:
    code, out, _ = run(capsys, "members", "--lang", lang)
    assert code == 0
    for w in words:
        assert w in out


def test_instruments_json(capsys) -> None:
    code, out, _ = run(capsys, "instruments", "-f", "json", "-l", "id")
    assert code == 0
    data = {x["id"]: x for x in json.loads(out)}
    charter = data["CHARTER_2007"]
    assert charter["name"].startswith("Piagam")
    assert (charter["type"], charter["signed"], charter["in_force"]) == ("treaty", "2007-11-20", "2008-12-15")
    assert data["DOC_2002"]["type"] == "declaration" and data["DOC_2002"]["in_force"] is None
    assert len(data["ACCT_2007"]["ratifications"]) == 10


@pytest.mark.parametrize("what", ["partners", "arf", "forums", "disputes"])
@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_other_listings(capsys, what: str, fmt: str) -> None:
    code, out, err = run(capsys, what, "-f", fmt, "-l", "id")
    assert code == 0 and err == "" and out.strip()
    if fmt == "json":
        data = json.loads(out)
        assert all("name" in r and r.get("code", r.get("id")) for r in data)


def test_forums_table_indonesian_terms(capsys) -> None:
    _, out, _ = run(capsys, "forums", "-l", "id")
    assert "Badan dan forum ASEAN" in out and "Pertemuan per tahun" in out
    _, out, _ = run(capsys, "forums", "-l", "id", "-f", "csv")
    summit = next(r for r in csv.DictReader(io.StringIO(out)) if r["id"] == "SUMMIT")
    assert summit["name"] == "KTT ASEAN" and "musyawarah dan mufakat" in summit["decision_rule"]
    assert summit["meetings_per_year"] == "2" and summit["months"] == "5, 10"


def test_disputes_csv_steps(capsys) -> None:
    _, out, _ = run(capsys, "disputes", "-f", "csv")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert "International Court of Justice 2002-12-17" in rows["SIPADAN_LIGITAN"]["steps"]
    assert rows["SCS_PHL_CHN"]["outcome"] == "Ongoing"


@pytest.mark.parametrize(("lang", "name"), [("en", "Philippines"), ("id", "Filipina")])
def test_chair_json(capsys, lang: str, name: str) -> None:
    code, out, _ = run(capsys, "chair", "2026", "--format", "json", "--lang", lang)
    assert code == 0
    data = json.loads(out)
    assert data["year"] == 2026 and data["chair"] == "PHL" and data["name"] == name
    assert data["rule"] == "exception" and data["source"]


def test_chair_table(capsys) -> None:
    code, out, _ = run(capsys, "chair", "2027", "-l", "id")
    assert code == 0 and "Ketua ASEAN 2027" in out and "Singapura" in out and "Rotasi" in out


@pytest.mark.parametrize("year", ["1900", "2036"])
def test_chair_bad_year(capsys, year: str) -> None:
    code, out, err = run(capsys, "chair", year)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "1967-2035" in err and "Traceback" not in err


def test_bad_format_and_bad_lang(capsys) -> None:
    code, out, err = run(capsys, "members", "--format", "xml")
    assert code == 2 and out == "" and err.count("\n") == 1 and "xml" in err
    code, _, err = run(capsys, "members", "--lang", "fr")
    assert code == 2 and "fr" in err


def test_env_language(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASEANWAY_LANG", "id")
    _, out, _ = run(capsys, "members", "-f", "json")
    assert {m["code"]: m["name"] for m in json.loads(out)}["SGP"] == "Singapura"
