"""Nash bargaining solution (Nash 1950), asymmetric form with bargaining power ``w_i = c_i s_i``.

Utility of an outcome ``x`` to actor ``i`` is a quadratic loss in distance (Achen 2006, who shows the
compromise model is this solution's limit when the disagreement point is remote):

.. math::  u_i(x) = -\\left(\\frac{x - x_i}{R}\\right)^2, \\qquad R = \\text{upper} - \\text{lower}

With disagreement utilities ``d_i``, the solution maximises the weighted product of gains:

.. math::  \\hat{x} = \\arg\\max_{x \\in F} \\sum_i w_i \\log\\bigl(u_i(x) - d_i\\bigr), \\qquad
           F = \\{x \\in [\\text{lower}, \\text{upper}] : u_i(x) > d_i \\;\\forall i: w_i > 0\\}

* **Status quo known** (``q``): ``d_i = u_i(q)``. In one dimension ``F`` is empty when ``q`` lies within
  the range of the weighted actors' positions (any move away from ``q`` hurts someone): the solution is
  then ``q`` itself (unanimity with the status quo as the disagreement point).
* **Status quo unknown** (NaN), the documented fallback: ``d_i`` is the utility of the actor's worst point
  on the scale (the bound furthest from ``x_i``), i.e. breakdown is the worst case for everyone.

The objective is strictly concave on the interval ``F``, so its unique maximum is the zero of

.. math::  f'(x) = \\sum_i w_i \\frac{2 (x_i - x)}{D_i - (x - x_i)^2}, \\qquad D_i = -R^2 d_i

found by vectorised bisection (``_BISECTION_STEPS`` halvings: below 1e-12 of the scale).
See ``docs/models/nash.md``.
"""

from __future__ import annotations

import numpy as np

from aseanway.negotiation.common import DEFAULT_LOWER, DEFAULT_UPPER, influence, prepare

#: Halvings of the bracket: 2^-60 of the scale is below double-precision resolution of positions.
_BISECTION_STEPS = 60


def nash_bargaining(
    position, salience, capability, *, mask=None, status_quo=None, lower=DEFAULT_LOWER, upper=DEFAULT_UPPER
) -> np.ndarray:
    """Forecast ``float[...]``: the asymmetric Nash bargaining solution (see module docstring)."""
    p = prepare(position, salience, capability, mask=mask, status_quo=status_quo, lower=lower, upper=upper)
    x = p.position
    w = influence(p)
    active = w > 0
    lo, hi = p.lower[..., None], p.upper[..., None]
    q = p.status_quo[..., None]
    worst = np.maximum((x - lo) ** 2, (hi - x) ** 2)
    known = np.isfinite(q)
    big_d = np.where(known, (q - x) ** 2, worst)  # disagreement loss D_i
    radius = np.sqrt(big_d)
    a = np.max(np.where(active, x - radius, -np.inf), axis=-1)
    b = np.min(np.where(active, x + radius, np.inf), axis=-1)
    a = np.maximum(a, p.lower)
    b = np.minimum(b, p.upper)
    feasible = b > a
    left, right = a.copy(), b.copy()
    for _ in range(_BISECTION_STEPS):  # loop over halvings, not over actors or issues
        mid = 0.5 * (left + right)
        gap = big_d - (mid[..., None] - x) ** 2
        gap = np.where(active, np.maximum(gap, 1e-300), 1.0)
        deriv = np.sum(np.where(active, w * (x - mid[..., None]) / gap, 0.0), axis=-1)
        up = deriv > 0
        left = np.where(up, mid, left)
        right = np.where(up, right, mid)
    sol = 0.5 * (left + right)
    sq = p.status_quo
    return np.where(feasible, sol, np.where(np.isfinite(sq), sq, sol))
