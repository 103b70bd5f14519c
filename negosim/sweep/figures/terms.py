"""The week and terms of agreement against one factor."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure

from negosim.plots.style import OKABE_ITO, figure, suptitle, wrap
from negosim.sweep.figures.common import OUTCOME_COLORS, dodge, finished_runs, levels_of, pooled_words, short_text
from negosim.sweep.names import Names, names_of
from negosim.words import plural

if TYPE_CHECKING:
    from negosim.sweep.api import SweepResult
    from negosim.sweep.factors import Factor


#: The least change in a mean, between two values of a factor, that a terms figure is drawn for: a share of
#: the issue's range for a settled value, rounds for the week of agreement.
TERMS_MOVE, WEEKS_MOVE = 0.01, 0.25


def moving_terms(result: SweepResult, factor: Factor, names: Names | None = None) -> tuple[bool, list[str]]:
    """Whether the mean week of agreement differs between the factor's values by WEEKS_MOVE or more (at two
    or more values where some run agreed), and the continuous issues whose mean settled value differs by
    TERMS_MOVE of the issue's range or more."""
    names = names or names_of(result)
    ok = finished_runs(result.runs)
    if not len(ok):
        return False, []
    levels = levels_of(ok[factor.path], factor)
    keys = levels.keys(ok[factor.path])

    def spread(column: str, rows: np.ndarray) -> float:
        means = [ok.loc[rows & (keys == k), column].astype(float).mean() for k in range(len(levels))]
        means = [m for m in means if np.isfinite(m)]
        return max(means) - min(means) if len(means) >= 2 else 0.0

    def moves(iid: str) -> bool:
        lo, hi = names.ranges.get(iid, (0.0, 1.0))
        return spread(f"value_{iid}", ok[f"settled_{iid}"].astype(bool).to_numpy()) >= TERMS_MOVE * (hi - lo)

    discrete = set(result.manifest.get("discrete", []))
    issues = [i for i in result.manifest["issues"] if i not in discrete and moves(i)]
    return spread("round", (ok["outcome"] == "agreement").to_numpy()) >= WEEKS_MOVE, issues


@figure
def terms(result: SweepResult, factor: Factor, names: Names | None = None) -> Figure:
    """What a factor does to the deal, where the outcome alone hides it: at each value, the mean week of
    the runs that agreed and, below, the mean value at which each continuous issue whose value moves was
    settled, each with its 10th-90th percentile range; runs at other factors' values pooled."""
    names = names or names_of(result)
    ok = finished_runs(result.runs)
    levels = levels_of(ok[factor.path], factor)
    keys = levels.keys(ok[factor.path])
    week, issues = moving_terms(result, factor, names)
    panels = int(week) + int(bool(issues))
    fig = Figure(figsize=(7.8, 1.6 + 2.9 * panels), layout="constrained")
    axes = list(np.atleast_1d(fig.subplots(panels, 1, sharex=True)))
    step = dodge(levels.x) if levels.numeric else 0.08

    def band(ax, column: str, rows: np.ndarray, offset: float, **style) -> None:
        at = [ok.loc[rows & (keys == k), column].to_numpy(dtype=float) for k in range(len(levels))]
        have = [k for k, v in enumerate(at) if len(v)]
        x = np.asarray(levels.x, dtype=float)[have] + offset
        mean = np.array([at[k].mean() for k in have])
        q10, q90 = (np.array([np.quantile(at[k], q) for k in have]) for q in (0.1, 0.9))
        colour = style.pop("color")
        # the range drawn apart from the mean: a skewed spread can put the mean outside its 10th-90th percentiles
        ax.errorbar(x, (q10 + q90) / 2, yerr=(q90 - q10) / 2, fmt="none", ecolor=colour, elinewidth=1.2, capsize=3)
        ax.plot(x, mean, marker="o", ms=5, lw=1.6, color=colour, ls="-" if levels.numeric else "none", **style)

    unit = plural(names.unit)
    if week:
        ax = axes[0]
        band(ax, "round", (ok["outcome"] == "agreement").to_numpy(), 0.0, color=OUTCOME_COLORS["agreement"])
        ax.set_ylabel(f"{unit} until agreement", fontsize=9)
        ax.set_title(f"{unit} until agreement, the runs that agreed: mean, 10th-90th percentile", fontsize=8.5,
                     loc="left", color="0.3")  # fmt: skip
    if issues:
        ax = axes[-1]
        for m, iid in enumerate(issues):
            rows = ok[f"settled_{iid}"].astype(bool).to_numpy()
            band(ax, f"value_{iid}", rows, (m - (len(issues) - 1) / 2) * step, color=OKABE_ITO[m % len(OKABE_ITO)],
                 label=names.issue(iid))  # fmt: skip
        ax.set_ylabel("value settled", fontsize=9)
        ax.set_title("where each issue whose value moves was settled: mean, 10th-90th percentile", fontsize=8.5,
                     loc="left", color="0.3")  # fmt: skip
        ax.legend(fontsize=8, frameon=False, ncols=min(3, len(issues)), loc="upper center", bbox_to_anchor=(0.5, -0.2))
    for ax in axes:
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.25)
    levels.axis(axes[-1])
    axes[-1].set_xlabel(wrap(factor.name, 80), fontsize=9)
    others = len(result.factors) - 1
    if others:
        title = wrap(f"{axes[0].get_title(loc='left')}; {pooled_words(others)}", 100)
        axes[0].set_title(title, fontsize=8.5, loc="left", color="0.3")
    suptitle(fig, f"{names.scenario}: the deal by {short_text(factor.name, 60)}", 7.8)
    return fig
