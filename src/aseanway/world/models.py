"""Typed records of the reference world: members, partners, forums, instruments, disputes, chairs.

Every fact carries a ``source``; a fact whose date or content could not be confirmed carries
``unconfirmed: true`` and a ``note`` saying what is uncertain (a validator enforces the note).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ISO3 = re.compile(r"^[A-Z]{3}$")
ISO2 = re.compile(r"^[A-Z]{2}$")

#: The steps of the dispute-handling ladder, from the least to the most legalised. ``high_council`` is
#: the High Council of the Treaty of Amity and Cooperation (TAC Art. 14-15), never convened so far.
LADDER_STEPS = ("bilateral", "chair_good_offices", "mediation", "high_council", "icj", "arbitration")


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Sourced(_Record):
    """A fact with a source and, where it could not be confirmed, a flag and a note."""

    source: str = Field(min_length=1)
    unconfirmed: bool = False
    note: str = ""

    @field_validator("source")
    @classmethod
    def _source_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("source must not be blank")
        return v

    @model_validator(mode="after")
    def _unconfirmed_needs_note(self):
        if self.unconfirmed and not self.note.strip():
            raise ValueError("an unconfirmed fact needs a note saying what is uncertain")
        return self


class Named(_Record):
    """Something with an English and an Indonesian name."""

    name_en: str = Field(min_length=1)
    name_id: str = Field(min_length=1)

    def name(self, lang: str = "en") -> str:
        """The name in ``lang`` ("en" or "id")."""
        return self.name_id if lang == "id" else self.name_en


class Member(Named, Sourced):
    """An ASEAN member state."""

    code: str = Field(description="ISO 3166-1 alpha-3")
    iso2: str = Field(description="ISO 3166-1 alpha-2")
    cow_code: int = Field(gt=0, description="Correlates of War state code")
    official_name_en: str = ""
    joined: dt.date
    founder: bool

    @field_validator("code")
    @classmethod
    def _iso3(cls, v: str) -> str:
        if not ISO3.match(v):
            raise ValueError(f"expected an ISO 3166-1 alpha-3 code (three capital letters), got {v!r}")
        return v

    @field_validator("iso2")
    @classmethod
    def _iso2(cls, v: str) -> str:
        if not ISO2.match(v):
            raise ValueError(f"expected an ISO 3166-1 alpha-2 code (two capital letters), got {v!r}")
        return v


class Actor(Named, Sourced):
    """A state or organisation outside ASEAN (partner, ARF participant, treaty party, disputant)."""

    code: str = Field(description="ISO alpha-3 for states; a short upper-case id (e.g. EU) otherwise")
    kind: Literal["state", "organisation"]
    iso2: str | None = None
    cow_code: int | None = None

    @model_validator(mode="after")
    def _codes_for_states(self):
        if self.kind == "state":
            if not ISO3.match(self.code):
                raise ValueError(f"a state needs an ISO alpha-3 code, got {self.code!r}")
            if self.iso2 is None or not ISO2.match(self.iso2):
                raise ValueError(f"a state needs an ISO alpha-2 code, got {self.iso2!r}")
            if self.cow_code is None:
                raise ValueError("a state needs a Correlates of War code (cow_code)")
        elif self.iso2 is not None or self.cow_code is not None:
            raise ValueError("an organisation has no iso2 or cow_code")
        return self


PartnerStatus = Literal["dialogue", "sectoral", "development", "observer"]


class Partner(Named, Sourced):
    """An external partner of ASEAN with the status it holds and the year it began."""

    code: str
    kind: Literal["state", "organisation"]
    iso2: str | None = None
    cow_code: int | None = None
    status: PartnerStatus
    since: int = Field(ge=1967, description="year the relationship in this status began")
    since_date: dt.date | None = None


class ArfParticipant(Named, Sourced):
    """A participant of the ASEAN Regional Forum (ASEAN members included)."""

    code: str
    kind: Literal["state", "organisation"]
    iso2: str | None = None
    cow_code: int | None = None
    since: int = Field(ge=1994, description="year of first participation")
    asean_member: bool = False


class ForumPartner(_Record):
    code: str
    since: int


class Forum(Named, Sourced):
    """A body or recurring meeting: who attends, how often, when, and how it decides."""

    id: str = Field(pattern=r"^[A-Z][A-Z_]*$")
    level: Literal["leaders", "ministers", "officials", "parliamentarians", "secretariat"]
    established: dt.date | None = None
    meetings_per_year: int = Field(ge=0)
    months: list[int] = Field(default_factory=list)
    participants: Literal["members", "members+arf", "members+eas", "members+admm_plus"]
    partners: list[ForumPartner] = Field(default_factory=list)
    decision_rule: Literal["consensus", "none"]
    decision_forum: bool
    basis: str = ""

    @field_validator("months")
    @classmethod
    def _months(cls, v: list[int]) -> list[int]:
        bad = [m for m in v if not 1 <= m <= 12]
        if bad:
            raise ValueError(f"months must be in 1..12, got {bad}")
        return v

    @model_validator(mode="after")
    def _months_match(self):
        if self.meetings_per_year and len(self.months) != self.meetings_per_year:
            raise ValueError(
                f"months lists {len(self.months)} month(s) for {self.meetings_per_year} meeting(s) a year"
            )
        return self


class EntryIntoForce(_Record):
    """How a binding instrument enters into force."""

    kind: Literal["all_parties", "n_ratifications", "upon_signature", "not_binding"]
    n: int | None = Field(default=None, ge=1)
    delay_days: int = Field(default=0, ge=0, description="days after the triggering deposit")
    text: str = ""
    source: str = ""

    @model_validator(mode="after")
    def _n_for_n_ratifications(self):
        if self.kind == "n_ratifications" and self.n is None:
            raise ValueError("kind n_ratifications needs n")
        return self


class Ratification(Sourced):
    """One party's ratification: the deposit date where known, the domestic approval, the rank."""

    party: str
    deposited: dt.date | None = None
    domestic: dt.date | None = None
    order: int | None = Field(default=None, ge=1, description="rank among deposits, where reported")

    @model_validator(mode="after")
    def _something_known(self):
        if self.deposited is None and self.domestic is None and self.order is None:
            raise ValueError("give at least one of deposited, domestic, order")
        if self.deposited is None and not self.unconfirmed:
            raise ValueError("without a deposit date the entry must be marked unconfirmed")
        return self


