"""Run a scenario: serial or in worker processes, store it, summarise it. Used by the CLI and the web.

Parallel runs split the run indices into contiguous chunks; each run draws from its own child of the
master ``SeedSequence``, so the chunks can be simulated anywhere (processes here; a dask.distributed
cluster via the same ``simulate`` function) and merged by run index with identical results.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from aseanway.errors import InputError
from aseanway.simulation.engine import KIND_CHAIRS_STATEMENT, SimulationResult, simulate
from aseanway.simulation.scenario import Scenario, load_scenario
from aseanway.simulation.setup import Inputs, prepare
from aseanway.store import Store

BLOCKER_REPORT_SHARE = 0.1  # list an actor as a usual blocker when it blocked in >= 10% of the runs
BLOCKERS_SHOWN = 3  # the summary names at most this many usual blockers (all are in blocker_shares)


def _chunks(ids: Sequence[int], n: int) -> list[list[int]]:
    ids = list(ids)
    size = -(-len(ids) // max(n, 1))
    return [ids[i : i + size] for i in range(0, len(ids), size)] or [[]]


def _simulate_chunk(args: tuple[Inputs, int, list[int]]) -> SimulationResult:
    inputs, seed, ids = args
    return simulate(inputs, seed=seed, run_ids=ids)


def merge(parts: list[SimulationResult]) -> SimulationResult:
    """Concatenate chunk results (already ordered by run index) into one result."""
    first = parts[0]
    if len(parts) == 1:
        return first

    def cat_cols(key: str) -> dict[str, np.ndarray]:
        cols = [getattr(p, key) for p in parts]
        return {k: np.concatenate([c[k] for c in cols]) for k in cols[0]}

    return SimulationResult(
        scenario_name=first.scenario_name,
        scenario_hash=first.scenario_hash,
        seed=first.seed,
        run_ids=np.concatenate([p.run_ids for p in parts]),
        version=first.version,
        events=cat_cols("events"),
        indicators=cat_cols("indicators"),
        issue_ids=first.issue_ids,
        actor_codes=first.actor_codes,
        adopted=np.concatenate([p.adopted for p in parts]),
        outcome=np.concatenate([p.outcome for p in parts]),
        final_position=np.concatenate([p.final_position for p in parts]),
        final_affinity=np.concatenate([p.final_affinity for p in parts]),
    )


def simulate_runs(
    inputs: Inputs,
    runs: int,
    seed: int,
    *,
    workers: int = 1,
    executor: Executor | None = None,
    chunks: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SimulationResult:
    """Simulate runs ``0..runs-1``: in this process, in ``workers`` processes, or on any
    ``concurrent.futures.Executor`` (e.g. a dask.distributed cluster's ``client.get_executor()``).
    Every way gives the same result: each run has its own random streams and the chunks are merged
    by run index."""
    if executor is None and (workers <= 1 or runs < 2):
        return simulate(inputs, seed=seed, run_ids=range(runs), progress=progress)
    parts_ids = _chunks(range(runs), chunks or max(workers, 1) * (1 if executor is None else 4))
    tasks = [(inputs, seed, c) for c in parts_ids]
    own = executor is None
    pool = ProcessPoolExecutor(max_workers=workers) if own else executor
    try:
        parts = []
        for done, part in enumerate(pool.map(_simulate_chunk, tasks), 1):
            parts.append(part)
            if progress is not None:
                progress(done, len(tasks))
    finally:
        if own:
            pool.shutdown()
    return merge(parts)


def dask_executor(address: str) -> Executor:
    """A ``concurrent.futures`` executor on a dask.distributed scheduler (for runs beyond one machine).

    Needs ``pip install 'aseanway[dask]'``; the workers need aseanway installed too.
    """
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - optional dependency
        raise InputError("--dask needs dask.distributed: pip install 'aseanway[dask]'") from None
    try:
        client = Client(address, timeout="10s")
    except OSError as exc:
        raise InputError(f"cannot reach the dask scheduler at {address!r}: {exc}") from None
    return client.get_executor()


class IssueSummary(BaseModel):
    issue: str
    name: str
    adopt_as: str
    consensus_share: float  # runs in which the item was adopted by consensus
    minus_x_share: float = 0.0  # runs in which it was adopted by ASEAN-minus-X (the others going ahead)
    mean_outcome: float | None
    outcome_p10: float | None
    outcome_p90: float | None
    scale: tuple[float, float]
    usual_blockers: list[str]
    blocker_shares: dict[str, float]


class IndicatorSummary(BaseModel):
    name: str
    mean: float
    p10: float
    p90: float


class RunSummary(BaseModel):
    """What `aseanway run` prints: one row per agenda item and the system indicators at the end."""

    schema_version: int = 1
    run_id: int | None
    scenario: str
    scenario_hash: str
    seed: int
    runs: int
    version: str
    db: str | None
    meetings: int
    issues: list[IssueSummary]
    indicators: list[IndicatorSummary]


def summarize(inputs: Inputs, result: SimulationResult, lang: str = "en") -> list[IssueSummary]:
    """Per agenda item of a simulated batch (see :func:`issue_summaries`)."""
    rows = [(i.id, i.name_en, i.name_id, i.adopt_as.value, i.scale) for i in inputs.scenario.issues]
    return issue_summaries(rows, result.adopted, result.outcome, result.events, lang)


def issue_summaries(
    issues: Sequence[tuple[str, str, str, str, tuple[float, float]]],
    adopted: np.ndarray,
    outcome: np.ndarray,
    events: dict[str, np.ndarray],
    lang: str = "en",
) -> list[IssueSummary]:
    """Share of runs adopting by consensus and by ASEAN-minus-X, adopted outcome (mean, 10th-90th
    percentiles) and usual blockers (those who stood aside under minus-X are not counted as blockers).

    ``issues``: (id, name_en, name_id, adopt_as, scale) in column order of ``adopted``/``outcome``
    ([runs, issues]); blockers are read from the chair's statements in ``events``.
    """
    out = []
    n_runs = adopted.shape[0]
    detail = events.get("detail", np.full(len(events["kind"]), "", dtype=object))
    for j, (issue_id, name_en, name_id, adopt_as, scale) in enumerate(issues):
        ok = adopted[:, j].astype(bool)
        vals = outcome[ok, j].astype(float)
        on_issue = events["issue"] == issue_id
        by_minus_x = on_issue & (events["kind"] == adopt_as) & (detail == "minus_x")
        minus_x_runs = np.unique(events["draw"][by_minus_x]).size
        failed = on_issue & (events["kind"] == KIND_CHAIRS_STATEMENT)
        blockers: dict[str, set[int]] = {}
        for draw, actors in zip(events["draw"][failed], events["actors"][failed], strict=True):
            for code in filter(None, str(actors).split(",")):
                blockers.setdefault(code, set()).add(int(draw))
        usual = sorted(
            (c for c, d in blockers.items() if len(d) >= BLOCKER_REPORT_SHARE * n_runs),
            key=lambda c: (-len(blockers[c]), c),
        )
        out.append(
            IssueSummary(
                issue=issue_id,
                name=name_id if lang == "id" else name_en,
                adopt_as=adopt_as,
                consensus_share=float(ok.sum() - minus_x_runs) / n_runs if n_runs else 0.0,
                minus_x_share=minus_x_runs / n_runs if n_runs else 0.0,
                mean_outcome=float(vals.mean()) if vals.size else None,
                outcome_p10=float(np.percentile(vals, 10)) if vals.size else None,
                outcome_p90=float(np.percentile(vals, 90)) if vals.size else None,
                scale=(float(scale[0]), float(scale[1])),
                usual_blockers=usual[:BLOCKERS_SHOWN],
                blocker_shares={c: len(blockers[c]) / n_runs for c in usual},
            )
        )
    return out


def indicator_summary(result: SimulationResult | dict[str, np.ndarray]) -> list[IndicatorSummary]:
    """Each indicator's last value per draw, summarised over draws (mean, 10th and 90th percentile).

    Takes a result or indicator columns (draw, date, name, value) in recording order."""
    ind = result.indicators if isinstance(result, SimulationResult) else result
    out = []
    for name in dict.fromkeys(ind["name"].tolist()):
        sel = ind["name"] == name
        draws, dates, values = ind["draw"][sel], ind["date"][sel], ind["value"][sel].astype(float)
        order = np.lexsort((np.array([str(d) for d in dates]), draws))
        draws, values = draws[order], values[order]
        last = np.r_[draws[1:] != draws[:-1], True]
        end = values[last]
        out.append(
            IndicatorSummary(
                name=str(name),
                mean=float(np.nanmean(end)) if np.isfinite(end).any() else float("nan"),
                p10=float(np.nanpercentile(end, 10)) if np.isfinite(end).any() else float("nan"),
                p90=float(np.nanpercentile(end, 90)) if np.isfinite(end).any() else float("nan"),
            )
        )
    return out


MEETING_KINDS = ("communique", "declaration", "treaty", KIND_CHAIRS_STATEMENT)


def stored_summary(store: Store, run_id: int, lang: str = "en") -> RunSummary:
    """The summary of a stored run, computed from its tables with the same functions as a fresh run."""
    info = store.complete_run(run_id)
    issues = store.table("issues", run_id, order="rowid")
    outcomes = store.table("outcomes", run_id, order="draw, rowid")
    events = store.table("events", run_id, order="draw, seq")
    indicators = store.table("indicators", run_id, order="draw, date, rowid")
    ids = [str(i) for i in issues["issue"]]
    draws = np.unique(outcomes["draw"])
    adopted = np.zeros((draws.size, len(ids)), dtype=bool)
    outcome = np.full((draws.size, len(ids)), np.nan)
    r = np.searchsorted(draws, outcomes["draw"])
    col = np.array([ids.index(str(i)) for i in outcomes["issue"]], dtype=int)
    adopted[r, col] = outcomes["adopted"].astype(bool)
    outcome[r, col] = outcomes["outcome"].astype(float)
    rows = [
        (
            ids[k],
            str(issues["name_en"][k]),
            str(issues["name_id"][k]),
            str(issues["adopt_as"][k]),
            (float(issues["low"][k]), float(issues["high"][k])),
        )
        for k in range(len(ids))
    ]
    meeting = np.isin(events["kind"].astype(str), MEETING_KINDS)
    meetings = {
        (str(d), str(f)) for d, f in zip(events["date"][meeting], events["forum"][meeting], strict=True)
    }
    return RunSummary(
        run_id=info.run_id,
        scenario=info.scenario,
        scenario_hash=info.scenario_hash,
        seed=info.seed,
        runs=info.runs,
        version=info.version,
        db=str(store.path),
        meetings=len(meetings),
        issues=issue_summaries(rows, adopted, outcome, events, lang),
        indicators=indicator_summary(indicators),
    )


def store_tables(inputs: Inputs, result: SimulationResult) -> dict[str, dict[str, object]]:
    """The result as the store's table columns (see aseanway.store)."""
    sc = inputs.scenario
    R, A, n_issues = result.final_position.shape
    draws = result.run_ids
    codes = np.asarray(inputs.codes, dtype=object)
    issue_ids = np.asarray(inputs.issue_ids, dtype=object)
    pos_mask = np.broadcast_to(inputs.stance[None], result.final_position.shape)
    r_i, a_i, i_i = np.nonzero(pos_mask)
    ra, aa, bb = np.nonzero(np.ones((R, A, A), dtype=bool))
    a0, b0 = np.nonzero(np.ones((A, A), dtype=bool))
    return {
        "events": result.events,
        "indicators": result.indicators,
        "actors": {
            "code": codes,
            "name_en": np.asarray(inputs.names_en, dtype=object),
            "name_id": np.asarray(inputs.names_id, dtype=object),
            "kind": np.asarray([a.kind.value for a in sc.actors], dtype=object),
            "is_member": inputs.is_member,
            "capability": inputs.capability,
        },
        "issues": {
            "issue": issue_ids,
            "name_en": np.asarray([i.name_en for i in sc.issues], dtype=object),
            "name_id": np.asarray([i.name_id for i in sc.issues], dtype=object),
            "aspect": np.asarray([i.aspect.value for i in sc.issues], dtype=object),
            "adopt_as": inputs.adopt_as,
            "low": inputs.lo,
            "high": inputs.hi,
        },
        "outcomes": {
            "draw": np.repeat(draws, n_issues),
            "issue": np.tile(issue_ids, R),
            "adopted": result.adopted.reshape(-1),
            "outcome": result.outcome.reshape(-1),
        },
        "positions": {
            "draw": draws[r_i],
            "actor": codes[a_i],
            "issue": issue_ids[i_i],
            "position": result.final_position[r_i, a_i, i_i],
        },
        "affinity": {
            "stage": np.asarray(["initial"] * len(a0) + ["final"] * len(ra), dtype=object),
            "draw": np.concatenate([np.full(len(a0), -1), draws[ra]]),
            "a": np.concatenate([codes[a0], codes[aa]]),
            "b": np.concatenate([codes[b0], codes[bb]]),
            "value": np.concatenate([inputs.affinity[a0, b0], result.final_affinity[ra, aa, bb]]),
        },
    }


def record_run(store: Store, inputs: Inputs, result: SimulationResult) -> int:
    """Register a simulated batch and write all its rows in one transaction; returns the run id.

    If the write is interrupted or fails, the rows are rolled back and the run is marked so."""
    sc = inputs.scenario
    run_id = store.begin_run(
        sc.name,
        sc.digest(),
        result.seed,
        len(result.run_ids),
        result.version,
        scenario_json=sc.model_dump_json(),
    )
    try:
        store.write_run(run_id, store_tables(inputs, result))
    except KeyboardInterrupt:
        store.mark(run_id, "interrupted")
        raise
    except Exception as exc:
        store.mark(run_id, "failed", note=str(exc)[:500])
        raise
    return run_id


def summary_of(
    inputs: Inputs, result: SimulationResult, *, run_id: int | None, db: str | Path | None, lang: str = "en"
) -> RunSummary:
    """The summary of a simulated batch (the same figures :func:`stored_summary` reads back)."""
    sc = inputs.scenario
    return RunSummary(
        run_id=run_id,
        scenario=sc.name,
        scenario_hash=sc.digest(),
        seed=result.seed,
        runs=len(result.run_ids),
        version=result.version,
        db=None if db is None else str(db),
        meetings=len(inputs.meetings),
        issues=summarize(inputs, result, lang),
        indicators=indicator_summary(result),
    )


def run_scenario(
    scenario: Scenario | str | Path | None = None,
    *,
    runs: int | None = None,
    seed: int | None = None,
    db: str | Path | None = None,
    workers: int = 1,
    executor: Executor | None = None,
    lang: str = "en",
    progress: Callable[[int, int], None] | None = None,
) -> RunSummary:
    """Load (or take) a scenario, simulate it, store it (unless ``db`` is None) and summarise it.

    The store is checked before the simulation (a bad ``--db`` fails at once) but held open only for the
    write, so a long simulation keeps no file locked and an interrupted one leaves no rows behind."""
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    runs = sc.runs if runs is None else int(runs)
    seed = sc.seed if seed is None else int(seed)
    inputs = prepare(sc)
    if db is not None:
        Store(db).close()
    result = simulate_runs(inputs, runs, seed, workers=workers, executor=executor, progress=progress)
    run_id = None
    if db is not None:
        with Store(db) as store:
            run_id = record_run(store, inputs, result)
    return summary_of(inputs, result, run_id=run_id, db=db, lang=lang)
