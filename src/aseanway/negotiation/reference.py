"""Plain-Python (loop) implementations of the consultation and expected-utility equations.

They exist to check the vectorised models (tests require agreement to 1e-9) and to measure what
vectorisation buys (``benchmarks/forecast.py``). One issue at a time, lists and floats only; not for use
in the hot path.
"""

from __future__ import annotations

import math

from aseanway.negotiation.common import DEFAULT_SALIENCE, SALIENCE_MAX
from aseanway.negotiation.consultation import (
    FALLBACK_CHAIR,
    FALLBACK_MINUS_X,
    FALLBACK_NONE,
    FALLBACK_STATUS_QUO,
    ConsultationParams,
)
from aseanway.negotiation.expected_utility import TIE_EPS, EUParams


def _clean(x, s, c, present):
    idx = [i for i in range(len(x)) if present[i] and not math.isnan(x[i])]
    xs = [float(x[i]) for i in idx]
    ss = [
        min(max(DEFAULT_SALIENCE if math.isnan(s[i]) else float(s[i]), 0.0), SALIENCE_MAX) / SALIENCE_MAX
        for i in idx
    ]
    cs = [float(c[i]) for i in idx]
    return idx, xs, ss, cs


def _weights(ss, cs):
    w = [a * b for a, b in zip(cs, ss, strict=True)]
    if sum(w) <= 0:
        w = list(cs)
    if sum(w) <= 0:
        w = [1.0] * len(cs)
    tot = sum(w)
    return [v / tot for v in w]


def _lower_median(xs, w):
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    total = sum(w)
    cum = 0.0
    for i in order:
        cum += w[i]
        if cum >= 0.5 * total * (1.0 - 1e-12):
            return xs[i]
    return xs[order[-1]]


def consult_loop(
    x,
    s,
    c,
    present=None,
    *,
    status_quo=math.nan,
    lower=0.0,
    upper=100.0,
    allow_minus_x=False,
    params: ConsultationParams = ConsultationParams(),
):
    """One issue: ``(consensus, outcome, rounds, blockers, final_positions, fallback)``."""
    n = len(x)
    present = [True] * n if present is None else list(present)
    idx, x0, ss, cs = _clean(x, s, c, present)
    pi = _weights(ss, cs)
    width = upper - lower
    rate = [params.mu * (1.0 - params.alpha * v) for v in ss]
    limit = [params.kappa * width * (1.0 - v) for v in ss]
    tau = [width * (params.tau_min + (params.tau_max - params.tau_min) * (1.0 - v)) for v in ss]
    eps = 1e-9 * width
    xs = list(x0)
    accept = [True] * len(xs)
    prop = 0.0
    for t in range(1, params.max_rounds + 1):
        prop = sum(p * v for p, v in zip(pi, xs, strict=True))
        accept = [abs(prop - xs[k]) <= tau[k] + eps for k in range(len(xs))]
        if all(accept):
            final = [math.nan] * n
            for k, i in enumerate(idx):
                final[i] = xs[k]
            return True, prop, t, [False] * n, final, FALLBACK_NONE
        for k in range(len(xs)):
            moved = xs[k] + rate[k] * (prop - xs[k])
            xs[k] = min(max(moved, x0[k] - limit[k]), x0[k] + limit[k])
    blockers = [False] * n
    final = [math.nan] * n
    for k, i in enumerate(idx):
        blockers[i] = not accept[k]
        final[i] = xs[k]
    n_block = sum(1 for a in accept if not a)
    if allow_minus_x and n_block <= params.minus_x_share * len(xs) and n_block < len(xs):
        w = [pi[k] for k in range(len(xs)) if accept[k]]
        v = [xs[k] for k in range(len(xs)) if accept[k]]
        if sum(w) <= 0:
            w = [1.0] * len(v)
        return (
            False,
            sum(a * b for a, b in zip(w, v, strict=True)) / sum(w),
            params.max_rounds,
            blockers,
            final,
            FALLBACK_MINUS_X,
        )
    if not math.isnan(status_quo):
        return False, status_quo, params.max_rounds, blockers, final, FALLBACK_STATUS_QUO
    return False, prop, params.max_rounds, blockers, final, FALLBACK_CHAIR


