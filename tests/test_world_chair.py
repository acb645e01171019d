"""The chair rotation: required years, the recorded table reproduced, exceptions as data, range errors."""

from __future__ import annotations

import pytest

from aseanway.errors import InputError
from aseanway.world import YearOutOfRangeError, chair, chairs, compute_rotation, load_world


@pytest.fixture(scope="module")
def world():
    return load_world()


@pytest.mark.parametrize(("year", "code"), [(2025, "MYS"), (2026, "PHL"), (2027, "SGP")])
def test_required_chairs(year: int, code: str) -> None:
    info = chair(year)
    assert (info.year, info.chair) == (year, code)
    assert info.source and info.name_en and info.name_id


def test_2026_is_an_exception_with_its_source() -> None:
    info = chair(2026)
    assert info.rule == "exception" and "Myanmar" in info.note and not info.unconfirmed
    assert chair(2025).rule == "rotation"


def test_rule_and_exceptions_reproduce_every_recorded_year(world) -> None:
    assert len(world.recorded_chairs) >= 60
    wrong = [(r.year, r.chair, chair(r.year, world).chair) for r in world.recorded_chairs]
    wrong = [w for w in wrong if w[1] != w[2]]
    assert wrong == []


@pytest.mark.parametrize(
    ("year", "code"),
    [(2003, "KHM"), (2008, "SGP"), (2009, "THA"), (2010, "VNM"), (2011, "IDN"), (2013, "BRN"),
     (2014, "MMR"), (2016, "LAO"), (2023, "IDN"), (2024, "LAO")],
)  # fmt: skip
def test_known_chairs(year: int, code: str) -> None:
    assert chair(year).chair == code


@pytest.mark.parametrize("drop_year", [1971, 2007, 2011, 2014, 2026])
def test_each_exception_is_needed(world, drop_year: int) -> None:
    """Removing any one exception breaks the reproduction of the record: the exceptions are data."""
    reduced = world.model_copy(
        update={"chair_exceptions": [e for e in world.chair_exceptions if e.year != drop_year]}
    )
    recorded = {r.year: r.chair for r in world.recorded_chairs}
    try:
        seq = compute_rotation(reduced)
    except InputError as exc:  # a later exception no longer matches the rotation: also a failure
        assert "exception" in str(exc)
        return
    assert any(seq[y] != c for y, c in recorded.items())


def test_every_chair_is_a_member_by_then(world) -> None:
    for info in chairs(1967, 2035, world):
        assert world.member(info.chair).joined.year <= info.year


def test_projection_is_flagged() -> None:
    info = chair(2029)
    assert info.projected and info.unconfirmed and "Projection" in info.note
    assert info.chair == "TLS"  # assumption: Timor-Leste takes its alphabetical place (see chair.yaml)
    assert not chair(2019).projected


def test_early_years_are_marked_unconfirmed() -> None:
    assert chair(1970).unconfirmed and chair(1970).chair == "PHL"
    assert chair(1967).chair == "THA"


@pytest.mark.parametrize("year", [1966, 2036, -5, 10_000])
def test_out_of_range_years(year: int) -> None:
    with pytest.raises(ValueError, match="1967-2035"):
        chair(year)
    with pytest.raises(InputError, match="supported range"):
        chair(year)


def test_non_integer_year() -> None:
    with pytest.raises(YearOutOfRangeError):
        chair("2025")  # type: ignore[arg-type]


def test_name_in_both_languages() -> None:
    info = chair(2026)
    assert info.name("en") == "Philippines" and info.name("id") == "Filipina"
