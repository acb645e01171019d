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

import numpy as np

from aseanway import __version__
from aseanway.negotiation.consultation import ConsultationParams, consult
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
            )
        }
        self.indicators: dict[str, list[np.ndarray]] = {k: [] for k in ("draw", "date", "name", "value")}

    def event(self, **cols: np.ndarray) -> None:
        n = len(cols["draw"])
        for k, buf in self.events.items():
            v = cols[k]
            buf.append(np.asarray(v) if np.ndim(v) else np.full(n, v, dtype=object))

    def indicator(self, draws: np.ndarray, date: object, name: str, values: np.ndarray) -> None:
        n = len(draws)
        self.indicators["draw"].append(draws)
        self.indicators["date"].append(np.full(n, date, dtype=object))
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
    R, (A, n_issues) = len(draws), inputs.position.shape
    prm = sc.parameters
    noise = prm.noise
    codes = np.asarray(inputs.codes, dtype=object)
    cparams = ConsultationParams(**prm.consultation)

    # initial state: the scenario's stances, perturbed per run (documented measurement noise)
    base_pos = np.where(inputs.stance, inputs.position, 0.0)
    position = base_pos[None] + noise.position_sd * _draw(gens, (A, n_issues))
    salience = inputs.salience[None] + noise.salience_sd * _draw(gens, (A, n_issues))
    np.clip(position, 0.0, 100.0, out=position)
    np.clip(salience, 0.0, 100.0, out=salience)
    position = np.where(inputs.stance[None], position, np.nan)
    salience = np.where(inputs.stance[None], salience, 0.0)
    affinity = np.repeat(inputs.affinity[None], R, axis=0)
    adopted = np.zeros((R, n_issues), dtype=bool)
    outcome = np.full((R, n_issues), np.nan)
    seq = np.zeros(R, dtype=np.int64)
    log = _Log()
    voters = inputs.is_state
    members = inputs.is_member

    for m_index, meeting in enumerate(inputs.meetings):
        f = inputs.forum_ids.index(meeting.forum)
        on_forum = inputs.issue_forum[:, f]  # [I]
        # 1. channels of non-voting actors
        shift = apply_channels(
            position,
            salience,
            on_forum,
            inputs.influencers,
            inputs.stance,
            prm.channel_max_shift,
            prm.channel_salience_step,
        )
        # 2. salience shocks of the meeting
        shock = noise.meeting_salience_sd * _draw(gens, (A, n_issues))
        salience = np.where(inputs.stance[None], np.clip(salience + shock, 0.0, 100.0), 0.0)
        # 3. the chair's agenda
        items = np.flatnonzero(on_forum)
        part = inputs.participants[f][:, None] & inputs.stance[:, items] & voters[:, None]  # [A, K]
        decidable = part.sum(axis=0) >= 2
        items, part = items[decidable], part[:, decidable]
        if progress is not None:
            progress(m_index + 1, len(inputs.meetings))
        if items.size == 0:
            continue
        chair = inputs.codes.index(meeting.chair) if meeting.chair in inputs.codes else -1
        sal_k = salience[:, :, items]  # [R, A, K]
        if chair >= 0 and inputs.stance[chair, items].all():
            priority = sal_k[:, chair, :]
        else:
            priority = np.where(part[None], sal_k, 0.0).sum(axis=1) / part.sum(axis=0)[None]
        open_ = ~adopted[:, items]
        priority = np.where(open_, priority, -np.inf)
        rank = np.argsort(np.argsort(-priority, axis=1, kind="stable"), axis=1, kind="stable")
        on_agenda = open_ & (rank < prm.max_agenda_items)  # [R, K]
        if not on_agenda.any():
            continue
        # 4. consultation on every item for every run (items off the agenda are ignored)
        cap = np.where(np.arange(A) == chair, prm.chair_weight, 1.0) * inputs.capability
        pos_k = np.moveaxis(position[:, :, items], 1, 2)  # [R, K, A]
        sal_kk = np.moveaxis(sal_k, 1, 2)
        mask_k = np.broadcast_to(part.T[None], pos_k.shape)
        res = consult(
            np.nan_to_num(pos_k, nan=0.0),
            sal_kk,
            np.broadcast_to(cap, pos_k.shape),
            mask=mask_k,
            status_quo=np.broadcast_to(inputs.status_quo[items], pos_k.shape[:2]),
            params=cparams,
            allow_minus_x=np.broadcast_to(inputs.minus_x[items], pos_k.shape[:2]),
        )
        consensus = np.asarray(res.consensus) & on_agenda
        # 5. records and updates
        rr, kk = np.nonzero(on_agenda)
        k_issue = items[kk]
        kinds = np.where(consensus[rr, kk], inputs.adopt_as[k_issue], KIND_CHAIRS_STATEMENT)
        lo, hi = inputs.lo[k_issue], inputs.hi[k_issue]
        out_norm = np.asarray(res.outcome)[rr, kk]
        blockers = np.asarray(res.blockers)[rr, kk]  # [n, A]
        log.event(
            draw=draws[rr],
            seq=seq[rr] + (np.cumsum(on_agenda, axis=1) - 1)[rr, kk],
            date=meeting.date,
            forum=meeting.forum,
            kind=kinds.astype(object),
            issue=np.asarray(inputs.issue_ids, dtype=object)[k_issue],
            outcome=lo + out_norm / 100.0 * (hi - lo),
            consensus=consensus[rr, kk],
            rounds=np.asarray(res.rounds)[rr, kk].astype(np.int64),
            actors=_mask_strings(blockers, codes),
        )
        seq += on_agenda.sum(axis=1)
        newly = np.zeros_like(adopted)
        newly[:, items] = consensus
        outcome = np.where(newly, 0.0, outcome)
        outcome[:, items] = np.where(consensus, np.asarray(res.outcome), outcome[:, items])
        adopted |= newly
        final = np.moveaxis(np.asarray(res.final_positions), 2, 1)  # [R, A, K]
        upd = on_agenda[:, None, :] & part[None]
        position[:, :, items] = np.where(upd, final, position[:, :, items])
        # affinity: towards agreement of final positions on this meeting's agenda
        agree = np.zeros_like(affinity)
        n_both = np.zeros(affinity.shape, dtype=np.int64)
        for k in range(items.size):  # a few agenda items; memory stays [R, A, A]
            both = upd[:, :, None, k] & upd[:, None, :, k]
            dist = np.abs(final[:, :, None, k] - final[:, None, :, k])
            agree += np.where(both, 1.0 - dist / 100.0, 0.0)
            n_both += both
        target = np.divide(agree, n_both, out=np.zeros_like(agree), where=n_both > 0)
        eta = prm.affinity_rate * (n_both > 0)
        affinity = (1.0 - eta) * affinity + eta * target
        # indicators of the system after the meeting
        n_agenda = on_agenda.sum(axis=1)
        log.indicator(draws, meeting.date, "consensus_rate", consensus.sum(axis=1) / np.maximum(n_agenda, 1))
        log.indicator(draws, meeting.date, "items_adopted_total", adopted.sum(axis=1).astype(float))
        log.indicator(draws, meeting.date, "asean_cohesion", _cohesion(affinity, members))
        log.indicator(draws, meeting.date, "nonstate_shift", shift)
        spread = np.nanstd(np.where(members[None, :, None] & inputs.stance[None], position, np.nan), axis=1)
        log.indicator(draws, meeting.date, "position_spread", np.nanmean(spread, axis=1))

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
