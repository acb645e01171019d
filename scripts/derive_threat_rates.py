"""Derive the base rates of transnational threats per ASEAN member from the ICEWS dyad-year counts.

    python scripts/derive_threat_rates.py --shared ../shared --out src/aseanway/mechanisms/data/

Reads ``data/icews/dyad_year.csv.gz`` (directed source -> target counts per year, 2002-2014, in four quad
classes) and writes ``threat_rates.csv``: for each ASEAN member, the material-conflict events
(``matlConf``) it was the target of from the other members, per year, excluding the Cambodia-Thailand
dyad (its 2008-2011 counts are the Preah Vihear border fighting, an interstate dispute the disputes
mechanism models); the median and mean over the years; and the monthly rate (median / 12) that the
security mechanism uses. Brunei and Timor-Leste are absent from the data: they get the smallest median
of the observed members (flagged ``imputed``). Also writes ``PROVENANCE.yaml`` (input checksum,
command, method). Method and limits: docs/mechanisms/security.md.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import statistics
import sys
from pathlib import Path

import yaml

INPUT = "data/icews/dyad_year.csv.gz"
TABLE = "threat_rates.csv"
PROVENANCE = "PROVENANCE.yaml"
#: ASEAN members (Timor-Leste since 2025): the dyads whose events count as transnational pressure.
MEMBERS = ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS")
#: The Cambodia-Thailand border dispute (Preah Vihear): interstate fighting, not a transnational threat.
EXCLUDED_DYADS = (frozenset({"KHM", "THA"}),)
YEARS = range(2002, 2015)  # the years the file covers
COLUMNS = (
    "code",
    "years",
    "matlconf_median_per_year",
    "matlconf_mean_per_year",
    "matlconf_max_per_year",
    "incidents_per_month",
    "imputed",
)


def yearly_counts(rows: list[dict[str, str]]) -> dict[str, dict[int, float]]:
    """Member -> year -> material-conflict events it was the target of from other members."""
    out: dict[str, dict[int, float]] = {m: dict.fromkeys(YEARS, 0.0) for m in MEMBERS}
    for r in rows:
        s, t = r["source"], r["target"]
        if s == t or s not in MEMBERS or t not in MEMBERS or frozenset({s, t}) in EXCLUDED_DYADS:
            continue
        year = int(r["year"])
        if year in out[t]:
            out[t][year] += float(r["matlConf"])
    return out


def derive(icews_gz: Path) -> str:
    """The CSV text of the table (pure: writes nothing)."""
    with gzip.open(icews_gz, "rt", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    present = {r["source"] for r in rows} | {r["target"] for r in rows}
    counts = yearly_counts(rows)
    stats = {}
    for m in MEMBERS:
        if m not in present:
            continue
        ys = list(counts[m].values())
        stats[m] = (statistics.median(ys), statistics.fmean(ys), max(ys))
    floor = min(v[0] for v in stats.values())
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for m in MEMBERS:
        if m in stats:
            med, mean, top = stats[m]
            w.writerow([m, len(YEARS), f"{med:.1f}", f"{mean:.2f}", f"{top:.1f}", f"{med / 12:.4f}", 0])
        else:
            w.writerow([m, 0, "", "", "", f"{floor / 12:.4f}", 1])
    return buf.getvalue()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--out", type=Path, default=Path("src/aseanway/mechanisms/data"))
    args = ap.parse_args(argv)
    src = args.shared / INPUT
    if not src.is_file():
        print(f"error: {src} not found (expected the ICEWS dyad-year file)", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    text = derive(src)
    (args.out / TABLE).write_text(text, encoding="utf-8")
    prov = {
        "table": TABLE,
        "script": "scripts/derive_threat_rates.py",
        "command": "python scripts/derive_threat_rates.py --shared ../shared "
        "--out src/aseanway/mechanisms/data/",
        "method": "docs/mechanisms/security.md (Calibration)",
        "source": {
            "file": INPUT,
            "sha256": sha256(src),
            "description": "ICEWS coded event data (Boschee et al., Harvard Dataverse), dyad-year counts "
            "2002-2014 in quad classes, as aggregated in the netify R package",
        },
        "measure": "matlConf events with an ASEAN member as target and another member as source, per year",
        "excluded_dyads": [sorted(d) for d in EXCLUDED_DYADS],
        "imputed": "members absent from ICEWS (Brunei, Timor-Leste) take the smallest observed median",
        "output_sha256": hashlib.sha256(text.encode()).hexdigest(),
    }
    (args.out / PROVENANCE).write_text(yaml.safe_dump(prov, sort_keys=False, width=100), encoding="utf-8")
    print(f"wrote {args.out / TABLE} and {args.out / PROVENANCE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
