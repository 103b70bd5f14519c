"""Offer choice at an aspiration level: the trade-off offer (Faratin, Sierra & Jennings 2002).

Among packages inside the party's red lines with utility >= its aspiration, choose the one
closest to the other parties' last offers, distance weighted by *their* saliences, so a party
gains on the issues it values and the others do not: logrolling. The problem is a multiple-choice
knapsack; it is solved without enumerating packages by the greedy of Sinha & Zoltners (1979):
start from the closest acceptable point on each issue and take, issue by issue, the step with
the most utility per unit of distance until the aspiration is met. On continuous issues the last
step is solved in closed form, so the offer lies exactly on the aspiration level.
"""

from __future__ import annotations

import copy
import math
from bisect import bisect_right

import numpy as np

from negosim.numeric import EPS
from negosim.space import GRID, Space, single_peaked

#: Greedy paths kept per chooser (by the targets they were found for); the cache empties when full.
PATHS = 256


class OfferChooser:
    """Trade-off offers of one actor; its candidate values per issue are precomputed once."""

    def __init__(self, space: Space, actor: int):
        s = self.space = space
        self.a = actor
        self.cont = ~s.discrete[:, None]
        self.any_cont = bool(self.cont.any())
        self.all_discrete = not self.any_cont
        self.width = s.width[:, None]
        self.rows = np.arange(s.n_issues)
        self.table = s.table[actor].ravel()  # (K * O,) option values, read at k * O + code
        self.offset = (np.arange(s.n_issues) * s.table.shape[-1])[:, None]
        curved = bool((s.quadratic & ~s.discrete).any())  # anyone's: favour() traces the other's curve too
        n_cont = 3 + (GRID if curved else 0)  # ideal and red-line bounds, plus a grid for curved values
        self.n = n = max([len(o) for o in s.options] + [n_cont])
        # option codes, the last repeated to fill the row
        self.codes = np.minimum(np.arange(n), np.array([max(len(o), 1) - 1 for o in s.options])[:, None]).astype(float)
        self._bound(space)

    def _bound(self, s: Space) -> None:
        """What depends on the actor's red lines: candidates, their utilities, its best package."""
        a = self.a
        self.space = s
        self.lo = lo = np.maximum(s.lo[a], s.low)
        self.hi = hi = np.minimum(s.hi[a], s.low + s.width)
        self.allowed = s.allowed[a].ravel()
        cand = self.codes.copy()
        if self.any_cont:
            cont = ~s.discrete
            cols = [np.minimum(np.maximum(s.ideal[a], lo), hi), lo, hi]
            if self.n > 3:
                cols += list(np.linspace(lo, hi, self.n - 3))
            cand[cont] = np.stack(cols[: self.n], axis=1)[cont]
        self.base = cand
        self.base_util = self._utils(cand)
        pick = np.argmax(self.base_util, axis=1)  # the best candidate per issue: the ideal inside the lines
        self.best = cand[self.rows, pick]
        self.umax = float(self.base_util[self.rows, pick].sum())
        # whether some issue leaves a choice at its best: values it does not care about, or options alike
        top = self.base_util >= self.base_util[self.rows, pick][:, None]
        self.alike = bool((top & (cand != self.best[:, None])).any() or (s.weight[a] == 0).any())

    def rebound(self, space: Space) -> OfferChooser:
        """A chooser for the same actor and issues under ``space``'s bounds (red lines moved or fixed)."""
        new = copy.copy(self)
        new._bound(space)
        return new

    @property
    def _paths(self) -> dict:
        """Greedy paths by (targets, their saliences), or ("favour", actor), for the bounds this chooser has now."""
        paths = self.__dict__.get("_path_cache")
        if paths is None or paths[0] is not self.space:
            paths = self.__dict__["_path_cache"] = (self.space, {})
        return paths[1]

    def _keep(self, key, path: _Path) -> _Path:
        if len(self._paths) >= PATHS:
            self._paths.clear()
        self._paths[key] = path
        return path

    def _values_of(self, actor: int, cand: np.ndarray) -> np.ndarray:
        """Salience-weighted values w_ak * v_ak of candidate values (K, G) for ``actor``."""
        s = self.space
        v = single_peaked(cand, s.ideal[actor][:, None], self.width, s.quadratic[actor][:, None])
        if not self.cont.all():
            idx = np.where(self.cont, 0, cand).astype(np.intp) + self.offset
            v = np.where(self.cont, v, s.table[actor].ravel()[idx])
        return s.weight[actor][:, None] * v

    def _utils(self, cand: np.ndarray) -> np.ndarray:
        """Weighted values of candidate values (K, G) for this actor; -inf across its red lines."""
        ok = (cand >= self.lo[:, None] - EPS) & (cand <= self.hi[:, None] + EPS)
        if not self.cont.all():
            idx = np.where(self.cont, 0, cand).astype(np.intp) + self.offset
            ok = np.where(self.cont, ok, self.allowed[idx])
        return np.where(ok, self._values_of(self.a, cand), -np.inf)

    def _with(self, extra: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Candidates (K, G): the precomputed ones plus ``extra`` columns, and this actor's utilities.

        Continuous values are clipped into the red lines; a discrete option's utility is read from
        the precomputed columns, which hold every option in order.
        """
        if self.all_discrete:
            util = self.base_util[self.rows[:, None], extra.astype(np.intp)]
        else:
            extra = np.where(self.cont, np.minimum(np.maximum(extra, self.lo[:, None]), self.hi[:, None]), extra)
            s, a = self.space, self.a
            util = s.weight[a][:, None] * single_peaked(extra, s.ideal[a][:, None], self.width, s.quadratic[a][:, None])
            if not self.cont.all():
                codes = np.where(self.cont, 0, extra).astype(np.intp)
                util = np.where(self.cont, util, self.base_util[self.rows[:, None], codes])
        return np.concatenate([self.base, extra], axis=1), np.concatenate([self.base_util, util], axis=1)

    def choose(self, aspiration: float, targets: np.ndarray, target_weight: np.ndarray) -> np.ndarray:
        """The package at ``aspiration`` closest to ``targets`` (M, K) weighted by (M, K) saliences; at the
        party's best utility, the best package closest to them (where issues it does not care about, or
        options it values alike, leave a choice)."""
        if len(targets) == 0 or (aspiration >= self.umax - EPS and not self.alike):
            return self.best.copy()
        path = self._paths.get(key := (targets.tobytes(), target_weight.tobytes())) if self.all_discrete else None
        if path is None:
            t = targets.T  # (K, M)
            cand, util = self._with(t)
            cost = self._costs(cand, t, target_weight.T)

            def cost_at(k: int, xk: float) -> float:
                return float((self.space.distance(xk, targets[:, k], issue=k) * target_weight[:, k]).sum())

            path = _Path(self, cand, util, cost, cost_at, keep=self.all_discrete)
            if self.all_discrete:  # the same targets come back often: the greedy's path is kept
                self._keep(key, path)
        if aspiration >= self.umax - EPS:  # its best package; where it values values alike, the closest
            ties = path.util >= path.util.max(axis=1, keepdims=True)  # exactly alike: a strict preference keeps it
            return path.cand[self.rows, np.argmin(np.where(ties, path.cost, np.inf), axis=1)]
        return path.walk(aspiration)

    def _costs(self, cand: np.ndarray, t: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Each candidate's distance to the targets ``t`` (K, M), weighted by their saliences ``w`` (K, M): (K, G).

        On discrete issues the extra columns repeat options already among the first ``n`` (in code
        order), so only those are measured and the rest read from them: the same sums, fewer of them.
        """
        measured = cand[:, : self.n] if self.all_discrete else cand
        cost = (self.space.distance(measured[:, :, None], t[:, None, :], axis=0) * w[:, None, :]).sum(axis=2)
        if not self.all_discrete:
            return cost
        return np.concatenate([cost, cost[self.rows[:, None], cand[:, self.n :].astype(np.intp)]], axis=1)

    def favour(self, aspiration: float, other: int) -> np.ndarray:
        """The package at ``aspiration`` that is best for actor ``other``: a point of the Pareto frontier.

        Minimises the other's loss ``sum_k w_ok (1 - v_ok)`` with the same greedy (analysis uses it).
        """
        if aspiration >= self.umax - EPS:
            return self.best.copy()
        path = self._paths.get(key := ("favour", other))  # a frontier is traced at many levels: one path
        if path is None:
            cand, util = self._with(self.space.best_package(other)[:, None])
            loss = self.space.weight[other][:, None] - self._values_of(other, cand)

            def cost_at(k: int, xk: float) -> float:
                return float(self.space.weight[other, k] - self._values_of(other, _column(k, xk, cand))[k, 0])

            path = self._keep(key, _Path(self, cand, util, loss, cost_at, keep=True))
        return path.walk(aspiration)

    def _complete(self, x, c_pick, du, cand, cost, need, cost_at) -> np.ndarray:
        """Last step: the cheapest single-issue move that adds ``need`` utility, over every issue."""
        rows = np.flatnonzero((du >= need - EPS).any(axis=1))
        moves = [(int(k), self._partial(k, x[k], cand[k], du[k], cost[k], need)) for k in rows]
        if len(moves) > 1:  # compare what each completion costs
            moves.sort(key=lambda m: cost_at(*m) - c_pick[m[0]])
        k, xk = moves[0]
        x[k] = xk
        return x

    def _partial(self, k: int, x0: float, cand: np.ndarray, du: np.ndarray, cost: np.ndarray, need: float) -> float:
        """The value on issue ``k`` that adds exactly ``need`` utility (the cheapest option if discrete)."""
        s, a = self.space, self.a
        if s.discrete[k]:
            return float(cand[np.argmin(np.where(du >= need - EPS, cost, np.inf))])
        ideal, width = float(s.ideal[a, k]), float(s.width[k])
        d0 = abs(x0 - ideal) / width
        quadratic = bool(s.quadratic[a, k])
        v = (1 - d0 * d0 if quadratic else 1 - d0) + need / float(s.weight[a, k])  # the value to reach
        gap = max(1.0 - v, 0.0)
        x = ideal - math.copysign(1.0, ideal - x0) * (math.sqrt(gap) if quadratic else gap) * width
        end = min(max(ideal, float(self.lo[k])), float(self.hi[k]))
        return min(max(x, min(x0, end)), max(x0, end))


