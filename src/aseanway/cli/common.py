"""Options and helpers shared by every command module of the CLI.

Each command module defines ``register(app)`` and adds its commands or sub-apps to the root app;
commands stay thin: parse options, call a library function returning a typed result, render it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aseanway.i18n import LANGS, resolve_lang
from aseanway.output import Format

DbOpt = Annotated[Path, typer.Option("--db", help="DuckDB results file.")]
RunArg = Annotated[int, typer.Argument(help="Run id (see `aseanway runs`).", show_default=False)]
FormatOpt = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output format: table for people, json or csv for machines."),
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        "-l",
        help=f"Language of the output: {' or '.join(LANGS)} (default: $ASEANWAY_LANG, else en).",
        show_default=False,
    ),
]


def lang_of(flag: str | None) -> str:
    """Resolve the language or fail with a one-line usage error."""
    try:
        return resolve_lang(flag)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
