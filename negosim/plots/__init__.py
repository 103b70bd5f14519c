"""Figures of a run, one function per figure, each returning a matplotlib Figure (no I/O)."""

from __future__ import annotations

from typing import IO

from matplotlib.figure import Figure

from negosim.plots.convergence import convergence
from negosim.plots.distance import distance

#: The figures ``negosim run`` writes, by file name.
FIGURES = {"convergence": convergence, "distance": distance}


def save(fig: Figure, fh: IO[bytes], fmt: str = "png") -> None:
    """Write ``fig`` reproducibly: no timestamps or software versions in the file."""
    meta = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}.get(fmt, {})
    fig.savefig(fh, format=fmt, dpi=150, metadata=meta)


__all__ = ["FIGURES", "convergence", "distance", "save"]
