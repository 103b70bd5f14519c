"""Rubinstein's subgame-perfect equilibrium of alternating offers (Rubinstein 1982)."""

from __future__ import annotations

from typing import ClassVar

from negosim.engine.strategies.base import Strategy


def spe_share(own: float, other: float) -> float:
    """The proposer's SPE share of a unit pie: ``(1 - d_other) / (1 - d_own * d_other)`` (Rubinstein 1982)."""
    return (1.0 - other) / (1.0 - own * other)


class Rubinstein(Strategy):
    """Plays the stationary SPE with discount factors ``discount`` (own) and ``other`` per round.

    As proposer it demands its SPE share of the surplus above its reservation; as responder it
    accepts anything worth its discounted share as next proposer, ``d_own * x*_own``, which is
    exactly what the other's SPE offer leaves it: agreement in the first round (Rubinstein 1982,
    Econometrica 50:97).
    """

    name = "rubinstein"
    classifier: ClassVar[dict[str, object]] = {"family": "equilibrium", "responsive": False, "stochastic": False}

    def __init__(self, discount: float, other: float, best: float = 1.0, reservation: float = 0.0):
        super().__init__(best, reservation)
        self.discount, self.other = discount, other

    def _level(self, share: float) -> float:
        return self.reservation + share * (self.best - self.reservation)

    def aspiration(self, t: float) -> float:
        return self._level(spe_share(self.discount, self.other))

    def acceptance(self, t: float) -> float:
        return self._level(self.discount * spe_share(self.discount, self.other))
