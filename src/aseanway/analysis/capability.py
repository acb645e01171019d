"""Material capability of states from real data: COW CINC, with World Bank GDP and population.

Reads a folder in the format of ``shared/data`` (``cow/nmc.csv``, ``worldbank/gdp.csv``,
``worldbank/population.csv``) and builds one row per actor: the Composite Index of National
Capability (CINC, Singer, Bremer & Stuckey 1972; COW National Material Capabilities v7.0) of the
latest year available, the latest World Bank GDP (current US$) and population, and the ``capability``
index used by scenarios. Definitions and sources: docs/data-derivation.md.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from aseanway.errors import InputError

NMC_COMPONENTS = ("milex", "milper", "irst", "pec", "tpop", "upop")

# COW state codes (cow/README.md and cow/states.csv) of the states among the default actors.
COW_CODES: dict[str, int] = {
    "IDN": 850, "MYS": 820, "PHL": 840, "SGP": 830, "THA": 800, "BRN": 835, "VNM": 816,
    "LAO": 812, "MMR": 775, "KHM": 811, "TLS": 860, "AUS": 900, "BGD": 771, "CAN": 20,
    "CHN": 710, "IND": 750, "JPN": 740, "PRK": 731, "KOR": 732, "MNG": 712, "NZL": 920,
    "PAK": 770, "PNG": 910, "RUS": 365, "LKA": 780, "USA": 2,
}  # fmt: skip

# Actors of the default scenario asean-2026: the 11 ASEAN members and the other participants of the
# ASEAN Regional Forum (ARF; ASEAN Regional Forum, "About the ARF": 27 participants).
ASEAN_MEMBERS = ("IDN", "MYS", "PHL", "SGP", "THA", "BRN", "VNM", "LAO", "MMR", "KHM", "TLS")
ARF_PARTNERS = (
    "AUS", "BGD", "CAN", "CHN", "EU", "IND", "JPN", "PRK", "KOR", "MNG", "NZL", "PAK", "PNG", "RUS",
    "LKA", "USA",
)  # fmt: skip
DEFAULT_ACTORS = ASEAN_MEMBERS + ARF_PARTNERS

# Actors that are not states: no CINC and no UN General Assembly votes, so no row in the tables.
NON_STATE_ACTORS: dict[str, str] = {
    "EU": "the European Union is not a state: COW has no CINC for it and it does not vote in the "
    "UN General Assembly (observer); left out of the derived tables",
}

WORLD_AGGREGATE = "WLD"  # World Bank code of the world total, denominator of the fallback shares


class NmcData:
    """COW National Material Capabilities: one row per state-year; missing components are NaN."""

    def __init__(self, ccode: np.ndarray, year: np.ndarray, components: np.ndarray, cinc: np.ndarray):
        self.ccode = ccode
        self.year = year
        self.components = components  # (N, 6) in NMC_COMPONENTS order
        self.cinc = cinc


def load_nmc(path: str | Path) -> NmcData:
    """Read ``nmc.csv`` (ccode, year, the six components, cinc); empty cells are missing values."""
    p = Path(path)
    if not p.is_file():
        raise InputError("file not found", file=str(p))
    cols = ("ccode", "year", *NMC_COMPONENTS, "cinc")
    rows = []
    with p.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        missing = [c for c in cols if c not in header]
        if missing:
            raise InputError(f"missing column(s) {', '.join(missing)}", file=str(p), line=1)
        idx = [header.index(c) for c in cols]
        for row in reader:
            try:
                rows.append([float(row[i]) if row[i].strip() else np.nan for i in idx])
            except (ValueError, IndexError):
                raise InputError(
                    f"expected numbers (or empty for missing) in {', '.join(cols)}",
                    file=str(p),
                    line=reader.line_num,
                ) from None
    a = np.asarray(rows, dtype=np.float64).reshape(-1, len(cols))
    return NmcData(a[:, 0].astype(np.int64), a[:, 1].astype(np.int64), a[:, 2:8], a[:, 8])


def recompute_cinc(nmc: NmcData) -> np.ndarray:
    """CINC from the six components: each state's share of the year's system total per component,
    averaged over the components it has (missing components are left out of its mean, as COW does).
    """
    x = nmc.components
    present = ~np.isnan(x)
    years, inv = np.unique(nmc.year, return_inverse=True)
    totals = np.zeros((len(years), x.shape[1]))
    np.add.at(totals, inv, np.where(present, x, 0.0))
    denom = totals[inv]
    share = np.divide(np.where(present, x, 0.0), denom, out=np.zeros_like(x), where=denom > 0)
    n = present.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, np.where(present, share, 0.0).sum(axis=1) / np.maximum(n, 1), np.nan)


def load_wdi_latest(path: str | Path) -> dict[str, tuple[int, float]]:
    """Latest non-empty (year, value) per country code of a World Bank file (Name, Code, Year, Value)."""
    p = Path(path)
    if not p.is_file():
        raise InputError("file not found", file=str(p))
    latest: dict[str, tuple[int, float]] = {}
    with p.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        need = ("Country Code", "Year", "Value")
        if any(c not in header for c in need):
            raise InputError(f"expected columns {', '.join(need)}", file=str(p), line=1)
        ic, iy, iv = (header.index(c) for c in need)
        for row in reader:
            if not row or not row[iv].strip():
                continue
            try:
                year, value = int(row[iy]), float(row[iv])
            except (ValueError, IndexError):
                raise InputError(
                    "expected an integer Year and a numeric Value", file=str(p), line=reader.line_num
                ) from None
            code = row[ic]
            if code not in latest or year > latest[code][0]:
                latest[code] = (year, value)
    return latest


def load_wdi_year(path: str | Path, code: str, year: int) -> float | None:
    """One country-year value of a World Bank file, or None."""
    with Path(path).open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        ic, iy, iv = (header.index(c) for c in ("Country Code", "Year", "Value"))
        for row in reader:
            if row and row[ic] == code and row[iy] == str(year) and row[iv].strip():
                return float(row[iv])
    return None


class CapabilityRow(BaseModel):
    code: str
    cinc: float | None
    cinc_year: int | None
    gdp_usd: float | None
    gdp_year: int | None
    population: int | None
    population_year: int | None
    capability: float
    source: str


class CapabilityTable(BaseModel):
    rows: list[CapabilityRow]
    excluded: dict[str, str]  # actor code -> reason it has no row


def capability_table(shared_data: str | Path, actors: Sequence[str] = DEFAULT_ACTORS) -> CapabilityTable:
    """One row per state actor: latest CINC, latest GDP and population, and the capability index.

    ``capability`` is the CINC of the latest year the state has in COW NMC. A state without CINC falls
    back to the mean of its shares of the world's GDP and population in the World Bank's latest year
    where both are available (a two-component analogue of CINC, on the same 0-1 share scale).
    """
    root = Path(shared_data)
    nmc = load_nmc(root / "cow" / "nmc.csv")
    gdp_path, pop_path = root / "worldbank" / "gdp.csv", root / "worldbank" / "population.csv"
    gdp, pop = load_wdi_latest(gdp_path), load_wdi_latest(pop_path)
    rows, excluded = [], {}
    for code in actors:
        if code in NON_STATE_ACTORS:
            excluded[code] = NON_STATE_ACTORS[code]
            continue
        cinc = cinc_year = None
        if code in COW_CODES:
            sel = np.flatnonzero((nmc.ccode == COW_CODES[code]) & ~np.isnan(nmc.cinc))
            if sel.size:
                last = sel[np.argmax(nmc.year[sel])]
                cinc, cinc_year = float(nmc.cinc[last]), int(nmc.year[last])
        g, p = gdp.get(code), pop.get(code)
        if cinc is not None:
            capability, source = cinc, f"COW NMC v7.0 CINC {cinc_year}"
        elif g and p:
            year = min(g[0], p[0])
            vals = [load_wdi_year(f, c, year) for f in (gdp_path, pop_path) for c in (code, WORLD_AGGREGATE)]
            if any(v is None or v <= 0 for v in vals):
                excluded[code] = (
                    f"no CINC and no World Bank GDP and population for {code} and the world in {year}"
                )
                continue
            capability = (vals[0] / vals[1] + vals[2] / vals[3]) / 2.0
            source = f"World Bank WDI {year}: mean of shares of world GDP and population (no CINC)"
        else:
            excluded[code] = "neither COW CINC nor World Bank GDP and population"
            continue
        rows.append(
            CapabilityRow(
                code=code,
                cinc=cinc,
                cinc_year=cinc_year,
                gdp_usd=g[1] if g else None,
                gdp_year=g[0] if g else None,
                population=int(round(p[1])) if p else None,
                population_year=p[0] if p else None,
                capability=capability,
                source=source + _wdi_note(g is not None, p is not None),
            )
        )
    return CapabilityTable(rows=rows, excluded=excluded)


def _wdi_note(has_gdp: bool, has_pop: bool) -> str:
    parts = [name for name, has in (("GDP", has_gdp), ("population", has_pop)) if has]
    return f"; {' and '.join(parts)}: World Bank WDI" if parts else ""


CAPABILITY_COLUMNS = (
    "code", "cinc", "cinc_year", "gdp_usd", "gdp_year", "population", "population_year", "capability",
    "source",
)  # fmt: skip


def capability_csv(table: CapabilityTable) -> str:
    """The table as CSV text (floats in Python's shortest round-trip form, empty for missing)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CAPABILITY_COLUMNS)
    for r in table.rows:
        d = r.model_dump()
        w.writerow(
            [
                "" if d[c] is None else repr(d[c]) if isinstance(d[c], float) else d[c]
                for c in CAPABILITY_COLUMNS
            ]
        )
    return buf.getvalue()


def read_capability_csv(path: str | Path) -> list[CapabilityRow]:
    """Read a capability table written by :func:`capability_csv` (e.g. the shipped derived one)."""
    p = Path(path)
    out = []
    with p.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        for rec in reader:
            try:
                out.append(CapabilityRow(**{k: (v if v != "" else None) for k, v in rec.items()}))
            except ValueError as exc:
                raise InputError(
                    f"bad capability row: {exc.errors()[0]['msg']}", file=str(p), line=reader.line_num
                ) from None
    return out
