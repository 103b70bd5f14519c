"""The Nash bargaining solution of n parties (Nash 1950; the n-party form as in Roth 1979).

The package inside every party's red lines that maximises ``prod_i (u_i(x) - d_i)`` over deals
every party prefers to its disagreement value d_i. Utilities are additive over issues, so the
search goes issue by issue (block coordinate ascent): on each issue every candidate value is tried
with the others held, continuous issues are refined by golden-section search, and sweeps repeat
until nothing improves. With single-peaked values the log of the product is concave in a
continuous package, so the ascent reaches the maximum there; on discrete issues it is a local
search from several starts. Starts where some party gains nothing first climb to the package
with the largest least gain, so the search finds the region where every party gains whenever
there is one. Two parties have an exact frontier method: ``TwoParty.nash``.
"""

from __future__ import annotations

import numpy as np

from negosim.numeric import EPS, golden_max
from negosim.space import Space

GRID = 33  # candidate values per continuous issue before refining


def nash_package(space: Space, parties: np.ndarray, disagreement: np.ndarray) -> np.ndarray | None:
    """The Nash point of ``parties`` (actor indices) with ``disagreement`` (one value each), or None
    when no package inside all their red lines gives every party more than its disagreement value.
    Conditional red lines: the best of the Nash points of each way to meet them (``Space.branches``)."""
    parties = np.asarray(parties)
    d = np.asarray(disagreement, dtype=float)
    if any(c.actor in parties for c in space.conditional):
        points = [x for b in space.branches(parties) if (x := nash_package(b, parties, d)) is not None]
        return max(points, key=lambda x: float(np.prod(space.utility(x)[parties] - d)), default=None)
    cands = _candidates(space, parties)
    if cands is None:
        return None
    w = space.weight[parties]

    def contrib(k: int, values: np.ndarray) -> np.ndarray:
        """(P, C) weighted values of candidate values of issue k."""
        x = np.zeros((len(values), space.n_issues))
        x[:, k] = values
        return space.values(x)[parties][:, :, k] * w[:, k, None]

    tables = [contrib(k, c) for k, c in enumerate(cands)]
    best_x, best_f = None, -np.inf
    for start in _starts(space, parties, cands):
        start = _into_gains(space, parties, d, cands, tables, contrib, start)
        x, f = _ascend(space, parties, d, cands, tables, contrib, start, _log_product)
        if f > best_f + 1e-12:
            best_x, best_f = x, f
    return best_x if best_f > -np.inf else None


def leaning_value(u: np.ndarray, d: np.ndarray, lean: float) -> np.ndarray:
    """The objective of a leaning text: ``(1 - lean) / n * sum_i log(u_i - d_i) + lean * log(u_m)``, -inf where a
    party gains nothing (Kalai 1977). ``u``: the n parties' utilities then the mediator's, (n + 1,) or (n + 1, C);
    ``d``: the parties' disagreement values (n,)."""
    n = len(d)
    gain = u[:n] - (d[:, None] if u.ndim == 2 else d)
    with np.errstate(divide="ignore"):
        f = (1 - lean) / n * np.log(np.maximum(gain, EPS)).sum(axis=0) + lean * np.log(np.maximum(u[n], EPS))
    return np.where((gain > EPS).all(axis=0), f, -np.inf)


def leaning_package(
    space: Space, parties: np.ndarray, disagreement: np.ndarray, mediator: int, lean: float, start: np.ndarray
) -> np.ndarray:
    """The asymmetric Nash point (Kalai 1977; Roth 1979, ch. 1) of ``parties`` and a ``mediator`` whose own gain
    weighs ``lean``: the package inside all the parties' red lines that maximises
    ``(1 - lean) / n * sum_i log(u_i - d_i) + lean * log(u_m)`` over deals every party prefers to its
    disagreement value (the mediator's disagreement value is 0, its worst package). ``start``: the parties'
    Nash point, where the ascent begins (with each party's best, the mediator's best and the middle)."""
    parties = np.asarray(parties)
    n, d = len(parties), np.r_[np.asarray(disagreement, dtype=float), 0.0]
    rows = np.r_[parties, mediator]
    cands = _candidates(space, parties)
    w = space.weight[rows]

    def contrib(k: int, values: np.ndarray) -> np.ndarray:
        x = np.zeros((len(values), space.n_issues))
        x[:, k] = values
        return space.values(x)[rows][:, :, k] * w[:, k, None]

    def weighted(u: np.ndarray, d: np.ndarray) -> np.ndarray:
        return leaning_value(u, d[:n], lean)

    tables = [contrib(k, c) for k, c in enumerate(cands)]
    party_tables = [t[:n] for t in tables]

    def party_contrib(k: int, values: np.ndarray) -> np.ndarray:
        return contrib(k, values)[:n]

    starts = [start, *(_into_gains(space, parties, d[:n], cands, party_tables, party_contrib, x)
                       for x in _starts(space, rows, cands))]  # fmt: skip
    best_x, best_f = start, -np.inf
    for x0 in starts:
        x, f = _ascend(space, rows, d, cands, tables, contrib, x0, weighted)
        if f > best_f + 1e-12:
            best_x, best_f = x, f
    return best_x


