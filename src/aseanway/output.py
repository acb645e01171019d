"""Render typed results for people (rich tables) or for machines (JSON, CSV on stdout alone)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def to_plain(obj: Any) -> Any:
    """Pydantic models, dataclasses-as-dicts and lists into JSON-ready Python values."""
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json")
    if isinstance(obj, Mapping):
        return {str(k): to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    if isinstance(obj, Enum):
        return obj.value
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    if hasattr(obj, "item") and callable(obj.item):  # numpy scalars
        return obj.item()
    return obj


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def dumps_json(data: Any) -> str:
    return json.dumps(to_plain(data), ensure_ascii=False, indent=2)


def dumps_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    rows = [to_plain(r) for r in rows]
    cols = list(columns) if columns else _columns(rows)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(cols)
    for r in rows:
        writer.writerow([_cell(r.get(c)) for c in cols])
    return buf.getvalue()


def _columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    return cols


def make_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str] | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    title: str | None = None,
) -> Table:
    rows = [to_plain(r) for r in rows]
    cols = list(columns) if columns else _columns(rows)
    table = Table(title=title, show_lines=False)
    for c in cols:
        table.add_column((headers or {}).get(c, c), overflow="fold")
    for r in rows:
        table.add_row(*[_cell(r.get(c)) for c in cols])
    return table


PIPE_WIDTH = 160  # width of tables written to a file or a pipe (a terminal uses its own width)


def human_console(stderr: bool = False) -> Console:
    """A rich console for tables: the terminal's width, or ``PIPE_WIDTH`` when not a terminal."""
    probe = Console(stderr=stderr)
    return Console(stderr=stderr, width=None if probe.is_terminal else PIPE_WIDTH)


def emit(
    data: Any,
    fmt: Format | str,
    *,
    rows: Sequence[Mapping[str, Any]] | None = None,
    columns: Sequence[str] | None = None,
    headers: Mapping[str, str] | None = None,
    title: str | None = None,
    console: Console | None = None,
) -> None:
    """Print ``data`` in ``fmt``. JSON prints ``data``; table and CSV print ``rows`` (default: ``data``)."""
    fmt = Format(fmt)
    out = console or human_console()
    if fmt is Format.json:
        print(dumps_json(data))
        return
    table_rows = rows if rows is not None else data
    if isinstance(table_rows, Mapping) or isinstance(table_rows, BaseModel):
        table_rows = [table_rows]
    if fmt is Format.csv:
        print(dumps_csv(table_rows, columns), end="")
        return
    out.print(make_table(table_rows, columns, headers=headers, title=title))
