"""Server-rendered pages: Know ASEAN, Concepts, Simulate, Forecast, Two levels, Runs."""

from __future__ import annotations

from typing import Annotated

from babel.dates import get_month_names
from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse

from aseanway.cli.run import ADOPT_LABELS, indicator_labels
from aseanway.concepts.explain import Topic, explain
from aseanway.errors import InputError
from aseanway.simulation.scenario import EMBEDDED, Scenario
from aseanway.web import charts
from aseanway.web.api import DEFAULT_DRAWS, DEFAULT_FORECAST_SEED, run_forecast
from aseanway.web.api_runs import check_run, list_runs
from aseanway.web.app import render, request_lang
from aseanway.web.inputs import decode, display_name, rows_to_csv, table_rows
from aseanway.web.simulate import base_scenario, stored_run
from aseanway.web.two_levels import two_levels_context
from aseanway.world import load_world
from aseanway.world import views as v

router = APIRouter(include_in_schema=False)

# An illustrative table for the Forecast page (made-up numbers, labelled as an example on the page).
EXAMPLE_ROWS = [
    {"issue": "example", "actor": "A", "position": "20", "salience": "80", "capability": "3"},
    {"issue": "example", "actor": "B", "position": "60", "salience": "50", "capability": "2"},
    {"issue": "example", "actor": "C", "position": "90", "salience": "30", "capability": "1"},
]
FORECAST_COLUMNS = ["issue", "model", "model_used", "forecast", "mean", "lower", "upper", "consensus"]


def _world_table(kind: str, records: list[dict], columns: list[str], lang: str) -> dict:
    return {"kind": kind, "columns": columns, "headers": v.HEADERS, "rows": v.table_rows(kind, records, lang)}


@router.get("/", response_class=HTMLResponse)
def know(request: Request) -> HTMLResponse:
    lang = request_lang(request)
    world = load_world()
    members = sorted(v.member_records(world, lang), key=lambda m: (m["joined"], m["code"]))
    forums = v.forum_records(world, lang)
    instruments = v.instrument_records(world, lang)
    months = get_month_names("abbreviated", locale=lang)
    timeline = {
        "data": [
            {
                "type": "scatter",
                "mode": "markers",
                "x": [i["signed"] for i in instruments],
                "y": [v.table_rows("instruments", [i], lang)[0]["type"] for i in instruments],
                "text": [i["name"] for i in instruments],
                "hovertemplate": "%{text}<br>%{x}<extra></extra>",
                "marker": {
                    "size": 12,
                    "color": ["#2b6cb0" if i["binding"] else "#d69e2e" for i in instruments],
                },
            }
        ],
        "layout": {"height": 300, "margin": {"l": 120, "r": 20, "t": 20, "b": 40}, "xaxis": {"type": "date"}},
    }
    return render(
        request,
        "know.html",
        members=members,
        partners=_world_table(
            "partners", v.partner_records(world, lang), ["code", "name", "status", "since"], lang
        ),
        forums=_world_table("forums", forums, v.FORUM_COLUMNS[:4] + ["participants", "decision_rule"], lang),
        calendar=[(f["name"], set(f["months"] or [])) for f in forums],
        months=[months[m] for m in range(1, 13)],
        instruments=_world_table(
            "instruments",
            sorted(instruments, key=lambda i: i["signed"]),
            ["name", "type", "signed", "place", "in_force"],
            lang,
        ),
        timeline=timeline,
        disputes=_world_table(
            "disputes",
            v.dispute_records(world, lang),
            ["name", "parties", "type", "start", "steps", "outcome"],
            lang,
        ),
    )


@router.get("/concepts", response_class=HTMLResponse)
def concepts(request: Request) -> HTMLResponse:
    lang = request_lang(request)
    return render(
        request,
        "concepts.html",
        differences=explain(Topic.differences, lang),
        fp=explain(Topic.foreign_policy, lang),
        ip=explain(Topic.international_politics, lang),
        asean=explain(Topic.asean, lang),
    )


# ---- simulate ---------------------------------------------------------------------------------------------
def _simulate_page(
    request: Request, sc: Scenario | None, error: str | None = None, source: str = ""
) -> HTMLResponse:
    lang = request_lang(request)
    return render(
        request,
        "simulate.html",
        status_code=422 if error else 200,
        sc=sc,
        sc_json=sc.model_dump_json() if sc else "",
        source=source,
        embedded=EMBEDDED,
        error=error,
        actor_names=_actor_names(sc, lang) if sc else {},
    )


def _actor_names(sc: Scenario, lang: str) -> dict[str, str]:
    world = load_world()
    out = {}
    for a in sc.actors:
        name = a.name_id if lang == "id" else a.name_en
        if name is None:
            try:
                name = world.actor(a.code).name(lang)
            except Exception:  # an actor the reference world does not know: its code
                name = a.code
        out[a.code] = name
    return out


@router.get("/simulate", response_class=HTMLResponse)
def simulate_page(request: Request, scenario: str | None = None) -> HTMLResponse:
    try:
        sc = base_scenario(scenario)
    except InputError as exc:
        return _simulate_page(request, None, str(exc))
    return _simulate_page(request, sc, source=sc.name)


