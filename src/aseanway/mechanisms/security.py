"""Regional security cooperation against transnational threats (terrorism, crime, piracy, trafficking).

Every period (month) each threat type ``t`` strikes each member ``a`` ``n ~ Poisson(lambda_ta)`` times,
each incident with a lognormal harm ``H`` (mean ``severity_t``). Cooperation ``c_a`` in [0, 1] lowers
the harm: realised harm ``H (1 - e k_a)`` with ``k_a = (c_a + mean_b c_b) / 2`` (own effort and the
region's). Cooperation combines three parts, ``c = 1 - (1 - b)(1 - I)(1 - G)``: practical cooperation
``b`` (information sharing, joint operations: a state that rises with shared threat and affinity),
instruments in force ``I`` (the Convention on Counter-Terrorism: read from the treaties mechanism, or
from the reference world when it is off) and adopted agenda items ``G`` (the counter-terrorism issue).
The base rates come from the ICEWS material-conflict counts among members (``data/threat_rates.csv``,
``scripts/derive_threat_rates.py``). Equations, sources and limits: docs/mechanisms/security.md.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Annotated, ClassVar

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from aseanway.errors import InputError
from aseanway.i18n import N_
from aseanway.mechanisms.base import Mechanism, MechanismConfig
from aseanway.mechanisms.treaties import Treaties, existing_status
from aseanway.world import load_world

if TYPE_CHECKING:  # pragma: no cover
    from datetime import date

    from aseanway.simulation.engine import Context
    from aseanway.simulation.setup import Inputs

RATES_TABLE = "threat_rates.csv"
#: Threat types and their shares of a member's ICEWS-calibrated incident rate: ICEWS dyad-year counts
#: carry no event types, so the split is an assumption (equal shares).
THREAT_SHARE = 0.25
#: Spread (log-sd) of an incident's harm per type, mean harm 1 (relative units): assumption. Terrorism's
#: severity is heavy-tailed (Clauset, Young & Gleditsch 2007, J. Conflict Resolution 51: a power law in
#: deaths per attack), so it gets the widest spread; the others are assumptions of decreasing spread.
HARM_SIGMA = {"terrorism": 1.5, "organised_crime": 1.0, "trafficking": 1.0, "piracy": 0.75}
#: Share of harm cooperation can prevent at full cooperation: assumption (half), between no effect and
#: full prevention; Sandler (2005, "Collective versus unilateral responses to terrorism", Public Choice
#: 124) argues shared intelligence and joint action cut the harm that unilateral action displaces.
EFFECTIVENESS = 0.5
#: Monthly growth of practical cooperation under a normal threat level and full affinity: assumption
#: giving a steady state near 0.5 with COOPERATION_DECAY (docs/mechanisms/security.md).
COOPERATION_GAIN = 0.05
#: Monthly decay of practical cooperation without threats: a half-life of about 3.5 years (assumption:
#: the time of a few ministerial cycles of the AMMTC).
COOPERATION_DECAY = 1.0 / 60.0
#: Weight of each instrument in force on a member's cooperation when the member is a complying party:
#: assumption; the ACCT commits parties to information exchange and mutual legal assistance (arts. VI, XII).
INSTRUMENT_WEIGHTS = {"ACCT_2007": 0.25}
#: Weight of each adopted agenda item, times its adopted outcome on 0-1: assumption.
ISSUE_WEIGHTS = {"counter-terrorism": 0.3}


class ThreatType(BaseModel):
    """One type of transnational threat: its share of the base rate and its harm distribution."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Annotated[str, Field(pattern=r"^[a-z][a-z_]*$")]
    share: Annotated[float, Field(ge=0)] = THREAT_SHARE
    severity: Annotated[float, Field(ge=0)] = 1.0  # mean harm of one incident (relative units)
    harm_sigma: Annotated[float, Field(ge=0, le=5)] = 1.0


DEFAULT_THREATS = tuple(ThreatType(id=k, harm_sigma=v) for k, v in HARM_SIGMA.items())


class SecurityConfig(MechanismConfig):
    """Parameters of regional security cooperation; every default is a named constant above."""

    threats: list[ThreatType] = Field(default_factory=lambda: list(DEFAULT_THREATS))
    #: incidents per member per month (all types); None: the shipped ICEWS table (``threat_rates.csv``)
    rates: dict[str, Annotated[float, Field(ge=0)]] | None = None
    rate_scale: Annotated[float, Field(ge=0)] = 1.0
    effectiveness: Annotated[float, Field(ge=0, le=1)] = EFFECTIVENESS
    cooperation_gain: Annotated[float, Field(ge=0, le=1)] = COOPERATION_GAIN
    cooperation_decay: Annotated[float, Field(ge=0, le=1)] = COOPERATION_DECAY
    #: starting practical cooperation; None: the steady state of the update at the normal threat level
    initial_cooperation: Annotated[float, Field(ge=0, le=1)] | None = None
    instruments: dict[str, Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=lambda: dict(INSTRUMENT_WEIGHTS)
    )
    issues: dict[str, Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=lambda: dict(ISSUE_WEIGHTS)
    )


