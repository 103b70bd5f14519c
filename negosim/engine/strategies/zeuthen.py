"""Zeuthen's principle: the party with less to lose from a breakdown concedes (Zeuthen 1930; Harsanyi 1956)."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field

from negosim.engine.search import golden_max, last_true
from negosim.engine.strategies.base import Observation, Params, Strategy

#: Within this share of its room from the other's offer, a party goes straight to the product's peak.
SNAP = 0.02


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

        def product(level: float) -> float:  # Nash product of my offer at this aspiration
            v = obs.utility(obs.offer_at(level))
            return (v[i] - d_i) * (v[j] - d_j)

        floor = max(u[i, 1], d_i)
        if floor >= self.level:
            return self.level
        peak = golden_max(product, floor, self.level, tol=1e-7)
        if self.level - floor <= SNAP * max(self.best - d_i, 1e-9):
            return self.clamp(peak)  # close enough: meet at the product's peak
        flip = last_true(lambda level: product(level) >= product_theirs, peak, self.level, iterations=30)
        least = self.level - self.step * (self.level - floor)
        return self.clamp(max(min(flip, least), peak))
