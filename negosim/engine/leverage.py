"""Leverage (docs/explanation/model.md, section 7; Beardsley 2008, 2011; Zartman 2000).

A mediator's pressure is bounded and builds up: at full strength (reached linearly over ``over``
rounds) a stick takes the share ``stick`` of the target's value of no deal (sticks on one target
compound, so together they never take all of it unless one is 1), and a carrot adds ``carrot`` of
the target's stake to its value of any agreement; a mediator who leaves takes it with it, unwinding it
as it was built up. The war presses too: a party at war feels, as pressure from the other side, the
utility the war has taken from its value of war since the talks began (a hurting war ripens the
conflict: Zartman 2000). Any pressure of size q wears the target's soft red lines and preconditions
by the law of engine/firmness.py. A threat's stick is the harm it threatens times the target's belief that it
will be carried out (engine/threats.py). Every application is an event.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from negosim import events as ev
from negosim.engine import preconditions as pre
from negosim.engine.threats import deterrent

if TYPE_CHECKING:
    from negosim.engine.model import NegotiationModel


@dataclass
class Push:
    """One presser's pressure on one target: full-strength stick and carrot, and its strength by round,
    linear from ``level`` at round ``start`` at 1/``over`` a round, up (``way`` +1) or down (-1), in [0, 1]."""

    source: int
    target: int
    stick: float
    carrot: float
    over: int
    start: int = 0
    level: float = 0.0
    way: int = 1

    def strength(self, rounds: int) -> float:
        return min(max(self.level + self.way * (rounds - self.start) / self.over, 0.0), 1.0)

    def turn(self, rounds: int, way: int) -> None:
        """From ``rounds`` on, build up (``way`` +1) or unwind (-1) from the strength it has reached."""
        self.level, self.start, self.way = self.strength(rounds), rounds, way


class Leverage:
    """The scenario's pressure: who presses whom by how much, and what it has done so far."""

    def __init__(self, model: NegotiationModel):
        self.m = model
        actors = model.space.actors
        specs = [(actors.index(aid), pr) for aid, actor in model.spec.actors.items() for pr in actor.pressure]
        #: every presser's pressure, kept at strength 0 while its mediator is away (from the start, or gone)
        self.pushes = [Push(source, actors.index(pr.target), deterrent(pr), pr.carrot, pr.over,
                            way=-1 if source in model.shocks.away else 1) for source, pr in specs]  # fmt: skip
        A = len(actors)
        self.carrot = np.zeros(A)  # (A,) value added to any agreement, now
        self.keep = np.ones(A)  # (A,) share of its value of no deal each actor keeps under the sticks, now
        self.rounds = 0  # rounds of pressure so far
        self.hurt = np.zeros(A)  # (A,) the war's pressure on each actor, as of this round's battle
        war = model.war
        self.at_war = [] if war is None else [(int(a), [int(b) for b in war.members[o]])
                                             for s, o in (("a", "b"), ("b", "a")) for a in war.members[s]]  # fmt: skip

    @property
    def active(self) -> bool:
        """Whether anything presses in this scenario: a mediator's pressure (building up, at full strength
        or unwinding), or a war."""
        return bool(self.pushes or self.at_war)  # a mediator away now may come: its pressure is kept at 0

    def add(self, source: int, target: int, stick: float, carrot: float, over: int) -> None:
        """New pressure from now on (a shock), built up over ``over`` rounds from the next press."""
        self.pushes.append(Push(source, target, stick, carrot, over, self.rounds))

    def leave(self, source: int) -> int:
        """``source`` leaves the table: its pressure unwinds as it was built up, 1/over of full strength a
        round from where it stands, and its target's value of no deal and carrot go back with it (model.md,
        section 14). Returns the rounds until all of it has unwound (0: it pressed no one)."""
        mine = [push for push in self.pushes if push.source == source]
        for push in mine:
            push.turn(self.rounds, -1)
        return max((math.ceil(push.level * push.over - 1e-9) for push in mine if push.stick + push.carrot), default=0)

    def arrive(self, source: int) -> None:
        """``source`` comes to the table: all of its pressure builds up again, from what is left of it (0 if
        it was away from the start or its pressure had unwound)."""
        for push in self.pushes:
            if push.source == source:
                push.turn(self.rounds, 1)

    def feel(self, hurt: np.ndarray) -> None:
        """The war's pressure on each actor from this round on (after a battle, or nothing under a ceasefire)."""
        self.hurt = hurt
        self.reprice()

    def reprice(self) -> None:
        """Each actor's value of no deal: its reservation, or its value of war, less the sticks' shares."""
        self.m.batna = np.clip(self.m.war_value * self.keep, 0.0, 1.0)

    def press(self) -> None:
        """Stage press: the war's and every mediator's pressure apply once a round; red lines erode and
        preconditions wear."""
        m = self.m
        self.rounds += 1
        self.carrot[:] = 0.0
        self.keep[:] = 1.0
        now = []
        for push in self.pushes:
            r = push.strength(self.rounds)
            now.append((push.source, push.target, push.stick * r, push.carrot * r))
            self.keep[push.target] *= 1.0 - push.stick * r
            self.carrot[push.target] += push.carrot * r
        self.reprice()
        moved: set[int] = set()
        for target, others in self.at_war:
            q = float(self.hurt[target]) / max(len(others), 1)
            for source in others:
                moved |= self._wear(source, target, q, war=True)
        for source, target, stick, carrot in now:
            if stick + carrot > 0:
                src, tgt = m.space.actors[source], m.space.actors[target]
                m.emit(ev.Press(m.round + 1, src, tgt, stick, carrot, float(m.batna[target])))
            moved |= self._wear(source, target, stick + carrot)
        if moved:
            m.rebound(moved)

    def _wear(self, source: int, target: int, q: float, war: bool = False) -> set[int]:
        """Pressure ``q`` from ``source`` on ``target``'s soft red lines and preconditions; the target, if
        anything of its moved."""
        m = self.m
        if q <= 0:
            return set()
        src, tgt, moved = m.space.actors[source], m.space.actors[target], set()
        if changes := m.redlines.erode(target, source, q):
            m.emit(ev.Erode(m.round + 1, tgt, src, tuple(self._change(*c) for c in changes), war=war))
            moved.add(target)
        for pc in pre.wear(m.pcs, target, source, q):
            pc.round = m.round + 1
            m.emit(ev.Waive(m.round + 1, tgt, pc.id, tuple(m.space.actors[a] for a in pc.pressers)))
            moved.add(target)
        return moved

    def _change(self, k: int, lo0: float, hi0: float, lo1: float, hi1: float, option: int) -> str:
        """One moved red line in words: ``crimea <= 0.500 -> <= 0.508`` or ``border middle acceptable again``."""
        s = self.m.space
        if option >= 0:
            return f"{s.issues[k]} {s.options[k][option]} acceptable again"
        after = s.bound_text(k, lo1, hi1, digits=3).split(" ", 1)[1]
        return f"{s.bound_text(k, lo0, hi0, digits=3)} -> {after}"

    def _pressers(self, target: int) -> list[tuple[int, float]]:
        """Who may press ``target`` and how hard at most: mediators, and the other side of a costly war."""
        out = [
            (p.source, p.stick + p.carrot)
            for p in self.pushes  # building up, or still unwinding
            if p.target == target and p.stick + p.carrot > 0 and (p.way > 0 or p.strength(self.rounds) > 0)
        ]
        war = self.m.war
        if war is not None and war.cost[target] > 0:
            out += [(src, 1.0) for tt, others in self.at_war if tt == target for src in others]
        return out

    def can_break(self, why: int, group: list[int]) -> bool:
        """Whether pressure may yet break a deadlock: a soft precondition or red line under pressure."""
        m = self.m
        if any(m.pcs[n].firmness < 1 and self._pressers(m.pcs[n].holder) for n in group):
            return True
        pc = m.pcs[group[0]]
        if why == pre.RED_LINES:
            return m.redlines.can_open(pc.issue, pc.lo, pc.hi, {t: self._pressers(t) for t in m.space.parties})
        return False
