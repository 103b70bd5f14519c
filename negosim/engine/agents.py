"""Mesa agents of a negotiation. Agents hold their strategy; the shared state lives in the model."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from negosim.engine.offers import OfferChooser
from negosim.engine.space import EPS
from negosim.engine.strategies import make_strategy

if TYPE_CHECKING:
    from negosim.engine.model import NegotiationModel


class PartyAgent(mesa.Agent):
    """A party at the table: concedes by its tactic, offers trade-offs, accepts what clears its bar."""

    model: NegotiationModel

    def __init__(self, model: NegotiationModel, index: int, actor: int):
        super().__init__(model)
        space = model.space
        self.index = index  # position among the parties (row of the model's offer arrays)
        self.actor = actor  # index into space.actors
        self.name = space.actors[actor]
        self.chooser = OfferChooser.of(space, actor)
        actors = model.spec.actors
        others = [actors[p].strategy for p in model.spec.parties if p != self.name]
        self.strategy = make_strategy(
            actors[self.name].strategy, best=self.chooser.umax, reservation=space.reservation[actor], others=others
        )
        self.aspiration = self.chooser.umax
        self.accept_at = self.chooser.umax
        self.reservation = float(space.reservation[actor])

    def aspire(self) -> None:
        """Stage aspire: set what the party demands and what it accepts, by its strategy."""
        self.strategy.update(self)

    @property
    def bar(self) -> float:
        """The least utility this party accepts now: its strategy's level, never below its reservation."""
        return max(self.accept_at, self.reservation)

    def offer(self) -> np.ndarray:
        """The trade-off package at the current aspiration, closest to the other parties' offers."""
        targets, weights = self.model.targets(self.index)
        return self.chooser.choose(self.aspiration, targets, weights)

    def turn(self) -> None:
        """Stage propose under ``alternating``: accept the standing offer or replace it."""
        m = self.model
        if m.settled:
            return
        if self.strategy.classifier.get("responsive"):
            self.strategy.update(self)  # react to offers made earlier in this round
        if m.standing is not None and m.proposer != self.index and m.standing_acceptable(self):
            m.accept(self.index)
            return
        m.propose(self.index, self.offer())

    def propose(self) -> None:
        """Stage propose under ``simultaneous``: an offer from last round's offers."""
        self.model.pending[self.index] = self.offer()

    def respond(self) -> None:
        """Stage respond under ``simultaneous``: mark which of this round's offers are acceptable."""
        m = self.model
        m.votes[self.index] = m.offers_ok[self.actor] & (m.offers_u[self.actor] >= self.bar - EPS)
