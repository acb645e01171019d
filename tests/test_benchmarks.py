"""The benchmarks run and their two implementations agree (no timing is asserted: speed is in benchmarks/)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEU = ROOT.parent / "shared" / "data" / "deu3"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_engine_benchmark_numpy_and_mesa_agree() -> None:
    pytest.importorskip("mesa", reason="Mesa is the benchmark-only dependency (pip install -e '.[bench]')")
    bench = _load("engine")
    from aseanway.negotiation.consultation import ConsultationParams

    params = ConsultationParams()
    pos, sal, cap = bench.make_inputs(11, 6)
    res, steps, _ = bench.run_numpy(pos, sal, cap, params)
    models, msteps, _ = bench.run_mesa(pos, sal, cap, params)
    assert steps == msteps > 0
    assert bench.agree(res, models) <= bench.AGREE_TOL
    # same dynamic with a consensus case: identical positions agree in round 1 in both
    same = pos.copy()
    same[:] = 40.0
    res, _, _ = bench.run_numpy(same, sal, cap, params)
    models, _, _ = bench.run_mesa(same, sal, cap, params)
    assert res.consensus.all() and all(m.done and m.rounds == 1 for m in models)
    bench.agree(res, models)


@pytest.mark.skipif(not DEU.is_dir(), reason="../shared/data/deu3 is absent")
def test_forecast_benchmark_runs_and_agrees() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "forecast.py"), "--repeat", "1", "--eu-issues", "3"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "discrete outputs equal: True" in proc.stdout and "rounds equal: True" in proc.stdout
