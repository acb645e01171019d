"""`aseanway explain`: the two concepts, their four differences, and ASEAN political cooperation."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.panel import Panel
from rich.table import Table

from aseanway.cli.common import FormatOpt, LangOpt, lang_of
from aseanway.concepts import Level, load_concepts
from aseanway.concepts.explain import Explanation, Topic, explain
from aseanway.i18n import translator
from aseanway.output import Format, emit, human_console


def _show(result: Explanation) -> None:
    _ = translator(result.lang)
    console = human_console()
    console.print(Panel(result.text, title=f"[bold]{result.title}[/bold]", expand=False))
    if result.topic is Topic.differences:
        concepts = load_concepts()
        table = Table(show_lines=True)
        table.add_column("", style="bold")
        for level in Level:
            table.add_column(concepts.concept(level).name.get(result.lang))
        for item in result.items:
            table.add_row(item.label, item.foreign_policy, item.international_politics)
    else:
        table = Table(show_header=False, show_lines=True)
        table.add_column(style="bold")
        table.add_column()
        for item in result.items:
            table.add_row(item.label, item.text)
    console.print(table)
    console.print(f"[dim]{_('Source')}: {result.source}[/dim]")


def register(app: typer.Typer) -> None:
    @app.command("explain")
    def explain_cmd(
        topic: Annotated[
            Topic, typer.Argument(help="What to explain.", show_default=True)
        ] = Topic.differences,
        lang: LangOpt = None,
        fmt: FormatOpt = Format.table,
    ) -> None:
        """Explain foreign policy, international politics, their differences, or ASEAN cooperation."""
        result = explain(topic, lang_of(lang))
        if fmt is Format.table:
            _show(result)
        else:
            emit(result, fmt, rows=[i.model_dump() for i in result.items], columns=["label", "text"])
