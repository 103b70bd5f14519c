"""A mediator's single negotiating text (Raiffa 1982): the text is the only proposal; parties vote.

Each round the mediator drafts the Nash text inside every party's red lines as they stand (or says
why it can draft none); parties make no offers, and each party's *position*, the package it would
propose at its aspiration closest to the text, is recorded and drawn like an offer, never voted on.
Every vote is an event: an acceptance, or a rejection with its reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Literal

import numpy as np
from pydantic import Field

from negosim import events as ev
from negosim.protocols.base import Protocol, ProtocolParams
from negosim.strategies import tactics


class MediatedParams(ProtocolParams):
    """A mediator's single text: the mediator drafts, the parties vote (needs a `role: mediator` actor)."""

    name: Literal["mediated"] = Field(description="`mediated`")


class Mediated(Protocol):
    """Stages ``mediate`` (the mediator drafts; parties' positions follow) and ``settle`` (parties vote;
    the text is agreed when the decision rule holds)."""

    name: ClassVar[str] = "mediated"
    words: ClassVar[str] = "on a mediator's single text"
    move: ClassVar[str] = "position"
    has_text: ClassVar[bool] = True
    needs_mediator: ClassVar[bool] = True
    tactics: ClassVar[tuple[str, ...] | None] = tuple(tactics(family="time-dependent"))
    Params: ClassVar[type[ProtocolParams]] = MediatedParams
    proposed: bool = False  # the text on the table this round is the mediator's own proposal

    def stages(self) -> list[tuple[str, Callable[[], None]]]:
        return [("mediate", self.mediate), ("settle", self.settle)]

    @classmethod
    def unsupported(cls, tactic: str) -> str:
        names = list(cls.tactics or ())
        return (f"{tactic} does not work with the mediated protocol, where parties make no offers; use "
                f"{', '.join(names[:-1])} or {names[-1]}")  # fmt: skip

    def mediate(self) -> None:
        """Stage mediate: the mediator drafts a single negotiating text (Raiffa 1982)."""
        m = self.model
        mediator = next((x for x in m.mediators if x.actor not in m.shocks.away), None)
        self.proposed = False
        if mediator is None:  # the mediator has left (a shock): no text until one comes
            self.table.text = self.table.standing = None
            self.positions()
            return
        text = mediator.draft()
        own = mediator.proposal(text)
        self.proposed = own is not None
        if own is not None:  # its own package this round, in place of the text (model.md, section 7)
            m.emit(ev.Proposal(m.round + 1, mediator.name, m.space.as_dict(own)))
            text = own
        elif text is not None and (self.table.text is None or not np.allclose(text, self.table.text)):
            m.emit(ev.Text(m.round + 1, mediator.name, m.space.as_dict(text)))
        elif text is None and (self.table.text is not None or m.round == 0):  # say why, once, until a text comes
            m.emit(mediator.why_no_text())
        self.table.text = text
        if text is not None:
            m.stand(text)
        self.positions()

    def positions(self) -> None:
        """Each party's position: its package at its aspiration, closest to the text (or, without one,
        to the others' positions)."""
        m, text = self.model, self.table.text
        pending = np.array(
            [
                party.chooser.choose(party.aspiration, text[None, :], m.recorder.party_weight[party.index][None, :])
                if text is not None
                else party.offer()
                for party in m.parties
            ]
        )
        m.offers[:] = m.known[:] = pending
        m.has_offer[:] = True

    def settle(self) -> None:
        """All parties (or as many as the rule needs) accepting the text agrees it; each vote is an event."""
        m = self.model
        if self.table.text is None:
            return
        yes = np.array([m.standing_acceptable(p) for p in m.parties])
        what = "the mediator's own proposal" if self.proposed else "the mediator's text"
        for party, ok in zip(m.parties, yes, strict=True):
            m.emit(ev.Accept(m.round + 1, party.name, what) if ok
                   else ev.Reject(m.round + 1, party.name, self.why_not(party)))  # fmt: skip
        if self.rule.agreed(yes):
            m.agree()
        else:
            m.interim.settle()

    def why_not(self, party) -> str:
        """Why ``party`` rejects the text: a precondition it holds out for, a red line the text crosses
        (as it stands), or too little value."""
        m = self.model
        a, x, s = party.actor, self.table.standing, m.space
        if m.holding[party.index]:
            pc = next(pc for pc in m.pcs if pc.active and pc.requires and pc.holder == a)
            return f"its precondition {pc.id} is not met"
        line = s.crossed_line(a, x)
        return "worth too little to it yet" if line is None else f"crosses its red line {line}"
