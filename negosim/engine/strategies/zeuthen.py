"""Zeuthen's principle: the party with less to lose from a breakdown concedes (Zeuthen 1930; Harsanyi 1956)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np

from negosim.engine.search import golden_max, last_true
from negosim.engine.strategies.base import Strategy

if TYPE_CHECKING:
    from negosim.engine.agents import PartyAgent


class Zeuthen(Strategy):
    """Two parties; each round compare risk limits ``r_i = (u_i(x_i) - u_i(x_j)) / (u_i(x_i) - d_i)``.

    The party with the smaller risk limit (equivalently, whose offer has the smaller Nash product
    of gains, Harsanyi 1956, Econometrica 24:144) concedes along its trade-off path until its offer's
    product beats the other's, by at least ``step`` of the gap between the offers and never past
    the peak of the product; once the gap is within 2% of its room it goes to the peak. Both
    parties playing it meet at the Nash bargaining solution in a few dozen turns.
    """

    name = "zeuthen"
    classifier: ClassVar[dict[str, object]] = {"family": "risk-dominance", "responsive": True, "stochastic": False}

    def __init__(self, best: float = 1.0, reservation: float = 0.0, step: float = 0.2):
        super().__init__(best, reservation)
        self.step = step
        self.level = best
        self.seen: tuple[bytes, bytes] | None = None  # the two offers last compared

    def update(self, agent: PartyAgent) -> None:
        m = agent.model
        other = next(p for p in m.parties if p is not agent)
        pair = (m.offers[agent.index].tobytes(), m.offers[other.index].tobytes())
        if m.has_offer[agent.index] and m.has_offer[other.index] and pair != self.seen:
            self.seen = pair  # concede at most once per new pair of offers
            self.level = self._next_level(agent, other)
        agent.aspiration = agent.accept_at = self.level

    def _next_level(self, agent: PartyAgent, other: PartyAgent) -> float:
        m, s = agent.model, agent.model.space
        i, j, d_i, d_j = agent.actor, other.actor, agent.reservation, other.reservation
        theirs = m.offers[other.index]
        u = s.utility(np.stack([m.offers[agent.index], theirs]))
        product_theirs = (u[i, 1] - d_i) * (u[j, 1] - d_j)
        if (u[i, 0] - d_i) * (u[j, 0] - d_j) > product_theirs + 1e-12:
            return self.level  # the other has the smaller risk limit: it concedes

        def product(level: float) -> float:  # Nash product of my offer at this aspiration
            x = agent.chooser.choose(level, theirs[None, :], s.weight[[j]])
            v = s.utility(x)
            return (v[i] - d_i) * (v[j] - d_j)

        floor = max(u[i, 1], d_i)
        if floor >= self.level:
            return self.level
        peak = golden_max(product, floor, self.level, tol=1e-7)
        if self.level - floor <= 0.02 * max(self.best - d_i, 1e-9):
            return self.clamp(peak)  # close enough: meet at the product's peak
        flip = last_true(lambda level: product(level) >= product_theirs, peak, self.level, iterations=30)
        least = self.level - self.step * (self.level - floor)
        return self.clamp(max(min(flip, least), peak))
