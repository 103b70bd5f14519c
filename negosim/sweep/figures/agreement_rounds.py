"""When agreement came: the rounds of the runs that agreed."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure

from negosim.plots.style import figure, nothing_to_draw, suptitle
from negosim.sweep.figures.common import OUTCOME_COLORS, finished_runs, none_agreed
from negosim.sweep.names import Names, names_of
from negosim.words import count, plural

if TYPE_CHECKING:
    from negosim.sweep.api import SweepResult


@figure
def agreement_rounds(result: SweepResult, names: Names | None = None) -> Figure:
    """How many rounds the runs that agreed took: a histogram over all design points, the median marked."""
    names = names or names_of(result)
    ok = finished_runs(result.runs)
    agreed = ok.loc[ok["outcome"] == "agreement", "round"].to_numpy(dtype=float) if len(ok) else np.zeros(0)
    fig = Figure(figsize=(7.8, 4.0), layout="constrained")
    ax = fig.subplots()
    unit = plural(names.unit)
    if len(agreed):
        lo, hi = int(agreed.min()), int(agreed.max())
        width = max(1, math.ceil((hi - lo + 1) / 40))
        edges = np.arange(lo - 0.5, hi + width + 0.5, width)
        ax.hist(agreed, bins=edges, color=OUTCOME_COLORS["agreement"], edgecolor="white", lw=0.6)
        med = float(np.median(agreed))
        ax.axvline(med, color="black", ls="--", lw=1.2, label=f"median {med:g}")
        ax.legend(fontsize=8, frameon=False)
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(f"{len(agreed)} of {count(len(ok), 'finished run')} agreed", fontsize=8.5, loc="left",
                     color="0.3")  # fmt: skip
    else:
        nothing_to_draw(ax, none_agreed(ok))
        ax.set_xticks([])
        ax.set_yticks([])
    ax.set_xlabel(f"{unit} until agreement", fontsize=9)
    ax.tick_params(labelsize=8)
    ax.set_ylabel("runs", fontsize=9)
    ax.grid(alpha=0.25)
    suptitle(fig, f"{names.scenario}: how long agreement took", 7.8)
    return fig
