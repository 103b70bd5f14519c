"""Interim agreements: when offers agree on an issue (within 1% of its range), and what settles."""

from __future__ import annotations

import numpy as np
import pytest

import negosim
from negosim.engine.compiled import compile_scenario
from negosim.engine.interim import SETTLE_TOL, agreeing
from tests.conftest import build, pie


def test_offers_agree_on_an_issue_within_one_percent_of_its_range():
    data = pie()
    data["issues"]["x"]["range"] = [0, 10]
    space = compile_scenario(build(data)).space
    assert SETTLE_TOL == 0.01
    assert agreeing(space, np.array([[5.0], [5.09]])).tolist() == [True]  # 0.9% of the range apart
    assert agreeing(space, np.array([[5.0], [5.2]])).tolist() == [False]  # 2%: not yet


@pytest.mark.parametrize(("gap", "settled"), [(0.005, True), (0.05, False)])
def test_a_separable_issue_settles_only_when_the_offers_are_that_close(gap, settled):
    # two hardliners on x (separable) whose best points are `gap` apart, and on y far apart
    data = pie(rounds=3, tactic="hardliner")
    data["issues"]["x"]["separable"] = True
    data["issues"]["y"] = {"name": "Y"}
    data["actors"]["a"]["positions"] = {"x": {"ideal": 0.5 + gap, "salience": 1}, "y": {"ideal": 1, "salience": 1}}
    data["actors"]["b"]["positions"] = {"x": {"ideal": 0.5, "salience": 1}, "y": {"ideal": 0, "salience": 1}}
    res = negosim.simulate(build(data))
    assert ("x" in res.summary["interim"]) is settled
    if settled:
        assert res.summary["interim"]["x"] == {"value": pytest.approx(0.5 + gap / 2), "round": 1}
        assert res.outcome == "partial"
