"""The scenario's ``mechanisms`` section: one field per registered mechanism, typed by its ``Config``."""

from __future__ import annotations

from pydantic import ConfigDict, create_model

from aseanway.mechanisms import REGISTRY

MechanismsConfig = create_model(
    "MechanismsConfig",
    __config__=ConfigDict(extra="forbid", frozen=True),
    **{cls.name: (cls.Config, cls.Config()) for cls in REGISTRY},
)
