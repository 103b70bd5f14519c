"""The agenda (docs/explanation/model.md, section 4): issues off the table stay at their status quo.

An issue a party refuses to discuss (``refuses_to_discuss``) is off the agenda for the whole talks; an
issue in the scenario's ``agenda`` is off until the package on the table (the standing offer, or the
mediator's text) or an interim agreement meets its ``opens_when``, and on from the next round. While an
issue is off, every party's offers and the mediator's text hold it at its status quo, it is never settled
ahead of the rest, and an agreement leaves it where it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from negosim import events as ev
from negosim.engine.bounds import rebound
from negosim.engine.redlines import with_bounds
from negosim.numeric import EPS
from negosim.scenario import bounds
from negosim.space import Space, inside

if TYPE_CHECKING:
    from negosim.engine.model import NegotiationModel


class Agenda:
    """Which issues are off the table (``off``, (K,) bool), why, and when a closed one opens."""

    def __init__(self, m: NegotiationModel):
        self.m = m
        sc, issues = m.spec, tuple(m.spec.issues)
        K = len(issues)
        self.status_quo = np.full(K, np.nan)
        for k, iid in enumerate(issues):
            sq = sc.issues[iid].status_quo
            if sq is not None:
                self.status_quo[k] = sc.issues[iid].code(sq) if sc.issues[iid].kind == "discrete" else float(sq)
        self.refused: dict[int, list[str]] = {}  # issue -> the parties that refuse to discuss it
        for aid, actor in sc.actors.items():
            for r in actor.refuses_to_discuss:
                self.refused.setdefault(issues.index(r.issue), []).append(aid)
        self.closed: dict[int, tuple[int, bounds.Bounds, str]] = {}  # issue -> (condition's issue, bounds, words)
        for iid, item in sc.agenda.items():
            req, when = item.opens_when, sc.issues[item.opens_when.issue]
            lifts = bounds.admitted(when, min=req.at_least, max=req.at_most, equals=req.equals)
            when_k = issues.index(req.issue)
            self.closed[issues.index(iid)] = (when_k, lifts, m.space.bounds_text(when_k, lifts))
        self.off = np.zeros(K, dtype=bool)
        self.off[list(self.refused) + list(self.closed)] = True
        self.any = bool(self.off.any())
        self._held: tuple[Space, bytes, Space] | None = None  # the last held space, by the space it was made from

    def pins(self, values: np.ndarray) -> np.ndarray:
        """``values`` (K,), NaN where unsettled, with each issue off the agenda held at its status quo."""
        if not self.any:
            return values
        return np.where(self.off & np.isnan(values), self.status_quo, values)

    def held(self, space: Space) -> Space:
        """``space`` with the issues still off the agenda fixed at their status quo for every actor: the outcome
        space the talks had, for the analysis and the reasons of a run (kept while ``space`` and the agenda stay
        the same: the recorder asks every round)."""
        if not self.off.any():
            return space
        key = (space, self.off.tobytes())
        if self._held is not None and self._held[0] is key[0] and self._held[1] == key[1]:
            return self._held[2]

        def hold(lo: np.ndarray, hi: np.ndarray, allowed: np.ndarray) -> None:
            for k in np.flatnonzero(self.off):  # an actor whose red line excludes the status quo keeps its line
                v = self.status_quo[k]
                if space.discrete[k]:
                    admits = allowed[:, k, int(v)].copy()
                    allowed[admits, k, :] = False
                    allowed[admits, k, int(v)] = True
                else:
                    admits = (lo[:, k] <= v + EPS) & (hi[:, k] >= v - EPS)
                    lo[admits, k] = hi[admits, k] = v

        self._held = (*key, with_bounds(space, hold))
        return self._held[2]

    def announce(self) -> None:
        """At the start: each issue off the agenda, and why."""
        m = self.m
        for k in np.flatnonzero(self.off):
            why = (f"{' and '.join(self.refused[k])} will not discuss it" if k in self.refused
                   else f"it opens once the package on the table meets {self.closed[k][2]}")  # fmt: skip
            m.emit(ev.OffAgenda(0, None, m.space.issues[k], m.space.label(k, self.status_quo[k]), why))

    def check(self) -> None:
        """Stage agenda: an issue whose condition the package on the table (or an interim agreement) now meets
        comes onto the agenda from the next round, unless a party refuses to discuss it."""
        m = self.m
        table = m.protocol.table.standing
        opened = []
        for k, (when, lifts, words) in list(self.closed.items()):
            there = m.interim.values[when]
            value = there if there == there else (table[when] if table is not None else np.nan)
            if value == value and bool(inside(m.space.discrete[when], lifts, np.array([value]))[0]):
                del self.closed[k]
                opened.append(k)
                m.emit(ev.Opened(m.round + 1, None, m.space.issues[k], words,
                                 f"{m.space.issues[when]} {m.space.label(when, value)}"))  # fmt: skip
        if opened:
            self.off[opened] = [k in self.refused for k in opened]
            rebound(m)
