"""Zeuthen's principle: the party with less to lose from a breakdown concedes (Zeuthen 1930; Harsanyi 1956)."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field

from negosim.numeric import golden_max, last_true
from negosim.strategies.base import Observation, Params, Strategy

#: Within this share of its room from the other's offer, a party goes straight to the product's peak.
SNAP = 0.02
#: Packages a party concedes through in one turn at most, on a grid of options.
MAX_STEPS = 32
#: Halvings of the search for the next package down (a level to within 2^-40 of the range).
ITERATIONS = 40
#: How far below what its offer gives a party looks for its next package.
BELOW = 1e-8


class ZeuthenParams(Params):
    """Zeuthen: the party with the smaller risk limit concedes (two parties)."""

    tactic: Literal["zeuthen"] = Field(description="`zeuthen`")
    step: float = Field(0.2, gt=0, le=1, description="least concession, as a share of the gap between offers")

    def how(self) -> str:
        return f"least step {self.step:g} of the gap"


class Zeuthen(Strategy):
    """Two parties; each round compare risk limits ``r_i = (u_i(x_i) - u_i(x_j)) / (u_i(x_i) - d_i)``.

    The party with the smaller risk limit (equivalently, whose offer has the smaller Nash product
    of gains, Harsanyi 1956, Econometrica 24:144) concedes along its trade-off path until its offer's
    product beats the other's, by at least ``step`` of the gap between the offers and never past
    the peak of the product; once the gap is within ``SNAP`` of its room it goes to the peak. Both
    parties playing it meet at the Nash bargaining solution in a few dozen turns.
    """

    name: ClassVar[str] = "zeuthen"
    classifier: ClassVar[dict[str, Any]] = {"family": "risk-dominance", "offers": True, "parties": 2,
                                            "responsive": True, "clock": False}  # fmt: skip
    Params: ClassVar[type[Params]] = ZeuthenParams

    def __init__(self, params: ZeuthenParams, best: float = 1.0, no_deal: float = 0.0, **kw: Any):
        super().__init__(params, best, no_deal)
        self.step = params.step
        self.level = best
        self.seen: tuple[bytes, bytes] | None = None  # the two offers last compared

    def update(self, obs: Observation) -> tuple[float, float]:
        self.no_deal = min(float(obs.no_deal[obs.me]), self.best)
        j = 1 - obs.me
        pair = (obs.offers[obs.me].tobytes(), obs.offers[j].tobytes())
        if obs.has_offer[obs.me] and obs.has_offer[j] and pair != self.seen:
            self.seen = pair  # concede at most once per new pair of offers
            self.level = self._next_level(obs, j)
        return self.level, self.level

    def _next_level(self, obs: Observation, j: int) -> float:
        i, d_i, d_j = obs.me, float(obs.no_deal[obs.me]), float(obs.no_deal[j])
        theirs = obs.offers[j]
        u = obs.utility(np.stack([obs.offers[i], theirs]))
        product_theirs = (u[i, 1] - d_i) * (u[j, 1] - d_j)
        if (u[i, 0] - d_i) * (u[j, 0] - d_j) > product_theirs + 1e-12:
            return self.level  # the other has the smaller risk limit: it concedes

        def nash(x: np.ndarray) -> float:  # the Nash product of package x
            v = obs.utility(x)
            return (v[i] - d_i) * (v[j] - d_j)

        def product(level: float) -> float:  # of my offer at this aspiration
            return nash(obs.offer_at(level))

        floor = max(u[i, 1], d_i)
        if floor >= self.level:
            return self.level
        if obs.finite:  # finitely many packages: concede one package at a time
            return self._next_package(obs, floor, nash, product_theirs)
        peak = golden_max(product, floor, self.level, tol=1e-7)
        if self.level - floor <= SNAP * max(self.best - d_i, 1e-9):
            return self.clamp(peak)  # close enough: meet at the product's peak
        flip = last_true(lambda level: product(level) >= product_theirs, peak, self.level, iterations=30)
        least = self.level - self.step * (self.level - floor)
        new = self.clamp(max(min(flip, least), peak))
        if np.array_equal(obs.offer_at(new), obs.offers[i]):  # options on some issue: the level moved, the
            new = self._next_package(obs, floor, nash, product_theirs)  # offer did not; concede to the next
        return new

    def _next_package(self, obs: Observation, floor: float, nash, product_theirs: float) -> float:
        """Concede package by package down the trade-off path (a package as good for this party but better
        for the other first): at least until this offer's Nash product exceeds the other's, so that the
        other must concede next (Zeuthen 1930), then on while the concession is short of ``step`` of the
        gap and the product still grows (never past its peak). On a grid of options this closes the last
        gap; at most ``MAX_STEPS`` packages a turn."""
        i, now, level = obs.me, obs.offers[obs.me], self.level
        least = self.level - self.step * (self.level - floor)
        for _ in range(MAX_STEPS):
            top = min(level, float(obs.utility(now)[i])) - BELOW
            if top <= floor:
                break
            below = last_true(lambda x, now=now: not np.array_equal(obs.offer_at(x), now), floor, top, ITERATIONS)
            step = obs.offer_at(below)
            if np.array_equal(step, now):
                break  # no other package below this one on the path
            flipped = nash(now) > product_theirs + 1e-12
            if flipped and (level <= least or nash(step) < nash(now)):
                break  # the other must concede next, and this is far enough, or the product's peak
            now, level = step, float(obs.utility(step)[i])
        return self.clamp(max(level, floor))
