"""The Nash point of n parties (negosim.analysis.nash_package): against grids, the two-party solver and
enumeration on discrete issues."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

import negosim
from negosim.analysis import TwoParty, nash_package
from negosim.engine.compiled import compile_scenario
from tests.conftest import build

THREE = Path(__file__).parents[1] / "theory" / "third-parties.yaml"


def nash_product(space, parties, d, x) -> np.ndarray:
    u = space.utility(x)[parties]
    ok = space.feasible(x)[parties].all(axis=0) & (u > d[:, None] if u.ndim == 2 else u > d).all(axis=0)
    return np.where(ok, np.prod(u - (d[:, None] if u.ndim == 2 else d), axis=0), -1.0)


def test_the_three_party_nash_point_beats_every_package_of_a_fine_grid():
    sc = negosim.load_scenario(THREE)
    s = compile_scenario(sc).space
    p, d = s.parties, s.reservation[s.parties]
    x = nash_package(s, p, d)
    g = np.linspace(0, 1, 401)
    grid = np.stack(np.meshgrid(g, g), axis=-1).reshape(-1, 2)
    best = nash_product(s, p, d, grid).max()
    assert nash_product(s, p, d, x) >= best - 1e-12
    assert nash_product(s, p, d, x) == pytest.approx(best, rel=1e-4)
    assert s.feasible(x)[p].all()  # inside B's red line


def test_the_n_party_nash_point_agrees_with_the_two_party_solver():
    a = {"x": {"ideal": 1, "salience": 2}, "y": {"ideal": 1, "salience": 1}}
    b = {"x": {"ideal": 0, "salience": 1}, "y": {"ideal": 0, "salience": 3, "shape": "quadratic"}}
    sc = build({
        "negosim": 1, "name": "two", "issues": {"x": {"name": "X"}, "y": {"name": "Y"}},
        "actors": {
            "a": {"name": "A", "reservation": 0.2, "positions": a},
            "b": {"name": "B", "reservation": 0.1, "positions": b},
        },
    })  # fmt: skip
    s = compile_scenario(sc).space
    x = nash_package(s, s.parties, s.reservation[s.parties])
    exact = TwoParty(s, 0, 1).nash()
    assert tuple(s.utility(x)[s.parties]) == pytest.approx(exact.utilities, abs=1e-5)


def test_on_discrete_issues_the_nash_point_is_the_best_package():
    rng = np.random.default_rng(4)
    opts = ["o0", "o1", "o2", "o3"]

    def position() -> dict:
        return {"values": dict(zip(opts, map(float, rng.random(4)), strict=True)), "salience": float(rng.random())}

    actors = {
        f"p{i}": {"name": f"P{i}", "reservation": 0.1, "positions": {f"i{k}": position() for k in range(3)}}
        for i in range(3)
    }
    issues = {f"i{k}": {"name": f"I{k}", "kind": "discrete", "options": opts} for k in range(3)}
    s = compile_scenario(build({"negosim": 1, "name": "d", "issues": issues, "actors": actors})).space
    d = s.reservation[s.parties]
    every = np.array(list(itertools.product(range(4), repeat=3)), dtype=float)
    x = nash_package(s, s.parties, d)
    assert nash_product(s, s.parties, d, x) == pytest.approx(nash_product(s, s.parties, d, every).max())


def test_the_nash_search_finds_where_every_party_gains_from_starts_where_some_do_not():
    # every party's best package leaves another party below its reservation; (0.725, 0.79) suits all
    positions = {
        "a": (0.76, {"x": {"ideal": 0.92, "salience": 0.7}, "y": {"ideal": 0.98, "salience": 0.83}}),
        "b": (0.58, {"x": {"ideal": 0.30, "salience": 0.42}, "y": {"ideal": 0.92, "salience": 0.13}}),
        "c": (0.72, {"x": {"ideal": 0.87, "salience": 0.06}, "y": {"ideal": 0.56, "salience": 0.39}}),
    }
    actors = {a: {"name": a.upper(), "reservation": r, "positions": p} for a, (r, p) in positions.items()}
    s = compile_scenario(build({"negosim": 1, "name": "tight", "issues": {"x": {"name": "X"}, "y": {"name": "Y"}},
                                "actors": actors})).space  # fmt: skip
    d = s.reservation[s.parties]
    x = nash_package(s, s.parties, d)
    assert x is not None and (s.utility(x)[s.parties] > d).all()
    g = np.linspace(0, 1, 401)
    grid = np.stack(np.meshgrid(g, g), axis=-1).reshape(-1, 2)
    assert nash_product(s, s.parties, d, x) >= nash_product(s, s.parties, d, grid).max() - 1e-12
