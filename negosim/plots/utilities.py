"""Utilities: what each party gets from the offers on the table, against what it demands and its
value of no deal, round by round."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure

from negosim.engine.result import RunResult
from negosim.plots.style import actor_colors, figure, legend_entries, nothing_to_draw, rounds_axis, suptitle


@figure
def utilities(result: RunResult) -> Figure:
    """One panel per party: its utility of every party's standing offer (and of the mediator's text),
    its aspiration, and its value of no deal, by round; the agreement starred."""
    s, sc = result.space, result.scenario
    colors = actor_colors(sc)
    names = result.party_names
    P = len(names)
    ncols = 1 if P == 1 else 2
    nrows = math.ceil(P / ncols)
    width = 5.8 * ncols
    fig = Figure(figsize=(width, 1.4 + 2.8 * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    R = len(result.offers)
    rounds = np.arange(1, R + 1)
    u_offers = s.utility(result.offers) if R else np.zeros((len(s.actors), 0, P))  # (A, R, P)
    u_text = s.utility(result.text) if result.text is not None and R else None  # (A, R)
    for p, (name, ax) in enumerate(zip(names, axes, strict=False)):
        a = int(s.parties[p])
        for q, other in enumerate(names):
            if np.isnan(result.offers[:, q, 0]).all():
                continue  # no offers from this party (the mediated protocol)
            word = result.protocol.move
            ax.plot(rounds, u_offers[a, :, q], color=colors[other], lw=2.6 if q == p else 1.6,
                    drawstyle="steps-post", label=f"{word} of {sc.actors[other].name}")  # fmt: skip
        if u_text is not None:
            ax.plot(rounds, u_text[a], color="black", ls=(0, (2, 2)), lw=1.4, drawstyle="steps-post",
                    label="mediator's text")  # fmt: skip
        ax.plot(rounds, result.aspiration[:, p], color="0.2", lw=1.2, ls="-.", label="aspiration (what it demands)")
        if result.batna_history is not None:
            ax.plot(rounds, result.batna_history[:, a], color="0.45", lw=1.2, ls=":", drawstyle="steps-post",
                    label="value of no deal")  # fmt: skip
        if result.agreement is not None:
            ax.plot([result.round], [s.utility(result.agreement)[a]], marker="*", ms=13, color="black", zorder=5,
                    label="agreement")  # fmt: skip
        if np.isnan(result.offers[:, :, 0]).all() and u_text is None:
            nothing_to_draw(ax)
        ax.set_ylim(-0.02, 1.04)
        rounds_axis(ax, R, sc.round_unit)
        ax.set_title(f"utility to {sc.actors[name].name} (its own line thicker)", fontsize=11, loc="left")
        ax.set_ylabel("utility", fontsize=9)
        ax.grid(alpha=0.25)
    for ax in axes[P:]:
        ax.set_axis_off()
    handles, labels = legend_entries(axes[:P])
    fig.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 4), fontsize=9, frameon=False)
    suptitle(fig, f"{sc.name}: utilities by {sc.round_unit} ({result.headline()})", width)
    return fig
