"""Benchmark: issues per second of every negotiation model on the DEU III folder, and the consultation
and expected-utility models against plain-Python loop implementations of the same equations.

Run: ``.venv/bin/python benchmarks/forecast.py [--data DIR] [--repeat N] [--eu-issues K]``.

Everything runs in this process on the same inputs. The loop references are
``aseanway.negotiation.reference`` (one issue at a time, lists and floats); the vectorised models take
all issues at once as ``[issues, actors]`` arrays. Outputs must agree to 1e-9, else the script exits 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

from aseanway.negotiation.consultation import consult
from aseanway.negotiation.expected_utility import expected_utility
from aseanway.negotiation.io import load_deu3
from aseanway.negotiation.reference import consult_loop, expected_utility_loop
from aseanway.negotiation.registry import ALL, run_model

AGREE_TOL = 1e-9


def _default_data() -> Path:
    shared = os.environ.get("ASEANWAY_SHARED")
    root = Path(shared) if shared else Path(__file__).resolve().parents[1] / ".." / "shared"
    return root / "data" / "deu3"


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=_default_data())
    ap.add_argument("--repeat", type=int, default=3, help="timings repeated, best kept")
    ap.add_argument("--eu-issues", type=int, default=0, help="issues for the EU loop (0 = all)")
    args = ap.parse_args(argv)
    if not (args.data / "positions.csv").is_file():
        print(f"benchmark skipped: no DEU III folder at {args.data}", file=sys.stderr)
        return 0
    t = load_deu3(args.data)
    n = len(t.issues)
    kw = dict(mask=t.mask, status_quo=t.status_quo, lower=t.lower, upper=t.upper)
    print(f"DEU III: {n} issues, up to {t.mask.sum(axis=1).max()} actors per issue")
    print(f"{'model':18s} {'seconds':>10s} {'issues/s':>12s}")
    for name in ALL:
        sec = _best(
            lambda name=name: run_model(name, t.position, t.salience, t.capability, **kw), args.repeat
        )
        print(f"{name:18s} {sec:10.4f} {n / sec:12.0f}")

    ok = True
    print("\nvectorised vs plain-Python loop (same equations, same process)")
    # consultation, all issues
    vec = consult(t.position, t.salience, t.capability, **kw)
    t_vec = _best(lambda: consult(t.position, t.salience, t.capability, **kw), args.repeat)
    t0 = time.perf_counter()
    loop = [
        consult_loop(t.position[i], t.salience[i], t.capability[i], t.mask[i], status_quo=t.status_quo[i])
        for i in range(n)
    ]
    t_loop = time.perf_counter() - t0
    diff = max(abs(vec.outcome[i] - loop[i][1]) for i in range(n))
    same = all(bool(vec.consensus[i]) == loop[i][0] and int(vec.rounds[i]) == loop[i][2] for i in range(n))
    ok &= diff <= AGREE_TOL and same
    print(
        f"consultation      vector {t_vec:.4f}s  loop {t_loop:.4f}s  ratio {t_loop / t_vec:6.1f}x  "
        f"max |diff| {diff:.1e}  discrete outputs equal: {same}"
    )
    # expected utility
    k = n if args.eu_issues <= 0 else min(args.eu_issues, n)
    sub = t.subset(np.arange(k))
    skw = dict(mask=sub.mask)
    vec_eu = expected_utility(sub.position, sub.salience, sub.capability, **skw)
    t_vec = _best(lambda: expected_utility(sub.position, sub.salience, sub.capability, **skw), args.repeat)
    t0 = time.perf_counter()
    loop_eu = [
        expected_utility_loop(sub.position[i], sub.salience[i], sub.capability[i], sub.mask[i])
        for i in range(k)
    ]
    t_loop = time.perf_counter() - t0
    diff = max(abs(vec_eu.forecast[i] - loop_eu[i][0]) for i in range(k))
    pdiff = max(float(np.nanmax(np.abs(vec_eu.positions[i] - np.array(loop_eu[i][1])))) for i in range(k))
    same = all(int(vec_eu.rounds[i]) == loop_eu[i][2] for i in range(k))
    ok &= max(diff, pdiff) <= AGREE_TOL and same
    print(
        f"expected_utility  vector {t_vec:.4f}s  loop {t_loop:.4f}s  ratio {t_loop / t_vec:6.1f}x  "
        f"max |diff| {max(diff, pdiff):.1e}  rounds equal: {same}  ({k} issues)"
    )
    if not ok:
        print("FAIL: vectorised and loop outputs differ by more than 1e-9", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
