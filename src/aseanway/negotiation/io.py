"""Reading the forecast CSV files into model arrays, with errors that name file, line and column.

``POSITIONS.csv``: ``issue,actor,position,salience,capability`` (one row per issue and actor; salience may
be empty: read as NaN and treated by the models as ``DEFAULT_SALIENCE`` = 50). ``ISSUES.csv``: ``issue``
and optionally ``status_quo``, ``outcome``, ``proposal``, ``lower``, ``upper`` (other columns ignored).
Positions and status quo must lie within the issue's scale (``lower``-``upper``, default 0-100).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from aseanway.errors import InputError
from aseanway.negotiation.common import DEFAULT_LOWER, DEFAULT_UPPER, SALIENCE_MAX

POSITION_COLUMNS = ("issue", "actor", "position", "salience", "capability")


@dataclass
class IssueTable:
    """Issues x actors arrays built from the CSV files (``I`` issues, ``N`` distinct actors)."""

    issues: list[str]
    actors: list[str]
    position: np.ndarray  # float[I, N], NaN where absent
    salience: np.ndarray  # float[I, N], NaN where absent or unknown
    capability: np.ndarray  # float[I, N], 0 where absent
    mask: np.ndarray  # bool[I, N]
    status_quo: np.ndarray  # float[I], NaN unknown
    lower: np.ndarray  # float[I]
    upper: np.ndarray  # float[I]
    outcome: np.ndarray  # float[I], NaN where not given
    proposal: list[str] = field(default_factory=list)  # proposal id per issue ("" when not given)
    missing_salience: int = 0
    lines: np.ndarray | None = None  # int[I, N]: line of each position in POSITIONS.csv

    def subset(self, idx) -> IssueTable:
        idx = np.asarray(idx)
        return IssueTable(
            issues=[self.issues[i] for i in idx],
            actors=self.actors,
            position=self.position[idx],
            salience=self.salience[idx],
            capability=self.capability[idx],
            mask=self.mask[idx],
            status_quo=self.status_quo[idx],
            lower=self.lower[idx],
            upper=self.upper[idx],
            outcome=self.outcome[idx],
            proposal=[self.proposal[i] for i in idx] if self.proposal else [],
            missing_salience=int(np.sum(np.isnan(self.salience[idx]) & self.mask[idx])),
        )


def _number(text: str, *, file: str, line: int, column: str, allow_empty: bool = False) -> float:
    text = (text or "").strip()
    if text == "":
        if allow_empty:
            return math.nan
        raise InputError("expected a number, got an empty cell", file=file, line=line, field=column)
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"expected a number, got {text!r}", file=file, line=line, field=column) from None
    if not math.isfinite(value):
        raise InputError(f"expected a finite number, got {text!r}", file=file, line=line, field=column)
    return value


def _open_rows(path: Path, required: tuple[str, ...]):
    name = str(path)
    try:
        fh = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", file=name) from None
    with fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            raise InputError("empty file; expected a header row", file=name, line=1) from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"not a readable CSV file ({exc})", file=name, line=1) from None
        header = [h.strip() for h in header]
        for col in required:
            if col not in header:
                raise InputError(
                    f"missing column; the header must contain {', '.join(required)}",
                    file=name,
                    line=1,
                    field=col,
                )
        index = {h: k for k, h in enumerate(header)}
        try:
            for row in reader:
                if not row or all(not c.strip() for c in row):
                    continue
                if len(row) != len(header):
                    raise InputError(
                        f"expected {len(header)} cells as in the header, got {len(row)}",
                        file=name,
                        line=reader.line_num,
                    )
                yield reader.line_num, {h: row[k] for h, k in index.items()}
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"not a readable CSV row ({exc})", file=name, line=reader.line_num) from None


def load_positions(path: str | Path) -> IssueTable:
    """Read ``POSITIONS.csv`` into an :class:`IssueTable` (status quo unknown, default bounds)."""
    path = Path(path)
    name = str(path)
    issues: dict[str, int] = {}
    actors: dict[str, int] = {}
    records = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in _open_rows(path, POSITION_COLUMNS):
        issue, actor = row["issue"].strip(), row["actor"].strip()
        if not issue:
            raise InputError("expected an issue id, got an empty cell", file=name, line=line, field="issue")
        if not actor:
            raise InputError("expected an actor id, got an empty cell", file=name, line=line, field="actor")
        if (issue, actor) in seen:
            raise InputError(
                f"actor {actor!r} appears twice in issue {issue!r} (first on line {seen[(issue, actor)]})",
                file=name,
                line=line,
                field="actor",
            )
        seen[(issue, actor)] = line
        pos = _number(row["position"], file=name, line=line, column="position")
        sal = _number(row["salience"], file=name, line=line, column="salience", allow_empty=True)
        if not math.isnan(sal) and not 0.0 <= sal <= SALIENCE_MAX:
            raise InputError(
                f"expected a salience in [0, 100], got {row['salience'].strip()!r}",
                file=name,
                line=line,
                field="salience",
            )
        cap = _number(row["capability"], file=name, line=line, column="capability")
        if cap <= 0:
            raise InputError(
                f"expected a capability > 0, got {row['capability'].strip()!r}",
                file=name,
                line=line,
                field="capability",
            )
        issues.setdefault(issue, len(issues))
        actors.setdefault(actor, len(actors))
        records.append((issues[issue], actors[actor], pos, sal, cap, line))
    if not records:
        raise InputError("no data rows; expected one row per issue and actor", file=name, line=2)
    n_i, n_a = len(issues), len(actors)
    position = np.full((n_i, n_a), np.nan)
    salience = np.full((n_i, n_a), np.nan)
    capability = np.zeros((n_i, n_a))
    mask = np.zeros((n_i, n_a), dtype=bool)
    lines = np.zeros((n_i, n_a), dtype=int)
    rec = np.array([r[:5] for r in records], dtype=float)
    ii, aa = rec[:, 0].astype(int), rec[:, 1].astype(int)
    position[ii, aa], salience[ii, aa], capability[ii, aa] = rec[:, 2], rec[:, 3], rec[:, 4]
    mask[ii, aa] = True
    lines[ii, aa] = [r[5] for r in records]
    table = IssueTable(
        issues=list(issues),
        actors=list(actors),
        position=position,
        salience=salience,
        capability=capability,
        mask=mask,
        status_quo=np.full(n_i, np.nan),
        lower=np.full(n_i, DEFAULT_LOWER),
        upper=np.full(n_i, DEFAULT_UPPER),
        outcome=np.full(n_i, np.nan),
        proposal=[""] * n_i,
        missing_salience=int(np.isnan(salience[mask]).sum()),
        lines=lines,
    )
    return table


def check_bounds(table: IssueTable, positions_file: str) -> None:
    """Every position within its issue's scale; error names the line of the first offender."""
    lo, hi = table.lower[:, None], table.upper[:, None]
    bad = table.mask & ((table.position < lo) | (table.position > hi))
    if bad.any():
        i, a = map(int, np.argwhere(bad)[0])
        line = int(table.lines[i, a]) if table.lines is not None else None
        raise InputError(
            f"expected a position within the scale [{table.lower[i]:g}, {table.upper[i]:g}] of issue "
            f"{table.issues[i]!r}, got {table.position[i, a]:g}",
            file=positions_file,
            line=line,
            field="position",
        )


