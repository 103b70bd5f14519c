"""The outcome space of a scenario (``negosim analyze``): the Pareto frontier, the Nash bargaining point
and the Kalai-Smorodinsky point, with the red lines and without them, and Fearon's range for a
two-party war.

A finite space (every issue discrete) of at most ``ENUMERATE`` packages is enumerated: the frontier
is exact (every package no other package beats for one party without costing another), the Nash
point is the package with the largest product of gains over the reservations (Nash 1950), and the
Kalai-Smorodinsky point the frontier package with the largest smallest share of each party's best
gain (Kalai & Smorodinsky 1975; on a finite set the point on the line to the utopia point is rarely
a package). Other spaces are searched as the run's summary does (model.md, section 11).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from negosim.analysis.bargaining import fearon_range, two_party
from negosim.analysis.nash import nash_package
from negosim.numeric import EPS
from negosim.space import Space

#: Finite spaces up to this many packages are enumerated (a run's summary: up to SUMMARY_ENUMERATE).
ENUMERATE, SUMMARY_ENUMERATE = 1_000_000, 100_000
#: Points of the traced frontier of a space that is not enumerated.
TRACED = 201


def analyze(sc, space: Space) -> dict[str, Any]:
    """The analysis of scenario ``sc`` (its compiled ``space``), named as summary.json names things."""
    parties = [space.actors[a] for a in space.parties]
    n = size(space)
    out: dict[str, Any] = {
        "scenario": sc.name,
        "parties": parties,
        "reservations": {p: float(space.reservation[a]) for p, a in zip(parties, space.parties, strict=True)},
        "packages": n,
        "searched": _how(space, n),
    }
    for key, s in (("with_red_lines", space), ("without_red_lines", without_red_lines(space))):
        out[key] = enumerated(s) if n is not None and n <= ENUMERATE else traced(s)
    out["fearon_range"] = fearon(sc)
    return out


def size(space: Space) -> int | None:
    """How many packages a finite space holds (None with a continuous issue)."""
    if not space.discrete.all():
        return None
    return math.prod(len(o) for o in space.options)


def _how(space: Space, n: int | None) -> str:
    if n is not None and n <= ENUMERATE:
        return f"every one of the {n:,} packages enumerated"
    why = f"{n:,} packages, more than {ENUMERATE:,}" if n is not None else "a continuous issue"
    if len(space.parties) == 2:
        return (
            f"{why}: the frontier traced at {TRACED} points by negosim's trade-off search, the Nash point by "
            "golden-section search on it, the Kalai-Smorodinsky point by bisection (model.md, section 11)"
        )
    return f"{why}: the Nash point by coordinate search (nash_package); no frontier of three or more parties"


def without_red_lines(space: Space) -> Space:
    """``space`` with every red line taken away."""
    allowed = np.zeros_like(space.allowed)
    for k, opts in enumerate(space.options):
        allowed[:, k, : max(len(opts), 1)] = True
    return dataclasses.replace(space, lo=np.full_like(space.lo, -np.inf), hi=np.full_like(space.hi, np.inf),
                               allowed=allowed, conditional=())  # fmt: skip


def packages(space: Space) -> np.ndarray:
    """Every package of a finite space, as option codes: (N, K), the last issue varying fastest."""
    sizes = [len(o) for o in space.options]
    return np.indices(sizes).reshape(len(sizes), -1).T.astype(float)


def frontier(u: np.ndarray) -> np.ndarray:
    """Indices of the rows of ``u`` (N, P) that no other row dominates (at least as good for every party,
    better for one): the Pareto frontier, rows with equal utilities all kept. A dominating row comes
    before the row it dominates in descending lexicographic order, so each row is checked against the
    frontier found so far."""
    order = np.lexsort(tuple(-u[:, p] for p in reversed(range(u.shape[1]))))
    kept: list[int] = []
    front = np.empty((0, u.shape[1]))
    for n in order:
        row = u[n]
        if len(front) and np.any(np.all(front >= row - EPS, axis=1) & np.any(front > row + EPS, axis=1)):
            continue
        kept.append(int(n))
        front = np.vstack([front, row])
    return np.array(kept, dtype=np.intp)


def exact(space: Space) -> tuple[np.ndarray, np.ndarray, np.ndarray, int | None, int | None]:
    """A finite space enumerated: the packages inside every party's red lines (N, K), their utilities to
    the parties (N, P), the frontier's rows (first party's utility descending), the Nash row and the
    Kalai-Smorodinsky row (None where no package gives every party its reservation)."""
    x = packages(space)
    parties = space.parties
    x = x[space.feasible(x)[parties].all(axis=0)]
    u = space.utility(x)[parties].T if len(x) else np.zeros((0, len(parties)))  # (N, P)
    front = frontier(u) if len(x) else np.zeros(0, dtype=np.intp)
    d = space.reservation[parties]
    rational = np.all(u >= d - EPS, axis=1)
    gains = np.maximum(u - d, 0.0)
    nash = ks = None
    if rational.any():
        product = np.where(rational, np.prod(gains, axis=1), -1.0)
        nash = int(np.argmax(product))
    on = front[rational[front]]
    if len(on):
        best = gains[rational].max(axis=0)
        share = np.where(best > EPS, gains[on] / np.where(best > EPS, best, 1.0), 1.0)
        low, total = share.min(axis=1), share.sum(axis=1)
        ks = int(on[np.lexsort((-total, -low))[0]])
    return x, u, front[np.argsort(-u[front, 0], kind="stable")], nash, ks


def enumerated(space: Space) -> dict[str, Any]:
    """Frontier, Nash and Kalai-Smorodinsky points of a finite space by enumeration."""
    x, u, front, nash, ks = exact(space)
    return {
        "feasible": len(x),
        "pareto": {"size": len(front), "packages": [_point(space, x[n], u[n]) for n in front]},
        "nash": None if nash is None else _point(space, x[nash], u[nash]),
        "kalai_smorodinsky": None if ks is None else _point(space, x[ks], u[ks]),
    }


def traced(space: Space) -> dict[str, Any]:
    """Frontier, Nash and Kalai-Smorodinsky points of a space too large to enumerate, searched."""
    parties = space.parties
    if len(parties) != 2:
        x = nash_package(space, parties, space.reservation[parties])
        return {"pareto": None, "nash": None if x is None else _point(space, x, space.utility(x)[parties]),
                "kalai_smorodinsky": None}  # fmt: skip
    tp = two_party(space, int(parties[0]), int(parties[1]))
    points = tp.frontier(TRACED) if tp.utopia() is not None else []
    nash, ks = tp.nash(), tp.kalai_smorodinsky()
    return {
        "pareto": {
            "size": None,
            "traced": len(points),
            "packages": [_point(space, p.package, p.utilities) for p in points],
        },
        "nash": None if nash is None else _point(space, nash.package, nash.utilities),
        "kalai_smorodinsky": None if ks is None else _point(space, ks.package, ks.utilities),
    }


def _point(space: Space, x: np.ndarray, u) -> dict[str, Any]:
    names = [space.actors[a] for a in space.parties]
    return {"agreement": space.as_dict(x), "utilities": {p: round(float(v), 6) for p, v in zip(names, u, strict=True)}}


def fearon(sc) -> dict[str, Any] | None:
    """Fearon's bargaining range for a war of one party against one (Fearon 1995): the shares of side a's
    stake both sides prefer to war, ``[p - c_a, p + c_b]``, with the costs of war over the horizon."""
    war = sc.conflict
    if war is None or len(war.sides["a"]) != 1 or len(war.sides["b"]) != 1:
        return None
    a, b = war.sides["a"][0], war.sides["b"][0]
    costs = {s: war.cost_per_round.get(s, 0.0) * war.horizon for s in (a, b)}
    lo, hi = fearon_range(war.p, costs[a], costs[b])
    return {"p": war.p, "costs": costs, "range": [round(lo, 6), round(hi, 6)], "horizon": war.horizon}
