"""Red lines that may erode under pressure (docs/explanation/model.md, sections 3 and 7).

A red line with firmness f < 1 gives way to leverage: each round a pressure of size q (the stick
plus the carrot of one presser on the line's holder) moves its bound by at most ``(1 - f) * q``
of the issue's range. The bound moves only outward (the line relaxes, it never tightens), toward
what the presser wants on the issue (its ideal, or its best option) and never past it; a presser
with no position on the issue wears the line toward the end of the range. A bound that excludes
its holder's own ideal stops at that ideal. On a discrete issue the erosion accumulates and
readmits one option per full step (Beardsley 2008 on leverage; the rule itself is negosim's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from negosim.engine.space import Space
from negosim.scenario import bounds
from negosim.scenario.models import Scenario


@dataclass
class Line:
    """One red line's own bounds: ``lo``/``hi`` on a continuous issue, ``allowed`` options on a discrete one."""

    actor: int
    issue: int
    firmness: float
    lo: float
    hi: float
    allowed: np.ndarray  # (O,) bool
    stop_lo: float = -np.inf  # continuous: the holder's ideal where the line excluded it at the start
    stop_hi: float = np.inf
    carry: float = 0.0  # discrete: erosion accumulated toward the next option, in option steps


class RedLines:
    """Every actor's red lines, their erosion, and the arrays of the bounds as they stand."""

    def __init__(self, scenario: Scenario, space: Space):
        self.base = space
        O = space.table.shape[-1]
        self.lines: list[Line] = []
        for a, aid in enumerate(space.actors):
            for rl in scenario.actors[aid].red_lines:
                k = space.issues.index(rl.issue)
                lo, hi, own = bounds.of_red_line(scenario.issues[rl.issue], rl)
                allowed = np.zeros(O, dtype=bool)
                allowed[: len(own)] = own
                line = Line(a, k, rl.firmness, lo, hi, allowed)
                if space.weight[a, k] > 0 and not space.discrete[k]:  # never past the holder's own ideal
                    own = float(space.ideal[a, k])
                    line.stop_lo = own if own < line.lo else -np.inf
                    line.stop_hi = own if own > line.hi else np.inf
                self.lines.append(line)
        self.soft = [n for n, line in enumerate(self.lines) if line.firmness < 1]
        self.start = [(line.lo, line.hi, line.allowed.copy()) for line in self.lines]
        self.lo, self.hi, self.allowed = space.lo.copy(), space.hi.copy(), space.allowed.copy()

    def erode(self, target: int, presser: int, q: float) -> list[tuple[int, float, float, float, float, int]]:
        """Apply one round of pressure ``q`` from ``presser`` to ``target``'s soft red lines.

        Returns one (issue, lo before, hi before, lo after, hi after, option readmitted or -1) per line moved.
        """
        moved = []
        for n in self.soft:
            line = self.lines[n]
            if line.actor != target or q <= 0:
                continue
            step = (1.0 - line.firmness) * q
            before = (line.lo, line.hi)
            if self.base.discrete[line.issue]:
                option = self._readmit(line, presser, step)
                if option >= 0:
                    moved.append((line.issue, *before, *before, option))
            elif self._relax(line, presser, step):
                moved.append((line.issue, *before, line.lo, line.hi, -1))
            else:
                continue
            self._recombine(line.actor, line.issue)
        return moved

    def can_open(self, k: int, lo: float, hi: float, pressers: dict[int, list[tuple[int, float]]]) -> bool:
        """Whether the pressure on each actor in ``pressers`` (actor -> [(presser, size)]) can move every red
        line of theirs that excludes all of ``[lo, hi]`` on issue ``k`` until it no longer does."""
        s = self.base
        for actor, pushes in pressers.items():
            for line in self.lines:
                if line.actor != actor or line.issue != k or not self._excludes(line, lo, hi):
                    continue
                if line.firmness >= 1 or not any(self._reaches(line, p, lo, hi) for p, _ in pushes):
                    return False
        return bool(s.n_issues)

    def _excludes(self, line: Line, lo: float, hi: float) -> bool:
        if self.base.discrete[line.issue]:
            codes = np.arange(len(line.allowed))
            return not (line.allowed & (codes >= lo - 1e-9) & (codes <= hi + 1e-9)).any()
        return line.lo > hi + 1e-9 or line.hi < lo - 1e-9

    def _reaches(self, line: Line, presser: int, lo: float, hi: float) -> bool:
        """Whether ``presser``'s pressure can open ``line`` into ``[lo, hi]`` (where it is headed, and how far)."""
        s, k = self.base, line.issue
        positioned = s.weight[presser, k] > 0
        if s.discrete[k]:
            if not positioned:
                return True
            want = int(np.argmax(s.table[presser, k, : len(s.options[k])]))
            return bool(lo - 1e-9 <= want <= hi + 1e-9) or (not s.categorical[k] and self._between(line, want, lo, hi))
        low, high = s.low[k], s.low[k] + s.width[k]
        if line.lo > hi + 1e-9:
            goal = s.ideal[presser, k] if positioned else low
            return max(goal, line.stop_lo) <= hi + 1e-9
        goal = s.ideal[presser, k] if positioned else high
        return min(goal, line.stop_hi) >= lo - 1e-9

    @staticmethod
    def _between(line: Line, want: int, lo: float, hi: float) -> bool:
        """Ordered options: readmitting toward ``want`` passes through ``[lo, hi]``."""
        inside = np.flatnonzero(line.allowed)
        if not len(inside):
            return True
        edge = inside.max() if want > inside.max() else inside.min()
        a, b = sorted((edge, want))
        return a <= hi + 1e-9 and lo - 1e-9 <= b

    def _relax(self, line: Line, presser: int, step: float) -> bool:
        s, k = self.base, line.issue
        low, high = s.low[k], s.low[k] + s.width[k]
        positioned = s.weight[presser, k] > 0
        goal_lo = s.ideal[presser, k] if positioned else low
        goal_hi = s.ideal[presser, k] if positioned else high
        lo, hi = line.lo, line.hi
        if np.isfinite(lo) and max(goal_lo, line.stop_lo) < lo:
            lo = max(lo - step * s.width[k], goal_lo, line.stop_lo)
        if np.isfinite(hi) and min(goal_hi, line.stop_hi) > hi:
            hi = min(hi + step * s.width[k], goal_hi, line.stop_hi)
        changed = (lo, hi) != (line.lo, line.hi)
        line.lo, line.hi = lo, hi
        return changed

    def _readmit(self, line: Line, presser: int, step: float) -> int:
        """Discrete: accumulate ``step`` (a share of the range); at a full option step readmit one option."""
        s, k = self.base, line.issue
        n = len(s.options[k])
        excluded = np.flatnonzero(~line.allowed[:n])
        if not len(excluded):
            return -1
        positioned = s.weight[presser, k] > 0
        want = int(np.argmax(s.table[presser, k, :n])) if positioned else -1
        if positioned and line.allowed[want]:
            return -1  # the presser already has what it wants here
        line.carry += step * (n - 1)
        if line.carry < 1.0:
            return -1
        line.carry -= 1.0
        if s.categorical[k]:
            option = want if positioned else int(excluded[np.argmax(s.table[line.actor, k, excluded])])
        else:
            inside = np.flatnonzero(line.allowed[:n])
            edge = excluded[(np.abs(excluded[:, None] - inside[None, :]) == 1).any(axis=1)] if len(inside) else excluded
            if positioned:
                option = int(edge[np.argmin(np.abs(edge - want))])
            else:
                option = int(edge[np.argmax(s.table[line.actor, k, edge])])
        line.allowed[option] = True
        return option

    def _recombine(self, a: int, k: int) -> None:
        """Actor ``a``'s bounds on issue ``k`` from all its red lines there, as they stand."""
        O = self.base.table.shape[-1]
        mine = [(line.lo, line.hi, line.allowed) for line in self.lines if line.actor == a and line.issue == k]
        lo, hi, allowed = bounds.intersect(mine, O)
        allowed[max(len(self.base.options[k]), 1) :] = False
        self.lo[a, k], self.hi[a, k], self.allowed[a, k] = lo, hi, allowed

    def space(self) -> Space:
        """The scenario's space with the red lines as they stand now."""
        return replace(self.base, lo=self.lo.copy(), hi=self.hi.copy(), allowed=self.allowed.copy())


