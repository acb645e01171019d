"""The international-politics view of a stored run: system, network, ASEAN, partners, non-state actors.

International politics, in the explainer's words, is about the relations among all states as a whole,
involving organisations, firms and civil society as well as governments, and aims at peace, security,
conflict resolution and cooperation. For a stored run this module reports (``docs/analysis.md``):

- the **system indicators** the run stored, whatever their names, grouped by the goal they serve
  through a documented name-pattern mapping (``GOAL_PATTERNS``); unknown names are listed as *other*,
  so indicators added by new mechanisms appear without a change here;
- the **network of affinity** among states (networkx): mean affinity, density and weighted clustering
  of the graph of pairs above ``AFFINITY_EDGE_THRESHOLD``, and blocs found by greedy modularity
  maximisation (Clauset, Newman & Moore 2004; modularity: Newman 2006), at the start and at the end;
- **ASEAN's cohesion** (mean affinity over member pairs) and **partners' pull** (each non-member
  state's mean affinity to the members, and its change);
- the **role of non-state actors and organisations**: their channels, how close adopted outcomes came
  to their positions, the events that name them, and the position shift their channels caused.
"""

from __future__ import annotations

from fnmatch import fnmatch

import networkx as nx
import numpy as np
from pydantic import BaseModel

from aseanway.analysis.foreign_policy import Provenance, RunData, as_date, closeness, load_run
from aseanway.concepts import Goal, Level, load_concepts
from aseanway.i18n import N_, translator
from aseanway.store import Store

SCHEMA_VERSION = 1
#: Two states are linked in the affinity network when their affinity (UNGA-style agreement, 0-1) is at
#: least 0.8: about the median (0.78) of the 2008-2017 UNGA agreement of the default scenario's state
#: pairs, so that about half of the pairs are linked at the start.
AFFINITY_EDGE_THRESHOLD = 0.8

#: Indicator name patterns (fnmatch, lower case) -> group, tried in this order; the first match wins.
#: Groups are the explainer's goals of international politics, plus stability (ASEAN's own goal of
#: "peace, stability and security") and the non-state actors' channels; anything else is "other".
GOAL_PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("conflict_resolution", ("*resolv*", "*settle*", "*mediat*", "*ceasefire*", "*conflict_resolution*")),
    ("security", ("*threat*", "*harm*", "*security*", "*terror*", "*crime*", "*attack*")),
    ("peace", ("*incident*", "*militar*", "*dispute*", "*conflict*", "*clash*", "*escalat*", "*peace*")),
    (
        "cooperation",
        (
            "consensus*",
            "*adopted*",
            "*agreement*",
            "*treat*",
            "*ratif*",
            "*cooperation*",
            "*declaration*",
            "*communique*",
            "*complian*",
            "*accession*",
            "*signat*",
            "*in_force*",
        ),
    ),
    ("stability", ("*volatil*", "*cohesion*", "*stabil*", "*spread*", "*polari*")),
    ("nonstate", ("nonstate*", "*channel*", "*civil_society*", "*lobby*")),
)
GROUP_ORDER = ("peace", "security", "conflict_resolution", "cooperation", "stability", "nonstate", "other")
GROUP_LABELS = {
    "stability": N_("Stability"),
    "nonstate": N_("Non-state actors and organisations"),
    "other": N_("Other indicators"),
}


def indicator_group(name: str) -> str:
    """The group of an indicator name (see ``GOAL_PATTERNS``); ``other`` when nothing matches."""
    low = name.lower()
    for group, patterns in GOAL_PATTERNS:
        if any(fnmatch(low, p) for p in patterns):
            return group
    return "other"


def indicator_label(name: str, lang: str) -> str:
    """The translated label of an indicator (engine's and mechanisms'), else its name."""
    from aseanway.simulation.labels import indicator_labels

    label = indicator_labels().get(name)
    return translator(lang)(label) if label else name


class IndicatorStat(BaseModel):
    name: str
    label: str
    group: str
    dates: int
    start_mean: float | None  # mean over draws at the first date
    end_mean: float | None  # mean over draws at the last date
    end_p10: float | None
    end_p90: float | None


class IndicatorGroup(BaseModel):
    key: str
    goal: Goal | None
    label: str
    indicators: list[IndicatorStat]


class NetworkState(BaseModel):
    mean_affinity: float  # over all pairs of states
    edges: int
    density: float
    clustering: float  # weighted average clustering of the thresholded graph
    blocs: list[list[str]]
    modularity: float


class Network(BaseModel):
    threshold: float
    states: list[str]
    initial: NetworkState
    final: NetworkState


class Cohesion(BaseModel):
    members: list[str]
    initial: float
    final_mean: float
    final_p10: float
    final_p90: float
    change: float


class PartnerPull(BaseModel):
    code: str
    name: str
    initial: float
    final_mean: float
    change: float


class NonStateRole(BaseModel):
    code: str
    name: str
    kind: str
    channel: str | None
    strength: float | None
    targets: list[str]
    issues: list[str]
    served: float | None  # salience-weighted closeness of adopted outcomes to its positions
    events: int  # events that name it