def _eu(p_win, d, s_tgt, r, q):
    us = 2.0 - 4.0 * (0.5 - 0.5 * d) ** r
    uf = 2.0 - 4.0 * (0.5 + 0.5 * d) ** r
    usq = 2.0 - 4.0 * 0.5**r
    return s_tgt * (p_win * us + (1.0 - p_win) * uf) + (1.0 - s_tgt) * us - q * usq


def _eu_round(xs, ss, cs, span, params: EUParams):
    n = len(xs)
    d = [[abs(xs[i] - xs[j]) / span for j in range(n)] for i in range(n)]
    w = [cs[k] * ss[k] for k in range(n)]
    num = [[0.0] * n for _ in range(n)]
    den = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            for k in range(n):
                v = w[k] * (d[k][j] - d[k][i])
                num[i][j] += max(v, 0.0)
                den[i][j] += abs(v)
    if params.probability == "global":
        total = sum(den[i][j] for i in range(n) for j in range(n) if i != j)
        den = [[total] * n for _ in range(n)]
    p = [[num[i][j] / den[i][j] if den[i][j] > 0 else 0.5 for j in range(n)] for i in range(n)]
    target = params.resist_salience == "target"
    danger = [0.0] * n
    for i in range(n):
        for j in range(n):
            if i != j:
                danger[j] += _eu(p[i][j], d[i][j], ss[j] if target else ss[i], 1.0, params.q)
    dmax, dmin = max(danger), min(danger)
    risk = []
    for i in range(n):
        ra = (2 * danger[i] - dmax - dmin) / (dmax - dmin) if dmax - dmin > 0 else 0.0
        ra = min(max(ra, -1.0), 1.0)
        risk.append((1.0 - ra / 3.0) / (1.0 + ra / 3.0))
    new = list(xs)
    for i in range(n):
        offers = {0: [], 1: [], 2: []}
        for j in range(n):
            if i == j or d[i][j] <= 0:
                continue
            e = _eu(p[i][j], d[i][j], ss[j] if target else ss[i], risk[i], params.q)
            f = _eu(p[j][i], d[i][j], ss[i] if target else ss[j], risk[i], params.q)
            if f > e + TIE_EPS and e > TIE_EPS:
                offers[0].append(xs[j])
            elif e < -TIE_EPS and f > TIE_EPS and f > -e + TIE_EPS:
                offers[1].append(xs[i] + (xs[j] - xs[i]) * (abs(e) / f))
            elif e < -TIE_EPS and f > TIE_EPS:
                offers[2].append(xs[j])
        for kind in (0, 1, 2):
            if offers[kind]:
                best = min(abs(o - xs[i]) for o in offers[kind])
                new[i] = min(o for o in offers[kind] if abs(o - xs[i]) <= best + 1e-12 * span)
                break
    return new


def expected_utility_loop(x, s, c, present=None, *, params: EUParams = EUParams()):
    """One issue: ``(forecast, final_positions, rounds, median_history)``."""
    n = len(x)
    present = [True] * n if present is None else list(present)
    idx, xs, ss, cs = _clean(x, s, c, present)
    w = _weights(ss, cs)
    span = max(xs) - min(xs)
    medians = [_lower_median(xs, w)]
    rounds = 0
    active = span > 0
    scale = span if span > 0 else 1.0
    for _ in range(params.max_rounds):
        if active:
            new = _eu_round(xs, ss, cs, scale, params)
            moved = max(abs(a - b) for a, b in zip(new, xs, strict=True)) > params.tol * scale
            if moved:
                rounds += 1
            else:
                active = False
            xs = new
        medians.append(_lower_median(xs, w))
    if active and params.max_rounds > 0:
        forecast = sum(medians[1:]) / params.max_rounds
    else:
        forecast = medians[-1]
    final = [math.nan] * n
    for k, i in enumerate(idx):
        final[i] = xs[k]
    return forecast, final, rounds, medians
