"""Naive baselines for validation: plain mean, salience-weighted mean, scale midpoint.

.. math::  \\bar{x} = \\tfrac1n\\sum_i x_i, \\qquad \\bar{x}_s = \\frac{\\sum_i s_i x_i}{\\sum_i s_i},
           \\qquad m = \\tfrac12(\\text{lower} + \\text{upper})

They are the reference points of the DEU literature (Thomson et al. 2006; Arregui & Perarnaud 2021):
a model worth using must beat them. See ``docs/models/baselines.md``.
"""

from __future__ import annotations

import numpy as np

from aseanway.negotiation.common import DEFAULT_LOWER, DEFAULT_UPPER, prepare


def plain_mean(
    position, salience, capability, *, mask=None, status_quo=None, lower=DEFAULT_LOWER, upper=DEFAULT_UPPER
) -> np.ndarray:
    """Unweighted mean of the present actors' positions."""
    p = prepare(position, salience, capability, mask=mask, status_quo=status_quo, lower=lower, upper=upper)
    m = p.mask.astype(float)
    return (p.position * m).sum(axis=-1) / m.sum(axis=-1)


def salience_mean(
    position, salience, capability, *, mask=None, status_quo=None, lower=DEFAULT_LOWER, upper=DEFAULT_UPPER
) -> np.ndarray:
    """Salience-weighted mean (capability ignored); the plain mean where every salience is zero."""
    p = prepare(position, salience, capability, mask=mask, status_quo=status_quo, lower=lower, upper=upper)
    w = p.salience
    w = np.where(w.sum(axis=-1, keepdims=True) > 0, w, p.mask.astype(float))
    return (p.position * w).sum(axis=-1) / w.sum(axis=-1)


def midpoint(
    position, salience, capability, *, mask=None, status_quo=None, lower=DEFAULT_LOWER, upper=DEFAULT_UPPER
) -> np.ndarray:
    """The middle of the scale, whatever the actors want."""
    p = prepare(position, salience, capability, mask=mask, status_quo=status_quo, lower=lower, upper=upper)
    return 0.5 * (p.lower + p.upper)
