"""Disputes and their settlement along the ASEAN ladder (docs/mechanisms/disputes.md gives the equations).

A dispute between two actors (or, type ``internal``, inside one member) has a stake (0-100), an
intensity level and a history (past militarised incidents). Levels follow the hostility levels of the
Correlates of War militarised interstate dispute data (Jones, Bremer & Singer 1996), shifted down by
one: 0 dormant, 1 diplomatic (protests, talks), 2 threat of force, 3 display of force, 4 use of force.
A month at level 3 or 4 is a *militarised incident*.

Every month (``on_period``) each unsettled dispute, in every run:

1. escalates one level with probability ``p_up`` or calms one level with ``(1 - p_up) p_down`` where
   ``logit p_up = b0 + b_parity * parity + b_salience * s - b_affinity * (a - a_ref) + b_history * h``
   and ``logit p_down = c0 + c_level * level + c_affinity * (a - a_ref) - c_salience * s``; a crisis
   step of the ladder (good offices, mediation) adds its own calming chance;
2. may settle at its current rung of the ladder (per-month chance scaled by affinity and stake), or,
   at adjudication, get a ruling after a drawn duration that settles it if the parties comply;
3. may climb to a higher open rung whose entry condition holds (each with its own monthly chance).

The ladder: bilateral consultation, good offices of the ASEAN chair, mediation, the High Council of the
Treaty of Amity and Cooperation (arts. 14-16; never used), the ICJ (needs a special agreement: every
party's consent) and arbitration (UNCLOS Annex VII: one party may start it). Non-interference: an
``internal`` dispute only knows the member's own process (``bilateral``) and the chair's good offices,
and the latter only with the member's consent.

The dynamics are a pure function (``advance``) over arrays ``[runs, disputes]``; the mechanism and the
stand-alone ``replay`` of real cases share it. Draws: a fixed number of uniforms per run and month from
``ctx.rng(stream)``, whatever the state, so runs never depend on each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Annotated, ClassVar

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from aseanway.errors import InputError
from aseanway.i18n import N_
from aseanway.mechanisms.base import Mechanism, MechanismConfig

if TYPE_CHECKING:  # pragma: no cover
    from aseanway.simulation.engine import Context
    from aseanway.simulation.setup import Inputs

# ---- levels and ladder -------------------------------------------------------------------------

MAX_LEVEL = 4  # use of force; war (MID level 5) is left out: no war between members since 1967
MILITARISED = 3  # display or use of force (MID hostility levels 3-4) counts as a militarised incident
CRISIS = 2  # threat of force: the level at which the chair's good offices become possible


class LadderStep(str, Enum):
    """Rungs of the settlement ladder, lowest first (the names of the reference world's steps)."""

    bilateral = "bilateral"
    chair_good_offices = "chair_good_offices"
    mediation = "mediation"
    high_council = "high_council"
    icj = "icj"
    arbitration = "arbitration"


STEPS: tuple[str, ...] = tuple(s.value for s in LadderStep)
S_BIL, S_CHAIR, S_MED, S_HC, S_ICJ, S_ARB = range(len(STEPS))
CRISIS_STEPS = (S_CHAIR, S_MED)
ADJUDICATION = (S_ICJ, S_ARB)
N_UNIFORMS = 4 + len(STEPS)  # per run, dispute and month: move, calm, settle, ruling, one per rung


class DisputeType(str, Enum):
    territorial = "territorial"
    maritime = "maritime"
    internal = "internal"


DEFAULT_OPEN = [
    LadderStep.bilateral,
    LadderStep.chair_good_offices,
    LadderStep.mediation,
    LadderStep.high_council,
]
INTERNAL_ALLOWED = {LadderStep.bilateral, LadderStep.chair_good_offices}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DisputeSpec(_Strict):
    """One dispute of a scenario (``mechanisms.disputes.disputes[i]``)."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    name_en: str = ""
    name_id: str = ""
    parties: list[str] = Field(min_length=1, max_length=2)
    type: DisputeType = DisputeType.territorial
    stake: Annotated[float, Field(ge=0, le=100)] = 50.0
    intensity: Annotated[int, Field(ge=0, le=MAX_LEVEL)] = 1
    history: Annotated[int, Field(ge=0)] = 0  # militarised incidents before the start
    step: LadderStep = LadderStep.bilateral  # the rung the dispute is on at the start
    open_steps: list[LadderStep] = Field(default_factory=lambda: list(DEFAULT_OPEN))
    consent: list[str] = Field(default_factory=list)  # parties that accept adjudication
    issue: str | None = None  # the agenda issue the dispute is about (its salience drives it)
    parity: Annotated[float, Field(ge=0, le=1)] | None = None  # internal: government vs opponents
    reason: str = ""
    source: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> DisputeSpec:
        opened = set(self.open_steps)
        if self.step not in opened:
            raise ValueError(f"step {self.step.value!r} is not in open_steps")
        if self.type is DisputeType.internal:
            if len(self.parties) != 1:
                raise ValueError("an internal dispute has exactly one party (the member)")
            extra = sorted(s.value for s in opened - INTERNAL_ALLOWED)
            if extra:
                raise ValueError(
                    "non-interference: an internal dispute may only use bilateral (the member's own "
                    f"process) and chair_good_offices; got {', '.join(extra)}"
                )
        else:
            if len(self.parties) != 2 or self.parties[0] == self.parties[1]:
                raise ValueError("a dispute between states has two different parties")
        if LadderStep.arbitration in opened and self.type is not DisputeType.maritime:
            raise ValueError("arbitration (UNCLOS Annex VII) is open only to maritime disputes")
        if not set(self.consent) <= set(self.parties):
            raise ValueError("consent lists an actor that is not a party")
        if LadderStep.icj in opened and set(self.consent) != set(self.parties):
            raise ValueError("the ICJ needs a special agreement: every party must be in 'consent'")
        if LadderStep.arbitration in opened and not self.consent:
            raise ValueError("arbitration needs at least one party in 'consent' to start it")
        return self


# ---- parameters (every default documented in docs/mechanisms/disputes.md) -------------------------

# Escalation, logit scale. Calibrated by hand (assumption) so that a member-member dispute at level 1
# with parity 0.5, salience 0.7 and average member affinity climbs a level about once in four years
# (p_up ~ 2% a month): the region's land and maritime disputes saw clashes in a few years per decade
# (Preah Vihear 2008-2011, Thailand-Cambodia 2025; Scarborough 2012, Second Thomas Shoal 2023-2024).
B0 = -6.0
B_PARITY = 1.5  # parity raises the risk (Organski & Kugler 1980, power transition)
B_SALIENCE = 2.0  # salience/stake: indivisible, salient stakes (Fearon 1995; Hensel 2001)
B_AFFINITY = 10.0  # per unit of UNGA agreement; members differ by ~0.05, CHN-PHL by 0.08 (Gartzke 1998)
B_HISTORY = 1.0  # recurrence: past incidents raise the risk (Hensel 1994), capped at HISTORY_CAP
HISTORY_CAP = 5
# Calming: clashes are short (4-7 Feb 2011, 24-28 Jul 2025), so higher levels calm faster.
C0 = -4.0
C_LEVEL = 0.9
C_AFFINITY = 10.0
C_SALIENCE = 1.0
A_REF = 0.95  # reference affinity: mean UNGA agreement of member pairs 2008-2017 (derived table)

# Monthly settlement chances per rung (before the affinity and stake factor).
SETTLE_BILATERAL = 0.0006  # ~1 bilateral settlement in ~1,700 dispute-months of the reference world
SETTLE_CHAIR = 0.005  # never in the record (0 of ~80 months); below the rule-of-three bound 3/80
SETTLE_MEDIATION = 0.01  # 2025 mediation gave a ceasefire and an accord, not a settlement
SETTLE_HIGH_COUNCIL = 0.02  # never used: assumption (recommendations of a ministerial council)
STAKE_DAMPING = 0.5  # a stake of 100 halves the settlement chance (indivisibility; Fearon 1995)
# Calming added by the crisis rungs (ceasefires): about a third of mediation attempts reach at
# least a ceasefire (Bercovitch & Houston 1996); the chair's good offices half as often (assumption).
CALM_CHAIR = 0.15
CALM_MEDIATION = 0.3
# Entry chances per month once the rung's condition holds.
ENTER_CHAIR = 0.3  # chair acted within weeks: 2011 (clash 4-7 Feb, meeting 22 Feb), MMR 2021 (~3 months)
ENTER_MEDIATION = 0.25  # 2025: fire exchanged 28 May, chair-hosted talks 28 July (~2 months)
ENTER_HIGH_COUNCIL = 0.0001  # never used: ~0.5 expected uses in ~4,800 dispute-months (P(none) ~ 0.6)
ENTER_ICJ = 0.0033  # special agreements after 28 (Sipadan) and 23 (Pedra Branca) years: 1/(25.5*12)
ENTER_ARBITRATION = 0.009  # Annex VII cases after 18 (PHL 2013) and 1 (MYS 2003) years: 1/(9.5*12)
PATIENCE_MONTHS = 24  # months on a rung before third-party rungs are sought (assumption)
ICJ_MONTHS = 54.0  # mean months to judgment: 49 (Sipadan) and 58 (Pedra Branca)
ARBITRATION_MONTHS = 34.0  # 42 (South China Sea 2013-2016) and 26 (Johor Strait 2003-2005)
COMPLY_CONSENTED = 0.9  # the region's ICJ judgments were accepted (1962, 2002, 2008); assumption < 1
COMPLY_UNILATERAL = 0.1  # China rejected the 2016 award (the only case): assumption > 0
# Feedback into the shared state.
AFFINITY_HIT = 0.02  # each escalation lowers the pair's affinity by 2% (assumption)
AFFINITY_SETTLE = 0.1  # a settlement closes a tenth of the gap to full agreement (assumption)
SALIENCE_BUMP = 10.0  # each escalation raises the parties' salience of the linked issue (assumption)
INTERNAL_PARITY = 0.5  # internal conflict with no CINC for the opposition: even balance (assumption)


class DisputeParams(_Strict):
    """Coefficients and chances; the defaults are the named constants above (sources there)."""

    b0: float = B0
    b_parity: Annotated[float, Field(ge=0)] = B_PARITY
    b_salience: Annotated[float, Field(ge=0)] = B_SALIENCE
    b_affinity: Annotated[float, Field(ge=0)] = B_AFFINITY
    b_history: Annotated[float, Field(ge=0)] = B_HISTORY
    c0: float = C0
    c_level: Annotated[float, Field(ge=0)] = C_LEVEL
    c_affinity: Annotated[float, Field(ge=0)] = C_AFFINITY
    c_salience: Annotated[float, Field(ge=0)] = C_SALIENCE
    a_ref: Annotated[float, Field(ge=0, le=1)] = A_REF
    settle: dict[LadderStep, Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=lambda: {
            LadderStep.bilateral: SETTLE_BILATERAL,
            LadderStep.chair_good_offices: SETTLE_CHAIR,
            LadderStep.mediation: SETTLE_MEDIATION,
            LadderStep.high_council: SETTLE_HIGH_COUNCIL,
        }
    )
    enter: dict[LadderStep, Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=lambda: {
            LadderStep.chair_good_offices: ENTER_CHAIR,
            LadderStep.mediation: ENTER_MEDIATION,
            LadderStep.high_council: ENTER_HIGH_COUNCIL,
            LadderStep.icj: ENTER_ICJ,
            LadderStep.arbitration: ENTER_ARBITRATION,
        }
    )
    calm_chair: Annotated[float, Field(ge=0, le=1)] = CALM_CHAIR
    calm_mediation: Annotated[float, Field(ge=0, le=1)] = CALM_MEDIATION
    stake_damping: Annotated[float, Field(ge=0, le=1)] = STAKE_DAMPING
    patience_months: Annotated[int, Field(ge=0)] = PATIENCE_MONTHS
    icj_months: Annotated[float, Field(ge=1)] = ICJ_MONTHS
    arbitration_months: Annotated[float, Field(ge=1)] = ARBITRATION_MONTHS
    comply_consented: Annotated[float, Field(ge=0, le=1)] = COMPLY_CONSENTED
    comply_unilateral: Annotated[float, Field(ge=0, le=1)] = COMPLY_UNILATERAL
    affinity_hit: Annotated[float, Field(ge=0, le=1)] = AFFINITY_HIT
    affinity_settle: Annotated[float, Field(ge=0, le=1)] = AFFINITY_SETTLE
    salience_bump: Annotated[float, Field(ge=0, le=100)] = SALIENCE_BUMP

    def settle_vec(self) -> np.ndarray:
        return np.array([self.settle.get(LadderStep(s), 0.0) for s in STEPS])

    def enter_vec(self) -> np.ndarray:
        return np.array([self.enter.get(LadderStep(s), 0.0) for s in STEPS])


class DisputesConfig(MechanismConfig):
    """``mechanisms.disputes`` of a scenario: the disputes and the parameters."""

    disputes: list[DisputeSpec] = Field(default_factory=list)
    params: DisputeParams = DisputeParams()

    @model_validator(mode="after")
    def _unique(self) -> DisputesConfig:
        ids = [d.id for d in self.disputes]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"dispute ids must be unique; repeated: {', '.join(dup)}")
        return self


# ---- the pure dynamics -------------------------------------------------------------------------


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def escalation_probs(
    level: np.ndarray,
    parity: np.ndarray,
    salience: np.ndarray,
    affinity: np.ndarray,
    history: np.ndarray,
    p: DisputeParams,
) -> tuple[np.ndarray, np.ndarray]:
    """Monthly chances to climb one level and to calm one level (elementwise; salience on 0-1).

    The calming chance returned is the unconditional one, ``(1 - p_up) * p_down``, so the two add up
    to at most 1. ``p_up`` never rises with affinity; the expected move ``p_up - p_calm`` never rises.
    """
    level = np.asarray(level)
    h = np.minimum(np.asarray(history, dtype=float), HISTORY_CAP) / HISTORY_CAP
    up = _sigmoid(
        p.b0
        + p.b_parity * parity
        + p.b_salience * salience
        - p.b_affinity * (affinity - p.a_ref)
        + p.b_history * h
    )
    down = _sigmoid(p.c0 + p.c_level * level + p.c_affinity * (affinity - p.a_ref) - p.c_salience * salience)
    up = np.where(level >= MAX_LEVEL, 0.0, up)
    down = np.where(level <= 0, 0.0, down)
    return up, (1.0 - up) * down


@dataclass(frozen=True)
class Statics:
    """Per-dispute constants, arrays over disputes ``[D]`` (``open_`` is ``[D, S]``)."""

    stake: np.ndarray
    open_: np.ndarray
    internal: np.ndarray
    consent_all: np.ndarray
    consent_any: np.ndarray

    @classmethod
    def of(cls, specs: Sequence[DisputeSpec]) -> Statics:
        open_ = np.array([[LadderStep(s) in d.open_steps for s in STEPS] for d in specs], dtype=bool)
        return cls(
            stake=np.array([d.stake for d in specs], dtype=float),
            open_=open_.reshape(len(specs), len(STEPS)),
            internal=np.array([d.type is DisputeType.internal for d in specs], dtype=bool),
            consent_all=np.array([set(d.consent) == set(d.parties) for d in specs], dtype=bool),
            consent_any=np.array([bool(d.consent) for d in specs], dtype=bool),
        )


@dataclass
class DisputeArrays:
    """State of the disputes: arrays ``[runs, disputes]`` (``entered`` adds the rungs axis)."""

    level: np.ndarray
    history: np.ndarray
    step: np.ndarray  # current rung index
    months_on_step: np.ndarray
    ruling_in: np.ndarray  # months until the ruling at adjudication (0: none pending)
    settled: np.ndarray
    entered: np.ndarray  # [R, D, S] bool: rungs ever used (start rung included)
    first_entry: np.ndarray  # [R, D, S] month of first entry (-1: never)
    month: int = 0

    @classmethod
    def start(cls, specs: Sequence[DisputeSpec], runs: int) -> DisputeArrays:
        D, S = len(specs), len(STEPS)
        step = np.array([STEPS.index(d.step.value) for d in specs], dtype=np.int64)
        entered = np.zeros((runs, D, S), dtype=bool)
        entered[:, np.arange(D), step] = True
        first = np.where(entered, 0, -1)
        return cls(
            level=np.tile(np.array([d.intensity for d in specs], dtype=np.int64), (runs, 1)),
            history=np.tile(np.array([d.history for d in specs], dtype=np.int64), (runs, 1)),
            step=np.tile(step, (runs, 1)),
            months_on_step=np.zeros((runs, D), dtype=np.int64),
            ruling_in=np.zeros((runs, D), dtype=np.int64),
            settled=np.zeros((runs, D), dtype=bool),
            entered=entered,
            first_entry=first,
        )


@dataclass
class Moves:
    """What happened this month, masks ``[runs, disputes]``; ``entered_step`` is -1 or the rung."""

    escalated: np.ndarray
    incident: np.ndarray
    frozen: np.ndarray
    settled: np.ndarray
    entered_step: np.ndarray
    extra: dict[str, np.ndarray] = field(default_factory=dict)


def advance(
    st: DisputeArrays,
    statics: Statics,
    parity: np.ndarray,
    affinity: np.ndarray,
    salience: np.ndarray,
    chair_ok: np.ndarray,
    u: np.ndarray,
    p: DisputeParams,
) -> Moves:
    """One month for all runs and disputes (updates ``st`` in place).

    ``parity`` [D]; ``affinity``, ``salience`` (0-1) [R, D]; ``chair_ok`` [D]: the chair's good
    offices are possible (the parties are members and the chair is not one of them); ``u`` [R, D,
    N_UNIFORMS] uniform draws.
    """
    active = ~st.settled
    level0 = st.level.copy()
    up, calm = escalation_probs(st.level, parity[None], salience, affinity, st.history, p)
    # crisis rungs add their calming chance (ceasefires)
    extra = np.where(st.step == S_CHAIR, p.calm_chair, 0.0) + np.where(
        st.step == S_MED, p.calm_mediation, 0.0
    )
    calm = np.where(st.level > 0, calm + (1.0 - up - calm) * extra, 0.0)
    go_up = active & (u[..., 0] < up)
    go_down = active & ~go_up & (u[..., 0] < up + calm)
    st.level = st.level + go_up - go_down
    incident = active & (st.level >= MILITARISED)
    st.history = st.history + incident
    frozen = go_down & (st.level == 0)
    # settlement at the current rung
    factor = np.clip(affinity / p.a_ref, 0.0, 1.0) * (1.0 - p.stake_damping * statics.stake[None] / 100.0)
    q = p.settle_vec()[st.step] * factor
    settle = active & (u[..., 2] < q)
    # adjudication: a ruling when the clock runs out
    at_court = np.isin(st.step, ADJUDICATION) & active
    st.ruling_in = np.where(at_court, st.ruling_in - 1, st.ruling_in)
    ruling = at_court & (st.ruling_in <= 0)
    comply = np.where(statics.consent_all[None], p.comply_consented, p.comply_unilateral)
    settle |= ruling & (u[..., 3] < comply)
    back = ruling & ~settle  # award not complied with: back to bilateral handling
    st.settled |= settle
    # climbing the ladder
    S = len(STEPS)
    idx = np.arange(S)
    waited = st.months_on_step >= p.patience_months
    cond = np.zeros(st.level.shape + (S,), dtype=bool)
    cond[..., S_CHAIR] = (st.level >= CRISIS) & chair_ok[None]
    cond[..., S_MED] = (st.level >= MILITARISED) & ~statics.internal[None]
    cond[..., S_HC] = waited & ~statics.internal[None]
    cond[..., S_ICJ] = waited & statics.consent_all[None]
    cond[..., S_ARB] = waited & statics.consent_any[None]
    cond[..., list(ADJUDICATION)] &= ~st.entered[..., list(ADJUDICATION)]  # one case per court
    can = (
        cond
        & statics.open_[None]
        & (idx[None, None] > st.step[..., None])
        & (active & ~settle & ~at_court)[..., None]
    )
    hit = can & (u[..., 4:] < p.enter_vec()[None, None])
    entered_step = np.where(hit.any(axis=-1), np.argmax(hit, axis=-1), -1)
    new = entered_step >= 0
    # a crisis that has calmed returns to bilateral handling; a rejected award too
    calmed = np.isin(st.step, CRISIS_STEPS) & (st.level <= 1) & active & ~new
    st.step = np.where(new, entered_step, np.where(calmed | back, S_BIL, st.step))
    st.months_on_step = np.where(new | calmed | back, 0, st.months_on_step + 1)
    dur = np.where(entered_step == S_ICJ, p.icj_months, p.arbitration_months)
    # duration: geometric with the mean duration, drawn from the same uniform as the entry
    hazard = np.minimum(1.0 / dur, 1.0 - 1e-12)  # a mean of one month: the ruling comes next month
    months = 1 + np.floor(np.log1p(-np.minimum(u[..., 1], 1.0 - 1e-12)) / np.log1p(-hazard)).astype(np.int64)
    st.ruling_in = np.where(new & np.isin(entered_step, ADJUDICATION), months, st.ruling_in)
    r, d = np.nonzero(new)
    first_time = ~st.entered[r, d, entered_step[r, d]]
    st.first_entry[r[first_time], d[first_time], entered_step[r, d][first_time]] = st.month
    st.entered[r, d, entered_step[r, d]] = True
    st.month += 1
    return Moves(
        escalated=go_up,
        incident=incident,
        frozen=frozen & ~settle,
        settled=settle,
        entered_step=entered_step,
        extra={"level_before": level0},
    )


def path_of(st: DisputeArrays) -> list[list[tuple[str, ...]]]:
    """The rungs each run used, in the order of first use (ties in ladder order), per dispute."""
    R, D, _ = st.entered.shape
    out = []
    for r in range(R):
        row = []
        for d in range(D):
            used = np.flatnonzero(st.entered[r, d])
            order = sorted(used, key=lambda s: (st.first_entry[r, d, s], s))
            row.append(tuple(STEPS[s] for s in order))
        out.append(row)
    return out


def outcome_of(st: DisputeArrays) -> np.ndarray:
    """``settled``, ``escalated`` (unsettled at a militarised level) or ``frozen``, per [run, dispute]."""
    return np.where(st.settled, "settled", np.where(st.level >= MILITARISED, "escalated", "frozen")).astype(
        object
    )


# ---- stand-alone replay of one dispute ---------------------------------------------------------


@dataclass
class Replay:
    """Result of replaying one dispute's starting configuration over ``months`` for many runs."""

    paths: list[tuple[str, ...]]
    outcomes: np.ndarray  # [R] str
    incidents: np.ndarray  # [R] militarised months
    max_level: np.ndarray  # [R]
    state: DisputeArrays

    def share(self, predicate) -> float:
        return float(np.mean([bool(predicate(p, o)) for p, o in zip(self.paths, self.outcomes, strict=True)]))


def replay(
    spec: DisputeSpec,
    *,
    months: int,
    runs: int,
    seed: int,
    affinity: float,
    capability: Sequence[float] | None = None,
    salience: float | None = None,
    chair_ok: bool = True,
    params: DisputeParams | None = None,
) -> Replay:
    """Run one dispute alone (fixed affinity and salience) with the mechanism's dynamics.

    Randomness: run ``r`` draws from ``SeedSequence(seed, spawn_key=(r, Disputes.stream))``.
    """
    p = params or DisputeParams()
    gens = [
        np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(r, Disputes.stream)))
        for r in range(runs)
    ]
    statics = Statics.of([spec])
    st = DisputeArrays.start([spec], runs)
    par = np.array([_parity(spec, capability)])
    aff = np.full((runs, 1), affinity)
    sal = np.full((runs, 1), (spec.stake if salience is None else salience) / 100.0)
    incidents = np.zeros(runs, dtype=np.int64)
    top = st.level[:, 0].copy()
    for _ in range(months):
        u = np.stack([g.random((1, N_UNIFORMS)) for g in gens])
        mv = advance(st, statics, par, aff, sal, np.array([chair_ok]), u, p)
        incidents += mv.incident[:, 0]
        top = np.maximum(top, st.level[:, 0])
    paths = [row[0] for row in path_of(st)]
    return Replay(paths=paths, outcomes=outcome_of(st)[:, 0], incidents=incidents, max_level=top, state=st)