class Accession(Sourced):
    party: str
    date: dt.date | None = None
    year: int | None = None

    @model_validator(mode="after")
    def _when(self):
        if self.date is None and self.year is None:
            raise ValueError("give the date or at least the year of the accession")
        if self.date is not None and self.year is not None and self.date.year != self.year:
            raise ValueError("date and year disagree")
        if self.date is None and not self.unconfirmed:
            raise ValueError("an accession without an exact date must be marked unconfirmed")
        return self

    @property
    def when_year(self) -> int:
        return self.date.year if self.date else int(self.year)  # type: ignore[arg-type]


class Instrument(Named, Sourced):
    """A treaty (binding) or declaration (political commitment)."""

    id: str = Field(pattern=r"^[A-Z0-9_]+$")
    short: str = ""
    type: Literal["treaty", "declaration"]
    form: str = Field(default="", description="charter, convention, protocol, declaration, statement ...")
    signed: dt.date
    place: str
    in_force: dt.date | None = None
    in_force_unconfirmed: bool = False
    entry_into_force: EntryIntoForce
    parties: list[str] = Field(description="signatories / adopting parties")
    ratifications: list[Ratification] = Field(default_factory=list)
    accessions: list[Accession] = Field(default_factory=list)
    amends: str | None = None

    @property
    def binding(self) -> bool:
        return self.type == "treaty"

    @model_validator(mode="after")
    def _consistent(self):
        if self.type == "declaration" and self.entry_into_force.kind != "not_binding":
            raise ValueError("a declaration has entry_into_force.kind 'not_binding'")
        if self.in_force is not None and self.in_force < self.signed:
            raise ValueError(f"in_force {self.in_force} is before signed {self.signed}")
        for r in self.ratifications:
            for d in (r.deposited, r.domestic):
                if d is not None and d < self.signed:
                    raise ValueError(f"ratification by {r.party} on {d} is before signature {self.signed}")
        return self


class Step(Sourced):
    """One rung of the dispute-handling ladder that was actually used."""

    step: Literal["bilateral", "chair_good_offices", "mediation", "high_council", "icj", "arbitration"]
    date: dt.date | None = None
    year: int | None = None

    @model_validator(mode="after")
    def _when(self):
        if self.date is None and self.year is None:
            raise ValueError("give the date or the year of the step")
        if self.date is not None and self.year is not None and self.date.year != self.year:
            raise ValueError("date and year disagree")
        return self

    @property
    def when_year(self) -> int:
        return self.date.year if self.date else int(self.year)  # type: ignore[arg-type]


class Dispute(Named, Sourced):
    id: str = Field(pattern=r"^[A-Z0-9_]+$")
    parties: list[str] = Field(min_length=1)
    type: Literal["territorial", "maritime", "internal_political"]
    start: dt.date | None = None
    start_year: int
    steps: list[Step] = Field(default_factory=list)
    outcome: Literal["settled", "frozen", "escalated", "ongoing"]
    outcome_note: str = ""

    @model_validator(mode="after")
    def _dates(self):
        if self.start is not None and self.start.year != self.start_year:
            raise ValueError("start and start_year disagree")
        for s in self.steps:
            if s.when_year < self.start_year:
                raise ValueError(
                    f"step {s.step} ({s.when_year}) is before the dispute began ({self.start_year})"
                )
        return self


class ChairRule(Sourced):
    """The rotation rule: alphabetical order of English names (ASEAN Charter Art. 31(1))."""

    order: Literal["alphabetical_en"]
    first_year: int
    last_year: int
    anchor_year: int
    anchor_member: str
    entry_lag_years: int = Field(ge=0)
    convention: str


class ChairException(Sourced):
    """A recorded departure from the rotation: a turn skipped, two turns swapped, a term repeated."""

    year: int
    kind: Literal["skip", "swap", "repeat"]
    member: str | None = Field(default=None, description="member whose rotation turn it was")
    with_year: int | None = None
    with_member: str | None = None

    @model_validator(mode="after")
    def _fields(self):
        if self.kind == "swap" and (
            self.with_year is None or self.member is None or self.with_member is None
        ):
            raise ValueError("a swap needs member, with_year and with_member")
        if self.kind == "skip" and self.member is None:
            raise ValueError("a skip needs the member whose turn is skipped")
        return self


class RecordedChair(Sourced):
    year: int
    chair: str


class ChairInfo(Named):
    """The chair of one year, computed from the rule and the exceptions."""

    year: int
    chair: str
    rule: Literal["rotation", "exception"]
    note: str = ""
    source: str
    unconfirmed: bool = False
    projected: bool = False
