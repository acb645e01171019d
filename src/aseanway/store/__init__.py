"""The results store: one DuckDB file (default ``./aseanway.duckdb``), versioned, with Parquet export.

Tables (``docs/store.md`` documents every column):

- ``meta(key, value)``: ``schema_version`` of the file; older files are upgraded on open.
- ``runs``: one row per stored batch: run_id, scenario name and SHA-256, seed, runs, package version,
  started_at, finished_at, status (``running`` -> ``complete``; ``failed``/``interrupted`` otherwise),
  and (schema 2) the validated scenario as JSON, so analyses can reload interests, values and aspects.
- ``events``: run_id, draw, seq, date, forum, kind, issue, outcome, consensus, rounds, actors, detail.
- ``indicators``: run_id, draw, date, name, value (time series per draw).
- ``actors``, ``issues``: what the run was about (codes, names in both languages, scales).
- ``outcomes``: run_id, draw, issue, adopted, outcome (final state per draw).
- ``positions``: run_id, draw, actor, issue, position (final positions).
- ``affinity``: run_id, stage (``initial`` with draw NULL, or ``final``), draw, a, b, value.

A batch is written in one transaction together with the switch of its status to ``complete``: a run
that is interrupted leaves no rows but its ``runs`` row, which says ``interrupted`` or stays ``running``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
from pydantic import BaseModel

from aseanway.errors import InputError

SCHEMA_VERSION = 3
DEFAULT_DB = "aseanway.duckdb"
TABLES = ("runs", "events", "indicators", "actors", "issues", "outcomes", "positions", "affinity")

_DDL = [
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS runs (
        run_id INTEGER PRIMARY KEY, scenario VARCHAR, scenario_hash VARCHAR, seed BIGINT, runs INTEGER,
        version VARCHAR, started_at TIMESTAMP, finished_at TIMESTAMP, status VARCHAR, note VARCHAR,
        scenario_json VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS events (
        run_id INTEGER, draw INTEGER, seq INTEGER, date DATE, forum VARCHAR, kind VARCHAR, issue VARCHAR,
        outcome DOUBLE, consensus BOOLEAN, rounds INTEGER, actors VARCHAR, detail VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS indicators (run_id INTEGER, draw INTEGER, date DATE, name VARCHAR,
        value DOUBLE)""",
    """CREATE TABLE IF NOT EXISTS actors (run_id INTEGER, code VARCHAR, name_en VARCHAR, name_id VARCHAR,
        kind VARCHAR, is_member BOOLEAN, capability DOUBLE)""",
    """CREATE TABLE IF NOT EXISTS issues (run_id INTEGER, issue VARCHAR, name_en VARCHAR, name_id VARCHAR,
        aspect VARCHAR, adopt_as VARCHAR, low DOUBLE, high DOUBLE)""",
    """CREATE TABLE IF NOT EXISTS outcomes (run_id INTEGER, draw INTEGER, issue VARCHAR, adopted BOOLEAN,
        outcome DOUBLE)""",
    """CREATE TABLE IF NOT EXISTS positions (run_id INTEGER, draw INTEGER, actor VARCHAR, issue VARCHAR,
        position DOUBLE)""",
    """CREATE TABLE IF NOT EXISTS affinity (run_id INTEGER, stage VARCHAR, draw INTEGER, a VARCHAR, b VARCHAR,
        value DOUBLE)""",
]

# upgrades from an older schema_version to the next one: MIGRATIONS[v] takes a file from v to v + 1
# (IF NOT EXISTS: a table created fresh by the current DDL already has the column)
MIGRATIONS: dict[int, list[str]] = {
    # v2 keeps the validated scenario of each run
    1: ["ALTER TABLE runs ADD COLUMN IF NOT EXISTS scenario_json VARCHAR"],
    # v3: how an agenda item was decided (consensus, minus_x, status_quo, chair_statement), a dispute's rung
    2: ["ALTER TABLE events ADD COLUMN IF NOT EXISTS detail VARCHAR"],
}


class RunInfo(BaseModel):
    schema_version: int = 1
    run_id: int
    scenario: str
    scenario_hash: str
    seed: int
    runs: int
    version: str
    started_at: datetime
    finished_at: datetime | None
    status: str


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


