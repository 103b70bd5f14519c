"""The negotiation as a Mesa model: one step is one round made of explicit stages (model doc, s. 8)."""

from __future__ import annotations

from collections.abc import Callable

import mesa
import numpy as np

from negosim.engine import preconditions as pre
from negosim.engine.agents import MediatorAgent, PartyAgent
from negosim.engine.conflict import War
from negosim.engine.redlines import RedLines, pinned, with_bounds
from negosim.engine.space import EPS, Space, build_space
from negosim.scenario.models import Scenario

# event kinds
START, OFFER, ACCEPT, AGREEMENT, DEADLINE = "start", "offer", "accept", "agreement", "deadline"
PRESS, TEXT, REJECT = "press", "text", "reject"
BATTLE, CEASEFIRE, BREAKDOWN = "battle", "ceasefire", "breakdown"
ERODE, WAIVE, MET, INTERIM = "erode", "waive", "met", "interim"
STALEMATE, PARTIAL, DEADLOCK, HELD = "stalemate", "partial", "deadlock", "held"
NO_TEXT = "no_text"

#: Offers within this share of an issue's range agree on it (interim agreements on separable issues).
SETTLE_TOL = 0.01


class NegotiationModel(mesa.Model):
    """Parties exchange offers under a protocol until they agree or the deadline passes.

    Stages per round (model doc, section 8): ``conflict`` (with a war) -> ``press`` (with pressure:
    sticks, carrots, eroding red lines, waivers) -> ``preconditions`` (with preconditions: deadlocks)
    -> ``aspire`` -> ``propose`` -> ``respond`` -> ``settle`` (the whole package, else interim
    agreements on separable issues) -> ``collect``. Under ``alternating`` each party's turn
    proposes or accepts; under ``mediated`` a ``mediate`` stage puts the mediator's text and the
    parties vote on it in ``settle``. State is kept in preallocated numpy arrays; the history
    becomes a DataFrame once, in the RunResult.

    ``base`` is the scenario's space as written; ``space`` holds the red lines as they stand (after
    erosion) and decides what each actor may accept; ``choice`` adds the issues settled so far, and
    each party's offers come from it, narrowed further while the party holds out for a precondition;
    ``draft`` is ``choice`` inside the requirements held out for, where a mediator drafts its text.
    """

    def __init__(self, scenario: Scenario, seed: int = 0, space: Space | None = None):
        super().__init__(rng=seed)
        self.spec = scenario  # not "scenario": Mesa 3.5 models reserve that name
        self.base = self.space = self.choice = self.draft = space or build_space(scenario)
        self.rounds = scenario.rounds
        self.round = 0  # rounds completed
        P, K, A = len(self.space.parties), self.space.n_issues, len(self.space.actors)
        self.parties = [PartyAgent(self, p, int(a)) for p, a in enumerate(self.space.parties)]
        # what each party knows of the others: their last offers, or their best packages before they offer
        self._known = np.array([agent.chooser.best for agent in self.parties])
        self._others = [np.arange(len(self.parties)) != p for p in range(len(self.parties))]
        self.party_weight = self.space.weight[self.space.parties]
        self._pairs = np.triu_indices(P, 1)
        self._pair_weight = (self.party_weight[self._pairs[0]] + self.party_weight[self._pairs[1]]) / 2
        self.offers = np.full((P, K), np.nan)  # each party's last proposal
        self.has_offer = np.zeros(P, dtype=bool)
        self.standing: np.ndarray | None = None
        self.standing_u = np.full(A, np.nan)  # utility of the standing offer to every actor
        self.standing_ok = np.zeros(A, dtype=bool)  # the standing offer inside every actor's red lines
        self.offers_u = np.zeros((A, P))  # simultaneous: utility and feasibility of this round's offers
        self.offers_ok = np.zeros((A, P), dtype=bool)
        self.proposer = -1
        self.accepted = np.zeros(P, dtype=bool)
        self.pending = np.full((P, K), np.nan)
        self.votes = np.zeros((P, P), dtype=bool)
        self.settled = False
        self.agreement: np.ndarray | None = None
        self.outcome: str | None = None
        # history, preallocated (model doc, section 10)
        self.hist_offer = np.full((self.rounds, P, K), np.nan)
        self.hist_aspiration = np.full((self.rounds, P), np.nan)
        self.hist_standing_utility = np.full((self.rounds, A), np.nan)
        self.hist_distance = np.full(self.rounds, np.nan)
        self.hist_text = np.full((self.rounds, K), np.nan)
        self.hist_lo = np.empty((self.rounds, P, K))  # each party's red lines as they stand, by round
        self.hist_hi = np.empty((self.rounds, P, K))
        self.hist_allowed = np.empty((self.rounds, P, K, self.space.allowed.shape[-1]), dtype=bool)
        self.raw_events: list[tuple[int, str, int, np.ndarray | None]] = [(0, START, -1, None)]
        # leverage (model doc, section 7; Beardsley 2008): sticks lower the target's value of no deal
        # round by round, carrots add to its value of any agreement
        actors = self.space.actors
        self.pressures = [
            (actors.index(aid), actors.index(pr.target), pr.stick, pr.carrot)
            for aid, actor in scenario.actors.items()
            for pr in actor.pressure
        ]
        self.batna = self.space.reservation.copy()  # (A,) value of no deal, now
        self.carrot = np.zeros(A)  # (A,) value added to any agreement
        self.sticks = np.zeros(A)  # (A,) sticks received so far
        self.war = War(scenario.conflict, self.space, self.rng) if scenario.conflict else None
        self.war_value = self.space.reservation.copy()  # (A,) value of war (the reservation without one)
        self.hist_batna = np.full((self.rounds, A), np.nan)
        self.hist_ripe = np.zeros(self.rounds, dtype=bool)
        if self.war is not None:  # the war by round: fronts, each side's Beta(alpha, beta), costs paid
            self.hist_front = np.full((self.rounds, len(self.war.issues)), np.nan)
            self.hist_belief = np.full((self.rounds, 2, 2), np.nan)
            self.hist_paid = np.full((self.rounds, A), np.nan)
        self.mediators = [
            MediatorAgent(self, actors.index(a)) for a, x in scenario.actors.items() if x.role == "mediator"
        ]
        self.text: np.ndarray | None = None
        # sequencing (model doc, sections 3, 4 and 9): eroding red lines, preconditions, interim agreements
        self.pressed = np.zeros(A, dtype=bool)
        for _, target, stick, carrot in self.pressures:
            self.pressed[target] |= stick + carrot > 0
        self.redlines = RedLines(scenario, self.base)
        self.redlines = self.redlines if self.redlines.soft else None
        self.pcs = pre.build(scenario, self.base)
        self.settled_values = np.full(K, np.nan)  # interim agreements so far
        self.settled_round = np.zeros(K, dtype=int)
        self.separable = np.isin(self.space.issues, scenario.separable_issues)
        self.holding = np.zeros(P, dtype=bool)  # a party holds out for a precondition
        self.stalemate: tuple[int, list[int]] | None = None  # (why, group): a deadlock no pressure can break
        self._seen_deadlocks: set[tuple[int, ...]] = set()
        self._held: set[int] = set()  # separable issues whose agreement a precondition held back (logged)
        self.umax = self.base.best_utility()
        self.version = 0  # bumped whenever bounds change (the mediator's drafts are cached by it)
        self.hosting = [
            (int(self.space.issues.index(x.hosting.issue)), x.hosting.bonus)
            for x in scenario.actors.values()
            if x.hosting is not None
        ]
        self.standing_bonus = 0.0
        self.offers_bonus = np.zeros(P)
        if self.pcs:
            self._rebound()
        self.stages: list[tuple[str, Callable[[], None]]] = [("conflict", self._conflict)] if self.war else []
        self.stages += [("press", self._press)] if self.pressures else []
        self.stages += [("preconditions", self._preconditions)] if self.pcs else []
        self.stages.append(("aspire", self._aspire))
        if scenario.protocol == "alternating":
            self.stages += [("propose", self._turns), ("settle", self._settle_alternating)]
        elif scenario.protocol == "mediated":
            self.stages += [("mediate", self._mediate), ("settle", self._settle_text)]  # parties vote in settle
        else:
            self.stages += [("propose", self._propose), ("respond", self._respond), ("settle", self._settle_votes)]
        self.stages.append(("collect", self._collect))

    # --- the round ---------------------------------------------------------------------------
    @property
    def clock(self) -> float:
        """Time in [0, 1]: 0 in the first round, 1 in the last."""
        return self.round / max(self.rounds - 1, 1)

    def step(self) -> None:
        for name, stage in self.stages:
            if self.stalemate is None or name == "collect":  # a stalemate ends the round where it is found
                stage()
        if not self.settled and self._walk_out():
            self.outcome = BREAKDOWN
        elif self.settled:
            self.outcome = AGREEMENT
            self.log(AGREEMENT, -1, self.agreement)
        elif self.stalemate is not None:
            self.outcome = STALEMATE
            self.raw_events.append((self.round + 1, STALEMATE, -1, np.array([self.stalemate[0], *self.stalemate[1]])))
        elif self.round + 1 >= self.rounds:
            groups = pre.deadlocks(self.pcs, self.settled_values, self.space, self.space.parties)
            if groups:  # still deadlocked when the rounds run out
                self.outcome = STALEMATE
                why, group = groups[0]
                self.raw_events.append((self.round + 1, STALEMATE, -1, np.array([why, *group])))
            else:
                self.outcome = PARTIAL if (~np.isnan(self.settled_values)).any() else DEADLINE
                self.log(self.outcome, -1, None)
        self.round += 1
        self.running = self.outcome is None

    def _party_set(self) -> mesa.agent.AgentSet:
        return self.agents_by_type[PartyAgent]

    def _aspire(self) -> None:
        self._party_set().do("aspire")

    def _turns(self) -> None:
        self._party_set().do("turn")

    def _settle_alternating(self) -> None:
        if self.settled:
            self.agreement = self.standing.copy()
        else:
            self._interim()

    def _propose(self) -> None:
        self._party_set().do("propose")
        self.offers[:] = self.pending
        self._known[:] = self.pending
        self.has_offer[:] = True
        self.standing = None
        self.offers_u = self.space.utility(self.offers)
        self.offers_ok = self.space.feasible(self.offers)
        self.offers_bonus = self.host_bonus(self.offers)
        for p in range(len(self.parties)):
            self.log(OFFER, p, self.offers[p])

    def _reprice(self) -> None:
        """Each actor's value of no deal: its reservation, or its value of war, less the sticks received."""
        self.batna = np.clip(self.war_value - self.sticks, 0.0, 1.0)

    def _conflict(self) -> None:
        """Stage conflict: a battle, unless a ceasefire holds; values of war follow (model doc, s. 6)."""
        quiet = self.war.ceasefire_holds(self.settled_values)
        if quiet and not self.war.quiet:
            self.raw_events.append((self.round + 1, CEASEFIRE, -1, None))
        self.war.quiet = quiet
        if not quiet:
            winner = self.war.fight()
            self.raw_events.append((self.round + 1, BATTLE, -1, np.r_[winner == "a", self.war.front]))
        self.war_value = self.war.values(self.space.reservation)
        self._reprice()

    def _press(self) -> None:
        """Stage press: every pressure applies once a round; each move of a target's no-deal value is an event."""
        self.carrot[:] = 0.0
        for _, target, stick, carrot in self.pressures:
            self.sticks[target] += stick
            self.carrot[target] += carrot
        self._reprice()
        moved: set[int] = set()
        for source, target, stick, carrot in self.pressures:
            if stick + carrot > 0:  # every application of leverage is an event (model doc, s. 7)
                self.raw_events.append(
                    (self.round + 1, PRESS, source, np.array([target, stick, carrot, self.batna[target]]))
                )
            if self.redlines is not None and (changes := self.redlines.erode(target, source, stick + carrot)):
                self.raw_events.append((self.round + 1, ERODE, target, np.array([source, *np.ravel(changes)])))
                moved.add(target)
            for pc in pre.wear(self.pcs, target, source, stick + carrot):
                pc.round = self.round + 1
                self.raw_events.append((self.round + 1, WAIVE, target, np.array([pc.index, *pc.pressers])))
                moved.add(target)
        if moved:
            self._rebound(moved)

    def _preconditions(self) -> None:
        """Stage preconditions: find deadlocks; one that no pressure can break is a stalemate (s. 4)."""
        groups = pre.deadlocks(self.pcs, self.settled_values, self.space, self.space.parties)
        for why, group in groups:
            if not self._breakable(why, group):
                self.stalemate = (why, group)
                return
        for why, group in groups:
            key = (why, *group)
            if key not in self._seen_deadlocks:  # a new deadlock that pressure may yet break
                self._seen_deadlocks.add(key)
                self.raw_events.append((self.round + 1, DEADLOCK, -1, np.array(key)))
        self._seen_deadlocks &= {(why, *group) for why, group in groups}

    def _breakable(self, why: int, group: list[int]) -> bool:
        """Whether pressure may yet break a deadlock: a soft precondition or red line under pressure."""
        if any(self.pcs[n].firmness < 1 and self.pressed[self.pcs[n].holder] for n in group):
            return True
        pc = self.pcs[group[0]]
        if why == pre.RED_LINES and self.redlines is not None:
            pressers = {t: [(src, st + ca) for src, tt, st, ca in self.pressures if tt == t and st + ca > 0]
                        for t in self.space.parties}  # fmt: skip
            return self.redlines.can_open(pc.issue, pc.lo, pc.hi, pressers)
        return False

    def _rebound(self, actors: set[int] | None = None) -> None:
        """Bounds after a change: red lines as they stand, settled issues fixed, holders narrowed.
        Only the offers of ``actors`` (default: every party) are rebuilt."""
        self.version += 1
        self.space = self.redlines.space() if self.redlines is not None else self.base
        self.choice = self.draft = pinned(self.space, self.settled_values)
        self.umax = self.choice.best_utility()
        held = [pc for pc in self.pcs if pc.active and pc.requires]
        if held and self.mediators:  # the mediator drafts inside the requirements still held out for
            discrete = self.choice.discrete

            def required(lo, hi, allowed) -> None:
                for pc in held:
                    pre.required_bounds(pc, lo, hi, allowed, discrete[pc.issue])

            self.draft = with_bounds(self.choice, required)
        for party in self.parties:
            mine = [pc for pc in held if pc.holder == party.actor]
            self.holding[party.index] = bool(mine)
            if actors is not None and party.actor not in actors:
                continue
            space = self.choice
            if mine:

                def narrow(lo, hi, allowed, mine=mine) -> None:
                    for pc in mine:
                        pre.holder_bounds(pc, self.choice, lo, hi, allowed)

                space = with_bounds(space, narrow)
            party.rebuild(space, float(self.umax[party.actor]))

    def _interim(self) -> None:
        """Interim agreements on separable issues no precondition keeps off the table (s. 4, 9): with
        offers, an issue on which every party's offer agrees; under ``mediated``, the text's value on
        an issue that every party can bank and still reach what it demands. Preconditions they meet are met."""
        free = self.separable & np.isnan(self.settled_values)
        agree = self._agreeing() if self.text is None else None
        blocked = pre.blocked(self.pcs)
        if blocked is not None:
            if agree is not None:
                self._note_held(free & blocked & agree)
            free &= ~blocked
        if not free.any():
            return
        new = self._pieces_of_text(free) if agree is None else self._pieces_of_offers(free & agree)
        if new:
            self._settle_pieces(new)

    def _agreeing(self) -> np.ndarray:
        """(K,) issues on which every party's last offer lies within SETTLE_TOL of the range of the others'."""
        if not self.has_offer.all():
            return np.zeros(self.space.n_issues, dtype=bool)
        return self.space.distance(self.offers.max(axis=0), self.offers.min(axis=0)) <= SETTLE_TOL + EPS

    def _note_held(self, held: np.ndarray) -> None:
        """Log, once, each separable issue every party's offer agrees on that a precondition keeps from settling."""
        for k in np.flatnonzero(held):
            if k not in self._held:
                self._held.add(int(k))
                who = [n for n, pc in enumerate(self.pcs) if pc.active and (pc.before[k] or pc.refuses[k])]
                self.raw_events.append((self.round + 1, HELD, -1, np.array([k, self.offers[0, k], *who])))

    def _requirements(self, k: int) -> tuple[float, float]:
        """The interval of issue ``k`` inside every party's red lines and every active requirement on it."""
        s, parties = self.space, self.space.parties
        reqs = [pc for pc in self.pcs if pc.active and pc.issue == k]
        lo = max([s.lo[parties, k].max(), s.low[k]] + [pc.lo for pc in reqs])
        hi = min([s.hi[parties, k].min(), s.low[k] + s.width[k]] + [pc.hi for pc in reqs])
        return lo, hi

    def _admissible(self, k: int, v: float) -> bool:
        if not self.space.discrete[k]:
            lo, hi = self._requirements(k)
            return lo - EPS <= v <= hi + EPS
        reqs = [pc for pc in self.pcs if pc.active and pc.issue == k]
        return bool(self.space.allowed[self.space.parties, k, int(v)].all()) and all(pc.admits(v) for pc in reqs)

    def _pieces_of_offers(self, agreed: np.ndarray) -> list[tuple[int, float]]:
        """The ``agreed`` issues (every party's offer agrees on them) at the value they agree on."""
        s, new = self.space, []
        for k in np.flatnonzero(agreed):
            if s.discrete[k]:
                v = float(self.offers[0, k])
            else:
                v = float(np.clip(self.offers[:, k].mean(), *self._requirements(k)))
                if np.abs(self.offers[:, k] - v).max() > SETTLE_TOL * s.width[k] + EPS:
                    continue
            if self._admissible(k, v):
                new.append((int(k), v))
        return new

    def _pieces_of_text(self, free: np.ndarray) -> list[tuple[int, float]]:
        """Issues where every party accepts to bank the text's value: inside its red lines and
        requirements, and its best package with that value fixed, together with the pieces banked
        before it in the same round, still clears its bar."""
        new: list[tuple[int, float]] = []
        for k in np.flatnonzero(free):
            v = float(self.text[k])
            if not self._admissible(k, v):
                continue
            trial = [*new, (int(k), v)]
            ok = True
            for party in self.parties:
                best = party.chooser.best.copy()
                best[[j for j, _ in trial]] = [w for _, w in trial]
                u = float(self.choice.utility(best)[party.actor])
                ok &= u + self.carrot[party.actor] + self.host_bonus(best) >= party.bar - EPS
            if ok:
                new = trial
        return new

    def _settle_pieces(self, new: list[tuple[int, float]]) -> None:
        """Record interim agreements ``new`` (issue, value), unless they would complete a package not every
        party takes; then preconditions they meet are met, and bounds follow."""
        whole = self.settled_values.copy()
        whole[[k for k, _ in new]] = [v for _, v in new]
        if not np.isnan(whole).any() and not self._all_accept(whole):
            return  # the last pieces would make the whole package: it must clear every party's bar
        for k, v in new:
            self.settled_values[k], self.settled_round[k] = v, self.round + 1
            self.raw_events.append((self.round + 1, INTERIM, -1, np.array([k, v])))
        for pc in self.pcs:
            v = self.settled_values[pc.issue] if pc.requires else np.nan
            if pc.active and not np.isnan(v) and pc.admits(v):
                pc.state, pc.round = "met", self.round + 1
                self.raw_events.append((self.round + 1, MET, pc.holder, np.array([pc.index])))
        if not np.isnan(self.settled_values).any():  # everything settled, piece by piece
            self._stand(self.settled_values.copy())
            self.agreement = self.standing.copy()
            self.settled = True
        elif self.standing is not None and self.text is None:
            fixed = ~np.isnan(self.settled_values)
            if not np.allclose(self.standing[fixed], self.settled_values[fixed], rtol=0, atol=EPS):
                self.standing, self.proposer = None, -1  # an offer that contradicts what was settled lapses
                self.accepted[:] = False
        self._rebound()

    def _all_accept(self, x: np.ndarray) -> bool:
        """Whether every party takes package ``x``: inside its red lines, clearing its bar, and meeting
        every requirement it still holds out for."""
        parties = self.space.parties
        u = self.space.utility(x)[parties] + self.carrot[parties] + self.host_bonus(x)
        bars = np.array([p.bar for p in self.parties])
        met = all(pc.admits(x[pc.issue]) for pc in self.pcs if pc.active and pc.requires)
        return bool(self.space.feasible(x)[parties].all() and (u >= bars - EPS).all() and met)

    def host_bonus(self, x: np.ndarray) -> np.ndarray | float:
        """What the venue adds to every party's weighing of packages ``x`` (..., K) (model doc, s. 7)."""
        total = 0.0
        for k, bonus in self.hosting:
            total = total + bonus * (x[..., k] - self.space.low[k]) / self.space.width[k]
        return total

    def _walk_out(self) -> bool:
        """A party whose value of no deal beats every package inside its red lines walks out (s. 9)."""
        for party in self.parties:
            if self.batna[party.actor] > self.umax[party.actor] + self.carrot[party.actor] + EPS:
                self.raw_events.append((self.round + 1, BREAKDOWN, party.actor, np.array([self.batna[party.actor]])))
                return True
        return False

    def _mediate(self) -> None:
        """Stage mediate: the mediator drafts a single negotiating text (Raiffa 1982)."""
        mediator = self.mediators[0]
        text = mediator.draft()
        if text is not None and (self.text is None or not np.allclose(text, self.text)):
            self.raw_events.append((self.round + 1, TEXT, mediator.actor, text.copy()))
        elif text is None and (self.text is not None or self.round == 0):  # say why, once, until a text comes
            self.raw_events.append((self.round + 1, NO_TEXT, mediator.actor, mediator.why_no_text()))
        self.text = text
        if text is not None:
            self._stand(text)
        self._positions()

    def _positions(self) -> None:
        """Under ``mediated`` parties make no offers; what each would propose at its aspiration, closest
        to the text (or, without one, to the others' positions), is its position: drawn and measured like
        an offer, never put to a vote."""
        for party in self.parties:
            targets, weights = (
                (self.text[None, :], self.party_weight[party.index][None, :])
                if self.text is not None
                else self.targets(party.index)
            )
            self.pending[party.index] = party.chooser.choose(party.aspiration, targets, weights)
        self.offers[:] = self.pending
        self._known[:] = self.pending
        self.has_offer[:] = True

    def _settle_text(self) -> None:
        """All parties accepting the mediator's text settles it; each rejection is an event."""
        if self.text is None:
            return
        rejecting = [p for p in self.parties if not self.standing_acceptable(p)]
        for party in self.parties:
            if party in rejecting:
                self.raw_events.append((self.round + 1, REJECT, party.actor, np.r_[self.text, self._why_not(party)]))
            else:
                self.raw_events.append((self.round + 1, ACCEPT, party.actor, None))
        if not rejecting:
            self.agreement = self.text.copy()
            self.settled = True
        else:
            self._interim()

    def _why_not(self, party: PartyAgent) -> np.ndarray:
        """Why ``party`` rejects the standing offer: [2, precondition] while it holds out for one,
        [1, issue, lo, hi] for a red line crossed (bounds as they stand), [0, 0, 0, 0] when it is worth too little."""
        a, x, s = party.actor, self.standing, self.space
        if self.holding[party.index]:
            pc = next(pc for pc in self.pcs if pc.active and pc.requires and pc.holder == a)
            return np.array([2.0, pc.index, 0.0, 0.0])
        for k in range(s.n_issues):
            if s.discrete[k] and not s.allowed[a, k, int(x[k])]:
                return np.array([1.0, k, np.nan, np.nan])
            if not s.discrete[k] and not s.lo[a, k] - EPS <= x[k] <= s.hi[a, k] + EPS:
                return np.array([1.0, k, s.lo[a, k], s.hi[a, k]])
        return np.zeros(4)

    def _respond(self) -> None:
        self._party_set().do("respond")

    def _settle_votes(self) -> None:
        """Any offer every party accepts settles; of several, the one with the largest Nash product."""
        ok = self.votes.all(axis=0)
        if not ok.any():
            self._interim()
            return
        gains = self.offers_u[self.space.parties] - self.batna[self.space.parties, None]
        nash = np.where(ok, np.prod(np.maximum(gains, 0.0), axis=0), -np.inf)
        best = int(np.argmax(nash))
        self._stand(self.offers[best].copy())
        self.agreement = self.standing.copy()
        self.settled = True

    def _collect(self) -> None:
        r = self.round
        self.hist_offer[r] = self.offers
        self.hist_aspiration[r] = [p.aspiration for p in self.parties]
        if self.standing is not None:
            self.hist_standing_utility[r] = self.standing_u
        if self.text is not None:
            self.hist_text[r] = self.text
        self.hist_batna[r] = self.batna
        parties = self.space.parties
        self.hist_lo[r], self.hist_hi[r], self.hist_allowed[r] = (
            self.space.lo[parties],
            self.space.hi[parties],
            self.space.allowed[parties],
        )
        self.hist_ripe[r] = self._ripe()
        if self.war is not None:
            self.hist_front[r] = self.war.front
            self.hist_belief[r] = (self.war.belief["a"], self.war.belief["b"])
            self.hist_paid[r] = self.war.paid
        self.hist_distance[r] = self.distance()

    # --- actions the agents call -------------------------------------------------------------
    def propose(self, p: int, x: np.ndarray) -> None:
        """Party ``p`` puts ``x`` on the table as the new standing offer."""
        self.offers[p] = x
        self._known[p] = x
        self.has_offer[p] = True
        self._stand(x)
        self.proposer = p
        self.accepted[:] = False
        self.accepted[p] = self.standing_acceptable(self.parties[p])  # False if x is below p's reservation
        self.log(OFFER, p, x)

    def _stand(self, x: np.ndarray) -> None:
        self.standing = x
        self.standing_u = self.space.utility(x)
        self.standing_ok = self.space.feasible(x)
        self.standing_bonus = self.host_bonus(x)

    def standing_acceptable(self, party: PartyAgent) -> bool:
        """Whether ``party`` can take the standing offer: it holds out for no precondition, the offer is
        inside its red lines as they stand, and it clears its bar with any carrot and the venue's bonus."""
        a = party.actor
        return bool(
            not self.holding[party.index]
            and self.standing_ok[a]
            and self.standing_u[a] + self.carrot[a] + self.standing_bonus >= party.bar - EPS
        )

    def accept(self, p: int) -> None:
        """Party ``p`` accepts the standing offer; all parties accepting settles it."""
        self.accepted[p] = True
        self.log(ACCEPT, p, None)
        self.settled = bool(self.accepted.all())

    def targets(self, p: int) -> tuple[np.ndarray, np.ndarray]:
        """The other parties' last offers (their best packages before they have offered) and their
        saliences: the reference of ``p``'s trade-off. Positions are common knowledge in a scenario."""
        others = self._others[p]
        return self._known[others], self.party_weight[others]

    def _ripe(self) -> bool:
        """A mutually hurting stalemate (Zartman 2000): every party's value of war is below the best deal
        the others have put on the table for it, and no side expects to win within the horizon."""
        if self.war is None:
            return False
        if self.text is not None:  # mediated: the text is the deal on the table for everyone
            u, ok = self.space.utility(self.text), self.space.feasible(self.text)
            best = np.where(ok, u, -np.inf)[self.space.parties]
        elif self.has_offer.all():
            u = np.where(self.space.feasible(self.offers), self.space.utility(self.offers), -np.inf)  # (A, P)
            best = np.array([u[p.actor, self._others[p.index]].max() for p in self.parties])
        else:
            return False
        return bool((self.batna[self.space.parties] < best).all()) and self.war.stalemate_expected()

    def distance(self) -> float:
        """Mean pairwise salience-weighted distance between the parties' last offers."""
        i, j = self._pairs
        made = self.has_offer[i] & self.has_offer[j]
        if not made.any():
            return np.nan
        d = (self.space.distance(self.offers[i[made]], self.offers[j[made]]) * self._pair_weight[made]).sum(axis=-1)
        return float(d.mean())

    def log(self, kind: str, party: int, x: np.ndarray | None) -> None:
        actor = -1 if party < 0 else int(self.space.parties[party])
        self.raw_events.append((self.round + 1, kind, actor, None if x is None else x.copy()))
