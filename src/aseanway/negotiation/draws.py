"""Monte Carlo uncertainty: perturb the inputs, rerun a model on all draws at once, summarise.

Noise (independent across draws, issues and actors; documented in ``docs/models/uncertainty.md``):

* position: ``x + N(0, (POSITION_SD x R)^2)``, clipped to the scale; ``R = upper - lower``;
* salience: ``s x exp(N(0, SALIENCE_LOG_SD^2))``, clipped to [0, 100] (unknown saliences first set to 50);
* capability: ``c x exp(N(0, CAPABILITY_LOG_SD^2))`` (stays > 0);
* status quo, where known: as a position.

The summary is the mean over draws and the 80% interval (10th and 90th percentiles); for consultation
also the share of draws ending in consensus. Randomness only through the ``numpy.random.Generator``
passed in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from aseanway.negotiation.common import DEFAULT_LOWER, DEFAULT_SALIENCE, DEFAULT_UPPER, SALIENCE_MAX
from aseanway.negotiation.consultation import consult
from aseanway.negotiation.registry import get_model

#: Position error, share of the scale: expert placements in DEU differ by several points (Thomson et
#: al. 2006, ch. 2, report inter-expert agreement that is high but not perfect); 5 points on 0-100 is an
#: assumption of that order, not an estimate.
POSITION_SD = 0.05
#: Salience error, log scale: saliences are coarser judgements than positions (a factor of about 1.3).
SALIENCE_LOG_SD = 0.25
#: Capability error, log scale: voting weights are exact but effective power is not (about 10%).
CAPABILITY_LOG_SD = 0.10
#: Interval reported: 10th to 90th percentile (80%).
INTERVAL = (10.0, 90.0)
#: Cells (draws x issues x actors^3 for expected utility, x actors otherwise) computed per chunk.
_CHUNK_CELLS = 4_000_000


@dataclass(frozen=True)
class DrawSummary:
    point: np.ndarray  # float[...]: forecast with unperturbed inputs
    mean: np.ndarray  # float[...]
    lower: np.ndarray  # float[...]: 10th percentile
    upper: np.ndarray  # float[...]: 90th percentile
    consensus_probability: np.ndarray | None  # float[...] for consultation, else None
    draws: int


def perturb(
    position, salience, capability, status_quo, lower, upper, *, n_draws: int, rng: np.random.Generator
):
    """Arrays with a leading draws axis ``[D, ...]`` (see module docstring for the noise)."""
    x = np.asarray(position, dtype=float)
    s = np.where(np.isnan(salience), DEFAULT_SALIENCE, np.asarray(salience, dtype=float))
    c = np.asarray(capability, dtype=float)
    lo = np.asarray(lower, dtype=float)[..., None]
    hi = np.asarray(upper, dtype=float)[..., None]
    shape = (n_draws,) + x.shape
    xd = np.clip(x + rng.normal(0.0, 1.0, shape) * POSITION_SD * (hi - lo), lo, hi)
    sd = np.clip(s * np.exp(rng.normal(0.0, SALIENCE_LOG_SD, shape)), 0.0, SALIENCE_MAX)
    cd = c * np.exp(rng.normal(0.0, CAPABILITY_LOG_SD, shape))
    sq = np.asarray(status_quo, dtype=float)
    sqd = np.clip(
        sq + rng.normal(0.0, 1.0, (n_draws,) + sq.shape) * POSITION_SD * (hi[..., 0] - lo[..., 0]),
        lo[..., 0],
        hi[..., 0],
    )
    return xd, sd, cd, sqd


def forecast_draws(
    model: str,
    position,
    salience,
    capability,
    *,
    mask=None,
    status_quo=None,
    lower=DEFAULT_LOWER,
    upper=DEFAULT_UPPER,
    n_draws: int,
    rng: np.random.Generator,
    progress: Callable[[int], None] | None = None,
) -> DrawSummary:
    """Point forecast plus mean, 80% interval (and consensus probability) over ``n_draws`` draws."""
    spec = get_model(model)
    x = np.asarray(position, dtype=float)
    batch = x.shape[:-1]
    n = x.shape[-1]
    m = np.ones(x.shape, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    sq = (
        np.full(batch, np.nan)
        if status_quo is None
        else np.broadcast_to(np.asarray(status_quo, float), batch)
    )
    lo = np.broadcast_to(np.asarray(lower, dtype=float), batch)
    hi = np.broadcast_to(np.asarray(upper, dtype=float), batch)
    kw = dict(mask=m, status_quo=sq, lower=lo, upper=hi)
    is_consult = spec.name == "consultation"
    point = spec.fn(x, salience, capability, **kw)
    cells = max(1, int(np.prod(batch))) * (n**3 if spec.name == "expected_utility" else n)
    chunk = max(1, _CHUNK_CELLS // cells)
    outs, cons = [], []
    done = 0
    while done < n_draws:
        k = min(chunk, n_draws - done)
        xd, sd, cd, sqd = perturb(x, np.asarray(salience, float), capability, sq, lo, hi, n_draws=k, rng=rng)
        xd = np.where(m, xd, np.nan)
        if is_consult:
            res = consult(xd, sd, cd, mask=m, status_quo=sqd, lower=lo, upper=hi)
            outs.append(res.outcome)
            cons.append(res.consensus)
        else:
            outs.append(spec.fn(xd, sd, cd, mask=m, status_quo=sqd, lower=lo, upper=hi))
        done += k
        if progress is not None:
            progress(k)
    all_out = np.concatenate(outs, axis=0)
    q_lo, q_hi = np.percentile(all_out, INTERVAL, axis=0)
    return DrawSummary(
        point=point,
        mean=all_out.mean(axis=0),
        lower=q_lo,
        upper=q_hi,
        consensus_probability=np.concatenate(cons, axis=0).mean(axis=0) if is_consult else None,
        draws=n_draws,
    )
