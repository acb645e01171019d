"""Plotly figures (plain ``{"data", "layout"}`` dicts, drawn in the browser by the local plotly.js)."""

from __future__ import annotations

from typing import Any

from aseanway.i18n import translator

_LAYOUT = {
    "margin": {"l": 60, "r": 20, "t": 50, "b": 120},
    "height": 380,
    "font": {"family": "system-ui, sans-serif", "size": 12},
}


def _layout(title: str, **extra: Any) -> dict[str, Any]:
    return {**_LAYOUT, "title": {"text": title}, **extra}


def _error_bars(mean: list, lo: list, hi: list) -> dict[str, Any]:
    return {
        "type": "data",
        "symmetric": False,
        "array": [None if m is None or h is None else h - m for m, h in zip(mean, hi, strict=True)],
        "arrayminus": [
            None if m is None or low is None else m - low for m, low in zip(mean, lo, strict=True)
        ],
    }


def run_figures(issues: list[dict], indicators: list[dict], labels: dict[str, str], lang: str) -> list[dict]:
    """Consensus share per agenda item; mean outcome with its 80% interval; indicators at the end."""
    _ = translator(lang)
    names = [i["name"] for i in issues]
    consensus = {
        "data": [
            {
                "type": "bar",
                "x": names,
                "y": [round(100 * i["consensus_share"], 1) for i in issues],
                "name": _("Runs with consensus"),
                "marker": {"color": "#2b6cb0"},
            }
        ],
        "layout": _layout(_("Runs with consensus (%)"), yaxis={"range": [0, 100]}),
    }
    mean = [i["mean_outcome"] for i in issues]
    outcome = {
        "data": [
            {
                "type": "scatter",
                "mode": "markers",
                "x": names,
                "y": mean,
                "name": _("Mean outcome"),
                "marker": {"size": 12, "color": "#c05621"},
                "error_y": _error_bars(
                    mean, [i["outcome_p10"] for i in issues], [i["outcome_p90"] for i in issues]
                ),
            }
        ],
        "layout": _layout(_("Mean outcome and 80% interval (runs with consensus)")),
    }
    ind_mean = [i["mean"] for i in indicators]
    ind = {
        "data": [
            {
                "type": "scatter",
                "mode": "markers",
                "x": [_(labels.get(i["name"], i["name"])) for i in indicators],
                "y": ind_mean,
                "name": _("Mean"),
                "marker": {"size": 12, "color": "#2f855a"},
                "error_y": _error_bars(
                    ind_mean, [i["p10"] for i in indicators], [i["p90"] for i in indicators]
                ),
            }
        ],
        "layout": _layout(_("System indicator (end of period)")),
    }
    return [consensus, outcome, ind] if indicators else [consensus, outcome]


def forecast_figure(rows: list[dict], lang: str) -> dict[str, Any]:
    """Every model's forecast per issue, with the 80% interval of the draws when there are draws."""
    _ = translator(lang)
    models = list(dict.fromkeys(r["model"] for r in rows))
    data = []
    for m in models:
        mine = [r for r in rows if r["model"] == m]
        y = [r["mean"] if r.get("mean") is not None else r["forecast"] for r in mine]
        trace = {"type": "scatter", "mode": "markers", "name": m, "x": [r["issue"] for r in mine], "y": y}
        if any(r.get("lower") is not None for r in mine):
            trace["error_y"] = _error_bars(y, [r.get("lower") for r in mine], [r.get("upper") for r in mine])
        data.append(trace)
    return {
        "data": data,
        "layout": _layout(
            _("Negotiation forecast"), scattermode="group", yaxis={"title": {"text": _("Forecast")}}
        ),
    }
