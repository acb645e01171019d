"""Scenario files: YAML data validated by pydantic (``version: 1``). Nothing in a scenario is executed.

A scenario names its actors by code (states by ISO alpha-3, resolved against the reference world;
organisations and non-state actors by their own ids), the agenda issues with every actor's position
and salience (each with a ``reason``: positions are documented assumptions), the forums to schedule,
the period, the seed and the model parameters. ``aseanway scenario schema`` prints the JSON Schema;
``load_scenario`` validates a file and raises :class:`~aseanway.errors.InputError` naming the file,
the field path (e.g. ``actors[3].salience``) and the expected form.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from aseanway.concepts import Aspect
from aseanway.errors import InputError
from aseanway.mechanisms.config import MechanismsConfig
from aseanway.yaml_input import syntax_error, validation_error

SCENARIO_VERSION = 1
EMBEDDED = ("asean-2026", "south-china-sea-2012")
DEFAULT_SCENARIO = "asean-2026"
MAX_SCENARIO_BYTES = 2_000_000  # a scenario is a small text file; refuse anything larger


class ActorKind(str, Enum):
    state = "state"
    organisation = "organisation"
    nonstate = "nonstate"


class Channel(str, Enum):
    """How a non-voting actor acts on members (see docs/simulation.md, 'Channels')."""

    aipa_resolution = "aipa_resolution"
    lobbying = "lobbying"
    public_pressure = "public_pressure"


class AdoptAs(str, Enum):
    communique = "communique"
    declaration = "declaration"
    treaty = "treaty"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Score = Annotated[float, Field(ge=0, le=100)]


class Values(_Strict):
    """The values the explainer names (democracy, rule of law, human rights), scored 0-100."""

    democracy: Score = 50
    rule_of_law: Score = 50
    human_rights: Score = 50


class Actor(_Strict):
    code: Annotated[str, Field(min_length=2, max_length=16, pattern=r"^[A-Z][A-Z0-9_]*$")]
    kind: ActorKind = ActorKind.state
    name_en: str | None = None
    name_id: str | None = None
    capability: Annotated[float, Field(gt=0)] | None = None
    interests: dict[Aspect, Annotated[float, Field(ge=0)]] | None = None
    values: Values = Values()
    channel: Channel | None = None
    targets: list[str] | None = None  # members a non-state actor works on (default: all members)
    home: str | None = None  # a firm's or civil-society group's home state
    strength: Annotated[float, Field(ge=0, le=1)] = 0.5
    source: str | None = None

    @model_validator(mode="after")
    def _channel_for_non_voters(self) -> Actor:
        if self.kind is not ActorKind.state and self.channel is None:
            raise ValueError("a non-state actor or organisation needs a 'channel'")
        if self.kind is ActorKind.state and self.channel is not None:
            raise ValueError("states act by voting, not through a 'channel'")
        if self.channel is Channel.lobbying and not self.home:
            raise ValueError("lobbying needs a 'home' state")
        return self


class Stance(_Strict):
    position: float
    salience: Score
    reason: str = Field(min_length=3)


class Issue(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    name_en: str
    name_id: str
    aspect: Aspect
    forums: list[str] = Field(min_length=1)
    scale: tuple[float, float] = (0.0, 100.0)
    status_quo: float | None = None
    adopt_as: AdoptAs = AdoptAs.declaration
    minus_x: bool = False
    scale_en: str | None = None  # what the ends of the scale mean
    scale_id: str | None = None
    positions: dict[str, Stance] = Field(min_length=2)

    @model_validator(mode="after")
    def _inside_scale(self) -> Issue:
        lo, hi = self.scale
        if not lo < hi:
            raise ValueError(f"scale must be [low, high] with low < high, got {list(self.scale)}")
        for code, st in self.positions.items():
            if not lo <= st.position <= hi:
                raise ValueError(f"positions.{code}.position {st.position} is outside the scale [{lo}, {hi}]")
        if self.status_quo is not None and not lo <= self.status_quo <= hi:
            raise ValueError(f"status_quo {self.status_quo} is outside the scale [{lo}, {hi}]")
        return self


class Noise(_Strict):
    """Monte Carlo perturbations (docs/simulation.md, 'Runs and randomness'); all assumptions set at the
    resolution of expert-coded 0-100 positions (Thomson et al. 2006 code them in steps of 5-10)."""

    position_sd: Annotated[float, Field(ge=0)] = 5.0  # half a coding step
    salience_sd: Annotated[float, Field(ge=0)] = 10.0  # one coding step
    meeting_salience_sd: Annotated[float, Field(ge=0)] = 5.0  # domestic events between meetings


class ConsultationSettings(_Strict):
    """Overrides of the consultation parameters (defaults and sources: docs/models/consultation.md)."""

    mu: Annotated[float, Field(gt=0, le=1)] | None = None
    alpha: Annotated[float, Field(ge=0, le=1)] | None = None
    kappa: Annotated[float, Field(ge=0, le=1)] | None = None
    tau_min: Annotated[float, Field(ge=0, le=1)] | None = None
    tau_max: Annotated[float, Field(ge=0, le=1)] | None = None
    max_rounds: Annotated[int, Field(ge=1, le=1000)] | None = None
    minus_x_share: Annotated[float, Field(ge=0, le=1)] | None = None

    def overrides(self) -> dict[str, float]:
        return self.model_dump(exclude_none=True)


class Parameters(_Strict):
    """Engine parameters; docs/simulation.md gives each equation and the reasoning behind each default."""

    max_agenda_items: Annotated[int, Field(ge=1, le=50)] = 3  # headline items per meeting (assumption)
    chair_weight: Annotated[float, Field(ge=1)] = 1.5  # the chair holds the pen (Tallberg 2006; assumption)
    affinity_rate: Annotated[float, Field(ge=0, le=1)] = 0.1  # ten agreeing meetings close most of a gap
    concession_persistence: Annotated[float, Field(ge=0, le=1)] = 0.5  # share of failed concessions kept
    channel_max_shift: Annotated[float, Field(ge=0, le=20)] = 3.0  # non-state pull per meeting, points
    channel_salience_step: Annotated[float, Field(ge=0, le=20)] = 5.0  # non-state salience push per meeting
    noise: Noise = Noise()
    consultation: ConsultationSettings = ConsultationSettings()


class Scenario(_Strict):
    version: int
    name: Annotated[str, Field(min_length=1)]
    description: str = ""
    start: date
    end: date
    seed: int = Field(default=2026, ge=0)
    runs: Annotated[int, Field(ge=1, le=1_000_000)] = 100
    forums: list[str] = Field(min_length=1)
    actors: list[Actor] = Field(min_length=2)
    issues: list[Issue] = Field(min_length=1)
    parameters: Parameters = Parameters()
    mechanisms: MechanismsConfig = MechanismsConfig()

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        if self.version != SCENARIO_VERSION:
            raise ValueError(f"version {self.version} is not supported; expected {SCENARIO_VERSION}")
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        codes = [a.code for a in self.actors]
        dup = sorted({c for c in codes if codes.count(c) > 1})
        if dup:
            raise ValueError(f"actor codes must be unique; repeated: {', '.join(dup)}")
        ids = [i.id for i in self.issues]
        dup = sorted({c for c in ids if ids.count(c) > 1})
        if dup:
            raise ValueError(f"issue ids must be unique; repeated: {', '.join(dup)}")
        known = set(codes)
        for i, issue in enumerate(self.issues):
            unknown = sorted(set(issue.positions) - known)
            if unknown:
                raise ValueError(f"issues[{i}].positions names actors not in 'actors': {', '.join(unknown)}")
            for f in issue.forums:
                if f not in self.forums:
                    raise ValueError(
                        f"issues[{i}].forums: {f!r} is not one of the scenario's forums {self.forums}"
                    )
        for i, a in enumerate(self.actors):
            for ref in [a.home, *(a.targets or [])]:
                if ref is not None and ref not in known:
                    raise ValueError(f"actors[{i}] refers to {ref!r}, which is not in 'actors'")
        return self

    def digest(self) -> str:
        """SHA-256 of the canonical JSON of the validated scenario (what the store records)."""
        canon = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canon.encode()).hexdigest()


def parse_scenario(text: str, *, file: str = "<scenario>") -> Scenario:
    """Validate a scenario's YAML text. Raises InputError(file, line, field path, expected form)."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise syntax_error(exc, file) from None
    if not isinstance(raw, dict):
        raise InputError("expected a mapping with 'version: 1' at the top", file=file)
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        raise validation_error(exc, text, file) from None


def load_scenario(ref: str | Path | None = None) -> Scenario:
    """Load an embedded scenario by name (default ``asean-2026``) or a YAML file by path."""
    ref = DEFAULT_SCENARIO if ref is None else ref
    if isinstance(ref, str) and ref in EMBEDDED:
        text = (resources.files("aseanway.simulation") / "scenarios" / f"{ref}.yaml").read_text("utf-8")
        return parse_scenario(text, file=f"{ref}.yaml (embedded)")
    path = Path(ref)
    if not path.is_file():
        raise InputError(
            f"no such scenario file; expected a path to a YAML file or one of: {', '.join(EMBEDDED)}",
            file=str(path),
        )
    if path.stat().st_size > MAX_SCENARIO_BYTES:
        raise InputError(f"file is larger than {MAX_SCENARIO_BYTES} bytes", file=str(path))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", file=str(path)) from None
    return parse_scenario(text, file=str(path))


def json_schema() -> dict[str, Any]:
    schema = Scenario.model_json_schema()
    schema["$id"] = "https://aseanway.invalid/scenario-v1.json"
    schema["title"] = "aseanway scenario, version 1"
    return schema
