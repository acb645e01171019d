"""Diplomacy between meetings: bilateral visits, dialogue on agenda items, partner pressure.

Runs first in every month (docs/mechanisms/diplomacy.md gives the equations and sources):

- ``visit``: each pair of states with at least one ASEAN member exchanges a high-level visit with a
  monthly chance (members' pairs more often than member-partner pairs); a visit closes a share ``rho``
  of the gap to full affinity, ``a <- a + rho (1 - a)`` (symmetric).
- ``dialogue``: two states that disagree on an open agenda issue (gap above ``dialogue_gap``) negotiate
  with a chance proportional to the product of their saliences; each moves towards the other by
  ``lambda * gap * w_other / (w_self + w_other)`` (the side that cares less concedes more; Nash 1950
  bargaining intuition), the total per actor, issue and month bounded by ``max_shift``.
- ``partner_pressure``: a dialogue partner (a non-member state with a stance) campaigns in a month with
  a chance; it pulls each member that has a stance on an open issue by
  ``kappa * f(a_pm) * c_p / (c_p + c_m) * w_p / 100 * (x_p - x_m)``, where ``f`` is zero below
  ``affinity_floor`` and rises linearly to 1; the sum over partners is bounded per member, issue and
  month by ``partner_max_shift``.

Stability indicators are measured here at the start of each month over the month that ended (so they
include the meetings and the other mechanisms): mean absolute change of members' pairwise affinity
and of members' positions. The non-state channels (lobbying, AIPA, civil society) stay in
``simulation.channels`` before each meeting; this module adds no non-state events.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, ClassVar

import numpy as np
from pydantic import Field

from aseanway.errors import InputError
from aseanway.i18n import N_
from aseanway.mechanisms.base import Mechanism, MechanismConfig

if TYPE_CHECKING:  # pragma: no cover
    from aseanway.simulation.engine import Context
    from aseanway.simulation.setup import Inputs

# Every default below is an assumption with its reasoning (docs/mechanisms/diplomacy.md):
VISIT_MEMBERS = 1.0 / 12.0  # about one high-level visit a year per pair of members (annual leaders'
# consultations such as Indonesia-Malaysia and Singapore-Malaysia retreats; introductory visits)
VISIT_PARTNERS = 1.0 / 24.0  # a partner and a member about every two years
VISIT_AFFINITY = 0.02  # a visit closes 2% of the gap: a year of visits < one meeting (affinity_rate 0.1)
DIALOGUE_RATE = 0.05  # monthly chance of a negotiation for two states that both care fully (w = 100)
DIALOGUE_GAP = 10.0  # positions closer than one coding step (5-10 points, Thomson et al. 2006) agree
DIALOGUE_STEP = 0.1  # share of the gap closed in one negotiation (split by salience)
MAX_SHIFT = 1.0  # per actor, issue and month: 12 points a year at most (channels: 3 x 3 meetings = 9)
PRESSURE_RATE = 0.5  # a partner campaigns in about every other month (assumption)
PRESSURE_STEP = 0.1  # share of the gap a fully salient, fully dominant, close partner closes a month
PARTNER_MAX_SHIFT = 0.5  # per member, issue and month, all partners: 6 points a year at most
AFFINITY_FLOOR = 0.5  # members agreeing with a partner in under half of UNGA votes are not swayed


class DiplomacyConfig(MechanismConfig):
    """``mechanisms.diplomacy`` of a scenario."""

    visit_members: Annotated[float, Field(ge=0, le=1)] = VISIT_MEMBERS
    visit_partners: Annotated[float, Field(ge=0, le=1)] = VISIT_PARTNERS
    visit_affinity: Annotated[float, Field(ge=0, le=1)] = VISIT_AFFINITY
    dialogue_rate: Annotated[float, Field(ge=0, le=1)] = DIALOGUE_RATE
    dialogue_gap: Annotated[float, Field(ge=0, le=100)] = DIALOGUE_GAP
    dialogue_step: Annotated[float, Field(ge=0, le=1)] = DIALOGUE_STEP
    max_shift: Annotated[float, Field(ge=0, le=20)] = MAX_SHIFT
    pressure_rate: Annotated[float, Field(ge=0, le=1)] = PRESSURE_RATE
    pressure_step: Annotated[float, Field(ge=0, le=1)] = PRESSURE_STEP
    partner_max_shift: Annotated[float, Field(ge=0, le=20)] = PARTNER_MAX_SHIFT
    affinity_floor: Annotated[float, Field(ge=0, lt=1)] = AFFINITY_FLOOR
    partners: list[str] | None = None  # default: every non-member state of the scenario


def visit_update(affinity: np.ndarray, visited: np.ndarray, rho: float) -> np.ndarray:
    """``a <- a + rho (1 - a)`` where visited (elementwise)."""
    return np.where(visited, affinity + rho * (1.0 - affinity), affinity)


def dialogue_moves(
    x_a: np.ndarray, x_b: np.ndarray, w_a: np.ndarray, w_b: np.ndarray, step: float
) -> tuple[np.ndarray, np.ndarray]:
    """Moves of ``a`` and ``b`` towards each other (before the monthly bound); elementwise."""
    tot = np.maximum(w_a + w_b, 1e-9)
    gap = x_b - x_a
    return step * gap * w_b / tot, -step * gap * w_a / tot


def pressure_pull(
    x_p: np.ndarray,
    x_m: np.ndarray,
    w_p: np.ndarray,
    affinity: np.ndarray,
    c_p: np.ndarray,
    c_m: np.ndarray,
    step: float,
    floor: float,
) -> np.ndarray:
    """A partner's pull on a member's position (before the bound); elementwise."""
    f = np.clip((affinity - floor) / (1.0 - floor), 0.0, 1.0)
    lev = c_p / np.maximum(c_p + c_m, 1e-12)
    return step * f * lev * (w_p / 100.0) * (x_p - x_m)


class Diplomacy(Mechanism):
    """Visits, dialogue and partner pressure between meetings; stability indicators."""

    name: ClassVar[str] = "diplomacy"
    stream: ClassVar[int] = 4
    Config = DiplomacyConfig
    indicators: ClassVar[dict[str, str]] = {
        "affinity_volatility": N_("Volatility of members' affinity in the last month"),
        "position_volatility": N_("Volatility of members' positions in the last month"),
        "partner_shift": N_("Position shift by partners' pressure in the last month"),
    }

    def __init__(self, config: DiplomacyConfig, inputs: Inputs) -> None:
        super().__init__(config, inputs)
        codes, state, member = inputs.codes, inputs.is_state, inputs.is_member
        states = np.flatnonzero(state)
        a, b = np.triu_indices(states.size, k=1)
        a, b = states[a], states[b]
        keep = member[a] | member[b]
        self.pa, self.pb = a[keep], b[keep]
        self.visit_p = np.where(
            member[self.pa] & member[self.pb], config.visit_members, config.visit_partners
        )
        if config.partners is None:
            partners = [k for k in states if not member[k]]
        else:
            partners = []
            for i, c in enumerate(config.partners):
                if c not in codes or not state[codes.index(c)] or member[codes.index(c)]:
                    raise InputError(
                        f"{c!r} is not a non-member state among the scenario's actors",
                        field=f"mechanisms.diplomacy.partners[{i}]",
                    )
                partners.append(codes.index(c))
        self.partners = np.array(partners, dtype=np.int64)
        self.members = np.flatnonzero(member)
        codes_arr = np.asarray(codes, dtype=object)
        self.pair_labels = np.array(
            [f"{codes_arr[x]},{codes_arr[y]}" for x, y in zip(self.pa, self.pb, strict=True)], dtype=object
        )
        self.codes = codes_arr
        self.issue_ids = np.asarray(inputs.issue_ids, dtype=object)

    def setup(self, ctx: Context) -> None:
        self.prev_aff = ctx.state.affinity.copy()
        self.prev_pos = ctx.state.position.copy()

    def _stability(self, ctx: Context, day: date) -> None:
        st, m = ctx.state, self.members
        iu = np.triu_indices(m.size, k=1)
        d_aff = np.abs(st.affinity[:, m][:, :, m] - self.prev_aff[:, m][:, :, m])[:, iu[0], iu[1]]
        stance = self.inputs.stance[m]
        d_pos = np.abs(st.position[:, m] - self.prev_pos[:, m])
        n = max(int(stance.sum()), 1)
        ctx.indicator(
            day, "affinity_volatility", d_aff.mean(axis=1) if d_aff.shape[1] else np.zeros(len(ctx.draws))
        )
        ctx.indicator(day, "position_volatility", np.where(stance[None], d_pos, 0.0).sum(axis=(1, 2)) / n)

    def on_period(self, ctx: Context, day: date) -> None:
        self._stability(ctx, day)
        self.prev_aff = ctx.state.affinity.copy()  # the next month's volatility includes these moves
        self.prev_pos = ctx.state.position.copy()
        cfg, inp, st = self.config, self.inputs, ctx.state
        gens = ctx.rng(self.stream)
        n_pairs, n_issues, n_part = self.pa.size, len(inp.issue_ids), self.partners.size
        u = np.stack([g.random(n_pairs + n_pairs * n_issues + n_part) for g in gens])
        u_visit = u[:, :n_pairs]
        u_dia = u[:, n_pairs : n_pairs + n_pairs * n_issues].reshape(-1, n_pairs, n_issues)
        u_press = u[:, n_pairs + n_pairs * n_issues :]
        # visits
        visited = u_visit < self.visit_p[None]
        pa, pb = self.pa, self.pb
        new = visit_update(st.affinity[:, pa, pb], visited, cfg.visit_affinity)
        st.affinity[:, pa, pb] = new
        st.affinity[:, pb, pa] = new
        rr, kk = np.nonzero(visited)
        ctx.record(rr, day, "visit", outcome=new[rr, kk], actors=self.pair_labels[kk])
        # dialogue on open issues where two states disagree
        open_ = ~st.adopted  # [R, I]
        both = inp.stance[pa] & inp.stance[pb]  # [P, I]
        x_a, x_b = st.position[:, pa], st.position[:, pb]  # [R, P, I]
        w_a, w_b = st.salience[:, pa], st.salience[:, pb]
        gap = np.abs(np.nan_to_num(x_b - x_a))
        chance = cfg.dialogue_rate * w_a * w_b / 1e4
        talk = both[None] & open_[:, None, :] & (gap > cfg.dialogue_gap) & (u_dia < chance)
        m_a, m_b = dialogue_moves(np.nan_to_num(x_a), np.nan_to_num(x_b), w_a, w_b, cfg.dialogue_step)
        move = np.zeros_like(st.position)
        np.add.at(move, (slice(None), pa), np.where(talk, m_a, 0.0))
        np.add.at(move, (slice(None), pb), np.where(talk, m_b, 0.0))
        move = np.clip(move, -cfg.max_shift, cfg.max_shift)
        st.position[:] = np.where(inp.stance[None], np.clip(st.position + move, 0.0, 100.0), st.position)
        rr, kk, ii = np.nonzero(talk)
        ctx.record(
            rr,
            day,
            "dialogue",
            issue=self.issue_ids[ii],
            outcome=gap[rr, kk, ii],
            actors=self.pair_labels[kk],
        )
        # partner pressure on members
        shift = np.zeros(len(ctx.draws))
        if n_part and self.members.size:
            P, M = self.partners, self.members
            campaign = u_press < cfg.pressure_rate  # [R, n_part]
            aim = inp.stance[P][:, None, :] & inp.stance[M][None, :, :]  # [n_part, M, I]
            pull = pressure_pull(
                st.position[:, P][:, :, None, :],
                st.position[:, M][:, None, :, :],
                st.salience[:, P][:, :, None, :],
                st.affinity[:, P][:, :, M][..., None],
                inp.capability[P][None, :, None, None],
                inp.capability[M][None, None, :, None],
                cfg.pressure_step,
                cfg.affinity_floor,
            )
            act = campaign[:, :, None, None] & aim[None] & open_[:, None, None, :]
            pull = np.where(act, np.nan_to_num(pull), 0.0)
            total = np.clip(pull.sum(axis=1), -cfg.partner_max_shift, cfg.partner_max_shift)  # [R, M, I]
            before = st.position[:, M]
            after = np.where(inp.stance[M][None], np.clip(before + total, 0.0, 100.0), before)
            st.position[:, M] = after
            shift = np.nansum(np.abs(after - before), axis=(1, 2))
            pressing = act.any(axis=2)  # [R, n_part, I]
            rr, pp, ii = np.nonzero(pressing)
            ctx.record(
                rr,
                day,
                "partner_pressure",
                issue=self.issue_ids[ii],
                outcome=np.abs(pull).sum(axis=2)[rr, pp, ii],
                actors=self.codes[P][pp],
            )
        ctx.indicator(day, "partner_shift", shift)