@router.post("/simulate", response_class=HTMLResponse)
async def simulate_upload(request: Request, file: Annotated[UploadFile, File()]) -> HTMLResponse:
    """Load an uploaded scenario into the form (nothing runs yet); a bad file shows its precise error."""
    name = display_name(file.filename, "scenario.yaml")
    try:
        sc = base_scenario(text=decode(await file.read(), name), file=name)
    except InputError as exc:
        return _simulate_page(request, None, str(exc))
    return _simulate_page(request, sc, source=name)


@router.get("/simulate/result/{job_id}", response_class=HTMLResponse)
def simulate_result(request: Request, job_id: str) -> HTMLResponse:
    """The summary of a finished job as an HTML fragment (the page inserts it)."""
    status = request.app.state.jobs.get(job_id)
    if status is None or status.status != "done":
        raise HTTPException(404, "no finished job with this id")
    lang = request_lang(request)
    summary = status.result
    labels = indicator_labels()
    return render(
        request,
        "_summary.html",
        s=summary,
        adopt_labels=ADOPT_LABELS,
        labels=labels,
        figures=charts.run_figures(summary["issues"], summary["indicators"], labels, lang),
    )


# ---- forecast ---------------------------------------------------------------------------------------------
def _forecast_page(request: Request, rows: list[dict], **ctx) -> HTMLResponse:
    return render(
        request,
        "forecast.html",
        status_code=422 if ctx.get("error") else 200,
        rows=rows,
        draws=ctx.pop("draws", DEFAULT_DRAWS),
        columns=FORECAST_COLUMNS,
        **ctx,
    )


@router.get("/forecast", response_class=HTMLResponse)
def forecast_page(request: Request) -> HTMLResponse:
    return _forecast_page(request, EXAMPLE_ROWS, example=True)


@router.post("/forecast", response_class=HTMLResponse)
async def forecast_post(
    request: Request,
    positions: Annotated[UploadFile | None, File()] = None,
    issues: Annotated[UploadFile | None, File()] = None,
    draws: Annotated[int, Form()] = DEFAULT_DRAWS,
) -> HTMLResponse:
    """From an uploaded positions CSV (and optional issues CSV), or from the edited table."""
    lang = request_lang(request)
    form = await request.form()
    iss_text, iname = None, "issues.csv"
    if positions is not None and positions.filename:
        pname = display_name(positions.filename, "positions.csv")
        pos_text = None
    else:
        pname = "table"
        cols = ("issue", "actor", "position", "salience", "capability")
        lists = [form.getlist(c) for c in cols]
        rows = [dict(zip(cols, vals, strict=True)) for vals in zip(*lists, strict=False)]
        rows = [r for r in rows if any(str(x).strip() for x in r.values())]
        pos_text = rows_to_csv(rows)
    try:
        if pos_text is None:
            pos_text = decode(await positions.read(), pname)
        if issues is not None and issues.filename:
            iname = display_name(issues.filename, "issues.csv")
            iss_text = decode(await issues.read(), iname)
        result = run_forecast(pos_text, iss_text, (pname, iname), "all", draws, DEFAULT_FORECAST_SEED)
    except InputError as exc:
        shown = rows if pname == "table" else EXAMPLE_ROWS
        return _forecast_page(request, shown, error=str(exc), draws=draws)
    from aseanway.web.inputs import load_table

    table = load_table(pos_text, iss_text, names=(pname, iname))
    data = [r.model_dump() for r in result.rows]
    return _forecast_page(
        request,
        table_rows(table),
        result=result,
        result_rows=data,
        figure=charts.forecast_figure(data, lang),
        draws=draws,
        source=pname,
    )


# ---- runs and two levels ----------------------------------------------------------------------------------
@router.get("/runs", response_class=HTMLResponse)
def runs_page(request: Request) -> HTMLResponse:
    return render(request, "runs.html", runs=list_runs(request.app.state.jobs))


@router.get("/runs/{run_id}", response_class=HTMLResponse)
def run_page(request: Request, run_id: int) -> HTMLResponse:
    jobs = request.app.state.jobs
    lang = request_lang(request)
    try:
        check_run(jobs, run_id)
    except HTTPException as exc:
        return render(
            request, "error.html", status_code=exc.status_code, title=str(run_id), message=exc.detail
        )
    s = stored_run(jobs, run_id, lang).model_dump(mode="json")
    labels = indicator_labels()
    return render(
        request,
        "run.html",
        s=s,
        adopt_labels=ADOPT_LABELS,
        labels=labels,
        figures=charts.run_figures(s["issues"], s["indicators"], labels, lang),
    )


@router.get("/two-levels", response_class=HTMLResponse)
def two_levels_page(request: Request, run: int | None = None, actor: str | None = None) -> HTMLResponse:
    ctx = two_levels_context(request.app.state.jobs, run, actor, request_lang(request))
    return render(request, "two_levels.html", status_code=ctx.pop("status", 200), **ctx)
