"""Whole runs through negosim.simulate: textbook cases with known answers, and determinism."""

from __future__ import annotations

import pandas as pd
import pytest

import negosim
from tests.conftest import ISTANBUL, build, logroll, pie


def test_two_linear_parties_split_the_pie_in_the_middle():
    # a_A(t) = 1 - t, A offers x = 1 - t; B accepts once 1 - x = t >= a_B(t) = 1 - t, i.e. t = 0.5.
    res = negosim.simulate(build(pie(rounds=11)), seed=1)
    assert res.outcome == "agreement"
    assert res.round == 6  # t = 5/10
    assert res.summary["agreement"]["x"] == pytest.approx(0.5)
    assert res.summary["utilities"] == pytest.approx({"a": 0.5, "b": 0.5})
    assert res.summary["settled_issues"] == ["x"]


def test_simultaneous_protocol_settles_on_the_same_split():
    res = negosim.simulate(build(pie(rounds=11, protocol="simultaneous")), seed=1)
    assert (res.outcome, res.round) == ("agreement", 6)
    assert res.summary["agreement"]["x"] == pytest.approx(0.5)


def test_conceders_agree_earlier_than_boulware():
    fast = negosim.simulate(build(pie(rounds=21, tactic="conceder")))
    slow = negosim.simulate(build(pie(rounds=21, tactic="boulware")))
    assert fast.outcome == slow.outcome == "agreement"
    assert fast.round < slow.round


def test_logrolling_reaches_the_integrative_deal():
    res = negosim.simulate(build(logroll(rounds=11)))
    assert res.outcome == "agreement"
    assert res.summary["agreement"] == pytest.approx({"x": 1.0, "y": 0.0})
    assert res.summary["utilities"] == pytest.approx({"a": 0.8, "b": 0.8})


def test_incompatible_red_lines_run_to_the_deadline():
    data = pie(rounds=8)
    data["actors"]["a"]["red_lines"] = [{"issue": "x", "min": 0.7}]
    data["actors"]["b"]["red_lines"] = [{"issue": "x", "max": 0.4}]
    res = negosim.simulate(build(data))
    assert (res.outcome, res.round, res.summary["agreement"]) == ("deadline", 8, None)
    final = res.summary["final_offers"]
    assert final["a"]["x"] == pytest.approx(0.7) and final["b"]["x"] == pytest.approx(0.4)
    assert res.summary["utilities"] == {"a": 0.0, "b": 0.0}


def test_history_and_events_describe_the_run():
    res = negosim.simulate(build(pie(rounds=11)), seed=1)
    h = res.history
    assert len(h) == 6 * 2 and list(h["actor"].unique()) == ["a", "b"]
    assert {"round", "offer_x", "aspiration", "utility_own_offer", "distance", "seed"} <= set(h.columns)
    assert h["distance"].is_monotonic_decreasing
    kinds = [e.kind for e in res.events]
    assert kinds[0] == "start" and kinds[-1] == "agreement" and "accept" in kinds
    assert res.events[-1].text == "agreement: x 0.50"


def test_istanbul_same_seed_same_run():
    sc = negosim.load_scenario(ISTANBUL)
    one, two = negosim.simulate(sc, seed=7), negosim.simulate(sc, seed=7)
    assert one.summary == two.summary
    pd.testing.assert_frame_equal(one.history, two.history)
    assert one.events == two.events


def test_istanbul_the_war_ripens_a_ceasefire_first_and_then_a_deal():
    """The war hurts Kyiv first (its costs are the larger share of its value of no deal): it waives
    ceasefire-first within weeks; Moscow gives up no-preconditions months later; then the ceasefire is
    settled ahead of the rest and holds, and the whole package follows, on Crimea at Russia's firm line,
    across Kyiv's red lines as first written (so not durable)."""
    res = negosim.simulate(ISTANBUL, seed=1)
    sm = res.summary
    waived = {p["actor"]: p["round"] for p in sm["preconditions"] if p["state"] == "waived"}
    assert set(waived) == {"ukraine", "russia"} and waived["ukraine"] < waived["russia"]
    interim = {e.issue: e.round for e in res.events if e.kind == "interim"}
    assert waived["russia"] < interim["ceasefire"] < res.round  # a ceasefire first, once Moscow allows it
    assert sm["conflict"]["ceasefire"] is True
    assert not any(e.kind == "battle" and e.round > interim["ceasefire"] for e in res.events)  # it holds
    assert res.outcome == "agreement" and sm["agreement"]["crimea"] == 1.0 and sm["durable"] is False
    assert res.history["distance"].iloc[-1] < res.history["distance"].iloc[0]


def test_overrides_reach_the_run_and_the_summary():
    res = negosim.simulate(build(pie(rounds=11)), overrides={"rounds": 21})
    assert res.round == 11 and res.summary["overrides"] == {"rounds": 21}


def test_a_protocol_says_what_it_needs():
    with pytest.raises(negosim.ScenarioError, match="the eum model needs each actor's capability"):
        build(pie(protocol="eum"))
    with pytest.raises(negosim.ScenarioError, match="the mediated protocol needs an actor with role: mediator"):
        build(pie(protocol="mediated"))
