"""The engine: meetings in calendar order, agenda items decided by consultation, for N runs at once.

State lives in NumPy arrays with a leading runs axis (``position[r, a, i]``, ``salience[r, a, i]``,
``affinity[r, a, b]``, ``adopted[r, i]``); every step below is one array operation over all runs. Each
run draws its noise from its own generator, a child of the master ``SeedSequence`` (``spawn_key=(r,)``),
so run ``r`` of a batch equals run ``r`` simulated alone, and chunks of runs can go to different
processes with identical results. The steps of one meeting (docs/simulation.md gives the equations):

1. channels: organisations and non-state actors act on members (``channels.apply_channels``);
2. shocks: each run's salience moves by ``N(0, meeting_salience_sd)`` (domestic events);
3. agenda: the chair of the year ranks the open issues of this forum by its own salience and puts the
   first ``max_agenda_items`` on the agenda;
4. decision: the consultation model (``negotiation.consultation.consult``) decides every item, the
   chair's capability weighted by ``chair_weight``;
5. records: an adopted item becomes the issue's text (communique, declaration or treaty text), a failed
   one a chair's statement; positions keep the moves made in consultation; affinity moves towards the
   agreement of the final positions: ``a_jk <- (1 - eta) a_jk + eta (1 - |x_j - x_k| / 100)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from aseanway import __version__
from aseanway.mechanisms import build_mechanisms
from aseanway.negotiation.consultation import FALLBACK_MINUS_X, FALLBACK_NAMES, ConsultationParams, consult
from aseanway.simulation.calendar import Meeting
from aseanway.simulation.channels import apply_channels
from aseanway.simulation.setup import Inputs

KIND_CHAIRS_STATEMENT = "chairs_statement"


def run_generators(seed: int, run_ids: Sequence[int]) -> list[np.random.Generator]:
    """One generator per run: the ``r``-th child of ``SeedSequence(seed)``, whatever the batch."""
    return [np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=(int(r),))) for r in run_ids]


def _draw(gens: list[np.random.Generator], shape: tuple[int, ...]) -> np.ndarray:
    return np.stack([g.standard_normal(shape) for g in gens]) if gens else np.zeros((0, *shape))


@dataclass
class SimulationResult:
    """What one batch of runs produced: events and indicators as columns, plus final state."""

    scenario_name: str
    scenario_hash: str
    seed: int
    run_ids: np.ndarray
    version: str
    events: dict[str, np.ndarray]
    indicators: dict[str, np.ndarray]
    issue_ids: list[str]
    actor_codes: list[str]
    adopted: np.ndarray  # [R, I]
    outcome: np.ndarray  # [R, I] adopted outcome on the issue's own scale (NaN if not adopted)
    final_position: np.ndarray  # [R, A, I] on the issues' own scales
    final_affinity: np.ndarray  # [R, A, A]
    meta: dict[str, object] = field(default_factory=dict)


class _Log:
    """Column buffers for events and indicators (appended per meeting as arrays)."""

    def __init__(self) -> None:
        self.events: dict[str, list[np.ndarray]] = {
            k: []
            for k in (
                "draw",
                "seq",
                "date",
                "forum",
                "kind",
                "issue",
                "outcome",
                "consensus",
                "rounds",
                "actors",
                "detail",
            )
        }
        self.indicators: dict[str, list[np.ndarray]] = {k: [] for k in ("draw", "date", "name", "value")}

    def event(self, **cols: np.ndarray) -> None:
        n = len(cols["draw"])
        for k, buf in self.events.items():
            v = cols[k]
            buf.append(np.asarray(v) if np.ndim(v) else np.full(n, v, dtype=object))

    def indicator(self, draws: np.ndarray, day: object, name: str, values: np.ndarray) -> None:
        n = len(draws)
        self.indicators["draw"].append(draws)
        self.indicators["date"].append(np.full(n, day, dtype=object))
        self.indicators["name"].append(np.full(n, name, dtype=object))
        self.indicators["value"].append(np.asarray(values, dtype=float))

    @staticmethod
    def _cat(parts: list[np.ndarray]) -> np.ndarray:
        return np.concatenate(parts) if parts else np.array([])

    def columns(self) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        ev = {k: self._cat(v) for k, v in self.events.items()}
        order = np.lexsort((ev["seq"], ev["draw"])) if len(ev["draw"]) else np.array([], dtype=int)
        ev = {k: v[order] for k, v in ev.items()}
        ind = {k: self._cat(v) for k, v in self.indicators.items()}
        order = np.argsort(ind["draw"], kind="stable") if len(ind["draw"]) else np.array([], dtype=int)
        ind = {k: v[order] for k, v in ind.items()}
        return ev, ind


def _mask_strings(mask: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Rows of a boolean [n, A] mask as comma-joined actor codes (computed once per distinct row)."""
    if mask.shape[0] == 0:
        return np.array([], dtype=object)
    uniq, inverse = np.unique(mask, axis=0, return_inverse=True)
    labels = np.array([",".join(codes[row]) for row in uniq], dtype=object)
    return labels[inverse.reshape(-1)]


