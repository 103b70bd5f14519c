"""Experiment designs: which design points a sweep runs (SALib's samplers for the sampled ones).

Every design draws points in the unit cube, one coordinate per factor, and maps them onto the
factors (``Factor.at``); a factorial design takes every combination of the factors' values.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np

from negosim.errors import NegosimError
from negosim.sweep.factors import Factor

DESIGNS = ("factorial", "random", "lhs", "sobol", "morris")
SAMPLED = ("random", "lhs", "sobol", "morris")
#: Points a sampled design draws when ``--samples`` is not given (Morris: trajectories; Sobol: base samples).
DEFAULT_SAMPLES = {"random": 64, "lhs": 64, "sobol": 64, "morris": 10}
MORRIS_LEVELS = 4


@dataclass(frozen=True)
class Design:
    """The design points of a sweep: each a {path: value} to apply to the scenario."""

    kind: str
    factors: tuple[Factor, ...]
    points: tuple[dict[str, Any], ...]
    unit: np.ndarray | None = None  # (points, factors) in [0, 1]: what Sobol and Morris analyse

    def __len__(self) -> int:
        return len(self.points)


def make_design(factors: list[Factor], kind: str = "factorial", samples: int | None = None, seed: int = 0) -> Design:
    """The design points of ``kind`` over ``factors``; sampled designs draw from the root ``seed``.

    factorial: every combination of values and grids; random: uniform draws; lhs: Latin hypercube
    (McKay, Beckman & Conover 1979); sobol: Saltelli's scheme, N(D + 2) points (Saltelli et al.
    2010); morris: N trajectories of D + 1 points on a 4-level grid (Morris 1991; Campolongo et al. 2007).
    """
    if kind not in DESIGNS:
        raise NegosimError(f'--design: "{kind}" is not one of {", ".join(DESIGNS)}')
    if not factors:
        return Design(kind, (), ({},))
    names = [f.path for f in factors]
    if len(set(names)) < len(names):
        twice = next(n for n in names if names.count(n) > 1)
        raise NegosimError(f"{twice} is varied twice: give each path once")
    if kind == "factorial":
        if ranged := [f for f in factors if f.sampled]:
            raise NegosimError(
                f"{ranged[0].path}={ranged[0].spec} is a range to sample: a factorial design takes values or a "
                "grid lo:hi:n; or choose --design random, lhs, sobol or morris"
            )
        combos = itertools.product(*(f.values for f in factors))
        return Design(kind, tuple(factors), tuple(dict(zip(names, c, strict=True)) for c in combos))
    n = DEFAULT_SAMPLES[kind] if samples is None else samples
    if n < 1:
        raise NegosimError(f"--samples must be at least 1 (got {n})")
    unit = _unit(kind, len(factors), n, seed)
    points = tuple({f.path: f.at(u) for f, u in zip(factors, row, strict=True)} for row in unit)
    return Design(kind, tuple(factors), points, unit)


def _unit(kind: str, d: int, n: int, seed: int) -> np.ndarray:
    """``n`` (or the scheme's multiple of n) points in the unit cube of ``d`` dimensions."""
    problem = {"num_vars": d, "names": [f"x{k}" for k in range(d)], "bounds": [[0.0, 1.0]] * d}
    if kind == "random":
        return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(2**31,))).random((n, d))
    if kind == "lhs":
        from SALib.sample import latin

        return latin.sample(problem, n, seed=seed)
    if kind == "sobol":
        import warnings

        from SALib.sample import sobol

        with warnings.catch_warnings():  # SALib warns when n is not a power of 2; the design is still valid
            warnings.simplefilter("ignore")
            return sobol.sample(problem, n, calc_second_order=False, scramble=True, seed=seed)
    from SALib.sample import morris

    return morris.sample(problem, n, num_levels=MORRIS_LEVELS, seed=seed)
