"""Figures of the expected-utility model (protocol eum): positions by round with the forecasts, and the
challenges of one round (who challenges whom, and who moves where), for teaching."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from negosim.engine.result import RunResult
from negosim.plots.style import OKABE_ITO, actor_colors, figure, issue_panels, nothing_to_draw, suptitle, wrap
from negosim.protocols import expected_utility as eum

LINESTYLES = ("-", (0, (4, 2)), (0, (1, 1.2)), "-.")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")  # tied actors' lines lie on each other
MOVE_COLORS = {eum.CONFRONTATION: OKABE_ITO[1], eum.COMPROMISE: OKABE_ITO[0], eum.CAPITULATION: OKABE_ITO[3]}


@figure
def positions(result: RunResult) -> Figure:
    """One panel per issue: every actor's position by round from round 0 (as written), with the
    forecasts: the Condorcet median (thick black) and the weighted mean of the compromise model (dashed)."""
    s, sc = result.space, result.scenario
    K = s.n_issues
    fig, axes, width = issue_panels(K, 7.4, 3.0, 0.9)
    d = result.protocol_data
    colors, styles = _palette(result)
    for k, ax in enumerate(axes[:K]):
        issue = sc.issues[s.issues[k]]
        if d is None:
            nothing_to_draw(ax, "no positions recorded")
            continue
        x = np.concatenate([d["opening"][None], result.offers], axis=0)  # (R + 1, P, K)
        rounds = np.arange(len(x))
        for p, name in enumerate(result.party_names):
            ax.plot(rounds, x[:, p, k], color=colors[name], ls=styles[p], lw=1.8, marker=MARKERS[p % len(MARKERS)],
                    ms=7 - 4 * p / max(len(result.party_names) - 1, 1), markerfacecolor="none",
                    drawstyle="steps-post", label=sc.actors[name].name, alpha=0.85)  # fmt: skip
        ax.plot(rounds, d["median"][:, k], color="black", lw=3.2, label="forecast: Condorcet median", zorder=5)
        ax.plot(rounds, d["mean"][:, k], color="0.35", lw=2.0, ls=(0, (3, 1.5)), zorder=5,
                label="compromise model: weighted mean")  # fmt: skip
        for at, text in sorted(issue.labels.items()):
            ax.annotate(wrap(text, 14), (1.0, at), xycoords=("axes fraction", "data"), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=7, color="0.35")  # fmt: skip
        ax.set_xlim(0, max(len(x) - 1, 1))
        pad = 0.04 * (issue.range[1] - issue.range[0])
        ax.set_ylim(issue.range[0] - pad, issue.range[1] + pad)
        ax.set_title(issue.name, fontsize=10)
        ax.set_xlabel(f"{sc.round_unit} (0: the positions as written)", fontsize=9)
        ax.set_ylabel("position", fontsize=9)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.25)
    for ax in axes[K:]:
        ax.set_axis_off()
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside right center", fontsize=8, frameon=False)
    final = "; ".join(f"{iid} {d['median'][-1, k]:.2f} (median), {d['mean'][-1, k]:.2f} (mean)"
                      for k, iid in enumerate(s.issues)) if d is not None else ""  # fmt: skip
    suptitle(fig, f"{sc.name}: positions by {sc.round_unit} and the forecast ({final})", width)
    return fig


def _palette(result: RunResult) -> tuple[dict[str, str], list]:
    """A colour per party (the scenario's colours; with more parties than those, matplotlib's tab20) and a
    line style that tells apart parties whose lines lie on top of each other."""
    names = result.party_names
    if len(names) <= len(OKABE_ITO):
        colors = actor_colors(result.scenario)
    else:
        from matplotlib import colormaps

        cmap = colormaps["tab20" if len(names) > 10 else "tab10"]
        colors = {name: cmap(n % cmap.N) for n, name in enumerate(names)}
    return colors, [LINESTYLES[n % len(LINESTYLES)] for n in range(len(names))]


def round_of(result: RunResult, n: int = 1) -> eum.Round | None:
    """Round ``n`` of the model again, from the positions it started with (the saliences as written)."""
    d = result.protocol_data
    if d is None or not 1 <= n <= len(result.offers):
        return None
    from negosim.protocols.eum import inputs

    s, sc = result.space, result.scenario
    start = d["opening"] if n == 1 else result.offers[n - 2]
    c, width, link = inputs(sc, s)
    sal = np.array([[sc.actors[s.actors[a]].positions[iid].salience for a in s.parties] for iid in s.issues])
    lo, hi = s.lo[s.parties].T, s.hi[s.parties].T
    return eum.play_round(start.T, c, sal, width, lo, hi, sc.protocol.variant, link)


@figure
def challenges(result: RunResult, n: int = 1, issue: int = 0) -> Figure:
    """Round ``n`` on one issue, for teaching: left, each actor's expected utility of challenging each
    other (rows challenge columns; a ring: an offer made; a dot: the offer its target takes); right,
    where each actor stood and where it moved, by confrontation, compromise or capitulation."""
    s, sc = result.space, result.scenario
    names = [sc.actors[a].name for a in result.party_names]
    P = len(names)
    fig = Figure(figsize=(12.5, 2.2 + 0.42 * P), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[1.0, 1.15])
    rnd = round_of(result, n)
    if rnd is None:
        nothing_to_draw(left, "no round was played")
        right.set_axis_off()
        return fig
    eu, k = rnd.eu[issue], issue
    lim = float(np.abs(eu).max()) or 1.0
    im = left.imshow(eu, cmap="RdBu", vmin=-lim, vmax=lim)
    for i, j in np.argwhere(rnd.offers[k]):
        left.add_patch(Rectangle((j - 0.45, i - 0.45), 0.9, 0.9, fill=False, ec="black", lw=0.9))
    taken = {(int(rnd.by[k, j]), j) for j in range(P) if rnd.by[k, j] >= 0}
    for i, j in taken:
        left.add_patch(Rectangle((j - 0.45, i - 0.45), 0.9, 0.9, fill=False, ec="black", lw=2.6))
    for i in range(P):
        for j in range(P):
            if i != j:
                left.text(j, i, f"{round(float(eu[i, j]), 2) + 0.0:.2f}", ha="center", va="center", fontsize=6.5,
                          fontweight="bold" if (i, j) in taken else "normal",
                          color="white" if abs(eu[i, j]) > 0.6 * lim else "black")  # fmt: skip
    left.add_patch(Rectangle((0, 0), 0, 0, fill=False, ec="black", lw=0.9, label="offer made (E > 0)"))
    left.add_patch(Rectangle((0, 0), 0, 0, fill=False, ec="black", lw=2.6, label="the offer its target takes"))
    left.set_xticks(range(P), names, rotation=60, ha="right", fontsize=8)
    left.set_yticks(range(P), names, fontsize=8)
    left.set_xlabel("target j", fontsize=9)
    left.set_ylabel("challenger i", fontsize=9)
    left.set_title("E_i(challenge j): what i expects from challenging j", fontsize=10)
    fig.colorbar(im, ax=left, shrink=0.7, label="expected utility")
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.32), fontsize=8, frameon=False, ncols=2)
    _moves(right, result, rnd, k, names)
    iname = sc.issues[s.issues[k]].name
    suptitle(fig, f"{sc.name}: who challenges whom in {sc.round_unit} {n} ({iname})", 12.5)
    return fig


def _moves(ax, result: RunResult, rnd: eum.Round, k: int, names: list[str]) -> None:
    """Each actor's position at the start of the round and the move it makes, one row each."""
    s, sc = result.space, result.scenario
    issue = sc.issues[s.issues[k]]
    x0, x1 = rnd.start[k], rnd.x[k]
    order = np.arange(len(names))[::-1]  # the first actor on top
    for row, p in enumerate(order):
        ax.plot([x0[p]], [row], marker="o", color="0.2", ms=6, zorder=3)
        kind = int(rnd.move[k, p])
        if kind != eum.NONE:
            color = MOVE_COLORS[kind]
            if abs(x1[p] - x0[p]) >= 0.03 * s.width[k]:  # a move too small for an arrow is its end point
                ax.annotate("", xy=(x1[p], row), xytext=(x0[p], row), zorder=2,
                            arrowprops={"arrowstyle": "-|>", "color": color, "lw": 1.8})  # fmt: skip
            ax.plot([x1[p]], [row], marker="|", ms=10, mew=2, color=color, zorder=3)
            by = names[int(rnd.by[k, p])]
            ax.text((x0[p] + x1[p]) / 2, row + 0.14, f"{eum.MOVES[kind]} with {by}", fontsize=7, color=color,
                    ha="center", va="bottom", zorder=4,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.85})  # fmt: skip
    ax.axvline(rnd.median[k], color="black", lw=2.2, label=f"median {rnd.median[k]:.2f}")
    ax.axvline(rnd.mean[k], color="0.35", lw=1.6, ls=(0, (3, 1.5)), label=f"mean {rnd.mean[k]:.2f}")
    ax.set_yticks(range(len(names)), [names[p] for p in order], fontsize=8)
    ax.set_ylim(-0.7, len(names) - 0.3)
    pad = 0.06 * (issue.range[1] - issue.range[0])
    ax.set_xlim(issue.range[0] - pad, issue.range[1] + pad)
    ax.set_xlabel(f"{issue.name}: position at the start of the round (dot) and the move", fontsize=9)
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", alpha=0.25)
    for kind, color in MOVE_COLORS.items():
        ax.plot([], [], color=color, lw=1.8, label=eum.MOVES[kind])
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=8, frameon=False, ncols=5)
    ax.set_title("where each actor moves (each takes the offer that moves it least)", fontsize=10)
