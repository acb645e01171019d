"""Labels of what the simulation records (indicators, kinds of text), marked for translation.

Used by the CLI summary, the analyses and the web pages alike; translate with ``translator(lang)``.
"""

from __future__ import annotations

from aseanway.i18n import N_

INDICATOR_LABELS = {
    "consensus_rate": N_("Consensus rate at the last meeting"),
    "items_adopted_total": N_("Agenda items adopted"),
    "asean_cohesion": N_("ASEAN cohesion (mean affinity of members)"),
    "nonstate_shift": N_("Position shift by non-state actors at the last meeting"),
    "position_spread": N_("Spread of members' positions"),
}


ADOPT_LABELS = {
    "communique": N_("joint communique"),
    "declaration": N_("declaration"),
    "treaty": N_("treaty text"),
}


def indicator_labels() -> dict[str, str]:
    """Labels of the engine's indicators and of every registered mechanism's."""
    from aseanway.mechanisms import REGISTRY  # late import: mechanisms import the scenario schema

    labels = dict(INDICATOR_LABELS)
    for cls in REGISTRY:
        labels.update(cls.indicators)
    return labels
