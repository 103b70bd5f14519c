"""The parties' Nash and Kalai-Smorodinsky points of a compiled space, memoised by content.

A run's summary reports them; a sweep runs one scenario thousands of times, so each is computed
once per distinct outcome space (the same arrays give the same point) and kept in a small
bounded memo, never on the space itself.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

import numpy as np

from negosim.analysis.bargaining import Point, two_party
from negosim.analysis.nash import nash_package
from negosim.space import Space

_MEMO: OrderedDict[tuple[str, str], Point | None] = OrderedDict()
MEMO_SIZE = 256


def content_key(space: Space) -> str:
    """A hash of everything the points depend on: preferences, red lines, reservations, parties."""
    h = hashlib.sha256()
    for a in (space.parties, space.weight, space.ideal, space.quadratic, space.table, space.lo, space.hi,
              space.allowed, space.reservation, space.discrete, space.categorical, space.low, space.width):  # fmt: skip
        h.update(np.ascontiguousarray(a).tobytes())
    for c in space.conditional:
        line, lifts = (c.line[0], c.line[1], c.line[2].tolist()), (c.lifts[0], c.lifts[1], c.lifts[2].tolist())
        h.update(repr((c.actor, c.issue, line, c.when, lifts)).encode())
    return h.hexdigest()


def _memo(kind: str, space: Space, compute) -> Point | None:
    key = (kind, content_key(space))
    if key in _MEMO:
        _MEMO.move_to_end(key)
        return _MEMO[key]
    _MEMO[key] = point = compute()
    if len(_MEMO) > MEMO_SIZE:
        _MEMO.popitem(last=False)
    return point


def _enumerable(space: Space) -> bool:
    from negosim.analysis.outcomes import SUMMARY_ENUMERATE, size

    n = size(space)
    return n is not None and n <= SUMMARY_ENUMERATE


def _exact(space: Space) -> tuple[Point | None, Point | None]:
    """The Nash and Kalai-Smorodinsky packages of a finite space, from one enumeration (memoised as the
    two points, not the enumeration)."""
    from negosim.analysis.outcomes import exact

    def compute() -> tuple[Point | None, Point | None]:
        x, u, _, nash, ks = exact(space)
        return tuple(None if n is None else Point(x[n].copy(), tuple(map(float, u[n]))) for n in (nash, ks))

    return _memo("exact", space, compute)


def nash_point(space: Space) -> Point | None:
    """The parties' Nash bargaining solution inside their red lines, reservations as disagreement
    (Nash 1950): on a finite space of at most 100,000 packages, the package with the largest product
    of gains (enumerated); else two parties on their frontier (``TwoParty``), more by
    ``nash_package``; or None."""

    def compute() -> Point | None:
        p = space.parties
        if _enumerable(space):
            return _exact(space)[0]
        if len(p) == 2:
            return two_party(space, int(p[0]), int(p[1])).nash()
        x = nash_package(space, p, space.reservation[p])
        return None if x is None else Point(x, tuple(map(float, space.utility(x)[p])))

    return _memo("nash", space, compute)


def ks_point(space: Space) -> Point | None:
    """The Kalai-Smorodinsky point of two parties (Kalai & Smorodinsky 1975); None otherwise. On a finite
    space of at most 100,000 packages: the frontier package with the largest smallest share of each
    party's best gain (enumerated); else by bisection on the traced frontier."""
    if len(space.parties) != 2:
        return None
    if _enumerable(space):
        return _exact(space)[1]
    return _memo(
        "ks", space, lambda: two_party(space, int(space.parties[0]), int(space.parties[1])).kalai_smorodinsky()
    )
