"""Load and validate the reference world from its YAML files.

``load_world()`` reads the files shipped in ``aseanway/world/data`` (once per process);
``load_world(path)`` reads the same eight files from another directory (tests, user variants).
Files are read with PyYAML's safe loader only (a ``SafeLoader`` subclass that keeps dates as text
for pydantic to parse). Any problem raises :class:`aseanway.errors.InputError`
naming the file, the line where it can be found, and the field path (e.g. ``members[3].joined``).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from aseanway.errors import InputError
from aseanway.world.models import (
    Actor,
    ArfParticipant,
    ChairException,
    ChairRule,
    Dispute,
    Forum,
    Instrument,
    Member,
    Partner,
    PartnerStatus,
    RecordedChair,
    Sourced,
)
from aseanway.world.world import World
from aseanway.yaml_input import validation_error

#: The files of a world directory, in load order.
DATA_FILES = (
    "members.yaml",
    "actors.yaml",
    "partners.yaml",
    "arf.yaml",
    "forums.yaml",
    "instruments.yaml",
    "disputes.yaml",
    "chair.yaml",
)

#: The founding date of ASEAN (Bangkok Declaration, 8 August 1967).
FOUNDING_DATE = dt.date(1967, 8, 8)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _MembersFile(_File):
    members: list[Member]


class _ActorsFile(_File):
    actors: list[Actor]


class _PartnerEntry(Sourced):
    code: str
    status: PartnerStatus
    since: int
    since_date: dt.date | None = None


class _PartnersFile(_File):
    partners: list[_PartnerEntry]


class _ArfEntry(Sourced):
    code: str
    since: int


class _ArfFile(_File):
    source: str
    participants: list[_ArfEntry]


class _ForumsFile(_File):
    forums: list[Forum]


class _InstrumentsFile(_File):
    instruments: list[Instrument]


class _DisputesFile(_File):
    disputes: list[Dispute]


class _ChairFile(_File):
    rule: ChairRule
    exceptions: list[ChairException]
    recorded: list[RecordedChair]


_SCHEMAS: dict[str, type[_File]] = {
    "members.yaml": _MembersFile,
    "actors.yaml": _ActorsFile,
    "partners.yaml": _PartnersFile,
    "arf.yaml": _ArfFile,
    "forums.yaml": _ForumsFile,
    "instruments.yaml": _InstrumentsFile,
    "disputes.yaml": _DisputesFile,
    "chair.yaml": _ChairFile,
}


class _SafeLoaderNoTimestamps(yaml.SafeLoader):
    """``yaml.SafeLoader`` (no object construction) that leaves dates as strings.

    PyYAML turns ``1999-13-45`` into a ``ValueError`` deep in its constructor; keeping dates as text
    lets pydantic parse them and report the bad field by name.
    """


_SafeLoaderNoTimestamps.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _parse(name: str, text: str) -> _File:
    try:
        raw = yaml.load(text, Loader=_SafeLoaderNoTimestamps)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(
            f"not valid YAML: {problem}", file=name, line=None if mark is None else mark.line + 1
        ) from None
    if not isinstance(raw, dict):
        raise InputError("expected a mapping at the top level", file=name)
    raw = {k: v for k, v in raw.items() if not str(k).startswith("_")}
    try:
        return _SCHEMAS[name].model_validate(raw)
    except ValidationError as exc:
        raise validation_error(exc, text, name) from None


def _fail(name: str, field: str, message: str) -> None:
    raise InputError(message, file=name, field=field)


def _unique(name: str, section: str, values: list[Any], what: str) -> None:
    seen: set[Any] = set()
    for i, v in enumerate(values):
        if v in seen:
            _fail(name, f"{section}[{i}].{what}", f"duplicate {what} {v!r}")
        seen.add(v)


def _build(texts: dict[str, str]) -> World:
    files = {name: _parse(name, texts[name]) for name in DATA_FILES}
    members: list[Member] = files["members.yaml"].members  # type: ignore[attr-defined]
    actors: list[Actor] = files["actors.yaml"].actors  # type: ignore[attr-defined]

    for what in ("code", "iso2", "cow_code"):
        _unique("members.yaml", "members", [getattr(m, what) for m in members], what)
    for i, m in enumerate(members):
        if m.founder != (m.joined == FOUNDING_DATE):
            _fail(
                "members.yaml",
                f"members[{i}].founder",
                f"founder must be true exactly when joined is {FOUNDING_DATE}",
            )
        if m.joined < FOUNDING_DATE:
            _fail("members.yaml", f"members[{i}].joined", f"joined {m.joined} is before ASEAN's founding")
    member_codes = {m.code for m in members}
    _unique("actors.yaml", "actors", [a.code for a in actors], "code")
    for i, a in enumerate(actors):
        if a.code in member_codes:
            _fail(
                "actors.yaml",
                f"actors[{i}].code",
                f"{a.code} is an ASEAN member; list it in members.yaml only",
            )
    actor_by = {a.code: a for a in actors}
    known = member_codes | set(actor_by)

    def need(name: str, field: str, code: str, pool: set[str] = known) -> None:
        if code not in pool:
            _fail(name, field, f"unknown code {code!r}; expected a code from members.yaml or actors.yaml")

    partners = []
    for i, p in enumerate(files["partners.yaml"].partners):  # type: ignore[attr-defined]
        need("partners.yaml", f"partners[{i}].code", p.code, set(actor_by))
        a = actor_by[p.code]
        partners.append(
            Partner(
                code=p.code,
                kind=a.kind,
                iso2=a.iso2,
                cow_code=a.cow_code,
                name_en=a.name_en,
                name_id=a.name_id,
                status=p.status,
                since=p.since,
                since_date=p.since_date,
                source=p.source,
                unconfirmed=p.unconfirmed,
                note=p.note,
            )
        )
    _unique("partners.yaml", "partners", [(p.code, p.status) for p in partners], "code")

    arf = []
    member_by = {m.code: m for m in members}
    for i, e in enumerate(files["arf.yaml"].participants):  # type: ignore[attr-defined]
        need("arf.yaml", f"participants[{i}].code", e.code)
        base: Member | Actor = member_by.get(e.code) or actor_by[e.code]
        arf.append(
            ArfParticipant(
                code=e.code,
                kind=getattr(base, "kind", "state"),
                iso2=base.iso2,
                cow_code=base.cow_code,
                name_en=base.name_en,
                name_id=base.name_id,
                since=e.since,
                asean_member=e.code in member_by,
                source=e.source,
                unconfirmed=e.unconfirmed,
                note=e.note,
            )
        )
    _unique("arf.yaml", "participants", [a.code for a in arf], "code")

    forums: list[Forum] = files["forums.yaml"].forums  # type: ignore[attr-defined]
    _unique("forums.yaml", "forums", [f.id for f in forums], "id")
    for i, f in enumerate(forums):
        for j, p in enumerate(f.partners):
            need("forums.yaml", f"forums[{i}].partners[{j}].code", p.code, set(actor_by))
        if f.participants in ("members+eas", "members+admm_plus") and not f.partners:
            _fail(
                "forums.yaml",
                f"forums[{i}].partners",
                f"participants {f.participants!r} needs a partner list",
            )

    instruments: list[Instrument] = files["instruments.yaml"].instruments  # type: ignore[attr-defined]
    _unique("instruments.yaml", "instruments", [x.id for x in instruments], "id")
    ids = {x.id for x in instruments}
    for i, x in enumerate(instruments):
        for j, c in enumerate(x.parties):
            need("instruments.yaml", f"instruments[{i}].parties[{j}]", c)
        for j, r in enumerate(x.ratifications):
            if r.party not in x.parties:
                _fail(
                    "instruments.yaml",
                    f"instruments[{i}].ratifications[{j}].party",
                    f"{r.party} is not a signatory",
                )
        for j, a in enumerate(x.accessions):
            need("instruments.yaml", f"instruments[{i}].accessions[{j}].party", a.party)
            if a.date is not None and a.date < x.signed:
                _fail(
                    "instruments.yaml", f"instruments[{i}].accessions[{j}].date", "accession before signature"
                )
        if x.amends is not None and x.amends not in ids:
            _fail("instruments.yaml", f"instruments[{i}].amends", f"unknown instrument {x.amends!r}")

    disputes: list[Dispute] = files["disputes.yaml"].disputes  # type: ignore[attr-defined]
    _unique("disputes.yaml", "disputes", [d.id for d in disputes], "id")
    for i, d in enumerate(disputes):
        for j, c in enumerate(d.parties):
            need("disputes.yaml", f"disputes[{i}].parties[{j}]", c)

    chair_file: _ChairFile = files["chair.yaml"]  # type: ignore[assignment]
    need("chair.yaml", "rule.anchor_member", chair_file.rule.anchor_member, member_codes)
    for i, e in enumerate(chair_file.exceptions):
        for attr in ("member", "with_member"):
            code = getattr(e, attr)
            if code is not None:
                need("chair.yaml", f"exceptions[{i}].{attr}", code, member_codes)
    for i, r in enumerate(chair_file.recorded):
        need("chair.yaml", f"recorded[{i}].chair", r.chair, member_codes)
    _unique("chair.yaml", "recorded", [r.year for r in chair_file.recorded], "year")

    return World(
        members=members,
        actors=actors,
        partners=partners,
        arf_participants=arf,
        forums=forums,
        instruments=instruments,
        disputes=disputes,
        chair_rule=chair_file.rule,
        chair_exceptions=chair_file.exceptions,
        recorded_chairs=chair_file.recorded,
    )


def _read_dir(root: Any, label: str) -> dict[str, str]:
    texts = {}
    for name in DATA_FILES:
        entry = root / name
        if not entry.is_file():
            raise InputError(f"missing data file (expected {', '.join(DATA_FILES)})", file=f"{label}/{name}")
        texts[name] = entry.read_text(encoding="utf-8")
    return texts


@lru_cache(maxsize=1)
def _packaged_world() -> World:
    return _build(_read_dir(resources.files("aseanway.world") / "data", "aseanway/world/data"))


def load_world(data_dir: str | Path | None = None) -> World:
    """The reference world: the packaged data (cached) or the YAML files in ``data_dir``.

    Raises :class:`InputError` naming the file, line and field of the first problem found.
    """
    if data_dir is None:
        return _packaged_world()
    root = Path(data_dir)
    if not root.is_dir():
        raise InputError("not a directory with world data files", file=str(root))
    texts = _read_dir(root, str(root))
    try:
        return _build(texts)
    except InputError as exc:  # name the file by its full path
        raise InputError(exc.detail, file=str(root / str(exc.file)), line=exc.line, field=exc.field) from None
