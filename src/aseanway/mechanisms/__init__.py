"""The mechanisms of cooperation, plugged into the engine through one interface (``base.Mechanism``).

``REGISTRY`` lists the mechanism classes in the order the engine calls them; the scenario's
``mechanisms`` section is a model built from their ``Config`` classes (``config.MechanismsConfig``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aseanway.mechanisms.base import Mechanism, MechanismConfig
from aseanway.mechanisms.diplomacy import Diplomacy
from aseanway.mechanisms.disputes import Disputes
from aseanway.mechanisms.security import Security
from aseanway.mechanisms.treaties import Treaties

if TYPE_CHECKING:  # pragma: no cover
    from aseanway.simulation.setup import Inputs

REGISTRY: tuple[type[Mechanism], ...] = (Diplomacy, Treaties, Disputes, Security)


def build_mechanisms(inputs: Inputs) -> list[Mechanism]:
    """The enabled mechanisms of a scenario, in registry order."""
    section = inputs.scenario.mechanisms
    out = []
    for cls in REGISTRY:
        config = getattr(section, cls.name)
        if config.enabled:
            out.append(cls(config, inputs))
    return out


__all__ = ["REGISTRY", "Mechanism", "MechanismConfig", "build_mechanisms"]
