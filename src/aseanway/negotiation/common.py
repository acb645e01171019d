"""Shared array conventions of the negotiation models.

Every model takes ``position[..., n]``, ``salience[..., n]``, ``capability[..., n]`` (leading batch dims,
e.g. runs x issues, broadcastable), an optional ``mask[..., n]`` (False = actor absent from the issue),
an optional ``status_quo[...]`` (NaN = unknown) and the scale bounds ``lower[...]``, ``upper[...]``
(default 0 and 100). Salience is on 0-100; a NaN salience of a present actor is read as
:data:`DEFAULT_SALIENCE`. Capability must be >= 0 (a zero capability means no influence).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Salience assumed where it is unknown: the midpoint of the 0-100 scale ("neither central nor
#: marginal"). On DEU III (53 missing saliences of 4,774) it reproduces the published baselines
#: (compromise 22.2, salience-weighted mean 23.0); skipping those actors gives 22.39 and 23.10.
DEFAULT_SALIENCE = 50.0
#: Default bounds of a policy scale (DEU, Thomson et al. 2006 convention).
DEFAULT_LOWER = 0.0
DEFAULT_UPPER = 100.0
#: Salience scale maximum (saliences are reported on 0-100).
SALIENCE_MAX = 100.0


@dataclass(frozen=True)
class Prepared:
    """Inputs broadcast to one shape ``(..., n)``, masked entries neutralised."""

    position: np.ndarray  # float (..., n); masked entries set to the first present position
    salience: np.ndarray  # float (..., n) in [0, 1]; 0 where masked
    capability: np.ndarray  # float (..., n); 0 where masked
    mask: np.ndarray  # bool (..., n)
    status_quo: np.ndarray  # float (...), NaN = unknown
    lower: np.ndarray  # float (...)
    upper: np.ndarray  # float (...)

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return self.position.shape[:-1]


def prepare(
    position,
    salience,
    capability,
    *,
    mask=None,
    status_quo=None,
    lower=DEFAULT_LOWER,
    upper=DEFAULT_UPPER,
) -> Prepared:
    """Broadcast and clean the inputs of a model (no Python loop over actors or issues)."""
    x = np.asarray(position, dtype=float)
    s = np.asarray(salience, dtype=float)
    c = np.asarray(capability, dtype=float)
    m = np.ones(x.shape, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    x, s, c, m = np.broadcast_arrays(x, s, c, m)
    if x.ndim == 0:
        raise ValueError("position must have an actor axis (shape [..., n_actors])")
    m = m & np.isfinite(x)
    batch = x.shape[:-1]
    sq = np.full(batch, np.nan) if status_quo is None else np.asarray(status_quo, dtype=float)
    sq = np.broadcast_to(sq, batch).astype(float)
    lo = np.broadcast_to(np.asarray(lower, dtype=float), batch).astype(float)
    hi = np.broadcast_to(np.asarray(upper, dtype=float), batch).astype(float)
    if np.any(c[m] < 0):
        raise ValueError("capability must be >= 0")
    s = np.where(np.isnan(s), DEFAULT_SALIENCE, s)
    s = np.clip(s, 0.0, SALIENCE_MAX) / SALIENCE_MAX
    # A masked actor gets the first present position of its issue so that ranges, sorting and
    # distances are unaffected; its weight is zero everywhere.
    first = np.argmax(m, axis=-1)[..., None]
    filler = np.take_along_axis(np.where(m, x, 0.0), first, axis=-1)
    x = np.where(m, x, filler)
    return Prepared(
        position=x,
        salience=np.where(m, s, 0.0),
        capability=np.where(m, c, 0.0),
        mask=m,
        status_quo=sq,
        lower=lo,
        upper=hi,
    )


def influence(p: Prepared) -> np.ndarray:
    """Normalised influence weights ``pi_i = c_i s_i / sum_j c_j s_j`` over present actors.

    Fallbacks where every weight is zero: capability alone, then equal weights of present actors.
    """
    w = p.capability * p.salience
    w = _fallback(w, p.capability, p.mask)
    return w / w.sum(axis=-1, keepdims=True)


def _fallback(w: np.ndarray, c: np.ndarray, m: np.ndarray) -> np.ndarray:
    tot = w.sum(axis=-1, keepdims=True)
    w = np.where(tot > 0, w, c)
    tot = w.sum(axis=-1, keepdims=True)
    return np.where(tot > 0, w, m.astype(float))


def weighted_mean(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return (x * w).sum(axis=-1) / w.sum(axis=-1)


def weighted_median(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Lower weighted median along the last axis: the smallest position whose cumulative weight
    reaches half of the total (the median voter under weighted voting). ``w`` must have a positive sum.
    """
    order = np.argsort(x, axis=-1, kind="stable")
    xs = np.take_along_axis(x, order, axis=-1)
    ws = np.take_along_axis(w, order, axis=-1)
    cum = np.cumsum(ws, axis=-1)
    half = 0.5 * cum[..., -1:]
    # a relative tolerance so that an exact half (two equal blocs) is resolved the same way
    # whatever the order in which the weights were summed
    k = np.argmax(cum >= half * (1.0 - 1e-12), axis=-1)[..., None]
    return np.take_along_axis(xs, k, axis=-1)[..., 0]
