"""Integrity of the reference world data: codes, dates, sources, founders and accessions."""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

import pytest
from pydantic import BaseModel

from aseanway.world import LADDER_STEPS, load_world
from aseanway.world.chair import rotation_order

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ASEANWAY_SHARED", REPO / ".." / "shared"))
FOUNDING = dt.date(1967, 8, 8)


@pytest.fixture(scope="module")
def world():
    return load_world()


def _walk(obj, path="world"):
    """Yield (path, model) for every pydantic model inside ``obj``."""
    if isinstance(obj, BaseModel):
        yield path, obj
        for name in type(obj).model_fields:
            yield from _walk(getattr(obj, name), f"{path}.{name}")
    elif isinstance(obj, list):
        for i, x in enumerate(obj):
            yield from _walk(x, f"{path}[{i}]")


def test_members_codes_names_and_dates(world) -> None:
    expected = {
        "IDN": (850, FOUNDING),
        "MYS": (820, FOUNDING),
        "PHL": (840, FOUNDING),
        "SGP": (830, FOUNDING),
        "THA": (800, FOUNDING),
        "BRN": (835, dt.date(1984, 1, 7)),
        "VNM": (816, dt.date(1995, 7, 28)),
        "LAO": (812, dt.date(1997, 7, 23)),
        "MMR": (775, dt.date(1997, 7, 23)),
        "KHM": (811, dt.date(1999, 4, 30)),
        "TLS": (860, dt.date(2025, 10, 26)),
    }
    got = {m.code: (m.cow_code, m.joined) for m in world.members}
    assert got == expected
    assert {m.code for m in world.members if m.founder} == {"IDN", "MYS", "PHL", "SGP", "THA"}
    assert all(m.joined >= FOUNDING for m in world.members)
    assert all(m.name_en and m.name_id for m in world.members)
    assert world.member("phl").name("id") == "Filipina"
    assert world.member("VNM").name("en") == "Viet Nam"


def test_members_are_in_official_alphabetical_order(world) -> None:
    assert [m.code for m in world.members] == [m.code for m in rotation_order(world)]
    assert world.member_codes[0] == "BRN" and world.member_codes[-1] == "VNM"


def test_codes_are_well_formed_and_unique(world) -> None:
    states = [*world.members, *[a for a in world.actors if a.kind == "state"]]
    for what, length in (("code", 3), ("iso2", 2)):
        values = [getattr(s, what) for s in states]
        assert len(values) == len(set(values)), f"duplicate {what}"
        assert all(len(v) == length and v.isalpha() and v.isupper() for v in values)
    cows = [s.cow_code for s in states]
    assert len(cows) == len(set(cows))
    eu = world.actor("EU")
    assert eu.kind == "organisation" and eu.iso2 is None and eu.cow_code is None


def test_cow_codes_match_the_shared_cow_state_list(world) -> None:
    path = SHARED / "data" / "cow" / "states.csv"
    if not path.exists():
        pytest.skip(f"shared COW data not found at {path}")
    with path.open(newline="") as fh:
        ccodes = {int(r["ccode"]) for r in csv.DictReader(fh)}
    states = [*world.members, *[a for a in world.actors if a.kind == "state"]]
    missing = [(s.code, s.cow_code) for s in states if s.cow_code not in ccodes]
    assert missing == []


def test_every_fact_has_a_source_and_every_unconfirmed_fact_a_note(world) -> None:
    checked = 0
    for path, model in _walk(world):
        if "source" in type(model).model_fields and "unconfirmed" in type(model).model_fields:
            assert model.source.strip(), f"{path} has no source"
            if model.unconfirmed:
                assert model.note.strip(), f"{path} is unconfirmed without a note"
            checked += 1
    assert checked > 200  # members, actors, partners, ARF, forums, instruments, ratifications, steps ...


