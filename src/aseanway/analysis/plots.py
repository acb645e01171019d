"""The data behind each report figure (``figure_data``) and the figures themselves (matplotlib, Agg).

``figure_data`` returns plain, JSON-ready dicts (labels in English and Indonesian) that the report
writes beside its PNGs and that the web dashboard draws with plotly; the ``draw_*`` functions draw the
same data on a fresh ``matplotlib.figure.Figure`` (no pyplot, no global state) for the PNG files.

- ``indicators``: every stored indicator per time point: mean over draws and the 10th-90th percentile
  band;
- ``outcomes``: per agenda item, a histogram of the adopted outcomes on the issue's own scale
  (``OUTCOME_BINS`` equal bins), the number of draws and the share that adopted it;
- ``network``: the final mean affinity among states above ``AFFINITY_EDGE_THRESHOLD``, blocs, and a
  Kamada-Kawai layout on the distance ``1 - affinity`` (deterministic);
- ``radar`` (with an actor): interest served per aspect and the actor's interest weights.
"""

from __future__ import annotations

import io
from typing import Any

import networkx as nx
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from aseanway.analysis.foreign_policy import RunData, actor_index, aspect_scores, load_run
from aseanway.analysis.international import (
    AFFINITY_EDGE_THRESHOLD,
    affinity_graph,
    blocs_of,
    indicator_group,
    indicator_label,
    indicator_matrix,
)
from aseanway.concepts import Aspect, load_concepts
from aseanway.i18n import N_, translator
from aseanway.store import Store

OUTCOME_BINS = 20  # equal-width bins on each issue's scale (5 points on a 0-100 scale)
DPI = 100
FIGURES = ("indicators", "outcomes", "network", "radar")


def _percentile(m: np.ndarray, q: float) -> list[float | None]:
    out = []
    for col in m.T:
        v = col[~np.isnan(col)]
        out.append(float(np.percentile(v, q)) if v.size else None)
    return out


def indicators_data(data: RunData) -> dict[str, Any]:
    series = []
    for name in dict.fromkeys(str(n) for n in data.indicators["name"]):
        dates, m = indicator_matrix(data, name)
        n_ok = (~np.isnan(m)).sum(axis=0)
        mean = np.where(n_ok > 0, np.nansum(m, axis=0) / np.maximum(n_ok, 1), np.nan)
        series.append(
            {
                "name": name,
                "label_en": indicator_label(name, "en"),
                "label_id": indicator_label(name, "id"),
                "group": indicator_group(name),
                "dates": [d.isoformat() for d in dates],
                "mean": [None if np.isnan(x) else float(x) for x in mean],
                "p10": _percentile(m, 10),
                "p90": _percentile(m, 90),
                "draws": int(data.draws.size),
            }
        )
    return {"series": series}


def outcomes_data(data: RunData) -> dict[str, Any]:
    issues = []
    for j, issue in enumerate(data.issues):
        vals = data.outcome[data.adopted[:, j], j]
        edges = np.linspace(data.lo[j], data.hi[j], OUTCOME_BINS + 1)
        counts, _ = np.histogram(vals, bins=edges)
        issues.append(
            {
                "issue": issue,
                "name_en": data.issue_names_en[j],
                "name_id": data.issue_names_id[j],
                "aspect": data.aspects[j],
                "low": float(data.lo[j]),
                "high": float(data.hi[j]),
                "edges": edges.tolist(),
                "counts": counts.astype(int).tolist(),
                "draws": int(data.draws.size),
                "adopted": int(vals.size),
                "adopted_share": float(data.adopted[:, j].mean()) if data.draws.size else 0.0,
                "mean": float(vals.mean()) if vals.size else None,
            }
        )
    return {"bins": OUTCOME_BINS, "issues": issues}


def network_layout(codes: list[str], aff: np.ndarray) -> dict[str, np.ndarray]:
    """Kamada-Kawai layout with distance ``1 - affinity`` between every pair (deterministic: it
    starts from the circular layout), so that close states sit close whether or not they are linked."""
    dist = {
        a: {b: max(1.0 - 0.5 * (aff[i, j] + aff[j, i]), 1e-3) for j, b in enumerate(codes) if j != i}
        for i, a in enumerate(codes)
    }
    g = nx.complete_graph(codes)
    return nx.kamada_kawai_layout(g, dist=dist)


