"""Red lines that may erode under pressure (docs/explanation/model.md, section 3).

A red line with firmness f < 1 gives way to leverage by the law of engine/firmness.py: each round,
pressure q from one presser moves it the share ``q (1 - f) / (f R)`` of its way, from where it was
written toward what that presser wants (its ideal, or its best option; the end of the range from a
presser with no position there), never past that and never past the holder's own ideal where the line
excluded it; R is its holder's resolve on it, drawn once per run. A line only relaxes: what pressure
wore away stays worn. On a discrete issue the share accumulates in option steps and each full step
readmits the next option on the way (Beardsley 2008 on leverage; the rule itself is negosim's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from negosim.engine.firmness import breaking_points, give
from negosim.scenario import bounds
from negosim.scenario.models import Scenario
from negosim.space import Conditional, Space, conditional_line


@dataclass
class Line:
    """One red line's own bounds: ``lo``/``hi`` on a continuous issue, ``allowed`` options on a discrete one."""

    actor: int
    issue: int
    firmness: float
    lo: float
    hi: float
    allowed: np.ndarray  # (O,) bool
    breaking: float = 1.0  # its holder's resolve on it (the pressure-time, in odds of firmness, it withstands)
    stop_lo: float = -np.inf  # continuous: the holder's ideal where the line excluded it at the start
    stop_hi: float = np.inf
    carry: float = 0.0  # discrete: erosion accumulated toward the next option, in option steps
    cond: Conditional | None = None  # a line with ``unless``: what lifts it (kept apart from the bounds' arrays)


