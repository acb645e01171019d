"""Reading YAML input safely and saying precisely where it is wrong (shared by world data and scenarios).

YAML is read with PyYAML's safe loader only (nothing in a file is ever executed). Pydantic's validation
errors are turned into an :class:`~aseanway.errors.InputError` that names the file, the line of the
offending node and its field path (``issues[0].positions.IDN.salience``).
"""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import ValidationError

from aseanway.errors import InputError


def field_path(loc: tuple[Any, ...]) -> str:
    """Pydantic's ``loc`` as a path people read: ``actors[3].salience``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def line_of(text: str, loc: tuple[Any, ...]) -> int | None:
    """1-based line of the YAML node at ``loc`` (the deepest node of the path that exists)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line = None if node is None else node.start_mark.line + 1
    for part in loc:
        nxt = None
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if getattr(k, "value", None) == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            nxt = node.value[part]
        if nxt is None:
            break
        node = nxt
        line = node.start_mark.line + 1
    return line


def syntax_error(exc: yaml.YAMLError, file: str) -> InputError:
    """A YAML syntax error as an InputError with the line where the parser stopped."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return InputError(f"not valid YAML ({problem})", file=file, line=None if mark is None else mark.line + 1)


def validation_error(exc: ValidationError, text: str, file: str) -> InputError:
    """The first validation error, located by line and field path, with what was given."""
    err = exc.errors()[0]
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-after")))
    msg = err["msg"].removeprefix("Value error, ")
    got = err.get("input")
    if err["type"] != "missing" and got is not None and not isinstance(got, (dict, list)):
        msg = f"{msg} (got {got!r})"
    if exc.error_count() > 1:
        msg += f" (+{exc.error_count() - 1} more)"
    return InputError(msg, file=file, line=line_of(text, loc), field=field_path(loc) or None)