def with_bounds(space: Space, edit: Callable[[np.ndarray, np.ndarray, np.ndarray], None]) -> Space:
    """``space`` with copies of its bounds (lo, hi, allowed) changed in place by ``edit``."""
    lo, hi, allowed = space.lo.copy(), space.hi.copy(), space.allowed.copy()
    edit(lo, hi, allowed)
    return replace(space, lo=lo, hi=hi, allowed=allowed)


def pinned(space: Space, values: np.ndarray) -> Space:
    """``space`` with the issues where ``values`` (K,) is not NaN fixed at those values for every actor."""
    fixed = np.flatnonzero(~np.isnan(values))
    if not len(fixed):
        return space

    def pin(lo: np.ndarray, hi: np.ndarray, allowed: np.ndarray) -> None:
        for k in fixed:
            if space.discrete[k]:
                allowed[:, k, :] = False
                allowed[:, k, int(values[k])] = True
            else:
                lo[:, k] = hi[:, k] = values[k]

    return with_bounds(space, pin)


def bridge(space: Space, parties: np.ndarray) -> Space:
    """``space`` where the parties' red lines leave no common value on an issue, opened on that issue:
    a continuous issue to the gap between the bounds that clash, a discrete one to the options some
    party accepts. A mediator drafts there, so its text crosses a red line only where no text could
    avoid it."""
    lo, hi, allowed = space.lo.copy(), space.hi.copy(), space.allowed.copy()  # never the caller's arrays
    changed = False
    for k in range(space.n_issues):
        n = max(len(space.options[k]), 1)
        if space.discrete[k]:
            if not allowed[parties, k, :n].all(axis=0).any():
                allowed[parties, k, :n] = allowed[parties, k, :n].any(axis=0)
                changed = True
            continue
        top, bottom = lo[parties, k].max(), hi[parties, k].min()
        if top > bottom + 1e-9:  # the gap [bottom, top]: each side's nearest acceptable value bounds it
            lo[parties, k], hi[parties, k] = bottom, top
            changed = True
    return replace(space, lo=lo, hi=hi, allowed=allowed) if changed else space
