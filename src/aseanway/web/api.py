"""JSON API, part 1: world, explain, forecast and UNGA (mirrors ``aseanway world|explain|forecast|unga``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from pydantic import BaseModel, Field

from aseanway.analysis import unga as unga_lib
from aseanway.concepts.explain import Explanation, Topic, explain
from aseanway.errors import InputError
from aseanway.i18n import LANGS
from aseanway.negotiation.forecast import ForecastResult, forecast_table, resolve_models
from aseanway.web.api_runs import router as runs_router
from aseanway.web.inputs import decode, display_name, load_table, rows_to_csv
from aseanway.world import chair, load_world
from aseanway.world import views as v

router = APIRouter(prefix="/api")
router.include_router(runs_router)

DEFAULT_DRAWS = 200  # Monte Carlo draws behind each interval (the CLI's --draws; 200 gives stable 10/90%)
DEFAULT_FORECAST_SEED = 1  # a fixed seed so that the same table gives the same intervals
MAX_DRAWS = 2000  # per request: keeps a forecast well under a second on tables of a few hundred rows

Lang = Annotated[str, Query(pattern="^(en|id)$", description=f"Language: {' or '.join(LANGS)}.")]
LISTINGS = {
    "members": v.member_records,
    "partners": v.partner_records,
    "arf": v.arf_records,
    "forums": v.forum_records,
    "instruments": v.instrument_records,
    "disputes": v.dispute_records,
}


# ---- world and explain ------------------------------------------------------------------------------
@router.get("/world/chair/{year}", tags=["world"], summary="The ASEAN Chair of a year")
def world_chair(year: int, lang: Lang = "en") -> dict[str, Any]:
    return v.chair_record(chair(year), lang)


@router.get("/world/{kind}", tags=["world"], summary="A listing of the reference world")
def world(kind: str, lang: Lang = "en") -> list[dict[str, Any]]:
    """``kind``: members, partners, arf, forums, instruments or disputes."""
    if kind not in LISTINGS:
        raise HTTPException(404, f"unknown listing {kind!r}; expected one of: {', '.join(LISTINGS)}")
    return LISTINGS[kind](load_world(), lang)


@router.get("/explain/{topic}", tags=["concepts"], response_model=Explanation)
def explain_topic(topic: Topic, lang: Lang = "en") -> Explanation:
    return explain(topic, lang)


# ---- forecast ---------------------------------------------------------------------------------------
class PositionRow(BaseModel):
    issue: str
    actor: str
    position: float | str
    salience: float | str | None = None
    capability: float | str


class IssueRow(BaseModel):
    issue: str
    status_quo: float | None = None
    lower: float | None = None
    upper: float | None = None


class ForecastRequest(BaseModel):
    """A positions table as JSON: the rows of POSITIONS.csv (and optionally of ISSUES.csv)."""

    rows: list[PositionRow] = Field(min_length=1)
    issues: list[IssueRow] | None = None
    model: str = "all"
    draws: int = Field(DEFAULT_DRAWS, ge=0, le=MAX_DRAWS)
    seed: int | None = Field(DEFAULT_FORECAST_SEED, ge=0)


def run_forecast(positions: str, issues: str | None, names: tuple[str, str], model: str, draws: int, seed):
    try:
        resolve_models(model)
    except KeyError as exc:
        raise InputError(str(exc.args[0]), field="model") from None
    if not 0 <= draws <= MAX_DRAWS:
        raise InputError(f"expected between 0 and {MAX_DRAWS} draws, got {draws}", field="draws")
    table = load_table(positions, issues, names=names)
    return forecast_table(table, model, draws=draws, seed=seed)


@router.post("/forecast", tags=["forecast"], response_model=ForecastResult)
def forecast_json(req: ForecastRequest) -> ForecastResult:
    """Every model's forecast (``model``: all, default, or a name) with 80% intervals from ``draws``.

    Rows are checked as lines of a CSV file: an error names ``rows``, the line (header = line 1, so
    ``rows[k]`` is line k + 2) and the column."""
    pos = rows_to_csv([r.model_dump() for r in req.rows])
    iss = None
    if req.issues:
        iss = rows_to_csv([r.model_dump() for r in req.issues], ("issue", "status_quo", "lower", "upper"))
    return run_forecast(pos, iss, ("rows", "issues"), req.model, req.draws, req.seed)


@router.post("/forecast/csv", tags=["forecast"], response_model=ForecastResult)
async def forecast_csv(
    positions: Annotated[
        UploadFile, File(description="POSITIONS.csv: issue,actor,position,salience,capability")
    ],
    issues: Annotated[UploadFile | None, File(description="ISSUES.csv (optional)")] = None,
    model: Annotated[str, Form()] = "all",
    draws: Annotated[int, Form()] = DEFAULT_DRAWS,
    seed: Annotated[int | None, Form()] = DEFAULT_FORECAST_SEED,
) -> ForecastResult:
    """The same forecast from uploaded CSV files (the format of ``aseanway forecast``)."""
    pname = display_name(positions.filename, "positions.csv")
    pos = decode(await positions.read(), pname)
    iss, iname = None, "issues.csv"
    if issues is not None and issues.filename:
        iname = display_name(issues.filename, "issues.csv")
        iss = decode(await issues.read(), iname)
    return run_forecast(pos, iss, (pname, iname), model, draws, seed)


# ---- UNGA ---------------------------------------------------------------------------------------------
def unga_data(request: Request) -> unga_lib.UngaData:
    folder = request.app.state.unga_data
    if folder is None:
        raise HTTPException(503, "this server has no UNGA data folder (start it with --unga-data DIR)")
    return unga_lib.load_unga(folder)


@router.get("/unga/coincidence", tags=["unga"], response_model=unga_lib.CoincidenceResult)
def unga_coincidence(
    request: Request,
    with_: Annotated[str, Query(alias="with", description="Reference state, ISO alpha-2 or alpha-3")],
    session: int,
    important: bool = False,
    group: str | None = None,
    method: unga_lib.CoincidenceMethod = unga_lib.CoincidenceMethod.same_opposite,
):
    """Voting coincidence with a state in one General Assembly session (as the State Department)."""
    return unga_lib.coincidence(
        unga_data(request), with_, session, important=important, group=group, method=method
    )


@router.get("/unga/cohesion", tags=["unga"], response_model=unga_lib.CohesionResult)
def unga_cohesion(
    request: Request,
    year_from: Annotated[int, Query(alias="from")],
    year_to: Annotated[int, Query(alias="to")],
    group: str = "ASEAN",
):
    """A group's voting cohesion per year."""
    return unga_lib.cohesion(unga_data(request), group, year_from, year_to)


@router.get("/unga/affinity", tags=["unga"], response_model=unga_lib.AffinityResult)
def unga_affinity(
    request: Request,
    year_from: Annotated[int, Query(alias="from")],
    year_to: Annotated[int, Query(alias="to")],
    countries: str | None = None,
):
    """Dyadic voting agreement; ``countries``: comma-separated codes (default: every state)."""
    codes = [c for c in (countries or "").replace(" ", "").split(",") if c] or None
    return unga_lib.affinity(unga_data(request), year_from, year_to, codes)
