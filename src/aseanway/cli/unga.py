"""CLI commands: ``aseanway unga coincidence | cohesion | affinity`` (real UN General Assembly votes)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from aseanway.analysis import unga as lib
from aseanway.cli.common import FormatOpt, LangOpt, lang_of
from aseanway.i18n import translator
from aseanway.output import Format, emit

DataOpt = Annotated[
    Path,
    typer.Option(
        "--data",
        help="Folder with roll_calls.csv and votes.csv.gz (the format of shared/data/unga).",
        show_default=False,
    ),
]
FromOpt = Annotated[int, typer.Option("--from", help="First calendar year (roll-call date).")]
ToOpt = Annotated[int, typer.Option("--to", help="Last calendar year (roll-call date), inclusive.")]


def _coincidence(
    data: DataOpt,
    with_: Annotated[str, typer.Option("--with", help="Reference state, ISO alpha-2 or alpha-3 (e.g. US).")],
    session: Annotated[int, typer.Option("--session", help="General Assembly session (1-72 in the data).")],
    important: Annotated[
        bool, typer.Option("--important", help="Only the US State Department's 'important votes'.")
    ] = False,
    group: Annotated[
        str | None, typer.Option("--group", help="Pool the members of a group (ASEAN) into one figure.")
    ] = None,
    method: Annotated[
        lib.CoincidenceMethod,
        typer.Option(
            "--method", help="same-opposite (to 2016) or half-credit (State Department since 2017)."
        ),
    ] = lib.CoincidenceMethod.same_opposite,
    fmt: FormatOpt = Format.table,
    lang: LangOpt = None,
) -> None:
    """Voting coincidence with a state, as the US State Department computes it."""
    _ = translator(lang_of(lang))
    result = lib.coincidence(
        lib.load_unga(data), with_, session, important=important, group=group, method=method
    )
    columns = ["code", "name", "same", "opposite", "partial", "coincidence"]
    headers = {
        "code": _("Code"),
        "name": _("Name"),
        "same": _("Same"),
        "opposite": _("Opposite"),
        "partial": _("Partial"),
        "coincidence": _("Coincidence"),
    }
    title = _("Voting coincidence with {code}, session {session}").format(
        code=result.with_code, session=result.session
    )
    emit(result.rows, fmt, columns=columns, headers=headers, title=title)


def _cohesion(
    data: DataOpt,
    year_from: FromOpt,
    year_to: ToOpt,
    group: Annotated[str, typer.Option("--group", help="Group whose members' votes are compared.")] = "ASEAN",
    out: Annotated[
        Path | None, typer.Option("--out", help="Write a PNG plot of both series here.", show_default=False)
    ] = None,
    fmt: FormatOpt = Format.table,
    lang: LangOpt = None,
) -> None:
    """A group's voting cohesion per year: identical-vote share and agreement score over member pairs."""
    code = lang_of(lang)
    _ = translator(code)
    result = lib.cohesion(lib.load_unga(data), group, year_from, year_to)
    if out is not None:
        from aseanway.analysis.unga_plot import plot_cohesion

        plot = plot_cohesion(result, out, lang=code)
        print(_("Plot written to {path}").format(path=plot.path), file=sys.stderr)
    rows = [y.model_dump() | {"n_members": len(y.members)} for y in result.years]
    columns = ["year", "n_members", "n_rollcalls", "n_pair_votes", "identical_share", "agreement"]
    headers = {
        "year": _("Year"),
        "n_members": _("Members"),
        "n_rollcalls": _("Roll calls"),
        "n_pair_votes": _("Pair votes"),
        "identical_share": _("Identical share"),
        "agreement": _("Agreement"),
    }
    title = _("{group} voting cohesion in the UN General Assembly").format(group=result.group)
    emit(result, fmt, rows=rows, columns=columns, headers=headers, title=title)


def _affinity(
    data: DataOpt,
    year_from: FromOpt,
    year_to: ToOpt,
    countries: Annotated[
        str | None,
        typer.Option("--countries", help="Comma-separated alpha-2 or alpha-3 codes (default: every state)."),
    ] = None,
    fmt: FormatOpt = Format.table,
    lang: LangOpt = None,
) -> None:
    """Dyadic voting agreement (Voeten) between states, the matrix that seeds scenario relations."""
    _ = translator(lang_of(lang))
    codes = [c for c in (countries or "").replace(" ", "").split(",") if c] or None
    result = lib.affinity(lib.load_unga(data), year_from, year_to, codes)
    headers = {
        "code_a": _("State A"),
        "code_b": _("State B"),
        "agreement": _("Agreement"),
        "n_votes": _("Joint votes"),
    }
    title = _("Voting agreement in the UN General Assembly, {start}-{end}").format(
        start=year_from, end=year_to
    )
    emit(result, fmt, rows=result.pairs(), headers=headers, title=title)


def register(app: typer.Typer) -> None:
    """Add the ``unga`` sub-app to the root app."""
    sub = typer.Typer(
        name="unga",
        help="Real UN General Assembly votes: coincidence, cohesion, agreement.",
        no_args_is_help=True,
    )
    sub.command("coincidence")(_coincidence)
    sub.command("cohesion")(_cohesion)
    sub.command("affinity")(_affinity)
    app.add_typer(sub, name="unga")
