"""Shocks: what happens to the talks from outside at a given round (docs/explanation/model.md, section 14).

A scenario's ``shocks:`` and the shocks a demo injects by hand go through the same ``apply``: a
battle won or lost (the front moves and both sides' beliefs update, as after a battle; no extra
cost, and no draw from the generator, so the rest of a seeded run is the same war), a statement
that changes a red line's or a precondition's firmness, an actor's salience of an issue or its position
on it (a demand that hardens or softens), new pressure (built up from the round it arrives), a mediator
arriving or leaving, a change of format (another protocol), the talks breaking down (the round's other stages
do not run: no offers, no agreement), the war starting or stopping. Each is an event; the war of a
``conflict.starts`` begins by a war shock of its own, first in its round.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from negosim import events as ev
from negosim.scenario import bounds
from negosim.scenario.models import Shock
from negosim.words import count

if TYPE_CHECKING:
    from negosim.engine.model import NegotiationModel


class Shocks:
    """Stage shocks: the shocks due this round, applied in the order written."""

    def __init__(self, m: NegotiationModel):
        self.m = m
        war = m.spec.conflict
        begins = [Shock(round=war.starts, kind="war", action="start")] if war and war.starts and war.starts > 1 else []
        self.pending: list[Shock] = sorted([*begins, *m.spec.shocks], key=lambda s: s.round)  # stable: file order
        first = {}
        for shock in self.pending:
            if shock.kind == "mediator":
                first.setdefault(shock.actor, shock.present)
        #: mediators away from the table: those whose first mediator shock is an arrival
        self.away: set[int] = {m.space.actors.index(a) for a, present in first.items() if present}
        self.used = bool(self.pending)  # a stage of every round once the talks have shocks

    @property
    def due(self) -> bool:
        return bool(self.pending) and self.pending[0].round <= self.m.round + 1

    def add(self, shock: Shock) -> None:
        """Queue ``shock`` (a demo's, by hand): it applies at the start of its round, or of the next round
        to be played if that round has passed."""
        now = self.m.round + 1
        self.pending = sorted([*self.pending, shock], key=lambda s: max(s.round, now))  # one assignment: a
        self.used = True  # demo's thread may add while the round's thread reads

    def __call__(self) -> None:
        if not self.due:
            return
        r, pending = self.m.round + 1, self.pending  # one read: a demo's thread may add one meanwhile
        due = [s for s in pending if s.round <= r]
        self.pending = [s for s in self.pending if s not in due]  # what came in meanwhile stays
        for shock in due:
            apply(self.m, shock)


def apply(m: NegotiationModel, shock: Shock) -> None:
    """Apply one shock to ``m`` now and tell it as an event."""
    what = _KINDS[shock.kind](m, shock)
    m.emit(ev.Shock(m.round + 1, shock.actor, shock.kind, what, shock.text))


def _battle(m: NegotiationModel, shock: Shock) -> str:
    war = m.war
    war.battle(shock.winner)
    m.war_moved()
    side = ", ".join(m.spec.conflict.sides[shock.winner])
    fronts = ", ".join(f"{iid} {v:.2f}" for iid, v in zip(m.spec.conflict.contested, war.front, strict=True))
    return f"side {shock.winner} ({side}) wins a battle" + (f"; front {fronts}" if fronts else "")


def _firmness(m: NegotiationModel, shock: Shock) -> str:
    a = m.space.actors.index(shock.actor)
    if shock.precondition is not None:
        pc = next(pc for pc in m.pcs if pc.holder == a and pc.id == shock.precondition)
        before, pc.firmness = pc.firmness, shock.firmness
        what = f"precondition {pc.id}"
    else:
        before = m.redlines.set_firmness(a, m.space.issues.index(shock.issue), shock.firmness)
        what = f"red line on {shock.issue}"
    m.restage()
    return f"{shock.actor}'s {what}: firmness {before:.2f} -> {shock.firmness:.2f}"


def _salience(m: NegotiationModel, shock: Shock) -> str:
    before, after = m.reweigh(m.space.actors.index(shock.actor), m.space.issues.index(shock.issue), shock.salience)
    return f"{shock.actor}'s salience of {shock.issue}: weight {before:.2f} -> {after:.2f}"


def _pressure(m: NegotiationModel, shock: Shock) -> str:
    lev, actors = m.leverage, m.space.actors
    stick, carrot, over = shock.stick or 0.0, shock.carrot or 0.0, shock.over or 1
    lev.add(actors.index(shock.actor), actors.index(shock.target), stick, carrot, over)
    m.restage()
    parts = [f"a stick of {stick:g}" if stick else "", f"a carrot of {carrot:g}" if carrot else ""]
    build = f", at full strength in {over} rounds" if over > 1 else ""
    return f"{shock.actor} presses {shock.target} with {' and '.join(p for p in parts if p)}{build}"


def _mediator(m: NegotiationModel, shock: Shock) -> str:
    a, away, who = m.space.actors.index(shock.actor), m.shocks.away, shock.actor
    if shock.present == (a not in away):  # it is where the shock would put it already
        return f"{who} is {'at the table' if shock.present else 'away'} already: nothing changes"
    if shock.present:
        away.discard(a)
        m.leverage.arrive(a)
        m.restage()
        return f"{who} comes to the table"
    away.add(a)
    unwinds = m.leverage.leave(a)
    m.restage()
    alone = not any(x.actor not in away for x in m.mediators)  # no other mediator takes over the text
    lapses = "; its text lapses" if m.protocol.has_text and m.protocol.table.text is not None and alone else ""
    undo = f"; its pressure unwinds over {count(unwinds, m.spec.round_unit)}" if unwinds else ""
    return f"{who} leaves the table{lapses}{undo}"


def _position(m: NegotiationModel, shock: Shock) -> str:
    a, k = m.space.actors.index(shock.actor), m.space.issues.index(shock.issue)
    s, issue = m.base, m.spec.issues[shock.issue]
    if shock.ideal is not None:
        before = float(s.ideal[a, k])
        m.reposition(a, k, shock.ideal, None)
        return f"{shock.actor}'s position on {shock.issue}: ideal {before:g} -> {shock.ideal:g}"
    values = np.zeros(s.table.shape[-1])
    for option, v in shock.values.items():
        values[issue.code(option)] = v
    before = _best_option(s, a, k)
    m.reposition(a, k, None, values)
    return (
        f"{shock.actor}'s position on {shock.issue}: it now wants {_best_option(m.base, a, k)} most (before: {before})"
    )


def _red_line(m: NegotiationModel, shock: Shock) -> str:
    a, k = m.space.actors.index(shock.actor), m.space.issues.index(shock.issue)
    b = bounds.admitted(
        m.spec.issues[shock.issue], min=shock.min, max=shock.max, equals=shock.equals, not_in=shock.not_in or ()
    )
    before, f = m.redlines.redraw(a, k, b, shock.firmness)
    m.rebound()
    m.restage()
    return f"{shock.actor}'s red line on {shock.issue}: {m.space.bounds_text(k, b)} (before: {before}); firmness {f:g}"


def _protocol(m: NegotiationModel, shock: Shock) -> str:
    before = m.protocol.words
    m.switch_protocol(shock.protocol)
    return f"the talks change format: {m.protocol.words} (before: {before})"


def _breakdown(m: NegotiationModel, shock: Shock) -> str:
    m.endings.break_off(shock.actor, shock.cause)
    return f"{shock.actor} walks out" if shock.actor else "the talks break down"


def _war(m: NegotiationModel, shock: Shock) -> str:
    if shock.action == "start":
        again = m.set_war(True)
        return f"the war {'resumes' if again else 'begins'}: battles and costs of war from this {m.spec.round_unit}"
    m.set_war(False)
    fronts = ", ".join(f"{iid} {v:.2f}" for iid, v in zip(m.spec.conflict.contested, m.war.front, strict=True))
    return "the war stops: no battles, no costs of war" + (f"; the front holds at {fronts}" if fronts else "")


def _best_option(s, a: int, k: int) -> str:
    return s.options[k][int(np.argmax(s.table[a, k, : len(s.options[k])]))]


_KINDS = {"battle": _battle, "firmness": _firmness, "salience": _salience, "pressure": _pressure,
          "mediator": _mediator, "position": _position, "red_line": _red_line, "protocol": _protocol,
          "breakdown": _breakdown, "war": _war}  # fmt: skip
