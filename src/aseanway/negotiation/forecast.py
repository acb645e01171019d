"""Forecast every issue of a table with one or several models: the library behind ``aseanway forecast``."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from pydantic import BaseModel

from aseanway import __version__
from aseanway.negotiation.consultation import FALLBACK_NAMES, consult
from aseanway.negotiation.draws import forecast_draws
from aseanway.negotiation.io import IssueTable
from aseanway.negotiation.registry import ALL, DEFAULT_MODEL, get_model


class ForecastRow(BaseModel):
    issue: str
    model: str  # the name asked for ("default" when none was)
    model_used: str  # the model that ran
    forecast: float
    mean: float | None = None
    lower: float | None = None
    upper: float | None = None
    consensus_probability: float | None = None
    consensus: bool | None = None
    rounds: int | None = None
    fallback: str | None = None
    blockers: list[str] | None = None


class ForecastResult(BaseModel):
    schema_version: int = 1
    version: str = __version__  # aseanway version that computed it
    draws: int
    seed: int | None
    default_model: str
    assumed_salience: float
    missing_salience: int
    rows: list[ForecastRow]


def resolve_models(name: str | None) -> list[tuple[str, str]]:
    """``(label, model)`` pairs for a ``--model`` value: None -> default, "all" -> every model."""
    if name is None or name == "default":
        return [("default", DEFAULT_MODEL)]
    if name == "all":
        return [(m, m) for m in ALL]
    return [(name, get_model(name).name)]


def forecast_table(
    table: IssueTable,
    model: str | None = None,
    *,
    draws: int = 0,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> ForecastResult:
    """Forecast every issue of ``table``; with ``draws`` > 0 add mean, 80% interval (and consensus odds)."""
    from aseanway.negotiation.common import DEFAULT_SALIENCE

    kw = dict(mask=table.mask, status_quo=table.status_quo, lower=table.lower, upper=table.upper)
    pairs: Sequence[tuple[str, str]] = resolve_models(model)
    root = np.random.SeedSequence(seed)
    # one stream per model, keyed by the model's place in the registry: a model's draws do not depend
    # on which other models were asked for
    children = [np.random.SeedSequence(root.entropy, spawn_key=(ALL.index(name),)) for _label, name in pairs]
    rows: list[ForecastRow] = []
    actors = np.asarray(table.actors, dtype=object)
    for (label, name), child in zip(pairs, children, strict=True):
        point = get_model(name).fn(table.position, table.salience, table.capability, **kw)
        extra: list[dict] = [{} for _ in table.issues]
        if name == "consultation":
            res = consult(table.position, table.salience, table.capability, **kw)
            for i in range(len(table.issues)):
                extra[i] = dict(
                    consensus=bool(res.consensus[i]),
                    rounds=int(res.rounds[i]),
                    fallback=FALLBACK_NAMES[int(res.fallback[i])],
                    blockers=[str(a) for a in actors[res.blockers[i]]],
                )
        if draws > 0:
            summ = forecast_draws(
                name,
                table.position,
                table.salience,
                table.capability,
                **kw,
                n_draws=draws,
                rng=np.random.default_rng(child),
                progress=progress,
            )
            for i in range(len(table.issues)):
                extra[i].update(
                    mean=float(summ.mean[i]), lower=float(summ.lower[i]), upper=float(summ.upper[i])
                )
                if summ.consensus_probability is not None:
                    extra[i]["consensus_probability"] = float(summ.consensus_probability[i])
        for i, issue in enumerate(table.issues):
            rows.append(
                ForecastRow(issue=issue, model=label, model_used=name, forecast=float(point[i]), **extra[i])
            )
    return ForecastResult(
        draws=draws,
        seed=seed,
        default_model=DEFAULT_MODEL,
        assumed_salience=DEFAULT_SALIENCE,
        missing_salience=table.missing_salience,
        rows=rows,
    )
