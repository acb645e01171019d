"""Explanations of the two concepts and of ASEAN political cooperation, as typed results."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel

from aseanway.concepts import Level, load_concepts
from aseanway.i18n import translator


class Topic(str, Enum):
    foreign_policy = "foreign-policy"
    international_politics = "international-politics"
    differences = "differences"
    asean = "asean"


class Item(BaseModel):
    label: str
    text: str
    foreign_policy: str | None = None
    international_politics: str | None = None


class Explanation(BaseModel):
    """What ``aseanway explain`` prints; versioned so that stored copies can be upgraded."""

    schema_version: int = 1
    topic: Topic
    lang: str
    title: str
    text: str
    items: list[Item]
    source: str


def explain(topic: Topic | str, lang: str = "en") -> Explanation:
    topic = Topic(topic)
    _ = translator(lang)
    c = load_concepts()
    if topic in (Topic.foreign_policy, Topic.international_politics):
        level = Level.foreign_policy if topic is Topic.foreign_policy else Level.international_politics
        concept = c.concept(level)
        items = [
            Item(label=_("Aspects"), text=", ".join(c.label(a, lang) for a in concept.aspects)),
            Item(label=_("Goals"), text="; ".join(c.label(g, lang) for g in concept.goals)),
            Item(label=_("Actors"), text=", ".join(c.label(a, lang) for a in concept.actors)),
        ]
        items += [Item(label=d.name.get(lang), text=d.side(level).get(lang)) for d in c.differences]
        return Explanation(
            topic=topic,
            lang=lang,
            title=concept.name.get(lang),
            text=concept.definition.get(lang),
            items=items,
            source=concept.source,
        )
    if topic is Topic.differences:
        fp = c.concept(Level.foreign_policy).name.get(lang)
        ip = c.concept(Level.international_politics).name.get(lang)
        items = [
            Item(
                label=d.name.get(lang),
                text=f"{fp}: {d.foreign_policy.get(lang)} | {ip}: {d.international_politics.get(lang)}",
                foreign_policy=d.foreign_policy.get(lang),
                international_politics=d.international_politics.get(lang),
            )
            for d in c.differences
        ]
        return Explanation(
            topic=topic,
            lang=lang,
            title=_("Foreign policy and international politics: four differences"),
            text=_("The two are closely linked but differ in focus, scale, subject and goals."),
            items=items,
            source=c.source,
        )
    a = c.asean
    items = [Item(label=s.title.get(lang), text=" ".join(i.get(lang) for i in s.items)) for s in a.sections]
    return Explanation(
        topic=topic, lang=lang, title=a.name.get(lang), text=a.summary.get(lang), items=items, source=a.source
    )
