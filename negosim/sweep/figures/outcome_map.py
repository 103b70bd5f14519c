"""The outcomes over two factors, as a heatmap."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure

from negosim.plots.style import figure, nothing_to_draw, suptitle, wrap
from negosim.sweep.figures.common import finished_runs, is_crowded, levels_of, percent_axis, pooled_words
from negosim.sweep.names import Names, names_of
from negosim.words import count

if TYPE_CHECKING:
    from negosim.sweep.api import SweepResult
    from negosim.sweep.factors import Factor


@figure
def outcome_map(result: SweepResult, fx: Factor, fy: Factor, names: Names | None = None) -> Figure:
    """The share of agreement in each cell of two factors (runs at other factors' values pooled; sampled
    factors binned); when no run agrees, the share of the most frequent outcome; when that share is the
    same in every cell but an issue's settling is not, the share settling that issue; the title says which."""
    names = names or names_of(result)
    ok = finished_runs(result.runs)
    fig = Figure(figsize=(7.8, 6.0), layout="constrained")
    ax = fig.subplots()
    if not len(ok):
        nothing_to_draw(ax, "no run finished: nothing to count")
        suptitle(fig, f"{names.scenario}: outcome over two factors", 7.8)
        return fig
    outcome = "agreement" if (ok["outcome"] == "agreement").any() else ok["outcome"].value_counts().index[0]
    lx, ly = levels_of(ok[fx.path], fx), levels_of(ok[fy.path], fy)
    kx, ky = lx.keys(ok[fx.path]), ly.keys(ok[fy.path])
    n = np.zeros((len(ly), len(lx)), dtype=int)
    np.add.at(n, (ky, kx), 1)

    def cells(hit: np.ndarray) -> np.ndarray:
        k = np.zeros_like(n)
        np.add.at(k, (ky, kx), hit.astype(int))
        return np.where(n > 0, k / np.maximum(n, 1), np.nan)

    share, issue = cells((ok["outcome"] == outcome).to_numpy()), None
    if np.nanstd(share) == 0:  # the outcome is the same everywhere: show an issue whose settling moves instead
        spread = {i: cells(ok[f"settled_{i}"].to_numpy(dtype=bool)) for i in result.manifest["issues"]}
        best = max(spread, key=lambda i: np.nanstd(spread[i]), default=None)
        if best is not None and np.nanstd(spread[best]) > 0:
            share, issue = spread[best], best
    im = _share_cells(ax, share, n)
    ax.set_xticks(range(len(lx)), lx.labels, fontsize=8, rotation=30 if is_crowded(lx.labels, 8) else 0,
                  ha="right" if is_crowded(lx.labels, 8) else "center")  # fmt: skip
    ax.set_yticks(range(len(ly)), ly.labels, fontsize=8)
    ax.set_xlabel(wrap(fx.name, 80), fontsize=9)
    ax.set_ylabel(wrap(fy.name, 50), fontsize=9)
    bar = fig.colorbar(im, ax=ax, shrink=0.85, format=percent_axis())
    shown = f"share of runs settling {names.issue(issue)}" if issue else f"share of runs ending in {outcome}"
    bar.set_label(wrap(shown, 50), fontsize=9)
    bar.ax.tick_params(labelsize=8)
    notes = [] if outcome == "agreement" else [f"no run agreed: the share of runs ending in {outcome} instead"]
    if issue:
        notes = [f"{outcome} in every cell alike: the share of runs settling {names.issue(issue)} instead"]
    if len(result.factors) > 2:
        notes.append(pooled_words(len(result.factors) - 2))
    if lx.binned or ly.binned:
        notes.append("sampled values binned into groups of about equal size")
    notes.append(f"{count(len(ok), 'finished run')}" + (f", {result.failed} failed left out" if result.failed else ""))
    ax.set_title(wrap("; ".join(notes), 80), fontsize=8.5, loc="left", color="0.3")
    what = "share of runs that agree" if outcome == "agreement" else f"share of runs ending in {outcome}"
    what = shown if issue else what
    suptitle(fig, f"{names.scenario}: {what}, over two factors", 7.8)
    return fig


def _share_cells(ax, share: np.ndarray, n: np.ndarray):
    """Shares (rows, columns) as a heatmap with each cell's share written in it (and its count of runs where
    the counts differ); cells without runs say so. Returns the image, for its colour bar."""
    import matplotlib

    cmap = matplotlib.colormaps["cividis"].with_extremes(bad="0.88")
    im = ax.imshow(share, origin="lower", cmap=cmap, vmin=0, vmax=1, aspect="auto")
    varies = len(set(n[n > 0].ravel().tolist())) > 1
    small = share.size > 64
    for (r, c), v in np.ndenumerate(share):
        if np.isnan(v):
            ax.text(c, r, "no runs", ha="center", va="center", fontsize=7, color="0.4")
            continue
        text = f"{v:.0%}" + (f"\nn={n[r, c]}" if varies and not small else "")
        ax.text(c, r, text, ha="center", va="center", fontsize=7 if small else 8.5,
                color="black" if v > 0.55 else "white")  # fmt: skip
    return im