def _parity(spec: DisputeSpec, capability: Sequence[float] | None) -> float:
    """Balance of capabilities, ``min / max`` of the parties' CINC (1 = parity); internal: the spec's."""
    if spec.type is DisputeType.internal or capability is None or len(capability) < 2:
        return spec.parity if spec.parity is not None else INTERNAL_PARITY
    lo, hi = min(capability), max(capability)
    return float(lo / hi) if hi > 0 else 1.0


# ---- the mechanism -----------------------------------------------------------------------------


class Disputes(Mechanism):
    """Disputes escalate or calm each month and move along the settlement ladder."""

    name: ClassVar[str] = "disputes"
    stream: ClassVar[int] = 2
    Config = DisputesConfig
    indicators: ClassVar[dict[str, str]] = {
        "disputes_escalated": N_("Dispute escalations so far"),
        "militarised_incidents": N_("Militarised incidents so far (dispute-months)"),
        "disputes_settled": N_("Disputes settled so far"),
        "dispute_intensity": N_("Mean intensity of unsettled disputes (0-4)"),
    }

    def __init__(self, config: DisputesConfig, inputs: Inputs) -> None:
        super().__init__(config, inputs)
        codes, specs = inputs.codes, config.disputes
        self.specs = specs
        self.party_idx: list[list[int]] = []
        self.issue_idx: list[int] = []
        for i, d in enumerate(specs):
            here = f"mechanisms.disputes.disputes[{i}]"
            for c in [*d.parties, *d.consent]:
                if c not in codes or not inputs.is_state[codes.index(c)]:
                    raise InputError(
                        f"{c!r} is not a state among the scenario's actors", field=f"{here}.parties"
                    )
            if d.issue is not None and d.issue not in inputs.issue_ids:
                raise InputError(
                    f"unknown issue {d.issue!r}; expected one of {inputs.issue_ids}", field=f"{here}.issue"
                )
            if d.type is DisputeType.internal and not inputs.is_member[codes.index(d.parties[0])]:
                raise InputError(
                    "an internal dispute's party must be an ASEAN member", field=f"{here}.parties"
                )
            self.party_idx.append([codes.index(c) for c in d.parties])
            self.issue_idx.append(-1 if d.issue is None else inputs.issue_ids.index(d.issue))
        self.statics = Statics.of(specs)
        self.parity = np.array(
            [
                _parity(d, [float(inputs.capability[k]) for k in ix])
                for d, ix in zip(specs, self.party_idx, strict=True)
            ]
        )
        self.members_only = np.array(
            [all(inputs.is_member[k] for k in ix) for ix in self.party_idx], dtype=bool
        )
        self.chairs = {m.date.year: m.chair for m in inputs.meetings}
        self.labels = np.array([",".join(d.parties) for d in specs], dtype=object)
        self.ids = np.array([d.id for d in specs], dtype=object)
        self.escalations: np.ndarray | None = None

    def setup(self, ctx: Context) -> None:
        R = len(ctx.draws)
        self.state = DisputeArrays.start(self.specs, R)
        self.escalations = np.zeros(R)
        self.incidents = np.zeros(R)

    def _chair(self, year: int) -> str | None:
        if year not in self.chairs:
            from aseanway.world import chair

            try:
                self.chairs[year] = chair(year).chair
            except (InputError, ValueError):
                self.chairs[year] = None  # type: ignore[assignment]
        return self.chairs[year]

    def _pair_affinity(self, ctx: Context) -> np.ndarray:
        aff = ctx.state.affinity
        out = np.empty((aff.shape[0], len(self.specs)))
        members = np.flatnonzero(self.inputs.is_member)
        for d, ix in enumerate(self.party_idx):
            if len(ix) == 2:
                out[:, d] = aff[:, ix[0], ix[1]]
            else:  # internal: the member's standing in the group, mean affinity to the other members
                others = members[members != ix[0]]
                out[:, d] = aff[:, ix[0], others].mean(axis=1) if others.size else self.config.params.a_ref
        return out

    def _salience(self, ctx: Context) -> np.ndarray:
        R = len(ctx.draws)
        out = np.empty((R, len(self.specs)))
        for d, (ix, j) in enumerate(zip(self.party_idx, self.issue_idx, strict=True)):
            if j < 0:
                out[:, d] = self.specs[d].stake
                continue
            have = self.inputs.stance[ix, j]
            vals = np.where(have[None], ctx.state.salience[:, ix, j], self.specs[d].stake)
            out[:, d] = vals.mean(axis=1)
        return out / 100.0

    def on_period(self, ctx: Context, day: date) -> None:
        if not self.specs:
            return
        p = self.config.params
        chair = self._chair(day.year)
        chair_ok = self.members_only & np.array([chair not in d.parties for d in self.specs])
        u = np.stack([g.random((len(self.specs), N_UNIFORMS)) for g in ctx.rng(self.stream)])
        mv = advance(
            self.state,
            self.statics,
            self.parity,
            self._pair_affinity(ctx),
            self._salience(ctx),
            chair_ok,
            u,
            p,
        )
        self._feedback(ctx, mv)
        self._record(ctx, day, mv)
        st = self.state
        self.escalations += mv.escalated.sum(axis=1)
        self.incidents += mv.incident.sum(axis=1)
        open_ = ~st.settled
        mean_level = np.divide(
            np.where(open_, st.level, 0).sum(axis=1),
            open_.sum(axis=1),
            out=np.zeros(len(ctx.draws)),
            where=open_.sum(axis=1) > 0,
        )
        ctx.indicator(day, "disputes_escalated", self.escalations.copy())
        ctx.indicator(day, "militarised_incidents", self.incidents.copy())
        ctx.indicator(day, "disputes_settled", st.settled.sum(axis=1).astype(float))
        ctx.indicator(day, "dispute_intensity", mean_level)

    def _feedback(self, ctx: Context, mv: Moves) -> None:
        """Escalation strains the pair's relation and raises the stakes at home; settlement mends."""
        p, aff, sal = self.config.params, ctx.state.affinity, ctx.state.salience
        for d, (ix, j) in enumerate(zip(self.party_idx, self.issue_idx, strict=True)):
            up, done = mv.escalated[:, d], mv.settled[:, d]
            if len(ix) == 2:
                a, b = ix
                new = aff[:, a, b] * np.where(up, 1.0 - p.affinity_hit, 1.0)
                new = np.where(done, new + p.affinity_settle * (1.0 - new), new)
                aff[:, a, b] = aff[:, b, a] = new
            if j >= 0:
                have = self.inputs.stance[ix, j]
                bump = np.where(up[:, None] & have[None], p.salience_bump, 0.0)
                sal[:, ix, j] = np.minimum(100.0, sal[:, ix, j] + bump)

    def _record(self, ctx: Context, day: date, mv: Moves) -> None:
        lvl = self.state.level
        kinds = (("dispute_escalated", mv.escalated), ("militarised_incident", mv.incident))
        for kind, mask in kinds:
            rr, dd = np.nonzero(mask)
            ctx.record(
                rr, day, kind, issue=self.ids[dd], outcome=lvl[rr, dd].astype(float), actors=self.labels[dd]
            )
        for s, step in enumerate(STEPS):
            rr, dd = np.nonzero(mv.entered_step == s)
            ctx.record(
                rr,
                day,
                "ladder_step",
                detail=step,
                issue=self.ids[dd],
                outcome=lvl[rr, dd].astype(float),
                actors=self.labels[dd],
            )
        for s, step in enumerate(STEPS):  # settled at the rung it was on
            rr, dd = np.nonzero(mv.settled & (self.state.step == s))
            ctx.record(
                rr,
                day,
                "settled",
                detail=step,
                issue=self.ids[dd],
                outcome=lvl[rr, dd].astype(float),
                consensus=True,
                actors=self.labels[dd],
            )
        rr, dd = np.nonzero(mv.frozen)
        ctx.record(
            rr, day, "frozen", issue=self.ids[dd], outcome=lvl[rr, dd].astype(float), actors=self.labels[dd]
        )

    def finish(self, ctx: Context) -> None:
        self.final_paths = path_of(self.state)
        self.final_outcomes = outcome_of(self.state)
