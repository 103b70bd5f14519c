"""Rubinstein's subgame-perfect equilibrium of alternating offers (Rubinstein 1982)."""

from __future__ import annotations

from typing import ClassVar

from negosim.engine.strategies.base import Strategy


class Rubinstein(Strategy):
    """Plays the stationary subgame-perfect equilibrium of alternating offers (Rubinstein 1982).

    ``demand`` is what the party keeps when it proposes, ``accept`` the least it takes as responder
    (``d + delta (demand - d)``), both from ``TwoParty.rubinstein`` on the two parties' frontier; on
    the unit pie without reservations they are ``x* = (1 - d_other) / (1 - d_own d_other)`` and
    ``d_own x*``, and the first proposal is accepted at once (Econometrica 50:97).
    """

    name = "rubinstein"
    classifier: ClassVar[dict[str, object]] = {"family": "equilibrium", "responsive": False, "stochastic": False}

    def __init__(self, demand: float, accept: float, best: float = 1.0, reservation: float = 0.0):
        super().__init__(best, reservation)
        self.demand, self.accept = demand, accept

    def aspiration(self, t: float) -> float:
        return self.demand

    def acceptance(self, t: float) -> float:
        return self.accept
