"""Scenarios from the page (embedded, uploaded, edited), the simulation job, and stored-run summaries.

Edits (runs, seed, each agenda item's positions and saliences) are applied to the scenario's JSON form
and the result is validated again by ``parse_scenario`` (JSON is YAML), so an edited scenario passes
through exactly the checks, and gets exactly the error messages, of a scenario file on the CLI.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from aseanway.errors import InputError
from aseanway.simulation.runner import (
    RunSummary,
    record_run,
    simulate_runs,
    stored_summary,
    summary_of,
)
from aseanway.simulation.scenario import EMBEDDED, Scenario, load_scenario, parse_scenario
from aseanway.simulation.setup import prepare
from aseanway.web.jobs import JobManager, Progress

MAX_WEB_RUNS = 5000  # runs one web job may ask for (the CLI has no such cap; a page should stay responsive)
EDITED = "edited scenario"


class StanceEdit(BaseModel):
    position: float | None = None
    salience: float | None = None


def base_scenario(name: str | None = None, text: str | None = None, file: str = "scenario.yaml") -> Scenario:
    """An embedded scenario by name, or uploaded YAML text (validated as the CLI does)."""
    if text is not None:
        return parse_scenario(text, file=file)
    name = name or EMBEDDED[0]
    if name not in EMBEDDED:
        raise InputError(f"unknown embedded scenario {name!r}; expected one of: {', '.join(EMBEDDED)}")
    return load_scenario(name)


def check_knobs(sc: Scenario, runs: int | None, seed: int | None) -> tuple[int, int]:
    """Runs and seed of a job: as given, else the scenario's (kept apart from the scenario, as on the
    CLI, so that the stored scenario hash does not depend on them)."""
    runs = sc.runs if runs is None else runs
    seed = sc.seed if seed is None else seed
    if not 1 <= runs <= MAX_WEB_RUNS:
        raise InputError(f"expected between 1 and {MAX_WEB_RUNS} runs, got {runs}", field="runs")
    if seed < 0:
        raise InputError(f"expected a seed >= 0, got {seed}", field="seed")
    return runs, seed


def edit_scenario(sc: Scenario, stances: dict[str, dict[str, StanceEdit]] | None = None) -> Scenario:
    """A new validated scenario with stances changed; only existing (issue, actor) stances are editable."""
    if not stances:
        return sc
    data = sc.model_dump(mode="json")
    index = {iss["id"]: k for k, iss in enumerate(data["issues"])}
    for issue_id, by_actor in stances.items():
        if issue_id not in index:
            raise InputError(f"no agenda item {issue_id!r} in this scenario", field=f"issues.{issue_id}")
        k = index[issue_id]
        positions = data["issues"][k]["positions"]
        for actor, edit in by_actor.items():
            if actor not in positions:
                raise InputError(
                    f"actor {actor!r} has no position on {issue_id!r} in this scenario",
                    field=f"issues[{k}].positions.{actor}",
                )
            if edit.position is not None:
                positions[actor]["position"] = edit.position
            if edit.salience is not None:
                positions[actor]["salience"] = edit.salience
    return parse_scenario(json.dumps(data, indent=1), file=EDITED)


def run_job(
    jobs: JobManager, sc: Scenario, runs: int, seed: int, lang: str, progress: Progress
) -> dict[str, Any]:
    """Simulate outside the store lock; then register and write the run in one locked step
    (``runner.record_run``), so other jobs and readers are not kept waiting by a simulation."""
    inputs = prepare(sc)
    result = simulate_runs(inputs, runs, seed, progress=progress)
    run_id = None
    if jobs.db_path is not None:
        with jobs.store() as store:
            run_id = record_run(store, inputs, result)
    return summary_of(inputs, result, run_id=run_id, db=jobs.db_path, lang=lang).model_dump(mode="json")


# ---- a stored run, summarised from its tables by the runner's own functions -------------------------
class StoredRun(RunSummary):
    """A stored run's summary (``runner.stored_summary``) and its status."""

    status: str


def stored_run(jobs: JobManager, run_id: int, lang: str) -> StoredRun:
    """Per agenda item: share of runs with consensus, outcome, usual blockers; indicators at the end."""
    with jobs.store() as store:
        summary = stored_summary(store, run_id, lang)
        status = store.run(run_id).status
    return StoredRun(**summary.model_dump(), status=status)
