"""`aseanway run`, `runs`, `export` and `scenario schema|check`: the simulation from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from aseanway.analysis.international import group_labels, indicator_group
from aseanway.cli.common import DbOpt, FormatOpt, LangOpt, RunArg, lang_of
from aseanway.i18n import translator
from aseanway.output import Format, emit, human_console, make_table
from aseanway.simulation.labels import ADOPT_LABELS, INDICATOR_LABELS, indicator_labels  # noqa: F401
from aseanway.simulation.runner import RunSummary, dask_executor, run_scenario
from aseanway.simulation.scenario import DEFAULT_SCENARIO, json_schema, load_scenario
from aseanway.store import DEFAULT_DB, Store


def _print_summary(summary: RunSummary, lang: str) -> None:
    _ = translator(lang)
    console = human_console()
    rows = []
    for s in summary.issues:
        interval = f"{s.outcome_p10:.1f}-{s.outcome_p90:.1f}" if s.outcome_p10 is not None else "-"
        rows.append(
            {
                "issue": f"{s.name} ({_(ADOPT_LABELS[s.adopt_as])})",
                "consensus": f"{100 * s.consensus_share:.0f}%"
                + (
                    _(" (+{share}% minus-X)").format(share=f"{100 * s.minus_x_share:.0f}")
                    if s.minus_x_share
                    else ""
                ),
                "outcome": "-" if s.mean_outcome is None else f"{s.mean_outcome:.1f}",
                "p10-p90": interval,
                "blockers": ", ".join(f"{c} {100 * s.blocker_shares[c]:.0f}%" for c in s.usual_blockers)
                or "-",
            }
        )
    headers = {
        "issue": _("Agenda item"),
        "consensus": _("Runs with consensus"),
        "outcome": _("Mean outcome"),
        "p10-p90": _("80% interval"),
        "blockers": _("Usual blockers"),
    }
    title = _("Scenario {name}: {runs} runs, seed {seed}, {meetings} meetings").format(
        name=summary.scenario, runs=summary.runs, seed=summary.seed, meetings=summary.meetings
    )
    console.print(make_table(rows, headers=headers, title=title))
    labels = indicator_labels()
    groups = {key: label for key, label in group_labels(lang)}
    order = {key: k for k, key in enumerate(groups)}
    ind = [
        {
            "goal": groups[indicator_group(i.name)],
            "name": _(labels.get(i.name, i.name)),
            "mean": f"{i.mean:.3f}",
            "p10-p90": f"{i.p10:.3f}-{i.p90:.3f}",
        }
        for i in sorted(summary.indicators, key=lambda i: order[indicator_group(i.name)])
    ]
    console.print(
        make_table(
            ind,
            headers={
                "goal": _("Goal"),
                "name": _("System indicator (end of period)"),
                "mean": _("Mean"),
                "p10-p90": _("80% interval"),
            },
        )
    )
    if summary.run_id is not None:
        console.print(
            _("Stored as run {run_id} in {db} (aseanway {version}).").format(
                run_id=summary.run_id, db=summary.db, version=summary.version
            )
        )


def register(app: typer.Typer) -> None:
    @app.command("run")
    def run_cmd(
        scenario: Annotated[
            str, typer.Argument(help="Scenario YAML file or embedded name.", show_default=True)
        ] = DEFAULT_SCENARIO,
        runs: Annotated[int | None, typer.Option("--runs", "-n", min=1, help="Monte Carlo runs.")] = None,
        seed: Annotated[int | None, typer.Option("--seed", min=0, help="Master seed.")] = None,
        db: DbOpt = Path(DEFAULT_DB),
        workers: Annotated[int, typer.Option("--workers", "-j", min=1, help="Worker processes.")] = 1,
        dask: Annotated[
            str | None,
            typer.Option("--dask", help="Address of a dask.distributed scheduler to run the chunks on."),
        ] = None,
        fmt: FormatOpt = Format.table,
        lang: LangOpt = None,
    ) -> None:
        """Simulate a scenario (default: the embedded asean-2026) and store the results."""
        lang = lang_of(lang)
        _ = translator(lang)
        err = Console(stderr=True)
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        ) as bar:
            task = bar.add_task(_("Simulating"), total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            summary = run_scenario(
                scenario,
                runs=runs,
                seed=seed,
                db=db,
                workers=workers,
                executor=dask_executor(dask) if dask else None,
                lang=lang,
                progress=progress,
            )
        if fmt is Format.table:
            _print_summary(summary, lang)
        elif fmt is Format.json:
            emit(summary, fmt)
        else:
            emit(summary, fmt, rows=[i.model_dump() for i in summary.issues])

    @app.command("runs")
    def runs_cmd(db: DbOpt = Path(DEFAULT_DB), fmt: FormatOpt = Format.table, lang: LangOpt = None) -> None:
        """List the runs stored in a results file."""
        _ = translator(lang_of(lang))
        with Store(db, read_only=True) as store:
            infos = store.runs()
        rows = [
            i.model_dump(include={"run_id", "scenario", "seed", "runs", "version", "started_at", "status"})
            | {"scenario_hash": i.scenario_hash[:12]}
            for i in infos
        ]
        emit(infos, fmt, rows=rows if fmt is Format.table else None, title=_("Stored runs"))

    @app.command("export")
    def export_cmd(
        run_id: RunArg,
        parquet: Annotated[Path, typer.Option("--parquet", help="Folder to write Parquet files into.")],
        db: DbOpt = Path(DEFAULT_DB),
    ) -> None:
        """Export one stored run as Parquet files (one per table)."""
        with Store(db, read_only=True) as store:
            written = store.export_parquet(run_id, parquet)
        for path in written:
            print(path)

    scenario_app = typer.Typer(help="Scenario files: their schema and validation.", no_args_is_help=True)
    app.add_typer(scenario_app, name="scenario")

    @scenario_app.command("schema")
    def schema_cmd() -> None:
        """Print the JSON Schema of scenario files (version 1)."""
        json.dump(json_schema(), sys.stdout, indent=2)
        print()

    @scenario_app.command("check")
    def check_cmd(file: Annotated[str, typer.Argument(help="Scenario YAML file or embedded name.")]) -> None:
        """Validate a scenario file against the schema and the reference world; nothing runs."""
        from aseanway.mechanisms import build_mechanisms
        from aseanway.simulation.setup import prepare

        sc = load_scenario(file)
        inputs = prepare(sc)
        build_mechanisms(inputs)  # mechanism settings are resolved too (e.g. a dispute's parties)
        print(
            f"{file}: ok (scenario {sc.name!r}, {len(sc.actors)} actors, {len(sc.issues)} issues, "
            f"{len(inputs.meetings)} meetings, sha256 {sc.digest()[:12]})"
        )
