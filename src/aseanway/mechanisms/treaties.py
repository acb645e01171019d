"""Treaties and declarations: adoption, signature, ratification, entry into force, compliance, accession.

A declaration is adopted at a meeting and is done (the engine records it). A treaty (an agenda issue
with ``adopt_as: treaty``) is signed at the meeting that adopts it, then each signatory deposits its
ratification after a delay drawn from a lognormal distribution fitted on the real ASEAN record
(:func:`fit_ratification_delay`), then it enters into force by its rule (all signatories, or ``n``
ratifications, plus a delay in days), then each party complies or not every period
(:func:`compliance_probability`). Partners may accede to treaties open to accession (the Treaty of Amity
and Cooperation) with a constant hazard per period when their mean affinity with the members is above a
threshold. Treaties in force at the scenario's start (the reference world's) are carried as state, so
the security mechanism can read them (:meth:`Treaties.in_force_parties`). Equations and sources:
docs/mechanisms/treaties.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field
from scipy import optimize
from scipy.special import ndtr, ndtri

from aseanway.errors import InputError
from aseanway.i18n import N_
from aseanway.mechanisms.base import Mechanism, MechanismConfig
from aseanway.world import load_world

if TYPE_CHECKING:  # pragma: no cover
    from aseanway.simulation.calendar import Meeting
    from aseanway.simulation.engine import Context
    from aseanway.simulation.setup import Inputs
    from aseanway.world.models import Instrument
    from aseanway.world.world import World

# --- Calibration and defaults (each documented in docs/mechanisms/treaties.md) -----------------------
#: The instruments whose per-member deposits calibrate the ratification delay (the only two in the
#: reference world with per-member records).
CALIBRATION_INSTRUMENTS = ("CHARTER_2007", "ACCT_2007")
#: Days from signature to deposit: ``log d = mu + u + e`` with an instrument effect ``u ~ N(0, tau^2)``
#: (one draw per treaty and run) and a party effect ``e ~ N(0, sigma^2)``. Maximum-likelihood fit on the
#: 20 deposits of CALIBRATION_INSTRUMENTS (10 exact, 10 interval-censored):
#: ``fit_ratification_delay(ratification_records(load_world()))`` reproduces these figures (tested).
RATIFICATION_LOG_MU = 6.1306
RATIFICATION_LOG_SIGMA = 0.5526
RATIFICATION_LOG_TAU = 1.5508
#: ASEAN treaties enter into force on the 30th day after the deciding deposit (Charter art. 47,
#: Convention on Counter-Terrorism art. XXI).
ASEAN_ENTRY_DELAY_DAYS = 30
#: ASEAN treaties are signed at the summit that adopts them (the Charter at the 13th Summit, 20 Nov 2007;
#: the Convention on Counter-Terrorism at the 12th, 13 Jan 2007).
SIGNATURE_LAG_DAYS = 0
#: "Almost all nations observe almost all principles of international law and almost all of their
#: obligations almost all of the time" (Henkin 1979, quoted by Chayes & Chayes 1993, p. 176): a
#: per-period compliance probability of 0.95 for a party with middling values and no interest at stake
#: (an assumption that puts a number on "almost all").
COMPLIANCE_BASE = 0.95
#: Log-odds per unit of values (mean of democracy, rule of law, human rights on 0-1, centred at 0.5):
#: assumption; states with stronger domestic rule of law comply more (Simmons 2009, *Mobilizing for
#: Human Rights*); 2.0 moves the base from 0.95 to 0.89 for a score of 8 and 0.97 for 72.
COMPLIANCE_VALUES_SLOPE = 2.0
#: Log-odds per unit of depth (how far the treaty asks the party to move from its own position, 0-1):
#: Downs, Rocke & Barsoom (1996): compliance falls as a treaty's depth rises; 3.0 (assumption) moves the
#: base from 0.95 to 0.81 at half the scale.
COMPLIANCE_DEPTH_SLOPE = 3.0
#: The instruments open to accession by states outside the region (TAC art. 18 as amended in 1987).
OPEN_TO_ACCESSION = ("TAC_1976",)
#: When accession became possible for outside states: the First Protocol amending the TAC (Manila,
#: 15 Dec 1987); for regional organisations the Third Protocol (Ha Noi, 23 Jul 2010).
TAC_OPEN_STATES = date(1987, 12, 15)
TAC_OPEN_ORGANISATIONS = date(2010, 7, 23)
#: Monthly accession hazard: exponential maximum-likelihood fit n / sum(exposure) on the recorded
#: accessions of outside states to the TAC (``fit_accession_hazard(load_world())``, tested).
ACCESSION_HAZARD = 0.00390
#: Mean UNGA agreement with the members above which a partner may accede: the lowest of the outside
#: states that did accede, in the shipped UNGA affinity table (the United States, 0.33, rounded down).
ACCESSION_AFFINITY_THRESHOLD = 0.3
#: Assumption: a member that joined after an instrument was signed is expected to accede to it (the
#: Charter art. 6 and the roadmap for Timor-Leste's accession to ASEAN's instruments).
NEW_MEMBERS_ACCEDE = True
#: Default link from an existing instrument to the agenda issue that measures how deep it is for each
#: member (used for compliance): the Convention on Counter-Terrorism and the counter-terrorism issue.
INSTRUMENT_ISSUES = {"ACCT_2007": "counter-terrorism"}

EVENT_SIGNED, EVENT_RATIFIED, EVENT_IN_FORCE = "treaty_signed", "ratified", "in_force"
EVENT_ACCEDED, EVENT_LAPSE = "acceded", "compliance_lapse"
AGREEMENT_KINDS = ("declaration", "treaty")


# --- Calibration: ratification delays --------------------------------------------------------------
@dataclass(frozen=True)
class DelayRecord:
    """One party's deposit, in days from signature: exact when ``lo == hi``, else in ``[lo, hi]``."""

    instrument: str
    party: str
    lo: float
    hi: float
    note: str


