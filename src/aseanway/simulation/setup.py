"""From a validated scenario to the engine's static inputs (arrays), resolved against the reference world.

- Actors that are states must exist in the reference world (members, partners or ARF participants);
  membership is read from the world on the scenario's start date (Timor-Leste is a member from 2025-10-26).
- Capability: the scenario's value if given, else the shipped derived table
  (``world/derived/capability.csv``: CINC from the Correlates of War, see docs/data-derivation.md).
- Affinity: the shipped UN General Assembly agreement 2008-2017
  (``world/derived/affinity_unga_2008_2017.csv``); a pair without votes (an organisation, the EU)
  starts at the mean of the known pairs (assumption).
- Positions are put on a common 0-100 scale per issue, ``100 (x - low) / (high - low)``; results are put
  back on the issue's own scale.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from aseanway.errors import InputError
from aseanway.simulation.calendar import Meeting, build_calendar
from aseanway.simulation.scenario import ActorKind, Channel, Scenario
from aseanway.world import chair, load_world

CAPABILITY_TABLE = "capability.csv"
AFFINITY_TABLE = "affinity_unga_2008_2017.csv"


@dataclass(frozen=True)
class Inputs:
    scenario: Scenario
    codes: list[str]
    names_en: list[str]
    names_id: list[str]
    is_state: np.ndarray  # [A] bool: may take part in decisions
    is_member: np.ndarray  # [A] bool: ASEAN member on the start date
    capability: np.ndarray  # [A]
    position: np.ndarray  # [A, I] on 0-100 (NaN without a stance)
    salience: np.ndarray  # [A, I]
    stance: np.ndarray  # [A, I] bool
    issue_ids: list[str]
    lo: np.ndarray  # [I]
    hi: np.ndarray  # [I]
    status_quo: np.ndarray  # [I] on 0-100 (NaN unknown)
    minus_x: np.ndarray  # [I] bool
    adopt_as: np.ndarray  # [I] str
    issue_forum: np.ndarray  # [I, F] bool
    forum_ids: list[str]
    participants: np.ndarray  # [F, A] bool
    affinity: np.ndarray  # [A, A]
    meetings: list[Meeting]
    influencers: list[tuple[int, Channel, float, np.ndarray]]


def _read_table(name: str) -> list[dict[str, str]]:
    path = resources.files("aseanway.world") / "derived" / name
    with path.open("r", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def derived_capability() -> dict[str, float]:
    return {r["code"]: float(r["capability"]) for r in _read_table(CAPABILITY_TABLE) if r.get("capability")}


@cache
def derived_affinity() -> dict[tuple[str, str], float]:
    out = {}
    for r in _read_table(AFFINITY_TABLE):
        out[(r["code_a"], r["code_b"])] = out[(r["code_b"], r["code_a"])] = float(r["agreement"])
    return out


def prepare(scenario: Scenario) -> Inputs:
    """Resolve a scenario against the reference world and derived tables; InputError names the field."""
    world = load_world()
    known = {m.code: m for m in world.members}
    others = {a.code: a for a in world.actors}
    members_on_start = {m.code for m in world.members if m.joined <= scenario.start}
    codes, names_en, names_id, caps = [], [], [], []
    cap_table = derived_capability()
    for i, a in enumerate(scenario.actors):
        ref = known.get(a.code) or others.get(a.code)
        if a.kind is ActorKind.state and ref is None:
            raise InputError(
                f"unknown state {a.code!r}; expected an ASEAN member, partner or ARF participant code "
                "(see `aseanway world members` and `aseanway world partners`)",
                field=f"actors[{i}].code",
            )
        codes.append(a.code)
        names_en.append(a.name_en or (ref.name_en if ref else a.code))
        names_id.append(a.name_id or (ref.name_id if ref else a.name_en or a.code))
        if a.kind is ActorKind.state:
            cap = a.capability if a.capability is not None else cap_table.get(a.code)
            if cap is None:
                raise InputError(
                    f"no capability for {a.code!r} in the derived table {CAPABILITY_TABLE}; give one (> 0)",
                    field=f"actors[{i}].capability",
                )
        else:
            cap = a.capability or 0.0
        caps.append(float(cap))
    n_act, issues = len(codes), scenario.issues
    index = {c: k for k, c in enumerate(codes)}
    is_state = np.array([a.kind is ActorKind.state for a in scenario.actors])
    is_member = np.array([c in members_on_start for c in codes]) & is_state

    position = np.full((n_act, len(issues)), np.nan)
    salience = np.zeros((n_act, len(issues)))
    lo = np.array([iss.scale[0] for iss in issues], dtype=float)
    hi = np.array([iss.scale[1] for iss in issues], dtype=float)
    for j, iss in enumerate(issues):
        for code, st in iss.positions.items():
            position[index[code], j] = 100.0 * (st.position - lo[j]) / (hi[j] - lo[j])
            salience[index[code], j] = st.salience
    status_quo = np.array(
        [
            np.nan if iss.status_quo is None else 100.0 * (iss.status_quo - lo[j]) / (hi[j] - lo[j])
            for j, iss in enumerate(issues)
        ]
    )

    forum_ids = list(scenario.forums)
    months, parts = {}, np.zeros((len(forum_ids), n_act), dtype=bool)
    for f, fid in enumerate(forum_ids):
        try:
            forum = world.forum(fid)
        except InputError:
            raise InputError(
                f"unknown forum {fid!r}; expected one of: {', '.join(x.id for x in world.forums)}",
                field=f"forums[{f}]",
            ) from None
        months[fid] = list(forum.months)
        inside = set(world.participants(fid, on=scenario.start))
        parts[f] = np.array([c in inside for c in codes])
    issue_forum = np.array([[fid in iss.forums for fid in forum_ids] for iss in issues])

    pair = derived_affinity()
    affinity = np.full((n_act, n_act), np.nan)
    for a_i, ca in enumerate(codes):
        for b_i, cb in enumerate(codes):
            affinity[a_i, b_i] = 1.0 if a_i == b_i else pair.get((ca, cb), np.nan)
    known_mean = (
        np.nanmean(affinity[~np.eye(n_act, dtype=bool)]) if np.isfinite(affinity).sum() > n_act else 0.5
    )
    affinity = np.where(np.isnan(affinity), known_mean, affinity)

    chairs = {}
    for year in range(scenario.start.year, scenario.end.year + 1):
        try:
            chairs[year] = chair(year).chair
        except (InputError, ValueError) as exc:
            raise InputError(f"no ASEAN chair for {year}: {exc}", field="start/end") from None
    meetings = build_calendar(scenario.start, scenario.end, months, forum_ids, chairs)

    influencers = []
    member_mask = is_member.copy()
    for i, a in enumerate(scenario.actors):
        if a.kind is ActorKind.state:
            continue
        if a.channel is Channel.lobbying:
            targets = np.array([c == a.home for c in codes])
        elif a.targets:
            targets = np.array([c in a.targets for c in codes])
        else:
            targets = member_mask
        influencers.append((i, a.channel, float(a.strength), targets & is_state))

    return Inputs(
        scenario=scenario,
        codes=codes,
        names_en=names_en,
        names_id=names_id,
        is_state=is_state,
        is_member=is_member,
        capability=np.array(caps),
        position=position,
        salience=salience,
        stance=~np.isnan(position),
        issue_ids=[iss.id for iss in issues],
        lo=lo,
        hi=hi,
        status_quo=status_quo,
        minus_x=np.array([iss.minus_x for iss in issues]),
        adopt_as=np.array([iss.adopt_as.value for iss in issues], dtype=object),
        issue_forum=issue_forum,
        forum_ids=forum_ids,
        participants=parts,
        affinity=affinity,
        meetings=meetings,
        influencers=influencers,
    )