class InternationalView(BaseModel):
    schema_version: int = SCHEMA_VERSION
    level: Level = Level.international_politics
    run_id: int
    provenance: Provenance
    lang: str
    draws: int
    states: int
    organisations: int
    nonstate: int
    goals: dict[Goal, str]
    groups: list[IndicatorGroup]
    network: Network
    asean: Cohesion
    partners: list[PartnerPull]
    nonstate_actors: list[NonStateRole]
    nonstate_shift_total: IndicatorStat | None  # channel shifts summed over the period, per draw
    notes: list[str]


# ---- indicators ------------------------------------------------------------------------------------
def indicator_matrix(data: RunData, name: str) -> tuple[list, np.ndarray]:
    """Dates and the [draw, time point] values of one indicator (NaN where a draw has no value).

    The ``k``-th value a draw recorded is its ``k``-th time point (the store keeps the recording
    order), so two meetings on one day (the AMM and the ARF) are two points with the same date.
    """
    ind = data.indicators
    sel = np.flatnonzero(ind["name"] == name)
    r = np.searchsorted(data.draws, ind["draw"][sel])
    order = np.argsort(r, kind="stable")
    sel, r = sel[order], r[order]
    first = np.r_[True, r[1:] != r[:-1]] if r.size else np.array([], dtype=bool)
    start = np.maximum.accumulate(np.where(first, np.arange(r.size), 0)) if r.size else r
    k = np.arange(r.size) - start
    n_points = int(k.max()) + 1 if k.size else 0
    out = np.full((data.draws.size, n_points), np.nan)
    out[r, k] = ind["value"][sel]
    dates: list = [None] * n_points
    for kk, d in zip(k[::-1], ind["date"][sel][::-1], strict=True):
        dates[kk] = as_date(d)
    return dates, out


def _stat(values: np.ndarray) -> tuple[float | None, float | None, float | None]:
    v = values[~np.isnan(values)]
    if not v.size:
        return None, None, None
    return float(v.mean()), float(np.percentile(v, 10)), float(np.percentile(v, 90))


def indicator_stats(data: RunData, lang: str) -> list[IndicatorStat]:
    out = []
    for name in dict.fromkeys(str(n) for n in data.indicators["name"]):
        dates, m = indicator_matrix(data, name)
        end = _stat(m[:, -1])
        out.append(
            IndicatorStat(
                name=name,
                label=indicator_label(name, lang),
                group=indicator_group(name),
                dates=len(dates),
                start_mean=_stat(m[:, 0])[0],
                end_mean=end[0],
                end_p10=end[1],
                end_p90=end[2],
            )
        )
    return out


def group_labels(lang: str) -> list[tuple[str, str]]:
    """(group key, label) in ``GROUP_ORDER``: the concept's goal labels, else our own."""
    _ = translator(lang)
    concepts = load_concepts()
    return [
        (key, concepts.label(Goal(key), lang) if key in Goal.__members__ else _(GROUP_LABELS[key]))
        for key in GROUP_ORDER
    ]


def grouped(stats: list[IndicatorStat], lang: str) -> list[IndicatorGroup]:
    out = []
    for key, label in group_labels(lang):
        goal = Goal(key) if key in Goal.__members__ else None
        out.append(
            IndicatorGroup(key=key, goal=goal, label=label, indicators=[s for s in stats if s.group == key])
        )
    return out


# ---- network ---------------------------------------------------------------------------------------
def affinity_graph(codes: list[str], aff: np.ndarray, threshold: float) -> nx.Graph:
    """Undirected graph of the pairs with ``aff >= threshold`` (weight = affinity), nodes in order."""
    g = nx.Graph()
    g.add_nodes_from(codes)
    n = len(codes)
    for a in range(n):
        for b in range(a + 1, n):
            w = 0.5 * (aff[a, b] + aff[b, a])
            if w >= threshold:
                g.add_edge(codes[a], codes[b], weight=float(w))
    return g


def blocs_of(g: nx.Graph) -> list[list[str]]:
    if g.number_of_edges() == 0:
        return [[n] for n in g.nodes]
    comms = nx.community.greedy_modularity_communities(g, weight="weight")
    return sorted((sorted(c) for c in comms), key=lambda c: (-len(c), c))


def network_state(codes: list[str], aff: np.ndarray, threshold: float) -> NetworkState:
    g = affinity_graph(codes, aff, threshold)
    blocs = blocs_of(g)
    off = ~np.eye(len(codes), dtype=bool)
    return NetworkState(
        mean_affinity=float(aff[off].mean()),
        edges=g.number_of_edges(),
        density=float(nx.density(g)),
        clustering=float(nx.average_clustering(g, weight="weight")),
        blocs=blocs,
        modularity=float(nx.community.modularity(g, blocs, weight="weight")) if g.number_of_edges() else 0.0,
    )


def network(data: RunData, threshold: float = AFFINITY_EDGE_THRESHOLD) -> Network:
    st = np.flatnonzero(data.is_state)
    codes = [data.codes[i] for i in st]
    a0 = data.affinity0[np.ix_(st, st)]
    a1 = data.affinity[:, st][:, :, st].mean(axis=0)
    return Network(
        threshold=threshold,
        states=codes,
        initial=network_state(codes, a0, threshold),
        final=network_state(codes, a1, threshold),
    )


