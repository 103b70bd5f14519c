"""Two-level games (docs/explanation/model.md, section 15; Putnam 1988): a party answers to principals who
must ratify what it agrees. A principal never bargains; when the talks reach an agreement it approves it if
the package crosses none of its red lines (as they stand) and gives it at least its value of no deal, or
vetoes it. Without the quota of approvals the agreement is withdrawn: the talks end (``on_veto: end``), or go
on with the party holding the principals' win-set (Putnam's acceptable set of the agent shrunk to its
principals'): it accepts only what they would ratify, and where every principal must approve it holds the
red lines of those who vetoed as its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from negosim import events as ev
from negosim.numeric import EPS

if TYPE_CHECKING:
    from negosim.engine.model import NegotiationModel


@dataclass(frozen=True)
class Rule:
    """Party ``p`` (its agent index; ``actor``, its actor index) needs ``needed`` of ``by`` (actor indices)."""

    p: int
    actor: int
    by: tuple[int, ...]
    needed: int
    end: bool  # a veto ends the talks


class Ratification:
    """Who ratifies each party's agreements on ``m``; the parties that learned their principals' win-set."""

    def __init__(self, m: NegotiationModel):
        self.m = m
        actors = m.space.actors
        self.rules = []
        for party in m.parties:
            rb = m.spec.actors[party.name].ratified_by
            if rb is not None:
                by = tuple(actors.index(b) for b in rb.by)
                self.rules.append(Rule(party.index, party.actor, by, rb.needed, rb.on_veto == "end"))
        self.learned: set[int] = set()  # parties that accept only what their principals would ratify
        self.ended = False  # a veto ended the talks
        self._passed: np.ndarray | None = None  # the package last ratified

    def approves(self, principal: int, x: np.ndarray) -> np.ndarray:
        """Whether ``principal`` ratifies package ``x`` (K,) or each of packages (N, K): inside its red lines as
        they stand, and worth at least its value of no deal now (with any carrot offered it)."""
        m = self.m
        u = m.space.utility(x)[principal] + m.carrot[principal]
        return m.space.feasible(x)[principal] & (u >= m.batna[principal] - EPS)

    def accepts(self, p: int, x: np.ndarray) -> np.ndarray | bool:
        """Whether party ``p`` may accept ``x`` (K,) or each of (N, K): anything until a veto taught it, then
        only what its quota of principals would ratify."""
        if p not in self.learned:
            return True
        rule = next(r for r in self.rules if r.p == p)
        return sum(self.approves(b, x).astype(int) for b in rule.by) >= rule.needed

    def passed(self, x: np.ndarray) -> bool:
        """Whether ``x`` is ratified: asked once per package (an interim settlement asks before it banks the
        last pieces; the agreement it then makes is not asked again)."""
        if self._passed is not None and np.array_equal(self._passed, x):
            return True
        if not self.ratify(x):
            return False
        self._passed = x.copy()
        return True

    def ratify(self, x: np.ndarray) -> bool:
        """Each principal of each party still at the table approves or vetoes ``x`` (an event each); whether
        every such party's quota ratified it. A veto withdraws it and ends the talks or teaches the party."""
        m = self.m
        ok = True
        for rule in (r for r in self.rules if r.p not in m.endings.walked):
            yes = [bool(self.approves(b, x)) for b in rule.by]
            carried = sum(yes) >= rule.needed
            party = m.parties[rule.p].name
            for b, y in zip(rule.by, yes, strict=True):
                name = m.space.actors[b]
                m.emit(ev.Ratify(m.round + 1, name, party) if y
                       else ev.Veto(m.round + 1, name, party, self.why_not(b, x), not carried, rule.end))  # fmt: skip
            if not carried:
                ok = False
                self._vetoed(rule, [b for b, y in zip(rule.by, yes, strict=True) if not y])
        return ok

    def why_not(self, principal: int, x: np.ndarray) -> str:
        """Why ``principal`` vetoes ``x``: the red line it crosses, or too little value."""
        m = self.m
        line = m.space.crossed_line(principal, x)
        if line is not None:
            return f"it crosses its red line {line}"
        u = float(m.space.utility(x)[principal]) + float(m.carrot[principal])
        return f"it is worth {u:.2f} to it, less than no deal ({float(m.batna[principal]):.2f})"

    def _vetoed(self, rule: Rule, vetoers: list[int]) -> None:
        m = self.m
        if rule.end:
            self.ended = True
            return
        self.learned.add(rule.p)
        if rule.needed == len(rule.by):  # every principal must approve: the vetoers' red lines bind the party
            for b in vetoers:
                m.redlines.adopt(rule.actor, b)
            m.rebound()
