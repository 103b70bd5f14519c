"""Figures of a sweep, one function per figure, each returning a matplotlib Figure (no I/O).

Every figure reads a SweepResult alone: its runs, summary, sensitivity and manifest. Issue, option and
actor names come from the scenario file the manifest names when it can still be read there, else the
ids stand in for them. Shares are of the runs that finished (failed runs are left out and counted).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.figure import Figure

from negosim.engine.events import ENDINGS
from negosim.plots.style import OKABE_ITO, figure, nothing_to_draw, suptitle, wrap
from negosim.sweep.names import Names, measure_name, names_of
from negosim.words import count, plural

if TYPE_CHECKING:
    import pandas as pd

    from negosim.sweep.api import SweepResult
    from negosim.sweep.factors import Factor

#: One colour (Okabe-Ito) and marker per outcome, the same in every sweep figure.
OUTCOME_COLORS = {"agreement": OKABE_ITO[2], "partial": OKABE_ITO[5], "breakdown": OKABE_ITO[1],
                  "stalemate": OKABE_ITO[4], "deadline": OKABE_ITO[3]}  # fmt: skip
OUTCOME_WORDS = {
    "agreement": "agreement",
    "partial": "partial (interim agreements only)",
    "breakdown": "breakdown",
    "stalemate": "stalemate",
    "deadline": "deadline (nothing settled)",
}
MARKERS = {"agreement": "o", "partial": "s", "breakdown": "X", "stalemate": "D", "deadline": "^"}
#: A factor with more distinct values than this is binned (sampled designs) into BINS groups of equal size.
MAX_LEVELS = 12
BINS = 6
#: Outcome-share figures drawn at most (the factors that move the outcome most, with a sensitivity design).
SHARE_FIGURES = 4
#: Factors a tornado panel shows at most, and the measures it has panels for at most.
TOP = 10
PANELS = 6
LABEL_WIDTH = 34  # characters a line of a factor's label in a tornado, two lines at most


# --- which figures a sweep has -------------------------------------------------------------------------------


def figures_for(result: SweepResult, names: Names | None = None) -> dict[str, Callable[[], Figure]]:
    """Every figure that applies to ``result``, by file name, in the order the report shows them:
    ``outcome_shares_<n>`` for the factor numbered n (1-based, manifest order; at most SHARE_FIGURES,
    the factors that move agreement most first), ``terms_<n>`` for those of them that move the week or
    the terms of agreement (:func:`moving_terms`), ``outcome_map`` with two factors or more,
    ``agreement_rounds``, ``settled_values``, and ``sensitivity`` for a Morris or Sobol design."""
    names = names or names_of(result)
    if not len(result.runs):
        return {}
    factors = result.factors
    ranked = ranked_factors(result)
    out: dict[str, Callable[[], Figure]] = {}
    for f in sorted(ranked[:SHARE_FIGURES], key=factors.index):
        out[f"outcome_shares_{factors.index(f) + 1}"] = partial(outcome_shares, result, f, names=names)
        if any(moving_terms(result, f, names)):
            out[f"terms_{factors.index(f) + 1}"] = partial(terms, result, f, names=names)
    if len(factors) >= 2:
        out["outcome_map"] = partial(outcome_map, result, ranked[0], ranked[1], names=names)
    out["agreement_rounds"] = partial(agreement_rounds, result, names=names)
    out["settled_values"] = partial(settled_values, result, names=names)
    if result.sensitivity is not None and len(result.sensitivity):
        out["sensitivity"] = partial(sensitivity, result, names=names)
    return out


def ranked_factors(result: SweepResult) -> list[Factor]:
    """The factors, those that move the outcome most first: by the sensitivity of agreement, then of
    every measure (each scaled to its largest), for a Morris or Sobol design; else in manifest order."""
    factors = result.factors
    table = result.sensitivity
    if table is None or not len(table):
        return factors
    key = _key(result.design)
    scaled = table.assign(v=table[key].fillna(0.0).clip(lower=0.0))
    top = scaled.groupby("measure")["v"].transform("max")
    scaled = scaled.assign(v=np.where(top > 0, scaled["v"] / top.where(top > 0, 1.0), 0.0))
    agree = scaled[scaled["measure"] == "agreement"].set_index("factor")["v"]
    overall = scaled.groupby("factor")["v"].mean()
    score = {f.path: (float(agree.get(f.path, 0.0)), float(overall.get(f.path, 0.0))) for f in factors}
    return sorted(factors, key=lambda f: (-score[f.path][0], -score[f.path][1], factors.index(f)))


# --- (a) the share of each outcome against one factor ---------------------------------------------------------


@figure
def outcome_shares(result: SweepResult, factor: Factor, names: Names | None = None) -> Figure:
    """The share of finished runs ending in each outcome (those that occur) at each value of ``factor``,
    with 95% Wilson intervals; below, the share settling each issue whose share moves with the factor
    (an outcome alone hides a ceasefire that pressure settles); runs at other factors' values pooled; a
    sampled factor binned."""
    names = names or names_of(result)
    ok = _finished(result.runs)
    levels = _levels(ok[factor.path] if len(ok) else result.runs[factor.path], factor)
    moving = _moving_issues(ok, levels, factor) if len(ok) else []
    fig = Figure(figsize=(7.8, 7.4 if moving else 4.6), layout="constrained")
    if moving:
        ax, below = fig.subplots(2, 1, sharex=True, height_ratios=(1.2, 1))
    else:
        ax, below = fig.subplots(), None
    seen = [o for o in ENDINGS if (ok["outcome"] == o).any()] if len(ok) else []
    keys = levels.keys(ok[factor.path]) if len(ok) else None
    n = np.array([int((keys == k).sum()) for k in range(len(levels))]) if keys is not None else np.zeros(0)
    step = _dodge(levels.x) if levels.numeric else 0.08
    for m, o in enumerate(seen):
        hits = np.array([int(((keys == k) & (ok["outcome"] == o)).sum()) for k in range(len(levels))])
        share, lo, hi = _shares(hits, n)
        x = np.asarray(levels.x, dtype=float) + (m - (len(seen) - 1) / 2) * step
        yerr = [np.clip(share - lo, 0, None), np.clip(hi - share, 0, None)]
        ax.errorbar(x, share, yerr=yerr, color=OUTCOME_COLORS[o], marker=MARKERS[o], ms=6, lw=1.8, capsize=3,
                    ls="-" if levels.numeric else "none", label=OUTCOME_WORDS[o])  # fmt: skip
    if not seen:
        nothing_to_draw(ax, "no run finished: nothing to count")
    ax.set_ylim(-0.03, 1.03)
    ax.yaxis.set_major_formatter(_percent())
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
        notes.append(_pooled(others))
    if result.design in ("morris", "sobol") and others:
        notes.append(f"a {result.design} design moves the others with it: differences between levels are not this "
                     "factor's effect alone (the sensitivity figure measures that)")  # fmt: skip
    if levels.binned:
        notes.append(f"binned into {len(levels)} groups of about equal size, each at its mean")
    if result.failed:
        notes.append(f"{result.failed} failed left out")
    ax.set_title(wrap("; ".join(notes), 100), fontsize=8.5, loc="left", color="0.3")
    suptitle(fig, f"{names.scenario}: outcome by {_short(factor.name, 60)}", 7.8)
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
        share, lo, hi = _shares(hits, n)
        x = np.asarray(levels.x, dtype=float) + (m - (len(issues) - 1) / 2) * step
        yerr = [np.clip(share - lo, 0, None), np.clip(hi - share, 0, None)]
        ax.errorbar(x, share, yerr=yerr, color=OKABE_ITO[m % len(OKABE_ITO)], marker="o", ms=5, lw=1.6, capsize=3,
                    ls="-" if levels.numeric else "none", label=names.issue(iid))  # fmt: skip
    ax.set_ylim(-0.03, 1.03)
    ax.yaxis.set_major_formatter(_percent())
    ax.set_ylabel("share of runs settling it", fontsize=9)
    ax.tick_params(labelsize=8)
    ax.grid(alpha=0.25)
    ax.set_title("issues settled (agreed, or in an interim agreement), where that moves with the factor",
                 fontsize=8.5, loc="left", color="0.3")  # fmt: skip
    ax.legend(fontsize=8, frameon=False, ncols=min(3, len(issues)), loc="upper center", bbox_to_anchor=(0.5, -0.2))


# --- (a') the week and terms of agreement against one factor ------------------------------------------------


#: The least change in a mean, between two values of a factor, that a terms figure is drawn for: a share of
#: the issue's range for a settled value, rounds for the week of agreement.
TERMS_MOVE, WEEKS_MOVE = 0.01, 0.25


def moving_terms(result: SweepResult, factor: Factor, names: Names | None = None) -> tuple[bool, list[str]]:
    """Whether the mean week of agreement differs between the factor's values by WEEKS_MOVE or more (at two
    or more values where some run agreed), and the continuous issues whose mean settled value differs by
    TERMS_MOVE of the issue's range or more."""
    names = names or names_of(result)
    ok = _finished(result.runs)
    if not len(ok):
        return False, []
    levels = _levels(ok[factor.path], factor)
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
    ok = _finished(result.runs)
    levels = _levels(ok[factor.path], factor)
    keys = levels.keys(ok[factor.path])
    week, issues = moving_terms(result, factor, names)
    panels = int(week) + int(bool(issues))
    fig = Figure(figsize=(7.8, 1.6 + 2.9 * panels), layout="constrained")
    axes = list(np.atleast_1d(fig.subplots(panels, 1, sharex=True)))
    step = _dodge(levels.x) if levels.numeric else 0.08

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
        axes[0].set_title(wrap(f"{axes[0].get_title(loc='left')}; {_pooled(others)}", 100), fontsize=8.5, loc="left",
                          color="0.3")  # fmt: skip
    suptitle(fig, f"{names.scenario}: the deal by {_short(factor.name, 60)}", 7.8)
    return fig


