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
            },
            {
                "type": "bar",
                "x": names,
                "y": [round(100 * i.get("minus_x_share", 0.0), 1) for i in issues],
                "name": "ASEAN-minus-X",
                "marker": {"color": "#90cdf4"},
            },
        ],
        "layout": _layout(_("Runs with consensus (%)"), yaxis={"range": [0, 100]}, barmode="stack"),
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
        "layout": _layout(_("Mean outcome and 80% interval (runs that adopted it)")),
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


def two_level_figures(fd: dict[str, Any], lang: str) -> tuple[list[dict], list[dict]]:
    """From ``analysis.plots.figure_data``: (foreign-policy figures, international-politics figures)."""
    _ = translator(lang)
    key = "label_id" if lang == "id" else "label_en"
    name = "name_id" if lang == "id" else "name_en"
    fp: list[dict] = []
    radar = fd.get("radar")
    if radar:
        aspects = radar["aspects"]
        fp.append(
            {
                "data": [
                    {
                        "type": "scatterpolar",
                        "r": [a["served"] for a in aspects] + [aspects[0]["served"]],
                        "theta": [a[key] for a in aspects] + [aspects[0][key]],
                        "fill": "toself",
                        "name": radar[name],
                        "connectgaps": True,
                    }
                ],
                "layout": _layout(
                    _("National interest served, by aspect"),
                    polar={"radialaxis": {"range": [0, 1]}},
                    margin={"l": 40, "r": 40, "t": 60, "b": 40},
                ),
            }
        )
    ip: list[dict] = []
    series = fd.get("indicators", {}).get("series", [])
    if series:
        ip.append(
            {
                "data": [
                    {
                        "type": "scatter",
                        "mode": "lines+markers",
                        "x": s["dates"],
                        "y": s["mean"],
                        "name": s[key],
                        "visible": True if k < 3 else "legendonly",
                    }
                    for k, s in enumerate(series)
                ],
                "layout": _layout(
                    _("System indicators over the period (mean of runs)"),
                    height=460,
                    legend={"orientation": "h", "y": -0.25},
                    margin={"l": 60, "r": 20, "t": 50, "b": 40},
                ),
            }
        )
    net = fd.get("network")
    if net and net.get("nodes"):
        where = {n["code"]: (n["x"], n["y"]) for n in net["nodes"]}
        ex, ey = [], []
        for e in net.get("edges", []):
            (xa, ya), (xb, yb) = where[e["a"]], where[e["b"]]
            ex += [xa, xb, None]
            ey += [ya, yb, None]
        nodes = net["nodes"]
        ip.append(
            {
                "data": [
                    {
                        "type": "scatter",
                        "mode": "lines",
                        "x": ex,
                        "y": ey,
                        "hoverinfo": "skip",
                        "line": {"color": "#cbd5e0", "width": 1},
                        "showlegend": False,
                    },
                    {
                        "type": "scatter",
                        "mode": "markers+text",
                        "x": [n["x"] for n in nodes],
                        "y": [n["y"] for n in nodes],
                        "text": [n["code"] for n in nodes],
                        "hovertext": [n[name] for n in nodes],
                        "textposition": "top center",
                        "marker": {
                            "size": 10,
                            "color": [n["bloc"] for n in nodes],
                            "colorscale": "Viridis",
                            "symbol": ["diamond" if n["is_member"] else "circle" for n in nodes],
                        },
                        "showlegend": False,
                    },
                ],
                "layout": _layout(
                    _("Affinity network at the end (links: affinity >= {t}; diamonds: ASEAN members)").format(
                        t=net["threshold"]
                    ),
                    height=460,
                    xaxis={"visible": False},
                    yaxis={"visible": False},
                    margin={"l": 20, "r": 20, "t": 50, "b": 20},
                ),
            }
        )
    return fp, ip
