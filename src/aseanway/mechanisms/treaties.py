"""Treaties and declarations: adoption, signature, ratification, entry into force, compliance, accession."""

from __future__ import annotations

from typing import ClassVar

from aseanway.mechanisms.base import Mechanism, MechanismConfig


class TreatiesConfig(MechanismConfig):
    pass


class Treaties(Mechanism):
    name: ClassVar[str] = "treaties"
    stream: ClassVar[int] = 1
    Config = TreatiesConfig