def _into_gains(space, parties, d, cands, tables, contrib, x) -> np.ndarray:
    """From a package where some party gains nothing, climb to where every party gains: maximise
    ``sum log(u_i - d_i + c)`` for a shift c that makes every term finite, halving c toward 0 (a
    homotopy to the log product itself). Returns ``x`` unchanged when every party already gains."""
    gain = space.utility(x)[parties] - d
    if (gain > EPS).all():
        return x
    c = float(max(-gain.min(), 0.0)) + 0.05
    while c > 1e-7:

        def shifted(u: np.ndarray, d: np.ndarray, c: float = c) -> np.ndarray:
            return _log_product(u, d - c)

        x, _ = _ascend(space, parties, d, cands, tables, contrib, x, shifted)
        if (space.utility(x)[parties] - d > EPS).all():
            break
        c /= 4
    return x


def _log_product(u: np.ndarray, d: np.ndarray) -> np.ndarray:
    gain = u - d[:, None] if u.ndim == 2 else u - d
    with np.errstate(divide="ignore"):
        return np.where((gain > EPS).all(axis=0), np.log(np.maximum(gain, EPS)).sum(axis=0), -np.inf)


def _ascend(space, parties, d, cands, tables, contrib, x, objective) -> tuple[np.ndarray, float]:
    """Coordinate ascent of ``objective`` from package ``x``: each issue set to its best value given the rest."""
    x = x.copy()
    u = space.utility(x)[parties]
    f = float(objective(u, d))
    for _ in range(100):
        improved = False
        for k in range(space.n_issues):
            here = contrib(k, np.array([x[k]]))[:, 0]
            rest = u - here
            g = objective(rest[:, None] + tables[k], d)
            c = int(np.argmax(g))
            xk, fk = float(cands[k][c]), float(g[c])
            if not space.discrete[k] and fk > -np.inf:  # refine between the neighbouring candidates
                lo, hi = cands[k][max(c - 1, 0)], cands[k][min(c + 1, len(cands[k]) - 1)]

                def f_at(v: float, k: int = k, rest: np.ndarray = rest) -> float:
                    return float(objective(rest + contrib(k, np.array([v]))[:, 0], d))

                y = golden_max(f_at, lo, hi)
                fy = f_at(y)
                if fy > fk:
                    xk, fk = y, fy
            if fk > f + 1e-12:
                x[k] = xk
                u = rest + contrib(k, np.array([xk]))[:, 0]
                f, improved = fk, True
        if not improved:
            break
    return x, f


def _candidates(space: Space, parties: np.ndarray) -> list[np.ndarray] | None:
    """Per issue, the values inside every party's red lines: options, or a grid with the ideals."""
    out = []
    for k in range(space.n_issues):
        if space.discrete[k]:
            n = len(space.options[k])
            ok = np.flatnonzero(space.allowed[parties, k, :n].all(axis=0))
            if not len(ok):
                return None
            out.append(ok.astype(float))
            continue
        low, high = space.low[k], space.low[k] + space.width[k]
        lo, hi = max(low, space.lo[parties, k].max()), min(high, space.hi[parties, k].min())
        if lo > hi + EPS:
            return None
        ideals = np.clip(space.ideal[parties, k], lo, hi)
        out.append(np.unique(np.r_[np.linspace(lo, hi, GRID), ideals]))
    return out


def _starts(space: Space, parties: np.ndarray, cands: list[np.ndarray]) -> list[np.ndarray]:
    """Each party's best package moved into the joint red lines, and the middle of the joint space."""
    starts = []
    for a in parties:
        best = space.best_package(int(a))
        starts.append(np.array([c[np.argmin(np.abs(c - best[k]))] for k, c in enumerate(cands)]))
    starts.append(np.array([c[len(c) // 2] for c in cands]))
    return starts