# --- (b) a heatmap over two factors ---------------------------------------------------------------------------


@figure
def outcome_map(result: SweepResult, fx: Factor, fy: Factor, names: Names | None = None) -> Figure:
    """The share of agreement in each cell of two factors (runs at other factors' values pooled; sampled
    factors binned); when no run agrees, the share of the most frequent outcome; when that share is the
    same in every cell but an issue's settling is not, the share settling that issue; the title says which."""
    names = names or names_of(result)
    ok = _finished(result.runs)
    fig = Figure(figsize=(7.8, 6.0), layout="constrained")
    ax = fig.subplots()
    if not len(ok):
        nothing_to_draw(ax, "no run finished: nothing to count")
        suptitle(fig, f"{names.scenario}: outcome over two factors", 7.8)
        return fig
    outcome = "agreement" if (ok["outcome"] == "agreement").any() else ok["outcome"].value_counts().index[0]
    lx, ly = _levels(ok[fx.path], fx), _levels(ok[fy.path], fy)
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
    ax.set_xticks(range(len(lx)), lx.labels, fontsize=8, rotation=30 if _crowded(lx.labels, 8) else 0,
                  ha="right" if _crowded(lx.labels, 8) else "center")  # fmt: skip
    ax.set_yticks(range(len(ly)), ly.labels, fontsize=8)
    ax.set_xlabel(wrap(fx.name, 80), fontsize=9)
    ax.set_ylabel(wrap(fy.name, 50), fontsize=9)
    bar = fig.colorbar(im, ax=ax, shrink=0.85, format=_percent())
    shown = f"share of runs settling {names.issue(issue)}" if issue else f"share of runs ending in {outcome}"
    bar.set_label(wrap(shown, 50), fontsize=9)
    bar.ax.tick_params(labelsize=8)
    notes = [] if outcome == "agreement" else [f"no run agreed: the share of runs ending in {outcome} instead"]
    if issue:
        notes = [f"{outcome} in every cell alike: the share of runs settling {names.issue(issue)} instead"]
    if len(result.factors) > 2:
        notes.append(_pooled(len(result.factors) - 2))
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