def _last_deposit_bound(ins: Instrument) -> date | None:
    """Every deposit is on or before this date: the in-force date minus the delay under the all-parties rule,
    or the confirmed deposit ranked last."""
    bounds = []
    rule = ins.entry_into_force
    if ins.in_force is not None and rule.kind == "all_parties" and not ins.in_force_unconfirmed:
        bounds.append(ins.in_force - timedelta(days=rule.delay_days))
    n = len(ins.parties)
    bounds += [r.deposited for r in ins.ratifications if r.order == n and r.deposited and not r.unconfirmed]
    return min(bounds) if bounds else None


def ratification_records(world: World, ids: Sequence[str] = CALIBRATION_INSTRUMENTS) -> list[DelayRecord]:
    """Deposits of the instruments' signatories, exact or interval-censored (docs/mechanisms/treaties.md).

    A confirmed deposit date is exact. Any other deposit lies between ``lo`` (the latest of the signature,
    the party's domestic approval, and the confirmed deposits ranked before it) and ``hi`` (the earliest
    confirmed deposit ranked after it, or the last-deposit bound); unconfirmed dates are not used.
    """
    out = []
    for iid in ids:
        ins = world.instrument(iid)
        exact = [r for r in ins.ratifications if r.deposited and not r.unconfirmed]
        last = _last_deposit_bound(ins)

        def days(d: date, signed: date = ins.signed) -> float:
            return float((d - signed).days)

        for r in ins.ratifications:
            if r.deposited and not r.unconfirmed:
                out.append(DelayRecord(iid, r.party, days(r.deposited), days(r.deposited), "exact"))
                continue
            lo_dates = [ins.signed] + ([r.domestic] if r.domestic else [])
            hi_dates = [last] if last else []
            if r.order is not None:
                lo_dates += [e.deposited for e in exact if e.order is not None and e.order < r.order]
                hi_dates += [e.deposited for e in exact if e.order is not None and e.order > r.order]
            lo, hi = days(max(lo_dates)), (days(min(hi_dates)) if hi_dates else np.inf)
            out.append(DelayRecord(iid, r.party, lo, hi, "interval"))
    return out


class DelayFit(BaseModel):
    """Days from signature to deposit: ``log d = mu + u_k + e``, ``u_k ~ N(0, tau^2)`` per instrument,
    ``e ~ N(0, sigma^2)`` per party; also the pooled single lognormal for comparison."""

    model_config = ConfigDict(frozen=True)
    mu: float
    sigma: float
    tau: float
    instrument_mu: dict[str, float]
    pooled_mu: float
    pooled_sigma: float
    n_exact: int
    n_interval: int
    log_likelihood: float
    pooled_log_likelihood: float


