"""Background jobs of the web dashboard, and the one lock that serialises access to the DuckDB store.

A simulation never runs on the request path: ``JobManager.submit`` puts it on a thread pool and returns
a job id at once; the page polls ``GET /api/jobs/{id}`` for status, progress, result or error. Several
jobs run at the same time (one pool thread each; the engine has no global state), and the API keeps
answering meanwhile.

DuckDB allows one writing process per file, and inside one process every connection to a file must
share the same configuration (a read-only connection cannot be opened while a read-write one is open).
So the server opens the store only briefly, always read-write, and only while holding
``JobManager.store_lock``: the simulation itself runs outside the lock; only registering the run and
writing its rows (one transaction) take it, as do readers (the runs list, reports, exports). Between
requests the file is closed, so the command line can use it too.
"""

from __future__ import annotations

import contextlib
import threading
import traceback
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from aseanway.errors import AseanwayError
from aseanway.store import Store

JOB_WORKERS = 4  # simulations at once; more wait in the queue (a run of the default scenario is ~0.1 s/run)
MAX_JOBS_KEPT = 200  # finished jobs remembered in memory (oldest forgotten first)


class JobStatus(BaseModel):
    """What ``GET /api/jobs/{id}`` returns."""

    id: str
    kind: str
    status: str  # queued | running | done | failed
    done: int = 0
    total: int | None = None
    created_at: datetime
    finished_at: datetime | None = None
    result: Any = None
    error: str | None = None


@dataclass
class _Job:
    id: str
    kind: str
    status: str = "queued"
    done: int = 0
    total: int | None = None
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished_at: datetime | None = None
    result: Any = None
    error: str | None = None

    def public(self) -> JobStatus:
        return JobStatus(**self.__dict__)


Progress = Callable[[int, int], None]


class JobManager:
    """Runs callables ``fn(progress) -> result`` in a thread pool; keeps their status by id."""

    def __init__(self, db_path: str | Path | None, workers: int = JOB_WORKERS) -> None:
        self.db_path = None if db_path is None else Path(db_path)
        self.store_lock = threading.Lock()
        self._jobs: dict[str, _Job] = {}
        self._jobs_lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="aseanway-job")

    # ---- the store -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def store(self) -> Iterator[Store]:
        """The results store, opened for the time of the ``with`` block while holding the lock."""
        if self.db_path is None:
            raise AseanwayError("this server has no results store (--db)")
        with self.store_lock, Store(self.db_path) as st:
            yield st

    def has_store(self) -> bool:
        return self.db_path is not None and self.db_path.exists()

    # ---- jobs ------------------------------------------------------------------------------------
    def submit(self, kind: str, fn: Callable[[Progress], Any]) -> str:
        job = _Job(id=uuid.uuid4().hex[:12], kind=kind)
        with self._jobs_lock:
            self._jobs[job.id] = job
            while len(self._jobs) > MAX_JOBS_KEPT:
                oldest = next(iter(self._jobs))
                if self._jobs[oldest].status in ("queued", "running"):
                    break
                del self._jobs[oldest]
        self._pool.submit(self._run, job, fn)
        return job.id

    def _run(self, job: _Job, fn: Callable[[Progress], Any]) -> None:
        job.status = "running"

        def progress(done: int, total: int) -> None:
            job.done, job.total = int(done), int(total)

        try:
            job.result = fn(progress)
            job.status = "done"
        except AseanwayError as exc:  # bad input: the precise message, as the CLI prints it
            job.error = str(exc)
            job.status = "failed"
        except Exception as exc:  # a bug: one line for the page, the traceback on the server's stderr
            traceback.print_exc()
            job.error = f"internal error: {type(exc).__name__}: {exc}"
            job.status = "failed"
        finally:
            job.finished_at = datetime.now(UTC)

    def get(self, job_id: str) -> JobStatus | None:
        with self._jobs_lock:
            job = self._jobs.get(job_id)
        return None if job is None else job.public()

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
