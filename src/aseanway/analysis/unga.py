"""UN General Assembly roll-call votes: US voting coincidence, group cohesion, dyadic agreement.

Reads a folder in the format of ``shared/data/unga`` (Voeten's UNGA voting data as packaged in the
``unvotes`` R package): ``roll_calls.csv`` (rcid, session, importantvote, date, ...) and
``votes.csv.gz`` (or ``votes.csv``: rcid, country_code, country, vote). The votes are loaded once per
folder and process into a dense roll-call x country ``int8`` matrix (0 absent, 1 yes, 2 abstain,
3 no) and every measure is computed with NumPy over that matrix. See docs/unga.md for the
definitions, their sources and the checks against published figures.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterable, Sequence
from datetime import date
from enum import Enum
from functools import lru_cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from aseanway.analysis.iso_codes import ALPHA2_TO_ALPHA3, to_alpha3
from aseanway.errors import InputError

ABSENT, YES, ABSTAIN, NO = 0, 1, 2, 3
VOTE_CODES = {"yes": YES, "abstain": ABSTAIN, "no": NO}

# ASEAN membership by date of admission (ASEAN Secretariat; Bangkok Declaration of 8 August 1967 for
# the five founders; Timor-Leste admitted as the 11th member at the 47th ASEAN Summit, Kuala Lumpur,
# 26 October 2025). A state counts as a member for a roll call held on or after this date.
ASEAN_JOINED: dict[str, date] = {
    "IDN": date(1967, 8, 8),
    "MYS": date(1967, 8, 8),
    "PHL": date(1967, 8, 8),
    "SGP": date(1967, 8, 8),
    "THA": date(1967, 8, 8),
    "BRN": date(1984, 1, 7),
    "VNM": date(1995, 7, 28),
    "LAO": date(1997, 7, 23),
    "MMR": date(1997, 7, 23),
    "KHM": date(1999, 4, 30),
    "TLS": date(2025, 10, 26),
}
GROUPS: dict[str, dict[str, date]] = {"ASEAN": ASEAN_JOINED}


class CoincidenceMethod(str, Enum):
    """US State Department voting-coincidence formulas (Voting Practices in the United Nations)."""

    same_opposite = "same-opposite"  # same / (same + opposite): the method used until 2016
    half_credit = "half-credit"  # (same + partial/2) / (same + opposite + partial): since 2017


class UngaData:
    """Roll calls and votes of one data folder, as NumPy arrays (read with :func:`load_unga`)."""

    def __init__(
        self,
        folder: Path,
        rcid: np.ndarray,
        session: np.ndarray,
        important: np.ndarray,
        dates: np.ndarray,
        iso2: list[str],
        names: list[str],
        votes: np.ndarray,
        skipped_rows: int,
    ) -> None:
        self.folder = folder
        self.rcid = rcid  # (R,) int64, sorted
        self.session = session  # (R,) int64
        self.important = important  # (R,) bool: importantvote == 1 (empty = not coded = False)
        self.dates = dates  # (R,) datetime64[D]
        self.year = dates.astype("datetime64[Y]").astype(np.int64) + 1970  # (R,) calendar year
        self.iso2 = iso2  # (C,) alpha-2 as in the file
        self.iso3 = [ALPHA2_TO_ALPHA3[c] for c in iso2]  # (C,) alpha-3
        self.names = names  # (C,) country name as in the file (first seen)
        self.votes = votes  # (R, C) int8: ABSENT, YES, ABSTAIN, NO
        self.skipped_rows = skipped_rows  # vote rows without a country code (3 historical states)
        self._index = {c: i for i, c in enumerate(self.iso3)}

    def country_index(self, code: str, *, field: str = "--with") -> int:
        """Column of a country given by alpha-2 or alpha-3 code; InputError naming ``field`` if unknown."""
        a3 = to_alpha3(code)
        if a3 is None or a3 not in self._index:
            raise InputError(
                f"unknown country {code!r}: expected an ISO 3166-1 alpha-2 or alpha-3 code of a state "
                f"that voted in the UN General Assembly data in {self.folder}",
                field=field,
            )
        return self._index[a3]

    def member_mask(self, group: str, rows: np.ndarray, *, field: str = "--group") -> np.ndarray:
        """(len(rows), C) bool: True where the country was a member of ``group`` on the roll-call date."""
        joined = GROUPS.get(group.upper())
        if joined is None:
            raise InputError(f"unknown group {group!r}: expected one of {', '.join(GROUPS)}", field=field)
        since = np.full(len(self.iso3), np.datetime64("NaT"), dtype="datetime64[D]")
        for code, day in joined.items():
            if code in self._index:
                since[self._index[code]] = np.datetime64(day)
        d = self.dates[rows][:, None]
        return ~np.isnat(since)[None, :] & (d >= since[None, :])


def _open_text(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", newline="", encoding="utf-8")
    return path.open(newline="", encoding="utf-8")


def _columns(header: list[str] | None, needed: Sequence[str], path: Path) -> dict[str, int]:
    header = header or []
    missing = [c for c in needed if c not in header]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}; expected {', '.join(needed)}", file=str(path), line=1
        )
    return {c: header.index(c) for c in needed}


def _read_roll_calls(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rcids, sessions, important, dates = [], [], [], []
    with _open_text(path) as fh:
        reader = csv.reader(fh)
        col = _columns(next(reader, None), ("rcid", "session", "importantvote", "date"), path)
        for row in reader:
            if not row:
                continue
            try:
                rcids.append(int(row[col["rcid"]]))
                sessions.append(int(row[col["session"]]))
                flag = row[col["importantvote"]].strip()
                if flag not in ("", "0", "1"):
                    raise ValueError(f"importantvote must be 0, 1 or empty, got {flag!r}")
                important.append(flag == "1")
                dates.append(np.datetime64(row[col["date"]], "D"))
            except (ValueError, IndexError) as exc:
                raise InputError(
                    f"expected integer rcid and session, importantvote 0/1 and an ISO date: {exc}",
                    file=str(path),
                    line=reader.line_num,
                ) from None
    if not rcids:
        raise InputError("no roll calls", file=str(path))
    rc = np.asarray(rcids, dtype=np.int64)
    order = np.argsort(rc, kind="stable")
    if np.any(np.diff(rc[order]) == 0):
        dup = rc[order][np.flatnonzero(np.diff(rc[order]) == 0)[0]]
        raise InputError(f"rcid {dup} appears twice", file=str(path), field="rcid")
    return (
        rc[order],
        np.asarray(sessions, dtype=np.int64)[order],
        np.asarray(important, dtype=bool)[order],
        np.asarray(dates, dtype="datetime64[D]")[order],
    )


def _read_votes(path: Path, rcid: np.ndarray) -> tuple[list[str], list[str], np.ndarray, int]:
    rc_list: list[int] = []
    cc_list: list[int] = []
    vote_list: list[int] = []
    codes: dict[str, int] = {}
    names: list[str] = []
    skipped = 0
    with _open_text(path) as fh:
        reader = csv.reader(fh)
        col = _columns(next(reader, None), ("rcid", "country_code", "country", "vote"), path)
        ir, ic, iname, iv = col["rcid"], col["country_code"], col["country"], col["vote"]
        for row in reader:
            try:
                code = row[ic]
                if not code:  # Yemen Arab Republic, Zanzibar, Federal Republic of Germany
                    skipped += 1
                    continue
                vote = VOTE_CODES[row[iv]]
                rc_list.append(int(row[ir]))
            except (KeyError, ValueError, IndexError):
                raise InputError(
                    "expected an integer rcid, a country code and a vote of yes, abstain or no, "
                    f"got {','.join(row)!r}",
                    file=str(path),
                    line=reader.line_num,
                ) from None
            idx = codes.get(code)
            if idx is None:
                if code not in ALPHA2_TO_ALPHA3:
                    raise InputError(
                        f"unknown country code {code!r}: expected an ISO 3166-1 alpha-2 code",
                        file=str(path),
                        line=reader.line_num,
                        field="country_code",
                    )
                idx = codes[code] = len(names)
                names.append(row[iname])
            cc_list.append(idx)
            vote_list.append(vote)
    rcs = np.asarray(rc_list, dtype=np.int64)
    pos = np.searchsorted(rcid, rcs)
    pos_c = np.minimum(pos, len(rcid) - 1)
    bad = np.flatnonzero(rcid[pos_c] != rcs)
    if bad.size:
        raise InputError(f"rcid {rcs[bad[0]]} is not in roll_calls.csv", file=str(path), field="rcid")
    iso2 = list(codes)
    # Columns sorted by alpha-3 so that every output lists states in a stable order.
    order = sorted(range(len(iso2)), key=lambda i: ALPHA2_TO_ALPHA3[iso2[i]])
    new_col = np.empty(len(order), dtype=np.int64)
    new_col[order] = np.arange(len(order))
    votes = np.zeros((len(rcid), len(iso2)), dtype=np.int8)
    votes[pos, new_col[np.asarray(cc_list, dtype=np.int64)]] = np.asarray(vote_list, dtype=np.int8)
    return [iso2[i] for i in order], [names[i] for i in order], votes, skipped


@lru_cache(maxsize=4)
def _load_cached(folder: str, roll_calls: str, votes: str, _stamp: tuple) -> UngaData:
    rcid, session, important, dates = _read_roll_calls(Path(roll_calls))
    iso2, names, matrix, skipped = _read_votes(Path(votes), rcid)
    return UngaData(Path(folder), rcid, session, important, dates, iso2, names, matrix, skipped)


def load_unga(folder: str | Path) -> UngaData:
    """Read a UNGA data folder (cached per path, size and modification time within a process)."""
    d = Path(folder)
    if not d.is_dir():
        raise InputError(
            "UN General Assembly data folder not found (expected roll_calls.csv and votes.csv.gz)",
            file=str(d),
            field="--data",
        )
    rc = d / "roll_calls.csv"
    vf = d / "votes.csv.gz" if (d / "votes.csv.gz").is_file() else d / "votes.csv"
    for f in (rc, vf):
        if not f.is_file():
            raise InputError("file not found", file=str(f), field="--data")
    stamp = tuple((f.stat().st_size, f.stat().st_mtime_ns) for f in (rc, vf))
    return _load_cached(str(d.resolve()), str(rc), str(vf), stamp)


# --------------------------------------------------------------------------- coincidence with a state


class CoincidenceRow(BaseModel):
    """One state's (or one group's pooled) voting coincidence with the reference state."""

    code: str  # alpha-3 of the state, or the group name
    iso2: str | None = None
    name: str
    same: int  # both yes or both no
    opposite: int  # one yes, the other no
    partial: int  # exactly one abstained, the other voted yes or no
    both_abstain: int  # counted by neither State Department formula (reported for completeness)
    coincidence: float | None  # 0-1 by the chosen method; None when the denominator is 0
    members: list[str] | None = None  # for a group: the members counted


class CoincidenceResult(BaseModel):
    with_code: str
    session: int
    important: bool
    method: CoincidenceMethod
    group: str | None
    n_rollcalls: int
    rows: list[CoincidenceRow]


def coincidence_score(same, opposite, partial, method: CoincidenceMethod | str):
    """The State Department formula on counts (scalars or arrays); NaN where the denominator is 0."""
    method = CoincidenceMethod(method)
    same, opposite, partial = (np.asarray(x, dtype=np.float64) for x in (same, opposite, partial))
    if method is CoincidenceMethod.same_opposite:
        num, den = same, same + opposite
    else:
        num, den = same + partial / 2.0, same + opposite + partial
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def _rollcalls_of_session(data: UngaData, session: int, important: bool) -> np.ndarray:
    sessions = np.unique(data.session)
    if session not in set(sessions.tolist()):
        raise InputError(
            f"session {session} is not in the data (sessions {sessions.min()}-{sessions.max()})",
            field="--session",
        )
    mask = data.session == session
    if important:
        mask &= data.important
        if not mask.any():
            raise InputError(
                f"session {session} has no roll calls marked as US 'important votes' in the data",
                field="--important",
            )
    return np.flatnonzero(mask)


def _none_if_nan(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


def coincidence(
    data: UngaData,
    with_: str,
    session: int,
    *,
    important: bool = False,
    group: str | None = None,
    method: CoincidenceMethod | str = CoincidenceMethod.same_opposite,
) -> CoincidenceResult:
    """Voting coincidence of every state (or of ``group``, pooled) with ``with_`` in one session.

    Counts are taken over the session's roll calls (only the State Department's important votes with
    ``important``). A group's figure pools its members' counts (sum of same over sum of same +
    opposite), each state counting only for roll calls held while it was a member: this reproduces
    the published ASEAN figures (docs/unga.md).
    """
    method = CoincidenceMethod(method)
    k = data.country_index(with_, field="--with")
    rows = _rollcalls_of_session(data, session, important)
    ref = data.votes[rows, k][:, None]
    v = data.votes[rows, :]
    ref_yn = (ref == YES) | (ref == NO)
    v_yn = (v == YES) | (v == NO)
    same = ref_yn & v_yn & (v == ref)
    opposite = ref_yn & v_yn & (v != ref)
    partial = ((ref == ABSTAIN) & v_yn) | (ref_yn & (v == ABSTAIN))
    both_abstain = (ref == ABSTAIN) & (v == ABSTAIN)
    voted = (v != ABSENT).any(axis=0)
    voted[k] = False
    out: list[CoincidenceRow] = []
    if group is None:
        s, o, p, b = (x.sum(axis=0) for x in (same, opposite, partial, both_abstain))
        score = coincidence_score(s, o, p, method)
        for c in np.flatnonzero(voted):
            out.append(
                CoincidenceRow(
                    code=data.iso3[c],
                    iso2=data.iso2[c],
                    name=data.names[c],
                    same=int(s[c]),
                    opposite=int(o[c]),
                    partial=int(p[c]),
                    both_abstain=int(b[c]),
                    coincidence=_none_if_nan(score[c]),
                )
            )
    else:
        member = data.member_mask(group, rows)
        member[:, k] = False
        s, o, p, b = (int((x & member).sum()) for x in (same, opposite, partial, both_abstain))
        counted = sorted(data.iso3[c] for c in np.flatnonzero((member & (v != ABSENT)).any(axis=0)))
        out.append(
            CoincidenceRow(
                code=group.upper(),
                name=group.upper(),
                same=s,
                opposite=o,
                partial=p,
                both_abstain=b,
                coincidence=_none_if_nan(float(coincidence_score(s, o, p, method))),
                members=counted,
            )
        )
    return CoincidenceResult(
        with_code=data.iso3[k],
        session=session,
        important=important,
        method=method,
        group=group.upper() if group else None,
        n_rollcalls=len(rows),
        rows=out,
    )


# --------------------------------------------------------------------------- group cohesion by year


class CohesionYear(BaseModel):
    year: int
    members: list[str]  # group members (alpha-3) at the year's last roll call (at year end if none)
    n_rollcalls: int
    n_pair_votes: int  # member pairs x roll calls where both voted
    identical_share: float | None  # share of those pair-votes that were identical
    agreement: float | None  # Voeten's agreement: (identical + 0.5 * one abstained) / pair-votes


class CohesionResult(BaseModel):
    group: str
    year_from: int
    year_to: int
    years: list[CohesionYear]


def _check_years(data: UngaData, year_from: int, year_to: int) -> None:
    lo, hi = int(data.year.min()), int(data.year.max())
    if year_from > year_to:
        raise InputError(f"--from {year_from} is after --to {year_to}", field="--from")
    for flag, y in (("--from", year_from), ("--to", year_to)):
        if not lo <= y <= hi:
            raise InputError(f"year {y} is outside the data ({lo}-{hi})", field=flag)


def cohesion(data: UngaData, group: str, year_from: int, year_to: int) -> CohesionResult:
    """Per calendar year of roll-call date: how alike the group's members voted, over member pairs.

    For each roll call with counts ``y``, ``a``, ``n`` of members voting yes, abstain and no, the
    member pairs that both voted number C(y+a+n, 2); identical pairs C(y,2)+C(a,2)+C(n,2); pairs with
    exactly one abstention a*(y+n). Both shares pool these over the year's roll calls.
    """
    _check_years(data, year_from, year_to)
    rows = np.flatnonzero((data.year >= year_from) & (data.year <= year_to))
    member = data.member_mask(group, rows)
    v = data.votes[rows, :]
    ny = ((v == YES) & member).sum(axis=1).astype(np.int64)
    na = ((v == ABSTAIN) & member).sum(axis=1).astype(np.int64)
    nn = ((v == NO) & member).sum(axis=1).astype(np.int64)
    n = ny + na + nn
    pairs = n * (n - 1) // 2
    identical = (ny * (ny - 1) + na * (na - 1) + nn * (nn - 1)) // 2
    half = na * (ny + nn)
    span = year_to - year_from + 1
    yi = data.year[rows] - year_from
    tot_pairs = np.bincount(yi, weights=pairs, minlength=span)
    tot_ident = np.bincount(yi, weights=identical, minlength=span)
    tot_half = np.bincount(yi, weights=half, minlength=span)
    n_rc = np.bincount(yi, minlength=span)
    joined = GROUPS[group.upper()]
    out = []
    for j in range(span):
        y = year_from + j
        in_year = yi == j
        # Membership only grows, so the members at the year's last roll call are all of its members.
        last = data.dates[rows][in_year].max() if in_year.any() else np.datetime64(date(y, 12, 31))
        members = sorted(c for c, d in joined.items() if np.datetime64(d) <= last)
        p = int(tot_pairs[j])
        out.append(
            CohesionYear(
                year=y,
                members=members,
                n_rollcalls=int(n_rc[j]),
                n_pair_votes=p,
                identical_share=tot_ident[j] / p if p else None,
                agreement=(tot_ident[j] + 0.5 * tot_half[j]) / p if p else None,
            )
        )
    return CohesionResult(group=group.upper(), year_from=year_from, year_to=year_to, years=out)


# --------------------------------------------------------------------------- dyadic agreement matrix


class AffinityPair(BaseModel):
    code_a: str
    code_b: str
    agreement: float | None
    n_votes: int


class AffinityResult(BaseModel):
    year_from: int
    year_to: int
    n_rollcalls: int
    codes: list[str]  # alpha-3, row/column order of the matrices
    agreement: list[list[float | None]]  # symmetric; None where the pair never voted jointly
    n_votes: list[list[int]]  # joint votes (both present) per pair; diagonal: votes cast

    def pairs(self) -> list[AffinityPair]:
        """Long format, one row per unordered pair with ``code_a < code_b`` (alphabetical)."""
        out = []
        for i, a in enumerate(self.codes):
            for j, b in enumerate(self.codes):
                if a < b:
                    out.append(
                        AffinityPair(
                            code_a=a, code_b=b, agreement=self.agreement[i][j], n_votes=self.n_votes[i][j]
                        )
                    )
        return sorted(out, key=lambda p: (p.code_a, p.code_b))


def dyadic_agreement(votes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Voeten's agreement for every pair of columns of a (roll calls x states) vote matrix.

    agreement_ij = 1 - mean over joint votes of |v_i - v_j| / 2 with yes=1, abstain=2, no=3, i.e.
    (identical votes + 0.5 * votes where exactly one abstained) / joint votes. Returns
    (agreement with NaN where no joint vote, joint-vote counts).
    """
    y = (votes == YES).astype(np.float64)
    a = (votes == ABSTAIN).astype(np.float64)
    n = (votes == NO).astype(np.float64)
    p = y + a + n
    joint = p.T @ p
    identical = y.T @ y + a.T @ a + n.T @ n
    one_abstain = a.T @ (y + n)
    one_abstain = one_abstain + one_abstain.T
    with np.errstate(invalid="ignore", divide="ignore"):
        agree = np.where(joint > 0, (identical + 0.5 * one_abstain) / np.where(joint > 0, joint, 1.0), np.nan)
    return agree, joint.astype(np.int64)


