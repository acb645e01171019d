"""Disputes and their settlement along the ASEAN ladder."""

from __future__ import annotations

from typing import ClassVar

from aseanway.mechanisms.base import Mechanism, MechanismConfig


class DisputesConfig(MechanismConfig):
    pass


class Disputes(Mechanism):
    name: ClassVar[str] = "disputes"
    stream: ClassVar[int] = 2
    Config = DisputesConfig
