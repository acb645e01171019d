"""The reference world as one typed object with look-up helpers."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, PrivateAttr

from aseanway.errors import InputError
from aseanway.world.models import (
    Actor,
    ArfParticipant,
    ChairException,
    ChairRule,
    Dispute,
    Forum,
    Instrument,
    Member,
    Partner,
    RecordedChair,
)


class World(BaseModel):
    """Members (official order), partners, ARF participants, forums, instruments, disputes, chairs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    members: list[Member]
    actors: list[Actor]
    partners: list[Partner]
    arf_participants: list[ArfParticipant]
    forums: list[Forum]
    instruments: list[Instrument]
    disputes: list[Dispute]
    chair_rule: ChairRule
    chair_exceptions: list[ChairException]
    recorded_chairs: list[RecordedChair]

    _rotation: dict[int, str] | None = PrivateAttr(default=None)

    # ---- look-ups -------------------------------------------------------------------------------
    def member(self, code: str) -> Member:
        """The member with ISO alpha-3 ``code`` (case-insensitive); InputError if none."""
        return _find(self.members, "code", code, "member")

    def is_member(self, code: str) -> bool:
        return any(m.code == code.strip().upper() for m in self.members)

    def actor(self, code: str) -> Member | Actor:
        """A member or an external actor (partner, ARF participant, treaty party) by code."""
        return _find([*self.members, *self.actors], "code", code, "actor", list_known=False)

    def name_of(self, code: str, lang: str = "en") -> str:
        return self.actor(code).name(lang)

    def forum(self, id: str) -> Forum:  # noqa: A002 - the public name asked for
        return _find(self.forums, "id", id, "forum")

    def instrument(self, id: str) -> Instrument:  # noqa: A002
        return _find(self.instruments, "id", id, "instrument")

    def dispute(self, id: str) -> Dispute:  # noqa: A002
        return _find(self.disputes, "id", id, "dispute")

    # ---- derived views --------------------------------------------------------------------------
    @property
    def member_codes(self) -> list[str]:
        return [m.code for m in self.members]

    def members_on(self, on: dt.date) -> list[Member]:
        """Members on date ``on`` (joined on or before it), in official order."""
        return [m for m in self.members if m.joined <= on]

    def dialogue_partners(self) -> list[Partner]:
        return [p for p in self.partners if p.status == "dialogue"]

    def participants(self, forum_id: str, on: dt.date | None = None) -> list[str]:
        """Codes of the participants of a forum on date ``on`` (default: today's membership)."""
        forum = self.forum(forum_id)
        when = on or dt.date.max
        if forum.established is not None and on is not None and on < forum.established:
            return []
        members = [m.code for m in self.members_on(when)]
        if forum.participants == "members":
            return members
        if forum.participants == "members+arf":
            year = when.year
            extra = [a.code for a in self.arf_participants if a.since <= year and a.code not in members]
            return members + extra
        return members + [p.code for p in forum.partners if p.since <= when.year]


def _find(items: list, attr: str, key: str, what: str, *, list_known: bool = True):
    """The item whose ``attr`` equals ``key`` (case-insensitive); InputError naming the known ones."""
    wanted = key.strip().upper()
    for item in items:
        if getattr(item, attr) == wanted:
            return item
    known = f"; expected one of {', '.join(getattr(i, attr) for i in items)}" if list_known else ""
    raise InputError(f"unknown {what} {key!r}{known}", field=attr)