def network_data(data: RunData, threshold: float = AFFINITY_EDGE_THRESHOLD) -> dict[str, Any]:
    st = np.flatnonzero(data.is_state)
    codes = [data.codes[i] for i in st]
    aff = data.affinity[:, st][:, :, st].mean(axis=0)
    g = affinity_graph(codes, aff, threshold)
    blocs = blocs_of(g)
    bloc_of = {c: b for b, members in enumerate(blocs) for c in members}
    layout = network_layout(codes, aff)
    nodes = [
        {
            "code": data.codes[i],
            "name_en": data.names_en[i],
            "name_id": data.names_id[i],
            "is_member": bool(data.is_member[i]),
            "bloc": bloc_of[data.codes[i]],
            "x": float(layout[data.codes[i]][0]),
            "y": float(layout[data.codes[i]][1]),
        }
        for i in st
    ]
    edges = [{"a": a, "b": b, "weight": float(w)} for a, b, w in g.edges(data="weight")]
    return {"threshold": threshold, "nodes": nodes, "edges": edges, "blocs": blocs}


def radar_data(data: RunData, actor: str) -> dict[str, Any]:
    k = actor_index(data, actor)
    en, id_ = aspect_scores(data, k, "en"), aspect_scores(data, k, "id")
    return {
        "actor": data.codes[k],
        "name_en": data.names_en[k],
        "name_id": data.names_id[k],
        "aspects": [
            {
                "aspect": a.aspect.value,
                "label_en": a.label,
                "label_id": b.label,
                "served": a.served,
                "weight": a.weight,
                "n_adopted": a.n_adopted,
            }
            for a, b in zip(en, id_, strict=True)
        ],
    }


def figure_data_of(data: RunData, actor: str | None = None) -> dict[str, dict[str, Any]]:
    out = {
        "indicators": indicators_data(data),
        "outcomes": outcomes_data(data),
        "network": network_data(data),
    }
    if actor is not None:
        out["radar"] = radar_data(data, actor)
    return out


def figure_data(store: Store, run_id: int, actor: str | None = None) -> dict[str, dict[str, Any]]:
    """The data of every report figure of a complete run (``radar`` only with an actor)."""
    return figure_data_of(load_run(store, run_id), actor)


