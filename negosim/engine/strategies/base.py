"""What every concession strategy provides."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from negosim.engine.agents import PartyAgent


class Strategy:
    """A party's concession rule: the utility it demands when proposing and accepts when responding.

    ``best`` is the party's highest utility inside its own red lines, ``reservation`` its utility
    of no agreement; both bound what a strategy may demand. Time-dependent strategies implement
    ``aspiration(t)`` (and ``acceptance(t)``); responsive ones override ``update(agent)``, which
    reads the offers on the table and is called again at each of the party's turns.
    """

    name = "strategy"
    classifier: ClassVar[dict[str, object]] = {"responsive": False}

    def __init__(self, best: float = 1.0, reservation: float = 0.0):
        self.best = best
        self.reservation = min(reservation, best)

    def aspiration(self, t: float) -> float:
        """The utility the party demands in its offer at time ``t`` in [0, 1]."""
        raise NotImplementedError

    def acceptance(self, t: float) -> float:
        """The least utility the party accepts at time ``t``; by default what it demands."""
        return self.aspiration(t)

    def update(self, agent: PartyAgent) -> None:
        """Set the agent's ``aspiration`` and ``accept_at`` for this round."""
        t = agent.model.clock
        agent.aspiration = self.aspiration(t)
        agent.accept_at = self.acceptance(t)

    def clamp(self, level: float) -> float:
        """A level kept between the reservation and the best reachable utility."""
        return min(max(level, self.reservation), self.best)
