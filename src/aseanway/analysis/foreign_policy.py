"""The foreign-policy view of one actor in a stored run: interest served, values, influence, relations.

Foreign policy, in the explainer's words, is one state's policy towards the others, centred on its
national interest and aimed at protecting that interest, promoting its values and widening its
influence and relations. For one actor of a stored run this module measures each goal from the
stored tables (``docs/analysis.md`` gives every definition and its source):

- **national interest** per aspect (political, economic, defence, cultural): the salience-weighted
  closeness ``1 - |outcome - position| / (high - low)`` of the adopted outcomes to the actor's stated
  position (the scenario's), over adopted items and draws; the share of adopted agreements that serve
  it (closer to it than the status quo); aspects combined with the actor's ``interests`` weights;
- **values**: how close the value level implied by the adopted outcomes is to the actor's own score,
  on the issues whose stated positions follow that value across states (``|r| >= 0.5``);
- **influence**: how often and how far the adopted outcomes moved towards the actor from the opening
  proposal, and its a priori voting power (Shapley-Shubik, Banzhaf) under consensus and under a
  capability-weighted majority in each forum it sits in;
- **relations**: initial and final affinity with every other state, who moved closer and who away.

``load_run`` reads a complete run into arrays once; the international view and the plots reuse it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from pydantic import BaseModel

from aseanway import __version__
from aseanway.analysis.power import unanimity, weighted_majority
from aseanway.concepts import Aspect, Goal, Level, load_concepts
from aseanway.errors import InputError
from aseanway.i18n import N_, translator
from aseanway.store import Store

SCHEMA_VERSION = 1
#: An issue "carries" a value when the states' stated positions correlate with their value scores at
#: |r| >= 0.5, a large correlation by Cohen's (1988) conventions.
VALUE_CARRY_R = 0.5
#: At least this many states with a stance are needed to estimate that correlation.
VALUE_MIN_STATES = 3
#: The weighted-majority variant of every forum: winning coalitions hold more than half the total
#: capability (simple majority of power resources; a comparison baseline, not an ASEAN rule).
MAJORITY_SHARE = 0.5
#: A relation moved closer (away) when the mean change of affinity exceeds this (half a point of the
#: 0-1 agreement scale; UNGA agreement scores are published to two decimals).
RELATION_MIN_CHANGE = 0.005

VALUE_LABELS = {
    "democracy": N_("Democracy"),
    "rule_of_law": N_("Rule of law"),
    "human_rights": N_("Human rights"),
}
RULE_LABELS = {
    "consensus": N_("Consensus (unanimity)"),
    "capability_majority": N_("Capability-weighted majority"),
}
ADOPT_KINDS = ("communique", "declaration", "treaty")


class Provenance(BaseModel):
    """The stored run a view describes (its seed, the aseanway that simulated it) and who computed it."""

    run_id: int
    scenario: str
    scenario_hash: str
    seed: int
    runs: int
    run_version: str
    computed_by: str = __version__


@dataclass(frozen=True)
class RunData:
    """One complete run read into arrays (actors ``A``, issues ``I``, draws ``R``)."""

    run_id: int
    scenario: dict[str, Any]
    provenance: Provenance
    codes: list[str]
    names_en: list[str]
    names_id: list[str]
    kinds: list[str]  # state | organisation | nonstate
    is_member: np.ndarray  # [A] bool
    capability: np.ndarray  # [A]
    issues: list[str]
    issue_names_en: list[str]
    issue_names_id: list[str]
    aspects: list[str]
    lo: np.ndarray  # [I]
    hi: np.ndarray  # [I]
    status_quo: np.ndarray  # [I] issue scale, NaN unknown
    stated: np.ndarray  # [A, I] the scenario's positions (issue scale), NaN without a stance
    salience: np.ndarray  # [A, I] the scenario's saliences (0-100), 0 without a stance
    draws: np.ndarray  # [R]
    adopted: np.ndarray  # [R, I]
    outcome: np.ndarray  # [R, I] NaN where not adopted
    final: np.ndarray  # [R, A, I] final positions, NaN without a stance
    affinity0: np.ndarray  # [A, A]
    affinity: np.ndarray  # [R, A, A]
    adopted_forum: np.ndarray  # [R, I] forum of the adopting event ("" if none)
    adopted_date: np.ndarray  # [R, I] date of the adopting event (None if none)
    events: dict[str, np.ndarray]
    indicators: dict[str, np.ndarray]

    def index(self, code: str) -> int:
        return self.codes.index(code)

    def name(self, k: int, lang: str) -> str:
        return self.names_id[k] if lang == "id" else self.names_en[k]

    def issue_name(self, j: int, lang: str) -> str:
        return self.issue_names_id[j] if lang == "id" else self.issue_names_en[j]

    @property
    def is_state(self) -> np.ndarray:
        return np.array([k == "state" for k in self.kinds])

    def scenario_actor(self, code: str) -> dict[str, Any]:
        return next((a for a in self.scenario.get("actors", []) if a.get("code") == code), {})


def _lookup(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Positions of ``values`` in ``keys`` (every value must be present)."""
    keys = np.asarray(keys, dtype=object)
    order = np.argsort(keys)
    pos = np.searchsorted(keys[order], np.asarray(values, dtype=object))
    return order[pos]


