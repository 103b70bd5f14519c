"""Mesa agents of a negotiation. Agents hold their strategy; the shared state lives in the model."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from negosim.engine.mesa_core import Agent
from negosim.engine.redlines import bridge, with_bounds
from negosim.engine.seats import take
from negosim.events import NoText
from negosim.numeric import EPS
from negosim.space import joint_best
from negosim.strategies import Observation, make_strategy

if TYPE_CHECKING:
    from negosim.engine.model import NegotiationModel


class PartyAgent(Agent):
    """A party at the table: concedes by its tactic, offers trade-offs, accepts what clears its bar."""

    model: NegotiationModel

    def __init__(self, model: NegotiationModel, index: int, actor: int):
        super().__init__(model)
        space = model.space
        self.index = index  # position among the parties (row of the model's offer arrays)
        self.actor = actor  # index into space.actors
        self.name = space.actors[actor]
        self.chooser = model.compiled.choosers[actor]
        params = model.spec.actors[self.name].strategy
        self.strategy = make_strategy(
            params, best=self.chooser.umax, no_deal=float(space.reservation[actor]), equilibrium=self._equilibrium()
        )
        self.aspiration = self.accept_at = self.chooser.umax
        self.no_deal = float(space.reservation[actor])
        self.waits_for_turn = bool(self.strategy.classifier.get("responsive")) and model.protocol.answers_in_turn
        self.seat = None  # a person in this seat (engine/seats.py) moves instead of the tactic
        self.proposal: np.ndarray | None = None  # the seat's package this turn
        self._sees = (self._utility, self._offer_at, bool(space.discrete.all()))  # what observe() passes on unchanged

    def _equilibrium(self) -> tuple[float, float] | None:
        """(demand, accept) of this party in the Rubinstein equilibrium with the other party, if it plays it."""
        m = self.model
        params = m.spec.actors[self.name].strategy
        if params.tactic != "rubinstein":
            return None
        from negosim.analysis import TwoParty

        other = next(p for p in m.spec.parties if p != self.name)
        spe = TwoParty(m.space, self.actor, m.space.actors.index(other)).rubinstein(
            params.discount, m.spec.actors[other].strategy.discount
        )
        return None if spe is None else (spe[0], spe[1])

    def observe(self) -> Observation:
        """What this party's strategy sees now."""
        m = self.model
        no_deal = m.batna[m.space.parties]
        no_deal.flags.writeable = False
        return Observation(m.clock, self.index, self.strategy.best, no_deal, *m.views, *self._sees)

    def _utility(self, x: np.ndarray) -> np.ndarray:
        """Every party's utility of packages ``x`` (..., K): (P, ...)."""
        return self.model.space.utility(x)[self.model.space.parties]

    def _offer_at(self, level: float) -> np.ndarray:
        """This party's trade-off package at utility ``level``, against the others' offers now."""
        return self.chooser.choose(level, *self.model.targets(self.index))

    def move(self) -> None:
        """Ask the strategy (or the person in the seat) what to demand and what to accept now."""
        if self.seat is not None:
            take(self.model, self)
            return
        self.aspiration, self.accept_at = self.strategy.update(self.observe())

    def follow(self, protocol) -> None:
        """The talks go on under ``protocol``: a seat, or a responsive tactic, answers at its turn where that
        protocol has turns."""
        waits = self.seat is not None or bool(self.strategy.classifier.get("responsive"))
        self.waits_for_turn = waits and protocol.answers_in_turn

    def aspire(self) -> None:
        """Stage aspire: set what the party demands and what it accepts, by its strategy (a responsive
        strategy under a protocol that answers in turn waits for its turn, to answer the latest offers)."""
        self.no_deal = float(self.model.batna[self.actor])  # pressure may have lowered it
        if not self.waits_for_turn:
            self.move()

    def rebuild(self, space, best: float) -> None:
        """Offer from ``space`` from now on (bounds changed); ``best`` is the best the party can still get."""
        self.chooser = self.chooser.rebound(space)
        self.strategy.best = best
        self.strategy.no_deal = min(self.strategy.no_deal, best)

    @property
    def bar(self) -> float:
        """The least utility this party accepts now: its strategy's level, never below its value of no deal."""
        return max(self.accept_at, self.no_deal)

    def offer(self) -> np.ndarray:
        """The trade-off package at the current aspiration, closest to the other parties' offers (or the
        package the person in the seat proposes)."""
        if self.proposal is not None:
            return self.proposal.copy()
        return self.chooser.choose(self.aspiration, *self.model.targets(self.index))


