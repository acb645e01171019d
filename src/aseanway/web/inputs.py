"""Uploaded input: size limit, decoding, and validation with the same functions (and errors) as the CLI.

Nothing uploaded is executed or used as a path: scenario YAML goes through ``yaml.safe_load`` and the
pydantic ``Scenario`` model (``parse_scenario``); a positions CSV is written into a fresh temporary
directory under a fixed name (``positions.csv``) so that the CLI's reader (``negotiation.io.load``) checks
it line by line, and the error is reported under the uploaded file's (sanitised) name.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aseanway.errors import InputError
from aseanway.negotiation.io import POSITION_COLUMNS, IssueTable, load

MAX_UPLOAD_BYTES = 1_000_000  # 1 MB per request: a scenario or positions file is a few kB of text
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def display_name(filename: str | None, default: str) -> str:
    """A name to show in messages: the last path part, odd characters replaced; never used as a path."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _SAFE_NAME.sub("_", name).strip("._")[:80]
    return name or default


def decode(data: bytes, name: str) -> str:
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadTooLarge()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", file=name) from None


class UploadTooLarge(Exception):
    """A request body above ``MAX_UPLOAD_BYTES``; answered with 413."""


def too_large_message(limit: int = MAX_UPLOAD_BYTES) -> str:
    return f"upload too large: the limit is {limit:,} bytes ({limit / 1e6:g} MB) per request"


class BodyLimit:
    """ASGI middleware: refuse request bodies larger than ``limit`` bytes with 413 before parsing them.

    A declared ``Content-Length`` above the limit is refused at once; a body without one is counted
    as it arrives. ``respond(scope, send, message)`` writes the 413 answer (JSON for /api, else HTML).
    """

    def __init__(self, app: ASGIApp, limit: int, respond) -> None:
        self.app, self.limit, self.respond = app, limit, respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self.respond(scope, send, too_large_message(self.limit))
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise UploadTooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except UploadTooLarge:
            if not started:
                await self.respond(scope, send, too_large_message(self.limit))


# ---- positions tables -------------------------------------------------------------------------------
def _rename(exc: InputError, names: dict[str, str]) -> InputError:
    file = names.get(Path(exc.file).name, exc.file) if exc.file else exc.file
    return InputError(exc.detail, file=file, line=exc.line, field=exc.field)


def load_table(positions_csv: str, issues_csv: str | None = None, *, names: tuple[str, str]) -> IssueTable:
    """Validate CSV text exactly as ``aseanway forecast`` reads files; errors name ``names`` (pos, issues)."""
    with tempfile.TemporaryDirectory(prefix="aseanway-upload-") as tmp:
        pos = Path(tmp) / "positions.csv"
        pos.write_text(positions_csv, encoding="utf-8")
        iss = None
        if issues_csv is not None and issues_csv.strip():
            iss = Path(tmp) / "issues.csv"
            iss.write_text(issues_csv, encoding="utf-8")
        try:
            return load(pos, iss)
        except InputError as exc:
            raise _rename(exc, {"positions.csv": names[0], "issues.csv": names[1]}) from None


def rows_to_csv(rows: list[dict[str, Any]], columns: tuple[str, ...] = POSITION_COLUMNS) -> str:
    """A JSON or form table as CSV text (line 1 the header, row k on line k + 1)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else str(row.get(c)) for c in columns])
    return buf.getvalue()


def table_rows(table: IssueTable) -> list[dict[str, Any]]:
    """The rows of a validated table, for the editable table on the page."""
    out = []
    for i, issue in enumerate(table.issues):
        for a, actor in enumerate(table.actors):
            if not table.mask[i, a]:
                continue
            sal = table.salience[i, a]
            out.append(
                {
                    "issue": issue,
                    "actor": actor,
                    "position": f"{table.position[i, a]:g}",
                    "salience": "" if sal != sal else f"{sal:g}",
                    "capability": f"{table.capability[i, a]:g}",
                }
            )
    return out