def load_run(store: Store, run_id: int) -> RunData:
    """Read one complete run; InputError for an unknown or incomplete run or one without its scenario."""
    info = store.complete_run(run_id)
    provenance = Provenance(
        run_id=info.run_id,
        scenario=info.scenario,
        scenario_hash=info.scenario_hash,
        seed=info.seed,
        runs=info.runs,
        run_version=info.version,
    )
    raw = store.scenario_json(run_id)
    if raw is None:
        raise InputError(
            f"run {run_id} was stored without its scenario (results store schema 1); run it again",
            file=str(store.path),
        )
    sc = json.loads(raw)
    act = store.table("actors", run_id)
    iss = store.table("issues", run_id)
    codes = [str(c) for c in act["code"]]
    issues = [str(i) for i in iss["issue"]]
    A, n_i = len(codes), len(issues)
    lo, hi = iss["low"].astype(float), iss["high"].astype(float)
    stated = np.full((A, n_i), np.nan)
    salience = np.zeros((A, n_i))
    status_quo = np.full(n_i, np.nan)
    by_id = {i.get("id"): i for i in sc.get("issues", [])}
    for j, issue in enumerate(issues):
        spec = by_id.get(issue, {})
        if spec.get("status_quo") is not None:
            status_quo[j] = float(spec["status_quo"])
        for code, st in spec.get("positions", {}).items():
            if code in codes:
                stated[codes.index(code), j] = float(st["position"])
                salience[codes.index(code), j] = float(st["salience"])
    out = store.table("outcomes", run_id, order="draw, issue")
    draws = np.unique(out["draw"]).astype(np.int64)
    R = draws.size
    r_o = np.searchsorted(draws, out["draw"])
    j_o = _lookup(np.array(issues, dtype=object), out["issue"])
    adopted = np.zeros((R, n_i), dtype=bool)
    outcome = np.full((R, n_i), np.nan)
    adopted[r_o, j_o] = out["adopted"].astype(bool)
    outcome[r_o, j_o] = np.where(adopted[r_o, j_o], out["outcome"].astype(float), np.nan)
    pos = store.table("positions", run_id)
    final = np.full((R, A, n_i), np.nan)
    final[
        np.searchsorted(draws, pos["draw"]),
        _lookup(np.array(codes, dtype=object), pos["actor"]),
        _lookup(np.array(issues, dtype=object), pos["issue"]),
    ] = pos["position"].astype(float)
    aff = store.table("affinity", run_id)
    code_arr = np.array(codes, dtype=object)
    ia, ib = _lookup(code_arr, aff["a"]), _lookup(code_arr, aff["b"])
    init = aff["stage"] == "initial"
    affinity0 = np.full((A, A), np.nan)
    affinity0[ia[init], ib[init]] = aff["value"][init]
    affinity = np.full((R, A, A), np.nan)
    fin = ~init
    affinity[np.searchsorted(draws, aff["draw"][fin]), ia[fin], ib[fin]] = aff["value"][fin]
    events = store.table("events", run_id, order="draw, seq")
    adopted_forum = np.full((R, n_i), "", dtype=object)
    adopted_date = np.full((R, n_i), None, dtype=object)
    is_adoption = np.isin(events["kind"], ADOPT_KINDS)  # by consensus or ASEAN-minus-X (detail)
    is_adoption &= np.isin(events["issue"], issues)
    for d, i, f, day in zip(  # a handful of rows per draw; the first adoption of an issue counts
        events["draw"][is_adoption][::-1],
        events["issue"][is_adoption][::-1],
        events["forum"][is_adoption][::-1],
        events["date"][is_adoption][::-1],
        strict=True,
    ):
        r, j = int(np.searchsorted(draws, d)), issues.index(str(i))
        adopted_forum[r, j], adopted_date[r, j] = str(f), as_date(day)
    return RunData(
        run_id=run_id,
        scenario=sc,
        provenance=provenance,
        codes=codes,
        names_en=[str(x) for x in act["name_en"]],
        names_id=[str(x) for x in act["name_id"]],
        kinds=[str(x) for x in act["kind"]],
        is_member=act["is_member"].astype(bool),
        capability=act["capability"].astype(float),
        issues=issues,
        issue_names_en=[str(x) for x in iss["name_en"]],
        issue_names_id=[str(x) for x in iss["name_id"]],
        aspects=[str(x) for x in iss["aspect"]],
        lo=lo,
        hi=hi,
        status_quo=status_quo,
        stated=stated,
        salience=salience,
        draws=draws,
        adopted=adopted,
        outcome=outcome,
        final=final,
        affinity0=affinity0,
        affinity=affinity,
        adopted_forum=adopted_forum,
        adopted_date=adopted_date,
        events=events,
        indicators=store.table("indicators", run_id),  # recording order (time points)
    )


