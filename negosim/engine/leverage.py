"""Leverage (docs/explanation/model.md, section 7; Beardsley 2008, 2011): sticks lower a target's value of no deal
round by round, carrots add to its value of any agreement, and either wears down the target's soft
red lines and preconditions. Every application is an event."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from negosim.engine import events as ev
from negosim.engine import preconditions as pre
from negosim.engine.describe import bound_text

if TYPE_CHECKING:
    from negosim.engine.model import NegotiationModel


class Leverage:
    """The scenario's pressure: who presses whom by how much, and what it has done so far."""

    def __init__(self, model: NegotiationModel):
        self.m = model
        actors = model.space.actors
        self.pressures = [
            (actors.index(aid), actors.index(pr.target), pr.stick, pr.carrot)
            for aid, actor in model.spec.actors.items()
            for pr in actor.pressure
        ]
        A = len(actors)
        self.carrot = np.zeros(A)  # (A,) value added to any agreement
        self.sticks = np.zeros(A)  # (A,) sticks received so far
        self.pressed = np.zeros(A, dtype=bool)  # pressed at all
        for _, target, stick, carrot in self.pressures:
            self.pressed[target] |= stick + carrot > 0

    def reprice(self) -> None:
        """Each actor's value of no deal: its reservation, or its value of war, less the sticks received."""
        self.m.batna = np.clip(self.m.war_value - self.sticks, 0.0, 1.0)

    def press(self) -> None:
        """Stage press: every pressure applies once a round; red lines erode and preconditions wear."""
        m = self.m
        self.carrot[:] = 0.0
        for _, target, stick, carrot in self.pressures:
            self.sticks[target] += stick
            self.carrot[target] += carrot
        self.reprice()
        moved: set[int] = set()
        for source, target, stick, carrot in self.pressures:
            q, src, tgt = stick + carrot, m.space.actors[source], m.space.actors[target]
            if q > 0:
                m.emit(ev.Press(m.round + 1, src, tgt, stick, carrot, float(m.batna[target])))
            if m.redlines is not None and (changes := m.redlines.erode(target, source, q)):
                m.emit(ev.Erode(m.round + 1, tgt, src, tuple(self._change(*c) for c in changes)))
                moved.add(target)
            for pc in pre.wear(m.pcs, target, source, q):
                pc.round = m.round + 1
                m.emit(ev.Waive(m.round + 1, tgt, pc.id, tuple(m.space.actors[a] for a in pc.pressers)))
                moved.add(target)
        if moved:
            m.rebound(moved)

    def _change(self, k: int, lo0: float, hi0: float, lo1: float, hi1: float, option: int) -> str:
        """One moved red line in words: ``crimea <= 0.500 -> <= 0.508`` or ``border middle acceptable again``."""
        s = self.m.space
        if option >= 0:
            return f"{s.issues[k]} {s.options[k][option]} acceptable again"
        after = bound_text(s, k, lo1, hi1, digits=3).split(" ", 1)[1]
        return f"{bound_text(s, k, lo0, hi0, digits=3)} -> {after}"

    def can_break(self, why: int, group: list[int]) -> bool:
        """Whether pressure may yet break a deadlock: a soft precondition or red line under pressure."""
        m = self.m
        if any(m.pcs[n].firmness < 1 and self.pressed[m.pcs[n].holder] for n in group):
            return True
        pc = m.pcs[group[0]]
        if why == pre.RED_LINES and m.redlines is not None:
            pressers = {t: [(src, st + ca) for src, tt, st, ca in self.pressures if tt == t and st + ca > 0]
                        for t in m.space.parties}  # fmt: skip
            return m.redlines.can_open(pc.issue, pc.lo, pc.hi, pressers)
        return False
