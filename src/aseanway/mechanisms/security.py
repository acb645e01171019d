"""Regional security cooperation against transnational threats."""

from __future__ import annotations

from typing import ClassVar

from aseanway.mechanisms.base import Mechanism, MechanismConfig


class SecurityConfig(MechanismConfig):
    pass


class Security(Mechanism):
    name: ClassVar[str] = "security"
    stream: ClassVar[int] = 3
    Config = SecurityConfig
