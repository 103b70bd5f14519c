"""Sequencing without a side deal (model.md, section 4): a precondition with ``in_principle: true`` is met once
every party's offers agree on its issue inside its bound; the issue is held there but never settled on its own,
so an issue written ``separable: false`` can order the talks instead of deadlocking them."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negosim
from negosim.errors import ScenarioError
from tests.conftest import build
from tests.engine.test_properties import scenarios


def sequencing(in_principle: bool = True, separable: bool = False, protocol: str = "alternating") -> dict:
    """North wants a ceasefire of at least 0.7 agreed before it discusses the border; South cares for the border."""
    data = {
        "negosim": 1,
        "name": "Sequencing",
        "rounds": 20,
        "protocol": protocol,
        "issues": {"cease": {"name": "Ceasefire", "separable": separable}, "border": {"name": "Border"}},
        "actors": {
            "north": {"name": "North", "strategy": {"tactic": "linear"},
                      "positions": {"cease": {"ideal": 1, "salience": 0.6}, "border": {"ideal": 0, "salience": 0.4}},
                      "preconditions": [{"id": "cease-first", "require": {"issue": "cease", "at_least": 0.7},
                                         "before": ["border"], "in_principle": in_principle}]},
            "south": {"name": "South", "strategy": {"tactic": "linear"},
                      "positions": {"cease": {"ideal": 0, "salience": 0.3}, "border": {"ideal": 1, "salience": 0.7}}},
        },
    }  # fmt: skip
    if protocol == "mediated":
        data["actors"]["m"] = {"name": "M", "role": "mediator"}
    return data


@pytest.mark.parametrize("protocol", ["alternating", "simultaneous", "mediated"])
def test_a_precondition_in_principle_orders_the_talks_on_an_issue_settled_only_with_the_whole(protocol):
    res = negosim.simulate(build(sequencing(protocol=protocol)), seed=0)
    met = [e for e in res.events if e.kind == "met"]
    assert len(met) == 1 and met[0].in_principle.startswith("cease ")
    assert "is met in principle (cease" in met[0].text and met[0].text.endswith("talks open on border")
    r = met[0].round
    # before it is met, North holds the border at its best; after, it moves on the border
    north = [e.package["border"] for e in res.events if e.kind == "offer" and e.actor == "north"]
    if protocol != "mediated":
        assert set(north[: r - 1]) <= {0.0} and max(north) > 0.0
    # never an interim agreement: the outcome is the whole package, with the ceasefire at least 0.7
    assert res.outcome == "agreement" and res.summary["interim"] == {}
    assert res.summary["agreement"]["cease"] >= 0.7 - 1e-9
    # the same precondition met only by a settlement deadlocks at once on an issue marked separable: false
    assert negosim.simulate(build(sequencing(in_principle=False, protocol=protocol)), seed=0).outcome == "stalemate"


def test_held_at_the_value_agreed_and_nothing_settled_if_the_rest_fails():
    data = sequencing()
    data["actors"]["south"]["red_lines"] = [{"issue": "border", "min": 0.95}]
    data["actors"]["north"]["red_lines"] = [{"issue": "border", "max": 0.3}]
    res = negosim.simulate(build(data), seed=0)
    met = next(e for e in res.events if e.kind == "met")
    held = float(met.in_principle.split()[1])
    after = {round(e.package["cease"], 2) for e in res.events if e.kind == "offer" and e.round > met.round}
    assert after == {held}  # every offer holds the ceasefire where it was agreed in principle
    assert res.outcome == "deadline" and res.summary["interim"] == {}  # not "partial": nothing was settled
    assert res.summary["why"][-1] == (
        f"north's cease-first was met in principle in round {met.round} (cease {held:.2f}); with no agreement on "
        "the whole package, nothing is settled"
    )


def test_located_error_and_no_false_warning():
    data = sequencing()
    data["actors"]["north"]["preconditions"] = [{"id": "x", "no_interim": ["cease"], "in_principle": True}]
    with pytest.raises(ScenarioError) as err:
        build(data)
    assert any(p.path == "actors.north.preconditions[0].in_principle" for p in err.value.problems)
    assert not any("deadlocks" in w.message for w in build(sequencing()).warnings)
    assert any("in_principle: true" in w.message for w in build(sequencing(in_principle=False)).warnings)


@st.composite
def in_principle(draw) -> dict:
    """A drawn scenario where p0 holds a precondition in principle on the first issue (written not separable)."""
    data = draw(scenarios())
    iid, issue = next(iter(data["issues"].items()))
    issue["separable"] = False
    req = ({"issue": iid, "equals": draw(st.sampled_from(issue["options"]))} if issue.get("kind") == "discrete"
           else {"issue": iid, "at_least": draw(st.floats(*issue["range"]))})  # fmt: skip
    for actor in data["actors"].values():
        actor.pop("preconditions", None)
    data["actors"]["p0"]["preconditions"] = [{"id": "first", "require": req, "in_principle": True}]
    data["actors"]["p0"]["red_lines"] = [rl for rl in data["actors"]["p0"]["red_lines"] if rl["issue"] != iid]
    return data


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(in_principle(), st.integers(0, 2**31))
def test_an_issue_agreed_in_principle_is_never_settled_alone(data, seed):
    iid = next(iter(data["issues"]))
    res = negosim.simulate(build(copy.deepcopy(data)), seed=seed)
    assert not [e for e in res.events if e.kind == "interim" and e.issue == iid]
    assert iid not in res.summary["interim"]
    met = [e for e in res.events if e.kind == "met"]
    if met and res.agreement is not None:  # the whole package keeps the value agreed in principle
        s = res.space
        k = s.issues.index(iid)
        assert s.label(k, res.agreement[k]) == met[0].in_principle.split(" ", 1)[1]
