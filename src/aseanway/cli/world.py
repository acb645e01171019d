"""`aseanway world ...`: members, partners, ARF, forums, instruments, disputes and the chair."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from aseanway.cli.common import FormatOpt, LangOpt, lang_of
from aseanway.i18n import N_, translator
from aseanway.output import Format, emit
from aseanway.world import chair, load_world
from aseanway.world import views as v

world_app = typer.Typer(
    name="world",
    help="The reference world of ASEAN: members, partners, forums, treaties and declarations, "
    "disputes, chairs.",
    no_args_is_help=True,
)

TITLES = {
    "members": N_("ASEAN member states"),
    "partners": N_("ASEAN partners"),
    "arf": N_("ASEAN Regional Forum participants"),
    "forums": N_("ASEAN bodies and forums"),
    "instruments": N_("Treaties and declarations"),
    "disputes": N_("Disputes and how they were handled"),
    "chair": N_("ASEAN Chair"),
}


def _show(
    kind: str,
    records: list[dict[str, Any]],
    columns: list[str],
    fmt: Format,
    lang: str,
    title_suffix: str = "",
) -> None:
    _ = translator(lang)
    if fmt is Format.json:
        emit(records, fmt)
        return
    rows = v.table_rows(kind, records, lang)
    headers = {c: _(v.HEADERS[c]) for c in columns} if fmt is Format.table else None
    emit(records, fmt, rows=rows, columns=columns, headers=headers, title=_(TITLES[kind]) + title_suffix)


def _listing(
    kind: str, fn: Callable[[Any, str], list[dict[str, Any]]], columns: list[str]
) -> Callable[..., None]:
    def command(fmt: FormatOpt = Format.table, lang: LangOpt = None) -> None:
        lg = lang_of(lang)
        _show(kind, fn(load_world(), lg), columns, fmt, lg)

    return command


def register(app: typer.Typer) -> None:
    """Add the `world` sub-app to the root app."""
    world_app.command("members", help="ASEAN member states with codes and accession dates.")(
        _listing("members", v.member_records, v.MEMBER_COLUMNS)
    )
    world_app.command(
        "partners", help="Dialogue, sectoral partners and observers, with the year each began."
    )(_listing("partners", v.partner_records, v.PARTNER_COLUMNS))
    world_app.command("arf", help="ASEAN Regional Forum participants.")(
        _listing("arf", v.arf_records, v.ARF_COLUMNS)
    )
    world_app.command("forums", help="Bodies and forums: who attends, how often, how they decide.")(
        _listing("forums", v.forum_records, v.FORUM_COLUMNS)
    )
    world_app.command("instruments", help="Treaties and declarations: signed, in force, ratifications.")(
        _listing("instruments", v.instrument_records, v.INSTRUMENT_COLUMNS)
    )
    world_app.command("disputes", help="Disputes and the handling steps taken.")(
        _listing("disputes", v.dispute_records, v.DISPUTE_COLUMNS)
    )

    @world_app.command("chair")
    def chair_cmd(
        year: Annotated[int, typer.Argument(help="Year (1967-2035).")],
        fmt: FormatOpt = Format.table,
        lang: LangOpt = None,
    ) -> None:
        """The ASEAN Chair of a year, from the rotation rule and its recorded exceptions."""
        lg = lang_of(lang)
        info = chair(year)
        record = v.chair_record(info, lg)
        if fmt is Format.json:
            emit(record, fmt)
            return
        if fmt is Format.csv:
            _show("chair", [record], v.CHAIR_COLUMNS, fmt, lg)
            return
        _ = translator(lg)
        row = v.table_rows("chair", [record], lg)[0]
        pairs = [{"field": _(v.HEADERS[c]), "value": row[c]} for c in v.CHAIR_COLUMNS]
        emit(
            record,
            fmt,
            rows=pairs,
            columns=["field", "value"],
            headers={"field": "", "value": ""},
            title=f"{_(TITLES['chair'])} {year}",
        )

    app.add_typer(world_app, name="world")
