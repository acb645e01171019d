"""Derive the reference tables of the default scenario (asean-2026) from the shared real data.

    python scripts/derive_reference_tables.py --shared ../shared --out src/aseanway/world/derived/

writes, for the 11 ASEAN members and the ARF participants (the EU is left out: not a state):

- ``capability.csv``: latest COW CINC, latest World Bank GDP and population, the capability index;
- ``affinity_unga_2008_2017.csv``: Voeten's dyadic UN General Assembly agreement over the roll calls
  dated 2008-2017 (``aseanway.analysis.unga.affinity``, as ``aseanway unga affinity``);
- ``PROVENANCE.yaml``: sources, versions, the command, the date and SHA-256 checksums of inputs and
  outputs.

Method and sources: docs/data-derivation.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
from pathlib import Path

import yaml

from aseanway.analysis.capability import DEFAULT_ACTORS, NON_STATE_ACTORS, capability_csv, capability_table
from aseanway.analysis.unga import affinity, load_unga, write_affinity_csv
from aseanway.errors import AseanwayError

# The last ten calendar years of the UNGA data (sessions 1-72 end in December 2017): recent enough to
# reflect current alignments, long enough (about 900 roll calls) for stable dyadic scores.
AFFINITY_FROM, AFFINITY_TO = 2008, 2017
AFFINITY_FILE = f"affinity_unga_{AFFINITY_FROM}_{AFFINITY_TO}.csv"
CAPABILITY_FILE = "capability.csv"
PROVENANCE_FILE = "PROVENANCE.yaml"
INPUTS = (
    "data/cow/nmc.csv",
    "data/worldbank/gdp.csv",
    "data/worldbank/population.csv",
    "data/unga/roll_calls.csv",
    "data/unga/votes.csv.gz",
)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def derive_tables(shared: Path) -> dict[str, str]:
    """File name -> CSV text of the two tables (pure: no file written)."""
    data = shared / "data"
    cap = capability_table(data, DEFAULT_ACTORS)
    states = [a for a in DEFAULT_ACTORS if a not in NON_STATE_ACTORS]
    aff = affinity(load_unga(data / "unga"), AFFINITY_FROM, AFFINITY_TO, states)
    return {CAPABILITY_FILE: capability_csv(cap), AFFINITY_FILE: write_affinity_csv(aff)}


def provenance(shared: Path, out: Path, argv: list[str]) -> dict:
    cap = capability_table(shared / "data", DEFAULT_ACTORS)
    return {
        "derived_on": dt.date.today().isoformat(),
        "command": "python scripts/derive_reference_tables.py " + " ".join(argv),
        "script": "scripts/derive_reference_tables.py",
        "method": "docs/data-derivation.md",
        "actors": list(DEFAULT_ACTORS),
        "excluded": cap.excluded,
        "sources": {
            "cow/nmc.csv": "Correlates of War National Material Capabilities v7.0 (1816-2022), "
            "Singer, Bremer & Stuckey (1972), as packaged in the peacesciencer R package",
            "worldbank/gdp.csv": "World Bank WDI NY.GDP.MKTP.CD, GDP (current US$), 1960-2023, ODC-PDDL",
            "worldbank/population.csv": "World Bank WDI SP.POP.TOTL, population, 1960-2024, ODC-PDDL",
            "unga": "Voeten UNGA roll-call votes, sessions 1-72 (1946-2017), CC0, as packaged in the "
            "unvotes R package; Bailey, Strezhnev & Voeten (2017), J. Conflict Resolution 61(2)",
        },
        "tables": {
            CAPABILITY_FILE: "capability = CINC of the latest COW year (2022 for every state actor); "
            "fallback for a state without CINC: mean of its shares of world GDP and population",
            AFFINITY_FILE: f"Voeten agreement over roll calls dated {AFFINITY_FROM}-{AFFINITY_TO}: "
            "(identical + 0.5 * one abstained) / joint votes; one row per pair, code_a < code_b",
        },
        "inputs_sha256": {name: sha256(shared / name) for name in INPUTS},
        "outputs_sha256": {name: sha256(out / name) for name in (CAPABILITY_FILE, AFFINITY_FILE)},
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, required=True, help="the shared folder (holds data/)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the tables into")
    args = parser.parse_args(argv)
    if not (args.shared / "data").is_dir():
        print(f"derive_reference_tables: error: {args.shared}/data: folder not found", file=sys.stderr)
        return 1
    try:
        tables = derive_tables(args.shared)
        args.out.mkdir(parents=True, exist_ok=True)
        for name, text in tables.items():
            (args.out / name).write_text(text, encoding="utf-8")
        prov = provenance(args.shared, args.out, argv)
    except AseanwayError as exc:
        print(f"derive_reference_tables: error: {exc}", file=sys.stderr)
        return 1
    header = "# Provenance of the derived reference tables in this folder (written by the script).\n"
    text = header + yaml.safe_dump(prov, sort_keys=False, allow_unicode=True, width=100)
    (args.out / PROVENANCE_FILE).write_text(text, encoding="utf-8")
    for name in (*tables, PROVENANCE_FILE):
        print(f"wrote {args.out / name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