def _loglik_each(mu: np.ndarray | float, sigma: float, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Log-likelihood of each record under a lognormal (density if exact, interval mass otherwise)."""
    mu = np.broadcast_to(np.asarray(mu, dtype=float), lo.shape)
    exact = lo == hi
    out = np.empty(lo.shape)
    z = (np.log(lo[exact]) - mu[exact]) / sigma
    out[exact] = -0.5 * z**2 - np.log(sigma * lo[exact] * np.sqrt(2.0 * np.pi))
    lo_i, hi_i, mu_i = lo[~exact], hi[~exact], mu[~exact]
    with np.errstate(divide="ignore"):
        z_lo = np.where(lo_i > 0, (np.log(np.maximum(lo_i, 1e-300)) - mu_i) / sigma, -np.inf)
        z_hi = np.where(np.isfinite(hi_i), (np.log(np.maximum(hi_i, 1e-300)) - mu_i) / sigma, np.inf)
    out[~exact] = np.log(np.maximum(ndtr(z_hi) - ndtr(z_lo), 1e-300))
    return out


def _mle(negll, x0: np.ndarray) -> optimize.OptimizeResult:
    return optimize.minimize(
        negll, x0, method="Nelder-Mead", options={"xatol": 1e-9, "fatol": 1e-11, "maxiter": 40_000}
    )


def fit_ratification_delay(records: Sequence[DelayRecord]) -> DelayFit:
    """Maximum likelihood with interval censoring (docs/mechanisms/treaties.md, 'Calibration').

    Stage 1: one location ``mu_k`` per instrument and a common within-instrument ``sigma`` (MLE). Stage 2:
    ``mu`` = mean of the ``mu_k``, ``tau`` = their sample standard deviation (two instruments: a rough
    figure). The pooled single lognormal (``tau`` = 0) is fitted too, for comparison.
    """
    lo = np.array([r.lo for r in records], dtype=float)
    hi = np.array([r.hi for r in records], dtype=float)
    ids = list(dict.fromkeys(r.instrument for r in records))
    group = np.array([ids.index(r.instrument) for r in records])
    exact = lo == hi
    if exact.sum() < 2 or any(exact[group == g].sum() < 1 for g in range(len(ids))):
        raise InputError(
            "need exact deposit dates (at least one per instrument) to fit the ratification delay"
        )
    start = np.array([np.log(lo[exact & (group == g)]).mean() for g in range(len(ids))])
    res = _mle(
        lambda th: -_loglik_each(th[:-1][group], np.exp(th[-1]), lo, hi).sum(), np.r_[start, np.log(0.5)]
    )
    mu_k = res.x[:-1]
    pooled = _mle(lambda th: -_loglik_each(th[0], np.exp(th[1]), lo, hi).sum(), np.array([start.mean(), 0.0]))
    return DelayFit(
        mu=float(mu_k.mean()),
        sigma=float(np.exp(res.x[-1])),
        tau=float(mu_k.std(ddof=1)) if len(ids) > 1 else 0.0,  # the sample sd of the instrument means
        instrument_mu={i: float(m) for i, m in zip(ids, mu_k, strict=True)},
        pooled_mu=float(pooled.x[0]),
        pooled_sigma=float(np.exp(pooled.x[1])),
        n_exact=int(exact.sum()),
        n_interval=int((~exact).sum()),
        log_likelihood=-float(res.fun),
        pooled_log_likelihood=-float(pooled.fun),
    )


def conditional_delay(
    u: np.ndarray, mu: float, sigma: float, elapsed: np.ndarray | float = 0.0
) -> np.ndarray:
    """Lognormal delay given that it exceeds ``elapsed`` days, by inversion of a uniform ``u`` in [0, 1)."""
    elapsed = np.asarray(elapsed, dtype=float)
    with np.errstate(divide="ignore"):
        f0 = np.where(elapsed > 0, ndtr((np.log(np.maximum(elapsed, 1e-300)) - mu) / sigma), 0.0)
    q = np.clip(f0 + np.asarray(u) * (1.0 - f0), 1e-300, 1.0 - 1e-16)
    return np.maximum(np.exp(mu + sigma * ndtri(q)), elapsed)


def entry_into_force(deposit: np.ndarray, signatory: np.ndarray, n: int | None, delay: float) -> np.ndarray:
    """Day of entry into force given deposit days ``[..., A]``: the ``k``-th deposit among signatories plus
    ``delay``, with ``k`` = ``n`` or (``n`` None) the number of signatories; ``inf`` if never."""
    dep = np.where(signatory, deposit, np.inf)
    k = signatory.sum(axis=-1) if n is None else np.full(signatory.shape[:-1], n)
    srt = np.sort(dep, axis=-1)
    ok = (k >= 1) & (k <= signatory.shape[-1])
    kth = np.take_along_axis(srt, np.clip(k - 1, 0, signatory.shape[-1] - 1)[..., None], axis=-1)[..., 0]
    return np.where(ok & np.isfinite(kth), kth + delay, np.inf)


def compliance_probability(
    values: np.ndarray,
    depth: np.ndarray,
    base: float = COMPLIANCE_BASE,
    values_slope: float = COMPLIANCE_VALUES_SLOPE,
    depth_slope: float = COMPLIANCE_DEPTH_SLOPE,
) -> np.ndarray:
    """``logit p = logit(base) + values_slope (v - 0.5) - depth_slope d`` with ``v``, ``d`` on 0-1."""
    logit = np.log(base / (1.0 - base)) + values_slope * (np.asarray(values) - 0.5) - depth_slope * depth
    return 1.0 / (1.0 + np.exp(-logit))


# --- Calibration: accession hazard -------------------------------------------------------------------
def accession_records(world: World, iid: str = "TAC_1976") -> list[tuple[str, float]]:
    """(party, months from the opening of the treaty to accession) for outside states and organisations."""
    ins = world.instrument(iid)
    regional = {m.code for m in world.members}
    out = []
    for acc in ins.accessions:
        if acc.party in regional or acc.party == "TLS":
            continue
        when = acc.date or date(acc.when_year, 7, 1)
        opened = TAC_OPEN_ORGANISATIONS if acc.party == "EU" else TAC_OPEN_STATES
        out.append((acc.party, (when - opened).days / (365.2425 / 12)))
    return out


def fit_accession_hazard(world: World) -> float:
    """Exponential maximum likelihood: accessions / total months of exposure (all recorded accessors)."""
    rec = accession_records(world)
    return len(rec) / sum(m for _, m in rec)


# --- Status of existing instruments ------------------------------------------------------------------
def ratified_by(ins: Instrument, on: date) -> dict[str, date]:
    """Parties known to have ratified or acceded on or before ``on`` -> the (latest possible) date.

    Deposits with a date count by that date; a record without one counts when its upper bound
    (``ratification_records``) is on or before ``on``; without per-party records, an instrument in force by
    ``on`` counts all its signatories (assumption: documented); accessions by their date (or 1 July).
    """
    out: dict[str, date] = {}
    in_force = ins.in_force is not None and ins.in_force <= on
    if not ins.ratifications and in_force:
        out.update({p: ins.in_force for p in ins.parties})  # type: ignore[misc]
    last = _last_deposit_bound(ins)
    for r in ins.ratifications:
        if r.deposited is not None:
            when = r.deposited
        else:
            later = [
                e.deposited
                for e in ins.ratifications
                if e.deposited and r.order is not None and e.order is not None and e.order > r.order
            ]
            bounds = [d for d in (*later, last) if d is not None]
            when = min(bounds) if bounds else None
        if when is not None and when <= on:
            out[r.party] = when
    for acc in ins.accessions:
        when = acc.date or date(acc.when_year, 7, 1)
        if when <= on:
            out[acc.party] = when
    return out


def existing_status(
    world: World, ids: Sequence[str], codes: Sequence[str], on: date
) -> tuple[np.ndarray, np.ndarray]:
    """``(in_force [K], party [K, A])`` of reference-world instruments on date ``on`` (no simulation)."""
    in_force = np.zeros(len(ids), dtype=bool)
    party = np.zeros((len(ids), len(codes)), dtype=bool)
    for k, iid in enumerate(ids):
        ins = world.instrument(iid)
        in_force[k] = ins.in_force is not None and ins.in_force <= on
        known = ratified_by(ins, on)
        party[k] = [c in known for c in codes]
    return in_force, party


def default_existing(world: World, on: date) -> list[str]:
    """Treaties of the reference world in force on ``on`` (with a recorded in-force date)."""
    return [x.id for x in world.instruments if x.binding and x.in_force is not None and x.in_force <= on]


# --- The mechanism ------------------------------------------------------------------------------------
class EntryRule(BaseModel):
    """Entry into force: on the ``n``-th deposit (``None``: every signatory's) plus ``delay_days``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    n: Annotated[int, Field(ge=1)] | None = None
    delay_days: Annotated[int, Field(ge=0)] = ASEAN_ENTRY_DELAY_DAYS


class TreatiesConfig(MechanismConfig):
    """Parameters of the treaty lifecycle; every default is a named constant above (with its source)."""

    #: reference-world treaties carried from the start (None: all in force on the start date)
    existing: list[str] | None = None
    ratification_mu: float = RATIFICATION_LOG_MU
    ratification_sigma: Annotated[float, Field(gt=0)] = RATIFICATION_LOG_SIGMA
    ratification_tau: Annotated[float, Field(ge=0)] = RATIFICATION_LOG_TAU
    signature_lag_days: Annotated[int, Field(ge=0)] = SIGNATURE_LAG_DAYS
    entry: EntryRule = EntryRule()  # rule of new treaties (ASEAN's: all members, 30 days)
    entry_rules: dict[str, EntryRule] = Field(default_factory=dict)  # per issue id
    compliance_base: Annotated[float, Field(gt=0, lt=1)] = COMPLIANCE_BASE
    compliance_values_slope: Annotated[float, Field(ge=0)] = COMPLIANCE_VALUES_SLOPE
    compliance_depth_slope: Annotated[float, Field(ge=0)] = COMPLIANCE_DEPTH_SLOPE
    #: shortfall: max(0, treaty - position) (scales oriented low = less commitment); absolute: |difference|
    depth: Literal["shortfall", "absolute"] = "shortfall"
    instrument_issues: dict[str, str] = Field(default_factory=lambda: dict(INSTRUMENT_ISSUES))
    open_to_accession: list[str] = Field(default_factory=lambda: list(OPEN_TO_ACCESSION))
    accession_hazard: Annotated[float, Field(ge=0, le=1)] = ACCESSION_HAZARD
    accession_threshold: Annotated[float, Field(ge=0, le=1)] = ACCESSION_AFFINITY_THRESHOLD
    new_members_accede: bool = NEW_MEMBERS_ACCEDE


def _day(d: date) -> float:
    return float(d.toordinal())


def _codes(mask: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Rows of a boolean ``[n, A]`` mask as comma-joined actor codes."""
    return np.array([",".join(codes[row]) for row in mask], dtype=object)


def values_score(inputs: Inputs) -> np.ndarray:
    """Mean of each actor's democracy, rule of law and human rights scores, on 0-1 ``[A]``."""
    return np.array(
        [
            (a.values.democracy + a.values.rule_of_law + a.values.human_rights) / 300.0
            for a in inputs.scenario.actors
        ]
    )


class Treaties(Mechanism):
    """The treaty lifecycle for every run at once (state ``[runs, treaties, actors]``)."""

    name: ClassVar[str] = "treaties"
    stream: ClassVar[int] = 1
    Config = TreatiesConfig
    indicators: ClassVar[dict[str, str]] = {
        "agreements_adopted": N_("Agreements adopted (declarations and treaties)"),
        "treaties_in_force": N_("Treaties in force"),
        "ratification_share": N_("Ratification share of signed treaties"),
        "compliance_rate": N_("Compliance rate with treaties in force"),
    }

    def __init__(self, config: TreatiesConfig, inputs: Inputs) -> None:
        super().__init__(config, inputs)
        sc = inputs.scenario
        self.world = load_world()
        existing = (
            default_existing(self.world, sc.start) if config.existing is None else list(config.existing)
        )
        for j, iid in enumerate(existing):
            try:
                self.world.instrument(iid)
            except InputError:
                raise InputError(
                    f"unknown instrument {iid!r}; expected one of "
                    f"{', '.join(x.id for x in self.world.instruments if x.binding)}",
                    field=f"mechanisms.treaties.existing[{j}]",
                ) from None
            if not self.world.instrument(iid).binding:
                raise InputError(
                    f"{iid!r} is a declaration, not a treaty", field=f"mechanisms.treaties.existing[{j}]"
                )
        new = [i for i, kind in enumerate(inputs.adopt_as) if kind == "treaty"]
        new_ids = [inputs.issue_ids[i] for i in new]
        for key in config.entry_rules:
            if key not in new_ids:
                raise InputError(
                    f"{key!r} is not an issue with adopt_as: treaty "
                    f"(expected one of: {', '.join(new_ids) or 'none'})",
                    field=f"mechanisms.treaties.entry_rules.{key}",
                )
        self.ids = existing + new_ids
        self.n_existing = len(existing)
        issue_of = {
            k: inputs.issue_ids.index(v) for k, v in config.instrument_issues.items() if v in inputs.issue_ids
        }
        self.issue = np.array([issue_of.get(iid, -1) for iid in existing] + new, dtype=np.int64)
        self.new_issues = np.array(new, dtype=np.int64)
        self.open = np.array([iid in config.open_to_accession for iid in self.ids], dtype=bool)
        self.values = values_score(inputs)
        self.codes = np.asarray(inputs.codes, dtype=object)
        kinds = inputs.adopt_as
        self.agreement_issue = np.array([k in AGREEMENT_KINDS for k in kinds], dtype=bool)

    # -- access for other mechanisms ----------------------------------------------------------------------
    @staticmethod
    def of(ctx: Context) -> Treaties | None:
        """The running Treaties mechanism of this context, if enabled (set in ``setup``)."""
        found = ctx.mechanisms.get(Treaties.name)
        return found if isinstance(found, Treaties) else None

    def in_force_parties(self, ids: Sequence[str], complying: bool = True) -> np.ndarray:
        """``[R, len(ids), A]``: actor is a party to the instrument, the instrument is in force now and (with
        ``complying``) the party complied in the last period. Unknown ids give all False."""
        R, A = self.deposit.shape[0], self.deposit.shape[2]
        out = np.zeros((R, len(ids), A), dtype=bool)
        for j, iid in enumerate(ids):
            if iid in self.ids:
                k = self.ids.index(iid)
                ok = (self.deposit[:, k] <= self.today) & (self.in_force[:, k, None] <= self.today)
                out[:, j] = ok & (self.compliant[:, k] if complying else True)
        return out

    # -- hooks --------------------------------------------------------------------------------------------
    def setup(self, ctx: Context) -> None:
        inputs, cfg = self.inputs, self.config
        R, A, K = len(ctx.draws), len(inputs.codes), len(self.ids)
        start = inputs.scenario.start
        self.today = _day(start)
        self.signed = np.full((R, K), np.inf)
        self.deposit = np.full((R, K, A), np.inf)
        self.expected = np.zeros((R, K, A), dtype=bool)
        self.signatory = np.zeros((R, K, A), dtype=bool)
        self.in_force = np.full((R, K), np.inf)
        self.rec_signed = np.zeros((R, K), dtype=bool)
        self.rec_deposit = np.zeros((R, K, A), dtype=bool)
        self.rec_in_force = np.zeros((R, K), dtype=bool)
        self.compliant = np.ones((R, K, A), dtype=bool)
        self.rule_n = np.full(K, -1, dtype=np.int64)
        self.rule_delay = np.zeros(K)
        joined = {m.code: m.joined for m in self.world.members}
        gens = ctx.rng(self.stream)
        K0 = self.n_existing
        u = np.stack([g.standard_normal(K0) for g in gens]) if R else np.zeros((0, K0))
        v = np.stack([g.random((K0, A)) for g in gens]) if R else np.zeros((0, K0, A))
        for k, iid in enumerate(self.ids[:K0]):
            ins = self.world.instrument(iid)
            known = ratified_by(ins, start)
            sig = np.array([c in ins.parties for c in inputs.codes]) & inputs.is_state
            exp = sig | np.array([c in known for c in inputs.codes])
            if cfg.new_members_accede:
                exp |= inputs.is_member
            exp &= inputs.is_state
            dep = np.array([_day(known[c]) if c in known else np.inf for c in inputs.codes])
            pending = exp & ~np.isfinite(dep)
            base = np.array([max(_day(ins.signed), _day(joined.get(c, ins.signed))) for c in inputs.codes])
            elapsed = np.maximum(_day(start) - base, 0.0)
            delay = conditional_delay(
                v[:, k],
                cfg.ratification_mu + cfg.ratification_tau * u[:, k, None],
                cfg.ratification_sigma,
                elapsed,
            )
            self.deposit[:, k] = np.where(pending, base + delay, dep)
            self.expected[:, k] = exp
            self.signatory[:, k] = sig
            self.signed[:, k] = _day(ins.signed)
            rule = ins.entry_into_force
            n = rule.n if rule.kind == "n_ratifications" else None
            self.rule_n[k], self.rule_delay[k] = -1 if n is None else n, rule.delay_days
            if ins.in_force is not None and ins.in_force <= start:
                self.in_force[:, k] = _day(ins.in_force)
            elif rule.kind == "upon_signature":
                self.in_force[:, k] = _day(ins.signed)
            else:
                self.in_force[:, k] = entry_into_force(self.deposit[:, k], sig[None], n, rule.delay_days)
            past = _day(start)
            self.rec_signed[:, k] = _day(ins.signed) < past
            self.rec_deposit[:, k] = self.deposit[:, k] < past
            self.rec_in_force[:, k] = self.in_force[:, k] < past
        for j, iid in enumerate(self.ids[K0:], K0):
            rule = cfg.entry_rules.get(iid, cfg.entry)
            self.rule_n[j], self.rule_delay[j] = -1 if rule.n is None else rule.n, rule.delay_days

    def on_meeting(self, ctx: Context, meeting: Meeting, newly_adopted: np.ndarray) -> None:
        K0, inputs, cfg = self.n_existing, self.inputs, self.config
        if self.new_issues.size:
            hit = newly_adopted[:, self.new_issues]  # [R, K1]
            if hit.any():
                t = _day(meeting.date) + cfg.signature_lag_days
                f = inputs.forum_ids.index(meeting.forum)
                sig = (
                    inputs.participants[f][None, :] & inputs.stance[:, self.new_issues].T & inputs.is_state
                )  # [K1, A]
                gens = ctx.rng(self.stream)
                A = len(inputs.codes)
                for r in np.flatnonzero(hit.any(axis=1)):
                    g = gens[r]
                    u, v = g.standard_normal(hit.shape[1]), g.random((hit.shape[1], A))
                    delay = conditional_delay(
                        v, cfg.ratification_mu + cfg.ratification_tau * u[:, None], cfg.ratification_sigma
                    )
                    for j in np.flatnonzero(hit[r]):
                        k = K0 + j
                        self.signed[r, k] = t
                        self.signatory[r, k] = sig[j]
                        self.expected[r, k] = sig[j]
                        self.deposit[r, k] = np.where(sig[j], t + delay[j], np.inf)
                        n = None if self.rule_n[k] < 0 else int(self.rule_n[k])
                        self.in_force[r, k] = entry_into_force(
                            self.deposit[r, k], sig[j], n, self.rule_delay[k]
                        )
        self._transitions(ctx, meeting.date)

    def on_period(self, ctx: Context, day: date) -> None:
        self._transitions(ctx, day)
        if not self.ids:
            return
        st, inputs, cfg = ctx.state, self.inputs, self.config
        t = self.today
        gens = ctx.rng(self.stream)
        R, K, A = self.deposit.shape
        draws = np.stack([g.random((2, K, A)) for g in gens]) if R else np.zeros((0, 2, K, A))
        # accession of outside states to open treaties in force
        members = inputs.is_member
        m = members.sum()
        aff = st.affinity[:, :, members].sum(axis=2) - np.where(members, 1.0, 0.0)[None]
        mean_aff = aff / np.maximum(m - members.astype(int), 1)[None]  # [R, A]
        cand = (
            self.open[None, :, None]
            & (self.in_force <= t)[:, :, None]
            & (self.deposit > t)
            & (inputs.is_state & ~members)[None, None]
            & (mean_aff >= cfg.accession_threshold)[:, None, :]
        )
        accede = cand & (draws[:, 0] < cfg.accession_hazard)
        if accede.any():
            self.deposit = np.where(accede, t, self.deposit)
            self.expected |= accede
            self.rec_deposit |= accede
            rr, kk, aa = np.nonzero(accede)
            ctx.record(
                rr, day, EVENT_ACCEDED, issue=np.asarray(self.ids, dtype=object)[kk], actors=self.codes[aa]
            )
        # compliance of parties to treaties in force
        party = (self.deposit <= t) & (self.in_force <= t)[:, :, None]
        p = compliance_probability(
            self.values[None, None],
            self.depth(st),
            cfg.compliance_base,
            cfg.compliance_values_slope,
            cfg.compliance_depth_slope,
        )
        ok = draws[:, 1] < p
        self.compliant = ok | ~party
        lapse = party & ~ok
        if lapse.any():
            rr, kk, aa = np.nonzero(lapse)
            ctx.record(
                rr,
                day,
                EVENT_LAPSE,
                issue=np.asarray(self.ids, dtype=object)[kk],
                outcome=p[rr, kk, aa],
                actors=self.codes[aa],
            )
        self._indicators(ctx, day, party)

    def finish(self, ctx: Context) -> None:
        self._transitions(ctx, self.inputs.scenario.end)

    # -- internals ----------------------------------------------------------------------------------------
    def depth(self, st: object) -> np.ndarray:
        """``[R, K, A]`` on 0-1: how far each treaty asks each actor to move (0 without a linked issue)."""
        R, K, A = self.deposit.shape
        out = np.zeros((R, K, A))
        for k in np.flatnonzero(self.issue >= 0):
            i = self.issue[k]
            ref = st.outcome[:, i] if k >= self.n_existing else np.full(R, self.inputs.status_quo[i])  # type: ignore[attr-defined]
            gap = ref[:, None] - st.position[:, :, i]  # type: ignore[attr-defined]
            gap = np.maximum(gap, 0.0) if self.config.depth == "shortfall" else np.abs(gap)
            out[:, k] = np.nan_to_num(gap, nan=0.0) / 100.0
        return out

    def _transitions(self, ctx: Context, day: date) -> None:
        """Record the signatures, deposits and entries into force due on or before ``day``."""
        t = self.today = max(self.today, _day(day))
        if not self.ids:
            return
        ids = np.asarray(self.ids, dtype=object)
        due = (self.signed <= t) & ~self.rec_signed
        if due.any():
            rr, kk = np.nonzero(due)
            ctx.record(
                rr, day, EVENT_SIGNED, issue=ids[kk], actors=_codes(self.signatory[rr, kk], self.codes)
            )
            self.rec_signed |= due
        due = (self.deposit <= t) & ~self.rec_deposit & self.expected
        if due.any():
            rr, kk, aa = np.nonzero(due)
            ctx.record(
                rr,
                day,
                EVENT_RATIFIED,
                issue=ids[kk],
                outcome=self.deposit[rr, kk, aa] - self.signed[rr, kk],
                actors=self.codes[aa],
            )
            self.rec_deposit |= due
        due = (self.in_force <= t) & ~self.rec_in_force
        if due.any():
            rr, kk = np.nonzero(due)
            ctx.record(
                rr,
                day,
                EVENT_IN_FORCE,
                issue=ids[kk],
                outcome=self.in_force[rr, kk] - self.signed[rr, kk],
                actors=_codes(self.deposit[rr, kk] <= t, self.codes),
            )
            self.rec_in_force |= due

    def _indicators(self, ctx: Context, day: date, party: np.ndarray) -> None:
        st, t = ctx.state, self.today
        ctx.indicator(
            day, "agreements_adopted", (st.adopted & self.agreement_issue[None]).sum(axis=1).astype(float)
        )
        ctx.indicator(day, "treaties_in_force", (self.in_force <= t).sum(axis=1).astype(float))
        signed = (self.signed <= t)[:, :, None] & self.expected
        num, den = (signed & (self.deposit <= t)).sum(axis=(1, 2)), signed.sum(axis=(1, 2))
        ctx.indicator(
            day, "ratification_share", np.divide(num, den, out=np.full(num.shape, np.nan), where=den > 0)
        )
        num, den = (party & self.compliant).sum(axis=(1, 2)), party.sum(axis=(1, 2))
        ctx.indicator(
            day, "compliance_rate", np.divide(num, den, out=np.full(num.shape, np.nan), where=den > 0)
        )
