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

from negosim.numeric import EPS, golden_max, last_true
from negosim.space import Space
from negosim.space.offers import OfferChooser


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
    """The outcome space of parties ``i`` and ``j`` (actor indices), inside both their red lines.

    Points are found along the frontier, parametrised by i's utility level ``a``; j's utility falls
    as ``a`` rises. Deals both prefer to no deal (``u >= d``) lie between ``a_min`` and ``a_max``.
    """

    SCAN = 201  # frontier points scanned before refining: discrete frontiers are staircases

    def __init__(self, space: Space, i: int, j: int, disagreement: tuple[float, float] | None = None):
        self.space, self.i, self.j = space, i, j
        joint = _joint(space, i, j)
        self.chooser = OfferChooser(joint, i)
        self.d = (
            disagreement if disagreement is not None else (float(space.reservation[i]), float(space.reservation[j]))
        )
        self.empty = not _nonempty(joint, i)
        self.rational: tuple[float, float] | None = None  # [a_min, a_max], or None without such deals
        if not self.empty:
            self.low = self._at(-np.inf)  # best for j
            self.high = self._at(self.chooser.umax)  # best for i
            a_min = max(self.low.utilities[0], self.d[0])
            if a_min <= self.high.utilities[0] + EPS and self._at(a_min).utilities[1] >= self.d[1] - EPS:
                a_max = last_true(
                    lambda a: self._at(a).utilities[1] >= self.d[1] - 1e-12, a_min, self.high.utilities[0]
                )
                self.rational = (a_min, a_max)

    def _at(self, a: float) -> Point:
        x = self.chooser.favour(a, self.j)
        u = self.space.utility(x)
        return Point(x, (float(u[self.i]), float(u[self.j])))

    def frontier(self, n: int = 101) -> list[Point]:
        """``n`` points of the Pareto frontier, from j's best to i's best."""
        if self.empty:
            return []
        return [self._at(a) for a in np.linspace(self.low.utilities[0], self.high.utilities[0], n)]

    def utopia(self) -> tuple[float, float] | None:
        """Each party's best utility among deals both prefer to no deal, or None without such deals."""
        if self.rational is None:
            return None
        return self._at(self.rational[1]).utilities[0], self._at(self.rational[0]).utilities[1]

    def nash(self) -> Point | None:
        """Maximises ``(u_i - d_i)(u_j - d_j)`` on the frontier (Nash 1950, Econometrica 18:155)."""
        if self.rational is None:
            return None

        def product(a: float) -> float:
            u = self._at(a).utilities
            return (u[0] - self.d[0]) * (u[1] - self.d[1])

        levels = np.linspace(*self.rational, self.SCAN)
        k = int(np.argmax([product(a) for a in levels]))
        refined = golden_max(product, levels[max(k - 1, 0)], levels[min(k + 1, self.SCAN - 1)])
        return self._at(max((levels[k], refined), key=product))

    def rubinstein(self, discount_i: float, discount_j: float) -> tuple[float, float, float, float] | None:
        """Stationary SPE of alternating offers on this frontier (Rubinstein 1982; Binmore, Rubinstein &
        Wolinsky 1986): i's proposal x and j's proposal y with
        ``u_j(x) = d_j + delta_j (u_j(y) - d_j)`` and ``u_i(y) = d_i + delta_i (u_i(x) - d_i)``.

        Returns (u_i(x), u_i(y), u_j(y), u_j(x)): what each demands as proposer and accepts as responder.
        """
        if self.rational is None:
            return None
        (d_i, d_j), f = self.d, lambda a: self._at(a).utilities[1]

        def y_level(a: float) -> float:  # i's utility in j's proposal, given i's proposal level a
            return d_i + discount_i * (a - d_i)

        # j's utility of i's proposal falls faster in a than the discounted value of its own proposal
        a = last_true(lambda a: f(a) >= d_j + discount_j * (f(y_level(a)) - d_j) - 1e-12, *self.rational)
        return a, y_level(a), f(y_level(a)), f(a)

    def kalai_smorodinsky(self, top: tuple[float, float] | None = None) -> Point | None:
        """The frontier point where both gains are the same share of each party's best gain among deals
        both prefer to no deal (Kalai & Smorodinsky 1975, Econometrica 43:513); ``top``: those best
        utilities where they come from a larger space than this one."""
        if self.rational is None:
            return None
        top = self.utopia() if top is None else top
        span = (top[0] - self.d[0], top[1] - self.d[1])
        if span[0] <= EPS or span[1] <= EPS:
            return self.nash()  # a single deal is acceptable to both: it is the point

        def shares(a: float) -> tuple[float, float]:
            u = self._at(a).utilities
            return (u[0] - self.d[0]) / span[0], (u[1] - self.d[1]) / span[1]

        lo, hi = self.rational
        for _ in range(60):  # i's share rises and j's falls with a: bisection on their difference
            mid = (lo + hi) / 2
            s_i, s_j = shares(mid)
            lo, hi = (mid, hi) if s_i < s_j else (lo, mid)
        return self._at(max((lo, hi), key=lambda a: min(shares(a))))  # on a staircase, the fairer step


