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


def required_ceasefire(separable: bool | None, firmness: float = 1.0) -> dict:
    """A wants a ceasefire (cf >= 0.6) before the territory (t); B asks nothing. ``separable`` is written on cf
    as given (None: left out)."""
    data = {
        "negosim": 1,
        "name": "ceasefire first",
        "rounds": 30,
        "issues": {"cf": {"name": "Ceasefire"}, "t": {"name": "Territory"}},
        "actors": {
            "A": {
                "name": "A",
                "strategy": {"tactic": "linear"},
                "positions": {"cf": {"ideal": 1, "salience": 1}, "t": {"ideal": 1, "salience": 1}},
                "preconditions": [
                    {"id": "cf-first", "require": {"issue": "cf", "at_least": 0.6}, "firmness": firmness}
                ],
            },
            "B": {
                "name": "B",
                "strategy": {"tactic": "linear"},
                "positions": {"cf": {"ideal": 0, "salience": 1}, "t": {"ideal": 0, "salience": 1}},
            },
        },
    }
    if separable is not None:
        data["issues"]["cf"]["separable"] = separable
    return data


@pytest.mark.parametrize("separable", [None, True])
def test_a_required_issue_not_marked_unseparable_is_settled_first(separable):
    res = negosim.simulate(build(required_ceasefire(separable)))
    met = next(e for e in res.events if e.kind == "met")
    assert res.summary["interim"]["cf"]["round"] == met.round
    assert res.outcome == "agreement" and res.round > met.round


def test_a_required_issue_marked_not_separable_is_never_settled_ahead_of_the_package_and_its_precondition_deadlocks():
    """`separable: false`, written: the issue is settled only with the whole package, which the precondition's
    holder takes only once it is met; a firm precondition can never be, so the talks stall at once."""
    res = negosim.simulate(build(required_ceasefire(False)))
    assert res.summary["interim"] == {}
    assert not any(e.kind in ("interim", "met") for e in res.events)
    assert (res.outcome, res.round) == ("stalemate", 1)
    stalemate = next(e for e in res.events if e.kind == "stalemate")
    assert "A's cf-first (cf >= 0.60) cannot be met: cf is not separable, so only the whole package settles it" in (
        stalemate.text
    )


def test_a_soft_precondition_on_an_issue_not_separable_is_waived_under_pressure_and_the_package_settles_it():
    data = required_ceasefire(False, firmness=0.3)
    data["actors"]["M"] = {"name": "M", "role": "mediator", "pressure": [{"target": "A", "stick": 0.3}]}
    res = negosim.simulate(build(data))
    deadlocks = [e for e in res.events if e.kind == "deadlock"]
    assert [e.round for e in deadlocks] == [1]
    assert "A's cf-first (cf >= 0.60) cannot be met: cf is not separable, so only the whole" in deadlocks[0].text
    waived = next(e for e in res.events if e.kind == "waive")
    assert res.summary["interim"] == {} and res.outcome == "agreement" and res.round > waived.round