class RedLines:
    """Every actor's red lines, their erosion, and the arrays of the bounds as they stand."""

    def __init__(self, scenario: Scenario, space: Space, resolve: np.random.Generator | None = None):
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
                if rl.unless is not None:
                    line.cond = conditional_line(scenario, a, rl)
                if space.weight[a, k] > 0 and not space.discrete[k]:  # never past the holder's own ideal
                    own = float(space.ideal[a, k])
                    line.stop_lo = own if own < line.lo else -np.inf
                    line.stop_hi = own if own > line.hi else np.inf
                self.lines.append(line)
        for line, r in zip(self.lines, breaking_points(resolve, len(self.lines)), strict=True):
            line.breaking = float(r)  # every line's, firm ones too (a shock may soften one)
        self.soft = [n for n, line in enumerate(self.lines) if line.firmness < 1]
        self.start = [(line.lo, line.hi, line.allowed.copy()) for line in self.lines]
        self._resolve = resolve  # a line a shock draws anew takes its resolve from the same stream
        self.moved = False  # some line has moved: the bounds as they stand are no longer the scenario's
        self.lo, self.hi, self.allowed = space.lo.copy(), space.hi.copy(), space.allowed.copy()

    def set_firmness(self, actor: int, issue: int, firmness: float) -> float:
        """``actor``'s red lines on ``issue`` take ``firmness`` (a shock); the firmness they had."""
        found = [line for line in self.lines if line.actor == actor and line.issue == issue]
        before = found[0].firmness
        for line in found:
            line.firmness = firmness
        self.soft = [n for n, line in enumerate(self.lines) if line.firmness < 1]
        return before

    def adopt(self, agent: int, principal: int) -> None:
        """``agent`` holds ``principal``'s red lines, as they stand, as firm lines of its own (after a veto, s. 15)."""
        held = {(x.issue, x.lo, x.hi, x.allowed.tobytes(), x.cond and (x.cond.when, x.cond.lifts[:2]))
                for x in self.lines if x.actor == agent}  # fmt: skip
        for line in [line for line in self.lines if line.actor == principal]:
            own = Line(agent, line.issue, 1.0, line.lo, line.hi, line.allowed.copy(), line.breaking)
            own.cond = line.cond and replace(line.cond, actor=agent)  # a conditional line stays conditional
            key = (own.issue, own.lo, own.hi, own.allowed.tobytes(), own.cond and (own.cond.when, own.cond.lifts[:2]))
            if key in held:  # adopted at an earlier veto already
                continue
            held.add(key)
            self.lines.append(own)
            self.start.append((own.lo, own.hi, own.allowed.copy()))
            self._recombine(agent, line.issue)
            self.moved = True

    def redraw(self, actor: int, issue: int, b: bounds.Bounds, firmness: float | None) -> tuple[str, float]:
        """``actor``'s red lines on ``issue`` (those without a condition) become one line of bounds ``b`` from now
        on (a shock: a demand that becomes a line, or a line that moves), eroding from there; it keeps the first
        replaced line's resolve, or draws one. Returns the old bounds in words and the new line's firmness."""
        s = self.base
        mine = [n for n, line in enumerate(self.lines) if line.actor == actor and line.issue == issue and not line.cond]
        n = max(len(s.options[issue]), 1)
        before = s.bounds_text(issue, (self.lo[actor, issue], self.hi[actor, issue], self.allowed[actor, issue, :n]))
        O = s.table.shape[-1]
        allowed = np.zeros(O, dtype=bool)
        allowed[: len(b[2])] = b[2]
        f = firmness if firmness is not None else (self.lines[mine[0]].firmness if mine else 1.0)
        line = Line(actor, issue, f, b[0], b[1], allowed)
        if s.weight[actor, issue] > 0 and not s.discrete[issue]:  # never past the holder's own ideal
            own = float(s.ideal[actor, issue])
            line.stop_lo = own if own < line.lo else -np.inf
            line.stop_hi = own if own > line.hi else np.inf
        line.breaking = self.lines[mine[0]].breaking if mine else float(breaking_points(self._resolve, 1)[0])
        everything = np.ones(O, dtype=bool)
        for n in mine[1:]:  # the others give way to the new line: they no longer bound anything
            self.lines[n] = replace(self.lines[n], lo=-np.inf, hi=np.inf, allowed=everything.copy(), firmness=1.0)
            self.start[n] = (-np.inf, np.inf, everything.copy())
        if mine:
            self.lines[mine[0]], self.start[mine[0]] = line, (line.lo, line.hi, allowed.copy())
        else:
            self.lines.append(line)
            self.start.append((line.lo, line.hi, allowed.copy()))
        self.soft = [n for n, x in enumerate(self.lines) if x.firmness < 1]
        self._recombine(actor, issue)
        self.moved = True
        return before, f

    def rebase(self, space: Space) -> None:
        """The scenario's space changed (a shock changed a salience): lines are judged on ``space`` from now."""
        self.base = space

    def erode(self, target: int, presser: int, q: float) -> list[tuple[int, float, float, float, float, int]]:
        """Apply one round of pressure ``q`` from ``presser`` to ``target``'s soft red lines.

        Returns one (issue, lo before, hi before, lo after, hi after, option readmitted or -1) per line moved.
        """
        moved = []
        for n in self.soft:
            line = self.lines[n]
            if line.actor != target or q <= 0:
                continue
            share = give(q, line.firmness, line.breaking)
            before = (line.lo, line.hi)
            if self.base.discrete[line.issue]:
                options = self._readmit(n, presser, share)
                if not options:
                    continue
                moved += [(line.issue, *before, *before, option) for option in options]
            elif self._relax(n, presser, share):
                moved.append((line.issue, *before, line.lo, line.hi, -1))
            else:
                continue
            self._recombine(line.actor, line.issue)
        self.moved |= bool(moved)
        return moved

    def _goals(self, line: Line, presser: int) -> tuple[float, float]:
        """Continuous: where ``presser``'s pressure takes a ``min`` and a ``max`` of ``line`` at most."""
        s, k = self.base, line.issue
        if s.weight[presser, k] > 0:
            want = s.ideal[presser, k]
            return max(want, line.stop_lo), min(want, line.stop_hi)
        return max(s.low[k], line.stop_lo), min(s.low[k] + s.width[k], line.stop_hi)

    def _relax(self, n: int, presser: int, share: float) -> bool:
        """Move line ``n``'s bounds ``share`` of their way, from where they were written, toward the presser's goal."""
        line, (lo0, hi0, _) = self.lines[n], self.start[n]
        goal_lo, goal_hi = self._goals(line, presser)
        lo, hi = line.lo, line.hi
        if np.isfinite(lo) and goal_lo < lo:
            lo = max(lo - min(share, 1.0) * (lo0 - goal_lo), goal_lo)
        if np.isfinite(hi) and goal_hi > hi:
            hi = min(hi + min(share, 1.0) * (goal_hi - hi0), goal_hi)
        changed = (lo, hi) != (line.lo, line.hi)
        line.lo, line.hi = lo, hi
        return changed

    def _path(self, n: int, presser: int) -> np.ndarray:
        """Discrete: the options ``presser``'s pressure readmits to line ``n``, in order, from the written line."""
        line, s = self.lines[n], self.base
        k, written = line.issue, self.start[n][2]
        opts = len(s.options[k])
        excluded = np.flatnonzero(~written[:opts])
        if s.weight[presser, k] <= 0:  # no position: the holder's own order of preference
            return excluded[np.argsort(-s.table[line.actor, k, excluded], kind="stable")]
        want = int(np.argmax(s.table[presser, k, :opts]))  # where the line admits it already, the way is empty
        inside = np.flatnonzero(written[:opts])
        if s.categorical[k] or not len(inside):
            return np.array([want])
        edge = inside[np.argmin(np.abs(inside - want))]  # the nearest admitted option: walk from it to want
        step = 1 if want > edge else -1
        return np.arange(edge + step, want + step, step)

    def _readmit(self, n: int, presser: int, share: float) -> list[int]:
        """Discrete: accumulate ``share`` of the way in option steps; each full step readmits the next option."""
        line, way = self.lines[n], self._path(n, presser)
        path = [int(o) for o in way if not line.allowed[o]]
        if not path:
            return []  # the presser already has what it wants here
        line.carry += min(share, 1.0) * len(way)
        out = []
        while path and line.carry >= 1.0 - 1e-12:
            line.carry -= 1.0
            option = path.pop(0)
            line.allowed[option] = True
            out.append(option)
        if not path:
            line.carry = 0.0
        return out

    def can_open(self, k: int, lo: float, hi: float, pressers: dict[int, list[tuple[int, float]]]) -> bool:
        """Whether pressure could ever open issue ``k`` to some value of ``[lo, hi]`` for every party in
        ``pressers`` (party -> [(presser, size)]): each party's soft lines worn as far as its pressers can take
        them (firm lines and lines nobody presses stay), then some value inside all of them and the bound."""
        s = self.base
        opts = max(len(s.options[k]), 1)
        ranges = []
        for actor, pushes in pressers.items():
            mine = [(n, line) for n, line in enumerate(self.lines)
                    if line.actor == actor and line.issue == k and line.cond is None]  # fmt: skip
            ranges += [self._limit(n, line, [p for p, size in pushes if size > 0]) for n, line in mine]
        b_lo, b_hi, allowed = bounds.intersect(ranges, s.table.shape[-1])
        if s.discrete[k]:
            codes = np.arange(opts)
            return bool((allowed[:opts] & (codes >= lo - 1e-9) & (codes <= hi + 1e-9)).any())
        return max(b_lo, lo) <= min(b_hi, hi) + 1e-9

    def _limit(self, n: int, line: Line, pressers: list[int]) -> bounds.Bounds:
        """Line ``n`` worn as far as ``pressers`` could ever take it (as it stands if firm or unpressed)."""
        if line.firmness >= 1 or not pressers:
            return line.lo, line.hi, line.allowed
        if self.base.discrete[line.issue]:
            allowed = line.allowed.copy()
            for p in pressers:
                allowed[self._path(n, p)] = True
            return line.lo, line.hi, allowed
        goals = [self._goals(line, p) for p in pressers]
        lo = min(line.lo, *(g for g, _ in goals)) if np.isfinite(line.lo) else line.lo
        hi = max(line.hi, *(g for _, g in goals)) if np.isfinite(line.hi) else line.hi
        return lo, hi, line.allowed

    def _recombine(self, a: int, k: int) -> None:
        """Actor ``a``'s bounds on issue ``k`` from all its red lines there, as they stand."""
        O = self.base.table.shape[-1]
        mine = [(line.lo, line.hi, line.allowed) for line in self.lines
                if line.actor == a and line.issue == k and line.cond is None]  # fmt: skip
        lo, hi, allowed = bounds.intersect(mine, O)
        allowed[max(len(self.base.options[k]), 1) :] = False
        self.lo[a, k], self.hi[a, k], self.allowed[a, k] = lo, hi, allowed

    def space(self) -> Space:
        """The scenario's space with the red lines as they stand now."""
        conditional = tuple(
            replace(line.cond, line=(line.lo, line.hi, line.allowed[: max(len(self.base.options[line.issue]), 1)]))
            for line in self.lines
            if line.cond is not None
        )
        return replace(self.base, lo=self.lo.copy(), hi=self.hi.copy(), allowed=self.allowed.copy(),
                       conditional=conditional)  # fmt: skip


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