def _cohesion(affinity: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Mean pairwise affinity among members, per run."""
    sub = affinity[:, members][:, :, members]
    k = sub.shape[1]
    return (sub.sum(axis=(1, 2)) - np.trace(sub, axis1=1, axis2=2)) / max(k * (k - 1), 1)


@dataclass
class SimState:
    """The mutable state of a batch of runs (all arrays have the runs axis first)."""

    position: np.ndarray  # [R, A, I] on 0-100, NaN without a stance
    salience: np.ndarray  # [R, A, I]
    affinity: np.ndarray  # [R, A, A]
    adopted: np.ndarray  # [R, I] bool
    outcome: np.ndarray  # [R, I] adopted outcome on 0-100 (NaN while not adopted)
    seq: np.ndarray  # [R] next event number of each run


@dataclass
class Context:
    """What a mechanism sees: inputs, state, its own random streams, and the event/indicator log."""

    inputs: Inputs
    state: SimState
    draws: np.ndarray  # [R] run indices
    seed: int
    log: _Log
    mechanisms: dict[str, object] = field(default_factory=dict)  # the enabled ones, by name
    _streams: dict[int, list[np.random.Generator]] = field(default_factory=dict)

    def rng(self, stream: int) -> list[np.random.Generator]:
        """Per-run generators of one mechanism: ``SeedSequence(seed, spawn_key=(run, stream))``."""
        if stream not in self._streams:
            self._streams[stream] = [
                np.random.default_rng(np.random.SeedSequence(entropy=self.seed, spawn_key=(int(r), stream)))
                for r in self.draws
            ]
        return self._streams[stream]

    def record(
        self,
        runs: np.ndarray,
        date: object,
        kind: str | np.ndarray,
        *,
        forum: str = "",
        issue: str | np.ndarray = "",
        outcome: float | np.ndarray = np.nan,
        consensus: bool | np.ndarray = False,
        rounds: int | np.ndarray = 0,
        actors: str | np.ndarray = "",
        detail: str | np.ndarray = "",
    ) -> None:
        """Record one event for each run index in ``runs`` (positions in the batch, ascending)."""
        runs = np.asarray(runs, dtype=np.int64)
        n = runs.size
        if n == 0:
            return

        def col(v: object, dtype: object = object) -> np.ndarray:
            return np.asarray(v, dtype=dtype) if np.ndim(v) else np.full(n, v, dtype=dtype)

        first = np.r_[True, runs[1:] != runs[:-1]]
        start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
        self.log.event(
            draw=self.draws[runs],
            seq=self.state.seq[runs] + (np.arange(n) - start),
            date=date,
            forum=forum,
            kind=col(kind),
            issue=col(issue),
            outcome=col(outcome, float),
            consensus=col(consensus, bool),
            rounds=col(rounds, np.int64),
            actors=col(actors),
            detail=col(detail),
        )
        self.state.seq += np.bincount(runs, minlength=self.state.seq.size)

    def indicator(self, date: object, name: str, values: np.ndarray) -> None:
        self.log.indicator(self.draws, date, name, values)


def _initial_state(inputs: Inputs, gens: list[np.random.Generator]) -> SimState:
    """The scenario's stances, perturbed per run (documented measurement noise)."""
    noise = inputs.scenario.parameters.noise
    R, (A, n_issues) = len(gens), inputs.position.shape
    base_pos = np.where(inputs.stance, inputs.position, 0.0)
    position = base_pos[None] + noise.position_sd * _draw(gens, (A, n_issues))
    salience = inputs.salience[None] + noise.salience_sd * _draw(gens, (A, n_issues))
    np.clip(position, 0.0, 100.0, out=position)
    np.clip(salience, 0.0, 100.0, out=salience)
    return SimState(
        position=np.where(inputs.stance[None], position, np.nan),
        salience=np.where(inputs.stance[None], salience, 0.0),
        affinity=np.repeat(inputs.affinity[None], R, axis=0),
        adopted=np.zeros((R, n_issues), dtype=bool),
        outcome=np.full((R, n_issues), np.nan),
        seq=np.zeros(R, dtype=np.int64),
    )


def month_starts(start: date, end: date) -> list[date]:
    """First day of every month that starts within [start, end] (the mechanisms' periods)."""
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        d = date(y, m, 1)
        if start <= d <= end:
            out.append(d)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def timeline(inputs: Inputs) -> list[tuple[date, int, Meeting | None]]:
    """Periods (first of each month) and meetings in one fixed order: by date, periods first."""
    sc = inputs.scenario
    items: list[tuple[date, int, Meeting | None]] = [(d, 0, None) for d in month_starts(sc.start, sc.end)]
    items += [(m.date, 1, m) for m in inputs.meetings]
    return sorted(items, key=lambda t: (t[0], t[1], (t[2].order, t[2].forum) if t[2] else (0, "")))


def hold_meeting(ctx: Context, meeting: Meeting, cparams: ConsultationParams, gens) -> np.ndarray:
    """Steps 1-5 of the module docstring for one meeting; returns the newly adopted mask [R, I]."""
    inputs, st = ctx.inputs, ctx.state
    prm = inputs.scenario.parameters
    R, (A, n_issues) = len(ctx.draws), inputs.position.shape
    newly = np.zeros((R, n_issues), dtype=bool)
    f = inputs.forum_ids.index(meeting.forum)
    on_forum = inputs.issue_forum[:, f]  # [I]
    # 1. channels of non-voting actors
    shift = apply_channels(
        st.position,
        st.salience,
        on_forum,
        inputs.influencers,
        inputs.stance,
        prm.channel_max_shift,
        prm.channel_salience_step,
    )
    # 2. salience shocks of the meeting
    shock = prm.noise.meeting_salience_sd * _draw(gens, (A, n_issues))
    st.salience = np.where(inputs.stance[None], np.clip(st.salience + shock, 0.0, 100.0), 0.0)
    # 3. the chair's agenda
    items = np.flatnonzero(on_forum)
    part = inputs.participants[f][:, None] & inputs.stance[:, items] & inputs.is_state[:, None]  # [A, K]
    decidable = part.sum(axis=0) >= 2
    items, part = items[decidable], part[:, decidable]
    ctx.indicator(meeting.date, "nonstate_shift", shift)
    if items.size == 0:
        return newly
    chair = inputs.codes.index(meeting.chair) if meeting.chair in inputs.codes else -1
    sal_k = st.salience[:, :, items]  # [R, A, K]
    if chair >= 0 and inputs.stance[chair, items].all():
        priority = sal_k[:, chair, :]
    else:
        priority = np.where(part[None], sal_k, 0.0).sum(axis=1) / part.sum(axis=0)[None]
    open_ = ~st.adopted[:, items]
    priority = np.where(open_, priority, -np.inf)
    rank = np.argsort(np.argsort(-priority, axis=1, kind="stable"), axis=1, kind="stable")
    on_agenda = open_ & (rank < prm.max_agenda_items)  # [R, K]
    if not on_agenda.any():
        return newly
    # 4. consultation on every item for every run (items off the agenda are ignored)
    cap = np.where(np.arange(A) == chair, prm.chair_weight, 1.0) * inputs.capability
    pos_k = np.moveaxis(st.position[:, :, items], 1, 2)  # [R, K, A]
    res = consult(
        np.nan_to_num(pos_k, nan=0.0),
        np.moveaxis(sal_k, 1, 2),
        np.broadcast_to(cap, pos_k.shape),
        mask=np.broadcast_to(part.T[None], pos_k.shape),
        status_quo=np.broadcast_to(inputs.status_quo[items], pos_k.shape[:2]),
        params=cparams,
        allow_minus_x=np.broadcast_to(inputs.minus_x[items], pos_k.shape[:2]),
    )
    consensus = np.asarray(res.consensus) & on_agenda
    fallback = np.asarray(res.fallback)
    # ASEAN-minus-X (Charter art. 21(2)): where the issue allows it and few stand aside, the others adopt
    minus_x = (fallback == FALLBACK_MINUS_X) & on_agenda
    adopt = consensus | minus_x
    blockers = np.asarray(res.blockers)
    # 5. records and updates
    rr, kk = np.nonzero(on_agenda)
    k_issue = items[kk]
    lo, hi = inputs.lo[k_issue], inputs.hi[k_issue]
    ctx.record(
        rr,
        meeting.date,
        np.where(adopt[rr, kk], inputs.adopt_as[k_issue], KIND_CHAIRS_STATEMENT).astype(object),
        forum=meeting.forum,
        issue=np.asarray(inputs.issue_ids, dtype=object)[k_issue],
        outcome=lo + np.asarray(res.outcome)[rr, kk] / 100.0 * (hi - lo),
        consensus=consensus[rr, kk],
        rounds=np.asarray(res.rounds)[rr, kk].astype(np.int64),
        actors=_mask_strings(blockers[rr, kk], np.asarray(inputs.codes, dtype=object)),
        detail=np.asarray(FALLBACK_NAMES, dtype=object)[fallback[rr, kk]],
    )
    newly[:, items] = adopt
    st.outcome = np.where(newly, 0.0, st.outcome)
    st.outcome[:, items] = np.where(adopt, np.asarray(res.outcome), st.outcome[:, items])
    st.adopted |= newly
    final = np.moveaxis(np.asarray(res.final_positions), 2, 1)  # [R, A, K]
    upd = on_agenda[:, None, :] & part[None]
    # adopted: the participants hold the agreed positions (under minus-X, those who stood aside do not);
    # failed: concessions are withdrawn, but for the share ``concession_persistence``
    before = st.position[:, :, items]
    kept = before + prm.concession_persistence * (final - before)
    holds = consensus[:, None, :] | (minus_x[:, None, :] & ~np.moveaxis(blockers, 2, 1))
    moved = np.where(holds, final, kept)
    st.position[:, :, items] = np.where(upd, moved, before)
    # affinity: towards agreement of final positions on this meeting's agenda
    agree = np.zeros_like(st.affinity)
    n_both = np.zeros(st.affinity.shape, dtype=np.int64)
    for k in range(items.size):  # a few agenda items; memory stays [R, A, A]
        both = upd[:, :, None, k] & upd[:, None, :, k]
        dist = np.abs(final[:, :, None, k] - final[:, None, :, k])
        agree += np.where(both, 1.0 - dist / 100.0, 0.0)
        n_both += both
    target = np.divide(agree, n_both, out=np.zeros_like(agree), where=n_both > 0)
    eta = prm.affinity_rate * (n_both > 0)
    st.affinity = (1.0 - eta) * st.affinity + eta * target
    n_agenda = on_agenda.sum(axis=1)
    ctx.indicator(meeting.date, "consensus_rate", consensus.sum(axis=1) / np.maximum(n_agenda, 1))
    return newly


def simulate(
    inputs: Inputs,
    *,
    runs: int | None = None,
    seed: int | None = None,
    run_ids: Sequence[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SimulationResult:
    """Simulate runs ``run_ids`` (default ``range(runs)``) of a prepared scenario; see module docstring."""
    sc = inputs.scenario
    seed = sc.seed if seed is None else int(seed)
    if run_ids is None:
        run_ids = range(sc.runs if runs is None else int(runs))
    draws = np.asarray(list(run_ids), dtype=np.int64)
    gens = run_generators(seed, draws)
    cparams = ConsultationParams(**sc.parameters.consultation.overrides())
    log = _Log()
    ctx = Context(inputs=inputs, state=_initial_state(inputs, gens), draws=draws, seed=seed, log=log)
    mechanisms = build_mechanisms(inputs)
    ctx.mechanisms.update({mech.name: mech for mech in mechanisms})
    for mech in mechanisms:
        mech.setup(ctx)
    steps = timeline(inputs)
    members = inputs.is_member
    for n_step, (day, _kind, meeting) in enumerate(steps, 1):
        if meeting is None:
            for mech in mechanisms:
                mech.on_period(ctx, day)
        else:
            newly = hold_meeting(ctx, meeting, cparams, gens)
            for mech in mechanisms:
                mech.on_meeting(ctx, meeting, newly)
            st = ctx.state
            ctx.indicator(day, "items_adopted_total", st.adopted.sum(axis=1).astype(float))
            ctx.indicator(day, "asean_cohesion", _cohesion(st.affinity, members))
            spread = np.nanstd(
                np.where(members[None, :, None] & inputs.stance[None], st.position, np.nan), axis=1
            )
            ctx.indicator(day, "position_spread", np.nanmean(spread, axis=1))
        if progress is not None:
            progress(n_step, len(steps))
    for mech in mechanisms:
        mech.finish(ctx)
    st = ctx.state
    position, affinity, adopted, outcome = st.position, st.affinity, st.adopted, st.outcome
    events, indicators = log.columns()
    scale = inputs.hi - inputs.lo
    return SimulationResult(
        scenario_name=sc.name,
        scenario_hash=sc.digest(),
        seed=seed,
        run_ids=draws,
        version=__version__,
        events=events,
        indicators=indicators,
        issue_ids=list(inputs.issue_ids),
        actor_codes=list(inputs.codes),
        adopted=adopted,
        outcome=np.where(adopted, inputs.lo + outcome / 100.0 * scale, np.nan),
        final_position=inputs.lo + position / 100.0 * scale,
        final_affinity=affinity,
    )
