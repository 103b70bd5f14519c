"""Distance: how far apart the parties' offers are, round by round."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from negosim.engine.result import RunResult
from negosim.plots.style import figure, nothing_to_draw, rounds_axis


@figure
def distance(result: RunResult, log: bool = False) -> Figure:
    """Salience-weighted distance between the parties' offers by round (mean over pairs)."""
    sc = result.scenario
    moves = f"{result.protocol.move}s"  # offers, or positions
    fig = Figure(figsize=(7, 3.6), layout="constrained")
    ax = fig.subplots()
    rounds = np.arange(1, len(result.distance) + 1)
    if np.isnan(result.distance).all():  # e.g. a stalemate before anyone offered
        nothing_to_draw(ax, f"no {moves} to compare")
    ax.plot(rounds, result.distance, color="black", lw=2, marker="o", ms=3)
    if log:
        ax.set_yscale("log")
    else:
        ax.set_ylim(0, max(1.0, float(np.nanmax(np.r_[result.distance, 0.0]))) * 1.02)
    rounds_axis(ax, len(rounds), sc.round_unit, size=10)
    if result.agreement is not None:
        ax.axvline(result.round, color="black", ls=":", lw=1)
        word = "forecast " if result.protocol.forecasts else "agreement "
        ax.annotate(word, (result.round, ax.get_ylim()[1] * 0.92), ha="right", va="top", fontsize=8)
    ax.set_xlabel(sc.round_unit)
    ax.set_ylabel(f"weighted distance between {moves}\n(0 = same package, 1 = opposite ends)", fontsize=8)
    fig.suptitle(f"{sc.name}: how far apart the {moves} are\n{result.headline()}", fontsize=10, x=0.02, ha="left")
    ax.grid(alpha=0.25)
    return fig
