"""A scheduled shock is a claim like any other: explain and the report say it with what it rests on, a judged
one's numbers take part in a sweep of the assumptions, and --strict wants a basis for it."""

from __future__ import annotations

import copy

import pytest

import negosim
from negosim.errors import ScenarioError
from negosim.report import report_html
from negosim.scenario.explain import explain
from negosim.scenario.loader import from_data
from negosim.sweep.assumptions import assumption_factors
from tests.conftest import pie

SOFTENS = {"round": 3, "kind": "position", "actor": "a", "issue": "x", "ideal": 0.3,
           "text": "A could live with a third", "assumed": "the demand softens by the third round"}  # fmt: skip


def scenario(**shock):
    data = copy.deepcopy(pie(rounds=12, tactic="boulware"))  # talks still under way at the shock's round
    data["issues"]["x"]["range"] = [0, 10]
    data["actors"]["a"]["positions"]["x"]["ideal"] = 10
    data["shocks"] = [{**SOFTENS, "ideal": 3, **shock}]
    return from_data(data)


def test_explain_and_the_report_say_the_shock_and_what_it_rests_on():
    sc = scenario()
    text = explain(sc)
    assert 'round 3: A\'s position on Share of A moves from 10 to 3 ("A could live with a third")' in text
    assert "judged  the demand softens by the third round" in text
    page = report_html(negosim.simulate(sc), images={})
    assert "<h3>What happens on the way</h3>" in page and "the demand softens by the third round" in page
    story = page[page.index("<h2>The story</h2>") : page.index("<details>")]
    assert "A could live with a third: a&#39;s position on x: ideal 10 -&gt; 3" in story  # a turning point of the story


def test_a_judged_shocks_numbers_are_assumptions_a_sweep_varies_inside_the_issues_range():
    factors = {f.path: f for f in assumption_factors(scenario(ideal=9.5))}
    ideal = factors["shocks[0].ideal"]
    assert 0 <= ideal.lo < 9.5 < ideal.hi <= 10  # on the issue's own scale, never outside its range
    assert ideal.label == "round 3, position shock: ideal" and ideal.assumed == SOFTENS["assumed"]
    assert "shocks[0].round" in factors  # when it happens is judged too


def test_strict_wants_a_basis_for_a_shock():
    data = copy.deepcopy(pie(rounds=12))
    for actor in data["actors"].values():  # every other claim judged, so that only the shock is bare
        actor["assumed"] = "judged"
        actor["strategy"]["assumed"] = "judged"
        actor["positions"]["x"]["assumed"] = "judged"
    data["shocks"] = [{k: v for k, v in SOFTENS.items() if k != "assumed"}]
    with pytest.raises(ScenarioError) as err:
        from_data(data, strict=True)
    assert [p.path for p in err.value.problems] == ["shocks[0]"]
