"""Behaviour-dependent tactics: concede as the others concede (Faratin, Sierra & Jennings 1998)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np

from negosim.engine.strategies.base import Strategy

if TYPE_CHECKING:
    from negosim.engine.agents import PartyAgent


class TitForTat(Strategy):
    """Imitates the others' last concession, measured in their own utility (Faratin et al. 1998, s. 4.3).

    ``absolute``: gives up as much utility as the others gave up (their mean, in their utility);
    ``relative``: gives up the same share of its room above its reservation as they gave up of
    theirs. Starts at its best package and never concedes first, so two tit-for-tat parties stay put.
    """

    name = "tit-for-tat"
    classifier: ClassVar[dict[str, object]] = {"family": "behaviour-dependent", "responsive": True, "stochastic": False}

    def __init__(self, best: float = 1.0, reservation: float = 0.0, mode: str = "absolute"):
        super().__init__(best, reservation)
        self.mode = mode
        self.level = best
        self.seen: dict[int, np.ndarray] = {}  # other party -> its offer when last looked at

    def update(self, agent: PartyAgent) -> None:
        m = agent.model
        s = m.space
        conceded = []
        for p, other in enumerate(m.parties):
            if p == agent.index or not m.has_offer[p]:
                continue
            now, before = m.offers[p], self.seen.get(p)
            if before is not None and not np.array_equal(now, before):
                a, d = other.actor, s.reservation[other.actor]
                u_before, u_now = s.utility(np.stack([before, now]))[a]
                gave = max(u_before - u_now, 0.0)
                conceded.append(gave / max(u_before - d, 1e-12) if self.mode == "relative" else gave)
            self.seen[p] = now.copy()
        if conceded:
            mean = float(np.mean(conceded))
            step = mean * (self.level - self.reservation) if self.mode == "relative" else mean
            self.level = self.clamp(self.level - step)
        agent.aspiration = agent.accept_at = self.level
