"""A report people look at: PNG figures, their data as JSON, and one self-contained HTML page.

``write_report`` writes into ``out_dir``: ``<figure>.png`` and ``<figure>.json`` for each figure of
``plots.FIGURES`` (the radar only with an actor), and ``report.html``: both views of the run (and,
with an actor, the four differences side by side) with the figures embedded as base64 data URIs. The
page links to nothing outside itself (no CDN, no web font, no script), so it opens offline.
"""

from __future__ import annotations

import base64
import json
from importlib import resources
from pathlib import Path

import jinja2
from pydantic import BaseModel

from aseanway.analysis.compare import compare_views
from aseanway.analysis.foreign_policy import load_run, view_of
from aseanway.analysis.international import system_of
from aseanway.analysis.plots import DRAW, TITLES, figure_data_of, png_bytes
from aseanway.errors import InputError
from aseanway.i18n import N_, translator
from aseanway.output import to_plain
from aseanway.store import Store

SCHEMA_VERSION = 1
TEMPLATE = "report.html.j2"
HTML_NAME = "report.html"

TEXTS = {
    "run": N_("Run"),
    "seed": N_("seed"),
    "runs": N_("runs"),
    "differences": N_("The four differences"),
    "fp_title": N_("Foreign policy"),
    "ip_title": N_("International politics"),
    "aspect": N_("Aspect"),
    "weight": N_("Interest weight"),
    "served": N_("Interest served (stated positions)"),
    "served_final": N_("Interest served (final positions)"),
    "serving": N_("Agreements serving it"),
    "adopted_items": N_("Adopted items (all runs)"),
    "overall": N_("Overall"),
    "value": N_("Value"),
    "score": N_("Own score"),
    "carried_by": N_("Issues carrying it"),
    "implied": N_("Level implied by outcomes"),
    "congruence": N_("Congruence"),
    "forum": N_("Forum"),
    "rule": N_("Decision rule"),
    "players": N_("Players"),
    "pull": N_("Outcomes moved towards it from the opening proposal"),
    "closer": N_("Moved closer"),
    "away": N_("Moved away"),
    "indicator": N_("Indicator"),
    "start": N_("Start"),
    "end": N_("End"),
    "cohesion": N_("ASEAN cohesion"),
    "blocs": N_("Blocs"),
    "partner": N_("Partner"),
    "nonstate": N_("Non-state actors and organisations"),
    "channel": N_("Channel"),
    "closeness": N_("Closeness of outcomes to its positions"),
    "figures": N_("Figures"),
    "method": N_("Definitions and sources of every measure: docs/analysis.md of aseanway."),
}


class FigureFile(BaseModel):
    key: str
    png: str
    json_path: str


class ReportResult(BaseModel):
    schema_version: int = SCHEMA_VERSION
    run_id: int
    actor: str | None
    lang: str
    out_dir: str
    html: str
    figures: list[FigureFile]
    files: list[str]


def _template() -> jinja2.Template:
    text = (resources.files("aseanway.analysis") / "templates" / TEMPLATE).read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(text)


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3g}"


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.0f}%"


def write_report(
    store: Store, run_id: int, out_dir: str | Path, actor: str | None = None, lang: str = "en"
) -> ReportResult:
    """Write the figures (PNG + JSON) and ``report.html`` of a complete run into ``out_dir``."""
    _ = translator(lang)
    data = load_run(store, run_id)
    info = store.run(run_id)
    fp = view_of(data, actor, lang, file=str(store.path)) if actor else None
    ip = system_of(data, lang)
    comparison = compare_views(fp, ip, lang) if fp else None
    figs = figure_data_of(data, fp.actor if fp else None)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the output folder: {exc.strerror}", file=str(out)) from None
    files, written, embedded = [], [], []
    for key, fig_data in figs.items():
        png, js = out / f"{key}.png", out / f"{key}.json"
        image = png_bytes(DRAW[key](fig_data, lang))
        png.write_bytes(image)
        js.write_text(json.dumps(fig_data, ensure_ascii=False, indent=1), encoding="utf-8")
        written.append(FigureFile(key=key, png=str(png), json_path=str(js)))
        files += [str(png), str(js)]
        embedded.append({"title": _(TITLES[key]), "b64": base64.b64encode(image).decode("ascii")})
    title = _("aseanway report: run {run_id}").format(run_id=run_id)
    if fp:
        title += f" ({fp.name})"
    html = _template().render(
        lang=lang,
        title=title,
        t={k: _(v) for k, v in TEXTS.items()},
        run=to_plain(info),
        fp=to_plain(fp) if fp else None,
        ip=to_plain(ip),
        comparison=to_plain(comparison) if comparison else None,
        figures=embedded,
        fmt=_fmt,
        pct=_pct,
    )
    page = out / HTML_NAME
    page.write_text(html, encoding="utf-8")
    files.append(str(page))
    return ReportResult(
        run_id=run_id,
        actor=fp.actor if fp else None,
        lang=lang,
        out_dir=str(out),
        html=str(page),
        figures=written,
        files=files,
    )


__all__ = ["FigureFile", "ReportResult", "write_report"]
