"""The values of one issue a constraint admits: a red line (min, max, equals, not_in) or a
precondition's requirement (at_least, at_most, equals). One rule for the checks, the engine's
arrays, eroding red lines and preconditions alike.

Bounds are (lo, hi, allowed): on a continuous issue an interval (-inf and inf where unbounded) and
one option, always admitted; on a discrete issue, per option, whether it is admitted, with the
interval -inf to inf (everything is in ``allowed``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from negosim.scenario.models import Issue

Bounds = tuple[float, float, np.ndarray]


def admitted(issue: Issue, *, min: Any = None, max: Any = None, equals: Any = None, not_in: Iterable = ()) -> Bounds:
    """The bounds of ``issue`` that one constraint leaves (values as the scenario writes them)."""
    discrete = issue.kind == "discrete"

    def at(v: Any) -> float:
        return float(issue.code(v)) if discrete else float(v)

    lo, hi = -np.inf, np.inf
    for low, high in ((min, None), (None, max), (equals, equals)):
        lo = lo if low is None else np.maximum(lo, at(low))
        hi = hi if high is None else np.minimum(hi, at(high))
    allowed = np.ones(len(issue.options) if discrete else 1, dtype=bool)
    if discrete:
        codes = np.arange(len(issue.options))
        allowed &= (codes >= lo) & (codes <= hi)
        for v in not_in:
            allowed[issue.code(v)] = False
        lo, hi = -np.inf, np.inf
    return float(lo), float(hi), allowed


def intersect(bounds: Iterable[Bounds], n: int) -> Bounds:
    """What all of ``bounds`` admit together (``n`` options; 1 on a continuous issue)."""
    lo, hi, allowed = -np.inf, np.inf, np.ones(n, dtype=bool)
    for b_lo, b_hi, b_allowed in bounds:
        lo, hi, allowed = max(lo, b_lo), min(hi, b_hi), allowed & b_allowed
    return lo, hi, allowed


def of_red_line(issue: Issue, rl: Any) -> Bounds:
    """A red line's bounds (``rl``: the model, or parsed data with valid values)."""
    get = rl.get if isinstance(rl, dict) else lambda f: getattr(rl, f)
    return admitted(issue, min=get("min"), max=get("max"), equals=get("equals"), not_in=get("not_in") or ())


def of_requirement(issue: Issue, req: Any) -> tuple[float, float]:
    """A requirement's interval on the issue's line, inside the issue's range (option indices if discrete)."""
    lo, hi, allowed = admitted(issue, min=req.at_least, max=req.at_most, equals=req.equals)
    if issue.kind == "discrete":  # a contiguous run of options (a requirement has no not_in)
        inside = np.flatnonzero(allowed)
        return (float(inside[0]), float(inside[-1])) if len(inside) else (1.0, 0.0)
    return max(lo, issue.range[0]), min(hi, issue.range[1])


def some_value(issue: Issue, bounds: Bounds) -> bool:
    """Whether ``bounds`` leave some value of ``issue`` (inside its range)."""
    lo, hi, allowed = bounds
    if issue.kind == "discrete":
        return bool(allowed.any())
    return max(lo, issue.range[0]) <= min(hi, issue.range[1])
