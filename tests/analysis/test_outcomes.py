"""negosim analyze: the outcome space with and without red lines, searched as the space allows."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

import negosim
from negosim.analysis.outcomes import analyze, frontier
from negosim.cli import app
from negosim.engine.compiled import compile_scenario
from tests.conftest import build, pie

THEORY = Path(__file__).parents[1] / "theory"
runner = CliRunner()


def test_the_frontier_keeps_ties_and_drops_what_is_dominated():
    u = np.array([[1.0, 0.0], [0.5, 0.5], [0.5, 0.5], [0.4, 0.5], [0.0, 1.0], [0.5, 0.4], [0.2, 0.2]])
    assert sorted(frontier(u).tolist()) == [0, 1, 2, 4]  # (0.5, 0.5) twice; (0.4, 0.5) and (0.5, 0.4) lose to it
    three = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.3, 0.3, 0.3], [0.3, 0.3, 0.2]], dtype=float)
    assert sorted(frontier(three).tolist()) == [0, 1, 2, 3]


def discrete_pair(red_line: bool) -> dict:
    """A: x in {lo, mid, hi} worth 0, 0.6, 1 to it, y in {no, yes} worth 0/1; B the reverse on x, 1/0 on y."""
    data = {
        "negosim": 1, "name": "D", "rounds": 10,
        "issues": {"x": {"name": "X", "kind": "discrete", "options": ["lo", "mid", "hi"], "ordered": True},
                   "y": {"name": "Y", "kind": "discrete", "options": ["no", "yes"]}},
        "actors": {
            "a": {"name": "A", "positions": {"x": {"values": {"mid": 0.6, "hi": 1}, "salience": 0.7},
                                             "y": {"values": {"yes": 1}, "salience": 0.3}}},
            "b": {"name": "B", "positions": {"x": {"values": {"lo": 1, "mid": 0.6}, "salience": 0.5},
                                             "y": {"values": {"no": 1}, "salience": 0.5}}},
        },
    }  # fmt: skip
    if red_line:
        data["actors"]["b"]["red_lines"] = [{"issue": "x", "max": "mid"}]
    return data


def test_red_lines_narrow_the_frontier_and_move_the_nash_point():
    """Packages (u_A, u_B): lo/no (0, 1), lo/yes (0.3, 0.5), mid/no (0.42, 0.8), mid/yes (0.72, 0.3), hi/no (0.7,
    0.5), hi/yes (1, 0). Frontier: lo/no, mid/no, mid/yes, hi/no, hi/yes (lo/yes loses to mid/no). Nash: hi/no
    (0.7 x 0.5 = 0.35 beats mid/no's 0.42 x 0.8 = 0.336). B's red line x <= mid takes hi out: the frontier is
    lo/no, mid/no, mid/yes, and the Nash point mid/no (0.336 > 0.72 x 0.3 = 0.216)."""
    sc = build(discrete_pair(True))
    a = analyze(sc, compile_scenario(sc).space)
    free, held = a["without_red_lines"], a["with_red_lines"]
    pairs = lambda part: {(p["agreement"]["x"], p["agreement"]["y"]) for p in part["pareto"]["packages"]}  # noqa: E731
    assert pairs(free) == {("lo", "no"), ("mid", "no"), ("mid", "yes"), ("hi", "no"), ("hi", "yes")}
    assert pairs(held) == {("lo", "no"), ("mid", "no"), ("mid", "yes")}
    assert free["nash"]["agreement"] == {"x": "hi", "y": "no"} and free["nash"]["utilities"] == {"a": 0.7, "b": 0.5}
    assert held["nash"]["agreement"] == {"x": "mid", "y": "no"}
    assert held["feasible"] == 4 and free["feasible"] == 6


def test_a_continuous_space_is_traced_and_says_so():
    sc = build(pie())
    a = analyze(sc, compile_scenario(sc).space)
    assert a["packages"] is None and "a continuous issue: the frontier traced at 201 points" in a["searched"]
    part = a["with_red_lines"]
    assert part["pareto"]["size"] is None and part["pareto"]["traced"] == 201
    assert abs(part["nash"]["agreement"]["x"] - 0.5) < 1e-6 and part["kalai_smorodinsky"]["utilities"]["a"] == 0.5


def test_analyze_says_why_a_point_is_missing():
    istanbul = Path(__file__).parents[2] / "scenarios" / "istanbul-2025.yaml"
    text = runner.invoke(app, ["analyze", str(istanbul)]).output
    assert "Nash bargaining point: none: no package lies inside every party's red lines as written" in text
    emissions = Path(__file__).parents[2] / "scenarios" / "textbook" / "eu-car-emissions-1994.yaml"
    text = runner.invoke(app, ["analyze", str(emissions)]).output
    assert "Kalai-Smorodinsky point: not computed (the Kalai-Smorodinsky point of three or more parties" in text
    assert "Nash bargaining point: netherlands 0.5000, belgium 1.0000" in text  # the median, 7


def test_analyze_prints_json_with_summary_names_and_fearons_range():
    res = runner.invoke(app, ["analyze", str(THEORY / "fearon.yaml"), "--json"])
    assert res.exit_code == 0, res.output
    a = json.loads(res.output)
    assert a["fearon_range"]["range"] == [0.5, 0.75] and a["fearon_range"]["costs"] == {"a": 0.1, "b": 0.15}
    run = negosim.simulate(THEORY / "fearon.yaml", seed=1)
    assert a["with_red_lines"]["nash"]["agreement"] == run.summary["nash"]["agreement"]
    text = runner.invoke(app, ["analyze", str(THEORY / "fearon.yaml")])
    assert "Fearon's range: a's share from 0.5 to 0.75" in text.output
    assert runner.invoke(app, ["analyze", "missing.yaml"]).exit_code == 2
