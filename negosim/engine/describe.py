"""The engine's state in words, for events and summaries: intervals of an issue, preconditions."""

from __future__ import annotations

import numpy as np

from negosim.engine.preconditions import Precondition
from negosim.engine.space import EPS, Space


def bound_text(s: Space, k: int, lo: float, hi: float, digits: int = 2) -> str:
    """An interval of issue ``k`` as a red line reads: ``crimea >= 1.00``, ``x in [0.20, 0.50]``."""
    iid, top = s.issues[k], s.low[k] + s.width[k]

    def label(v: float) -> str:
        return s.label(k, v) if s.discrete[k] else f"{v:.{digits}f}"

    lo_set, hi_set = lo > s.low[k] + EPS and np.isfinite(lo), hi < top - EPS and np.isfinite(hi)
    if lo_set and hi_set:
        return f"{iid} = {label(lo)}" if abs(hi - lo) <= EPS else f"{iid} in [{label(lo)}, {label(hi)}]"
    if lo_set:
        return f"{iid} >= {label(lo)}"
    if hi_set:
        return f"{iid} <= {label(hi)}"
    return f"{iid} anything"


def precondition_text(pc: Precondition, s: Space) -> str:
    """``ukraine's ceasefire-first (ceasefire >= 1.00)``."""
    what = (
        bound_text(s, pc.issue, pc.lo, pc.hi)
        if pc.requires
        else "no interim agreement on " + ", ".join(s.issues[k] for k in np.flatnonzero(pc.refuses))
    )
    return f"{s.actors[pc.holder]}'s {pc.id} ({what})"


def value(s: Space, k: int, v: float) -> float | str:
    """A value of issue ``k`` as the scenario writes it: a number, or an option's name."""
    return s.options[k][int(v)] if s.discrete[k] else float(v)


def crossed_line(s: Space, a: int, x: np.ndarray) -> str | None:
    """Actor ``a``'s red line that package ``x`` crosses, in words (``crimea <= 0.50``, ``on border``), or None."""
    for k in range(s.n_issues):
        if s.discrete[k] and not s.allowed[a, k, int(x[k])]:
            return f"on {s.issues[k]}"
        if not s.discrete[k] and not s.lo[a, k] - EPS <= x[k] <= s.hi[a, k] + EPS:
            return bound_text(s, k, s.lo[a, k], s.hi[a, k])
    return None
