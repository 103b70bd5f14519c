"""How soft red lines and preconditions give way under pressure (docs/explanation/model.md, section 3).

Giving way is a war of attrition with private resolve (Maynard Smith 1974; Fearon 1994): the holder's
resolve on a line, its breaking point R, is drawn once per run from an exponential distribution of
mean 1 (a constant hazard of giving way, the least informed positive resolve of known mean), and the
pressure the line bears accumulates. One round of pressure q wears away the share
``q (1 - f) / (f R)`` of a line of firmness f: it has given way all the way once the pressure-time it
bore reaches ``R f / (1 - f)``, and the chance that it has after pressure-time J is
``1 - exp(-J (1 - f) / f)``. Firmer lines give way later and less; firmness 0 gives way to the first
pressure, firmness 1 never.
"""

from __future__ import annotations

import math

import numpy as np


def give(q: float, firmness: float, breaking: float) -> float:
    """The share of its way a line (or precondition) of ``firmness`` and breaking point ``breaking`` gives
    under one round of pressure ``q``: ``q (1 - f) / (f R)``; all of it at firmness 0, nothing at 1."""
    if firmness >= 1 or q <= 0:
        return 0.0
    resistance = firmness * breaking
    return math.inf if resistance <= 0 else q * (1.0 - firmness) / resistance


def breaking_points(resolve: np.random.Generator | None, n: int) -> np.ndarray:
    """``n`` holders' resolve, drawn from ``resolve`` (Exp(1)); the mean, 1, without a generator."""
    return np.ones(n) if resolve is None else resolve.exponential(size=n)


def chance_given_way(pressure_time: float, firmness: float) -> float:
    """The chance a line of ``firmness`` has given way all the way after ``pressure_time`` (the sum of the
    pressure it bore, round by round): ``1 - exp(-J (1 - f) / f)``."""
    if firmness >= 1:
        return 0.0
    if firmness <= 0:
        return 1.0 if pressure_time > 0 else 0.0
    return 1.0 - math.exp(-pressure_time * (1.0 - firmness) / firmness)
