"""Bargaining theory on a scenario's outcome space: Pareto frontier, Nash and Kalai-Smorodinsky
points for two parties, and Fearon's bargaining range.

The frontier of two parties i and j is traced without enumerating packages: for each utility
level a of i, the package inside both parties' red lines that is best for j given u_i >= a
(``OfferChooser.favour``, the same greedy that makes offers; exact on continuous issues with
linear values).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from negosim.engine.offers import OfferChooser
from negosim.engine.search import golden_max
from negosim.engine.space import EPS, Space


@dataclass(frozen=True)
class Point:
    """A package and the utilities (u_i, u_j) it gives the two parties."""

    package: np.ndarray
    utilities: tuple[float, float]


def fearon_range(p: float, cost_a: float, cost_b: float) -> tuple[float, float]:
    """Shares of side A that both sides prefer to war: ``[p - c_A, p + c_B]`` (Fearon 1995, IO 49:379)."""
    return (max(p - cost_a, 0.0), min(p + cost_b, 1.0))


def settlement_possible(expected_a: float, expected_b: float, cost_a: float, cost_b: float) -> bool:
    """Whether beliefs about p leave a deal: ``E_A[p] - E_B[p] <= c_A + c_B`` (Fearon 1995)."""
    return expected_a - expected_b <= cost_a + cost_b + EPS


class TwoParty:
    """The outcome space of parties ``i`` and ``j`` (actor indices), inside both their red lines."""

    def __init__(self, space: Space, i: int, j: int, disagreement: tuple[float, float] | None = None):
        self.space, self.i, self.j = space, i, j
        joint = _joint(space, i, j)
        self.chooser = OfferChooser(joint, i)
        self.d = (
            disagreement if disagreement is not None else (float(space.reservation[i]), float(space.reservation[j]))
        )
        self.empty = not _nonempty(joint, i)
        if not self.empty:
            self.low = self._at(-np.inf)  # best for j
            self.high = self._at(self.chooser.umax)  # best for i

    def _at(self, a: float) -> Point:
        x = self.chooser.favour(a, self.j)
        u = self.space.utility(x)
        return Point(x, (float(u[self.i]), float(u[self.j])))

    def frontier(self, n: int = 101) -> list[Point]:
        """``n`` points of the Pareto frontier, from j's best to i's best."""
        if self.empty:
            return []
        return [self._at(a) for a in np.linspace(self.low.utilities[0], self.high.utilities[0], n)]

    def nash(self) -> Point | None:
        """Maximises ``(u_i - d_i)(u_j - d_j)`` on the frontier (Nash 1950, Econometrica 18:155)."""
        lo = max(self.low.utilities[0], self.d[0]) if not self.empty else 0.0
        if self.empty or lo > self.high.utilities[0] or self._at(lo).utilities[1] < self.d[1]:
            return None

        def product(a: float) -> float:
            u = self._at(a).utilities
            return (u[0] - self.d[0]) * (u[1] - self.d[1])

        return self._at(golden_max(product, lo, self.high.utilities[0]))

    def kalai_smorodinsky(self) -> Point | None:
        """The frontier point where both gains are the same share of each party's best gain
        (Kalai & Smorodinsky 1975, Econometrica 43:513)."""
        if self.empty:
            return None
        best = (self.high.utilities[0] - self.d[0], self.low.utilities[1] - self.d[1])
        if best[0] <= 0 or best[1] <= 0:
            return None

        def gap(a: float) -> float:
            u = self._at(a).utilities
            return (u[0] - self.d[0]) / best[0] - (u[1] - self.d[1]) / best[1]

        lo, hi = max(self.low.utilities[0], self.d[0]), self.high.utilities[0]
        for _ in range(100):  # gap rises with a: bisection
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if gap(mid) < 0 else (lo, mid)
        return self._at((lo + hi) / 2)


def _joint(space: Space, i: int, j: int) -> Space:
    """A copy of ``space`` where actor i's red lines are the intersection of i's and j's."""
    lo, hi, allowed = space.lo.copy(), space.hi.copy(), space.allowed.copy()
    lo[i], hi[i] = np.maximum(lo[i], lo[j]), np.minimum(hi[i], hi[j])
    allowed[i] &= allowed[j]
    return dataclasses.replace(space, lo=lo, hi=hi, allowed=allowed, cache={})


def _nonempty(space: Space, i: int) -> bool:
    """Whether some package lies inside actor i's (joint) red lines."""
    lo = np.maximum(space.lo[i], space.low)
    hi = np.minimum(space.hi[i], space.low + space.width)
    cont_ok = (lo <= hi + EPS) | space.discrete
    disc_ok = space.allowed[i].any(axis=-1) | ~space.discrete
    return bool((cont_ok & disc_ok).all())