def attach_issues(table: IssueTable, path: str | Path, *, require_outcome: bool = False) -> IssueTable:
    """Add the columns of ``ISSUES.csv`` (status quo, outcome, proposal, bounds) to ``table`` in place."""
    path = Path(path)
    name = str(path)
    index = {k: i for i, k in enumerate(table.issues)}
    found: dict[str, int] = {}
    for line, row in _open_rows(path, ("issue",) + (("outcome",) if require_outcome else ())):
        issue = row["issue"].strip()
        if not issue:
            raise InputError("expected an issue id, got an empty cell", file=name, line=line, field="issue")
        if issue in found:
            raise InputError(
                f"issue {issue!r} appears twice (first on line {found[issue]})",
                file=name,
                line=line,
                field="issue",
            )
        found[issue] = line
        if issue not in index:
            raise InputError(
                f"issue {issue!r} has no rows in the positions file", file=name, line=line, field="issue"
            )
        i = index[issue]
        lo = _number(row.get("lower", ""), file=name, line=line, column="lower", allow_empty=True)
        hi = _number(row.get("upper", ""), file=name, line=line, column="upper", allow_empty=True)
        lo = DEFAULT_LOWER if math.isnan(lo) else lo
        hi = DEFAULT_UPPER if math.isnan(hi) else hi
        if not hi > lo:
            raise InputError(f"expected lower < upper, got {lo:g} and {hi:g}", file=name, line=line)
        table.lower[i], table.upper[i] = lo, hi
        for col in ("status_quo", "outcome"):
            if col not in row:
                continue
            v = _number(
                row[col],
                file=name,
                line=line,
                column=col,
                allow_empty=not require_outcome or col != "outcome",
            )
            if not math.isnan(v) and not lo <= v <= hi:
                raise InputError(
                    f"expected a value within the scale [{lo:g}, {hi:g}], got {v:g}",
                    file=name,
                    line=line,
                    field=col,
                )
            getattr(table, col)[i] = v
        if "proposal" in row:
            table.proposal[i] = row["proposal"].strip()
    if require_outcome:
        missing = [k for k in table.issues if k not in found]
        if missing:
            raise InputError(
                f"issue {missing[0]!r} of the positions file has no row (and no outcome) here",
                file=name,
                field="issue",
            )
    return table


def load(
    positions: str | Path, issues: str | Path | None = None, *, require_outcome: bool = False
) -> IssueTable:
    """Read POSITIONS.csv and, if given, ISSUES.csv; checks positions against each issue's scale."""
    table = load_positions(positions)
    if issues is not None:
        attach_issues(table, issues, require_outcome=require_outcome)
    check_bounds(table, str(positions))
    return table


def load_deu3(directory: str | Path) -> IssueTable:
    """A DEU III folder (``positions.csv`` and ``issues.csv`` with outcomes), any subset of proposals."""
    d = Path(directory)
    for fname in ("positions.csv", "issues.csv"):
        if not (d / fname).is_file():
            raise InputError(f"expected a DEU III folder holding {fname}", file=str(d / fname))
    table = load(d / "positions.csv", d / "issues.csv", require_outcome=True)
    # an issue without proposal id is its own cluster in the bootstrap and in cross-validation
    table.proposal = [p or k for p, k in zip(table.proposal, table.issues, strict=True)]
    return table