def chooser(space: Space, actor: int) -> OfferChooser | Branching:
    """The offer chooser of ``actor``: one over its red lines, or one per way to meet its conditional ones."""
    if any(c.actor == actor for c in space.conditional):
        return Branching(space, actor)
    return OfferChooser(space, actor)


class Branching:
    """Trade-off offers of an actor with conditional red lines (``Space.branches``): a chooser on each way to
    meet them; the offer is the one, among those that reach the aspiration, closest to the targets."""

    def __init__(self, space: Space, actor: int):
        self.space, self.a = space, actor
        self.parts = [OfferChooser(b, actor) for b in space.branches([actor])] or [OfferChooser(space, actor)]
        top = max(self.parts, key=lambda p: p.umax)
        self.umax, self.best = top.umax, top.best

    def rebound(self, space: Space) -> Branching:
        """A chooser for the same actor under ``space``'s bounds."""
        return Branching(space, self.a)

    def choose(self, aspiration: float, targets: np.ndarray, target_weight: np.ndarray) -> np.ndarray:
        """As ``OfferChooser.choose``, over the branches whose best reaches ``aspiration`` (else the best)."""
        able = [p for p in self.parts if p.umax >= aspiration - EPS]
        if not able or len(targets) == 0:
            return self.best.copy()
        offers = [p.choose(aspiration, targets, target_weight) for p in able]
        cost = [float((self.space.distance(x[None, :], targets) * target_weight).sum()) for x in offers]
        return offers[int(np.argmin(cost))]


