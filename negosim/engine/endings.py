"""How the talks end (docs/explanation/model.md, section 9): an agreement, a party walking out, a breakdown from
outside (a shock), a deadlock no pressure can break, or the deadline with some issues settled or none, and what
the scenario says follows the deadline (the status quo, a breakdown, the war). ``Endings`` finds the deadlocks each
round (the stage ``preconditions``) and, after the round, says whether and how the talks ended, as an event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from negosim import events as ev
from negosim.engine import preconditions as pre
from negosim.engine.describe import precondition_text
from negosim.numeric import EPS
from negosim.words import count

if TYPE_CHECKING:
    from negosim.engine.model import NegotiationModel

#: How a run ends (docs/explanation/model.md, section 9); "running" while it has not.
AGREEMENT, PARTIAL, BREAKDOWN, STALEMATE, DEADLINE, RUNNING = (
    "agreement", "partial", "breakdown", "stalemate", "deadline", "running"
)  # fmt: skip


class Endings:
    """Whether and how the talks on ``m`` end; the parties that walked out; a stalemate found."""

    def __init__(self, m: NegotiationModel):
        self.m = m
        self.stalemate: tuple[int, list[int]] | None = None  # (why, group): a deadlock no pressure can break
        self._seen_deadlocks: set[tuple[int, ...]] = set()
        self.walked: set[int] = set()  # parties that walked out (a quota may go on without them)
        self._walk_key, self._walk_result = b"", False  # walk_out's last answer, by what it depends on
        self.broken: tuple[str | None, str] | None = None  # (who walks out, the cause) of a breakdown shock
        self.then: str | None = None  # what followed the deadline, where the scenario says it (breakdown, war)

    @property
    def going(self) -> bool:
        """The round's stages go on: no stalemate found, no breakdown shock this round."""
        return self.stalemate is None and self.broken is None

    def break_off(self, actor: str | None, cause: str) -> None:
        """A breakdown shock: the talks end at this round, with no agreement, for ``cause``."""
        self.broken = (actor, cause)

    def after_round(self) -> str | None:
        """How the round just played ends the talks, if it does; the ending is an event."""
        m = self.m
        r = m.round + 1
        if self.broken is not None:
            m.emit(ev.Breakdown(r, self.broken[0], cause=self.broken[1]))
            return BREAKDOWN
        if not m.agreement_reached and (m.ratification.ended or self.walk_out()):
            return BREAKDOWN  # a walk-out, or a veto that ends the talks (its event says it)
        if m.agreement_reached:
            off = tuple(m.space.issues[k] for k in np.flatnonzero(m.agenda.off))
            m.emit(ev.Agreement(r, None, m.space.as_dict(m.agreement), off or None))
            return AGREEMENT
        if self.stalemate is None and r >= m.rounds:
            groups = pre.deadlocks(m.pcs, m.agenda.pins(m.interim.values), m.space, m.space.parties)
            self.stalemate = groups[0] if groups else None  # still deadlocked when the rounds run out
        if self.stalemate is not None:
            m.emit(self._deadlock_event(ev.Stalemate, *self.stalemate, early=r < m.rounds))
            return STALEMATE
        if r < m.rounds:
            return None
        then = m.spec.deadline.then if m.spec.deadline is not None else "status_quo"
        if then == "breakdown":
            self.then = then
            m.emit(
                ev.Breakdown(
                    r, None, cause=f"the deadline passed with no agreement after {count(r, m.spec.round_unit)}"
                )
            )
            return BREAKDOWN
        ending = self._deadline(r)
        if then == "war":
            self.then = then
            m.set_war(True)
            m.emit(ev.Shock(r, None, "war", "the deadline passed with no agreement: the war begins"))
        return ending

    def _deadline(self, r: int) -> str:
        """The deadline passed with no agreement: some issues settled on their own (partial), or none."""
        m = self.m
        done = ~np.isnan(m.interim.values)
        if done.any():
            issues = m.space.issues
            m.emit(ev.Partial(r, None, tuple(issues[k] for k in np.flatnonzero(done)),
                                 tuple(issues[k] for k in np.flatnonzero(~done & ~m.agenda.off)),
                                 m.spec.round_unit))  # fmt: skip
            return PARTIAL
        m.emit(ev.Deadline(r, None, m.spec.round_unit, _number(m.recorder.distance())))
        return DEADLINE

    def deadlocks(self) -> None:
        """Stage preconditions: find deadlocks; one that no pressure can break is a stalemate (s. 4)."""
        m = self.m
        groups = pre.deadlocks(m.pcs, m.agenda.pins(m.interim.values), m.space, m.space.parties)
        for why, group in groups:
            if not m.leverage.can_break(why, group):
                self.stalemate = (why, group)
                return
        for why, group in groups:
            key = (why, *group)
            if key not in self._seen_deadlocks:  # a new deadlock that pressure may yet break
                self._seen_deadlocks.add(key)
                m.emit(self._deadlock_event(ev.Deadlock, why, group))
        self._seen_deadlocks &= {(why, *group) for why, group in groups}

    def _deadlock_event(self, kind, why: int, group: list[int], **extra):
        """A deadlock or stalemate event: the precondition that cannot be met, and why not."""
        m = self.m
        s = m.space
        names = [precondition_text(m.pcs[n], s) for n in group]
        pc = m.pcs[group[0]]
        if why == pre.SETTLED:
            at = s.label(pc.issue, m.interim.values[pc.issue])
            why_text = f"can no longer be met: {s.issues[pc.issue]} was settled at {at}"
        elif why == pre.RED_LINES:
            why_text = "cannot be met: it lies across a party's red lines"
        elif why == pre.WHOLE:
            why_text = f"cannot be met: {s.issues[pc.issue]} is not separable, so only the whole package settles it"
        else:
            why_text = f"cannot be met while {' and '.join(names[1:])} stands"
        return kind(m.round + 1, None, names[0], why_text, **extra)

    def walk_out(self) -> bool:
        """A party whose value of no deal beats every package inside its red lines walks out (s. 9): the
        talks break down, unless the parties still at the table can agree by the protocol's rule (a
        quota the others carry); then it takes no more part (it accepts nothing) and the talks go on."""
        m = self.m
        key = m.batna.tobytes() + m.carrot.tobytes()
        if key == self._walk_key:  # nothing it depends on has moved: nobody new walks out
            return self._walk_result
        out = m.batna[m.space.parties] > m.umax[m.space.parties] + m.carrot[m.space.parties] + EPS
        for party in m.parties:
            if out[party.index] and party.index not in self.walked:
                self.walked.add(party.index)
                a = party.actor
                m.emit(ev.Breakdown(m.round + 1, m.space.actors[a], float(m.batna[a]),
                                       float(m.base.best_utility()[a])))  # fmt: skip
        self._walk_key, self._walk_result = key, bool(out.any()) and not m.protocol.rule.agreed(~out)
        return self._walk_result


def _number(v: float) -> float | None:
    return None if v != v else float(v)