@cache
def shipped_rates() -> dict[str, float]:
    """Member -> incidents per month from the shipped ICEWS-derived table."""
    path = resources.files("aseanway.mechanisms") / "data" / RATES_TABLE
    with path.open("r", encoding="utf-8", newline="") as fh:
        return {r["code"]: float(r["incidents_per_month"]) for r in csv.DictReader(fh)}


def harm_mu(severity: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """Log-mean of a lognormal with mean ``severity`` and log-sd ``sigma``."""
    with np.errstate(divide="ignore"):
        return np.log(np.asarray(severity, dtype=float)) - 0.5 * np.asarray(sigma, dtype=float) ** 2


def effective_cooperation(coop: np.ndarray) -> np.ndarray:
    """``k_a = (c_a + mean_b c_b) / 2`` over the last axis (members)."""
    return 0.5 * (coop + coop.mean(axis=-1, keepdims=True))


def expected_harm(
    rate: np.ndarray, severity: np.ndarray, coop: np.ndarray, effectiveness: float
) -> np.ndarray:
    """Expected harm per member and period: ``sum_t lambda_ta s_t (1 - e k_a)``.

    ``rate`` ``[T, M]``, ``severity`` ``[T]``, ``coop`` ``[..., M]`` -> ``[..., M]``.
    """
    raw = (np.asarray(rate) * np.asarray(severity)[:, None]).sum(axis=0)
    return raw * (1.0 - effectiveness * effective_cooperation(np.asarray(coop, dtype=float)))


def combine(practical: np.ndarray, instruments: np.ndarray, issues: np.ndarray) -> np.ndarray:
    """``c = 1 - (1 - b)(1 - I)(1 - G)``, each part clipped to [0, 1]."""
    parts = [np.clip(x, 0.0, 1.0) for x in (practical, instruments, issues)]
    return 1.0 - (1.0 - parts[0]) * (1.0 - parts[1]) * (1.0 - parts[2])


def update_practical(
    b: np.ndarray, shared: np.ndarray, affinity: np.ndarray, gain: float, decay: float
) -> np.ndarray:
    """``b <- b + gain (1 - exp(-S)) A (1 - b) - decay b`` (shared threat ``S``, mean affinity ``A``)."""
    return np.clip(b + gain * (1.0 - np.exp(-shared)) * affinity * (1.0 - b) - decay * b, 0.0, 1.0)


def steady_state(affinity: np.ndarray, gain: float, decay: float) -> np.ndarray:
    """Fixed point of :func:`update_practical` at the normal threat level ``S = 1``."""
    push = gain * (1.0 - np.exp(-1.0)) * affinity
    return np.divide(push, push + decay, out=np.zeros_like(push, dtype=float), where=(push + decay) > 0)


class Security(Mechanism):
    """Threats and cooperation of the members, for every run at once (state ``[runs, members]``)."""

    name: ClassVar[str] = "security"
    stream: ClassVar[int] = 3
    Config = SecurityConfig
    indicators: ClassVar[dict[str, str]] = {
        "threat_harm_expected": N_("Expected harm from transnational threats (per month)"),
        "threat_harm_realised": N_("Realised harm from transnational threats (per month)"),
        "threat_incidents": N_("Transnational threat incidents (per month)"),
        "security_cooperation": N_("Security cooperation level of members"),
    }

    def __init__(self, config: SecurityConfig, inputs: Inputs) -> None:
        super().__init__(config, inputs)
        self.members = np.flatnonzero(inputs.is_member)
        codes = [inputs.codes[a] for a in self.members]
        table = shipped_rates() if config.rates is None else dict(config.rates)
        missing = [c for c in codes if c not in table]
        if missing:
            raise InputError(
                f"no threat rate for member(s) {', '.join(missing)}; give mechanisms.security.rates for them",
                field="mechanisms.security.rates",
            )
        ids = [t.id for t in config.threats]
        if len(set(ids)) != len(ids):
            raise InputError("threat ids must be unique", field="mechanisms.security.threats")
        share = np.array([t.share for t in config.threats])
        base = np.array([table[c] for c in codes]) * config.rate_scale
        self.rate = share[:, None] * base[None, :]  # [T, M] incidents per month
        self.severity = np.array([t.severity for t in config.threats])
        self.sigma = np.array([t.harm_sigma for t in config.threats])
        self.mu = harm_mu(self.severity, self.sigma)
        self.raw_expected = (self.rate * self.severity[:, None]).sum(axis=0)  # [M]
        world = load_world()
        treaty_issues = {i for i, k in zip(inputs.issue_ids, inputs.adopt_as, strict=True) if k == "treaty"}
        for iid in config.instruments:
            if iid in treaty_issues:
                continue  # a treaty the scenario may adopt: tracked by the treaties mechanism
            try:
                world.instrument(iid)
            except InputError:
                raise InputError(
                    f"unknown instrument {iid!r}: expected a reference-world instrument (see `aseanway world "
                    "instruments`) or an issue of the scenario with adopt_as: treaty",
                    field=f"mechanisms.security.instruments.{iid}",
                ) from None
        self.instrument_ids = list(config.instruments)
        self.instrument_w = np.array(list(config.instruments.values()))
        world_ids = [i for i in self.instrument_ids if i not in treaty_issues]
        self.issue_idx = np.array([inputs.issue_ids.index(i) for i in config.issues if i in inputs.issue_ids])
        self.issue_w = np.array([w for i, w in config.issues.items() if i in inputs.issue_ids])
        _, party = existing_status(world, world_ids, codes, inputs.scenario.start)
        static = np.zeros((len(self.instrument_ids), len(codes)), dtype=bool)
        static[[self.instrument_ids.index(i) for i in world_ids]] = party
        self.static_instruments = static  # [K, M] when the treaties mechanism is off (adopted treaties: none)

    def _member_affinity(self, affinity: np.ndarray) -> np.ndarray:
        sub = affinity[:, self.members][:, :, self.members]
        m = len(self.members)
        return (sub.sum(axis=2) - np.diagonal(sub, axis1=1, axis2=2)) / max(m - 1, 1)  # [R, M]

    def setup(self, ctx: Context) -> None:
        cfg = self.config
        aff = self._member_affinity(ctx.state.affinity)
        if cfg.initial_cooperation is None:
            self.practical = steady_state(aff, cfg.cooperation_gain, cfg.cooperation_decay)
        else:
            self.practical = np.full(aff.shape, cfg.initial_cooperation)

    def cooperation(self, ctx: Context) -> np.ndarray:
        """Members' cooperation ``c`` ``[R, M]`` now (practical, instruments, adopted items)."""
        R, M = self.practical.shape
        treaties = Treaties.of(ctx)
        if not self.instrument_ids:
            inst = np.zeros((R, M))
        elif treaties is not None:
            party = treaties.in_force_parties(self.instrument_ids)[:, :, self.members]  # [R, K, M]
            inst = (self.instrument_w[None, :, None] * party).sum(axis=1)
        else:
            inst = np.broadcast_to((self.instrument_w[:, None] * self.static_instruments).sum(axis=0), (R, M))
        if self.issue_idx.size:
            st = ctx.state
            level = np.where(
                st.adopted[:, self.issue_idx], np.nan_to_num(st.outcome[:, self.issue_idx]) / 100.0, 0.0
            )
            items = np.broadcast_to((level * self.issue_w[None]).sum(axis=1)[:, None], (R, M))
        else:
            items = np.zeros((R, M))
        return combine(self.practical, inst, items)

    def on_period(self, ctx: Context, day: date) -> None:
        cfg = self.config
        R, M = self.practical.shape
        T = self.rate.shape[0]
        if M == 0:
            return
        coop = self.cooperation(ctx)
        keep = 1.0 - cfg.effectiveness * effective_cooperation(coop)  # [R, M]
        gens = ctx.rng(self.stream)
        counts = np.zeros((R, T, M), dtype=np.int64)
        raw = np.zeros((R, M))
        for r, g in enumerate(gens):  # per-run draws: each run from its own stream, fixed order
            n = g.poisson(self.rate)
            counts[r] = n
            total = n.sum()
            if total:
                h = g.lognormal(
                    np.repeat(self.mu.repeat(M), n.ravel()), np.repeat(self.sigma.repeat(M), n.ravel())
                )
                np.add.at(raw[r], np.repeat(np.tile(np.arange(M), T), n.ravel()), h)
        realised = raw * keep
        expected = self.raw_expected[None] * keep
        ctx.indicator(day, "threat_harm_expected", expected.sum(axis=1))
        ctx.indicator(day, "threat_harm_realised", realised.sum(axis=1))
        ctx.indicator(day, "threat_incidents", counts.sum(axis=(1, 2)).astype(float))
        ctx.indicator(day, "security_cooperation", coop.mean(axis=1))
        # shared threat: the region's raw harm relative to its normal level; update practical cooperation
        norm = self.raw_expected.sum()
        shared = raw.sum(axis=1) / norm if norm > 0 else np.zeros(R)
        self.practical = update_practical(
            self.practical,
            shared[:, None],
            self._member_affinity(ctx.state.affinity),
            cfg.cooperation_gain,
            cfg.cooperation_decay,
        )
