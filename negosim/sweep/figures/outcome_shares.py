"""The share of each outcome against one factor."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure

from negosim.events import ENDINGS
from negosim.plots.style import OKABE_ITO, figure, nothing_to_draw, suptitle, wrap
from negosim.sweep.figures.common import (
    MARKERS,
    OUTCOME_COLORS,
    OUTCOME_WORDS,
    dodge,
    finished_runs,
    levels_of,
    percent_axis,
    pooled_words,
    shares_with_interval,
    short_text,
)
from negosim.sweep.names import Names, names_of
from negosim.words import count

if TYPE_CHECKING:
    import pandas as pd

    from negosim.sweep.api import SweepResult
    from negosim.sweep.factors import Factor


@figure
def outcome_shares(result: SweepResult, factor: Factor, names: Names | None = None) -> Figure:
    """The share of finished runs ending in each outcome (those that occur) at each value of ``factor``,
    with 95% Wilson intervals; below, the share settling each issue whose share moves with the factor
    (an outcome alone hides a ceasefire that pressure settles); runs at other factors' values pooled; a
    sampled factor binned."""
    names = names or names_of(result)
    ok = finished_runs(result.runs)
    levels = levels_of(ok[factor.path] if len(ok) else result.runs[factor.path], factor)
    moving = _moving_issues(ok, levels, factor) if len(ok) else []
    fig = Figure(figsize=(7.8, 7.4 if moving else 4.6), layout="constrained")
    if moving:
        ax, below = fig.subplots(2, 1, sharex=True, height_ratios=(1.2, 1))
    else:
        ax, below = fig.subplots(), None
    seen = [o for o in ENDINGS if (ok["outcome"] == o).any()] if len(ok) else []
    keys = levels.keys(ok[factor.path]) if len(ok) else None
    n = np.array([int((keys == k).sum()) for k in range(len(levels))]) if keys is not None else np.zeros(0)
    step = dodge(levels.x) if levels.numeric else 0.08
    for m, o in enumerate(seen):
        hits = np.array([int(((keys == k) & (ok["outcome"] == o)).sum()) for k in range(len(levels))])
        share, lo, hi = shares_with_interval(hits, n)
        x = np.asarray(levels.x, dtype=float) + (m - (len(seen) - 1) / 2) * step
        yerr = [np.clip(share - lo, 0, None), np.clip(hi - share, 0, None)]
        ax.errorbar(x, share, yerr=yerr, color=OUTCOME_COLORS[o], marker=MARKERS[o], ms=6, lw=1.8, capsize=3,
                    ls="-" if levels.numeric else "none", label=OUTCOME_WORDS[o])  # fmt: skip
    if not seen:
        nothing_to_draw(ax, "no run finished: nothing to count")
    ax.set_ylim(-0.03, 1.03)
    ax.yaxis.set_major_formatter(percent_axis())
    ax.set_ylabel("share of runs (95% Wilson interval)", fontsize=9)
    ax.tick_params(labelsize=8)
    levels.axis(ax if below is None else below)
    (ax if below is None else below).set_xlabel(wrap(factor.name, 80), fontsize=9)
    ax.grid(alpha=0.25)
    if seen:
        ax.legend(fontsize=8, frameon=False, ncols=len(seen), loc="upper center",
                  bbox_to_anchor=(0.5, -0.16) if below is None else (0.5, -0.06))  # fmt: skip
    if below is not None:
        _settled_panel(below, ok, levels, factor, moving, names, n, step)
    others = len(result.factors) - 1
    notes = [f"{count(int(n.sum()), 'finished run')}"]
    if others:
        notes.append(pooled_words(others))
    if result.design in ("morris", "sobol") and others:
        notes.append(f"a {result.design} design moves the others with it: differences between levels are not this "
                     "factor's effect alone (the sensitivity figure measures that)")  # fmt: skip
    if levels.binned:
        notes.append(f"binned into {len(levels)} groups of about equal size, each at its mean")
    if result.failed:
        notes.append(f"{result.failed} failed left out")
    ax.set_title(wrap("; ".join(notes), 100), fontsize=8.5, loc="left", color="0.3")
    suptitle(fig, f"{names.scenario}: outcome by {short_text(factor.name, 60)}", 7.8)
    return fig


def _moving_issues(ok: pd.DataFrame, levels, factor: Factor) -> list[str]:
    """Issues whose share of runs settling them differs between the factor's values."""
    keys = levels.keys(ok[factor.path])
    out = []
    for col in (c for c in ok.columns if c.startswith("settled_")):
        shares = {float(ok.loc[keys == k, col].mean()) for k in range(len(levels)) if (keys == k).any()}
        if len(shares) > 1:
            out.append(col.removeprefix("settled_"))
    return out


def _settled_panel(ax, ok: pd.DataFrame, levels, factor: Factor, issues: list[str], names: Names, n, step) -> None:
    keys = levels.keys(ok[factor.path])
    for m, iid in enumerate(issues):
        hits = np.array([int(ok.loc[keys == k, f"settled_{iid}"].sum()) for k in range(len(levels))])
        share, lo, hi = shares_with_interval(hits, n)
        x = np.asarray(levels.x, dtype=float) + (m - (len(issues) - 1) / 2) * step
        yerr = [np.clip(share - lo, 0, None), np.clip(hi - share, 0, None)]
        ax.errorbar(x, share, yerr=yerr, color=OKABE_ITO[m % len(OKABE_ITO)], marker="o", ms=5, lw=1.6, capsize=3,
                    ls="-" if levels.numeric else "none", label=names.issue(iid))  # fmt: skip
    ax.set_ylim(-0.03, 1.03)
    ax.yaxis.set_major_formatter(percent_axis())
    ax.set_ylabel("share of runs settling it", fontsize=9)
    ax.tick_params(labelsize=8)
    ax.grid(alpha=0.25)
    ax.set_title("issues settled (agreed, or in an interim agreement), where that moves with the factor",
                 fontsize=8.5, loc="left", color="0.3")  # fmt: skip
    ax.legend(fontsize=8, frameon=False, ncols=min(3, len(issues)), loc="upper center", bbox_to_anchor=(0.5, -0.2))
