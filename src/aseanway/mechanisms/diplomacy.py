"""Diplomacy between meetings: visits, dialogue, partner diplomacy, non-state channels."""

from __future__ import annotations

from typing import ClassVar

from aseanway.mechanisms.base import Mechanism, MechanismConfig


class DiplomacyConfig(MechanismConfig):
    pass


class Diplomacy(Mechanism):
    name: ClassVar[str] = "diplomacy"
    stream: ClassVar[int] = 4
    Config = DiplomacyConfig
