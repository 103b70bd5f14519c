"""Two-party bargaining theory on an outcome space: the Pareto frontier, Nash (1950), Kalai-Smorodinsky (1975)
and Fearon's (1995) range, on the scenario files of tests/theory/."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import negosim
from negosim.analysis import TwoParty, fearon_range, settlement_possible
from negosim.engine.compiled import compile_scenario
from negosim.scenario.overrides import apply_overrides

HERE = Path(__file__).parents[1] / "theory"


def two_party(file: str, overrides: dict | None = None) -> TwoParty:
    sc = apply_overrides(negosim.load_scenario(HERE / file), overrides or {})
    return TwoParty(compile_scenario(sc).space, 0, 1)


def war_range(res) -> tuple[float, float]:
    """The shares both sides prefer to war in round 1: x >= A's value of war, 1 - x >= B's."""
    h = res.history[res.history["round"] == 1].set_index("actor")["no_deal_value"]
    return float(h["a"]), float(1 - h["b"])


def test_nash_on_the_pie_splits_in_the_middle():
    nash = two_party("pie.yaml").nash()
    assert nash.package[0] == pytest.approx(0.5, abs=1e-8)
    assert nash.utilities == pytest.approx((0.5, 0.5), abs=1e-8)


def test_nash_moves_with_the_disagreement_point():
    # maximise (x - 0.2)(0.9 - x): x = 0.55
    nash = two_party("pie.yaml", {"actors.a.reservation": 0.2, "actors.b.reservation": 0.1}).nash()
    assert nash.package[0] == pytest.approx(0.55, abs=1e-8)


def test_nash_and_kalai_smorodinsky_differ_on_a_curved_frontier():
    tp = two_party("curved-pie.yaml")
    assert tp.nash().package[0] == pytest.approx(1 / math.sqrt(3), abs=1e-7)  # 0.577350
    assert tp.kalai_smorodinsky().package[0] == pytest.approx((math.sqrt(5) - 1) / 2, abs=1e-7)  # 0.618034
    assert tp.nash().utilities[1] == pytest.approx(2 / 3, abs=1e-7)


def test_frontier_is_pareto_and_respects_both_red_lines():
    tp = two_party(
        "pie.yaml",
        {
            "actors.a.red_lines": [{"issue": "share", "min": 0.3}],
            "actors.b.red_lines": [{"issue": "share", "max": 0.8}],
        },
    )
    pts = tp.frontier(11)
    xs = [p.package[0] for p in pts]
    assert min(xs) == pytest.approx(0.3) and max(xs) == pytest.approx(0.8)
    assert all(p.utilities[0] + p.utilities[1] == pytest.approx(1.0) for p in pts)


def test_no_frontier_where_red_lines_exclude_each_other():
    tp = two_party(
        "pie.yaml",
        {
            "actors.a.red_lines": [{"issue": "share", "min": 0.7}],
            "actors.b.red_lines": [{"issue": "share", "max": 0.4}],
        },
    )
    assert tp.frontier() == [] and tp.nash() is None and tp.kalai_smorodinsky() is None


def test_fearon_range_and_beliefs():
    assert fearon_range(0.6, 0.1, 0.15) == pytest.approx((0.5, 0.75))
    assert not settlement_possible(0.7, 0.4, 0.1, 0.15)  # optimism gap 0.3 > 0.25: no deal
    assert settlement_possible(0.65, 0.5, 0.1, 0.15)


def test_kalai_smorodinsky_measures_gains_among_deals_both_prefer_to_none():
    # d = (0.2, 0): A's best such deal 1, B's 0.8; equal shares (x - 0.2)/0.8 = (1 - x)/0.8 at x = 0.6
    ks = two_party("pie.yaml", {"actors.a.reservation": 0.2}).kalai_smorodinsky()
    assert ks.package[0] == pytest.approx(0.6, abs=1e-8)
    assert two_party("pie.yaml", {"actors.a.reservation": 0.7, "actors.b.reservation": 0.7}).kalai_smorodinsky() is None


def test_nash_on_discrete_issues_matches_enumeration():
    import itertools

    data = {
        "negosim": 1,
        "name": "two discrete issues",
        "issues": {k: {"name": k, "kind": "discrete", "options": ["p", "q", "r", "s"]} for k in ("x", "y")},
        "actors": {
            "a": {
                "name": "A",
                "positions": {
                    "x": {"values": {"p": 1, "q": 0.7, "r": 0.2}, "salience": 0.6},
                    "y": {"values": {"q": 1, "s": 0.5}, "salience": 0.4},
                },
            },
            "b": {
                "name": "B",
                "positions": {
                    "x": {"values": {"s": 1, "r": 0.8, "q": 0.3}, "salience": 0.3},
                    "y": {"values": {"p": 1, "r": 0.9}, "salience": 0.7},
                },
            },
        },
    }
    from negosim.scenario.loader import from_data

    space = compile_scenario(from_data(data)).space
    nash = TwoParty(space, 0, 1).nash()
    packages = np.array(list(itertools.product(range(4), repeat=2)), dtype=float)
    u = space.utility(packages)
    assert nash.utilities[0] * nash.utilities[1] == pytest.approx((u[0] * u[1]).max())
