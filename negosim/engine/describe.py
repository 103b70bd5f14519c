"""The engine's state in words, for events and summaries: intervals of an issue, preconditions."""

from __future__ import annotations

import numpy as np

from negosim.engine.preconditions import Precondition
from negosim.space import Space


def precondition_text(pc: Precondition, s: Space) -> str:
    """``ukraine's ceasefire-first (ceasefire >= 1.00)``."""
    what = (
        s.bound_text(pc.issue, pc.lo, pc.hi)
        if pc.requires
        else "no interim agreement on " + ", ".join(s.issues[k] for k in np.flatnonzero(pc.refuses))
    )
    return f"{s.actors[pc.holder]}'s {pc.id} ({what})"


def value(s: Space, k: int, v: float) -> float | str:
    """A value of issue ``k`` as the scenario writes it: a number, or an option's name."""
    return s.options[k][int(v)] if s.discrete[k] else float(v)
