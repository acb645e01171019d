"""The reference world of ASEAN: members, partners, ARF, forums, instruments, disputes, chairs.

Facts live in YAML files in ``aseanway/world/data`` (each with a ``source``; uncertain ones carry
``unconfirmed: true`` and a note). ``load_world()`` validates them with pydantic and returns a
:class:`World`; ``chair(year)`` computes the ASEAN chair of a year from the rotation rule and the
recorded exceptions. See ``docs/world.md``.
"""

from __future__ import annotations

from aseanway.world.chair import YearOutOfRangeError, chair, chairs, compute_rotation, rotation_order
from aseanway.world.loader import DATA_FILES, load_world
from aseanway.world.models import (
    LADDER_STEPS,
    Accession,
    Actor,
    ArfParticipant,
    ChairException,
    ChairInfo,
    ChairRule,
    Dispute,
    EntryIntoForce,
    Forum,
    Instrument,
    Member,
    Partner,
    Ratification,
    RecordedChair,
    Step,
)
from aseanway.world.world import World

__all__ = [
    "DATA_FILES",
    "LADDER_STEPS",
    "Accession",
    "Actor",
    "ArfParticipant",
    "ChairException",
    "ChairInfo",
    "ChairRule",
    "Dispute",
    "EntryIntoForce",
    "Forum",
    "Instrument",
    "Member",
    "Partner",
    "Ratification",
    "RecordedChair",
    "Step",
    "World",
    "YearOutOfRangeError",
    "chair",
    "chairs",
    "compute_rotation",
    "load_world",
    "rotation_order",
]
