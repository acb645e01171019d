"""Errors that reach users: each names where the problem is and what was expected."""

from __future__ import annotations


class AseanwayError(Exception):
    """Base class of every error aseanway reports to a user (CLI prints it on one line)."""


class InputError(AseanwayError):
    """Bad input: names the file, the line and/or field, and what was expected.

    ``str(err)`` reads like ``positions.csv, line 4, column 'salience': expected a number in [0, 100],
    got 'high'``.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.detail = message
        where = []
        if file is not None:
            where.append(str(file))
        if line is not None:
            where.append(f"line {line}")
        if field is not None:
            where.append(f"field '{field}'")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)