# --- (c) agreement rounds -------------------------------------------------------------------------------------


@figure
def agreement_rounds(result: SweepResult, names: Names | None = None) -> Figure:
    """How many rounds the runs that agreed took: a histogram over all design points, the median marked."""
    names = names or names_of(result)
    ok = _finished(result.runs)
    agreed = ok.loc[ok["outcome"] == "agreement", "round"].to_numpy(dtype=float) if len(ok) else np.zeros(0)
    fig = Figure(figsize=(7.8, 4.0), layout="constrained")
    ax = fig.subplots()
    unit = plural(names.unit)
    if len(agreed):
        lo, hi = int(agreed.min()), int(agreed.max())
        width = max(1, math.ceil((hi - lo + 1) / 40))
        edges = np.arange(lo - 0.5, hi + width + 0.5, width)
        ax.hist(agreed, bins=edges, color=OUTCOME_COLORS["agreement"], edgecolor="white", lw=0.6)
        med = float(np.median(agreed))
        ax.axvline(med, color="black", ls="--", lw=1.2, label=f"median {med:g}")
        ax.legend(fontsize=8, frameon=False)
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(f"{len(agreed)} of {count(len(ok), 'finished run')} agreed", fontsize=8.5, loc="left",
                     color="0.3")  # fmt: skip
    else:
        nothing_to_draw(ax, _none_agreed(ok))
        ax.set_xticks([])
        ax.set_yticks([])
    ax.set_xlabel(f"{unit} until agreement", fontsize=9)
    ax.tick_params(labelsize=8)
    ax.set_ylabel("runs", fontsize=9)
    ax.grid(alpha=0.25)
    suptitle(fig, f"{names.scenario}: how long agreement took", 7.8)
    return fig


