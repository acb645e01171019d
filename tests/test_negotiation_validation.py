"""Validation on DEU III: the measured figures, the published baselines, and the docs table."""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pytest

from aseanway.cli import main
from aseanway.negotiation.validation import cluster_bootstrap, validate_deu3

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ASEANWAY_SHARED", ROOT / ".." / "shared"))
DEU = SHARED / "data" / "deu3"
pytestmark = pytest.mark.skipif(not DEU.is_dir(), reason=f"shared data absent: {DEU}")

# published on this folder (../shared/data/deu3/README.md)
PUBLISHED = {
    "compromise": 22.2,
    "salience_mean": 23.0,
    "mean": 23.3,
    "weighted_median": 26.9,
    "midpoint": 27.7,
}


@pytest.fixture(scope="module")
def result():
    return validate_deu3(DEU)


def test_published_baselines_reproduced(result):
    mae = {s.model: s.mae for s in result.scores}
    for model, published in PUBLISHED.items():
        assert mae[model] == pytest.approx(published, abs=0.05), model
    assert result.n_issues == 246 and result.n_proposals == 96 and result.missing_salience == 53


def test_measured_figures(result):
    got = {s.model: (round(s.mae, 2), round(s.within_10, 3)) for s in result.scores}
    assert got["compromise"] == (22.22, 0.301)
    assert got["nash"] == (39.17, 0.252)
    assert got["expected_utility"] == (27.87, 0.402)
    assert got["consultation"] == (43.59, 0.207)
    comp = next(s for s in result.scores if s.model == "compromise")
    assert comp.diff_vs_compromise == 0.0
    for s in result.scores:
        assert s.diff_lower <= s.diff_vs_compromise <= s.diff_upper


def test_recommended_model_is_the_best_measured(result):
    best = min(result.scores, key=lambda s: s.mae)
    assert result.default_model == best.model == "compromise"


def test_docs_table_is_what_the_command_prints(capsys):
    assert main(["validate", "deu3", "--data", str(DEU), "--format", "csv"]) == 0
    printed = capsys.readouterr().out.strip()
    doc = (ROOT / "docs" / "validation.md").read_text()
    block = re.search(r"```csv\n(.*?)\n```", doc, re.S)
    assert block is not None, "docs/validation.md has no csv block"
    assert block.group(1).strip() == printed
    comp = next(line for line in printed.splitlines() if line.startswith("compromise,"))
    assert abs(float(comp.split(",")[2]) - 22.2) <= 0.05


def test_cluster_bootstrap_keeps_pairs():
    diff = np.array([[1.0, 0.0], [1.0, 2.0], [1.0, 4.0]])
    boot = cluster_bootstrap(diff, ["p", "p", "q"], n_boot=500, rng=np.random.default_rng(0))
    assert boot[:, 0] == pytest.approx(np.ones(500))  # constant difference stays constant
    assert boot[:, 1].min() >= 0.0 and boot[:, 1].max() <= 4.0
