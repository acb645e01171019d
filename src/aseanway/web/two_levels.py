"""The Two levels page: one state's foreign-policy view beside the international-politics view of a run.

Both views come from ``aseanway.analysis.compare.compare(store, run_id, actor, lang)``; this module
only chooses the run and the actor and hands the result to the template.
"""

from __future__ import annotations

import importlib
from typing import Any

from fastapi import HTTPException

from aseanway.errors import InputError
from aseanway.web.api_runs import check_run, list_runs
from aseanway.web.charts import two_level_figures
from aseanway.web.jobs import JobManager


def _compare_module():
    try:
        return importlib.import_module("aseanway.analysis.compare")
    except ImportError:
        return None


def figure_data(store, run_id: int, actor: str | None):
    from aseanway.analysis.plots import figure_data as data_of

    return data_of(store, run_id, actor)


def two_levels_context(jobs: JobManager, run: int | None, actor: str | None, lang: str) -> dict[str, Any]:
    lib = _compare_module()
    runs = [r for r in list_runs(jobs) if r.status == "complete"]
    ctx: dict[str, Any] = {
        "runs": runs,
        "run": run,
        "actor": actor,
        "actors": [],
        "result": None,
        "available": lib is not None,
        "error": None,
    }
    if lib is None or not runs:
        return ctx
    if run is None:
        run = ctx["run"] = runs[-1].run_id
    try:
        check_run(jobs, run)
    except HTTPException as exc:
        ctx["error"], ctx["status"] = exc.detail, exc.status_code
        return ctx
    with jobs.store() as store:
        rows = store.query(
            "SELECT code, name_en, name_id FROM actors WHERE run_id = ? AND kind = 'state' ORDER BY code",
            [run],
        )
    ctx["actors"] = [(c, n_id if lang == "id" else n_en) for c, n_en, n_id in rows]
    if actor is None:
        return ctx
    try:
        with jobs.store() as store:
            ctx["result"] = lib.compare(store, run, actor, lang)
            data = figure_data(store, run, actor)
    except InputError as exc:
        ctx["error"], ctx["status"] = str(exc), 422
        return ctx
    ctx["fp_figures"], ctx["ip_figures"] = two_level_figures(data, lang)
    return ctx