class MediatorAgent(Agent):
    """A mediator: drafts the single negotiating text that maximises the Nash product of the parties'
    gains over their current no-deal values, inside every party's red lines as they stand and with
    the issues settled so far (Raiffa 1982; Nash 1950); with a ``lean``, the product weighted toward its
    own gain (Kalai 1977). Where the red lines leave no common value on an issue, the text lies in the gap
    between them, and the parties it crosses reject it. At a round of its ``proposals`` it tables its own
    package instead (model.md, section 7)."""

    model: NegotiationModel

    def __init__(self, model: NegotiationModel, actor: int):
        super().__init__(model)
        self.actor = actor
        self.name = model.space.actors[actor]
        self._drafts: dict[tuple, np.ndarray | None] = {}  # text by the bounds and the parties' no-deal values
        spec = model.spec.actors[self.name]
        self.lean = spec.lean
        #: round -> its own package (NaN on the issues it leaves to its text)
        self.proposals = {p.round: _package(model, p.package) for p in spec.proposals}

    def draft(self) -> np.ndarray | None:
        """The text for this round, or None when no text gives every party more than no deal. With
        conditional red lines, the best of the Nash texts of each way to meet them (``Space.branches``)."""
        m = self.model
        parties = m.space.parties
        key = (m.version, m.batna[parties].tobytes())
        if key not in self._drafts:
            d = m.batna[parties]
            texts = [self._text(bridge(b, parties), parties, d) for b in m.draft.branches(parties)]
            lean = (self.actor, self.lean) if self.lean > 0 else None
            self._drafts[key] = best_text(m.draft, parties, d, [t for t in texts if t is not None], lean)
        return self._drafts[key]

    def _text(self, s, parties: np.ndarray, d: np.ndarray) -> np.ndarray | None:
        """The Nash text of ``parties`` on space ``s`` (red lines as bounds), leaned toward the mediator's own
        positions by its ``lean`` (section 7), or None."""
        from negosim.analysis import TwoParty, nash_package

        if len(parties) == 2:
            nash = TwoParty(s, int(parties[0]), int(parties[1]), disagreement=(float(d[0]), float(d[1]))).nash()
            text = None if nash is None else nash.package
        else:
            text = nash_package(s, parties, d)
        if self.lean > 0 and text is not None:
            from negosim.analysis.nash import leaning_package

            text = leaning_package(self._kept(s, text), parties, d, self.actor, self.lean, text)
        return text

    def _kept(self, s, text: np.ndarray):
        """``s`` where the parties whose red lines (as they stand, with the issues settled) the Nash ``text``
        respects hold them again: where no text could avoid crossing some line, ``s`` is opened there
        (``bridge``), and a leaning text may cross only the lines the Nash text crosses."""
        m = self.model
        held = {}  # party -> the tightest of its drafting bounds (with what it holds out for) or lines it respects
        for a in (int(a) for a in m.space.parties):
            src = next((b for b in (m.draft, m.choice) if b.feasible(text)[a]), None)
            if src is not None:
                held[a] = src

        def hold(lo: np.ndarray, hi: np.ndarray, allowed: np.ndarray) -> None:  # inside s's own bounds too (a branch)
            for a, src in held.items():
                lo[a], hi[a] = np.maximum(s.lo[a], src.lo[a]), np.minimum(s.hi[a], src.hi[a])
                allowed[a] = s.allowed[a] & src.allowed[a]

        return with_bounds(s, hold) if held else s

    def proposal(self, text: np.ndarray | None) -> np.ndarray | None:
        """Its own package for this round, if it tables one: the issues it leaves out (and those held for every
        party: settled, agreed in principle, off the agenda) take the values of ``text``, the text it drafted, or
        of the last text on the table; with neither, its own best package inside the parties' red lines (model.md,
        section 7)."""
        own = self.proposals.get(self.model.round + 1)
        if own is None:
            return None
        m = self.model
        fill = text if text is not None else m.protocol.table.text
        if fill is None:
            fill = _best_inside(bridge(m.draft, m.space.parties), m.space.parties, self.actor)
        x = np.where(np.isnan(own), fill, own)
        held = m.agenda.pins(m.interim.fixed())
        return np.where(np.isnan(held), x, held)

    def why_no_text(self) -> NoText:
        """Why no text clears every party's value of no deal: the party worst off inside every party's red
        lines, and the other party's line that costs it most. With linear-additive utilities a party's best
        package inside bounds is found issue by issue."""
        m = self.model
        s, parties, r = bridge(m.draft, m.space.parties), m.space.parties, m.round + 1
        joint = joint_best(s, parties)  # (A,) each actor's best inside every party's red lines
        short = m.batna[parties] - joint[parties]
        if short.max() <= EPS:  # each could gain alone, but no one text gives all of them more at once
            return NoText(r, self.name)
        a = int(parties[int(np.argmax(short))])
        own = joint_best(s, np.array([a]), per_issue=True)[a]
        loss = s.weight[a] * (own - joint_best(s, parties, per_issue=True)[a])  # (K,) what others' lines cost a
        k = int(np.argmax(loss))
        party, best, no_deal = s.actors[a], float(joint[a]), float(m.batna[a])
        if loss[k] <= EPS:
            return NoText(r, self.name, party, best, no_deal)
        q = _binding_holder(s, parties, a, k)
        line = s.issues[k] if s.discrete[k] else s.bound_text(k, s.lo[q, k], s.hi[q, k], digits=3)
        on = "on " if s.discrete[k] else ""
        return NoText(r, self.name, party, best, no_deal, f"{s.actors[q]}'s red line {on}{line}")


