"""Benchmark: actor-steps per second of the consultation dynamic, aseanway (NumPy) vs Mesa.

Run: ``.venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/engine.py [--quick]``.

Both implementations run the same equations (docs/models/consultation.md) on the same inputs in this
process: aseanway's ``consult`` with every run and actor as array axes, and a Mesa 3 model with one
agent per actor and one model per run (Mesa's idiom). An *actor-step* is one actor's update in one
round of one run; both count the rounds each run actually needed (a run stops at consensus). Mesa is
timed on a subset of the runs (``MESA_MAX_RUNS``) and its rate is per actor-step, so the ratio is of
rates measured in the same process. Outputs must agree to 1e-9 (consensus, rounds, outcome, final
positions) on the runs both computed.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from aseanway.negotiation.common import prepare
from aseanway.negotiation.consultation import ConsultationParams, consult

try:
    import mesa
except ImportError:  # pragma: no cover - benchmark-only dependency
    mesa = None

ACTORS = (11, 50, 200)
RUNS = (1, 100, 10_000)
MESA_MAX_RUNS = 20  # Mesa is slow: time it on up to this many runs and compare rates
AGREE_TOL = 1e-9
NUMPY_REPEAT = 3


def make_inputs(n_actors: int, n_runs: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(n_actors, n_runs)))
    pos = rng.uniform(0, 100, size=(n_runs, n_actors))
    sal = rng.uniform(10, 90, size=(n_runs, n_actors))
    cap = rng.lognormal(0.0, 1.0, size=(n_runs, n_actors))
    return pos, sal, cap


if mesa is not None:

    class Member(mesa.Agent):
        """One actor of the consultation dynamic (same equations as aseanway.negotiation.consultation)."""

        def __init__(self, model: ConsultModel, x: float, pi: float, rate: float, limit: float, tau: float):
            super().__init__(model)
            self.x0 = self.x = x
            self.pi, self.rate, self.limit, self.tau = pi, rate, limit, tau
            self.accepts = False

        def judge(self) -> None:
            self.accepts = abs(self.model.proposal - self.x) <= self.tau + self.model.eps

        def move(self) -> None:
            moved = self.x + self.rate * (self.model.proposal - self.x)
            self.x = min(max(moved, self.x0 - self.limit), self.x0 + self.limit)

    class ConsultModel(mesa.Model):
        def __init__(self, pos, sal, cap, params: ConsultationParams):
            super().__init__(seed=0)
            p = prepare(pos, sal, cap)
            s, c = p.salience, p.capability
            w = c * s
            pi = w / w.sum()
            width = 100.0
            self.eps = 1e-9 * width
            self.params = params
            self.proposal = 0.0
            self.done = False
            self.outcome = np.nan
            self.rounds = params.max_rounds
            self.actor_steps = 0
            self.members = []
            for i in range(len(pos)):
                agent = Member(
                    self,
                    float(p.position[i]),
                    float(pi[i]),
                    params.mu * (1 - params.alpha * s[i]),
                    params.kappa * width * (1 - s[i]),
                    width * (params.tau_min + (params.tau_max - params.tau_min) * (1 - s[i])),
                )
                self.members.append(agent)

        def step(self) -> None:
            t = self.steps  # Mesa 3 counts steps itself (1 on the first call)
            self.proposal = float(np.sum(np.array([a.pi * a.x for a in self.members])))
            self.agents.do("judge")
            self.actor_steps += len(self.members)
            if all(a.accepts for a in self.members):
                self.done, self.outcome, self.rounds = True, self.proposal, t
                return
            self.agents.do("move")

        def run(self) -> None:
            while not self.done and self.steps < self.params.max_rounds:
                self.step()


def run_numpy(pos, sal, cap, params):
    t0 = time.perf_counter()
    res = consult(pos, sal, cap, params=params)
    dt = time.perf_counter() - t0
    steps = int((res.rounds * pos.shape[-1]).sum())
    return res, steps, dt


def run_mesa(pos, sal, cap, params):
    t0 = time.perf_counter()
    models = []
    for r in range(pos.shape[0]):
        m = ConsultModel(pos[r], sal[r], cap[r], params)
        m.run()
        models.append(m)
    dt = time.perf_counter() - t0
    return models, sum(m.actor_steps for m in models), dt


def agree(res, models) -> float:
    worst = 0.0
    for r, m in enumerate(models):
        assert bool(res.consensus[r]) == m.done, f"run {r}: consensus differs"
        assert int(res.rounds[r]) == m.rounds, f"run {r}: rounds differ"
        if m.done:
            worst = max(worst, abs(res.outcome[r] - m.outcome))
        xs = np.array([a.x for a in m.members])
        worst = max(worst, float(np.max(np.abs(res.final_positions[r] - xs))))
    assert worst <= AGREE_TOL, f"outputs differ by {worst}"
    return worst


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller grid (for a smoke test)")
    args = ap.parse_args()
    if mesa is None:
        raise SystemExit("Mesa is not installed: pip install -e '.[bench]'")
    params = ConsultationParams()
    actors = ACTORS[:2] if args.quick else ACTORS
    runs = RUNS[:2] if args.quick else RUNS
    print(
        f"{'actors':>6} {'runs':>6} {'numpy steps/s':>14} {'mesa steps/s':>13} {'ratio':>8} {'max diff':>9}"
    )
    for n in actors:
        for r in runs:
            pos, sal, cap = make_inputs(n, r)
            res, steps, dt = run_numpy(pos, sal, cap, params)
            for _ in range(NUMPY_REPEAT - 1):  # best of a few: the first call pays for allocation
                dt = min(dt, run_numpy(pos, sal, cap, params)[2])
            k = min(r, MESA_MAX_RUNS)
            models, msteps, mdt = run_mesa(pos[:k], sal[:k], cap[:k], params)
            sub = consult(pos[:k], sal[:k], cap[:k], params=params)
            diff = agree(sub, models)
            np_rate, mesa_rate = steps / dt, msteps / mdt
            print(
                f"{n:>6} {r:>6} {np_rate:>14.3g} {mesa_rate:>13.3g} {np_rate / mesa_rate:>8.1f} {diff:>9.1e}"
            )


if __name__ == "__main__":
    main()
