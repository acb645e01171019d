"""Flat, language-specific views of the world for tables, CSV and JSON (used by the CLI and web).

Each ``*_records`` function returns a list of plain dicts: machine values (codes, ISO dates, enum
values) plus ``name`` in the chosen language; ``*_COLUMNS`` lists the columns a table shows, with the
English header text marked for translation.
"""

from __future__ import annotations

from typing import Any

from aseanway.i18n import N_
from aseanway.world.labels import (
    CHAIR_RULE,
    DECISION_RULE,
    DISPUTE_TYPE,
    ENTRY_KIND,
    INSTRUMENT_TYPE,
    LEVEL,
    OUTCOME,
    PARTICIPANTS,
    PARTNER_STATUS,
    STEP,
    YES_NO,
    label,
)
from aseanway.world.models import ChairInfo
from aseanway.world.world import World

HEADERS = {
    "code": N_("Code"),
    "id": N_("Code"),
    "name": N_("Name"),
    "iso2": N_("ISO alpha-2"),
    "cow_code": N_("COW code"),
    "joined": N_("Joined"),
    "founder": N_("Founder"),
    "status": N_("Status"),
    "since": N_("Since"),
    "level": N_("Level"),
    "meetings_per_year": N_("Meetings per year"),
    "months": N_("Months"),
    "participants": N_("Participants"),
    "decision_rule": N_("Decision rule"),
    "decision_forum": N_("Decision forum"),
    "type": N_("Type"),
    "signed": N_("Signed"),
    "place": N_("Place"),
    "in_force": N_("In force"),
    "entry_into_force": N_("Entry into force"),
    "parties": N_("Parties"),
    "start": N_("Start"),
    "steps": N_("Steps"),
    "outcome": N_("Outcome"),
    "year": N_("Year"),
    "chair": N_("Chair"),
    "rule": N_("Rule"),
    "unconfirmed": N_("Unconfirmed"),
    "note": N_("Note"),
    "source": N_("Source"),
}

MEMBER_COLUMNS = ["code", "name", "joined", "founder", "iso2", "cow_code"]
PARTNER_COLUMNS = ["code", "name", "status", "since", "iso2", "cow_code", "unconfirmed"]
ARF_COLUMNS = ["code", "name", "since", "iso2", "cow_code"]
FORUM_COLUMNS = [
    "id",
    "name",
    "level",
    "meetings_per_year",
    "months",
    "participants",
    "decision_rule",
    "decision_forum",
]
INSTRUMENT_COLUMNS = ["id", "name", "type", "signed", "place", "in_force", "entry_into_force", "unconfirmed"]
DISPUTE_COLUMNS = ["id", "name", "parties", "type", "start", "steps", "outcome", "unconfirmed"]
CHAIR_COLUMNS = ["year", "chair", "name", "rule", "unconfirmed", "note", "source"]


def member_records(world: World, lang: str) -> list[dict[str, Any]]:
    return [
        {"code": m.code, "name": m.name(lang), **m.model_dump(mode="json", exclude={"code"})}
        for m in world.members
    ]


def partner_records(world: World, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "code": p.code,
            "name": p.name(lang),
            **p.model_dump(mode="json", exclude={"code"}),
            "status_label": label(PARTNER_STATUS, p.status, lang),
        }
        for p in world.partners
    ]


def arf_records(world: World, lang: str) -> list[dict[str, Any]]:
    return [
        {"code": a.code, "name": a.name(lang), **a.model_dump(mode="json", exclude={"code"})}
        for a in world.arf_participants
    ]


def forum_records(world: World, lang: str) -> list[dict[str, Any]]:
    out = []
    for f in world.forums:
        rec = {"id": f.id, "name": f.name(lang), **f.model_dump(mode="json", exclude={"id"})}
        rec["participant_codes"] = world.participants(f.id)
        out.append(rec)
    return out


def _entry_text(kind: str, n: int | None, delay: int, lang: str) -> str:
    text = label(ENTRY_KIND, kind, lang)
    if kind in ("all_parties", "n_ratifications") and n is not None:
        text += f" (n={n}"
        text += f", +{delay}d)" if delay else ")"
    return text


def instrument_records(world: World, lang: str) -> list[dict[str, Any]]:
    out = []
    for x in world.instruments:
        rec = {"id": x.id, "name": x.name(lang), **x.model_dump(mode="json", exclude={"id"})}
        rec["binding"] = x.binding
        e = x.entry_into_force
        rec["entry_into_force_label"] = _entry_text(e.kind, e.n, e.delay_days, lang)
        out.append(rec)
    return out


def dispute_records(world: World, lang: str) -> list[dict[str, Any]]:
    out = []
    for d in world.disputes:
        rec = {"id": d.id, "name": d.name(lang), **d.model_dump(mode="json", exclude={"id"})}
        rec["steps_label"] = "; ".join(
            f"{label(STEP, s.step, lang)} {s.date.isoformat() if s.date else s.year}" for s in d.steps
        )
        out.append(rec)
    return out


def chair_record(info: ChairInfo, lang: str) -> dict[str, Any]:
    return {**info.model_dump(mode="json"), "name": info.name(lang)}


# ---- table rows: the same records with coded values turned into labels ------------------------------
def _yes_no(value: bool, lang: str) -> str:
    return label(YES_NO, bool(value), lang)


def table_rows(kind: str, records: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Rows for a rich table (labels translated); CSV uses the same rows."""
    rows = []
    for r in records:
        row = dict(r)
        if "founder" in row:
            row["founder"] = _yes_no(row["founder"], lang)
        if "unconfirmed" in row:
            row["unconfirmed"] = _yes_no(row["unconfirmed"], lang)
        if kind == "partners":
            row["status"] = r["status_label"]
        elif kind == "forums":
            row["level"] = label(LEVEL, r["level"], lang)
            row["participants"] = label(PARTICIPANTS, r["participants"], lang)
            row["decision_rule"] = label(DECISION_RULE, r["decision_rule"], lang)
            row["decision_forum"] = _yes_no(r["decision_forum"], lang)
        elif kind == "instruments":
            row["type"] = label(INSTRUMENT_TYPE, r["type"], lang)
            row["entry_into_force"] = r["entry_into_force_label"]
        elif kind == "disputes":
            row["type"] = label(DISPUTE_TYPE, r["type"], lang)
            row["outcome"] = label(OUTCOME, r["outcome"], lang)
            row["steps"] = r["steps_label"]
            row["start"] = r["start"] or r["start_year"]
        elif kind == "chair":
            row["rule"] = label(CHAIR_RULE, r["rule"], lang)
        rows.append(row)
    return rows
