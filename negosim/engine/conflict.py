"""The war around the talks: battles, beliefs, costs and a moving front (docs/explanation/model.md, section 6).

Each round without a ceasefire one battle is drawn from the model's seeded generator: side a wins
with the true probability p. Both sides watch it and update their Beta beliefs about p; contested
issues' fronts move toward the winner; every actor at war pays its cost. An actor's value of war
(its BATNA) is its reservation, plus what the front it expects at the horizon is worth to it
against the starting front, minus the costs paid and still expected (Fearon 1995; Wagner 2000;
Slantchev 2003; Powell 2004).
"""

from __future__ import annotations

import numpy as np

from negosim.numeric import EPS
from negosim.scenario.models import Conflict
from negosim.space import Space, single_peaked

SIDES = ("a", "b")


class War:
    """State of the conflict; ``fight`` plays one round, ``values`` prices war for every actor."""

    def __init__(self, spec: Conflict, space: Space, rng: np.random.Generator):
        A = len(space.actors)
        self.space, self.rng, self.p, self.horizon = space, rng, spec.p, spec.horizon
        self.side = np.full(A, "", dtype=object)  # actor -> "a", "b" or "" (not fighting)
        for s, members in spec.sides.items():
            for aid in members:
                self.side[space.actors.index(aid)] = s
        self.belief = {s: np.array(spec.beliefs.get(s, (1.0, 1.0)), dtype=float) for s in SIDES}
        self.cost = np.zeros(A)
        for aid, c in spec.cost_per_round.items():
            self.cost[space.actors.index(aid)] = c
        self.paid = np.zeros(A)
        self.issues = np.array([space.issues.index(i) for i in spec.contested], dtype=np.intp)
        self.step = np.array(list(spec.contested.values()), dtype=float)
        self.front0 = np.array([spec.front[i] for i in spec.contested], dtype=float)
        self.front = self.front0.copy()
        self.low = space.low[self.issues]
        self.high = self.low + space.width[self.issues]
        self.toward_a = self._direction(space)  # +1 where side a pushes the front up, -1 down
        self.members = {s: np.flatnonzero(self.side == s) for s in SIDES}
        self._value_args = {s: self._args(space, m) for s, m in self.members.items()}
        self._at_start = {s: single_peaked(self.front0, *a) for s, a in self._value_args.items()}
        cease = spec.ceasefire
        self.cease = None if cease is None else (space.issues.index(cease.issue), cease.at_least, cease.at_most)
        self.quiet = False  # a ceasefire holds
        self.wins = {"a": 0, "b": 0}
        self.start = self.unbounded(space.reservation)  # (A,) each actor's value of war as the talks begin
        self.on = spec.starts is None or spec.starts <= 1  # the war runs (not yet begun, or stopped: it does not)
        self.quiet = not self.on  # no battles, no costs, no war-driven value of no deal while it does not run
        self.begun = self.on

    def begin(self) -> bool:
        """The war begins, or resumes after a stop (a shock, or ``conflict.starts``): battles and costs from
        this round, unless the scenario's ceasefire holds. Whether it had run before."""
        before, self.begun = self.begun, True
        self.on, self.quiet = True, False
        return before

    def halt(self) -> None:
        """The war stops (a shock: a ceasefire from outside the talks): no battles, no costs, the front frozen."""
        self.on, self.quiet = False, True

    def _direction(self, space: Space) -> np.ndarray:
        """Which way side a pushes each contested issue: toward its members' mean ideal."""
        means = {s: space.ideal[self.side == s][:, self.issues].mean(axis=0) for s in SIDES}
        return np.where(means["a"] >= means["b"], 1.0, -1.0)

    def expects(self, s: str) -> float:
        """Side ``s``'s expected p: the mean of its Beta belief."""
        alpha, beta = self.belief[s]
        return alpha / (alpha + beta)

    def hold_fire(self, settled: np.ndarray) -> bool:
        """Whether a ceasefire holds from this round on (``quiet``); True only in the round it begins."""
        quiet = self.ceasefire_holds(settled)
        began, self.quiet = quiet and not self.quiet, quiet
        return began

    def rebase(self, space: Space) -> None:
        """The scenario's space changed (a shock changed a salience): the war weighs issues on ``space``."""
        self.space = space

    def ceasefire_holds(self, settled: np.ndarray) -> bool:
        """The ceasefire issue is settled (an interim agreement) inside the ceasefire's bound."""
        if self.cease is None:
            return False
        k, at_least, at_most = self.cease
        x = settled[k]
        return bool(x == x and (at_least is None or x >= at_least - EPS) and (at_most is None or x <= at_most + EPS))

    def fight(self) -> str:
        """One battle: the winner's side. Beliefs, fronts and costs follow it."""
        winner = "a" if self.rng.random() < self.p else "b"
        self.battle(winner)
        self.paid += self.cost
        return winner

    def battle(self, winner: str) -> None:
        """A battle ``winner`` wins: both sides update their beliefs, the fronts move toward it."""
        self.wins[winner] += 1
        for s in SIDES:  # both sides watch the battle (Bayesian updating of Beta(alpha, beta))
            self.belief[s] += (1.0, 0.0) if winner == "a" else (0.0, 1.0)
        push = self.toward_a * (1.0 if winner == "a" else -1.0)
        self.front = np.clip(self.front + self.step * push, self.low, self.high)

    def expected_front(self, s: str) -> np.ndarray:
        """Where side ``s`` expects the front after ``horizon`` more rounds (frozen under a ceasefire)."""
        if self.quiet:
            return self.front
        drift = self.step * self.toward_a * (2 * self.expects(s) - 1)
        return np.clip(self.front + drift * self.horizon, self.low, self.high)

    def _args(self, space: Space, members: np.ndarray) -> tuple:
        k = self.issues
        return space.ideal[members][:, k], space.width[k], space.quadratic[members][:, k]

    def values(self, reservation: np.ndarray) -> np.ndarray:
        """Each actor's value of war now (reservation for actors not fighting), in [0, 1]."""
        return np.clip(self.unbounded(reservation), 0.0, 1.0)

    def unbounded(self, reservation: np.ndarray) -> np.ndarray:
        """``values`` before it is kept in [0, 1]: what the war is worth, however far below nothing."""
        out = reservation.copy()
        ahead = 0.0 if self.quiet else self.horizon
        for side, members in self.members.items():
            if not len(members):
                continue
            weights = self.space.weight[members][:, self.issues]
            now = single_peaked(self.expected_front(side), *self._value_args[side])
            gain = (weights * (now - self._at_start[side])).sum(axis=1)
            out[members] = reservation[members] + gain - self.paid[members] - self.cost[members] * ahead
        return out

    def hurt(self, reservation: np.ndarray) -> np.ndarray:
        """The war's pressure on each actor now: the utility (a share of its stake) the war has taken from
        its value of war since the talks began, in [0, 1]; 0 for actors not fighting and while winning."""
        return np.clip(self.start - self.unbounded(reservation), 0.0, 1.0)

    def stalemate_expected(self) -> bool:
        """Neither side expects the front to reach its own end of any contested issue within the horizon."""
        for s in SIDES:
            own_end = np.where((self.toward_a > 0) == (s == "a"), self.high, self.low)
            if (np.abs(self.expected_front(s) - own_end) < 1e-12).any():
                return False
        return True
