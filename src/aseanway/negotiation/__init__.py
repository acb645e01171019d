"""Negotiation models: forecast a collective decision of actors with positions, saliences and
capabilities on a one-dimensional issue, vectorised over issues and Monte Carlo runs.

Array API (every model): ``fn(position[..., n], salience[..., n], capability[..., n], *, mask=None,
status_quo=None, lower=0, upper=100) -> float[...]``; ``consult`` returns a :class:`ConsultationResult`
and ``expected_utility`` an :class:`EUResult`. See ``docs/models/``.
"""

from aseanway.negotiation.baselines import midpoint, plain_mean, salience_mean
from aseanway.negotiation.common import DEFAULT_SALIENCE, weighted_median
from aseanway.negotiation.compromise import compromise
from aseanway.negotiation.consultation import (
    FALLBACK_NAMES,
    ConsultationParams,
    ConsultationResult,
    consult,
)
from aseanway.negotiation.expected_utility import EUParams, EUResult, expected_utility
from aseanway.negotiation.median import weighted_median_model
from aseanway.negotiation.nash import nash_bargaining
from aseanway.negotiation.registry import ALL, BASELINES, DEFAULT_MODEL, MODELS, get_model, run_model

__all__ = [
    "ALL",
    "BASELINES",
    "DEFAULT_MODEL",
    "DEFAULT_SALIENCE",
    "FALLBACK_NAMES",
    "MODELS",
    "ConsultationParams",
    "ConsultationResult",
    "EUParams",
    "EUResult",
    "compromise",
    "consult",
    "expected_utility",
    "get_model",
    "midpoint",
    "nash_bargaining",
    "plain_mean",
    "run_model",
    "salience_mean",
    "weighted_median",
    "weighted_median_model",
]
