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

import numpy as np

from negosim.engine.space import EPS, GRID, Space


class OfferChooser:
    """Trade-off offers of one actor; candidate values per issue precomputed once."""

    def __init__(self, space: Space, actor: int):
        self.space = space
        self.a = actor
        s = space
        lo = np.maximum(s.lo[actor], s.low)
        hi = np.minimum(s.hi[actor], s.low + s.width)
        self.lo, self.hi = lo, hi
        n_opt = max(len(o) for o in s.options) if s.discrete.any() else 0
        n = max(n_opt, GRID + 3)
        cand = np.empty((s.n_issues, n))
        for k in range(s.n_issues):
            if s.discrete[k]:
                m = len(s.options[k])
                cand[k] = np.r_[np.arange(m), np.full(n - m, m - 1)]
            else:
                base = [np.clip(s.ideal[actor, k], lo[k], hi[k]), lo[k], hi[k]]
                cand[k] = np.r_[base, np.linspace(lo[k], hi[k], n - 3)]
        self.base = cand
        self.best = space.best_package(actor)
        self.umax = float(space.best_utility()[actor])

    def _values(self, cand: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Weighted values and feasibility of candidate values (K, G) for this actor."""
        s, a = self.space, self.a
        d = np.abs(cand - s.ideal[a][:, None]) / s.width[:, None]
        v = np.where(s.quadratic[a][:, None], 1 - d * d, 1 - d)
        ok = (cand >= self.lo[:, None] - EPS) & (cand <= self.hi[:, None] + EPS)
        if s.discrete.any():
            codes = np.where(s.discrete[:, None], cand, 0).astype(np.intp)
            v = np.where(s.discrete[:, None], np.take_along_axis(s.table[a], codes, axis=1), v)
            ok = np.where(s.discrete[:, None], np.take_along_axis(s.allowed[a], codes, axis=1), ok)
        return s.weight[a][:, None] * v, ok

    def choose(self, aspiration: float, targets: np.ndarray, target_weight: np.ndarray) -> np.ndarray:
        """The package at ``aspiration`` closest to ``targets`` (M, K) weighted by (M, K) saliences."""
        if len(targets) == 0 or aspiration >= self.umax - EPS:
            return self.best.copy()
        s = self.space
        cont = ~s.discrete[:, None]
        clipped = np.where(cont, np.clip(targets.T, self.lo[:, None], self.hi[:, None]), targets.T)
        cand = np.concatenate([self.base, clipped], axis=1)  # (K, G)
        util, ok = self._values(cand)
        # distance cost of each candidate to the targets, weighted by the targets' saliences
        cost = (s.distance(cand[None, :, :], targets[:, :, None], axis=1) * target_weight[:, :, None]).sum(axis=0)
        util = np.where(ok, util, -np.inf)
        rows = np.arange(s.n_issues)
        pick = np.argmin(np.where(ok, cost - EPS * util, np.inf), axis=1)
        need = aspiration - util[rows, pick].sum()
        while need > EPS:
            du = util - util[rows, pick][:, None]
            dc = np.maximum(cost - cost[rows, pick][:, None], EPS)
            slope = np.where(du > EPS, du / dc, -np.inf)
            top = slope.max()
            if top == -np.inf:
                break
            k, g = np.unravel_index(np.argmax(np.where(slope >= top * (1 - 1e-9), du, -np.inf)), du.shape)
            if du[k, g] < need:
                pick[k] = g
                need -= du[k, g]
                continue
            x = cand[rows, pick]
            x[k] = self._partial(k, x[k], cand[k], du[k], cost[k], need)
            return x
        return cand[rows, pick]

    def _partial(self, k: int, x0: float, cand: np.ndarray, du: np.ndarray, cost: np.ndarray, need: float) -> float:
        """The value on issue ``k`` that adds exactly ``need`` utility (the cheapest option if discrete)."""
        s, a = self.space, self.a
        if s.discrete[k]:
            enough = du >= need - EPS
            return float(cand[np.argmin(np.where(enough, cost, np.inf))])
        ideal = float(np.clip(s.ideal[a, k], self.lo[k], self.hi[k]))
        d0 = abs(x0 - s.ideal[a, k]) / s.width[k]
        v0 = 1 - d0 * d0 if s.quadratic[a, k] else 1 - d0
        gap = max(1 - (v0 + need / s.weight[a, k]), 0.0)  # 1 - target value
        d = np.sqrt(gap) if s.quadratic[a, k] else gap
        x = s.ideal[a, k] - np.sign(s.ideal[a, k] - x0) * d * s.width[k]
        return float(np.clip(x, min(x0, ideal), max(x0, ideal)))
