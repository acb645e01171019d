"""Channels through which actors that cannot vote in ASEAN act on members (vectorised over runs).

Organisations (AIPA) and non-state actors (firms, civil-society groups, individuals) have positions and
salience on issues like states, but no seat at the table. Before each meeting, each such actor ``n``
with a stance on issue ``i`` acts on its targets ``j`` (members; a firm: its home state):

- ``lobbying`` (firms; Putnam 1988, two-level games): moves the home state's position towards its own,
  ``x_j <- x_j + clip(s_n * (x_n - x_j) / 10, -D, D)``, where ``s_n`` in [0, 1] is the actor's strength
  and ``D`` = ``channel_max_shift`` bounds the move per meeting.
- ``aipa_resolution`` (AIPA): a parliamentary resolution raises the salience members attach to the issue,
  ``w_j <- min(100, w_j + s_n * S)`` with ``S`` = ``channel_salience_step``, and moves positions as lobbying
  does, by half as much (parliaments recommend, governments decide: AIPA Statutes, art. 2).
- ``public_pressure`` (civil society; Keck & Sikkink 1998, advocacy networks): raises the targets'
  salience by ``s_n * S`` only where the target already leans the same way (within 25 points), and
  otherwise moves its position by at most ``D``.

All effects are bounded per meeting (``D`` and ``S``), so non-state actors shift but never dictate.
Positions here are on the normalised 0-100 scale of the engine.
"""

from __future__ import annotations

import numpy as np

from aseanway.simulation.scenario import Channel

LEANING_BAND = 25.0  # points within which pressure reinforces rather than converts (assumption)
AIPA_POSITION_FACTOR = 0.5  # parliaments recommend, governments decide (assumption, see docstring)


def apply_channels(
    position: np.ndarray,
    salience: np.ndarray,
    issue_mask: np.ndarray,
    influencers: list[tuple[int, Channel, float, np.ndarray]],
    stance: np.ndarray,
    max_shift: float,
    salience_step: float,
) -> np.ndarray:
    """Apply every influencer in order; updates ``position``/``salience`` ([runs, actors, issues]) in place.

    ``influencers``: (actor index, channel, strength, target mask over actors). ``stance``: [actors,
    issues] bool, who has a stance. ``issue_mask``: [issues] bool, the issues this meeting may discuss.
    Returns the total absolute position shift caused, per run, for the indicators.
    """
    shifted = np.zeros(position.shape[0])
    for n, channel, strength, targets in influencers:
        acts = stance[n] & issue_mask  # [I]
        tgt = targets[:, None] & stance & acts[None, :]  # [A, I]
        if not tgt.any():
            continue
        pull = position[:, n : n + 1, :] - position  # [R, A, I]
        if channel is Channel.lobbying:
            move = np.clip(strength * pull / 10.0, -max_shift, max_shift)
        elif channel is Channel.aipa_resolution:
            move = np.clip(AIPA_POSITION_FACTOR * strength * pull / 10.0, -max_shift, max_shift)
            salience += np.where(tgt, strength * salience_step, 0.0)
        else:  # public pressure
            near = np.abs(pull) <= LEANING_BAND
            salience += np.where(tgt & near, strength * salience_step, 0.0)
            move = np.where(near, 0.0, np.clip(strength * pull / 10.0, -max_shift, max_shift))
        move = np.where(tgt, move, 0.0)
        position += move
        shifted += np.abs(move).sum(axis=(1, 2))
    np.clip(salience, 0.0, 100.0, out=salience)
    np.clip(position, 0.0, 100.0, out=position)
    return shifted
