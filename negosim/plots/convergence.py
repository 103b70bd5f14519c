"""Convergence: every party's offer per issue by round, with red lines and the agreement."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from negosim.engine.result import RunResult
from negosim.plots.style import actor_colors, wrap

HATCHES = ("////", "\\\\\\\\", "||||", "----")
# thick solid under thinner dashed: a party's line stays visible where offers coincide
LINES = (("-", 3.2), ((0, (4, 2)), 1.8), ((0, (1, 1.5)), 1.8), ("-.", 1.4))


def convergence(result: RunResult) -> Figure:
    """One panel per issue: offers by round (a line per party), red lines shaded, agreement starred."""
    s, sc = result.space, result.scenario
    colors = actor_colors(sc)
    K = s.n_issues
    ncols = 1 if K <= 2 else 2
    nrows = math.ceil(K / ncols)
    fig = Figure(figsize=(6.4 * ncols, 0.6 + 2.6 * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    rounds = np.arange(1, len(result.offers) + 1)
    red_lines = False
    for k, (iid, ax) in enumerate(zip(s.issues, axes, strict=False)):
        issue = sc.issues[iid]
        lo, hi = issue.range if not s.discrete[k] else (0, len(issue.options) - 1)
        pad = 0.5 if s.discrete[k] else 0.04 * (hi - lo)
        for p, name in enumerate(result.party_names):
            a = int(s.parties[p])
            red_lines |= _shade_red_lines(ax, s, a, k, lo, hi, pad, colors[name], HATCHES[p % len(HATCHES)])
            ls, lw = LINES[p % len(LINES)]
            if np.isnan(result.offers[:, p, k]).all():
                continue  # this party made no offer (the mediated protocol)
            ax.plot(
                rounds,
                result.offers[:, p, k],
                color=colors[name],
                ls=ls,
                lw=lw,
                label=sc.actors[name].name,
                drawstyle="steps-post",
            )
        if result.text is not None:
            ax.plot(rounds, result.text[:, k], color="black", ls=(0, (2, 2)), lw=1.4, label="mediator's text",
                    drawstyle="steps-post")  # fmt: skip
        if result.agreement is not None:
            ax.plot(
                [result.round], [result.agreement[k]], marker="*", ms=14, color="black", zorder=5, label="agreement"
            )
        ax.set_ylim(lo - pad, hi + pad)
        ax.set_xlim(0.5, max(len(rounds), 1) + 1)
        ax.set_title(issue.name, fontsize=10, loc="left")
        ax.set_xlabel(sc.round_unit, fontsize=8)
        ticks = (
            (list(range(len(issue.options))), list(issue.options))
            if s.discrete[k]
            else (list(issue.labels), list(issue.labels.values()))
        )
        if ticks[0]:
            ax.set_yticks(ticks[0], [wrap(t) for t in ticks[1]], fontsize=7)
        if issue.labels and not s.discrete[k]:  # the labels name anchors; numbers on the right read values
            ax.secondary_yaxis("right").tick_params(labelsize=7)
        ax.tick_params(axis="x", labelsize=8)
        ax.grid(alpha=0.25)
    for ax in axes[K:]:
        ax.set_axis_off()
    handles, labels = axes[0].get_legend_handles_labels()
    if red_lines:
        handles.append(Patch(facecolor=to_rgba("0.5", 0.08), edgecolor=to_rgba("0.3", 0.5), hatch="////", lw=0))
        labels.append("beyond a party's red line\n(hatched in its colour)")
    if len(axes) > K:  # a spare panel holds the legend
        axes[K].legend(handles, labels, loc="center", fontsize=9, frameon=False)
    else:
        fig.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 4), fontsize=8, frameon=False)
    fig.suptitle(f"{sc.name}: offers by {sc.round_unit} ({_outcome(result)})", fontsize=12)
    return fig


def _shade_red_lines(ax, s, a: int, k: int, lo: float, hi: float, pad: float, color: str, hatch: str) -> bool:
    """Hatch the values actor ``a`` refuses on issue ``k``, draw its bounds; whether there were any."""
    style = {"facecolor": to_rgba(color, 0.08), "edgecolor": to_rgba(color, 0.35), "hatch": hatch, "lw": 0}
    if s.discrete[k]:
        refused = np.flatnonzero(~s.allowed[a, k, : int(hi) + 1])
        for code in refused:
            ax.axhspan(code - 0.5, code + 0.5, **style)
        return bool(len(refused))
    drawn = False
    if s.lo[a, k] > lo:
        ax.axhspan(lo - pad, s.lo[a, k], **style)
        ax.axhline(s.lo[a, k], color=color, ls=":", lw=1)
        drawn = True
    if s.hi[a, k] < hi:
        ax.axhspan(s.hi[a, k], hi + pad, **style)
        ax.axhline(s.hi[a, k], color=color, ls=":", lw=1)
        drawn = True
    return drawn


def _outcome(result: RunResult) -> str:
    unit = result.scenario.round_unit
    if result.outcome == "agreement":
        return f"agreement in {unit} {result.round}"
    return f"{result.outcome} after {result.round} {unit}s"