def as_date(value: object) -> date:
    """A stored date (numpy datetime64, date or ISO text) as a ``datetime.date``."""
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(np.datetime64(value, "D")))


def actor_index(data: RunData, actor: str, *, file: str | None = None) -> int:
    code = actor.strip().upper()
    if code not in data.codes:
        raise InputError(
            f"no actor {actor!r} in run {data.run_id}; expected one of: {', '.join(data.codes)}",
            file=file,
            field="actor",
        )
    return data.codes.index(code)


# ---- results ---------------------------------------------------------------------------------------
class AspectScore(BaseModel):
    aspect: Aspect
    label: str
    weight: float  # the actor's interest weight, normalised over the four aspects
    issues: list[str]  # issues of this aspect on which the actor has a stance
    adoption_share: float | None  # share of (draw, issue) pairs adopted
    n_adopted: int  # adopted (draw, issue) pairs
    served: float | None  # vs the stated position, salience-weighted, 0-1
    served_final: float | None  # vs its own final position in each draw
    serving_share: float | None  # adopted agreements closer to it than the status quo


class ValueScore(BaseModel):
    value: str
    label: str
    score: float  # the actor's own score, 0-100
    issues: list[str]  # issues that carry the value (|r| >= VALUE_CARRY_R)
    n_adopted: int
    implied: float | None  # mean value level implied by the adopted outcomes, 0-100
    congruence: float | None  # 1 - |implied - score| / 100, mean over adopted outcomes


class ForumPower(BaseModel):
    forum: str
    rule: str
    label: str
    players: int
    shapley_shubik: float
    banzhaf: float
    equal_share: float  # 1 / players, for comparison


class Influence(BaseModel):
    n_adopted: int
    pull_share: float | None  # how often outcomes moved towards it from the opening proposal
    pull_mean: float | None  # how far, as a share of the scale (negative: away from it)
    power: list[ForumPower]


class Relation(BaseModel):
    code: str
    name: str
    initial: float
    final_mean: float
    final_p10: float
    final_p90: float
    change: float
    share_closer: float  # share of draws in which the affinity rose


class ForeignPolicyView(BaseModel):
    schema_version: int = SCHEMA_VERSION
    level: Level = Level.foreign_policy
    run_id: int
    provenance: Provenance
    actor: str
    name: str
    kind: str
    is_member: bool
    lang: str
    draws: int
    goals: dict[Goal, str]  # the goals of the level, labelled in ``lang``
    interest_served: float | None  # aspects combined with the interest weights
    interest_served_final: float | None
    aspects: list[AspectScore]
    values: list[ValueScore]
    influence: Influence
    relations: list[Relation]
    closer: list[str]
    away: list[str]
    notes: list[str]


# ---- measures --------------------------------------------------------------------------------------
def _weighted(u: np.ndarray, w: np.ndarray) -> float | None:
    tot = w.sum()
    return float((u * w).sum() / tot) if tot > 0 else None


def interest_weights(data: RunData, code: str) -> dict[Aspect, float]:
    """The actor's ``interests`` normalised to sum to 1; equal weights when the scenario gives none."""
    raw = data.scenario_actor(code).get("interests") or {}
    w = {a: float(raw.get(a.value, 0.0)) for a in Aspect}
    total = sum(w.values())
    if total <= 0:
        return {a: 1.0 / len(Aspect) for a in Aspect}
    return {a: v / total for a, v in w.items()}


def closeness(data: RunData, k: int, reference: np.ndarray | None = None) -> np.ndarray:
    """``1 - |outcome - x| / (high - low)`` per [draw, issue]; ``x`` the stated positions by default."""
    x = data.stated[k][None, :] if reference is None else reference
    return 1.0 - np.abs(data.outcome - x) / (data.hi - data.lo)[None, :]