class Store:
    """A DuckDB results file. Use as a context manager; each write is its own transaction."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise InputError(
                "no results store here; run `aseanway run` first or give --db", file=str(self.path)
            )
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise InputError(f"cannot open as a DuckDB results store: {exc}", file=str(self.path)) from None
        if not read_only:
            self._init()
        self._check_version()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def _one(self, sql: str, params: list[Any] | None = None) -> tuple | None:
        """First row of a query; reads the whole result (DuckDB 2 wants results finished)."""
        rows = self.con.execute(sql, params or []).fetchall()
        return rows[0] if rows else None

    def _init(self) -> None:
        for ddl in _DDL:
            self.con.execute(ddl)
        row = self._one("SELECT value FROM meta WHERE key = 'schema_version'")
        if row is None:
            self.con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
            return
        current = int(row[0])
        while current < SCHEMA_VERSION:
            self.con.execute("BEGIN TRANSACTION")
            for stmt in MIGRATIONS[current]:
                self.con.execute(stmt)
            current += 1
            self.con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(current)])
            self.con.execute("COMMIT")

    def _check_version(self) -> None:
        try:
            row = self._one("SELECT value FROM meta WHERE key = 'schema_version'")
        except duckdb.Error:
            raise InputError("not an aseanway results store (no meta table)", file=str(self.path)) from None
        if row is None or int(row[0]) > SCHEMA_VERSION:
            raise InputError(
                f"results store schema {row[0] if row else '?'} is newer than this aseanway "
                f"({SCHEMA_VERSION}); upgrade aseanway",
                file=str(self.path),
            )

    # ---- writing -------------------------------------------------------------------------------
    def begin_run(
        self,
        scenario: str,
        scenario_hash: str,
        seed: int,
        runs: int,
        version: str,
        scenario_json: str | None = None,
    ) -> int:
        self.con.execute("BEGIN TRANSACTION")
        run_id = self._one("SELECT coalesce(max(run_id), 0) + 1 FROM runs")[0]
        self.con.execute(
            "INSERT INTO runs (run_id, scenario, scenario_hash, seed, runs, version, started_at, status, "
            "scenario_json) VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?)",
            [run_id, scenario, scenario_hash, seed, runs, version, _now(), scenario_json],
        )
        self.con.execute("COMMIT")
        return int(run_id)

    def mark(self, run_id: int, status: str, note: str | None = None) -> None:
        self.con.execute(
            "UPDATE runs SET status = ?, note = ?, finished_at = ? WHERE run_id = ?",
            [status, note, _now(), run_id],
        )

    def write_run(self, run_id: int, tables: dict[str, dict[str, Any]]) -> None:
        """Insert every table's columns for ``run_id`` and mark it complete, all in one transaction."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            for name, cols in tables.items():
                if name not in TABLES or name == "runs":
                    raise ValueError(f"unknown table {name}")
                n = len(next(iter(cols.values()))) if cols else 0
                data = {"run_id": pa.array(np.full(n, run_id, dtype=np.int32))}
                for k, v in cols.items():
                    arr = np.asarray(v)
                    data[k] = pa.array(arr.tolist() if arr.dtype == object else arr)
                self.con.register("staging", pa.table(data))
                names = ", ".join(data)
                self.con.execute(f"INSERT INTO {name} ({names}) SELECT {names} FROM staging")
                self.con.unregister("staging")
            self.con.execute(
                "UPDATE runs SET status = 'complete', finished_at = ? WHERE run_id = ?", [_now(), run_id]
            )
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    # ---- reading -------------------------------------------------------------------------------
    def runs(self) -> list[RunInfo]:
        rows = self.con.execute(
            "SELECT run_id, scenario, scenario_hash, seed, runs, version, started_at, finished_at, status "
            "FROM runs ORDER BY run_id"
        ).fetchall()
        keys = [
            "run_id",
            "scenario",
            "scenario_hash",
            "seed",
            "runs",
            "version",
            "started_at",
            "finished_at",
            "status",
        ]
        return [RunInfo(**dict(zip(keys, r, strict=True))) for r in rows]

    def run(self, run_id: int) -> RunInfo:
        for info in self.runs():
            if info.run_id == run_id:
                return info
        raise InputError(f"no run {run_id} in this store (see `aseanway runs`)", file=str(self.path))

    def complete_run(self, run_id: int) -> RunInfo:
        info = self.run(run_id)
        if info.status != "complete":
            raise InputError(f"run {run_id} is {info.status}, not complete", file=str(self.path))
        return info

    def scenario_json(self, run_id: int) -> str | None:
        """The validated scenario of a run as canonical JSON (None for runs stored before schema 2)."""
        self.run(run_id)
        row = self._one("SELECT scenario_json FROM runs WHERE run_id = ?", [run_id])
        return None if row is None else row[0]

    def query(self, sql: str, params: list[Any] | None = None) -> list[tuple]:
        return self.con.execute(sql, params or []).fetchall()

    def table(self, name: str, run_id: int, order: str | None = None) -> dict[str, np.ndarray]:
        if name not in TABLES:
            raise ValueError(name)
        sql = f"SELECT * EXCLUDE (run_id) FROM {name} WHERE run_id = {int(run_id)}"
        if order:
            sql += f" ORDER BY {order}"
        rel = self.con.sql(sql)
        arrow = rel.to_arrow_table() if hasattr(rel, "to_arrow_table") else rel.arrow()
        return {c: arrow.column(c).to_numpy(zero_copy_only=False) for c in arrow.column_names}

    def export_parquet(self, run_id: int, out_dir: str | Path) -> list[Path]:
        """Write every table of one complete run as Parquet files into ``out_dir``."""
        self.complete_run(run_id)
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for name in TABLES:
            target = out / f"{name}.parquet"
            self.con.execute(
                f"COPY (SELECT * FROM {name} WHERE run_id = {int(run_id)} ORDER BY ALL) "
                f"TO '{_sql_path(target)}' (FORMAT PARQUET)"
            )
            written.append(target)
        return written


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


@contextlib.contextmanager
def open_store(path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> Iterator[Store]:
    store = Store(path, read_only=read_only)
    try:
        yield store
    finally:
        store.close()
