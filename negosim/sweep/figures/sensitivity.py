"""What moves each outcome measure most: a tornado per measure (Morris or Sobol)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure

from negosim.plots.style import OKABE_ITO, figure, nothing_to_draw, suptitle, wrap
from negosim.sweep.figures.common import PANELS, TOP, sensitivity_key, wrap_label
from negosim.sweep.measures import title
from negosim.sweep.names import Names, names_of

if TYPE_CHECKING:
    from negosim.sweep.api import SweepResult


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
    key = sensitivity_key(kind)
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
        ax.set_title(wrap(title(m, names), 48), fontsize=10, loc="left")
    for ax in axes[len(panels) :]:
        ax.set_axis_off()
    how = ("bars: Morris mu*, the mean absolute elementary effect (the change a step of the factor makes in the "
           "measure, per whole range of the factor); whiskers: its 95% confidence" if kind == "morris" else
           "light bars: Sobol total index ST, with its 95% confidence; dark bars: first-order index S1")  # fmt: skip
    how = wrap(how, int(width * 13))
    if moved and still:
        how += "\n" + wrap(f"no factor moved: {', '.join(title(m, names) for m in still)}", int(width * 13))
    fig.supxlabel(how, fontsize=8, color="0.3")
    more = f"; at most the {shown} of {len(result.factors)} factors that move each most" if shown < len(
        result.factors) else ""  # fmt: skip
    suptitle(fig, f"{names.scenario}: what moves each outcome measure most ({kind} design{more})", width)
    return fig


def main_measures(result: SweepResult) -> list[str]:
    """The measures a tornado has panels for, in the registry's panel order (measures.py): agreement, rounds,
    final distance, the settled_<issue> a factor moves most (if any moves one), each party's utility; PANELS at
    most, those in the table only."""
    from negosim.sweep.measures import every

    table = result.sensitivity
    if table is None:
        return []
    have = list(dict.fromkeys(table["measure"]))
    key = sensitivity_key(result.design)
    out: list[str] = []
    for m in sorted((m for m in every() if m.panel is not None), key=lambda m: m.panel):
        cols = [c for c in m.columns(result.manifest["issues"], result.manifest.get("parties", [])) if c in have]
        if m.per == "issue":  # the one a factor moves most, if any moves one
            part = table[table["measure"].isin(cols)]
            cols = (
                [str(part.loc[part[key].fillna(0).idxmax(), "measure"])]
                if len(part) and part[key].fillna(0).max() > 0
                else []
            )
        out += cols
    return out[:PANELS]


def _tornado(ax, rows, kind: str, shown: int) -> None:
    key = sensitivity_key(kind)
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
    labels = [wrap_label(t) for t in rows["label"]]
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
