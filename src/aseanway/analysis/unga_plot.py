"""Plot a group's UN General Assembly voting cohesion by year (matplotlib, Agg canvas, no GUI).

The figure is drawn on an explicit ``FigureCanvasAgg`` (no pyplot, no global backend switch). The
series returned are read back from the drawn lines, so callers and tests see exactly what was plotted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from aseanway.analysis.unga import CohesionResult
from aseanway.errors import InputError
from aseanway.i18n import translator

PLOT_SIZE_INCHES = (9.0, 4.5)  # readable on a page and a screen
PLOT_DPI = 120


@dataclass(frozen=True)
class CohesionPlot:
    path: Path
    years: list[int]
    series: dict[str, list[float | None]]  # label key -> plotted values (None where no roll call)


def plot_cohesion(result: CohesionResult, path: str | Path, *, lang: str = "en") -> CohesionPlot:
    """Write a PNG of ``identical_share`` and ``agreement`` per year; return the plotted series."""
    _ = translator(lang)
    out = Path(path)
    if out.parent and not out.parent.exists():
        raise InputError("the folder of the plot file does not exist", file=str(out), field="--out")
    years = np.asarray([y.year for y in result.years], dtype=float)
    fig = Figure(figsize=PLOT_SIZE_INCHES, dpi=PLOT_DPI)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    keys = {
        "identical_share": _("Share of identical votes"),
        "agreement": _("Agreement score (abstention = half)"),
    }
    lines = {}
    for key, label in keys.items():
        values = np.asarray([np.nan if getattr(y, key) is None else getattr(y, key) for y in result.years])
        (lines[key],) = ax.plot(years, values, marker="o", markersize=3, label=label)
    ax.set_xlabel(_("Year"))
    ax.set_ylabel(_("Cohesion (0-1)"))
    ax.set_title(
        _("{group}: UN General Assembly voting cohesion, {start}-{end}").format(
            group=result.group, start=result.year_from, end=result.year_to
        )
    )
    ax.grid(True, alpha=0.3)
    ax.legend(loc="lower left")
    fig.tight_layout()
    try:
        canvas.print_png(str(out))
    except OSError as exc:
        raise InputError(f"cannot write the plot: {exc.strerror}", file=str(out), field="--out") from None
    series = {
        key: [None if np.isnan(v) else float(v) for v in np.asarray(line.get_ydata(), dtype=float)]
        for key, line in lines.items()
    }
    xs = np.asarray(lines["agreement"].get_xdata(), dtype=float)
    return CohesionPlot(path=out, years=[int(x) for x in xs], series=series)
