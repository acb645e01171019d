"""Expected-utility (challenge) model of Bueno de Mesquita (1994), as specified by Scholz, Calbert &
Smith (2011), "Unravelling Bueno de Mesquita's group decision model", J. Theoretical Politics 23(4).

Positions are normalised by the range of the actors' positions ``R = max x - min x`` (Scholz), saliences
are on [0, 1], ``d_ij = |x_i - x_j| / R``. One round:

1. **Votes and probability of success** (BDM 1994 eq. 1-2, pairwise normalisation):
   ``v_k(i, j) = c_k s_k (d_kj - d_ki)`` and
   ``P_ij = sum_k max(0, v_k(i,j)) / sum_k |v_k(i,j)|`` (0.5 where nobody cares), so ``P_ij + P_ji = 1``.
2. **Utilities** from the perspective of an actor with risk exponent ``r``:
   ``U^s_ij = 2 - 4 (0.5 - 0.5 d_ij)^r``, ``U^f_ij = 2 - 4 (0.5 + 0.5 d_ij)^r``, ``U^sq = 2 - 4 (0.5)^r``.
3. **Expected utility of i challenging j** (Scholz eq. 3; the *challenged* actor's salience ``s_j`` is
   its probability of resisting):
   ``EU_ij = s_j [P_ij U^s_ij + (1 - P_ij) U^f_ij] + (1 - s_j) U^s_ij - Q U^sq`` with ``Q = 1``.
4. **Risk** (Scholz eq. 5-6; security compared across actors): with ``r = 1`` for everyone, the danger
   of ``i`` is ``D_i = sum_{j != i} EU_ji``; ``R_i = (2 D_i - D_max - D_min) / (D_max - D_min)``
   (0 where all dangers are equal) and ``r_i = (1 - R_i / 3) / (1 + R_i / 3)``.
5. **Offers** to ``i`` from each ``j`` (both computed with ``r_i``: ``e = EU_ij``, ``f = EU_ji``):
   confrontation if ``f > e > 0`` (i moves to ``x_j``); compromise if ``e < 0 < f`` and ``f > |e|``
   (i moves to ``x_i + (x_j - x_i) |e / f|``); capitulation if ``e < 0 < f`` and ``f <= |e|`` (i moves to
   ``x_j``). The strongest kind of offer wins (confrontation > compromise > capitulation) and within a kind
   the one that moves ``i`` least (BDM 1994, Scholz's text); ties go to the lower position.
6. All actors adopt their chosen offers at once.

Rounds repeat until no actor moves more than ``tol x R`` or ``max_rounds`` is reached. The forecast is
the median voter position (weighted median with weights ``c_i s_i``, the quantity Scholz et al.
report) once positions have settled; where they still move after ``max_rounds`` (the model can cycle:
it does on the car-emission case) it is the mean of the per-round medians of rounds 1..max_rounds, so
that the forecast does not depend on the phase of the cycle at which the run is cut. The per-round
medians and means are returned too. See
``docs/models/expected_utility.md`` for each ambiguity and its effect on the 1994 car-emission case.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aseanway.negotiation.common import (
    DEFAULT_LOWER,
    DEFAULT_UPPER,
    influence,
    prepare,
    weighted_median,
)

#: Weight of the status quo in the expected utility of a challenge; Scholz et al. (2011) use 1.0
#: because Bueno de Mesquita gave no value.
Q_STATUS_QUO = 1.0
#: Rounds at most. BDM (1994) stops when positions stabilise; Scholz et al. report 8 rounds. The model
#: can cycle, so a cap is needed; 10 covers the published runs (chosen before any validation run).
MAX_ROUNDS = 10
#: Expected utilities closer than this count as equal in the offer regions, so that rounding (of the
#: order of 1e-16) never decides between a confrontation, a compromise and a capitulation.
TIE_EPS = 1e-12
#: A round in which no actor moves more than this share of the position range ends the run.
SETTLE_TOL = 1e-9


@dataclass(frozen=True)
class EUParams:
    q: float = Q_STATUS_QUO
    max_rounds: int = MAX_ROUNDS
    tol: float = SETTLE_TOL
    #: "pairwise" (default): BDM's P_ij = sum of votes for i over the sum of |votes| on the pair (i, j);
    #: "global": as in Scholz et al.'s code, the same numerator over the |votes| summed over every pair.
    #: "global" reproduces Scholz's published round medians (8.4, 9.9, 9.9) but makes every P_ij tiny,
    #: so that an actor holding all the capability capitulates to powerless ones; "pairwise" is the
    #: default because it is BDM's own formula and keeps that dictator property.
    probability: str = "pairwise"
    #: whose salience is the probability of resisting a challenge: "target" (the challenged actor,
    #: Scholz eq. 3) or "challenger".
    resist_salience: str = "target"


@dataclass(frozen=True)
class EUResult:
    forecast: np.ndarray  # float[...]: median after settling, else the mean of the per-round medians
    settled: np.ndarray  # bool[...]: positions stopped moving within max_rounds
    positions: np.ndarray  # float[..., n]: final positions
    rounds: np.ndarray  # int[...]: rounds played until positions settled (or max_rounds)
    median_history: np.ndarray  # float[max_rounds + 1, ...]: weighted median before round 1, after each
    mean_history: np.ndarray  # float[max_rounds + 1, ...]: c*s weighted mean, same rounds


def _challenge_eu(p_win, d, s_target, r, q):
    """EU of a challenge (step 3) for arrays broadcast to ``(..., i, j)``."""
    us = 2.0 - 4.0 * (0.5 - 0.5 * d) ** r
    uf = 2.0 - 4.0 * (0.5 + 0.5 * d) ** r
    usq = 2.0 - 4.0 * 0.5**r
    return s_target * (p_win * us + (1.0 - p_win) * uf) + (1.0 - s_target) * us - q * usq


def _round(x, s, c, m, r_scale, params):
    """One round for all issues at once; returns the new positions."""
    n = x.shape[-1]
    d = np.abs(x[..., :, None] - x[..., None, :]) / r_scale[..., None, None]  # (..., i, j)
    w = c * s  # (..., k)
    # votes v[..., k, i, j] = w_k (d_kj - d_ki)
    # den_ij = sum_k |v_k(i,j)| (the only cubic term, contracted by einsum); since
    # sum_k max(0, v) = (sum_k |v| + sum_k v) / 2 and sum_k v is linear, num needs no cubic term.
    gap = d[..., :, None, :] - d[..., :, :, None]  # (..., k, i, j): d_kj - d_ki
    np.abs(gap, out=gap)
    den = np.einsum("...k,...kij->...ij", w, gap)
    wd = np.einsum("...k,...kj->...j", w, d)
    num = 0.5 * (den + wd[..., None, :] - wd[..., :, None])
    pair = m[..., :, None] & m[..., None, :] & ~np.eye(n, dtype=bool)
    if params.probability == "global":
        den = np.where(pair, den, 0.0).sum(axis=(-2, -1), keepdims=True) + 0.0 * den
    p_win = np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.5)  # P_ij
    q = params.q
    s_tgt = s[..., None, :] if params.resist_salience == "target" else s[..., :, None]
    s_tgt_rev = s[..., :, None] if params.resist_salience == "target" else s[..., None, :]
    # step 4: risk exponents from dangers with r = 1
    eu1 = _challenge_eu(p_win, d, s_tgt, 1.0, q)  # EU_ij, i challenges j
    danger = np.where(pair, eu1, 0.0).sum(axis=-2)  # D_j = sum_i EU_ij
    dmax = np.max(np.where(m, danger, -np.inf), axis=-1, keepdims=True)
    dmin = np.min(np.where(m, danger, np.inf), axis=-1, keepdims=True)
    spread = dmax - dmin
    ra = np.where(spread > 0, (2 * danger - dmax - dmin) / np.where(spread > 0, spread, 1.0), 0.0)
    ra = np.where(m, np.clip(ra, -1.0, 1.0), 0.0)  # absent actors: neutral risk (never used)
    risk = (1.0 - ra / 3.0) / (1.0 + ra / 3.0)
    # step 5: offers, from i's perspective (r_i)
    ri = risk[..., :, None]
    e = _challenge_eu(p_win, d, s_tgt, ri, q)  # i challenges j
    f = _challenge_eu(np.swapaxes(p_win, -1, -2), d, s_tgt_rev, ri, q)  # j challenges i
    xi, xj = x[..., :, None], x[..., None, :]
    valid = pair & (d > 0)
    tie = TIE_EPS
    conf = valid & (f > e + tie) & (e > tie)
    both = valid & (e < -tie) & (f > tie)
    comp = both & (f > -e + tie)
    capit = both & (f <= -e + tie)
    ratio = np.abs(e) / np.where(f > 0, f, 1.0)
    target_comp = xi + (xj - xi) * ratio
    new_x = x
    decided = np.zeros(x.shape, dtype=bool)
    for kind, target in ((conf, np.broadcast_to(xj, d.shape)), (comp, target_comp), (capit, None)):
        tgt = np.broadcast_to(xj, d.shape) if target is None else target
        dist = np.where(kind, np.abs(tgt - xi), np.inf)
        best = dist.min(axis=-1, keepdims=True)
        tie = kind & (dist <= best + 1e-12 * r_scale[..., None, None])
        choice = np.min(np.where(tie, tgt, np.inf), axis=-1)
        has = kind.any(axis=-1) & ~decided
        new_x = np.where(has, choice, new_x)
        decided |= has
    return new_x


def expected_utility(
    position,
    salience,
    capability,
    *,
    mask=None,
    status_quo=None,
    lower=DEFAULT_LOWER,
    upper=DEFAULT_UPPER,
    params: EUParams | None = None,
) -> EUResult:
    """Run the challenge model on every issue at once (loop over rounds only)."""
    params = params or EUParams()
    p = prepare(position, salience, capability, mask=mask, status_quo=status_quo, lower=lower, upper=upper)
    x, s, c, m = p.position, p.salience, p.capability, p.mask
    lo = np.min(np.where(m, x, np.inf), axis=-1)
    hi = np.max(np.where(m, x, -np.inf), axis=-1)
    span = hi - lo
    r_scale = np.where(span > 0, span, 1.0)
    w = influence(p)
    medians = [weighted_median(x, w)]
    means = [(w * x).sum(axis=-1)]
    rounds = np.zeros(p.batch_shape, dtype=int)
    active = span > 0
    for _ in range(params.max_rounds):
        if not active.any():
            medians.append(medians[-1])
            means.append(means[-1])
            continue
        new_x = x.copy()
        a = active  # only issues still moving are recomputed
        new_x[a] = _round(x[a], s[a], c[a], m[a], r_scale[a], params)
        moved = np.max(np.abs(new_x - x), axis=-1) > params.tol * r_scale
        rounds = rounds + (active & moved)
        active = active & moved
        x = new_x
        medians.append(weighted_median(x, w))
        means.append((w * x).sum(axis=-1))
    hist = np.stack(medians)
    cycle_mean = hist[1:].mean(axis=0) if params.max_rounds > 0 else hist[0]
    settled = ~active
    return EUResult(
        forecast=np.where(settled, hist[-1], cycle_mean),
        settled=settled,
        positions=np.where(m, x, np.nan),
        rounds=rounds,
        median_history=hist,
        mean_history=np.stack(means),
    )


def expected_utility_forecast(
    position, salience, capability, *, mask=None, status_quo=None, lower=DEFAULT_LOWER, upper=DEFAULT_UPPER
) -> np.ndarray:
    """Forecast ``float[...]`` of :func:`expected_utility` with default parameters."""
    return expected_utility(
        position, salience, capability, mask=mask, status_quo=status_quo, lower=lower, upper=upper
    ).forecast
