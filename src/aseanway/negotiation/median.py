"""Weighted median (median voter under weighted voting; Black 1948, applied to EU data by
Thomson et al. 2006): the position such that actors holding at least half of the total weight
``c_i s_i`` are at or below it, and at least half at or above.

.. math::  \\hat{x} = \\min\\{x_k : \\sum_{i: x_i \\le x_k} c_i s_i \\ge \\tfrac12 \\sum_i c_i s_i\\}

The lower weighted median is taken where two blocs hold exactly half each. See
``docs/models/weighted_median.md``.
"""

from __future__ import annotations

import numpy as np

from aseanway.negotiation.common import (
    DEFAULT_LOWER,
    DEFAULT_UPPER,
    influence,
    prepare,
    weighted_median,
)


def weighted_median_model(
    position, salience, capability, *, mask=None, status_quo=None, lower=DEFAULT_LOWER, upper=DEFAULT_UPPER
) -> np.ndarray:
    """Forecast ``float[...]``: the capability x salience weighted median of positions."""
    p = prepare(position, salience, capability, mask=mask, status_quo=status_quo, lower=lower, upper=upper)
    return weighted_median(p.position, influence(p))
