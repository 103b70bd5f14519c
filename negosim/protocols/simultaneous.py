"""Simultaneous offers: every party proposes each round; a package the decision rule accepts settles."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Literal

import numpy as np
from pydantic import Field

from negosim import events as ev
from negosim.numeric import EPS
from negosim.protocols.base import Protocol, ProtocolParams


class SimultaneousParams(ProtocolParams):
    """Simultaneous offers: every party proposes each round; an offer enough parties accept settles."""

    name: Literal["simultaneous"] = Field(description="`simultaneous`")


class Simultaneous(Protocol):
    """Stages ``propose`` (every party, from last round's offers), ``respond`` (each marks the offers it
    accepts) and ``settle``: of the offers the decision rule agrees, the one with the largest Nash
    product of the gains of the parties who accept it over their values of no deal."""

    name: ClassVar[str] = "simultaneous"
    words: ClassVar[str] = "simultaneous offers"
    Params: ClassVar[type[ProtocolParams]] = SimultaneousParams

    def __init__(self, model, params):
        super().__init__(model, params)
        P = len(model.space.parties)
        self.pending = np.full((P, model.space.n_issues), np.nan)
        self.votes = np.zeros((P, P), dtype=bool)  # (voter, offer)

    def stages(self) -> list[tuple[str, Callable[[], None]]]:
        return [("propose", self.propose), ("respond", self.respond), ("settle", self.settle)]

    def propose(self) -> None:
        m = self.model
        m.party_set.do(self._pending)
        m.offers[:] = m.known[:] = self.pending
        m.has_offer[:] = True
        self.table.standing = None
        self.u, self.ok = m.space.utility(m.offers), m.space.feasible(m.offers)  # (A, P)
        self.bonus = m.host_bonus(m.offers)
        for party in m.parties:
            x = m.offers[party.index]
            m.emit(ev.Offer(m.round + 1, party.name, m.space.as_dict(x), float(self.u[party.actor, party.index])))

    def _pending(self, party) -> None:
        """A party's offer this round, from last round's offers."""
        self.pending[party.index] = party.offer()

    def respond(self) -> None:
        self.model.party_set.do(self._vote)

    def _vote(self, party) -> None:
        """Which of this round's offers ``party`` accepts."""
        m, a = self.model, party.actor
        ok = self.ok[a] & (self.u[a] + m.carrot[a] + self.bonus >= party.bar - EPS)
        ok = ok & m.ratifiable(party.index, m.offers)  # after a veto: what its principals would ratify (s. 15)
        self.votes[party.index] = ok & (not m.holding[party.index])

    def settle(self) -> None:
        m = self.model
        agreed = self.rule.agreed(self.votes)
        if not np.any(agreed):
            m.interim.settle()
            return
        gains = np.maximum(self.u[m.space.parties] - m.batna[m.space.parties, None], 0.0)  # (voter, offer)
        nash = np.where(agreed, np.prod(np.where(self.votes, gains, 1.0), axis=0), -np.inf)  # of those for it
        m.stand(m.offers[int(np.argmax(nash))].copy())
        m.agree()
