"""CLI commands: ``forecast`` (negotiation models on a positions file) and ``validate deu3``."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from aseanway.cli.common import FormatOpt, LangOpt, lang_of
from aseanway.errors import InputError
from aseanway.i18n import translator
from aseanway.negotiation.forecast import forecast_table, resolve_models
from aseanway.negotiation.io import load
from aseanway.negotiation.registry import ALL
from aseanway.negotiation.validation import BOOT_SEED, N_BOOT, validate_deu3
from aseanway.output import PIPE_WIDTH, Format, dumps_csv, dumps_json, human_console, make_table

validate_app = typer.Typer(
    name="validate",
    help="Validate the negotiation models on real negotiations with known outcomes.",
    no_args_is_help=True,
)

_FORECAST_COLUMNS = ["issue", "model", "model_used", "forecast"]
_DRAW_COLUMNS = ["mean", "lower", "upper"]
_CONSULT_COLUMNS = ["consensus", "rounds", "fallback", "blockers"]


def _progress(label: str) -> Progress:
    return Progress(
        TextColumn(label),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write file: {exc.strerror or exc}", file=str(out)) from None


def _render(data, rows, columns, headers, title, fmt: Format, out: Path | None) -> None:
    if fmt is Format.json:
        _write(dumps_json(data) + "\n", out)
    elif fmt is Format.csv:
        _write(dumps_csv(rows, columns), out)
    else:
        table = make_table(rows, columns, headers=headers, title=title)
        if out:
            buf = io.StringIO()
            Console(file=buf, width=PIPE_WIDTH).print(table)
            _write(buf.getvalue(), out)
        else:
            human_console().print(table)


def forecast(
    positions: Annotated[
        Path, typer.Argument(help="CSV with columns issue,actor,position,salience,capability.")
    ],
    issues: Annotated[
        Path | None, typer.Option("--issues", help="CSV with column issue and optionally status_quo.")
    ] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", "-m", help=f"Model name or 'all' ({', '.join(ALL)}); default: recommended."),
    ] = None,
    draws: Annotated[int, typer.Option("--draws", min=0, help="Monte Carlo draws of perturbed inputs.")] = 0,
    seed: Annotated[int | None, typer.Option("--seed", min=0, help="Seed of the draws.")] = None,
    fmt: FormatOpt = Format.table,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the output to this file.")] = None,
    lang: LangOpt = None,
) -> None:
    """Forecast the outcome of each issue with the negotiation models."""
    _ = translator(lang_of(lang))
    try:
        pairs = resolve_models(model)
    except KeyError as exc:
        raise typer.BadParameter(str(exc.args[0]), param_hint="--model") from None
    table = load(positions, issues)
    if draws > 0:
        with _progress(_("Draws")) as bar:
            task = bar.add_task("draws", total=draws * len(pairs))
            result = forecast_table(
                table, model, draws=draws, seed=seed, progress=lambda k: bar.advance(task, k)
            )
    else:
        result = forecast_table(table, model, draws=draws, seed=seed)
    names = {p[1] for p in pairs}
    columns = list(_FORECAST_COLUMNS)
    if draws > 0:
        columns += _DRAW_COLUMNS
    if "consultation" in names:
        columns += (["consensus_probability"] if draws > 0 else []) + _CONSULT_COLUMNS
    rows = []
    for r in result.rows:
        row = r.model_dump()
        row["blockers"] = ";".join(r.blockers) if r.blockers is not None else None
        rows.append(row)
    headers = {
        "issue": _("Issue"),
        "model": _("Model"),
        "model_used": _("Model used"),
        "forecast": _("Forecast"),
        "mean": _("Mean"),
        "lower": _("Lower (10%)"),
        "upper": _("Upper (90%)"),
        "consensus_probability": _("Probability of consensus"),
        "consensus": _("Consensus"),
        "rounds": _("Rounds"),
        "fallback": _("Fallback"),
        "blockers": _("Blocking actors"),
    }
    title = _("Negotiation forecast")
    if table.missing_salience:  # stderr only: machine output on stdout stays clean
        Console(stderr=True).print(
            _("{n} unknown saliences read as {s:g}.").format(
                n=table.missing_salience, s=result.assumed_salience
            )
        )
    _render(result, rows, columns, headers, title, fmt, out)


def _default_deu3() -> Path:
    shared = os.environ.get("ASEANWAY_SHARED")
    return (Path(shared) if shared else Path("..") / "shared") / "data" / "deu3"


@validate_app.command("deu3")
def validate_deu3_cmd(
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            help="DEU III folder with issues.csv and positions.csv "
            "(default: $ASEANWAY_SHARED/data/deu3, else ../shared/data/deu3).",
        ),
    ] = None,
    boot: Annotated[int, typer.Option("--boot", min=100, help="Bootstrap resamples.")] = N_BOOT,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of the bootstrap.")] = BOOT_SEED,
    fmt: FormatOpt = Format.table,
    lang: LangOpt = None,
) -> None:
    """Score every model against the real outcomes of DEU III (EU legislative negotiations)."""
    _ = translator(lang_of(lang))
    folder = data if data is not None else _default_deu3()
    with _progress(_("Models")) as bar:
        task = bar.add_task("models", total=len(ALL))
        result = validate_deu3(folder, n_boot=boot, seed=seed, progress=lambda _n: bar.advance(task))
    rows = [
        {
            "model": s.model,
            "kind": _("baseline") if s.baseline else _("model"),
            "mae": f"{s.mae:.2f}",
            "median_error": f"{s.median_error:.2f}",
            "within_10": f"{s.within_10:.3f}",
            "diff": f"{s.diff_vs_compromise:+.2f}",
            "interval": f"[{s.diff_lower:+.2f}, {s.diff_upper:+.2f}]",
            "recommended": "*" if s.model == result.default_model else "",
        }
        for s in result.scores
    ]
    headers = {
        "model": _("Model"),
        "kind": _("Kind"),
        "mae": _("MAE"),
        "median_error": _("Median error"),
        "within_10": _("Within 10"),
        "diff": _("vs compromise"),
        "interval": _("95% interval"),
        "recommended": _("Recommended"),
    }
    title = _("DEU III: {n} issues of {p} proposals; * = recommended model").format(
        n=result.n_issues, p=result.n_proposals
    )
    _render(result, rows, list(headers), headers, title, Format(fmt), None)


def register(app: typer.Typer) -> None:
    """Add ``forecast`` and the ``validate`` group to the root app."""
    app.command("forecast")(forecast)
    app.add_typer(validate_app, name="validate")
