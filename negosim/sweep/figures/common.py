"""What the sweep's figures share: one colour and marker per outcome, the levels a factor groups runs
by, shares with their intervals, labels that fit."""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from negosim.plots.style import OKABE_ITO
from negosim.words import count

if TYPE_CHECKING:
    import pandas as pd

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
        index = {hashable(v): n for n, v in enumerate(self.values)}
        return np.array([index[hashable(v)] for v in column], dtype=int)

    def axis(self, ax) -> None:
        if self.numeric:
            pad = 0.06 * ((max(self.x) - min(self.x)) or 1.0)
            ax.set_xlim(min(self.x) - pad, max(self.x) + pad)
            if len(self.x) <= 8 and not self.binned:
                ax.set_xticks(self.x, self.labels, fontsize=8)
            else:
                ax.tick_params(axis="x", labelsize=8)
        else:
            crowded = is_crowded(self.labels, 7)
            ax.set_xticks(self.x, self.labels, fontsize=8, rotation=30 if crowded else 0,
                          ha="right" if crowded else "center")  # fmt: skip
            ax.set_xlim(-0.5, len(self.x) - 0.5)


def levels_of(column: pd.Series, factor: Factor) -> Levels:
    """Each distinct value of ``column`` (a factor's design order where it has values), or BINS bins of
    about equal size when a numeric factor takes more than MAX_LEVELS values."""
    distinct = list(dict.fromkeys(hashable(v) for v in column))
    if factor.values is not None:
        order = [hashable(v) for v in factor.values]
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
        return Levels([float(v) for v in values], [value_text(v) for v in values], True, False, values)
    labels = [short_text(value_text(v), 20) for v in distinct]
    return Levels([float(n) for n in range(len(distinct))], labels, False, False, distinct)


def finished_runs(runs: pd.DataFrame) -> pd.DataFrame:
    return runs[runs["error_type"] == ""] if len(runs) else runs


def shares_with_interval(hits: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from negosim.sweep.tables import wilson

    share = np.where(n > 0, hits / np.maximum(n, 1), np.nan)
    bounds = np.array([wilson(int(k), int(m)) for k, m in zip(hits, n, strict=True)]).reshape(-1, 2)
    return share, bounds[:, 0], bounds[:, 1]


def pooled_words(others: int) -> str:
    return "runs at every value of the other factor pooled" if others == 1 else (
        f"runs at every value of the other {others} factors pooled")  # fmt: skip


def dodge(x: list[float]) -> float:
    """How far apart the outcomes' markers stand at one level, so their intervals do not hide each other."""
    if len(x) < 2:
        return 0.02
    return 0.012 * (max(x) - min(x))


def none_agreed(ok: pd.DataFrame) -> str:
    if not len(ok):
        return "no run finished"
    shares = ok["outcome"].value_counts(normalize=True)
    parts = ", ".join(f"{share:.0%} {o}" for o, share in shares.items())
    return f"no run reached an agreement\n({count(len(ok), 'finished run')}: {parts})"


def sensitivity_key(design: str) -> str:
    return "mu_star" if design == "morris" else "ST"


def wrap_label(text: str) -> str:
    """A factor's label in at most two lines of LABEL_WIDTH characters, cut with an ellipsis."""
    lines = textwrap.wrap(str(text), LABEL_WIDTH) or [str(text)]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), LABEL_WIDTH, placeholder="…")]
    return "\n".join(lines)


def short_text(text: str, width: int) -> str:
    text = str(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def is_crowded(labels: list[str], limit: int, width: float = 7.0) -> bool:
    """Whether tick labels would run into each other side by side (about 11 characters an inch at 8 pt)."""
    return len(labels) > limit or sum(len(t) for t in labels) > width * 11


def value_text(v: Any) -> str:
    if isinstance(v, bool | np.bool_):
        return str(bool(v)).lower()
    if isinstance(v, int | np.integer):
        return str(int(v))
    if isinstance(v, float | np.floating):
        return f"{float(v):.4g}"
    return str(v)


def hashable(v: Any) -> Any:
    if isinstance(v, np.ndarray | list | tuple):
        return str(list(v))
    if isinstance(v, dict):
        return str(v)
    if isinstance(v, np.generic):
        return v.item()
    return v


def percent_axis():
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(1.0, decimals=0)