def pair_mean(aff: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Mean of ``aff[..., a, b]`` over a in rows, b in cols, a != b (last two axes)."""
    sub = aff[..., rows, :][..., :, cols]
    same = rows[:, None] == cols[None, :]
    n = (~same).sum()
    return np.where(same, 0.0, sub).sum(axis=(-2, -1)) / max(n, 1)


def asean_cohesion(data: RunData) -> Cohesion:
    m = np.flatnonzero(data.is_member)
    fin = pair_mean(data.affinity, m, m)
    init = float(pair_mean(data.affinity0, m, m))
    return Cohesion(
        members=[data.codes[i] for i in m],
        initial=init,
        final_mean=float(fin.mean()),
        final_p10=float(np.percentile(fin, 10)),
        final_p90=float(np.percentile(fin, 90)),
        change=float(fin.mean() - init),
    )


def partners_pull(data: RunData, lang: str) -> list[PartnerPull]:
    m = np.flatnonzero(data.is_member)
    out = []
    for b in np.flatnonzero(data.is_state & ~data.is_member):
        init = float(data.affinity0[b, m].mean())
        fin = float(data.affinity[:, b, m].mean())
        out.append(
            PartnerPull(
                code=data.codes[b], name=data.name(b, lang), initial=init, final_mean=fin, change=fin - init
            )
        )
    return sorted(out, key=lambda p: (-p.final_mean, p.code))


# ---- non-state actors ------------------------------------------------------------------------------
def nonstate_roles(data: RunData, lang: str) -> list[NonStateRole]:
    named = [set(filter(None, str(a).split(","))) for a in data.events["actors"]]
    out = []
    for k, kind in enumerate(data.kinds):
        if kind == "state":
            continue
        spec = data.scenario_actor(data.codes[k])
        stance = ~np.isnan(data.stated[k])
        w = data.adopted * stance[None, :] * data.salience[k][None, :]
        tot = w.sum()
        served = float((np.nan_to_num(closeness(data, k)) * w).sum() / tot) if tot > 0 else None
        targets = spec.get("targets")
        if targets is None:
            targets = (
                [spec["home"]]
                if spec.get("home")
                else [data.codes[i] for i in np.flatnonzero(data.is_member)]
            )
        out.append(
            NonStateRole(
                code=data.codes[k],
                name=data.name(k, lang),
                kind=kind,
                channel=spec.get("channel"),
                strength=spec.get("strength"),
                targets=list(targets),
                issues=[i for i, s in zip(data.issues, stance, strict=True) if s],
                served=served,
                events=sum(data.codes[k] in s for s in named),
            )
        )
    return out


def _shift_total(data: RunData, stats: list[IndicatorStat], lang: str) -> IndicatorStat | None:
    names = [s.name for s in stats if s.group == "nonstate"]
    if not names:
        return None
    total = sum(np.nansum(indicator_matrix(data, n)[1], axis=1) for n in names)
    mean, p10, p90 = _stat(np.asarray(total, dtype=float))
    return IndicatorStat(
        name="+".join(names),
        label=translator(lang)(N_("Position shift by non-state actors over the period")),
        group="nonstate",
        dates=0,
        start_mean=None,
        end_mean=mean,
        end_p10=p10,
        end_p90=p90,
    )


def international_view(store: Store, run_id: int, lang: str = "en") -> InternationalView:
    """The international-politics view of the complete run ``run_id`` (see the module docstring)."""
    return system_of(load_run(store, run_id), lang)


def system_of(data: RunData, lang: str = "en") -> InternationalView:
    _ = translator(lang)
    concepts = load_concepts()
    stats = indicator_stats(data, lang)
    groups = grouped(stats, lang)
    notes = []
    empty = [g.label for g in groups if not g.indicators and g.goal is not None]
    if empty:
        notes.append(_("The run stored no indicator for: {goals}.").format(goals=", ".join(empty)))
    return InternationalView(
        run_id=data.run_id,
        provenance=data.provenance,
        lang=lang,
        draws=int(data.draws.size),
        states=int(data.is_state.sum()),
        organisations=sum(k == "organisation" for k in data.kinds),
        nonstate=sum(k == "nonstate" for k in data.kinds),
        goals={g: concepts.label(g, lang) for g in concepts.concept(Level.international_politics).goals},
        groups=groups,
        network=network(data),
        asean=asean_cohesion(data),
        partners=partners_pull(data, lang),
        nonstate_actors=nonstate_roles(data, lang),
        nonstate_shift_total=_shift_total(data, stats, lang),
        notes=notes,
    )


__all__ = [
    "AFFINITY_EDGE_THRESHOLD",
    "GOAL_PATTERNS",
    "Cohesion",
    "IndicatorGroup",
    "IndicatorStat",
    "InternationalView",
    "Network",
    "NetworkState",
    "NonStateRole",
    "PartnerPull",
    "indicator_group",
    "international_view",
    "system_of",
]
