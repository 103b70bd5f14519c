"""The negotiation as a Mesa model: one step is one round made of explicit stages
(docs/explanation/model.md, section 8).

The model holds the state every protocol shares and runs the shared stages: ``shocks`` (with
shocks), ``threats`` (with a threat's ultimatum), ``conflict`` (with a war), ``press`` (with pressure),
``preconditions`` (with preconditions), ``aspire``, ``spoil`` (with spoilers), then the protocol's own stages
(protocols/), then
``collect``. ``snapshot()`` is the round just played, for a demo to draw and a test to read.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from negosim import events as ev
from negosim.engine import preconditions as pre
from negosim.engine.agenda import Agenda
from negosim.engine.agents import MediatorAgent, PartyAgent, _read_only
from negosim.engine.bounds import rebound
from negosim.engine.compiled import Compiled, compile_scenario
from negosim.engine.conflict import War
from negosim.engine.endings import Endings
from negosim.engine.interim import Interim
from negosim.engine.leverage import Leverage
from negosim.engine.mesa_core import Model
from negosim.engine.ratify import Ratification
from negosim.engine.record import Recorder
from negosim.engine.redlines import RedLines
from negosim.engine.seats import Seat, SeatError
from negosim.engine.shocks import Shocks
from negosim.engine.spoilers import Spoilers
from negosim.engine.state import RoundState, snapshot
from negosim.engine.threats import Threats
from negosim.numeric import EPS
from negosim.protocols import protocol_class
from negosim.scenario.models import Scenario, Shock
from negosim.space.offers import chooser


class NegotiationModel(Model):
    """Parties exchange offers under a protocol until they agree or the deadline passes.

    ``base`` is the scenario's space as written; ``space`` holds the red lines as they stand (after
    erosion) and decides what each actor may accept; ``choice`` adds the issues settled so far, and
    each party's offers come from it, narrowed further while the party holds out for a precondition;
    ``draft`` is ``choice`` inside the requirements held out for, where a mediator drafts its text.
    """

    def __init__(self, scenario: Scenario | Compiled, seed: int = 0):
        super().__init__(rng=seed)
        compiled = scenario if isinstance(scenario, Compiled) else compile_scenario(scenario)
        sc = self.spec = compiled.scenario  # not "scenario": Mesa 3.5 models reserve that name
        self.compiled = compiled
        self.base = self.space = self.choice = self.draft = compiled.space
        self.rounds, self.round = sc.rounds, 0  # rounds completed
        P, K = len(self.space.parties), self.space.n_issues
        self.offers = np.full((P, K), np.nan)  # each party's last proposal
        self.has_offer = np.zeros(P, dtype=bool)
        self.views = _read_only(self.offers), _read_only(self.has_offer)  # what strategies see of them
        self.agreement: np.ndarray | None = None
        self.outcome: str | None = None
        self.events: list[ev.Event] = []
        self.batna = self.space.reservation.copy()  # (A,) value of no deal, now
        self.war_value = self.space.reservation.copy()  # (A,) value of war (the reservation without one)
        self.war = War(sc.conflict, self.space, self.rng) if sc.conflict else None
        self.shocks = Shocks(self)
        self.leverage = Leverage(self)
        self.carrot = self.leverage.carrot
        resolve = self.rng.spawn(1)[0]  # holders' resolve, a stream of its own: the same battles (model.md, s. 3)
        self.redlines = RedLines(sc, self.base, resolve)  # firm and soft (a shock may soften a firm one)
        #: (A, K) saliences as written (a shock may change one; ``space.weight`` holds them normalised)
        self.salience = np.array([[a.positions[iid].salience if iid in a.positions else 0.0 for iid in sc.issues]
                                  for a in sc.actors.values()])  # fmt: skip
        self.pcs = pre.build(sc, self.base, resolve)
        self.threats = Threats(self)  # drawn from a stream spawned after the resolve's (model.md, section 7)
        self.holding = np.zeros(P, dtype=bool)  # a party holds out for a precondition
        self.endings = Endings(self)  # deadlocks, walk-outs, how the talks end
        self.hosting = [(self.space.issues.index(x.hosting.issue), x.hosting.bonus)
                        for x in sc.actors.values() if x.hosting is not None]  # fmt: skip
        self.protocol = protocol_class(sc.protocol.name)(self, sc.protocol)
        self.with_text = self.protocol.has_text  # some protocol of the run drafts a mediator's text
        self.parties = [PartyAgent(self, p, int(a)) for p, a in enumerate(self.space.parties)]
        self.party_set = self.agents_by_type[PartyAgent]
        # what each party knows of the others: their last offers, or their best packages before they offer
        self.known = np.array([agent.chooser.best for agent in self.parties])
        self.mediators = [MediatorAgent(self, self.space.actors.index(a))
                          for a, x in sc.actors.items() if x.role == "mediator"]  # fmt: skip
        self.interim = Interim(self)
        self.agenda = Agenda(self)
        self.ratification = Ratification(self)  # principals who ratify a party's agreements (s. 15)
        self.spoilers = Spoilers(self)  # outside actors who attack the talks (s. 7)
        self.umax = self.base.best_utility()
        self.version = 0  # bumped whenever bounds change (the mediator's drafts are cached by it)
        if self.pcs or self.agenda.any:
            rebound(self)
        self.recorder = Recorder(self)
        self._playing = self._restage_due = False  # a round is under way; a shock came in during one
        self.round_start = 0  # the first event of the round under way, or of the last one played
        self.restage()
        words = ", ".join(filter(None, (self.protocol.words, self.protocol.rule_words(sc.protocol))))
        self.emit(ev.Start(0, None, tuple(sc.parties), K, words, sc.rounds, sc.round_unit,
                           tuple(self._others())))  # fmt: skip
        self.agenda.announce()

    def restage(self) -> None:
        """The round's stages, for what the talks hold now (a shock may bring pressure, or soften a line)."""
        stages = [("shocks", self.shocks)] if self.shocks.used else []
        stages += [("threats", self.threats.due)] if self.threats.timed else []
        stages += [("conflict", self._conflict)] if self.war else []
        stages += [("press", self.leverage.press)] if self.leverage.active else []
        stages += [("preconditions", self.endings.deadlocks)] if self.pcs else []
        stages += [("aspire", self._aspire)] if self.protocol.aspires else []
        stages += [("spoil", self.spoilers)] if self.spoilers.any else []  # as the parties are about to move
        agenda = [("agenda", self.agenda.check)] if self.agenda.closed else []
        self.stages = [*stages, *self.protocol.stages(), *agenda, ("collect", self.recorder.collect)]

    def seat(self, actor: str, seat: Seat) -> None:
        """A person takes ``actor``'s seat: from now on the seat moves for it at its turn (engine/seats.py)."""
        party = next((p for p in self.parties if p.name == actor), None)
        if self.protocol.seats:
            raise SeatError(self.protocol.seats)
        if party is None:
            raise SeatError(f'"{actor}" is not a party of this negotiation (parties: {", ".join(self.spec.parties)})')
        party.seat = seat
        party.waits_for_turn = self.protocol.answers_in_turn  # it answers the offers made this round
        self.emit(ev.Seated(self.round, actor))

    def inject(self, shock: Shock) -> None:
        """A shock by hand (a demo's): it applies at the start of the next round played (or of its own
        round, if that lies ahead). One that comes in while a round is under way (a seat deciding, from
        another thread) changes nothing of that round: the stages are set again when the next begins."""
        self.shocks.add(shock)
        if self._playing:
            self._restage_due = True
        else:
            self.restage()

    def _others(self) -> list[str]:
        return [f"{a.role} {aid}" + (f" (its venue favours {a.hosting.issue})" if a.hosting else "")
                for aid, a in self.spec.actors.items() if a.role != "party"]  # fmt: skip

    # --- the round ---------------------------------------------------------------------------
    @property
    def clock(self) -> float:
        """Time in [0, 1]: 0 in the first round, 1 in the last."""
        return self.round / max(self.rounds - 1, 1)

    def step(self) -> None:
        """One round: each stage once, in order. The round's own shocks (its first stage) may add stages
        after themselves (new pressure, a line made soft); a stage never runs twice."""
        self.round_start = len(self.events)  # a person who quits mid-round takes the round's events back
        if self._restage_due:
            self._restage_due = False
            self.restage()
        self._playing = True
        try:
            n = 0
            while n < len(self.stages):
                name, stage = self.stages[n]
                if self.endings.going or name == "collect":  # a stalemate or a breakdown ends the round where it is
                    stage()
                n = [s for s, _ in self.stages].index(name) + 1  # where this stage stands now
        finally:
            self._playing = False
        self.outcome = self.threats.fail(self.endings.after_round())
        self.round += 1
        self.running = self.outcome is None

    @property
    def agreement_reached(self) -> bool:
        return self.agreement is not None

    def _aspire(self) -> None:
        self.party_set.do("aspire")

    def _conflict(self) -> None:
        """Stage conflict: a battle, unless a ceasefire holds or the war does not run (not yet begun, or
        stopped by a shock); values of war follow (model.md, section 6)."""
        if not self.war.on:
            return
        if self.war.hold_fire(self.interim.values):
            self.emit(ev.Ceasefire(self.round + 1, None))
        if not self.war.quiet:
            winner = self.war.fight()
            side = tuple(self.spec.conflict.sides[winner])
            front = {iid: float(v) for iid, v in zip(self.spec.conflict.contested, self.war.front, strict=True)}
            self.emit(ev.Battle(self.round + 1, None, winner, side, front))
        self.war_moved()

    def war_moved(self) -> None:
        """The front moved or a ceasefire began: each actor's value of war, the war's pressure on it and its
        value of no deal follow (model.md, section 6)."""
        war = self.war
        self.war_value = war.values(self.space.reservation)
        self.leverage.feel(war.hurt(self.space.reservation) if not war.quiet else np.zeros_like(self.war_value))

    def set_war(self, on: bool) -> bool:
        """The war begins or resumes (``on``), or stops: each actor's value of war and of no deal follow (a stopped
        war holds its front; costs paid stay paid). Whether it had run before (``on``)."""
        before = self.war.begin() if on else self.war.halt()
        self.war_moved()
        return bool(before)

    def switch_protocol(self, name: str) -> None:
        """The talks go on under protocol ``name`` from now on (a change of format), with the scenario's decision
        rule; what stood on the table lapses: the new format starts from the parties' last offers."""
        rule = self.spec.protocol
        cls = protocol_class(name)
        self.protocol = cls(self, cls.Params(name=name, quota=rule.quota, weights=rule.weights))
        self.with_text = self.with_text or cls.has_text
        for party in self.parties:
            party.follow(cls)
        self.restage()

    def reweigh(self, actor: int, issue: int, salience: float) -> tuple[float, float]:
        """``actor`` cares ``salience`` about ``issue`` from now on (a shock): the weights of its issues, its
        offers' trade-offs, the distances and the red lines follow; its weight of the issue before and after."""
        before = float(self.base.weight[actor, issue])
        self.salience[actor, issue] = salience
        row = self.salience[actor]
        weight = self.base.weight.copy()
        weight[actor] = row / row.sum() if row.sum() > 0 else 0.0
        self._rebase(actor, weight=weight)
        self.recorder.weigh()
        return before, float(self.base.weight[actor, issue])

    def reposition(self, actor: int, issue: int, ideal: float | None, values: np.ndarray | None) -> None:
        """``actor`` wants ``ideal`` on a continuous ``issue``, or ``values`` (one per option) of a discrete one,
        from now on (a shock: a demand that hardens or softens); its offers and what it accepts follow."""
        if ideal is not None:
            new = self.base.ideal.copy()
            new[actor, issue] = ideal
            self._rebase(actor, ideal=new)
        else:
            table = self.base.table.copy()
            table[actor, issue] = values
            self._rebase(actor, table=table)

    def _rebase(self, actor: int, **changed: np.ndarray) -> None:
        """The scenario's space with ``changed`` arrays from now on: the red lines and the war weigh on it, the
        actor's offers are chosen on it, and every bound is set again."""
        self.base = replace(self.base, **changed)
        self.redlines.rebase(self.base)
        if self.war is not None:
            self.war.rebase(self.base)
        for party in self.parties:
            if party.actor == actor:
                party.chooser = chooser(self.base, actor)
                if not self.has_offer[party.index]:  # the others still know it by its best package
                    self.known[party.index] = party.chooser.best
        self.rebound()

    # --- what the protocols and agents use -----------------------------------------------------
    def emit(self, event: ev.Event) -> None:
        self.events.append(event)

    def stand(self, x: np.ndarray) -> None:
        """``x`` is the package on the table now."""
        self.protocol.table.stand(x, *self.space.judge(x), self.host_bonus(x))

    def agree(self) -> None:
        """The package on the table is agreed, once every party's principals ratify it (s. 15); vetoed, it
        lapses. Each conditional red line the agreement crosses where the condition lifts it is said (s. 3)."""
        x = self.protocol.table.standing.copy()
        if self.ratification.rules and (self.ratification.ended or not self.ratification.passed(x)):
            self.protocol.table.lapse()
            return
        self.agreement = x
        s = self.space
        for c in s.conditional:
            if c.actor in s.parties and not s.within(c, x) and s.lifted(c, x):
                line, condition = s.conditional_text(c).split(" unless ")
                value = f"{s.issues[c.when]} {s.label(c.when, x[c.when])}"
                self.emit(ev.Lifted(self.round + 1, s.actors[c.actor], line, condition, value))

    def ratifiable(self, p: int, x: np.ndarray) -> np.ndarray | bool:
        """Whether party ``p`` may accept package ``x`` (K,) or each of (N, K) as far as its principals go: after
        a veto, only what they would ratify (s. 15)."""
        return self.ratification.accepts(p, x) if self.ratification.learned else True

    def standing_acceptable(self, party: PartyAgent) -> bool:
        """Whether ``party`` can take the standing offer: it holds out for no precondition, the offer is
        inside its red lines as they stand, and it clears its bar with any carrot and the venue's bonus."""
        a, table = party.actor, self.protocol.table
        return bool(
            not self.holding[party.index]
            and table.ok[a]
            and table.u[a] + self.carrot[a] + table.bonus >= party.bar - EPS
            and self.ratifiable(party.index, table.standing)
        )

    def all_accept(self, x: np.ndarray) -> bool:
        """Whether the parties take package ``x`` by the protocol's rule: each that does finds it inside
        its red lines, clearing its bar, and meeting every requirement it still holds out for."""
        parties = self.space.parties
        u = self.space.utility(x)[parties] + self.carrot[parties] + self.host_bonus(x)
        bars = np.array([p.bar for p in self.parties])
        met = np.array([all(pc.admits(x[pc.issue]) for pc in self.pcs if pc.active and pc.requires and pc.holder == a)
                        for a in parties])  # fmt: skip
        yes = self.space.feasible(x)[parties] & (u >= bars - EPS) & met
        if self.ratification.learned:
            yes &= np.array([bool(self.ratifiable(p.index, x)) for p in self.parties])
        return bool(self.protocol.rule.agreed(yes))

    def host_bonus(self, x: np.ndarray) -> np.ndarray | float:
        """What the venue adds to every party's weighing of packages ``x`` (..., K) (model.md, section 7)."""
        total = 0.0
        for k, bonus in self.hosting:
            total = total + bonus * (x[..., k] - self.space.low[k]) / self.space.width[k]
        return total

    def targets(self, p: int) -> tuple[np.ndarray, np.ndarray]:
        """The other parties' last offers (their best packages before they have offered) and their
        saliences: the reference of ``p``'s trade-off. Positions are common knowledge in a scenario."""
        rec = self.recorder
        return self.known[rec.others[p]], rec.others_weight[p]

    def rebound(self, actors: set[int] | None = None) -> None:
        rebound(self, actors)

    def snapshot(self) -> RoundState:
        """The round just played, as an immutable record (what a demo draws, what a test reads)."""
        return snapshot(self)