class Branches:
    """The outcome space of parties ``i`` and ``j`` where conditional red lines make it a union of boxes
    (``Space.branches``): each point is the best of the boxes' (``TwoParty`` each)."""

    def __init__(self, space: Space, i: int, j: int, disagreement: tuple[float, float] | None = None):
        self.space, self.i, self.j = space, i, j
        self.parts = [TwoParty(b, i, j, disagreement) for b in space.branches([i, j])]
        self.d = (
            disagreement if disagreement is not None else (float(space.reservation[i]), float(space.reservation[j]))
        )

    def frontier(self, n: int = 101) -> list[Point]:
        """The points of every box's frontier no other dominates, by i's utility rising."""
        points = sorted(
            (p for part in self.parts for p in part.frontier(n)), key=lambda p: (p.utilities[0], -p.utilities[1])
        )
        out: list[Point] = []
        for p in reversed(points):  # from i's best down: keep a point only if j gains on every kept one
            if not out or p.utilities[1] > out[-1].utilities[1] + EPS:
                out.append(p)
        return out[::-1]

    def utopia(self) -> tuple[float, float] | None:
        tops = [t for part in self.parts if (t := part.utopia()) is not None]
        return (max(t[0] for t in tops), max(t[1] for t in tops)) if tops else None

    def nash(self) -> Point | None:
        """The boxes' Nash point with the largest product of gains."""
        points = [n for part in self.parts if (n := part.nash()) is not None]
        return max(points, key=lambda p: (p.utilities[0] - self.d[0]) * (p.utilities[1] - self.d[1]), default=None)

    def kalai_smorodinsky(self) -> Point | None:
        """Each box's point of equal shares of the union's best gains; the one furthest out."""
        top = self.utopia()
        if top is None:
            return None
        span = (max(top[0] - self.d[0], EPS), max(top[1] - self.d[1], EPS))
        points = [k for part in self.parts if (k := part.kalai_smorodinsky(top)) is not None]

        def least(p: Point) -> float:
            return min((p.utilities[0] - self.d[0]) / span[0], (p.utilities[1] - self.d[1]) / span[1])

        return max(points, key=least, default=None)


def two_party(space: Space, i: int, j: int, disagreement: tuple[float, float] | None = None) -> TwoParty | Branches:
    """The outcome space of parties ``i`` and ``j``: ``Branches`` where either holds a conditional red line."""
    if any(c.actor in (i, j) for c in space.conditional):
        return Branches(space, i, j, disagreement)
    return TwoParty(space, i, j, disagreement)


def _joint(space: Space, i: int, j: int) -> Space:
    """A copy of ``space`` where actor i's red lines are the intersection of i's and j's."""
    lo, hi, allowed = space.lo.copy(), space.hi.copy(), space.allowed.copy()
    lo[i], hi[i] = np.maximum(lo[i], lo[j]), np.minimum(hi[i], hi[j])
    allowed[i] &= allowed[j]
    return dataclasses.replace(space, lo=lo, hi=hi, allowed=allowed)


def _nonempty(space: Space, i: int) -> bool:
    """Whether some package lies inside actor i's (joint) red lines."""
    lo = np.maximum(space.lo[i], space.low)
    hi = np.minimum(space.hi[i], space.low + space.width)
    cont_ok = (lo <= hi + EPS) | space.discrete
    disc_ok = space.allowed[i].any(axis=-1) | ~space.discrete
    return bool((cont_ok & disc_ok).all())