class _Path:
    """The multiple-choice knapsack greedy of Sinha & Zoltners (1979) for one set of candidates and costs:
    utility >= aspiration at least cost. From the cheapest candidate per issue it takes, step by step,
    the move with the most utility per unit of cost; which move comes next does not depend on the
    aspiration, only how far along the path it goes, so a path walked again (``keep``) keeps its steps."""

    def __init__(self, chooser: OfferChooser, cand, util, cost, cost_at, keep: bool = False):
        self.chooser, self.cand, self.util, self.cost, self.cost_at = chooser, cand, util, cost, cost_at
        self.keep = keep  # keep every state, to walk the path again; else walked once, changed in place
        rows = chooser.rows
        pick = np.argmin(np.where(util > -np.inf, cost - EPS * util, np.inf), axis=1)
        u_pick, c_pick = util[rows, pick], cost[rows, pick]
        self.start = float(u_pick.sum())
        self.states = [(pick, u_pick, c_pick)]  # the picks before each step (kept: every one; else the last)
        self.steps: list = []  # (du at the step, du matrix before it, k, g); None: no step left
        self.walks = 0
        self.ends: dict[int, tuple | None] = {}  # kept paths: the last step's table, by state (see _end)
        self.costs: dict[tuple[int, float], float] = {}  # cost_at by (issue, value), for kept paths

    def _step(self, state) -> tuple | None:
        """The next step from ``state``, or None where no move adds utility."""
        _, u_pick, c_pick = state
        util, cost = self.util, self.cost
        du = util - u_pick[:, None]
        slope = np.where(du > EPS, du / np.maximum(cost - c_pick[:, None], EPS), -np.inf)
        top = slope.max()
        if top == -np.inf:
            return None
        k, g = divmod(int(np.argmax(np.where(slope >= top * (1 - 1e-9), du, -np.inf))), du.shape[1])
        return float(du[k, g]), du, k, g

    def _apply(self, state, k: int, g: int):
        pick, u_pick, c_pick = (a.copy() for a in state) if self.keep else state
        pick[k], u_pick[k], c_pick[k] = g, self.util[k, g], self.cost[k, g]
        return pick, u_pick, c_pick

    def walk(self, aspiration: float) -> np.ndarray:
        """The package the greedy reaches for ``aspiration``."""
        self.walks += 1  # a path walked again builds tables for its last steps (_end)
        need = aspiration - self.start
        if not self.keep:
            return self._walk_once(need)
        steps, states, i = self.steps, self.states, 0
        while need > EPS:
            if i == len(steps):
                steps.append(self._step(states[i]))
            step = steps[i]
            if step is None:
                break
            du_kg, du, k, g = step
            if du_kg < need:
                need -= du_kg
                i += 1
                if i == len(states):
                    states.append(self._apply(states[i - 1], k, g))
                continue
            state = states[i]
            if self.walks > 1 and self.chooser.all_discrete and (end := self._end(i, state, du)) is not None:
                return self._complete(end, state[2], need)
            return self._last(state, du, need)
        return self.cand[self.chooser.rows, states[i][0]]

    def _walk_once(self, need: float) -> np.ndarray:
        """``walk`` on a path not kept: its state changed in place, step by step."""
        state = self.states[0]
        while need > EPS:
            step = self._step(state)
            if step is None:
                break
            du_kg, du, k, g = step
            if du_kg >= need:
                return self._last(state, du, need)
            need -= du_kg
            state = self._apply(state, k, g)
        return self.cand[self.chooser.rows, state[0]]

    def _last(self, state, du: np.ndarray, need: float) -> np.ndarray:
        """The last step from ``state``, by the arrays (``OfferChooser._complete``)."""
        pick, _, c_pick = state
        x = self.cand[self.chooser.rows, pick]
        return self.chooser._complete(x, c_pick, du, self.cand, self.cost, need, self.cost_at)

    def _end(self, i: int, state, du) -> tuple | None:
        """The last step from state ``i`` as a table, for ``_complete``: the package so far, and per issue its
        candidates' utility gains in descending order (negated) with, for each prefix of that order, the value
        of the cheapest candidate in it (the first one of equal cost: ``np.argmin``). None where some gain is
        not a number (an issue with nothing inside the red lines): the arrays' way is taken then."""
        if i not in self.ends:
            if np.isnan(du).any():
                self.ends[i] = None
            else:
                rows = []
                for gains, costs, values in zip(du.tolist(), self.cost.tolist(), self.cand.tolist(), strict=True):
                    order = sorted(range(len(gains)), key=gains.__getitem__, reverse=True)
                    cheapest, best = [], None
                    for g in order:
                        if best is None or (costs[g], g) < (costs[best], best):
                            best = g
                        cheapest.append(float(values[best]))
                    rows.append(([-gains[g] for g in order], cheapest))
                self.ends[i] = (self.cand[self.chooser.rows, state[0]], rows, {})
        return self.ends[i]

    def _complete(self, end: tuple, c_pick: np.ndarray, need: float) -> np.ndarray:
        """``OfferChooser._complete`` from a table (``_end``): the same moves, compared the same way; the
        package is kept by how many candidates qualify on each issue, which is all it depends on."""
        base, rows, done = end
        limit = -(need - EPS)  # a candidate qualifies where its gain >= need - EPS
        counts = tuple([bisect_right(neg, limit) for neg, _ in rows])
        x = done.get(counts)
        if x is None:
            moves = [(k, cheapest[n - 1]) for k, ((_, cheapest), n) in enumerate(zip(rows, counts, strict=True)) if n]
            if len(moves) > 1:  # compare what each completion costs
                moves.sort(key=lambda m: self._cost_at(*m) - c_pick[m[0]])
            k, xk = moves[0]
            x = done[counts] = base.copy()
            x[k] = xk
        return x.copy()

    def _cost_at(self, k: int, xk: float) -> float:
        cost = self.costs.get((k, xk))
        if cost is None:
            cost = self.costs[(k, xk)] = self.cost_at(k, xk)
        return cost


def _column(k: int, xk: float, cand: np.ndarray) -> np.ndarray:
    """A (K, 1) candidate column holding ``xk`` on issue ``k`` (other rows: any valid value)."""
    col = cand[:, :1].copy()
    col[k, 0] = xk
    return col
