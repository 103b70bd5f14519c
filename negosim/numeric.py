"""Numeric helpers every layer shares: the tolerance of comparisons, and one-dimensional searches."""

from __future__ import annotations

import math
from collections.abc import Callable

#: Tolerance of every comparison of utilities and values.
EPS = 1e-9
GOLDEN = (math.sqrt(5) - 1) / 2


def golden_max(f: Callable[[float], float], lo: float, hi: float, tol: float = 1e-10) -> float:
    """Argmax of a unimodal ``f`` on [lo, hi] by golden-section search (Kiefer 1953)."""
    a, b = lo, hi
    c, d = b - GOLDEN * (b - a), a + GOLDEN * (b - a)
    fc, fd = f(c), f(d)
    while b - a > tol:
        if fc < fd:
            a, c, fc = c, d, fd
            d = a + GOLDEN * (b - a)
            fd = f(d)
        else:
            b, d, fd = d, c, fc
            c = b - GOLDEN * (b - a)
            fc = f(c)
    return (a + b) / 2


def last_true(pred: Callable[[float], bool], lo: float, hi: float, iterations: int = 60) -> float:
    """The largest x in [lo, hi] with ``pred(x)``, for a ``pred`` true on [lo, x*] and false after."""
    if pred(hi):
        return hi
    for _ in range(iterations):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if pred(mid) else (lo, mid)
    return lo
