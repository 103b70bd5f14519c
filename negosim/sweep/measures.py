"""A sweep's measures, declared once: what each outcome measure is called in the runs table and in words,
its scale, how a run's value is computed, its value in a failed run, and whether a sensitivity analysis ranks
the factors on it and a tornado draws it. The runs table (rows.py), the sensitivity measures (tables.py), the
EMA export (exports.py), the titles of the figures and the report read this registry.

A measure is one column, or one per issue (``settled_{}``) or per party (``utility_{}``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from negosim.words import plural

if TYPE_CHECKING:
    from negosim.engine.result import RunResult
    from negosim.space import Space
    from negosim.sweep.names import Names


@dataclass(frozen=True)
class Measure:
    """One measure of a sweep's runs."""

    key: str  # the column, with {} for the issue or party of a measure per issue or per party
    per: str  # "": one column; "issue" or "party": one per issue or per party
    scale: str  # "category", "rounds", "distance", "flag", "count", "value", "utility", "share"
    words: Callable[[Names, str], str]  # its title in figures and the report, from the names and the issue/party
    value: Callable[[RunResult, Any], Any] | None  # a finished run's value (for the issue index or party name)
    failed: Callable[[Space, int], Any] | None = None  # its value in a failed run's row (issue index)
    ranked: int | None = None  # its place among the measures a sensitivity analysis ranks factors on
    panel: int | None = None  # its place among a tornado's panels (the settled_ one a factor moves most)

    def columns(self, issues: list[str], parties: list[str]) -> list[str]:
        """Its columns in the runs table."""
        if not self.per:
            return [self.key]
        return [self.key.format(x) for x in (issues if self.per == "issue" else parties)]

    def matches(self, column: str) -> bool:
        head, _, tail = self.key.partition("{}")
        return column == self.key if not self.per else column.startswith(head) and column.endswith(tail)

    def item(self, column: str) -> str:
        """The issue or party a column of this measure is about."""
        return column.removeprefix(self.key.partition("{}")[0])


def _value(res: RunResult, k: int) -> Any:
    """The settled value of issue ``k`` as the scenario writes it ("" for an option not settled)."""
    from negosim.engine.describe import value

    v = res.settled[k]
    return "" if math.isnan(v) and res.space.discrete[k] else value(res.space, k, v)


def _nash_distance(res: RunResult) -> float:
    from negosim.engine.summary import distance_to

    d = distance_to(res, res.nash_point() if res.agreement is not None else None)
    return math.nan if d is None else d


#: Every measure of the runs table, in its order. ``agreement`` is the outcome's: no column of its own.
MEASURES = (
    Measure("outcome", "", "category", lambda n, _: "how the talks ended", lambda r, _: r.outcome,
            lambda s, k: "failed"),
    Measure("round", "", "rounds", lambda n, _: f"{plural(n.unit)} the talks last", lambda r, _: r.round,
            lambda s, k: -1, ranked=3, panel=2),
    Measure("final_distance", "", "distance", lambda n, _: f"final distance between the {n.moves}",
            lambda r, _: float(r.distance[-1]) if len(r.distance) else math.nan, ranked=5, panel=3),
    Measure("nash_distance", "", "distance", lambda n, _: "distance of the agreement to the Nash point",
            lambda r, _: _nash_distance(r)),
    Measure("durable", "", "flag", lambda n, _: "agreement durable without leverage", lambda r, _: r.durable(),
            lambda s, k: None),
    Measure("ripe_rounds", "", "count", lambda n, _: f"ripe {plural(n.unit)}",
            lambda r, _: int(np.count_nonzero(r.ripe)) if r.ripe is not None else 0, lambda s, k: -1),
    Measure("settled_{}", "issue", "flag", lambda n, i: f"share of runs settling {n.issue(i)}",
            lambda r, k: not math.isnan(r.settled[k]), lambda s, k: False, ranked=2, panel=4),
    Measure("value_{}", "issue", "value", lambda n, i: f"the outcome on {n.issue(i)}", _value,
            lambda s, k: "" if s.discrete[k] else math.nan, ranked=6),
    Measure("utility_{}", "party", "utility", lambda n, p: f"utility to {n.actor(p)}",
            lambda r, p: r.utilities[p], ranked=4, panel=5),
)  # fmt: skip
#: The share of runs that agree: derived from ``outcome``, first among the ranked measures and the panels.
AGREEMENT = Measure("agreement", "", "share", lambda n, _: "share of runs that agree", None, ranked=1, panel=1)


def every() -> tuple[Measure, ...]:
    """Every measure: the agreement, then the runs table's."""
    return (AGREEMENT, *MEASURES)


def measure_of(column: str) -> Measure | None:
    """The measure a column of the runs table or the sensitivity table belongs to."""
    return next((m for m in every() if m.matches(column)), None)


def title(column: str, names: Names) -> str:
    """How a figure or the report titles a measure's column."""
    m = measure_of(column)
    return column if m is None else m.words(names, m.item(column))


def row(res: RunResult) -> dict[str, Any]:
    """A finished run's value of every measure, by column."""
    s = res.space
    parties = [s.actors[a] for a in s.parties]
    out: dict[str, Any] = {}
    for m in MEASURES:
        items = range(s.n_issues) if m.per == "issue" else parties if m.per == "party" else [None]
        for col, item in zip(m.columns(list(s.issues), parties), items, strict=True):
            out[col] = m.value(res, item)  # type: ignore[misc]
    return out


def failed_row(space: Space) -> dict[str, Any]:
    """The measures of a run that raised: none but what says it failed."""
    parties = [space.actors[a] for a in space.parties]
    out: dict[str, Any] = {}
    for m in MEASURES:
        for k, col in enumerate(m.columns(list(space.issues), parties)):
            out[col] = m.failed(space, k) if m.failed is not None else math.nan
    return out


def ranked(issues: list[str], parties: list[str], values: list[str] = ()) -> list[str]:
    """The columns a sensitivity analysis ranks factors on, in order (``value_`` only for the issues in
    ``values``: a forecasting protocol's outcome, which every run has)."""
    out = []
    for m in sorted((m for m in every() if m.ranked is not None), key=lambda m: m.ranked):
        cols = m.columns(issues, parties)
        out += [c for c in cols if m.key != "value_{}" or m.item(c) in values]
    return out
