"""Figures of a run, one function per figure, each returning a matplotlib Figure (no I/O)."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import IO

from matplotlib.figure import Figure

from negosim.engine.result import RunResult
from negosim.plots.conflict import conflict
from negosim.plots.convergence import convergence
from negosim.plots.distance import distance
from negosim.plots.forecast import challenges, positions
from negosim.plots.outcome_space import outcome_space
from negosim.plots.utilities import utilities

#: Every figure a run can have, by file name, in the order a report shows them.
FIGURES: dict[str, Callable[[RunResult], Figure]] = {
    "convergence": convergence,
    "utilities": utilities,
    "distance": distance,
    "outcome_space": outcome_space,
    "conflict": conflict,
    "positions": positions,
    "challenges": challenges,
}
#: The figures of a run under a protocol that names none of its own.
STANDARD = ("convergence", "utilities", "distance", "outcome_space", "conflict")


def war_fought(result: RunResult) -> bool:
    """Whether the run's war was fought in some round of the talks: from the first round, or begun by a shock
    (``conflict.starts`` or ``kind: war``); a war only threatened for after them (``deadline: {then: war}``,
    a ``starts`` past the rounds played) draws no figure of an empty war."""
    war = result.scenario.conflict
    if war is None or result.war_history is None:
        return False
    begun = ("the war begins", "the war resumes")  # the shock's own sentence; the deadline's starts otherwise
    return (war.starts or 1) <= 1 or any(e.kind == "shock" and e.change.startswith(begun) for e in result.events)


def figures_for(result: RunResult) -> dict[str, Callable[[RunResult], Figure]]:
    """The figures that apply to ``result``: its protocol's (or the standard ones), the conflict figure only
    with a war fought during the talks."""
    names = result.protocol.figures or STANDARD
    return {name: FIGURES[name] for name in names if name != "conflict" or war_fought(result)}


def save(fig: Figure, fh: IO[bytes], fmt: str = "png") -> None:
    """Write ``fig`` reproducibly: no timestamps or software versions in the file."""
    import matplotlib

    meta = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}.get(fmt, {})
    with matplotlib.rc_context({"svg.hashsalt": "negosim"}), warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Glyph .* missing from font", UserWarning)  # figure() said it once
        fig.savefig(fh, format=fmt, dpi=150, metadata=meta)  # SVG ids from a fixed salt, not a random one


__all__ = ["FIGURES", "STANDARD", "challenges", "conflict", "convergence", "distance", "figures_for", "outcome_space",
           "positions", "save", "utilities"]  # fmt: skip
