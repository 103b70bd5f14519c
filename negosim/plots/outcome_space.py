"""The outcome space: for each pair of parties, the utility of one against the other's."""

from __future__ import annotations

import itertools
import math

import numpy as np
from matplotlib.figure import Figure

from negosim.engine.result import RunResult
from negosim.plots.style import actor_colors, figure, legend_entries

SAMPLES = 2000  # packages drawn to show the space (a fixed generator: the same figure every time)


class _Seen:
    """A point of n parties' utilities seen from the pair (p, q): its ``utilities`` are theirs."""

    def __init__(self, point, p: int, q: int):
        self.utilities = (point.utilities[p], point.utilities[q])


def sample_packages(space, n: int = SAMPLES) -> np.ndarray:
    """``n`` packages drawn uniformly over every issue's range or options, by a fixed generator."""
    rng = np.random.default_rng(20250512)
    x = rng.random((n, space.n_issues)) * space.width + space.low
    codes = np.floor(rng.random((n, space.n_issues)) * (space.width + 1))
    return np.where(space.discrete, np.minimum(codes, space.width), x)


@figure
def outcome_space(result: RunResult) -> Figure:
    """One panel per pair of parties: sampled packages, the Pareto frontier inside both red lines, the
    Nash and Kalai-Smorodinsky points, each party's offers by round, and the agreement."""
    s, sc = result.space, result.scenario
    pairs = list(itertools.combinations(range(len(result.party_names)), 2))
    ncols = min(len(pairs), 3)
    nrows = math.ceil(len(pairs) / ncols)
    fig = Figure(figsize=(max(4.6 * ncols + 0.4, 7.0), 1.2 + 4.4 * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    packages = sample_packages(s)
    sample = (s.utility(packages), s.feasible(packages))  # (A, N) each
    for (p, q), ax in zip(pairs, axes, strict=False):
        _pair(ax, result, p, q, sample)
    for ax in axes[len(pairs) :]:
        ax.set_axis_off()
    handles, labels = legend_entries(axes[: len(pairs)])
    fig.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 2 if ncols == 1 else 3),
               fontsize=8, frameon=False, markerscale=0.8)  # fmt: skip
    fig.suptitle(f"{sc.name}: outcome space ({result.headline()})", fontsize=11)
    return fig


def _pair(ax, result: RunResult, p: int, q: int, sample: tuple[np.ndarray, np.ndarray]) -> None:
    """The panel of parties ``p`` and ``q`` (rows among the parties)."""
    s, sc, names = result.space, result.scenario, result.party_names
    colors = actor_colors(sc)
    i, j = int(s.parties[p]), int(s.parties[q])
    _packages_and_frontiers(ax, s, i, j, sample)
    _points(ax, result, p, q)
    _traces(ax, result, i, j)
    ax.axvline(s.reservation[i], color=colors[names[p]], lw=0.8, ls=":", label="reservation at the start")
    ax.axhline(s.reservation[j], color=colors[names[q]], lw=0.8, ls=":")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_aspect("equal")
    ax.set_xlabel(f"utility of {sc.actors[names[p]].name}", fontsize=8)
    ax.set_ylabel(f"utility of {sc.actors[names[q]].name}", fontsize=8)
    ax.tick_params(labelsize=8)
    ax.grid(alpha=0.2)


def _packages_and_frontiers(ax, s, i: int, j: int, sample: tuple[np.ndarray, np.ndarray]) -> None:
    """Sampled packages (inside both red lines or not) and the frontier with and without red lines."""
    from negosim.analysis import two_party
    from negosim.analysis.outcomes import without_red_lines

    u, feasible = sample
    ok = feasible[i] & feasible[j]
    if (~ok).any():
        ax.scatter(u[i, ~ok], u[j, ~ok], s=3, color="0.85", lw=0, label="a package across a red line")
    if ok.any():
        ax.scatter(u[i, ok], u[j, ok], s=3, color="0.55", lw=0, label="a package inside both red lines")
    front = two_party(s, i, j).frontier(101)
    free = two_party(without_red_lines(s), i, j).frontier(101)
    ax.plot([f.utilities[0] for f in free], [f.utilities[1] for f in free], color="0.35", lw=1, ls=(0, (5, 3)),
            label="Pareto frontier, red lines ignored")  # fmt: skip
    if front:
        ax.plot([f.utilities[0] for f in front], [f.utilities[1] for f in front], color="black", lw=1.4,
                label="Pareto frontier inside both red lines")  # fmt: skip
    else:
        ax.text(0.03, 0.03, "no package lies inside both\nparties' red lines", transform=ax.transAxes,
                fontsize=8, va="bottom")  # fmt: skip


def _points(ax, result: RunResult, p: int, q: int) -> None:
    """The Nash and Kalai-Smorodinsky points of the pair; with more parties, the Nash point of all of them
    (the one summary.json reports) seen from this pair."""
    from negosim.analysis import two_party

    s = result.space
    if len(result.party_names) > 2:
        whole = result.nash_point()
        marks = [] if whole is None else [(_Seen(whole, p, q), "D", "Nash solution (all parties)")]
    else:
        tp = two_party(s, int(s.parties[p]), int(s.parties[q]))
        marks = [(tp.nash(), "D", "Nash solution"), (tp.kalai_smorodinsky(), "s", "Kalai-Smorodinsky point")]
    for point, marker, label in marks:
        if point is not None:
            ax.plot(*point.utilities, marker=marker, ms=8, mfc="white", mec="black", mew=1.6, ls="", label=label,
                    zorder=6)  # fmt: skip


def _traces(ax, result: RunResult, i: int, j: int) -> None:
    """Each party's offers by round (large dot: its first), the mediator's text and the agreement."""
    s, sc = result.space, result.scenario
    colors = actor_colors(sc)
    for r, name in enumerate(result.party_names):
        trace = result.offers[:, r, :]
        made = ~np.isnan(trace[:, 0])
        if made.any():
            u = s.utility(trace[made])
            ax.plot(
                u[i], u[j], color=colors[name], lw=1.3, marker="o", ms=2.5, label=f"offers of {sc.actors[name].name}"
            )
            ax.plot(u[i][:1], u[j][:1], color=colors[name], marker="o", ms=6, ls="", label="first offer")
    made = ~np.isnan(result.text[:, 0]) if result.text is not None and len(result.text) else np.zeros(0, bool)
    if made.any():  # a text that was never drafted is not drawn, nor listed
        u = s.utility(result.text[made])
        ax.plot(u[i], u[j], color="black", lw=1.0, ls=(0, (2, 2)), marker=".", label="mediator's text")
    if result.agreement is not None:
        u = s.utility(result.agreement)
        ax.plot(u[i], u[j], marker="*", ms=15, color="black", ls="", label="agreement", zorder=7)
