"""Threats with a credibility (issue 27 item 6; model doc, section 7): a threat deters by what its target believes
and is carried out by its true credibility, drawn once per run from a stream of its own; it falls due at its
ultimatum or when the talks fail, and starts the war or ends the talks. A scenario without one runs as before
(benchmarks/same_numbers.py)."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from negosim.engine.result import RunResult
from negosim.errors import ScenarioError
from negosim.scenario.loader import from_data
from tests.conftest import pie
from tests.engine.test_shocks import erosion, run, war


def threatened(data: dict, **threat) -> dict:
    """``data`` with a's threat against b (a stick of 0.5, then: breakdown unless said)."""
    data = copy.deepcopy(data)
    pr = {"target": "b", "stick": 0.5, "then": "breakdown", "assumed": "a test", **threat}
    data["actors"]["a"]["pressure"] = [pr]
    return data


def bargain() -> dict:
    """The pie with values of no deal: b concedes down to its value of no deal, which a stick lowers."""
    data = pie(rounds=12, tactic="boulware")
    for a in ("a", "b"):
        data["actors"][a]["reservation"] = 0.4
    return data


def stubborn(rounds: int = 6) -> dict:
    """The pie between two hardliners: no agreement comes, so the talks fail at the deadline."""
    return pie(rounds=rounds, tactic="hardliner")


def threats_of(m) -> list:
    return [e for e in m.events if e.kind == "threat"]


def test_the_deterrent_follows_the_targets_belief_not_the_true_credibility():
    """Two runs differing only in credibility make the same offers (the threat never falls due: they agree);
    differing in what b believes, they do not."""
    low = run(threatened(bargain(), credibility=0.1, believed=0.6), seed=3)
    high = run(threatened(bargain(), credibility=0.9, believed=0.6), seed=3)
    doubted = run(threatened(bargain(), credibility=0.9, believed=0.1), seed=3)
    assert low.outcome == high.outcome == "agreement" and not threats_of(low)
    offers = [[(e.actor, e.package) for e in m.events if e.kind == "offer"] for m in (low, high, doubted)]
    assert offers[0] == offers[1]
    assert offers[0] != offers[2]
    assert high.agreement[0] > doubted.agreement[0]  # a believed threat moves the split toward the presser
    assert low.leverage.pushes[0].stick == pytest.approx(0.3)  # believed x stick


def test_a_target_believes_the_credibility_where_the_scenario_does_not_say():
    m = run(threatened(bargain(), credibility=0.4), seed=0, rounds=1)
    assert m.leverage.pushes[0].stick == pytest.approx(0.2)
    press = next(e for e in m.events if e.kind == "press")
    assert press.stick == pytest.approx(0.2)


def test_the_share_of_runs_that_carry_a_threat_out_matches_its_credibility():
    """400 seeds, a threat of credibility 0.3 falling due in round 1: the count carried out lies within four
    binomial standard deviations of 120 (sqrt(400 x 0.3 x 0.7) = 9.2)."""
    data = threatened(stubborn(), credibility=0.3, ultimatum=1)
    compiled = from_data(data)
    carried = 0
    for seed in range(400):
        m = _one_round(compiled, seed)
        (event,) = threats_of(m)
        carried += event.carried_out
        assert m.outcome == ("breakdown" if event.carried_out else None)
    assert abs(carried - 120) <= 4 * np.sqrt(400 * 0.3 * 0.7)


def _one_round(scenario, seed: int):
    from negosim.engine.model import NegotiationModel

    m = NegotiationModel(scenario, seed=seed)
    m.step()
    return m


def test_a_threat_carried_out_when_the_talks_fail_ends_them_in_breakdown_with_its_cause():
    outcomes = {}
    for seed in range(12):
        m = run(threatened(stubborn(), credibility=0.5), seed=seed)
        (event,) = threats_of(m)
        assert event.round == 6  # the deadline
        outcomes[event.carried_out] = m
    carried, empty = outcomes[True], outcomes[False]
    assert (
        carried.outcome == "breakdown"
        and carried.events[-1].text == "the talks break down: a carries out its threat against b"
    )
    assert (
        empty.outcome == "deadline"
        and threats_of(empty)[0].text == "a's threat against b is not carried out (breakdown threatened)"
    )
    res = RunResult.from_model(carried, 0, {})
    assert (
        "in round 6 a carried out its threat against b (credibility 0.5): the talks end in breakdown" in res.reasons()
    )


