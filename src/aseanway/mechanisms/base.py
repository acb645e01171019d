"""The one small interface every mechanism implements (treaties, disputes, security, diplomacy).

A mechanism owns its own state arrays (with the runs axis first), reads and changes the shared
simulation state through the engine's ``Context`` (positions, salience, affinity, adoption), draws only
from its own per-run random streams (``ctx.rng(self.stream)``: ``SeedSequence(seed, spawn_key=(run,
stream))``, so switching one mechanism on or off never changes another's draws), and writes events and
indicators through ``ctx.record`` and ``ctx.indicator``. The engine calls, in this fixed order:

- ``setup(ctx)`` once before the first period;
- ``on_period(ctx, day)`` on the first day of every month (mechanisms in registry order);
- ``on_meeting(ctx, meeting, newly_adopted)`` after each meeting has decided its agenda, with the mask
  ``[runs, issues]`` of the issues adopted at that meeting;
- ``finish(ctx)`` once at the end.

Every mechanism has a pydantic ``Config`` with ``enabled`` (default true) that the scenario file sets
under ``mechanisms: {<name>: {...}}``; a disabled mechanism is not built at all.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:  # pragma: no cover - types only, no import cycle at run time
    import numpy as np

    from aseanway.simulation.calendar import Meeting
    from aseanway.simulation.engine import Context
    from aseanway.simulation.setup import Inputs


class MechanismConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    enabled: bool = True


class Mechanism:
    """Base class: override what you need; every hook is a no-op by default."""

    name: ClassVar[str] = ""
    stream: ClassVar[int] = 0  # a fixed, unique id for this mechanism's random streams
    Config: ClassVar[type[MechanismConfig]] = MechanismConfig
    #: indicator name -> English label marked with ``N_`` (translated in the summary and reports)
    indicators: ClassVar[dict[str, str]] = {}

    def __init__(self, config: Any, inputs: Inputs) -> None:
        self.config = config
        self.inputs = inputs

    def setup(self, ctx: Context) -> None:  # noqa: B027 - optional hook
        pass

    def on_period(self, ctx: Context, day: date) -> None:  # noqa: B027 - optional hook
        pass

    def on_meeting(self, ctx: Context, meeting: Meeting, newly_adopted: np.ndarray) -> None:  # noqa: B027
        pass

    def finish(self, ctx: Context) -> None:  # noqa: B027 - optional hook
        pass
