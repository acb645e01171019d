"""Validation of the models on real negotiations with known outcomes (DEU III).

For every model: mean absolute error (MAE) against the real outcome, median absolute error, the share of
issues forecast within 10 points, and the paired difference in MAE from the compromise model with a
95% bootstrap interval. The bootstrap resamples *proposals* (clusters of issues decided together) with
replacement and keeps the pairing: the same resampled issues score both models. Nothing is fitted: the
models run with their documented defaults, so the figures on any folder (such as a held-out one) are
out of sample.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from aseanway import __version__
from aseanway.negotiation.io import IssueTable, load_deu3
from aseanway.negotiation.registry import ALL, DEFAULT_MODEL, REGISTRY, run_model

#: Reference model of the paired differences.
REFERENCE_MODEL = "compromise"
#: Bootstrap resamples and the seed of their generator (fixed so the table is reproducible).
N_BOOT = 2000
BOOT_SEED = 20240601
#: Level of the bootstrap interval.
LEVEL = 0.95
#: "Close" forecast, in scale points (Thomson et al. 2006 use the same 10-point band).
WITHIN = 10.0


class ModelScore(BaseModel):
    model: str
    baseline: bool
    mae: float
    median_error: float
    within_10: float  # share of issues with |forecast - outcome| <= 10
    diff_vs_compromise: float  # MAE(model) - MAE(compromise); negative = better than compromise
    diff_lower: float
    diff_upper: float


class ValidationResult(BaseModel):
    schema_version: int = 1
    version: str = __version__  # aseanway version that computed it
    dataset: str
    n_issues: int
    n_proposals: int
    n_positions: int
    missing_salience: int
    status_quo_known: int
    n_boot: int
    seed: int
    level: float
    reference: str
    default_model: str
    scores: list[ModelScore]


def forecasts(table: IssueTable, models: Sequence[str] = ALL) -> dict[str, np.ndarray]:
    """Each model's forecast for every issue of ``table``."""
    kw = dict(mask=table.mask, status_quo=table.status_quo, lower=table.lower, upper=table.upper)
    return {m: run_model(m, table.position, table.salience, table.capability, **kw) for m in models}


def cluster_bootstrap(
    diff: np.ndarray, clusters: Sequence[str], *, n_boot: int, rng: np.random.Generator
) -> np.ndarray:
    """Bootstrap means of ``diff[I, M]`` resampling clusters with replacement: ``float[n_boot, M]``."""
    keys, inv = np.unique(np.asarray(clusters), return_inverse=True)
    n_c = len(keys)
    sums = np.zeros((n_c, diff.shape[1]))
    np.add.at(sums, inv, diff)
    counts = np.bincount(inv, minlength=n_c).astype(float)
    picks = rng.multinomial(n_c, np.full(n_c, 1.0 / n_c), size=n_boot).astype(float)  # [B, C]
    return (picks @ sums) / (picks @ counts)[:, None]


def validate_table(
    table: IssueTable,
    *,
    models: Sequence[str] = ALL,
    n_boot: int = N_BOOT,
    seed: int = BOOT_SEED,
    dataset: str = "deu3",
    progress: Callable[[str], None] | None = None,
) -> ValidationResult:
    """Score ``models`` on the issues of ``table`` (which must carry outcomes and proposal ids)."""
    models = list(models)
    if REFERENCE_MODEL not in models:
        models.insert(0, REFERENCE_MODEL)
    preds = {}
    for name in models:
        preds.update(forecasts(table, [name]))
        if progress is not None:
            progress(name)
    err = np.stack([np.abs(preds[m] - table.outcome) for m in models], axis=1)  # [I, M]
    ref = err[:, models.index(REFERENCE_MODEL)][:, None]
    rng = np.random.default_rng(seed)
    boot = cluster_bootstrap(err - ref, table.proposal, n_boot=n_boot, rng=rng)
    alpha = (1 - LEVEL) / 2
    lo, hi = np.quantile(boot, [alpha, 1 - alpha], axis=0)
    scores = [
        ModelScore(
            model=m,
            baseline=REGISTRY[m].baseline,
            mae=float(err[:, k].mean()),
            median_error=float(np.median(err[:, k])),
            within_10=float(np.mean(err[:, k] <= WITHIN)),
            diff_vs_compromise=float((err[:, k] - ref[:, 0]).mean()),
            diff_lower=float(lo[k]),
            diff_upper=float(hi[k]),
        )
        for k, m in enumerate(models)
    ]
    return ValidationResult(
        dataset=dataset,
        n_issues=len(table.issues),
        n_proposals=len(set(table.proposal)),
        n_positions=int(table.mask.sum()),
        missing_salience=table.missing_salience,
        status_quo_known=int(np.isfinite(table.status_quo).sum()),
        n_boot=n_boot,
        seed=seed,
        level=LEVEL,
        reference=REFERENCE_MODEL,
        default_model=DEFAULT_MODEL,
        scores=scores,
    )


def validate_deu3(
    directory: str | Path,
    *,
    models: Sequence[str] = ALL,
    n_boot: int = N_BOOT,
    seed: int = BOOT_SEED,
    progress: Callable[[str], None] | None = None,
) -> ValidationResult:
    """Read a DEU III folder (``issues.csv``, ``positions.csv``) and validate every model on it."""
    table = load_deu3(directory)
    return validate_table(table, models=models, n_boot=n_boot, seed=seed, dataset="deu3", progress=progress)
