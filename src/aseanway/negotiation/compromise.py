"""Compromise model (Achen 2006): the capability x salience weighted mean of positions.

.. math::  \\hat{x} = \\frac{\\sum_i c_i s_i x_i}{\\sum_i c_i s_i}

Achen (2006), "Evaluating political decision-making models", in Thomson, Stokman, Achen & Koenig
(eds.), *The European Union Decides*, Cambridge UP, ch. 10: derived as the approximate Nash bargaining
solution with quadratic utilities and a remote disagreement point, and the best single predictor of
EU legislative outcomes in DEU I. Where every ``c_i s_i`` of an issue is zero the capability-weighted
mean is used, then the plain mean. See ``docs/models/compromise.md``.
"""

from __future__ import annotations

import numpy as np

from aseanway.negotiation.common import DEFAULT_LOWER, DEFAULT_UPPER, influence, prepare


def compromise(
    position, salience, capability, *, mask=None, status_quo=None, lower=DEFAULT_LOWER, upper=DEFAULT_UPPER
) -> np.ndarray:
    """Forecast ``float[...]``: the weighted mean of positions with weights capability x salience."""
    p = prepare(position, salience, capability, mask=mask, status_quo=status_quo, lower=lower, upper=upper)
    return (influence(p) * p.position).sum(axis=-1)