def aspect_scores(data: RunData, k: int, lang: str) -> list[AspectScore]:
    concepts = load_concepts()
    weights = interest_weights(data, data.codes[k])
    stance = ~np.isnan(data.stated[k])
    u_stated = closeness(data, k)
    u_final = closeness(data, k, data.final[:, k, :])
    sq = data.status_quo[None, :]
    serves = np.abs(data.outcome - data.stated[k][None]) < np.abs(sq - data.stated[k][None])
    out = []
    for asp in Aspect:
        cols = stance & (np.array(data.aspects) == asp.value)
        adopted = data.adopted & cols[None, :]
        w = np.broadcast_to(data.salience[k][None, :], adopted.shape) * adopted
        with_sq = adopted & ~np.isnan(sq)
        out.append(
            AspectScore(
                aspect=asp,
                label=concepts.label(asp, lang),
                weight=weights[asp],
                issues=[i for i, c in zip(data.issues, cols, strict=True) if c],
                adoption_share=float(data.adopted[:, cols].mean()) if cols.any() else None,
                n_adopted=int(adopted.sum()),
                served=_weighted(np.nan_to_num(u_stated), w),
                served_final=_weighted(np.nan_to_num(u_final), w),
                serving_share=float(serves[with_sq].mean()) if with_sq.any() else None,
            )
        )
    return out


def combine(scores: list[AspectScore], attr: str) -> float | None:
    """Interest-weighted mean over the aspects that have a value (weights renormalised)."""
    pairs = [(s.weight, getattr(s, attr)) for s in scores if getattr(s, attr) is not None]
    total = sum(w for w, _ in pairs)
    return sum(w * v for w, v in pairs) / total if total > 0 else None


def value_scores(data: RunData, k: int, lang: str) -> list[ValueScore]:
    _ = translator(lang)
    own = data.scenario_actor(data.codes[k]).get("values") or {}
    states = [i for i, kind in enumerate(data.kinds) if kind == "state"]
    out = []
    for value, label in VALUE_LABELS.items():
        scores = np.array(
            [float((data.scenario_actor(data.codes[i]).get("values") or {}).get(value, 50.0)) for i in states]
        )
        carried, implied_all = [], []
        for j, issue in enumerate(data.issues):
            x = data.stated[states, j]
            ok = ~np.isnan(x)
            if ok.sum() < VALUE_MIN_STATES or np.std(x[ok]) == 0 or np.std(scores[ok]) == 0:
                continue
            r = float(np.corrcoef(x[ok], scores[ok])[0, 1])
            if abs(r) < VALUE_CARRY_R:
                continue
            carried.append(issue)
            slope = np.cov(x[ok], scores[ok], bias=True)[0, 1] / np.var(x[ok])
            o = data.outcome[data.adopted[:, j], j]
            implied_all.append(np.clip(scores[ok].mean() + slope * (o - x[ok].mean()), 0.0, 100.0))
        implied = np.concatenate(implied_all) if implied_all else np.array([])
        score = float(own.get(value, 50.0))
        out.append(
            ValueScore(
                value=value,
                label=_(label),
                score=score,
                issues=carried,
                n_adopted=int(implied.size),
                implied=float(implied.mean()) if implied.size else None,
                congruence=float((1.0 - np.abs(implied - score) / 100.0).mean()) if implied.size else None,
            )
        )
    return out


def opening_proposal(data: RunData) -> np.ndarray:
    """[R, I] the consultation model's first proposal for each adopted item (NaN otherwise).

    ``p0 = sum c_i s_i x_i / sum c_i s_i`` over the states taking part in the adopting forum on the
    adopting date that have a stance (stated positions and saliences; the chair's weight is left out).
    """
    from aseanway.world import load_world

    world = load_world()
    out = np.full(data.adopted.shape, np.nan)
    state = data.is_state
    cache: dict[tuple[str, date | None], np.ndarray] = {}
    for r, j in zip(*np.nonzero(data.adopted), strict=True):
        key = (str(data.adopted_forum[r, j]), data.adopted_date[r, j])
        if key not in cache:
            try:
                inside = set(world.participants(key[0], on=key[1]))
                cache[key] = np.array([c in inside for c in data.codes]) & state
            except (InputError, ValueError, KeyError):
                cache[key] = state
        part = cache[key] & ~np.isnan(data.stated[:, j])
        w = data.capability[part] * data.salience[part, j]
        if w.sum() > 0:
            out[r, j] = float((w * data.stated[part, j]).sum() / w.sum())
    return out


