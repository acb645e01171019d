"""CLI commands ``aseanway compare RUN --actor CODE`` and ``aseanway report RUN --out DIR`` (stored runs)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from aseanway.analysis.compare import compare
from aseanway.analysis.report import write_report
from aseanway.cli.common import DbOpt, FormatOpt, LangOpt, RunArg, lang_of
from aseanway.i18n import translator
from aseanway.output import Format, emit, human_console
from aseanway.store import DEFAULT_DB, Store


def _compare(
    run: RunArg,
    actor: Annotated[str, typer.Option("--actor", help="Actor of the foreign-policy view (e.g. IDN).")],
    db: DbOpt = Path(DEFAULT_DB),
    fmt: FormatOpt = Format.table,
    lang: LangOpt = None,
) -> None:
    """The two levels side by side: an actor's foreign policy and international politics in one run."""
    code = lang_of(lang)
    _ = translator(code)
    with Store(db, read_only=True) as store:
        result = compare(store, run, actor, code)
    rows = []
    for row in result.rows:
        rows.append(
            {
                "dimension": row.label,
                "foreign_policy": "\n".join(
                    [row.foreign_policy.concept]
                    + [f"- {f.label}: {f.text}" for f in row.foreign_policy.findings]
                ),
                "international_politics": "\n".join(
                    [row.international_politics.concept]
                    + [f"- {f.label}: {f.text}" for f in row.international_politics.findings]
                ),
            }
        )
    first = result.rows[0]
    headers = {
        "dimension": _("Difference"),
        "foreign_policy": f"{first.foreign_policy.name}: {result.actor_name}",
        "international_politics": first.international_politics.name,
    }
    if Format(fmt) is Format.table:
        from rich.table import Table

        table = Table(title=_("Run {run}: the four differences").format(run=run), show_lines=True)
        for key in ("dimension", "foreign_policy", "international_politics"):
            table.add_column(headers[key], overflow="fold")
        for r in rows:
            table.add_row(r["dimension"], r["foreign_policy"], r["international_politics"])
        human_console().print(table)
        return
    emit(result, fmt, rows=rows, columns=list(headers), headers=headers)


def _report(
    run: RunArg,
    out: Annotated[Path, typer.Option("--out", help="Folder for the PNG, JSON and HTML files.")],
    actor: Annotated[
        str | None,
        typer.Option("--actor", help="Add the foreign-policy view of this actor.", show_default=False),
    ] = None,
    db: DbOpt = Path(DEFAULT_DB),
    fmt: FormatOpt = Format.table,
    lang: LangOpt = None,
) -> None:
    """Write figures (PNG + JSON data) and a self-contained HTML report of a stored run."""
    code = lang_of(lang)
    _ = translator(code)
    with Store(db, read_only=True) as store:
        result = write_report(store, run, out, actor=actor, lang=code)
    if Format(fmt) is Format.json:
        emit(result, fmt)
        return
    emit([{"file": f} for f in result.files], fmt, columns=["file"], headers={"file": _("File")})
    print(_("Report: {path}").format(path=result.html), file=sys.stderr)


def register(app: typer.Typer) -> None:
    app.command("compare")(_compare)
    app.command("report")(_report)
