"""The settled value of each issue across the runs."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure

from negosim.events import ENDINGS
from negosim.plots.style import figure, nothing_to_draw, suptitle, wrap
from negosim.sweep.figures.common import OUTCOME_COLORS, OUTCOME_WORDS, finished_runs, is_crowded, short_text
from negosim.sweep.names import Names, names_of

if TYPE_CHECKING:
    from negosim.sweep.api import SweepResult


@figure
def settled_values(result: SweepResult, names: Names | None = None) -> Figure:
    """One panel per issue settled in some run: where it was settled (agreed, or in an interim agreement),
    stacked by the run's outcome; a histogram for a continuous issue, counts of options for a discrete one."""
    names = names or names_of(result)
    ok = finished_runs(result.runs)
    issues = [i for i in result.manifest["issues"] if len(ok) and ok[f"settled_{i}"].astype(bool).any()]
    discrete = set(result.manifest.get("discrete", []))
    ncols = 1 if len(issues) <= 1 else 2
    nrows = max(1, math.ceil(len(issues) / ncols))
    width = 5.6 * ncols if ncols > 1 else 7.8
    fig = Figure(figsize=(width, 1.3 + 2.9 * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    if not issues:
        nothing_to_draw(axes[0], "no issue was settled in any run" if len(ok) else "no run finished")
        axes[0].set_xticks([])
        axes[0].set_yticks([])
    seen: list[str] = []
    for ax, iid in zip(axes, issues, strict=False):
        got = ok[ok[f"settled_{iid}"].astype(bool)]
        kinds = [o for o in ENDINGS if (got["outcome"] == o).any()]
        seen += [o for o in kinds if o not in seen]
        if iid in discrete:
            _option_bars(ax, got, iid, kinds, names)
        else:
            _value_hist(ax, got, iid, kinds, names)
        ax.set_title(wrap(f"{names.issue(iid)}: settled in {len(got)} of {len(ok)} runs", 60), fontsize=10,
                     loc="left")  # fmt: skip
        ax.set_ylabel("runs", fontsize=9)
        ax.grid(alpha=0.25, axis="y")
    for ax in axes[max(len(issues), 1) :]:
        ax.set_axis_off()
    if seen:
        from matplotlib.patches import Patch

        handles = [Patch(color=OUTCOME_COLORS[o], label=OUTCOME_WORDS[o]) for o in seen]
        style = {"fontsize": 8, "frameon": False, "title": "how the run ended", "title_fontsize": 8}
        if len(axes) > len(issues):  # a spare panel holds the legend, else the first panel
            axes[len(issues)].legend(handles=handles, loc="center", **style)
        else:
            axes[0].legend(handles=handles, loc="best", **style)
    never = [names.issue(i) for i in result.manifest["issues"] if i not in issues]
    if issues and never:
        fig.supxlabel(wrap(f"never settled: {', '.join(never)}", int(width * 13)), fontsize=8, color="0.3")
    suptitle(fig, f"{names.scenario}: where each issue was settled (agreed, or in an interim agreement)", width)
    return fig


def _value_hist(ax, got, iid: str, kinds: list[str], names: Names) -> None:
    values = [got.loc[got["outcome"] == o, f"value_{iid}"].to_numpy(dtype=float) for o in kinds]
    every = np.concatenate(values) if values else np.zeros(0)
    lo, hi = names.ranges.get(iid, (float(np.nanmin(every)), float(np.nanmax(every))))
    if not hi > lo:
        lo, hi = lo - 0.5, hi + 0.5
    edges = np.linspace(lo, hi, 21)
    ax.hist(values, bins=edges, stacked=True, color=[OUTCOME_COLORS[o] for o in kinds], edgecolor="white", lw=0.5)
    ax.set_xlim(lo, hi)
    ax.set_xlabel("value settled", fontsize=9)
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(labelsize=8)


def _option_bars(ax, got, iid: str, kinds: list[str], names: Names) -> None:
    values = got[f"value_{iid}"].astype(str)
    options = list(names.options.get(iid, ()))
    options += sorted(v for v in set(values) if v not in options)
    x = np.arange(len(options))
    bottom = np.zeros(len(options))
    for o in kinds:
        counts = values[got["outcome"] == o].value_counts()
        h = np.array([int(counts.get(opt, 0)) for opt in options])
        ax.bar(x, h, bottom=bottom, color=OUTCOME_COLORS[o], edgecolor="white", lw=0.5, width=0.7)
        bottom += h
    labels = [short_text(opt, 24) for opt in options]
    crowded = is_crowded(labels, 6 if len(options) > 1 else 99, width=5.0)
    ax.set_xticks(x, [wrap(t, 14) for t in labels] if not crowded else labels, fontsize=8,
                  rotation=30 if crowded else 0, ha="right" if crowded else "center")  # fmt: skip
    ax.set_xlabel("option settled", fontsize=9)
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="y", labelsize=8)
