"""The per-round series of a run, declared once: what the recorder stores each round, the RunResult field
that holds it, and its column(s) in history.parquet, from which the history is written and read back
(docs/reference/outputs.md). The red lines as they stood, the war and a protocol's own data have columns
of their own shapes (history.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

    from negosim.engine.model import NegotiationModel
    from negosim.engine.result import RunResult
    from negosim.space import Space


@dataclass(frozen=True)
class Series:
    """One per-round series. ``shape``: ``party`` (R, P); ``actor`` (R, A), the parties' written; ``round`` (R,)
    and ``issue`` (R, K), on every party's row of the round; ``offer`` (R, P, K), a column per issue."""

    field: str  # the recorder's array and the RunResult field ("" for a column derived from the result)
    column: str  # its history column ("offer_{}": one per issue)
    shape: str
    take: Callable[[NegotiationModel], Any] | None  # the round's value at collect; None leaves the row as it was
    dtype: type = float
    kept: Callable[[NegotiationModel], bool] = lambda m: True  # whether the result keeps it at all
    derive: Callable[[RunResult], np.ndarray] | None = None  # a column the result's fields make
    late: bool = False  # its columns come after the red lines' and the protocol's own (the mediator's text)

    def allocate(self, R: int, P: int, K: int, A: int) -> np.ndarray:
        size = {"party": (P,), "actor": (A,), "round": (), "issue": (K,), "offer": (P, K)}[self.shape]
        return np.zeros((R, *size), dtype=bool) if self.dtype is bool else np.full((R, *size), np.nan)

    def write(self, values: np.ndarray, space: Space, R: int, P: int) -> dict[str, np.ndarray]:
        """The columns of ``values`` (R rounds of this series), one row per (round, party)."""
        if self.shape == "offer":
            return {self.column.format(iid): values[:, :, k].ravel() for k, iid in enumerate(space.issues)}
        if self.shape == "issue":
            return {self.column.format(iid): np.repeat(values[:, k], P) for k, iid in enumerate(space.issues)}
        if self.shape == "actor":
            return {self.column: values[:, space.parties].ravel()}
        return {self.column: np.repeat(values, P) if self.shape == "round" else values.ravel()}

    def read(self, hist: pd.DataFrame, space: Space, R: int, P: int) -> np.ndarray | None:
        """This series from a history table (None where the table has no column of it)."""
        first = self.column.format(space.issues[0]) if "{}" in self.column else self.column
        if first not in hist:
            return None

        def col(name: str) -> np.ndarray:
            return hist[name].to_numpy(dtype=self.dtype).reshape(R, P)

        if self.shape in ("offer", "issue"):
            cols = [col(self.column.format(iid)) for iid in space.issues]
            if not R:
                return np.zeros((0, P, space.n_issues) if self.shape == "offer" else (0, space.n_issues))
            return np.stack(cols if self.shape == "offer" else [c[:, 0] for c in cols], axis=-1)
        if self.shape == "actor":
            out = np.full((R, len(space.actors)), np.nan)
            out[:, space.parties] = col(self.column)
            return out
        return col(self.column)[:, 0] if self.shape == "round" else col(self.column)


def _own_offer(res: RunResult) -> np.ndarray:
    """The utility of each party's own offer, to itself, by round."""
    s = res.space
    R, P, _ = res.offers.shape
    own = np.full((R, P), np.nan)
    for p, a in enumerate(s.parties):
        made = ~np.isnan(res.offers[:, p, 0])
        own[made, p] = s.utility(res.offers[made, p, :])[a]
    return own


def _standing_utility(m: NegotiationModel) -> np.ndarray | None:
    table = m.protocol.table
    return None if table.standing is None else table.u


#: Every per-round series, in the history's column order.
SERIES = (
    Series("offers", "offer_{}", "offer", lambda m: m.offers),
    Series("aspiration", "aspiration", "party", lambda m: [p.aspiration for p in m.parties]),
    Series("", "utility_own_offer", "party", None, derive=_own_offer),
    Series("standing_utility", "utility_standing", "actor", _standing_utility),
    Series("distance", "distance", "round", lambda m: m.recorder.distance()),
    Series("batna_history", "no_deal_value", "actor", lambda m: m.batna),
    Series("ripe", "ripe", "round", lambda m: m.recorder.ripe_now(), bool),
    Series("text", "text_{}", "issue", lambda m: m.protocol.table.text, kept=lambda m: m.with_text, late=True),
)  # fmt: skip
#: The series the recorder stores (the others derive from the result).
RECORDED = tuple(s for s in SERIES if s.take is not None)