# ---- drawing ---------------------------------------------------------------------------------------
def _grid(n: int) -> tuple[int, int]:
    cols = min(n, 2) or 1
    return -(-max(n, 1) // cols), cols


def draw_indicators(fig_data: dict[str, Any], lang: str) -> Figure:
    _ = translator(lang)
    series = fig_data["series"]
    rows, cols = _grid(len(series))
    fig = Figure(figsize=(6 * cols, 3.2 * rows), dpi=DPI)
    for n, s in enumerate(series):
        ax = fig.add_subplot(rows, cols, n + 1)
        x = np.arange(len(s["dates"]))
        lo = np.array([np.nan if v is None else v for v in s["p10"]], dtype=float)
        hi = np.array([np.nan if v is None else v for v in s["p90"]], dtype=float)
        mean = np.array([np.nan if v is None else v for v in s["mean"]], dtype=float)
        ax.fill_between(x, lo, hi, alpha=0.3, label=_("10-90% of runs"))
        ax.plot(x, mean, marker="o", label=_("mean"))
        ax.set_xticks(x, s["dates"], rotation=30, fontsize=7)
        ax.set_title(s["label_id"] if lang == "id" else s["label_en"], fontsize=9)
        ax.legend(fontsize=7)
    if not series:
        fig.add_subplot(1, 1, 1).text(0.5, 0.5, _("No indicator stored"), ha="center")
    fig.tight_layout()
    return fig


def draw_outcomes(fig_data: dict[str, Any], lang: str) -> Figure:
    _ = translator(lang)
    issues = fig_data["issues"]
    rows, cols = _grid(len(issues))
    fig = Figure(figsize=(6 * cols, 3.2 * rows), dpi=DPI)
    for n, it in enumerate(issues):
        ax = fig.add_subplot(rows, cols, n + 1)
        edges = np.array(it["edges"])
        ax.bar(edges[:-1], it["counts"], width=np.diff(edges), align="edge", edgecolor="white")
        ax.set_xlim(it["low"], it["high"])
        name = it["name_id"] if lang == "id" else it["name_en"]
        ax.set_title(name, fontsize=9)
        ax.set_xlabel(
            _("adopted in {share} of runs ({n} of {total})").format(
                share=f"{100 * it['adopted_share']:.0f}%", n=it["adopted"], total=it["draws"]
            ),
            fontsize=8,
        )
        ax.set_ylabel(_("runs"), fontsize=8)
        if not it["adopted"]:  # nothing to show: say so instead of an empty axis
            ax.set_yticks([])
            ax.text(
                0.5, 0.5, _("never adopted"), transform=ax.transAxes, ha="center", va="center", color="grey"
            )
    fig.tight_layout()
    return fig


def draw_network(fig_data: dict[str, Any], lang: str) -> Figure:
    _ = translator(lang)
    fig = Figure(figsize=(8, 7), dpi=DPI)
    ax = fig.add_subplot(1, 1, 1)
    pos = {n["code"]: (n["x"], n["y"]) for n in fig_data["nodes"]}
    g = nx.Graph()
    g.add_nodes_from(pos)
    g.add_weighted_edges_from((e["a"], e["b"], e["weight"]) for e in fig_data["edges"])
    colours = [n["bloc"] for n in fig_data["nodes"]]
    shapes = ["s" if n["is_member"] else "o" for n in fig_data["nodes"]]
    nx.draw_networkx_edges(g, pos, ax=ax, alpha=0.25)
    for shape in ("s", "o"):
        nodes = [n["code"] for n, sh in zip(fig_data["nodes"], shapes, strict=True) if sh == shape]
        cols = [c for c, sh in zip(colours, shapes, strict=True) if sh == shape]
        nx.draw_networkx_nodes(
            g, pos, nodelist=nodes, node_color=cols, cmap="tab10", vmin=0, vmax=9, node_shape=shape, ax=ax
        )
    nx.draw_networkx_labels(g, pos, font_size=7, ax=ax)
    ax.set_title(
        _("Affinity network at the end (pairs with affinity >= {t}; squares: ASEAN members)").format(
            t=fig_data["threshold"]
        ),
        fontsize=9,
    )
    ax.set_axis_off()
    return fig


def draw_radar(fig_data: dict[str, Any], lang: str) -> Figure:
    _ = translator(lang)
    concepts = load_concepts()
    aspects = fig_data["aspects"]
    labels = [
        concepts.label(Aspect(a["aspect"]), lang) + ("" if a["served"] is not None else " (-)")
        for a in aspects
    ]
    values = [0.0 if a["served"] is None else a["served"] for a in aspects]
    angles = np.linspace(0, 2 * np.pi, len(aspects), endpoint=False)
    fig = Figure(figsize=(5.5, 5.5), dpi=DPI)
    ax = fig.add_subplot(1, 1, 1, projection="polar")
    ax.plot(np.r_[angles, angles[:1]], np.r_[values, values[:1]], marker="o")
    ax.fill(np.r_[angles, angles[:1]], np.r_[values, values[:1]], alpha=0.25)
    ax.set_xticks(angles, labels)
    ax.set_ylim(0, 1)
    name = fig_data["name_id"] if lang == "id" else fig_data["name_en"]
    ax.set_title(
        _("{name}: national interest served per aspect (0-1; (-): no adopted item)").format(name=name),
        fontsize=9,
    )
    return fig


DRAW = {
    "indicators": draw_indicators,
    "outcomes": draw_outcomes,
    "network": draw_network,
    "radar": draw_radar,
}
TITLES = {
    "indicators": N_("Indicators over time (mean and 10-90% of runs)"),
    "outcomes": N_("Outcomes of the agenda items"),
    "network": N_("Affinity network"),
    "radar": N_("Foreign policy: national interest served per aspect"),
}


def png_bytes(fig: Figure) -> bytes:
    buf = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buf)
    return buf.getvalue()


__all__ = ["DRAW", "FIGURES", "OUTCOME_BINS", "TITLES", "figure_data", "figure_data_of", "png_bytes"]