def test_an_ultimatum_carried_out_ends_the_talks_at_its_round():
    for seed in range(12):
        m = run(threatened(stubborn(rounds=10), credibility=0.5, ultimatum=4), seed=seed)
        (event,) = threats_of(m)
        assert event.round == 4
        if event.carried_out:
            assert m.outcome == "breakdown" and m.round == 4
            assert not [e for e in m.events if e.round == 4 and e.kind == "offer"]  # the round's stages stop
            return
    raise AssertionError("no seed carried the threat out")


def test_a_threat_of_war_carried_out_at_its_ultimatum_starts_the_war_and_one_not_carried_out_leaves_it_unfought():
    data = war(rounds=10)
    data["conflict"]["starts"] = 11  # the war begins only if the threat is carried out
    seen = set()
    for seed in range(12):
        m = run(threatened(data, credibility=0.5, ultimatum=4, then="war"), seed=seed)
        (event,) = threats_of(m)
        battles = [e.round for e in m.events if e.kind == "battle"]
        if event.carried_out:
            assert event.text == "a carries out its threat against b: the war begins"
            assert battles and min(battles) == 4  # the battle of its own round is fought
        else:
            assert battles == []
        seen.add(event.carried_out)
    assert seen == {True, False}


def test_a_threat_is_spent_once_it_falls_due():
    """Not carried out at its ultimatum, the bluff is called: no stick from then on."""
    for seed in range(12):
        m = run(threatened(stubborn(rounds=8), credibility=0.5, ultimatum=3), seed=seed)
        if not threats_of(m)[0].carried_out:
            press = [e.round for e in m.events if e.kind == "press"]
            assert press == [1, 2]
            return
    raise AssertionError("no seed left the threat empty")


def test_a_threat_changes_no_draw_of_a_run_without_one():
    """The holders' resolve and the battles are drawn as before: a threat that never deters (stick 0) and never
    falls due before the end leaves every erosion and battle as it was."""
    data = erosion()
    plain = run(data, seed=5)
    data["actors"]["broker"]["pressure"].append(
        {"target": "south", "stick": 0.0, "credibility": 0.5, "then": "breakdown"}
    )
    threat = run(data, seed=5)
    kinds = ("erode", "offer")
    assert [str(e) for e in plain.events if e.kind in kinds] == [str(e) for e in threat.events if e.kind in kinds]
    fought = war(rounds=8)
    fought["actors"]["a"]["pressure"] = [{"target": "b", "stick": 0.0, "credibility": 0.5, "then": "war"}]
    battles = [[str(e) for e in run(d, seed=7).events if e.kind == "battle"] for d in (war(rounds=8), fought)]
    assert battles[0] == battles[1]


@pytest.mark.parametrize(
    ("threat", "where", "says"),
    [
        ({"credibility": 1.2}, "credibility", "less than or equal to 1"),
        ({"credibility": 0.5, "believed": -0.1}, "believed", "greater than or equal to 0"),
        ({"believed": 0.3, "then": None}, "believed", "only a threat has believed"),
        ({"credibility": 0.5, "then": "war"}, "then", "then: war needs a war"),
        ({"credibility": 0.5, "ultimatum": 13}, "ultimatum", "after the last round (12)"),
        ({"credibility": 0.5, "carrot": 0.1}, "carrot", "a threat is a stick"),
    ],
)
def test_a_malformed_threat_is_a_located_error(threat, where, says):
    data = threatened(bargain(), **threat)
    pr = data["actors"]["a"]["pressure"][0]
    for k in [k for k, v in pr.items() if v is None]:
        del pr[k]
    with pytest.raises(ScenarioError) as info:
        from_data(data)
    assert any(f"actors.a.pressure[0].{where}" in str(p) and says in str(p) for p in info.value.problems), str(
        info.value
    )
