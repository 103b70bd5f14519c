"""The war around the talks: the front, each side's belief about p, the costs paid, ripe rounds."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from negosim.engine.result import RunResult
from negosim.plots.style import actor_colors, figure, rounds_axis


def beta_interval(alpha: float, beta: float, level: float = 0.9) -> tuple[float, float]:
    """The central ``level`` interval of Beta(alpha, beta): its quantiles (scipy.stats.beta)."""
    from scipy.stats import beta as beta_dist

    tail = (1 - level) / 2
    lo, hi = beta_dist.ppf([tail, 1 - tail], alpha, beta)
    return float(lo), float(hi)


@figure
def conflict(result: RunResult) -> Figure:
    """Three panels: the front of each contested issue, each side's belief about p (mean and 90%
    interval, the true p dashed), and the costs of war each actor has paid; ripe rounds shaded."""
    sc = result.scenario
    war, hist = sc.conflict, result.war_history
    if war is None or hist is None:
        raise ValueError("this run has no conflict: section")
    colors = actor_colors(sc)
    R = len(hist["front"])
    rounds = np.arange(1, R + 1)
    fig = Figure(figsize=(7.5, 8.2), layout="constrained")
    ax_front, ax_belief, ax_cost = fig.subplots(3, 1, sharex=True)
    for c, iid in enumerate(war.contested):
        ax_front.plot(rounds, hist["front"][:, c], lw=2, drawstyle="steps-post", label=sc.issues[iid].name,
                      color=("black", "0.45", "0.7")[c % 3], ls=("-", "--", ":")[c % 3])  # fmt: skip
        ax_front.axhline(war.front[iid], color="0.5", lw=0.8, ls=":")
    ax_front.set_ylabel("front\n(issue value)", fontsize=8)
    ax_front.set_title("the front, by contested issue (dotted: where it started)", fontsize=9, loc="left")
    ax_front.legend(fontsize=7, frameon=False)
    for n, side in enumerate(("a", "b")):
        alpha, beta = hist["belief"][:, n, 0], hist["belief"][:, n, 1]
        lo_hi = np.array([beta_interval(x, y) for x, y in zip(alpha, beta, strict=True)]) if R else np.zeros((0, 2))
        who = ", ".join(war.sides[side])
        color = colors[war.sides[side][0]]  # the colour of the side's first member, as in every figure
        ax_belief.plot(rounds, alpha / (alpha + beta), color=color, lw=2, label=f"side {side} ({who})")
        if R:
            ax_belief.fill_between(rounds, lo_hi[:, 0], lo_hi[:, 1], color=color, alpha=0.15, lw=0)
    ax_belief.axhline(war.p, color="black", lw=1, ls="--", label=f"true p = {war.p:g}")
    ax_belief.set_ylim(0, 1)
    ax_belief.set_ylabel("P(side a wins a battle)", fontsize=8)
    ax_belief.set_title("each side's belief about p: mean and 90% interval", fontsize=9, loc="left")
    ax_belief.legend(fontsize=7, frameon=False)
    for aid in [a for a in war.cost_per_round if a in result.party_names]:  # parties fight; histories hold them
        a = result.space.actors.index(aid)
        ax_cost.plot(rounds, hist["paid"][:, a], color=colors[aid], lw=2, label=sc.actors[aid].name)
    ax_cost.set_ylabel("costs paid\n(utility)", fontsize=8)
    ax_cost.set_title("costs of war paid so far", fontsize=9, loc="left")
    ax_cost.set_xlabel(sc.round_unit, fontsize=8)
    if war.cost_per_round:
        ax_cost.legend(fontsize=7, frameon=False)
    ripe = result.ripe if result.ripe is not None else np.zeros(R, dtype=bool)
    for ax in (ax_front, ax_belief, ax_cost):
        for r in np.flatnonzero(ripe):
            ax.axvspan(r + 1, r + 2, color="#009E73", alpha=0.15, lw=0)
        rounds_axis(ax, R, sc.round_unit)
        if ax is not ax_cost:
            ax.set_xlabel("")
        ax.grid(alpha=0.25)
    if ripe.any():
        ax_front.text(0.99, 0.02, "green: ripe rounds (a mutually hurting stalemate)", transform=ax_front.transAxes,
                      ha="right", va="bottom", fontsize=7, color="#006d50")  # fmt: skip
    fig.suptitle(f"{sc.name}: the war by {sc.round_unit} ({result.headline()})", fontsize=12)
    return fig