def affinity(
    data: UngaData, year_from: int, year_to: int, countries: Iterable[str] | None = None
) -> AffinityResult:
    """Dyadic agreement over the roll calls dated ``year_from``..``year_to`` (inclusive).

    ``countries`` (alpha-2 or alpha-3) selects and orders the states; by default every state that
    voted at least once in the window, in alpha-3 order.
    """
    _check_years(data, year_from, year_to)
    rows = np.flatnonzero((data.year >= year_from) & (data.year <= year_to))
    v = data.votes[rows, :]
    if countries is None:
        cols = np.flatnonzero((v != ABSENT).any(axis=0))
    else:
        cols = np.asarray([data.country_index(c, field="--countries") for c in countries], dtype=np.int64)
        if len(set(cols.tolist())) != len(cols):
            raise InputError("a country is listed twice", field="--countries")
    agree, joint = dyadic_agreement(v[:, cols])
    return AffinityResult(
        year_from=year_from,
        year_to=year_to,
        n_rollcalls=len(rows),
        codes=[data.iso3[c] for c in cols],
        agreement=[[_none_if_nan(x) for x in row] for row in agree],
        n_votes=joint.tolist(),
    )


def write_affinity_csv(result: AffinityResult) -> str:
    """The long-format table (code_a, code_b, agreement, n_votes) as CSV text, agreement to 10 digits."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code_a", "code_b", "agreement", "n_votes"])
    for p in result.pairs():
        w.writerow([p.code_a, p.code_b, "" if p.agreement is None else f"{p.agreement:.10f}", p.n_votes])
    return buf.getvalue()