def forum_power(data: RunData, k: int, lang: str) -> list[ForumPower]:
    from aseanway.world import load_world

    _ = translator(lang)
    world = load_world()
    start = date.fromisoformat(str(data.scenario.get("start")))
    out = []
    for forum in data.scenario.get("forums", []):
        try:
            inside = set(world.participants(forum, on=start))
        except InputError:
            continue
        players = [i for i, c in enumerate(data.codes) if c in inside and data.kinds[i] == "state"]
        if k not in players or len(players) < 2:
            continue
        names = [data.codes[i] for i in players]
        games = {
            "consensus": unanimity(names),
            "capability_majority": weighted_majority(names, data.capability[players], MAJORITY_SHARE),
        }
        for rule, game in games.items():
            ss, bz = game.of(data.codes[k])
            out.append(
                ForumPower(
                    forum=forum,
                    rule=rule,
                    label=_(RULE_LABELS[rule]),
                    players=len(players),
                    shapley_shubik=ss,
                    banzhaf=bz,
                    equal_share=1.0 / len(players),
                )
            )
    return out


def influence(data: RunData, k: int, lang: str) -> Influence:
    x = data.stated[k][None, :]
    p0 = opening_proposal(data)
    ok = data.adopted & ~np.isnan(x) & ~np.isnan(p0)
    gain = (np.abs(p0 - x) - np.abs(data.outcome - x)) / (data.hi - data.lo)[None, :]
    return Influence(
        n_adopted=int(ok.sum()),
        pull_share=float((gain[ok] > 0).mean()) if ok.any() else None,
        pull_mean=float(gain[ok].mean()) if ok.any() else None,
        power=forum_power(data, k, lang),
    )


def relations(data: RunData, k: int, lang: str) -> list[Relation]:
    out = []
    for b, kind in enumerate(data.kinds):
        if b == k or kind != "state":
            continue
        fin = data.affinity[:, k, b]
        init = float(data.affinity0[k, b])
        out.append(
            Relation(
                code=data.codes[b],
                name=data.name(b, lang),
                initial=init,
                final_mean=float(fin.mean()),
                final_p10=float(np.percentile(fin, 10)),
                final_p90=float(np.percentile(fin, 90)),
                change=float(fin.mean() - init),
                share_closer=float((fin > init).mean()),
            )
        )
    return sorted(out, key=lambda r: (-r.change, r.code))


def foreign_policy_view(store: Store, run_id: int, actor: str, lang: str = "en") -> ForeignPolicyView:
    """The foreign-policy view of ``actor`` in the complete run ``run_id`` (see the module docstring)."""
    data = load_run(store, run_id)
    return view_of(data, actor, lang, file=str(store.path))


def view_of(data: RunData, actor: str, lang: str = "en", *, file: str | None = None) -> ForeignPolicyView:
    _ = translator(lang)
    k = actor_index(data, actor, file=file)
    concepts = load_concepts()
    aspects = aspect_scores(data, k, lang)
    rel = relations(data, k, lang)
    notes = []
    if not (data.scenario_actor(data.codes[k]).get("interests")):
        notes.append(
            _("The scenario gives no interest weights for this actor: the four aspects count equally.")
        )
    missing = [s.label for s in aspects if s.served is None]
    if missing:
        notes.append(
            _("No adopted item on which it has a stance in: {aspects}.").format(aspects=", ".join(missing))
        )
    return ForeignPolicyView(
        run_id=data.run_id,
        provenance=data.provenance,
        actor=data.codes[k],
        name=data.name(k, lang),
        kind=data.kinds[k],
        is_member=bool(data.is_member[k]),
        lang=lang,
        draws=int(data.draws.size),
        goals={g: concepts.label(g, lang) for g in concepts.concept(Level.foreign_policy).goals},
        interest_served=combine(aspects, "served"),
        interest_served_final=combine(aspects, "served_final"),
        aspects=aspects,
        values=value_scores(data, k, lang),
        influence=influence(data, k, lang),
        relations=rel,
        closer=[r.code for r in rel if r.change > RELATION_MIN_CHANGE],
        away=[r.code for r in rel if r.change < -RELATION_MIN_CHANGE],
        notes=notes,
    )


__all__ = [
    "AspectScore",
    "ForeignPolicyView",
    "ForumPower",
    "Influence",
    "Relation",
    "RunData",
    "ValueScore",
    "foreign_policy_view",
    "load_run",
    "view_of",
]
