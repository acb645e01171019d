"""JSON API, part 2: run (background jobs), runs, Parquet export, report, compare."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from aseanway.simulation.scenario import EMBEDDED
from aseanway.store import RunInfo
from aseanway.web.inputs import decode, display_name
from aseanway.web.jobs import JobManager, JobStatus
from aseanway.web.simulate import (
    StanceEdit,
    StoredRun,
    base_scenario,
    check_knobs,
    edit_scenario,
    run_job,
    stored_run,
)

router = APIRouter()

Lang = Annotated[str, Query(pattern="^(en|id)$")]


def jobs_of(request: Request) -> JobManager:
    return request.app.state.jobs


class RunRequest(BaseModel):
    """A simulation: an embedded scenario by name, or scenario YAML text; and the knobs to change."""

    scenario: str | None = Field(None, description=f"Embedded scenario: {', '.join(EMBEDDED)} (default)")
    scenario_yaml: str | None = Field(None, description="A scenario file's YAML text (instead of a name)")
    runs: int | None = Field(None, description="Monte Carlo runs (default: the scenario's)")
    seed: int | None = Field(None, ge=0, description="Master seed (default: the scenario's)")
    stances: dict[str, dict[str, StanceEdit]] | None = Field(
        None, description="{issue id: {actor code: {position, salience}}}: edits of existing stances"
    )
    lang: str = Field("en", pattern="^(en|id)$")


class JobCreated(BaseModel):
    job_id: str
    status_url: str


def submit_run(request: Request, sc, runs: int | None, seed: int | None, lang: str) -> JobCreated:
    jobs = jobs_of(request)
    runs, seed = check_knobs(sc, runs, seed)
    job_id = jobs.submit("run", lambda progress: run_job(jobs, sc, runs, seed, lang, progress))
    return JobCreated(job_id=job_id, status_url=f"/api/jobs/{job_id}")


@router.post("/run", tags=["run"], status_code=202, response_model=JobCreated)
def run(request: Request, req: RunRequest) -> JobCreated:
    """Validate and start a simulation in the background; poll ``status_url`` for progress and result."""
    sc = base_scenario(req.scenario, req.scenario_yaml, file="scenario_yaml")
    return submit_run(request, edit_scenario(sc, req.stances), req.runs, req.seed, req.lang)


@router.post("/run/yaml", tags=["run"], status_code=202, response_model=JobCreated)
async def run_yaml(
    request: Request,
    file: Annotated[UploadFile, File(description="Scenario YAML (version 1)")],
    runs: Annotated[int | None, Form()] = None,
    seed: Annotated[int | None, Form()] = None,
    lang: Annotated[str, Form(pattern="^(en|id)$")] = "en",
) -> JobCreated:
    """Start a simulation of an uploaded scenario file."""
    name = display_name(file.filename, "scenario.yaml")
    sc = base_scenario(text=decode(await file.read(), name), file=name)
    return submit_run(request, sc, runs, seed, lang)


@router.get("/jobs/{job_id}", tags=["run"], response_model=JobStatus)
def job(request: Request, job_id: str) -> JobStatus:
    """Status (queued, running, done, failed), progress (done of total), result or error."""
    status = jobs_of(request).get(job_id)
    if status is None:
        raise HTTPException(404, f"no job {job_id!r} (jobs are kept in memory while the server runs)")
    return status


# ---- stored runs --------------------------------------------------------------------------------------
def list_runs(jobs: JobManager) -> list[RunInfo]:
    if not jobs.has_store():
        return []
    with jobs.store() as store:
        return store.runs()


def check_run(jobs: JobManager, run_id: int) -> RunInfo:
    """The run's info, or 404 (unknown) / 409 (not complete)."""
    info = next((r for r in list_runs(jobs) if r.run_id == run_id), None)
    if info is None:
        raise HTTPException(404, f"no run {run_id} in this store")
    if info.status != "complete":
        raise HTTPException(409, f"run {run_id} is {info.status}, not complete")
    return info


@router.get("/runs", tags=["runs"], response_model=list[RunInfo])
def runs(request: Request) -> list[RunInfo]:
    """The runs stored in the server's results file (as ``aseanway runs``)."""
    return list_runs(jobs_of(request))


@router.get("/runs/{run_id}", tags=["runs"], response_model=StoredRun)
def run_detail(request: Request, run_id: int, lang: Lang = "en") -> StoredRun:
    """One stored run summarised: consensus share and outcome per agenda item, indicators at the end."""
    jobs = jobs_of(request)
    check_run(jobs, run_id)
    return stored_run(jobs, run_id, lang)


@router.get("/runs/{run_id}/parquet", tags=["runs"], response_class=Response)
def run_parquet(request: Request, run_id: int) -> Response:
    """Every table of the run as Parquet files in one zip (as ``aseanway export --parquet``)."""
    jobs = jobs_of(request)
    check_run(jobs, run_id)
    buf = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="aseanway-export-") as tmp:
        with jobs.store() as store:
            written = store.export_parquet(run_id, tmp)
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in written:
                zf.write(path, arcname=Path(path).name)
    return Response(
        buf.getvalue(),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="aseanway-run-{run_id}-parquet.zip"'},
    )


# ---- analyses (aseanway.analysis.report / compare) -------------------------------------------------------
def _analysis(module: str):
    import importlib

    try:
        return importlib.import_module(f"aseanway.analysis.{module}")
    except ImportError:
        raise HTTPException(501, f"aseanway.analysis.{module} is not available in this version") from None


@router.get("/runs/{run_id}/report", tags=["report"], response_class=HTMLResponse)
def report(request: Request, run_id: int, actor: str | None = None, lang: Lang = "en") -> HTMLResponse:
    """The run's HTML report (``aseanway.analysis.report.write_report``), written to a temporary folder."""
    lib = _analysis("report")
    jobs = jobs_of(request)
    check_run(jobs, run_id)
    with tempfile.TemporaryDirectory(prefix="aseanway-report-") as tmp:
        with jobs.store() as store:
            result = lib.write_report(store, run_id, Path(tmp), actor=actor, lang=lang)
        html = Path(result.html).read_text(encoding="utf-8")
    return HTMLResponse(html)


@router.get("/runs/{run_id}/figures", tags=["report"])
def figures(request: Request, run_id: int, actor: str | None = None) -> Any:
    """The data of the report's figures (``aseanway.analysis.plots.figure_data``)."""
    lib = _analysis("plots")
    jobs = jobs_of(request)
    check_run(jobs, run_id)
    with jobs.store() as store:
        data = lib.figure_data(store, run_id, actor=actor)
    return data.model_dump(mode="json") if hasattr(data, "model_dump") else data


@router.get("/runs/{run_id}/compare", tags=["report"])
def compare(request: Request, run_id: int, actor: str, lang: Lang = "en") -> Any:
    """The foreign-policy view of ``actor`` beside the international-politics view of the same run."""
    lib = _analysis("compare")
    jobs = jobs_of(request)
    check_run(jobs, run_id)
    with jobs.store() as store:
        result = lib.compare(store, run_id, actor, lang)
    return result.model_dump(mode="json")
