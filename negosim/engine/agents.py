"""Mesa agents of a negotiation. Agents hold their strategy; the shared state lives in the model."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from negosim.engine.offers import OfferChooser
from negosim.engine.redlines import bridge
from negosim.engine.space import EPS, single_peaked
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
        spec = model.spec.actors[self.name].strategy
        equilibrium = self._rubinstein(model) if spec.tactic == "rubinstein" else ()
        self.strategy = make_strategy(
            spec, best=self.chooser.umax, reservation=space.reservation[actor], equilibrium=equilibrium
        )
        self.aspiration = self.chooser.umax
        self.accept_at = self.chooser.umax
        self.reservation = float(space.reservation[actor])
        self.responsive = bool(self.strategy.classifier.get("responsive"))

    def _rubinstein(self, model: NegotiationModel) -> tuple[float, float]:
        """(demand, accept) of this party in the SPE with the other party (validation ensures two)."""
        from negosim.analysis import TwoParty

        other = next(p for p in model.spec.parties if p != self.name)
        spe = TwoParty(model.space, self.actor, model.space.actors.index(other)).rubinstein(
            model.spec.actors[self.name].strategy.discount, model.spec.actors[other].strategy.discount
        )
        return () if spe is None else (spe[0], spe[1])

    def aspire(self) -> None:
        """Stage aspire: set what the party demands and what it accepts, by its strategy.

        Under ``alternating`` a responsive strategy waits for its turn, to answer the latest offers.
        """
        self.reservation = float(self.model.batna[self.actor])  # pressure may have lowered it
        self.strategy.reservation = min(self.reservation, self.strategy.best)
        if not (self.responsive and self.model.spec.protocol == "alternating"):
            self.strategy.update(self)

    def rebuild(self, space, best: float) -> None:
        """Offer from ``space`` from now on (bounds changed); ``best`` is the best the party can still get."""
        self.chooser = self.chooser.rebound(space)
        self.strategy.best = best
        self.strategy.reservation = min(self.strategy.reservation, best)

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
        if self.responsive:
            self.strategy.update(self)  # answer the offers made so far, this round included
        if m.standing is not None and m.proposer != self.index and m.standing_acceptable(self):
            m.accept(self.index)
            return
        m.propose(self.index, self.offer())

    def propose(self) -> None:
        """Stage propose under ``simultaneous``: an offer from last round's offers."""
        self.model.pending[self.index] = self.offer()

    def respond(self) -> None:
        """Stage respond under ``simultaneous``: mark which of this round's offers are acceptable."""
        m, a = self.model, self.actor
        ok = m.offers_ok[a] & (m.offers_u[a] + m.carrot[a] + m.offers_bonus >= self.bar - EPS)
        m.votes[self.index] = ok & (not m.holding[self.index])


class MediatorAgent(mesa.Agent):
    """A mediator: drafts the single negotiating text that maximises the Nash product of the parties'
    gains over their current no-deal values, inside every party's red lines as they stand and with
    the issues settled so far (Raiffa 1982; Nash 1950). Where the red lines leave no common value on
    an issue, the text lies in the gap between them, and the parties it crosses reject it."""

    model: NegotiationModel

    def __init__(self, model: NegotiationModel, actor: int):
        super().__init__(model)
        self.actor = actor
        self.name = model.space.actors[actor]
        self._drafts: dict[bytes, np.ndarray | None] = {}  # text by the parties' no-deal values

    def draft(self) -> np.ndarray | None:
        """The text for this round, or None when no text gives every party more than no deal."""
        from negosim.analysis import TwoParty, nash_package

        m = self.model
        parties = m.space.parties
        s = bridge(m.draft, parties)
        key = (m.version, m.batna[parties].tobytes())  # the bounds and the no-deal values decide the text
        if key not in self._drafts:
            if len(parties) == 2:
                i, j = (int(a) for a in parties)
                nash = TwoParty(s, i, j, disagreement=(float(m.batna[i]), float(m.batna[j]))).nash()
                self._drafts[key] = None if nash is None else nash.package
            else:
                self._drafts[key] = nash_package(s, parties, m.batna[parties])
        return self._drafts[key]

    def why_no_text(self) -> np.ndarray:
        """Why no text clears every party's value of no deal: [party, its best inside every party's red
        lines, its value of no deal, issue, holder of the line that costs it most, lo, hi], -1 where none.

        With linear-additive utilities a party's best package inside bounds is found issue by issue."""
        m = self.model
        s, parties = bridge(m.draft, m.space.parties), m.space.parties
        joint = _joint_best(s, parties)  # (A,) each actor's best inside every party's red lines
        short = m.batna[parties] - joint[parties]
        if short.max() <= EPS:  # each could gain alone, but no one text gives all of them more at once
            return np.array([-1.0, np.nan, np.nan, -1, -1, np.nan, np.nan])
        a = int(parties[int(np.argmax(short))])
        own = _joint_best(s, np.array([a]), per_issue=True)[a]
        loss = s.weight[a] * (own - _joint_best(s, parties, per_issue=True)[a])  # (K,) what others' lines cost a
        k = int(np.argmax(loss))
        if loss[k] <= EPS:
            return np.array([a, joint[a], m.batna[a], -1, -1, np.nan, np.nan])
        holder = _binding_holder(s, parties, a, k)
        return np.array([a, joint[a], m.batna[a], k, holder, s.lo[holder, k], s.hi[holder, k]])


def _joint_best(s, holders: np.ndarray, per_issue: bool = False) -> np.ndarray:
    """Every actor's best value per issue (A, K), or best utility (A,), inside the red lines of ``holders``."""
    lo, hi = s.lo[holders].max(axis=0), s.hi[holders].min(axis=0)
    allowed = s.allowed[holders].all(axis=0)
    vc = single_peaked(np.clip(s.ideal, lo, np.maximum(lo, hi)), s.ideal, s.width, s.quadratic)
    vd = np.where(allowed, s.table, -np.inf).max(axis=-1)
    v = np.where(s.discrete, np.where(np.isfinite(vd), vd, 0.0), vc)
    return v if per_issue else (s.weight * v).sum(axis=-1)


def _binding_holder(s, parties: np.ndarray, a: int, k: int) -> int:
    """The party whose red line on issue ``k`` keeps actor ``a`` furthest from what it wants there."""
    others = [int(q) for q in parties if q != a]
    if s.discrete[k]:
        best = int(np.argmax(np.where(s.allowed[a, k], s.table[a, k], -np.inf)))
        return next((q for q in others if not s.allowed[q, k, best]), others[0])
    if s.ideal[a, k] < s.lo[others, k].max():
        return others[int(np.argmax(s.lo[others, k]))]
    return others[int(np.argmin(s.hi[others, k]))]
