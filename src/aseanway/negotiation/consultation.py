"""Consultation model: the ASEAN Way of *musyawarah* (consultation) and *mufakat* (consensus).

ASEAN decides by consultation and consensus (ASEAN Charter 2007, art. 20(1)); Acharya (2001, 2009,
*Constructing a Security Community in Southeast Asia*) describes the process as informal, incremental
and non-confrontational: the chair tables a proposal that reflects the weight of the room, members
move towards it as far as their interests allow, and nothing is adopted while one member objects.
The dynamic below formalises that reading with the compromise logic of Stokman & van Oosten (1994)
and Achen (2006). All actor quantities are arrays over ``[..., n]``; saliences ``s_i`` are on [0, 1];
``R = upper - lower`` is the width of the scale; ``x_i^0`` are the initial positions.

Influence (capability x salience, as in the compromise model):
    ``pi_i = c_i s_i / sum_j c_j s_j``
Round ``t = 1, 2, ...``: the chair's proposal is the compromise of the current positions
    ``p^t = sum_i pi_i x_i^t``
member ``i`` accepts it when it is within its tolerance of its current position
    ``|p^t - x_i^t| <= tau_i``, with ``tau_i = R [tau_min + (tau_max - tau_min)(1 - s_i)]``
and if every present member accepts, the proposal is adopted (consensus in ``t`` rounds). Otherwise
each member moves towards the proposal at a rate that falls with its salience, but never concedes more
than its concession limit ``L_i`` away from where it started:
    ``x_i^{t+1} = clip(x_i^t + lambda_i (p^t - x_i^t), x_i^0 - L_i, x_i^0 + L_i)``,
    ``lambda_i = mu (1 - alpha s_i)``, ``L_i = kappa R (1 - s_i)``.
Capability enters through ``pi``: the proposal sits nearer the strong, so the weak travel further.
After ``max_rounds`` without consensus, the *blockers* are the members who reject the last proposal,
and the fallback is, in order:
1. ASEAN-minus-X (Charter art. 21(2), flexible participation in economic commitments) where the issue
   allows it and the blockers are at most ``minus_x_share`` of the present members: the others adopt
   the compromise of their own current positions;
2. the status quo where it is known;
3. otherwise a chair's statement, issued on the chair's own responsibility, that records the last
   proposal (the forecast outcome is that proposal).
See ``docs/models/consultation.md`` for the equations and the reasoning behind each default.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aseanway.negotiation.common import DEFAULT_LOWER, DEFAULT_UPPER, influence, prepare

#: Base speed of concession: a member with zero salience closes half the gap to the proposal each
#: round. No empirical estimate exists; one half makes a low-salience member converge within a few
#: meetings, matching Acharya's (2001) "incremental" process. Fixed before validation.
MU = 0.5
#: Salience damping of the speed: a member with full salience still moves at 1 - 0.9 = 10% of the base
#: rate (salience as resistance to change: Stokman & van Oosten 1994).
ALPHA = 0.9
#: Concession limit as a share of the scale for a zero-salience member; a member with full salience
#: concedes nothing (its position is its red line).
KAPPA = 0.5
#: Tolerance: a member with full salience accepts a proposal within 5% of the scale of its stance
#: (wording-level differences); a member with zero salience accepts one within 30%.
TAU_MIN = 0.05
TAU_MAX = 0.30
#: Rounds of consultation before the chair falls back (about a year of meetings at several levels).
MAX_ROUNDS = 50
#: ASEAN-minus-X: at most a third of the members may stay out; an assumption (the Charter leaves it to
#: consensus), chosen so that a majority well beyond a bare one carries the commitment.
MINUS_X_SHARE = 1.0 / 3.0

FALLBACK_NONE = 0
FALLBACK_STATUS_QUO = 1
FALLBACK_CHAIR = 2
FALLBACK_MINUS_X = 3
#: Names of the fallback codes, index = code.
FALLBACK_NAMES = ("consensus", "status_quo", "chair_statement", "minus_x")


@dataclass(frozen=True)
class ConsultationParams:
    mu: float = MU
    alpha: float = ALPHA
    kappa: float = KAPPA
    tau_min: float = TAU_MIN
    tau_max: float = TAU_MAX
    max_rounds: int = MAX_ROUNDS
    minus_x_share: float = MINUS_X_SHARE


@dataclass(frozen=True)
class ConsultationResult:
    consensus: np.ndarray  # bool[...]
    outcome: np.ndarray  # float[...]
    rounds: np.ndarray  # int[...]: proposals made (the adopted one included); max_rounds if none
    blockers: np.ndarray  # bool[..., n]: members rejecting the last proposal (all False on consensus)
    final_positions: np.ndarray  # float[..., n]: NaN for absent members
    fallback: np.ndarray  # int8[...]: FALLBACK_* code, names in FALLBACK_NAMES

    def fallback_names(self) -> np.ndarray:
        return np.asarray(FALLBACK_NAMES, dtype=object)[self.fallback]


def consult(
    position,
    salience,
    capability,
    *,
    mask=None,
    status_quo=None,
    params: ConsultationParams = ConsultationParams(),
    allow_minus_x=None,
    lower=DEFAULT_LOWER,
    upper=DEFAULT_UPPER,
) -> ConsultationResult:
    """Run consultation on every issue (and run) at once; deterministic given its inputs."""
    p = prepare(position, salience, capability, mask=mask, status_quo=status_quo, lower=lower, upper=upper)
    x0, s, m = p.position, p.salience, p.mask
    batch = p.batch_shape
    width = (p.upper - p.lower)[..., None]
    pi = influence(p)
    rate = params.mu * (1.0 - params.alpha * s)
    limit = params.kappa * width * (1.0 - s)
    tau = width * (params.tau_min + (params.tau_max - params.tau_min) * (1.0 - s))
    eps = 1e-9 * width
    x, done, outcome, rounds, accept, prop = _iterate(x0, pi, rate, limit, tau, eps, m, params.max_rounds)
    blockers = ~accept & m & ~done[..., None]
    n_present = m.sum(axis=-1)
    n_block = blockers.sum(axis=-1)
    minus_x = (
        np.zeros(batch, dtype=bool)
        if allow_minus_x is None
        else np.broadcast_to(np.asarray(allow_minus_x, dtype=bool), batch)
    )
    minus_x = minus_x & ~done & (n_block <= params.minus_x_share * n_present) & (n_block < n_present)
    stay = m & ~blockers
    w_stay = np.where(stay, pi, 0.0)
    tot = w_stay.sum(axis=-1)
    w_stay = np.where(tot[..., None] > 0, w_stay, stay.astype(float))
    minus_x_outcome = (w_stay * x).sum(axis=-1) / np.maximum(w_stay.sum(axis=-1), 1e-300)
    sq = p.status_quo
    known = np.isfinite(sq)
    fallback = np.where(
        done,
        FALLBACK_NONE,
        np.where(minus_x, FALLBACK_MINUS_X, np.where(known, FALLBACK_STATUS_QUO, FALLBACK_CHAIR)),
    ).astype(np.int8)
    outcome = np.where(done, outcome, np.where(minus_x, minus_x_outcome, np.where(known, sq, prop)))
    return ConsultationResult(
        consensus=done,
        outcome=outcome,
        rounds=rounds,
        blockers=blockers,
        final_positions=np.where(m, x, np.nan),
        fallback=fallback,
    )


#: Compact the arrays to the open issues once fewer than this share of the rows is still open (before
#: that, agreed rows are frozen in place: copying every array each round cost more than it saved).
COMPACT_SHARE = 0.75


def _iterate(x0, pi, rate, limit, tau, eps, m, max_rounds):
    """The rounds of consultation, computed only on the issues still open (an active set).

    Elementwise identical to iterating every issue until all agree: an issue's arithmetic never depends
    on the others, and an issue that has agreed is frozen; compacting the still-open issues each round
    only skips work on the frozen ones (benchmarks/engine.py measures the gain).
    Returns final positions, done, outcome, rounds, the last round's acceptance and proposal.
    """
    batch, n = x0.shape[:-1], x0.shape[-1]
    size = int(np.prod(batch, dtype=np.int64))
    # Issues stay rows ([size, n], actors contiguous): a row's sum then never depends on how many
    # rows there are, so an issue's result is the same in any batch (tests/test_simulation.py checks
    # run k of a batch against run k alone; an actors-first layout broke that bit-for-bit).
    x0f, pif, ratef, limitf, tauf = (
        np.ascontiguousarray(np.broadcast_to(a, (*batch, n)).reshape(size, n))
        for a in (x0, pi, rate, limit, tau)
    )
    epsf = np.broadcast_to(eps, (*batch, 1)).reshape(size, 1)
    mf = m.reshape(size, n)
    x_out = x0f.copy()
    done = np.zeros(size, dtype=bool)
    outcome = np.full(size, np.nan)
    rounds = np.full(size, max_rounds, dtype=int)
    accept_out = np.ones((size, n), dtype=bool)
    prop_out = (pif * x0f).sum(axis=-1)
    idx = np.arange(size)
    # absent actors accept anything: an infinite tolerance replaces a separate mask test in the loop
    x, pia, lo, hi = x0f.copy(), pif, x0f - limitf, x0f + limitf
    ratea = ratef.copy()  # rows of agreed issues get rate 0 (frozen) until the next compaction
    tol = np.where(mf, tauf + epsf, np.inf)
    live = np.ones(size, dtype=bool)  # issues still open among the rows kept
    prod, gap = np.empty_like(x), np.empty_like(x)  # work buffers, reused every round
    for t in range(1, max_rounds + 1):  # loop over rounds; actors and open issues are array axes
        np.multiply(pia, x, out=prod)
        prop = prod.sum(axis=-1)
        np.subtract(prop[:, None], x, out=gap)  # gap = proposal - position
        accept = np.abs(gap, out=prod) <= tol
        agreed = accept.all(axis=-1) & live
        if agreed.any():
            won = idx[agreed]
            outcome[won], rounds[won], done[won] = prop[agreed], t, True
            x_out[won], prop_out[won] = x[agreed], prop[agreed]
            live &= ~agreed
            n_live = int(live.sum())
            if n_live == 0:
                break
            if n_live < COMPACT_SHARE * live.size:  # compact: keep only the open issues' rows
                idx, x, prop, gap, accept = idx[live], x[live], prop[live], gap[live], accept[live]
                pia, ratea, lo, hi, tol = (arr[live] for arr in (pia, ratea, lo, hi, tol))
                live = np.ones(n_live, dtype=bool)
                prod = np.empty_like(x)
            else:  # freeze: an agreed issue's positions stop moving
                ratea[agreed] = 0.0
        x += np.multiply(ratea, gap, out=prod)
        np.maximum(x, lo, out=x)
        np.minimum(x, hi, out=x)
        if t == max_rounds:  # the last round's positions moved too; record the open issues and stop
            x_out[idx[live]], accept_out[idx[live]], prop_out[idx[live]] = x[live], accept[live], prop[live]
    return (
        x_out.reshape(*batch, n),
        done.reshape(batch),
        outcome.reshape(batch),
        rounds.reshape(batch),
        accept_out.reshape(*batch, n),
        prop_out.reshape(batch),
    )


def consultation_forecast(
    position, salience, capability, *, mask=None, status_quo=None, lower=DEFAULT_LOWER, upper=DEFAULT_UPPER
) -> np.ndarray:
    """Forecast ``float[...]``: the outcome of :func:`consult` with default parameters."""
    return consult(
        position, salience, capability, mask=mask, status_quo=status_quo, lower=lower, upper=upper
    ).outcome