def best_text(s, parties: np.ndarray, d: np.ndarray, texts: list[np.ndarray],
              lean: tuple[int, float] | None = None) -> np.ndarray | None:  # fmt: skip
    """Of candidate texts, one inside every party's red lines (``s``'s, conditional ones too) where some is,
    with the largest product of gains over ``d`` (Nash 1950); with ``lean`` (mediator, l), the product weighted
    toward the mediator's own utility as its text is (section 7)."""
    if len(texts) <= 1:
        return texts[0] if texts else None

    from negosim.analysis.nash import leaning_value

    def score(x: np.ndarray) -> tuple[bool, float]:
        u, inside = s.utility(x), bool(s.feasible(x)[parties].all())
        if lean is None:
            return inside, float(np.prod(np.maximum(u[parties] - d, 0.0)))
        return inside, float(leaning_value(np.r_[u[parties], u[lean[0]]], d, lean[1]))

    return max(texts, key=score)


def _package(m: NegotiationModel, package: dict) -> np.ndarray:
    """A package as the scenario writes it (issue -> value or option) as an array, NaN where it says nothing."""
    x = np.full(m.space.n_issues, np.nan)
    for iid, v in package.items():
        issue = m.spec.issues[iid]
        x[m.space.issues.index(iid)] = issue.code(v) if issue.kind == "discrete" else float(v)
    return x


def _best_inside(s, parties: np.ndarray, a: int) -> np.ndarray:
    """Actor ``a``'s best package inside every party's red lines (on a discrete issue, among the options all of
    them allow, or the first such option where ``a`` cares for none)."""
    cont = np.clip(s.ideal[a], s.lo[parties].max(axis=0), s.hi[parties].min(axis=0))
    disc = np.where(s.allowed[parties].all(axis=0), s.table[a], -np.inf).argmax(axis=-1)
    return np.where(s.discrete, disc, cont).astype(float)


def _read_only(a: np.ndarray) -> np.ndarray:
    """A view of ``a`` that cannot be written through (what a strategy sees of the model's state)."""
    view = a.view()
    view.flags.writeable = False
    return view


def _binding_holder(s, parties: np.ndarray, a: int, k: int) -> int:
    """The party whose red line on issue ``k`` keeps actor ``a`` furthest from what it wants there."""
    others = [int(q) for q in parties if q != a]
    if s.discrete[k]:
        best = int(np.argmax(np.where(s.allowed[a, k], s.table[a, k], -np.inf)))
        return next((q for q in others if not s.allowed[q, k, best]), others[0])
    if s.ideal[a, k] < s.lo[others, k].max():
        return others[int(np.argmax(s.lo[others, k]))]
    return others[int(np.argmin(s.hi[others, k]))]
