"""The negotiation as a Mesa model: one step is one round made of explicit stages
(docs/explanation/model.md, section 8).

The model holds the state every protocol shares and runs the shared stages: ``shocks`` (with
shocks), ``conflict`` (with a war), ``press`` (with pressure), ``preconditions`` (with
preconditions), ``aspire``, then the protocol's own stages (protocols/), then
``collect``. ``snapshot()`` is the round just played, for a demo to draw and a test to read.
"""

from __future__ import annotations

import numpy as np

from negosim import events as ev
from negosim.engine import preconditions as pre
from negosim.engine.agents import MediatorAgent, PartyAgent, _read_only
from negosim.engine.bounds import rebound
from negosim.engine.compiled import Compiled, compile_scenario
from negosim.engine.conflict import War
from negosim.engine.describe import precondition_text
from negosim.engine.interim import Interim
from negosim.engine.leverage import Leverage
from negosim.engine.mesa_core import Model
from negosim.engine.record import Recorder
from negosim.engine.redlines import RedLines
from negosim.engine.seats import Seat, SeatError
from negosim.engine.shocks import Shocks
from negosim.engine.state import RoundState, snapshot
from negosim.numeric import EPS
from negosim.protocols import protocol_class
from negosim.scenario.models import Scenario, Shock

#: How a run ends (docs/explanation/model.md, section 9); "running" while it has not.
AGREEMENT, PARTIAL, BREAKDOWN, STALEMATE, DEADLINE, RUNNING = (
    "agreement", "partial", "breakdown", "stalemate", "deadline", "running"
)  # fmt: skip


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
        P, K, A = len(self.space.parties), self.space.n_issues, len(self.space.actors)
        self.offers = np.full((P, K), np.nan)  # each party's last proposal
        self.has_offer = np.zeros(P, dtype=bool)
        self.views = _read_only(self.offers), _read_only(self.has_offer)  # what strategies see of them
        self.standing: np.ndarray | None = None  # the package on the table
        self.standing_u = np.full(A, np.nan)  # its utility to every actor
        self.standing_ok = np.zeros(A, dtype=bool)  # inside every actor's red lines
        self.standing_bonus = 0.0
        self.proposer = -1
        self.accepted = np.zeros(P, dtype=bool)
        self.text: np.ndarray | None = None  # a mediator's text
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
        self.holding = np.zeros(P, dtype=bool)  # a party holds out for a precondition
        self.stalemate: tuple[int, list[int]] | None = None  # (why, group): a deadlock no pressure can break
        self._seen_deadlocks: set[tuple[int, ...]] = set()
        self._walked: set[int] = set()  # parties that walked out (a quota may go on without them)
        self._walk_key, self._walk_result = b"", False  # _walk_out's last answer, by what it depends on
        self.hosting = [(self.space.issues.index(x.hosting.issue), x.hosting.bonus)
                        for x in sc.actors.values() if x.hosting is not None]  # fmt: skip
        self.protocol = protocol_class(sc.protocol.name)(self, sc.protocol)
        self.parties = [PartyAgent(self, p, int(a)) for p, a in enumerate(self.space.parties)]
        self.party_set = self.agents_by_type[PartyAgent]
        # what each party knows of the others: their last offers, or their best packages before they offer
        self.known = np.array([agent.chooser.best for agent in self.parties])
        self.mediators = [MediatorAgent(self, self.space.actors.index(a))
                          for a, x in sc.actors.items() if x.role == "mediator"]  # fmt: skip
        self.interim = Interim(self)
        self.umax = self.base.best_utility()
        self.version = 0  # bumped whenever bounds change (the mediator's drafts are cached by it)
        if self.pcs:
            rebound(self)
        self.recorder = Recorder(self)
        self._playing = self._restage_due = False  # a round is under way; a shock came in during one
        self.restage()
        words = ", ".join(filter(None, (self.protocol.words, self.protocol.rule_words(sc.protocol))))
        self.emit(ev.Start(0, None, tuple(sc.parties), K, words, sc.rounds, sc.round_unit,
                           tuple(self._others())))  # fmt: skip

    def restage(self) -> None:
        """The round's stages, for what the talks hold now (a shock may bring pressure, or soften a line)."""
        stages = [("shocks", self.shocks)] if self.shocks.used else []
        stages += [("conflict", self._conflict)] if self.war else []
        stages += [("press", self.leverage.press)] if self.leverage.active else []
        stages += [("preconditions", self._preconditions)] if self.pcs else []
        stages += [("aspire", self._aspire)] if self.protocol.aspires else []
        self.stages = [*stages, *self.protocol.stages(), ("collect", self.recorder.collect)]

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
        self._round_start = len(self.events)
        if self._restage_due:
            self._restage_due = False
            self.restage()
        self._playing = True
        try:
            n = 0
            while n < len(self.stages):
                name, stage = self.stages[n]
                if self.stalemate is None or name == "collect":  # a stalemate ends the round where it is found
                    stage()
                n = [s for s, _ in self.stages].index(name) + 1  # where this stage stands now
        finally:
            self._playing = False
        self.outcome = self._ending()
        self.round += 1
        self.running = self.outcome is None

    def _ending(self) -> str | None:
        """How the round just played ends the talks, if it does; the ending is an event."""
        r = self.round + 1
        if not self.agreement_reached and self._walk_out():
            return BREAKDOWN
        if self.agreement_reached:
            self.emit(ev.Agreement(r, None, self.space.as_dict(self.agreement)))
            return AGREEMENT
        if self.stalemate is None and r >= self.rounds:
            groups = pre.deadlocks(self.pcs, self.interim.values, self.space, self.space.parties)
            self.stalemate = groups[0] if groups else None  # still deadlocked when the rounds run out
        if self.stalemate is not None:
            self.emit(self._deadlock_event(ev.Stalemate, *self.stalemate, early=r < self.rounds))
            return STALEMATE
        if r < self.rounds:
            return None
        done = ~np.isnan(self.interim.values)
        if done.any():
            issues = self.space.issues
            self.emit(ev.Partial(r, None, tuple(issues[k] for k in np.flatnonzero(done)),
                                 tuple(issues[k] for k in np.flatnonzero(~done)), self.spec.round_unit))  # fmt: skip
            return PARTIAL
        self.emit(ev.Deadline(r, None, self.spec.round_unit, _number(self.recorder.distance())))
        return DEADLINE

    @property
    def agreement_reached(self) -> bool:
        return self.agreement is not None

    def _aspire(self) -> None:
        self.party_set.do("aspire")

    def _conflict(self) -> None:
        """Stage conflict: a battle, unless a ceasefire holds; values of war follow (model.md, section 6)."""
        quiet = self.war.ceasefire_holds(self.interim.values)
        if quiet and not self.war.quiet:
            self.emit(ev.Ceasefire(self.round + 1, None))
        self.war.quiet = quiet
        if not quiet:
            winner = self.war.fight()
            side = tuple(self.spec.conflict.sides[winner])
            front = {iid: float(v) for iid, v in zip(self.spec.conflict.contested, self.war.front, strict=True)}
            self.emit(ev.Battle(self.round + 1, None, winner, side, front))
        self.war_value = self.war.values(self.space.reservation)
        self.leverage.hurt = self.war.hurt(self.space.reservation) if not quiet else np.zeros_like(self.war_value)
        self.leverage.reprice()

    def _preconditions(self) -> None:
        """Stage preconditions: find deadlocks; one that no pressure can break is a stalemate (s. 4)."""
        groups = pre.deadlocks(self.pcs, self.interim.values, self.space, self.space.parties)
        for why, group in groups:
            if not self.leverage.can_break(why, group):
                self.stalemate = (why, group)
                return
        for why, group in groups:
            key = (why, *group)
            if key not in self._seen_deadlocks:  # a new deadlock that pressure may yet break
                self._seen_deadlocks.add(key)
                self.emit(self._deadlock_event(ev.Deadlock, why, group))
        self._seen_deadlocks &= {(why, *group) for why, group in groups}

    def _deadlock_event(self, kind, why: int, group: list[int], **extra):
        """A deadlock or stalemate event: the precondition that cannot be met, and why not."""
        s = self.space
        names = [precondition_text(self.pcs[n], s) for n in group]
        pc = self.pcs[group[0]]
        if why == pre.SETTLED:
            at = s.label(pc.issue, self.interim.values[pc.issue])
            why_text = f"can no longer be met: {s.issues[pc.issue]} was settled at {at}"
        elif why == pre.RED_LINES:
            why_text = "cannot be met: it lies across a party's red lines"
        elif why == pre.WHOLE:
            why_text = f"cannot be met: {s.issues[pc.issue]} is not separable, so only the whole package settles it"
        else:
            why_text = f"cannot be met while {' and '.join(names[1:])} stands"
        return kind(self.round + 1, None, names[0], why_text, **extra)

    # --- what the protocols and agents use -----------------------------------------------------
    def emit(self, event: ev.Event) -> None:
        self.events.append(event)

    def stand(self, x: np.ndarray) -> None:
        """``x`` is the package on the table now."""
        self.standing = x
        self.standing_u, self.standing_ok = self.space.judge(x)
        self.standing_bonus = self.host_bonus(x)

    def agree(self) -> None:
        """The package on the table is agreed."""
        self.agreement = self.standing.copy()

    def standing_acceptable(self, party: PartyAgent) -> bool:
        """Whether ``party`` can take the standing offer: it holds out for no precondition, the offer is
        inside its red lines as they stand, and it clears its bar with any carrot and the venue's bonus."""
        a = party.actor
        return bool(
            not self.holding[party.index]
            and self.standing_ok[a]
            and self.standing_u[a] + self.carrot[a] + self.standing_bonus >= party.bar - EPS
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

    def _walk_out(self) -> bool:
        """A party whose value of no deal beats every package inside its red lines walks out (s. 9): the
        talks break down, unless the parties still at the table can agree by the protocol's rule (a
        quota the others carry); then it takes no more part (it accepts nothing) and the talks go on."""
        key = self.batna.tobytes() + self.carrot.tobytes()
        if key == self._walk_key:  # nothing it depends on has moved: nobody new walks out
            return self._walk_result
        out = self.batna[self.space.parties] > self.umax[self.space.parties] + self.carrot[self.space.parties] + EPS
        for party in self.parties:
            if out[party.index] and party.index not in self._walked:
                self._walked.add(party.index)
                a = party.actor
                self.emit(ev.Breakdown(self.round + 1, self.space.actors[a], float(self.batna[a]),
                                       float(self.base.best_utility()[a])))  # fmt: skip
        self._walk_key, self._walk_result = key, bool(out.any()) and not self.protocol.rule.agreed(~out)
        return self._walk_result

    def snapshot(self) -> RoundState:
        """The round just played, as an immutable record (what a demo draws, what a test reads)."""
        return snapshot(self)


def _number(v: float) -> float | None:
    return None if v != v else float(v)
