"""The ASEAN chair of any year from the rotation rule and its recorded exceptions.

Rule (ASEAN Charter Art. 31(1)): the chairmanship rotates annually in the alphabetical order of the
English names of the members. The computation walks year by year from the anchor (1967, Thailand):

* the next chair is the next member in alphabetical order (wrapping round) that is *eligible*: a
  founder, or a member that joined on or before 31 December of year - ``entry_lag_years``;
* ``repeat`` exception: the chair of the previous year continues (the pointer does not move);
* ``skip`` exception: the member whose turn it is (``member``) is passed over and the next eligible
  member takes the year; the rotation continues from that member;
* ``swap`` exception: after the walk, the chairs of ``year`` and ``with_year`` are exchanged; the
  rotation itself is unchanged.

All of this is data (``data/chair.yaml``); the code holds no years or members.
"""

from __future__ import annotations

from aseanway.errors import InputError
from aseanway.world.models import ChairException, ChairInfo, Member
from aseanway.world.world import World


class YearOutOfRangeError(InputError, ValueError):
    """A year outside the supported range of the chair rotation."""


def rotation_order(world: World) -> list[Member]:
    """Members in the alphabetical order of their English names (the rotation order)."""
    return sorted(world.members, key=lambda m: m.name_en.casefold())


def _eligible(member: Member, year: int, lag: int) -> bool:
    return member.founder or member.joined.year <= year - lag


def _next(order: list[Member], after: str, year: int, lag: int) -> str:
    codes = [m.code for m in order]
    start = codes.index(after)
    for step in range(1, len(order) + 1):
        cand = order[(start + step) % len(order)]
        if _eligible(cand, year, lag):
            return cand.code
    raise InputError(f"no member is eligible to chair in {year}", file="chair.yaml", field="rule")


def compute_rotation(world: World) -> dict[int, str]:
    """Chair (alpha-3) of every supported year, from the rule and the exceptions only."""
    rule = world.chair_rule
    order = rotation_order(world)
    lag = rule.entry_lag_years
    by_year: dict[int, ChairException] = {}
    swaps: list[ChairException] = []
    for e in world.chair_exceptions:
        if e.kind == "swap":
            swaps.append(e)
        else:
            by_year[e.year] = e
    seq = {rule.anchor_year: rule.anchor_member}
    pointer = rule.anchor_member
    for year in range(rule.anchor_year + 1, rule.last_year + 1):
        exc = by_year.get(year)
        if exc is not None and exc.kind == "repeat":
            seq[year] = seq[year - 1]
            continue
        cand = _next(order, pointer, year, lag)
        if exc is not None and exc.kind == "skip":
            if cand != exc.member:
                raise InputError(
                    f"skip exception for {year} names {exc.member}, but the rotation gives {cand}",
                    file="chair.yaml",
                    field="exceptions",
                )
            cand = _next(order, cand, year, lag)
        seq[year] = cand
        pointer = cand
    for e in swaps:
        a, b = seq.get(e.year), seq.get(e.with_year)  # type: ignore[arg-type]
        if a != e.member or b != e.with_member:
            raise InputError(
                f"swap exception {e.year}<->{e.with_year} expects {e.member}/{e.with_member}, "
                f"but the rotation gives {a}/{b}",
                file="chair.yaml",
                field="exceptions",
            )
        seq[e.year], seq[e.with_year] = b, a  # type: ignore[index]
    return seq


def _rotation(world: World) -> dict[int, str]:
    if world._rotation is None:
        world._rotation = compute_rotation(world)
    return world._rotation


def _exception_for(world: World, year: int) -> ChairException | None:
    for e in world.chair_exceptions:
        if year == e.year or (e.kind == "swap" and year == e.with_year):
            return e
    return None


def chair(year: int, world: World | None = None) -> ChairInfo:
    """The chair of ``year`` (supported range in ``chair.yaml``: 1967-2035).

    Raises :class:`YearOutOfRangeError` (an ``InputError`` and a ``ValueError``) outside the range.
    """
    if world is None:
        from aseanway.world.loader import load_world

        world = load_world()
    rule = world.chair_rule
    if isinstance(year, bool) or not isinstance(year, int):
        raise YearOutOfRangeError(f"expected a whole year, got {year!r}", field="year")
    if not rule.first_year <= year <= rule.last_year:
        raise YearOutOfRangeError(
            f"year {year} is outside the supported range {rule.first_year}-{rule.last_year}", field="year"
        )
    code = _rotation(world)[year]
    member = world.member(code)
    exc = _exception_for(world, year)
    recorded = next((r for r in world.recorded_chairs if r.year == year), None)
    projected = recorded is None
    if exc is not None:
        note, source = exc.note, exc.source
    elif recorded is not None:
        note, source = recorded.note, recorded.source
    else:
        note, source = "", rule.source
    if projected:
        note = (
            "Projection from the alphabetical rotation (no decision recorded); assumes all members keep "
            "their turns, with Timor-Leste in its alphabetical place. " + note
        ).strip()
    unconfirmed = (
        projected or (exc is not None and exc.unconfirmed) or (recorded is not None and recorded.unconfirmed)
    )
    return ChairInfo(
        year=year,
        chair=code,
        name_en=member.name_en,
        name_id=member.name_id,
        rule="exception" if exc is not None else "rotation",
        note=note,
        source=source,
        unconfirmed=unconfirmed,
        projected=projected,
    )


def chairs(start: int, end: int, world: World | None = None) -> list[ChairInfo]:
    """The chairs of ``start``..``end`` inclusive."""
    return [chair(y, world) for y in range(start, end + 1)]