# --- (d) settled values ---------------------------------------------------------------------------------------


@figure
def settled_values(result: SweepResult, names: Names | None = None) -> Figure:
    """One panel per issue settled in some run: where it was settled (agreed, or in an interim agreement),
    stacked by the run's outcome; a histogram for a continuous issue, counts of options for a discrete one."""
    names = names or names_of(result)
    ok = _finished(result.runs)
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
    labels = [_short(opt, 24) for opt in options]
    crowded = _crowded(labels, 6 if len(options) > 1 else 99, width=5.0)
    ax.set_xticks(x, [wrap(t, 14) for t in labels] if not crowded else labels, fontsize=8,
                  rotation=30 if crowded else 0, ha="right" if crowded else "center")  # fmt: skip
    ax.set_xlabel("option settled", fontsize=9)
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="y", labelsize=8)


# --- (e) sensitivity ------------------------------------------------------------------------------------------


@figure
def sensitivity(result: SweepResult, names: Names | None = None) -> Figure:
    """A tornado per main measure that some factor moves (agreement, rounds, final distance, the settled issue
    moved most, each party's utility): the factors that move it most by Morris mu* (with its 95% confidence)
    or Sobol total index ST (S1 inside it), largest at the top; the measures no factor moves named below."""
    names = names or names_of(result)
    table = result.sensitivity
    if table is None:
        raise ValueError("this sweep has no sensitivity analysis (a Morris or Sobol design has one)")
    kind = result.design
    key = _key(kind)
    measures = main_measures(result)
    moved = [m for m in measures if (table.loc[table["measure"] == m, key].fillna(0) > 0).any()]
    still = [m for m in measures if m not in moved]
    panels = moved or measures[:1]
    ncols = 1 if len(panels) <= 1 else 2
    nrows = max(1, math.ceil(len(panels) / ncols))
    shown = min(TOP, len(result.factors))
    width = 6.4 * ncols if ncols > 1 else 7.8
    fig = Figure(figsize=(width, 1.5 + (0.75 + 0.34 * shown) * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax, m in zip(axes, panels, strict=False):
        _tornado(ax, table[table["measure"] == m], kind, shown)
        ax.set_title(wrap(measure_name(m, names), 48), fontsize=10, loc="left")
    for ax in axes[len(panels) :]:
        ax.set_axis_off()
    how = ("bars: Morris mu*, the mean absolute elementary effect (the change a step of the factor makes in the "
           "measure, per whole range of the factor); whiskers: its 95% confidence" if kind == "morris" else
           "light bars: Sobol total index ST, with its 95% confidence; dark bars: first-order index S1")  # fmt: skip
    how = wrap(how, int(width * 13))
    if moved and still:
        how += "\n" + wrap(f"no factor moved: {', '.join(measure_name(m, names) for m in still)}", int(width * 13))
    fig.supxlabel(how, fontsize=8, color="0.3")
    more = f"; at most the {shown} of {len(result.factors)} factors that move each most" if shown < len(
        result.factors) else ""  # fmt: skip
    suptitle(fig, f"{names.scenario}: what moves each outcome measure most ({kind} design{more})", width)
    return fig


def main_measures(result: SweepResult) -> list[str]:
    """The measures a tornado has panels for: agreement, rounds, final distance, the settled_<issue> a factor
    moves most (if any moves one), each party's utility; PANELS at most, those in the table only."""
    table = result.sensitivity
    if table is None:
        return []
    have = list(dict.fromkeys(table["measure"]))
    key = _key(result.design)
    out = [m for m in ("agreement", "round", "final_distance") if m in have]
    settled = table[table["measure"].str.startswith("settled_")]
    if len(settled) and settled[key].fillna(0).max() > 0:
        out.append(str(settled.loc[settled[key].fillna(0).idxmax(), "measure"]))
    out += [f"utility_{p}" for p in result.manifest.get("parties", []) if f"utility_{p}" in have]
    return out[:PANELS]


def _tornado(ax, rows, kind: str, shown: int) -> None:
    key = _key(kind)
    rows_all = rows
    computed = rows[key].notna().any()
    moved = rows[rows[key].fillna(0.0) > 0]
    rows = moved.sort_values([key, "factor"], ascending=[False, True], kind="stable").head(shown)
    values = rows[key].to_numpy(dtype=float)
    if not len(rows):
        nothing_to_draw(ax, "no factor moved this measure" if computed else "not computed (a point had no run)")
        ax.set_xticks([])
        ax.set_yticks([])
        return
    if len(moved) < shown:
        ax.text(0.99, 0.02, f"only {len(moved)} of {len(rows_all)} factors moved it", transform=ax.transAxes,
                ha="right", va="bottom", fontsize=7, color="0.35")  # fmt: skip
    y = shown - 1 - np.arange(len(rows))  # the largest at the top, every panel's bars the same height
    labels = [_label(t) for t in rows["label"]]
    whiskers = {"xerr": np.nan_to_num(rows[f"{key}_conf"].to_numpy(dtype=float)),
                "error_kw": {"lw": 1, "capsize": 2, "ecolor": "0.25"}}  # fmt: skip
    if kind == "morris":
        ax.barh(y, values, color=OKABE_ITO[0], height=0.65, **whiskers)
        ax.set_xlabel("mu*", fontsize=8)
    else:
        ax.barh(y, values, color=OKABE_ITO[5], height=0.7, **whiskers)
        ax.barh(y, rows["S1"].to_numpy(dtype=float).clip(min=0), color=OKABE_ITO[0], height=0.35)
        ax.set_xlabel("Sobol index (light: ST, dark: S1)", fontsize=8)
    ax.set_yticks(y, labels, fontsize=7.5)
    ax.set_ylim(-0.6, shown - 0.4)
    ax.set_xlim(0, None)
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(alpha=0.25, axis="x")


# --- helpers --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Levels:
    """The values of a factor a figure groups runs by: each distinct value, or bins of a sampled factor."""

    x: list[float]  # where each level stands on the axis
    labels: list[str]
    numeric: bool
    binned: bool
    values: list[Any] = field(default_factory=list)  # the distinct values (not binned)
    edges: np.ndarray | None = None  # the bins' edges (binned)

    def __len__(self) -> int:
        return len(self.labels)

    def keys(self, column: pd.Series) -> np.ndarray:
        """The level of each value of ``column``."""
        if self.binned:
            v = column.to_numpy(dtype=float)
            return np.clip(np.searchsorted(self.edges, v, side="right") - 1, 0, len(self.labels) - 1)
        index = {_hashable(v): n for n, v in enumerate(self.values)}
        return np.array([index[_hashable(v)] for v in column], dtype=int)

    def axis(self, ax) -> None:
        if self.numeric:
            pad = 0.06 * ((max(self.x) - min(self.x)) or 1.0)
            ax.set_xlim(min(self.x) - pad, max(self.x) + pad)
            if len(self.x) <= 8 and not self.binned:
                ax.set_xticks(self.x, self.labels, fontsize=8)
            else:
                ax.tick_params(axis="x", labelsize=8)
        else:
            crowded = _crowded(self.labels, 7)
            ax.set_xticks(self.x, self.labels, fontsize=8, rotation=30 if crowded else 0,
                          ha="right" if crowded else "center")  # fmt: skip
            ax.set_xlim(-0.5, len(self.x) - 0.5)


def _levels(column: pd.Series, factor: Factor) -> Levels:
    """Each distinct value of ``column`` (a factor's design order where it has values), or BINS bins of
    about equal size when a numeric factor takes more than MAX_LEVELS values."""
    distinct = list(dict.fromkeys(_hashable(v) for v in column))
    if factor.values is not None:
        order = [_hashable(v) for v in factor.values]
        distinct = [v for v in order if v in set(distinct)] + [v for v in distinct if v not in set(order)]
    numeric = all(isinstance(v, int | float | np.number) and not isinstance(v, bool | np.bool_) for v in distinct)
    numeric = numeric and all(math.isfinite(float(v)) for v in distinct)
    if numeric and len(distinct) > MAX_LEVELS:
        v = column.to_numpy(dtype=float)
        edges = np.unique(np.quantile(v, np.linspace(0, 1, BINS + 1)))
        keys = np.clip(np.searchsorted(edges, v, side="right") - 1, 0, len(edges) - 2)
        x = [float(v[keys == k].mean()) if (keys == k).any() else float((edges[k] + edges[k + 1]) / 2)
             for k in range(len(edges) - 1)]  # fmt: skip
        labels = [f"{edges[k]:.3g}–{edges[k + 1]:.3g}" for k in range(len(edges) - 1)]
        return Levels(x, labels, True, True, edges=edges)
    if numeric:
        values = sorted(distinct, key=float)
        return Levels([float(v) for v in values], [_fmt(v) for v in values], True, False, values)
    return Levels([float(n) for n in range(len(distinct))], [_short(_fmt(v), 20) for v in distinct], False, False,
                  distinct)  # fmt: skip


def _finished(runs: pd.DataFrame) -> pd.DataFrame:
    return runs[runs["error_type"] == ""] if len(runs) else runs


def _shares(hits: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from negosim.sweep.tables import wilson

    share = np.where(n > 0, hits / np.maximum(n, 1), np.nan)
    bounds = np.array([wilson(int(k), int(m)) for k, m in zip(hits, n, strict=True)]).reshape(-1, 2)
    return share, bounds[:, 0], bounds[:, 1]


def _pooled(others: int) -> str:
    return "runs at every value of the other factor pooled" if others == 1 else (
        f"runs at every value of the other {others} factors pooled")  # fmt: skip


def _dodge(x: list[float]) -> float:
    """How far apart the outcomes' markers stand at one level, so their intervals do not hide each other."""
    if len(x) < 2:
        return 0.02
    return 0.012 * (max(x) - min(x))


def _none_agreed(ok: pd.DataFrame) -> str:
    if not len(ok):
        return "no run finished"
    shares = ok["outcome"].value_counts(normalize=True)
    parts = ", ".join(f"{share:.0%} {o}" for o, share in shares.items())
    return f"no run reached an agreement\n({count(len(ok), 'finished run')}: {parts})"


def _key(design: str) -> str:
    return "mu_star" if design == "morris" else "ST"


def _label(text: str) -> str:
    """A factor's label in at most two lines of LABEL_WIDTH characters, cut with an ellipsis."""
    lines = textwrap.wrap(str(text), LABEL_WIDTH) or [str(text)]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), LABEL_WIDTH, placeholder="…")]
    return "\n".join(lines)


def _short(text: str, width: int) -> str:
    text = str(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _crowded(labels: list[str], limit: int, width: float = 7.0) -> bool:
    """Whether tick labels would run into each other side by side (about 11 characters an inch at 8 pt)."""
    return len(labels) > limit or sum(len(t) for t in labels) > width * 11


def _fmt(v: Any) -> str:
    if isinstance(v, bool | np.bool_):
        return str(bool(v)).lower()
    if isinstance(v, int | np.integer):
        return str(int(v))
    if isinstance(v, float | np.floating):
        return f"{float(v):.4g}"
    return str(v)


def _hashable(v: Any) -> Any:
    if isinstance(v, np.ndarray | list | tuple):
        return str(list(v))
    if isinstance(v, dict):
        return str(v)
    if isinstance(v, np.generic):
        return v.item()
    return v


def _percent():
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(1.0, decimals=0)


__all__ = ["agreement_rounds", "figures_for", "main_measures",
           "moving_terms", "outcome_map", "outcome_shares", "ranked_factors", "sensitivity", "settled_values",
           "terms"]  # fmt: skip
