"""The issue space and every actor's preferences as numpy arrays, built once per scenario.

Packages are float vectors with one entry per issue: the value for a continuous issue, the
option's index for a discrete one. Everything in the round loop works on these arrays.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from negosim.numeric import EPS
from negosim.scenario import bounds

if TYPE_CHECKING:
    from negosim.scenario.models import Scenario


#: Interior grid points per continuous issue offered to the trade-off search (for curved values).
GRID = 8
#: Packages whose utilities and feasibility a finite space keeps (the memo empties when full).
MEMO = 4096


def single_peaked(x: np.ndarray, ideal: np.ndarray, width: np.ndarray, quadratic: np.ndarray | bool) -> np.ndarray:
    """Value of ``x`` for an actor with an ``ideal`` point: ``1 - d`` or ``1 - d^2``, d = |x - ideal| / width.

    Single-peaked spatial preferences (docs/explanation/model.md, section 2; Black 1948).
    """
    d = np.abs(x - ideal) / width
    return np.where(quadratic, 1.0 - d * d, 1.0 - d)


@dataclass(frozen=True, eq=False)
class Conditional:
    """A red line of ``actor`` on ``issue`` that holds only while the package does not meet a condition on
    another issue, ``when`` (docs/explanation/model.md, section 3): bounds (lo, hi, allowed) of each."""

    actor: int
    issue: int
    line: bounds.Bounds  # what the line admits on ``issue``
    when: int
    lifts: bounds.Bounds  # the values of ``when`` that lift it


def inside(discrete: bool, b: bounds.Bounds, x: np.ndarray) -> np.ndarray:
    """Whether values ``x`` (option codes if ``discrete``) of one issue lie inside bounds ``b``."""
    lo, hi, allowed = b
    if discrete:
        return allowed[np.where(x == x, x, 0).astype(np.intp)]
    return (x >= lo - EPS) & (x <= hi + EPS)


@dataclass(frozen=True, eq=False)
class Space:
    """Issues and preferences of one scenario as arrays (A actors, K issues, O max options)."""

    issues: tuple[str, ...]
    actors: tuple[str, ...]
    parties: np.ndarray  # (P,) actor indices of the parties, in scenario order
    discrete: np.ndarray  # (K,) bool
    categorical: np.ndarray  # (K,) bool: discrete and unordered (distance 0/1)
    low: np.ndarray  # (K,) range low (0 for discrete)
    width: np.ndarray  # (K,) range width (options - 1 for discrete)
    options: tuple[tuple[str, ...], ...]  # per issue, () for continuous
    weight: np.ndarray  # (A, K) saliences normalised to sum 1 per actor (0 without positions)
    ideal: np.ndarray  # (A, K) ideal points (continuous issues)
    quadratic: np.ndarray  # (A, K) bool
    table: np.ndarray  # (A, K, O) option values (discrete issues)
    lo: np.ndarray  # (A, K) red-line lower bound (continuous), -inf if none
    hi: np.ndarray  # (A, K) red-line upper bound (continuous), +inf if none
    allowed: np.ndarray  # (A, K, O) options inside the actor's red lines (discrete)
    reservation: np.ndarray  # (A,) utility of no agreement
    conditional: tuple[Conditional, ...] = ()  # red lines with a condition that lifts them (not in lo/hi/allowed)

    @cached_property
    def n_issues(self) -> int:
        return len(self.issues)

    @cached_property
    def _any_discrete(self) -> bool:
        return bool(self.discrete.any())

    @cached_property
    def _all_discrete(self) -> bool:
        return bool(self.discrete.all())

    @cached_property
    def _any_categorical(self) -> bool:
        return bool(self.categorical.any())

    @cached_property
    def _any_quadratic(self) -> bool:
        return bool((self.quadratic & ~self.discrete).any())

    @cached_property
    def _offset(self) -> np.ndarray:
        """Start of each issue's options in the flattened (A, K * O) tables."""
        return np.arange(self.n_issues) * self.table.shape[-1]

    @cached_property
    def _table_flat(self) -> np.ndarray:
        return self.table.reshape(len(self.actors), -1)

    @cached_property
    def _allowed_flat(self) -> np.ndarray:
        return self.allowed.reshape(len(self.actors), -1)

    def _shape(self, x: np.ndarray) -> tuple[int, ...]:
        """Shape that broadcasts an (A, K) array against packages ``x`` (..., K): (A, 1, ..., K)."""
        return (len(self.actors),) + (1,) * (x.ndim - 1) + (self.n_issues,)

    def _lookup(self, flat: np.ndarray, x: np.ndarray) -> np.ndarray:
        """``table[a, k, x_k]`` for every actor and package (code 0 on continuous issues): (A, ..., K)."""
        codes = np.where(self.discrete & (x == x), x, 0)  # x == x: a NaN (no offer yet) reads code 0
        return flat[:, codes.astype(np.intp) + self._offset]

    def values(self, x: np.ndarray) -> np.ndarray:
        """Per-issue values v_ak(x_k) in [0, 1] of packages ``x`` (..., K) for every actor: (A, ..., K).

        Single-peaked: ``1 - |x - ideal| / width`` (or its square for ``shape: quadratic``);
        discrete issues read the actor's ``values`` table.
        """
        x = np.asarray(x, dtype=float)
        if self._all_discrete:
            return self._lookup(self._table_flat, x)
        shape = self._shape(x)
        quadratic = self.quadratic.reshape(shape) if self._any_quadratic else False
        v = single_peaked(x, self.ideal.reshape(shape), self.width, quadratic)
        if self._any_discrete:
            v = np.where(self.discrete, self._lookup(self._table_flat, x), v)
        return v

    def utility(self, x: np.ndarray) -> np.ndarray:
        """Linear-additive utility u_a(x) = sum_k w_ak v_ak(x_k) (Keeney & Raiffa 1976): (A, ...)."""
        x = np.asarray(x, dtype=float)
        if self._all_discrete and x.ndim == 1:
            return self._memo("utility", x, self._utility)
        return self._utility(x)

    def _utility(self, x: np.ndarray) -> np.ndarray:
        return (self.values(x) * self.weight.reshape(self._shape(x))).sum(axis=-1)

    @cached_property
    def _memos(self) -> dict[str, dict]:
        return {"utility": {}, "feasible": {}, "judge": {}, "names": {}}

    def _memo(self, which: str, x: np.ndarray, compute):
        """``compute(x)`` for one package of a finite space, kept (arrays read-only): packages come back often."""
        memo, key = self._memos[which], x.tobytes()
        out = memo.get(key)
        if out is None:
            if len(memo) >= MEMO:
                memo.clear()
            out = memo[key] = compute(x)
            for a in out if isinstance(out, tuple) else (out,):
                if isinstance(a, np.ndarray):
                    a.flags.writeable = False
        return out

    def judge(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(utility(x), feasible(x))`` of one package (K,): (A,) each, what a package on the table is weighed by."""
        if self._all_discrete:
            return self._memo("judge", x, lambda x: (self._utility(x), self._feasible(x)))
        return self.utility(x), self.feasible(x)

    def feasible(self, x: np.ndarray) -> np.ndarray:
        """Whether packages ``x`` (..., K) cross none of each actor's red lines: (A, ...) bool."""
        x = np.asarray(x, dtype=float)
        if self._all_discrete and x.ndim == 1:
            return self._memo("feasible", x, self._feasible)
        return self._feasible(x)

    def _feasible(self, x: np.ndarray) -> np.ndarray:
        if self._all_discrete:
            ok = self._lookup(self._allowed_flat, x).all(axis=-1)
        else:
            shape = self._shape(x)
            inside = (x >= self.lo.reshape(shape) - EPS) & (x <= self.hi.reshape(shape) + EPS)
            if self._any_discrete:
                inside = np.where(self.discrete, self._lookup(self._allowed_flat, x), inside)
            ok = inside.all(axis=-1)
        for c in self.conditional:
            ok[c.actor] &= self.holds(c, x)
        return ok

    def holds(self, c: Conditional, x: np.ndarray) -> np.ndarray:
        """Whether packages ``x`` (..., K) respect conditional line ``c``: inside it, or meeting what lifts it."""
        return self.within(c, x) | self.lifted(c, x)

    def within(self, c: Conditional, x: np.ndarray) -> np.ndarray:
        """Whether packages ``x`` lie inside conditional line ``c``'s own bounds."""
        return inside(self.discrete[c.issue], c.line, x[..., c.issue])

    def lifted(self, c: Conditional, x: np.ndarray) -> np.ndarray:
        """Whether packages ``x`` meet the condition that lifts ``c``."""
        return inside(self.discrete[c.when], c.lifts, x[..., c.when])

    def branches(self, holders: np.ndarray | list[int] | None = None) -> list[Space]:
        """The feasible set of ``holders``' conditional red lines (all actors' by default) as a union of boxes:
        one space per way to meet each line (its bounds, or the condition that lifts it, added to its holder's
        bounds), those that leave the holder no value dropped. ``[self]`` without such lines."""
        mine = [c for c in self.conditional if holders is None or c.actor in holders]
        if not mine:
            return [self]
        rest = tuple(c for c in self.conditional if c not in mine)
        out = []
        for lifted in itertools.product((False, True), repeat=len(mine)):
            lo, hi, allowed = self.lo.copy(), self.hi.copy(), self.allowed.copy()
            empty = False
            for c, up in zip(mine, lifted, strict=True):
                k, b = (c.when, c.lifts) if up else (c.issue, c.line)
                n = max(len(self.options[k]), 1)
                cell = (lo[c.actor, k], hi[c.actor, k], allowed[c.actor, k, :n])
                lo[c.actor, k], hi[c.actor, k], allowed[c.actor, k, :n] = bounds.intersect([cell, b], n)
                empty |= not self._some(k, lo[c.actor, k], hi[c.actor, k], allowed[c.actor, k, :n])
            if not empty:
                out.append(replace(self, lo=lo, hi=hi, allowed=allowed, conditional=rest))
        return out

    def _some(self, k: int, lo: float, hi: float, allowed: np.ndarray) -> bool:
        """Whether bounds leave some value of issue ``k`` inside its range."""
        if self.discrete[k]:
            return bool(allowed.any())
        return max(lo, self.low[k]) <= min(hi, self.low[k] + self.width[k]) + EPS

    def distance(self, x: np.ndarray, y: np.ndarray, axis: int = -1, issue: int | None = None) -> np.ndarray:
        """Per-issue distance in [0, 1]: |x - y| / width, or 0/1 for categorical issues.

        ``axis`` is the issue axis of the broadcast result; with ``issue``, x and y are values of
        that one issue.
        """
        diff = np.abs(np.asarray(x, dtype=float) - np.asarray(y, dtype=float))
        if issue is not None:
            return diff > EPS if self.categorical[issue] else diff / self.width[issue]
        shape = [1] * diff.ndim
        shape[axis] = self.n_issues
        scaled = diff / self.width.reshape(shape)
        return np.where(self.categorical.reshape(shape), diff > EPS, scaled) if self._any_categorical else scaled

    def best_utility(self) -> np.ndarray:
        """Each actor's highest utility among packages inside its own red lines: (A,)."""
        if self.conditional:
            u = self._box_best()
            for a in {c.actor for c in self.conditional}:
                u[a] = max((b._box_best()[a] for b in self.branches([a])), default=-np.inf)
            return u
        return self._box_best()

    def _box_best(self) -> np.ndarray:
        vc = single_peaked(np.clip(self.ideal, self.lo, self.hi), self.ideal, self.width, self.quadratic)
        vd = np.where(self.allowed, self.table, -np.inf).max(axis=-1)
        return (self.weight * np.where(self.discrete, vd, vc)).sum(axis=-1)

    def best_package(self, a: int) -> np.ndarray:
        """Actor ``a``'s most preferred package inside its red lines: (K,)."""
        if any(c.actor == a for c in self.conditional):
            best = [b.best_package(a) for b in self.branches([a])]
            if best:
                return max(best, key=lambda x: float(self.utility(x)[a]))
        cont = np.clip(self.ideal[a], self.lo[a], self.hi[a])
        disc = np.where(self.allowed[a], self.table[a], -np.inf).argmax(axis=-1)
        return np.where(self.discrete, disc, cont).astype(float)

    def label(self, k: int, value: float) -> str:
        """A value of issue ``k`` as text: the option name, or the number."""
        return self.options[k][int(value)] if self.discrete[k] else f"{value:.2f}"

    def bound_text(self, k: int, lo: float, hi: float, digits: int = 2) -> str:
        """An interval of issue ``k`` as a red line reads: ``crimea >= 1.00``, ``x in [0.20, 0.50]``."""
        iid, top = self.issues[k], self.low[k] + self.width[k]

        def label(v: float) -> str:
            return self.label(k, v) if self.discrete[k] else f"{v:.{digits}f}"

        lo_set, hi_set = lo > self.low[k] + EPS and np.isfinite(lo), hi < top - EPS and np.isfinite(hi)
        if lo_set and hi_set:
            return f"{iid} = {label(lo)}" if abs(hi - lo) <= EPS else f"{iid} in [{label(lo)}, {label(hi)}]"
        if lo_set:
            return f"{iid} >= {label(lo)}"
        if hi_set:
            return f"{iid} <= {label(hi)}"
        return f"{iid} anything"

    def crossed_line(self, a: int, x: np.ndarray) -> str | None:
        """Actor ``a``'s red line that package ``x`` crosses, in words (``crimea <= 0.50``, ``on border``), or None."""
        for k in range(self.n_issues):
            if self.discrete[k] and not self.allowed[a, k, int(x[k])]:
                return f"on {self.issues[k]}"
            if not self.discrete[k] and not self.lo[a, k] - EPS <= x[k] <= self.hi[a, k] + EPS:
                return self.bound_text(k, self.lo[a, k], self.hi[a, k])
        for c in self.conditional:
            if c.actor == a and not self.holds(c, x):
                return self.conditional_text(c)
        return None

    def conditional_text(self, c: Conditional) -> str:
        """A conditional red line in words: ``enrichment <= 0.00 unless inspections >= 0.80``."""
        return f"{self.bounds_text(c.issue, c.line)} unless {self.bounds_text(c.when, c.lifts)}"

    def bounds_text(self, k: int, b: bounds.Bounds) -> str:
        """Bounds of issue ``k`` as a red line reads: an interval, or the options admitted."""
        lo, hi, allowed = b
        if not self.discrete[k]:
            return self.bound_text(k, lo, hi)
        names = [o for o, ok in zip(self.options[k], allowed, strict=False) if ok]
        return f"{self.issues[k]} = {names[0]}" if len(names) == 1 else f"{self.issues[k]} in {{{', '.join(names)}}}"

    def as_dict(self, x: np.ndarray) -> dict[str, float | str]:
        """A package as {issue: value}, options by name (a new dict each call)."""
        if self._all_discrete:
            return dict(self._memo("names", x, self._named))
        return dict(self._named(x))

    def _named(self, x: np.ndarray) -> tuple[tuple[str, float | str], ...]:
        return tuple((iid, self.options[k][int(x[k])] if self.discrete[k] else float(x[k]))
                     for k, iid in enumerate(self.issues))  # fmt: skip


def build_space(sc: Scenario) -> Space:
    """Compile a validated scenario into arrays."""
    issues = tuple(sc.issues)
    actors = tuple(sc.actors)
    K, A = len(issues), len(actors)
    iss = [sc.issues[i] for i in issues]
    O = max([len(i.options) for i in iss] + [1])
    discrete = np.array([i.kind == "discrete" for i in iss])
    low = np.array([i.range[0] if i.kind == "continuous" else 0.0 for i in iss])
    width = np.array([i.width for i in iss], dtype=float)
    weight = np.zeros((A, K))
    ideal = np.tile(low, (A, 1))  # without a position the actor is indifferent; any in-range point will do
    quadratic = np.zeros((A, K), dtype=bool)
    table = np.zeros((A, K, O))
    lo = np.full((A, K), -np.inf)
    hi = np.full((A, K), np.inf)
    allowed = np.zeros((A, K, O), dtype=bool)
    conditional = []
    for k, issue in enumerate(iss):
        allowed[:, k, : max(len(issue.options), 1)] = True
    for a, aid in enumerate(actors):
        actor = sc.actors[aid]
        for iid, pos in actor.positions.items():
            k = issues.index(iid)
            weight[a, k] = pos.salience
            quadratic[a, k] = pos.shape == "quadratic"
            if iss[k].kind == "continuous":
                ideal[a, k] = pos.ideal
            else:
                for opt, v in (pos.values or {}).items():
                    table[a, k, iss[k].code(opt)] = v
        total = weight[a].sum()
        if total > 0:
            weight[a] /= total
        conditional += _red_lines(sc, a, lo, hi, allowed)
    return Space(
        issues=issues,
        actors=actors,
        parties=np.array([actors.index(p) for p in sc.parties], dtype=np.intp),
        discrete=discrete,
        categorical=discrete & np.array([not i.ordered for i in iss]),
        low=low,
        width=width,
        options=tuple(i.options for i in iss),
        weight=weight,
        ideal=ideal,
        quadratic=quadratic,
        table=table,
        lo=lo,
        hi=hi,
        allowed=allowed,
        reservation=np.array([sc.actors[a].reservation for a in actors]),
        conditional=tuple(conditional),
    )


def _red_lines(sc: Scenario, a: int, lo: np.ndarray, hi: np.ndarray, allowed: np.ndarray) -> list[Conditional]:
    """Actor ``a``'s red lines into the bounds' arrays (in place); its conditional ones, returned apart."""
    issues, conditional = tuple(sc.issues), []
    for rl in sc.actors[tuple(sc.actors)[a]].red_lines:
        if rl.unless is not None:
            conditional.append(conditional_line(sc, a, rl))
            continue
        k, issue = issues.index(rl.issue), sc.issues[rl.issue]
        n = max(len(issue.options), 1)
        lo[a, k], hi[a, k], allowed[a, k, :n] = bounds.intersect(
            [(lo[a, k], hi[a, k], allowed[a, k, :n]), bounds.of_red_line(issue, rl)], n
        )
    return conditional


def conditional_line(sc: Scenario, a: int, rl, line: bounds.Bounds | None = None) -> Conditional:
    """Actor ``a``'s red line ``rl`` with an ``unless`` as arrays (``line``: its bounds as they stand, if moved)."""
    issues = tuple(sc.issues)
    when = sc.issues[rl.unless.issue]
    lifts = bounds.admitted(when, min=rl.unless.at_least, max=rl.unless.at_most, equals=rl.unless.equals)
    own = bounds.of_red_line(sc.issues[rl.issue], rl) if line is None else line
    return Conditional(a, issues.index(rl.issue), own, issues.index(rl.unless.issue), lifts)


def joint_best(s: Space, holders: np.ndarray, per_issue: bool = False) -> np.ndarray:
    """Every actor's best value per issue (A, K), or best utility (A,), inside the red lines of ``holders``."""
    lo, hi = s.lo[holders].max(axis=0), s.hi[holders].min(axis=0)
    allowed = s.allowed[holders].all(axis=0)
    vc = single_peaked(np.clip(s.ideal, lo, np.maximum(lo, hi)), s.ideal, s.width, s.quadratic)
    vd = np.where(allowed, s.table, -np.inf).max(axis=-1)
    v = np.where(s.discrete, np.where(np.isfinite(vd), vd, 0.0), vc)
    return v if per_issue else (s.weight * v).sum(axis=-1)
