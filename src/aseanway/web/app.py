"""The FastAPI application: ``create_app(db_path=..., unga_data=...)``.

Pages are rendered on the server with Jinja2 (templates in ``aseanway/web/templates``), in Indonesian or
English: ``?lang=id|en`` chooses, a cookie remembers, English is the default. Every asset is served by
the app itself (``/static/...``; plotly.js from the installed ``plotly`` package), so it works offline.
"""

from __future__ import annotations

import contextlib
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from aseanway import __version__
from aseanway.errors import AseanwayError, InputError
from aseanway.i18n import LANGS, N_, translator
from aseanway.web.inputs import MAX_UPLOAD_BYTES, BodyLimit
from aseanway.web.jobs import JobManager

LANG_COOKIE = "aseanway_lang"
LANG_COOKIE_AGE = 365 * 24 * 3600  # remembered for a year
STATIC_FILES = {"app.js": "text/javascript", "style.css": "text/css"}
DEFAULT_UNGA = Path("..") / "shared" / "data" / "unga"  # the project's shared data, when run from the repo

NAV = [  # (path, English label): the labels go through the translator
    ("/", N_("Know ASEAN")),
    ("/concepts", N_("Concepts")),
    ("/simulate", N_("Simulate")),
    ("/forecast", N_("Forecast")),
    ("/two-levels", N_("Two levels")),
    ("/runs", N_("Runs")),
]
STATUS_LABELS = {  # the store's run statuses (aseanway.store)
    "running": N_("running"),
    "complete": N_("complete"),
    "failed": N_("failed"),
    "interrupted": N_("interrupted"),
}


def default_unga_dir() -> Path | None:
    return DEFAULT_UNGA if (DEFAULT_UNGA / "roll_calls.csv").is_file() else None


@cache
def templates() -> Environment:
    env = Environment(
        loader=PackageLoader("aseanway.web", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["tojson_attr"] = lambda v: json.dumps(v, allow_nan=False)
    return env


def request_lang(request: Request) -> str:
    for value in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if value and value.lower() in LANGS:
            return value.lower()
    return "en"


def render(request: Request, name: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
    """Render a page in the request's language; remember an explicit ``?lang=`` in a cookie."""
    lang = request_lang(request)
    _ = translator(lang)
    other = "en" if lang == "id" else "id"
    params = dict(request.query_params) | {"lang": other}
    html = (
        templates()
        .get_template(name)
        .render(
            _=_,
            lang=lang,
            other_lang=other,
            switch_url=f"{request.url.path}?{urlencode(params)}",
            nav=NAV,
            status_labels=STATUS_LABELS,
            path=request.url.path,
            version=__version__,
            **ctx,
        )
    )
    response = HTMLResponse(html, status_code=status_code)
    if request.query_params.get("lang", "").lower() in LANGS:
        response.set_cookie(LANG_COOKIE, lang, max_age=LANG_COOKIE_AGE, samesite="lax")
    return response


def input_error_body(exc: InputError | AseanwayError) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": str(exc)}
    if isinstance(exc, InputError):
        body |= {"file": exc.file, "line": exc.line, "field": exc.field}
    return body


def create_app(
    db_path: str | Path | None = "aseanway.duckdb",
    unga_data: str | Path | None = None,
    *,
    max_upload: int = MAX_UPLOAD_BYTES,
) -> FastAPI:
    """The dashboard. ``db_path``: the DuckDB results store; ``unga_data``: the UNGA folder (server-side)."""
    from aseanway.web import api, pages

    jobs = JobManager(db_path)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        jobs.shutdown()

    app = FastAPI(
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc load their scripts from a CDN: the app must work offline
        redoc_url=None,
        title="aseanway",
        version=__version__,
        description="Foreign policy, international politics and ASEAN political-security cooperation: "
        "the JSON API behind the aseanway dashboard (mirrors the command line).",
    )
    app.state.jobs = jobs
    app.state.unga_data = None if unga_data is None else Path(unga_data)
    app.state.max_upload = max_upload

    @app.exception_handler(InputError)
    async def _input_error(request: Request, exc: InputError) -> JSONResponse:
        return JSONResponse(input_error_body(exc), status_code=422)

    @app.exception_handler(AseanwayError)
    async def _app_error(request: Request, exc: AseanwayError) -> JSONResponse:
        return JSONResponse(input_error_body(exc), status_code=400)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name == "plotly.min.js":
            data = (resources.files("plotly") / "package_data" / "plotly.min.js").read_bytes()
            media = "text/javascript"
        elif name in STATIC_FILES:
            data = (resources.files("aseanway.web") / "static" / name).read_bytes()
            media = STATIC_FILES[name]
        else:
            return Response("not found", status_code=404, media_type="text/plain")
        return Response(data, media_type=media, headers={"Cache-Control": "max-age=3600"})

    app.include_router(api.router)
    app.include_router(pages.router)

    async def too_large(scope, send, message: str) -> None:
        if scope["path"].startswith("/api/"):
            body = json.dumps({"detail": message}).encode()
            media = b"application/json"
        else:
            lang = "en"
            for key, value in scope.get("headers") or []:
                if key == b"cookie" and f"{LANG_COOKIE}=id".encode() in value:
                    lang = "id"
            _ = translator(lang)
            body = (
                templates()
                .get_template("error.html")
                .render(
                    _=_,
                    lang=lang,
                    other_lang="en",
                    switch_url="/?lang=en",
                    nav=NAV,
                    path="/",
                    version=__version__,
                    title=_("Upload too large"),
                    message=message,
                )
                .encode()
            )
            media = b"text/html; charset=utf-8"
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", media), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})

    app.add_middleware(BodyLimit, limit=max_upload, respond=too_large)
    return app