def test_dialogue_partners_and_years(world) -> None:
    years = {p.code: p.since for p in world.dialogue_partners()}
    assert years == {
        "AUS": 1974,
        "NZL": 1975,
        "CAN": 1977,
        "EU": 1977,
        "JPN": 1977,
        "USA": 1977,
        "KOR": 1991,
        "IND": 1995,
        "CHN": 1996,
        "RUS": 1996,
        "GBR": 2021,
    }
    sectoral = {p.code for p in world.partners if p.status == "sectoral"}
    assert {"PAK", "NOR", "CHE", "TUR", "BRA", "ARE"} <= sectoral
    assert [p.code for p in world.partners if p.status == "observer"] == ["PNG"]
    for p in world.partners:
        assert (p.kind == "state") == (p.iso2 is not None and p.cow_code is not None)


def test_arf_participants(world) -> None:
    codes = [a.code for a in world.arf_participants]
    assert len(codes) == 27 == len(set(codes))
    assert set(world.member_codes) <= set(codes)
    others = set(codes) - set(world.member_codes)
    assert others == {
        "AUS", "BGD", "CAN", "CHN", "EU", "IND", "JPN", "PRK", "KOR",
        "MNG", "NZL", "PAK", "PNG", "RUS", "LKA", "USA",
    }  # fmt: skip
    tls = next(a for a in world.arf_participants if a.code == "TLS")
    assert tls.since < world.member("TLS").joined.year  # ARF participant before ASEAN membership
    assert len(world.participants("ARF", dt.date(1994, 7, 25))) == 18


def test_forums_are_schedulable(world) -> None:
    ids = {f.id for f in world.forums}
    assert {"SUMMIT", "AMM", "ARF", "EAS", "ADMM", "ADMM_PLUS", "AIPA", "APSC", "ACC", "SEC"} <= ids
    assert world.forum("SUMMIT").meetings_per_year == 2
    for f in world.forums:
        assert len(f.months) == f.meetings_per_year
        assert all(1 <= m <= 12 for m in f.months)
        parts = world.participants(f.id)
        assert set(world.member_codes) <= set(parts)
        for code in parts:
            world.actor(code)  # resolvable
    assert len(world.participants("EAS")) == 19
    assert "USA" not in world.participants("EAS", dt.date(2008, 12, 31))
    assert world.forum("ARF").decision_forum is False and world.forum("SUMMIT").decision_rule == "consensus"


def test_required_instruments_and_dates(world) -> None:
    def get(i):
        return world.instrument(i)

    assert get("BANGKOK_1967").signed == FOUNDING and get("BANGKOK_1967").type == "declaration"
    assert get("ZOPFAN_1971").signed == dt.date(1971, 11, 27)
    assert get("TAC_1976").signed == dt.date(1976, 2, 24) and get("TAC_1976").type == "treaty"
    assert [get(p).signed.year for p in ("TAC_PROTOCOL_1987", "TAC_PROTOCOL_1998", "TAC_PROTOCOL_2010")] == [
        1987,
        1998,
        2010,
    ]
    assert all(
        get(p).amends == "TAC_1976" for p in ("TAC_PROTOCOL_1987", "TAC_PROTOCOL_1998", "TAC_PROTOCOL_2010")
    )
    assert get("SEANWFZ_1995").in_force == dt.date(1997, 3, 27)
    doc = get("DOC_2002")
    assert (doc.signed, doc.place) == (dt.date(2002, 11, 4), "Phnom Penh") and "CHN" in doc.parties
    acct = get("ACCT_2007")
    assert (acct.signed, acct.place, acct.in_force) == (dt.date(2007, 1, 13), "Cebu", dt.date(2011, 5, 27))
    charter = get("CHARTER_2007")
    assert (charter.signed, charter.place, charter.in_force) == (
        dt.date(2007, 11, 20),
        "Singapore",
        dt.date(2008, 12, 15),
    )
    assert get("AHRD_2012").signed == dt.date(2012, 11, 18)
    assert (get("AOIP_2019").signed, get("AOIP_2019").place) == (dt.date(2019, 6, 23), "Bangkok")
    five = get("FIVE_POINT_CONSENSUS_2021")
    assert (five.signed, five.place) == (dt.date(2021, 4, 24), "Jakarta")
    tac_parties = {a.party for a in get("TAC_1976").accessions}
    assert {
        "PNG",
        "CHN",
        "IND",
        "JPN",
        "PAK",
        "KOR",
        "RUS",
        "NZL",
        "MNG",
        "AUS",
        "USA",
        "EU",
        "PRK",
    } <= tac_parties


