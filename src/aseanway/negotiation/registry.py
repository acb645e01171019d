"""Registry of forecasting models: name -> array function with the common signature.

Every entry is called as ``fn(position, salience, capability, *, mask, status_quo, lower, upper)`` and
returns ``float[...]``. ``MODELS`` are the negotiation models, ``BASELINES`` the naive references kept for
validation. ``DEFAULT_MODEL`` is the project's recommendation, chosen from the DEU III validation
(``docs/validation.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from aseanway.i18n import N_
from aseanway.negotiation.baselines import midpoint, plain_mean, salience_mean
from aseanway.negotiation.compromise import compromise
from aseanway.negotiation.consultation import consultation_forecast
from aseanway.negotiation.expected_utility import expected_utility_forecast
from aseanway.negotiation.median import weighted_median_model
from aseanway.negotiation.nash import nash_bargaining

ModelFn = Callable[..., np.ndarray]


@dataclass(frozen=True)
class ModelSpec:
    name: str
    fn: ModelFn
    summary: str  # English, marked with N_ for translation
    baseline: bool = False


_SPECS = (
    ModelSpec("compromise", compromise, N_("capability x salience weighted mean (Achen 2006)")),
    ModelSpec("weighted_median", weighted_median_model, N_("median voter under capability x salience")),
    ModelSpec("nash", nash_bargaining, N_("Nash bargaining solution, quadratic utility (Nash 1950)")),
    ModelSpec(
        "expected_utility",
        expected_utility_forecast,
        N_("challenge model of Bueno de Mesquita (1994) after Scholz et al. (2011)"),
    ),
    ModelSpec("consultation", consultation_forecast, N_("ASEAN Way: consultation and consensus")),
    ModelSpec("salience_mean", salience_mean, N_("salience-weighted mean (baseline)"), baseline=True),
    ModelSpec("mean", plain_mean, N_("plain mean of positions (baseline)"), baseline=True),
    ModelSpec("midpoint", midpoint, N_("middle of the scale (baseline)"), baseline=True),
)

REGISTRY: dict[str, ModelSpec] = {s.name: s for s in _SPECS}
MODELS: tuple[str, ...] = tuple(s.name for s in _SPECS if not s.baseline)
BASELINES: tuple[str, ...] = tuple(s.name for s in _SPECS if s.baseline)
ALL: tuple[str, ...] = MODELS + BASELINES

#: The recommended model (see docs/validation.md for the figures behind the choice).
DEFAULT_MODEL = "compromise"


def get_model(name: str) -> ModelSpec:
    """The model called ``name`` (or the default for ``"default"``); ``KeyError`` names the choices."""
    key = DEFAULT_MODEL if name == "default" else name
    try:
        return REGISTRY[key]
    except KeyError:
        raise KeyError(f"unknown model {name!r}; expected one of: default, all, {', '.join(ALL)}") from None


def run_model(name: str, position, salience, capability, **kwargs) -> np.ndarray:
    """Forecast ``float[...]`` of model ``name`` with the common keyword arguments."""
    return get_model(name).fn(position, salience, capability, **kwargs)
