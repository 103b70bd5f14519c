"""What every concession strategy provides."""

from __future__ import annotations

from typing import ClassVar


class Strategy:
    """A party's concession rule: the utility it demands when proposing and accepts when responding.

    ``best`` is the party's highest utility inside its own red lines, ``reservation`` its utility
    of no agreement; both bound what a strategy may demand.
    """

    name = "strategy"
    classifier: ClassVar[dict[str, object]] = {}

    def __init__(self, best: float = 1.0, reservation: float = 0.0):
        self.best = best
        self.reservation = min(reservation, best)

    def aspiration(self, t: float) -> float:
        """The utility the party demands in its offer at time ``t`` in [0, 1]."""
        raise NotImplementedError

    def acceptance(self, t: float) -> float:
        """The least utility the party accepts at time ``t``; by default what it demands."""
        return self.aspiration(t)