def test_instrument_dates_are_consistent(world) -> None:
    for x in world.instruments:
        if x.type == "declaration":
            assert x.in_force is None and not x.ratifications
        if x.in_force is not None:
            assert x.in_force >= x.signed
        for r in x.ratifications:
            if r.domestic and r.deposited:
                assert r.domestic <= r.deposited, (x.id, r.party)
            for d in (r.domestic, r.deposited):
                assert d is None or x.signed <= d
            if (
                x.in_force
                and r.deposited
                and r.order
                and x.entry_into_force.n
                and r.order <= x.entry_into_force.n
            ):
                assert r.deposited <= x.in_force
        orders = [r.order for r in x.ratifications if r.order is not None]
        assert len(orders) == len(set(orders))
        dated = sorted((r.order, r.deposited) for r in x.ratifications if r.order and r.deposited)
        assert [d for _, d in dated] == sorted(d for _, d in dated), f"{x.id}: order disagrees with dates"


@pytest.mark.parametrize("iid", ["CHARTER_2007", "ACCT_2007"])
def test_entry_into_force_rule_reproduces_the_in_force_date(world, iid: str) -> None:
    """The triggering deposit + the rule's delay gives the recorded date (ACCT: ASEAN counts 29 days)."""
    x = world.instrument(iid)
    rule = x.entry_into_force
    trigger = next(r for r in x.ratifications if r.order == rule.n)
    assert trigger.deposited is not None and not trigger.unconfirmed
    gap = (x.in_force - trigger.deposited).days
    assert abs(gap - rule.delay_days) <= 1, gap
    assert len(x.ratifications) == len(x.parties) == 10


def test_disputes(world) -> None:
    ids = {d.id for d in world.disputes}
    assert {"SIPADAN_LIGITAN", "PEDRA_BRANCA", "PREAH_VIHEAR", "THA_KHM_2025", "SCS_PHL_CHN"} <= ids
    assert {"MYANMAR_CRISIS", "SABAH_CLAIM"} <= ids
    for d in world.disputes:
        years = [s.when_year for s in d.steps]
        assert years == sorted(years), f"{d.id}: steps out of order"
        assert all(s.step in LADDER_STEPS for s in d.steps)
        assert all(s.when_year >= d.start_year for s in d.steps)
    sip = world.dispute("SIPADAN_LIGITAN")
    assert sip.outcome == "settled" and sip.steps[-1].date == dt.date(2002, 12, 17)
    assert world.dispute("PEDRA_BRANCA").steps[2].date == dt.date(2008, 5, 23)
    scs = world.dispute("SCS_PHL_CHN")
    assert any(s.step == "arbitration" and s.date == dt.date(2016, 7, 12) for s in scs.steps)
    pv = world.dispute("PREAH_VIHEAR")
    assert {s.date for s in pv.steps if s.step == "icj"} >= {dt.date(1962, 6, 15), dt.date(2013, 11, 11)}
    assert any(s.step == "chair_good_offices" and s.date.year == 2011 for s in pv.steps if s.date)
    tk = world.dispute("THA_KHM_2025")
    assert any(s.step == "mediation" and s.date == dt.date(2025, 7, 28) for s in tk.steps)
    assert world.dispute("SABAH_CLAIM").outcome == "frozen"
    assert not any(s.step == "high_council" for d in world.disputes for s in d.steps)  # never convened
