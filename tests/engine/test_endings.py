"""How talks end (issue 27 item 5; model doc, sections 6, 9 and 14): a breakdown shock ends the talks at its
round with its cause; a war begins late, stops and resumes; the deadline carries a consequence. A scenario
that uses none of them runs as before (benchmarks/same_numbers.py)."""

from __future__ import annotations

import json

import pytest

from negosim.engine.result import RunResult
from negosim.errors import ScenarioError
from negosim.scenario.loader import from_data
from negosim.scenario.overrides import apply_overrides
from tests.engine.test_shocks import run, war


def hard(**extra) -> dict:
    """The war scenario with two hardliners: no agreement comes by itself."""
    data = war(**extra)
    for a in ("a", "b"):
        data["actors"][a]["strategy"] = {"tactic": "hardliner"}
    return data


def test_a_breakdown_shock_ends_the_talks_at_its_round_with_no_agreement_and_says_its_cause():
    cause = "A strikes B's nuclear sites"
    m = run(war(shocks=[{"round": 4, "kind": "breakdown", "actor": "a", "cause": cause, "assumed": "a test"}]), seed=1)
    assert m.outcome == "breakdown" and m.round == 4 and m.agreement is None
    assert not [e for e in m.events if e.round == 4 and e.kind in ("offer", "accept", "battle")]  # the round stops
    assert [e for e in m.events if e.kind == "offer" and e.round == 3]  # the round before was played
    assert m.events[-1].kind == "breakdown" and m.events[-1].text == f"a walks out: {cause}"
    res = RunResult.from_model(m, 0, {})
    assert res.reasons()[0] == f"a walks out: {cause}"
    assert json.loads(json.dumps(m.events[-1].record()))["cause"] == cause


def test_a_walk_out_without_a_cause_keeps_its_record_as_it_was():
    from negosim import events as ev

    assert "cause" not in ev.Breakdown(3, "a", 0.5, 0.4).record()
    assert ev.from_record(ev.Breakdown(3, "a", 0.5, 0.4).record()) == ev.Breakdown(3, "a", 0.5, 0.4)


def test_a_war_that_starts_late_has_no_battles_and_no_costs_before_and_moves_the_value_of_no_deal_after():
    m = run(hard(conflict={**war()["conflict"], "starts": 5}), seed=2, rounds=8)
    battles = [e.round for e in m.events if e.kind == "battle"]
    assert battles == [5, 6, 7, 8]
    started = [e for e in m.events if e.kind == "shock" and e.what == "war"]
    assert [e.round for e in started] == [5] and "the war begins" in started[0].change
    res = RunResult.from_model(m, 0, {})
    reservation = res.space.reservation[res.space.parties]
    assert (res.batna_history[:4] == reservation).all()  # rounds 1-4: the value of no deal is the reservation
    assert (res.batna_history[4] < reservation).all()  # round 5: the war's expected costs weigh on it
    assert res.war_history["paid"][3].sum() == 0 and res.war_history["paid"][4].sum() > 0


def test_a_war_shock_stops_the_war_and_another_resumes_it():
    shocks = [{"round": 3, "kind": "war", "action": "stop", "assumed": "t"},
              {"round": 6, "kind": "war", "action": "start", "assumed": "t"}]  # fmt: skip
    m = run(hard(shocks=shocks), seed=3, rounds=8)
    assert [e.round for e in m.events if e.kind == "battle"] == [1, 2, 6, 7, 8]
    changes = [e.change for e in m.events if e.kind == "shock"]
    assert changes[0].startswith("the war stops") and changes[1].startswith("the war resumes")
    res = RunResult.from_model(m, 0, {})
    paid = res.war_history["paid"]
    assert (paid[2] == paid[1]).all() and (paid[4] == paid[1]).all() and (paid[5] > paid[4]).all()
    no_deal = res.batna_history
    assert (no_deal[2] > no_deal[1]).all()  # stopped: no more costs expected, a front that no longer moves
    assert (no_deal[3] == no_deal[2]).all() and (no_deal[5] < no_deal[4]).all()


@pytest.mark.parametrize(
    ("then", "outcome", "last"),
    [("status_quo", "deadline", "deadline"), ("breakdown", "breakdown", "breakdown"), ("war", "deadline", "shock")],
)
def test_the_deadline_carries_its_consequence(then, outcome, last):
    starts = 5 if then == "war" else 4  # a war that follows the deadline begins after the last round
    data = hard(
        deadline={"rounds": 4, "then": then, "assumed": "a test"}, conflict={**war()["conflict"], "starts": starts}
    )
    del data["rounds"]
    m = run(data, seed=1)
    assert m.round == 4 and m.outcome == outcome and m.events[-1].kind == last
    assert [e.round for e in m.events if e.kind == "battle"] == ([] if then == "war" else [4])
    res = RunResult.from_model(m, 0, {})
    if then == "status_quo":
        assert "deadline_then" not in res.summary
    else:
        assert res.summary["deadline_then"] == then
        assert "the deadline passed" in " ".join(res.reasons())
    assert m.war.on  # begun at round 4, or when the deadline passed


def test_a_deadline_without_then_runs_as_the_old_form():
    plain = run(hard(rounds=6), seed=1)
    block = hard(deadline={"rounds": 6})
    del block["rounds"]
    same = run(block, seed=1)
    assert [e.text for e in same.events] == [e.text for e in plain.events]


def test_rounds_overrides_the_deadline_where_it_is_written():
    data = hard(deadline={"rounds": 6, "then": "breakdown", "assumed": "t"})
    del data["rounds"]
    sc = apply_overrides(from_data(data), {"rounds": 9})
    assert sc.rounds == 9 and sc.raw["deadline"]["rounds"] == 9


@pytest.mark.parametrize(
    ("extra", "where", "says"),
    [
        ({"shocks": [{"round": 3, "kind": "war", "action": "stop", "assumed": "t"},
                     {"round": 5, "kind": "war", "action": "stop", "assumed": "t"}]}, "shocks[1].action",
         "no war is running"),
        ({"conflict": {**war()["conflict"], "starts": 5},
          "shocks": [{"round": 3, "kind": "war", "action": "start", "assumed": "t"}]}, "shocks[0].round",
         "begins only at round 5"),
        ({"conflict": {**war()["conflict"], "starts": 40}}, "conflict.starts", "the war never begins"),
        ({"deadline": {"then": "war", "assumed": "t"}}, "deadline.then", "running at the deadline already"),
        ({"shocks": [{"round": 3, "kind": "breakdown", "cause": "x", "text": "y", "actor": "zed", "assumed": "t"}]},
         "shocks[0].actor", 'unknown actor "zed"'),
    ],
)  # fmt: skip
def test_a_war_or_deadline_that_cannot_be_is_a_located_error(extra, where, says):
    with pytest.raises(ScenarioError) as info:
        from_data(war(**extra))
    assert any(p.path == where and says in p.message for p in info.value.problems), info.value.problems
