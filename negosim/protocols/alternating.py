"""Alternating offers (Rubinstein 1982; stacked for n parties, Aydogan et al. 2017): parties move in a
fixed order, each accepting the standing offer or replacing it with its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Literal

from pydantic import Field

from negosim import events as ev
from negosim.protocols.base import Protocol, ProtocolParams


class AlternatingParams(ProtocolParams):
    """Alternating offers: each party in turn accepts the standing offer or replaces it."""

    name: Literal["alternating"] = Field(description="`alternating`")


class Alternating(Protocol):
    """Stages ``propose`` (each party's turn, in order) and ``settle``; a package is agreed when the
    decision rule holds among those who accepted it (its proposer included)."""

    name: ClassVar[str] = "alternating"
    words: ClassVar[str] = "alternating offers"
    answers_in_turn: ClassVar[bool] = True
    Params: ClassVar[type[ProtocolParams]] = AlternatingParams

    def stages(self) -> list[tuple[str, Callable[[], None]]]:
        return [("propose", self.turns), ("settle", self.settle)]

    def turns(self) -> None:
        self.model.party_set.do(self.turn)

    def turn(self, party) -> None:
        """One party's turn: accept the standing offer, or put its own on the table."""
        m = self.model
        if m.agreement is not None:
            return
        if party.waits_for_turn:
            party.move()  # answer the offers made so far, this round included
        if self.table.standing is not None and self.table.proposer != party.index and m.standing_acceptable(party):
            self.table.accepted[party.index] = True
            m.emit(ev.Accept(m.round + 1, party.name))
            if self.rule.agreed(self.table.accepted):
                m.agree()
            return
        self.propose(party.index, party.offer())

    def propose(self, p: int, x) -> None:
        """Party ``p`` puts ``x`` on the table as the new standing offer."""
        m = self.model
        m.offers[p] = m.known[p] = x
        m.has_offer[p] = True
        m.stand(x)
        self.table.proposer = p
        self.table.accepted[:] = False
        self.table.accepted[p] = m.standing_acceptable(m.parties[p])  # False if x is below p's value of no deal
        m.emit(ev.Offer(m.round + 1, m.parties[p].name, m.space.as_dict(x), float(self.table.u[m.parties[p].actor])))
        if self.rule.agreed(self.table.accepted):  # a quota its proposer's weight alone carries
            m.agree()

    def settle(self) -> None:
        if self.model.agreement is None:
            self.model.interim.settle()
