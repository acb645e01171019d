"""The two concepts of the explainer as types: foreign policy and international politics.

``Level`` names the two levels of analysis; ``Dimension`` the four differences between them (focus,
scale, subject, goals); ``Aspect`` the four aspects of policy; ``Goal`` and ``ActorKind`` the goals and
actors each level names. Analysis code labels its results with these (e.g. an indicator of peace carries
``Level.international_politics`` and ``Goal.peace``), and the text comes from one data file,
``concepts/data/concepts.yaml``, in English and Indonesian.
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from aseanway.errors import InputError

DATA_FILE = "concepts.yaml"


class Level(str, Enum):
    """The two levels of analysis of the explainer."""

    foreign_policy = "foreign_policy"
    international_politics = "international_politics"


class Dimension(str, Enum):
    """The four differences between the two levels (explainer, 'Perbedaan')."""

    focus = "focus"
    scale = "scale"
    subject = "subject"
    goals = "goals"


class Aspect(str, Enum):
    """The aspects a foreign policy spans: politik, ekonomi, pertahanan, budaya."""

    political = "political"
    economic = "economic"
    defence = "defence"
    cultural = "cultural"


class Goal(str, Enum):
    national_interest = "national_interest"
    values_ideology = "values_ideology"
    influence = "influence"
    peace = "peace"
    security = "security"
    conflict_resolution = "conflict_resolution"
    cooperation = "cooperation"


class ActorKind(str, Enum):
    government = "government"
    official_actors = "official_actors"
    firms = "firms"
    civil_society = "civil_society"
    individuals = "individuals"
    international_organisations = "international_organisations"


class Text(BaseModel):
    """A text in both languages."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    en: str
    id: str

    def get(self, lang: str) -> str:
        return self.id if lang == "id" else self.en


class Concept(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    level: Level
    name: Text
    definition: Text
    aspects: tuple[Aspect, ...]
    goals: tuple[Goal, ...]
    actors: tuple[ActorKind, ...]
    source: str


class Difference(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    dimension: Dimension
    name: Text
    foreign_policy: Text
    international_politics: Text
    source: str

    def side(self, level: Level) -> Text:
        return self.foreign_policy if level is Level.foreign_policy else self.international_politics


class Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    key: str
    title: Text
    items: tuple[Text, ...]


class AseanCooperation(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    name: Text
    summary: Text
    sections: tuple[Section, ...]
    source: str


class Labels(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    aspect: dict[Aspect, Text]
    goal: dict[Goal, Text]
    actor: dict[ActorKind, Text]


class Concepts(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    version: int
    source: str
    concepts: tuple[Concept, ...]
    differences: tuple[Difference, ...]
    labels: Labels
    asean: AseanCooperation

    def concept(self, level: Level | str) -> Concept:
        level = Level(level)
        return next(c for c in self.concepts if c.level is level)

    def difference(self, dimension: Dimension | str) -> Difference:
        dimension = Dimension(dimension)
        return next(d for d in self.differences if d.dimension is dimension)

    def label(self, item: Aspect | Goal | ActorKind, lang: str) -> str:
        table = {Aspect: self.labels.aspect, Goal: self.labels.goal, ActorKind: self.labels.actor}
        return table[type(item)][item].get(lang)


def parse_concepts(text: str, *, file: str = DATA_FILE) -> Concepts:
    """Parse and validate a concepts YAML text; errors name the file and the field path."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise InputError(
            f"not valid YAML: {exc}", file=file, line=None if line is None else line + 1
        ) from None
    try:
        model = Concepts.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        path = ".".join(str(p) for p in err["loc"])
        raise InputError(f"{err['msg']}", file=file, field=path) from None
    if {c.level for c in model.concepts} != set(Level):
        raise InputError("expected one concept per level", file=file, field="concepts")
    if {d.dimension for d in model.differences} != set(Dimension):
        raise InputError("expected one difference per dimension", file=file, field="differences")
    return model


@lru_cache(maxsize=1)
def load_concepts() -> Concepts:
    """The concepts shipped with aseanway (validated once per process)."""
    text = (resources.files("aseanway.concepts") / "data" / DATA_FILE).read_text(encoding="utf-8")
    return parse_concepts(text)


__all__ = [
    "ActorKind",
    "AseanCooperation",
    "Aspect",
    "Concept",
    "Concepts",
    "Difference",
    "Dimension",
    "Goal",
    "Level",
    "Text",
    "load_concepts",
    "parse_concepts",
]
