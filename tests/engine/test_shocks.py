"""Shocks (model doc, section 14): each kind changes what it names, at its round, as an event; the
format refuses a shock that names nothing real, with its location; a run is still a function of
(scenario, seed)."""

from __future__ import annotations

import copy
import itertools
from pathlib import Path

import numpy as np
import pytest
from ruamel.yaml import YAML

import negosim
from negosim.engine.model import NegotiationModel
from negosim.errors import ScenarioError
from negosim.scenario.loader import from_data
from negosim.scenario.models import Shock
from tests.conftest import pie

WAR = Path(__file__).parents[1] / "theory" / "war.yaml"
EROSION = Path(__file__).parents[1] / "theory" / "erosion.yaml"


def war(**extra) -> dict:
    data = YAML(typ="safe").load(WAR.read_text())
    data.update(extra)
    return data


def run(data: dict, seed: int = 0, rounds: int | None = None) -> NegotiationModel:
    m = NegotiationModel(from_data(copy.deepcopy(data)), seed=seed)
    for _ in range(rounds or m.rounds):
        if not m.running:
            break
        m.step()
    return m


def shocks_of(m: NegotiationModel) -> list:
    return [e for e in m.events if e.kind == "shock"]


def test_a_battle_shock_moves_the_front_and_both_beliefs_at_its_round_and_draws_nothing_from_the_seed():
    plain = run(war(), seed=4, rounds=6)
    shocked = run(war(shocks=[{"round": 6, "kind": "battle", "winner": "b", "text": "B retakes the bridge",
                               "assumed": "a test"}]), seed=4, rounds=6)  # fmt: skip
    # the same battles were drawn (the shock draws nothing), and the shock's battle is one more, won by b
    assert [e.winner for e in shocked.events if e.kind == "battle"] == [e.winner for e in plain.events
                                                                       if e.kind == "battle"]  # fmt: skip
    assert shocked.war.wins["b"] == plain.war.wins["b"] + 1 and shocked.war.wins["a"] == plain.war.wins["a"]
    assert shocked.war.front[0] == pytest.approx(plain.war.front[0] - 0.02)  # b pushes territory down
    for side in "ab":
        assert shocked.war.belief[side][1] == plain.war.belief[side][1] + 1
    assert shocked.war.paid.tolist() == plain.war.paid.tolist()  # no extra cost
    (event,) = shocks_of(shocked)
    assert event.round == 6 and event.what == "battle"
    assert event.text.startswith("shock: B retakes the bridge: side b (b) wins a battle; front territory 0.")


def test_a_battle_shock_before_its_round_has_not_happened():
    m = run(war(shocks=[{"round": 6, "kind": "battle", "winner": "b", "assumed": "a test"}]), seed=4, rounds=5)
    assert shocks_of(m) == []


def erosion() -> dict:
    return YAML(typ="safe").load(EROSION.read_text())


def test_a_firmness_shock_lets_a_firm_red_line_erode_from_its_round():
    data = erosion()
    holder, line = next((aid, rl) for aid, a in data["actors"].items() for rl in a.get("red_lines", ()))
    line["firmness"] = 1.0
    firm = run(data)
    shocked = run({**data, "shocks": [{"round": 3, "kind": "firmness", "actor": holder, "issue": line["issue"],
                                       "firmness": 0.0, "assumed": "a test"}]})  # fmt: skip
    erode = [e for e in shocked.events if e.kind == "erode"]
    assert not [e for e in firm.events if e.kind == "erode"]
    assert erode and min(e.round for e in erode) == 3
    (event,) = shocks_of(shocked)
    assert f"{holder}'s red line on {line['issue']}: firmness 1.00 -> 0.00" in event.text


def test_a_firmness_shock_can_make_a_soft_line_firm():
    data = erosion()
    holder, line = next((aid, rl) for aid, a in data["actors"].items() for rl in a.get("red_lines", ()))
    soft = run(data)
    first = min(e.round for e in soft.events if e.kind == "erode")
    shocked = run({**data, "shocks": [{"round": first, "kind": "firmness", "actor": holder, "issue": line["issue"],
                                       "firmness": 1.0, "assumed": "a test"}]})  # fmt: skip
    assert not [e for e in shocked.events if e.kind == "erode"]


def test_a_salience_shock_changes_the_actors_weights_and_what_it_concedes():
    data = copy.deepcopy(pie(rounds=20))
    data["issues"]["y"] = {"name": "Y", "range": [0, 1]}
    data["actors"]["a"]["positions"]["y"] = {"ideal": 1, "salience": 1}
    data["actors"]["b"]["positions"]["y"] = {"ideal": 0, "salience": 1}
    shocked = run({**data, "shocks": [{"round": 2, "kind": "salience", "actor": "a", "issue": "y", "salience": 0,
                                       "assumed": "a test"}]}, rounds=2)  # fmt: skip
    assert shocked.base.weight[0].tolist() == [1.0, 0.0]  # a cares only for x now
    assert shocked.recorder.party_weight[0].tolist() == [1.0, 0.0]
    (event,) = shocks_of(shocked)
    assert event.text == "shock: a's salience of y: weight 0.50 -> 0.00"
    # the package a values at 1 now only needs x: its offers give y away
    plain = run(data, rounds=3)
    after = run({**data, "shocks": [{"round": 2, "kind": "salience", "actor": "a", "issue": "y", "salience": 0,
                                     "assumed": "a test"}]}, rounds=3)  # fmt: skip
    assert after.space.utility(after.offers[0])[0] > plain.space.utility(after.offers[0])[0] - 1e-9
    assert after.offers[0][1] < plain.offers[0][1]


def test_a_pressure_shock_presses_from_its_round_and_builds_up_over_its_rounds():
    data = war()
    shocked = run({**data, "shocks": [{"round": 4, "kind": "pressure", "actor": "b", "target": "a", "stick": 0.2,
                                       "over": 2, "assumed": "a test"}]}, seed=1, rounds=6)  # fmt: skip
    press = [e for e in shocked.events if e.kind == "press"]
    assert [e.round for e in press] == [4, 5, 6]
    assert [e.stick for e in press] == pytest.approx([0.1, 0.2, 0.2])  # half in its first round, then all
    plain = run(data, seed=1, rounds=6)
    assert shocked.batna[0] == pytest.approx(plain.batna[0] * 0.8)  # a keeps 1 - 0.2 of its value of no deal


def mediated() -> dict:
    data = copy.deepcopy(pie(rounds=12, tactic="linear", protocol="mediated"))
    data["actors"]["m"] = {"name": "M", "role": "mediator"}
    return data


def test_a_mediator_that_leaves_drafts_no_text_and_one_that_arrives_starts_to():
    plain = run(mediated())
    assert plain.outcome == "agreement"
    left = run({**mediated(), "shocks": [{"round": 1, "kind": "mediator", "actor": "m", "present": False,
                                          "assumed": "a test"}]})  # fmt: skip
    assert left.outcome == "deadline" and not [e for e in left.events if e.kind == "text"]
    late = run({**mediated(), "shocks": [{"round": 5, "kind": "mediator", "actor": "m", "present": True,
                                          "assumed": "a test"}]})  # fmt: skip
    texts = [e.round for e in late.events if e.kind == "text"]
    assert texts and min(texts) == 5  # away until it arrives
    assert [e.text for e in shocks_of(late)] == ["shock: m comes to the table"]


def test_a_mediator_that_leaves_stops_its_pressure():
    data = war()
    data["actors"]["m"] = {"name": "M", "role": "mediator", "pressure": [{"target": "a", "stick": 0.1}]}
    data["shocks"] = [{"round": 3, "kind": "mediator", "actor": "m", "present": False, "assumed": "a test"}]
    m = run(data, seed=2, rounds=6)
    assert [e.round for e in m.events if e.kind == "press"] == [1, 2]


def test_a_shock_injected_by_hand_applies_at_the_next_round_and_is_in_the_snapshot():
    m = NegotiationModel(from_data(war()), seed=0)
    m.step()
    m.step()
    m.inject(Shock(round=1, kind="battle", winner="a", text="by hand"))  # its round has passed: next round
    before = m.war.wins["a"]
    m.step()
    state = m.snapshot()
    assert [e.text.split(":")[1] for e in state.events if e.kind == "shock"] == [" by hand"]
    assert state.round == 3 and m.war.wins["a"] >= before + 1


def test_same_scenario_with_shocks_same_seed_same_run():
    data = war(shocks=[{"round": 3, "kind": "battle", "winner": "b", "assumed": "a test"},
                       {"round": 5, "kind": "pressure", "actor": "a", "target": "b", "carrot": 0.1,
                        "assumed": "a test"}])  # fmt: skip
    one, two = run(data, seed=7), run(data, seed=7)
    assert [e.text for e in one.events] == [e.text for e in two.events]
    assert np.array_equal(one.recorder.series["offers"], two.recorder.series["offers"], equal_nan=True)


def test_simulate_carries_shocks_into_the_events_and_the_log(tmp_path):
    data = war(shocks=[{"round": 2, "kind": "battle", "winner": "a", "assumed": "a test"}])
    res = negosim.simulate(from_data(data), seed=0)
    assert [e.round for e in res.events if e.kind == "shock"] == [2]
    assert any(r["kind"] == "shock" and r["what"] == "battle" for r in (e.record() for e in res.events))


@pytest.mark.parametrize(
    ("shock", "where", "says"),
    [
        ({"round": 99, "kind": "battle", "winner": "a"}, "shocks[0].round", "after the last round"),
        ({"round": 2, "kind": "battle"}, "shocks[0]", "needs winner"),
        ({"round": 2, "kind": "battle", "winner": "a", "stick": 0.1}, "shocks[0]", "takes no stick"),
        ({"round": 2, "kind": "firmness", "actor": "zz", "issue": "territory", "firmness": 0.5},
         "shocks[0].actor", 'unknown actor "zz"'),
        ({"round": 2, "kind": "firmness", "actor": "a", "issue": "territory", "firmness": 0.5},
         "shocks[0].issue", "a has no red line on"),
        ({"round": 2, "kind": "firmness", "actor": "a", "precondition": "first", "firmness": 0.5},
         "shocks[0].precondition", 'a holds no precondition "first"'),
        ({"round": 2, "kind": "salience", "actor": "a", "issue": "nowhere", "salience": 1},
         "shocks[0].issue", 'unknown issue "nowhere"'),
        ({"round": 2, "kind": "pressure", "actor": "a", "target": "a", "stick": 0.1},
         "shocks[0].target", "cannot pressure itself"),
        ({"round": 2, "kind": "pressure", "actor": "a", "target": "b"}, "shocks[0]", "needs stick or carrot"),
        ({"round": 2, "kind": "mediator", "actor": "a", "present": False}, "shocks[0].actor", "not a mediator"),
    ],
    ids=["late", "no-winner", "extra-field", "unknown-actor", "no-red-line", "no-precondition", "unknown-issue",
         "self-pressure", "no-stick-or-carrot", "not-a-mediator"],
)  # fmt: skip
def test_a_shock_that_names_nothing_real_is_a_located_error(shock, where, says):
    with pytest.raises(ScenarioError) as err:
        from_data(war(shocks=[{**shock, "assumed": "a test"}]))
    found = [(p.path, p.message) for p in err.value.problems]
    assert any(loc == where and says in msg for loc, msg in found), found


def test_a_battle_shock_needs_a_war():
    with pytest.raises(ScenarioError) as err:
        from_data({**pie(), "shocks": [{"round": 2, "kind": "battle", "winner": "a", "assumed": "x"}]})
    assert any(p.path == "shocks[0].kind" and "needs a war" in p.message for p in err.value.problems)


def test_a_pressure_shock_in_talks_with_no_pressure_adds_the_press_stage_in_its_own_round():
    data = {**pie(rounds=8), "shocks": [{"round": 3, "kind": "pressure", "actor": "b", "target": "a", "carrot": 0.2,
                                         "assumed": "a test"}]}  # fmt: skip
    m = run(data, rounds=3)
    assert [e.round for e in m.events if e.kind == "press"] == [3]
    assert m.carrot[0] == pytest.approx(0.2)
    assert "press" in [name for name, _ in m.stages] and "press" not in [n for n, _ in run(pie(rounds=8)).stages]


# --- a mediator who leaves takes its leverage with it (issue 25, item 2) -------------------------------
LESSON = Path(__file__).parents[2] / "scenarios" / "lessons" / "mediator-leverage.yaml"


def lesson(*shocks: dict) -> dict:
    data = YAML(typ="safe").load(LESSON.read_text())
    data["shocks"] = [{"kind": "mediator", "actor": "broker", "assumed": "a test", **s} for s in shocks]
    return data


def test_a_mediator_that_leaves_unwinds_its_stick_as_it_was_built_up():
    m = run(lesson({"round": 8, "present": False}))
    west = m.space.actors.index("west")
    no_deal = m.recorder.series["batna_history"][: m.round, west]
    # stick 0.6 over 4 weeks on West's 0.65: up in weeks 1-4, full in 5-7, unwound in 8-11, then none
    strength = [0.25, 0.5, 0.75, 1, 1, 1, 1, 0.75, 0.5, 0.25, 0, 0, 0, 0, 0, 0]
    assert no_deal == pytest.approx([0.65 * (1 - 0.6 * r) for r in strength[: m.round]])
    assert [e.round for e in m.events if e.kind == "press"] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert [e.text for e in shocks_of(m)] == ["shock: broker leaves the table; its pressure unwinds over 4 weeks"]


def test_the_broker_leaving_in_week_8_changes_the_lessons_outcome():
    stays, leaves = run(lesson()), run(lesson({"round": 8, "present": False}))
    assert stays.outcome == "agreement" and stays.round == 15
    # without its stick West's value of no deal is back at 0.65 by week 11, above any deal East accepts
    assert leaves.outcome == "deadline" and leaves.agreement is None


def test_a_mediator_that_comes_back_before_its_pressure_has_unwound_builds_up_from_what_is_left():
    m = run(lesson({"round": 8, "present": False}, {"round": 10, "present": True}))
    west = m.space.actors.index("west")
    strength = [0.25, 0.5, 0.75, 1, 1, 1, 1, 0.75, 0.5, 0.75, 1, 1]  # down in weeks 8-9, up again from 10
    assert m.recorder.series["batna_history"][:12, west] == pytest.approx([0.65 * (1 - 0.6 * r) for r in strength])


def test_a_carrot_unwinds_with_its_mediator():
    data = lesson({"round": 3, "present": False})
    data["actors"]["broker"]["pressure"] = [{"target": "west", "carrot": 0.2, "over": 2, "assumed": "a test"}]
    m = NegotiationModel(from_data(data), seed=0)
    west, carrots = m.space.actors.index("west"), []
    for _ in range(5):
        m.step()
        carrots.append(float(m.carrot[west]))
    assert carrots == pytest.approx([0.1, 0.2, 0.1, 0.0, 0.0])


# --- found by a review of issue 25's engine ------------------------------------------------------------
def test_a_mediator_back_at_the_table_builds_up_all_of_its_pressure_even_what_had_unwound():
    data = pie(rounds=12, tactic="hardliner")
    data["actors"]["a"]["reservation"] = data["actors"]["b"]["reservation"] = 0.3
    data["actors"]["m"] = {"name": "M", "role": "mediator", "pressure": [
        {"target": "a", "stick": 0.5, "over": 1}, {"target": "b", "stick": 0.5, "over": 8}]}  # fmt: skip
    data["shocks"] = [{"round": 9, "kind": "mediator", "actor": "m", "present": False, "assumed": "t"},
                      {"round": 11, "kind": "mediator", "actor": "m", "present": True, "assumed": "t"}]  # fmt: skip
    m = run(data)
    a = m.space.actors.index("a")
    # a's stick (over 1) is gone in round 9, absent in 10, back at full strength in round 11
    assert m.recorder.series["batna_history"][8:12, a] == pytest.approx([0.3, 0.3, 0.15, 0.15])


def test_pressure_that_is_still_unwinding_can_still_break_a_deadlock():
    # A's soft precondition against B's firm refusal: the mediator who presses A leaves in round 5, but its
    # stick wears A's precondition while it unwinds (rounds 5-7), so the talks do not end in a stalemate
    # that round (they once did): A gives way in round 6 and the talks agree
    data = pie(rounds=20)
    data["issues"]["y"] = {"name": "Y", "separable": True}
    for who, ideal in (("a", 1), ("b", 0)):
        data["actors"][who]["positions"]["y"] = {"ideal": ideal, "salience": 1}
    data["actors"]["a"]["preconditions"] = [{"id": "first", "require": {"issue": "y", "at_least": 0.5},
                                             "before": "all", "firmness": 0.3}]  # fmt: skip
    data["actors"]["b"]["preconditions"] = [{"id": "noint", "no_interim": "all"}]
    data["actors"]["m"] = {"name": "M", "role": "mediator", "pressure": [{"target": "a", "stick": 0.4, "over": 4}]}
    data["shocks"] = [{"round": 5, "kind": "mediator", "actor": "m", "present": False, "assumed": "t"}]
    m = run(data)
    assert [e.round for e in m.events if e.kind == "press"] == [1, 2, 3, 4, 5, 6, 7]
    assert [e.round for e in m.events if e.kind == "waive"] == [6]
    assert m.outcome == "agreement" and not [e for e in m.events if e.kind == "stalemate"]


def test_a_line_made_firm_again_stays_where_pressure_wore_it():
    data = YAML(typ="safe").load(EROSION.read_text())
    data["shocks"] = [{"round": 6, "kind": "firmness", "actor": "north", "issue": "border", "firmness": 1,
                       "assumed": "t"},
                      {"round": 8, "kind": "salience", "actor": "south", "issue": "border", "salience": 0.9,
                       "assumed": "t"}]  # fmt: skip
    m = run(data)
    north = m.space.actors.index("north")
    hi = [b[north, 0] for b in (s.hi for s in m.recorder.spaces)]
    assert all(later >= earlier - 1e-12 for earlier, later in itertools.pairwise(hi))  # never tightens
    worn = hi[4]
    assert worn > 0.5 and m.space.hi[north, 0] == pytest.approx(worn)  # as it stood when made firm
    [eroded] = negosim.simulate(from_data(data)).summary["red_lines_eroded"]
    assert eroded["from"] == "border <= 0.50" and eroded["to"] == f"border <= {worn:.2f}"


def test_an_expected_utility_run_that_breaks_down_says_why_without_a_forecast():
    data = pie(rounds=3, protocol="eum")
    for who in ("a", "b"):
        data["actors"][who]["capability"] = 1
        data["actors"][who].pop("strategy")
    data["actors"]["a"]["reservation"] = 1.0
    data["actors"]["a"]["red_lines"] = [{"issue": "x", "max": 0.5}]
    res = negosim.simulate(from_data(data))
    assert res.outcome == "breakdown"
    assert res.reasons() == [next(e.text for e in res.events if e.kind == "breakdown")]


def test_a_mediator_that_leaves_while_its_stick_builds_up_unwinds_from_where_it_had_got():
    m = run(lesson({"round": 3, "present": False}))  # stick 0.6 over 4: a quarter, a half, then it leaves
    west = m.space.actors.index("west")
    strength = [0.25, 0.5, 0.25, 0, 0]
    assert m.recorder.series["batna_history"][:5, west] == pytest.approx([0.65 * (1 - 0.6 * r) for r in strength])
    assert [e.text for e in shocks_of(m)] == ["shock: broker leaves the table; its pressure unwinds over 2 weeks"]


def position_shock(round_: int, **fields) -> dict:
    return {"round": round_, "kind": "position", "actor": "a", "issue": "x", "assumed": "a test", **fields}


def test_a_position_shock_moves_the_actors_ideal_and_its_offers_follow_from_its_round():
    """A demand that softens: from round 3, a wants 0.3 of the pie, not all of it. Its offers, what it accepts
    and its utility of every package are those of the new ideal; the rounds before are as without the shock."""
    data = pie(rounds=20, tactic="hardliner")
    plain = run(data, rounds=4)
    shocked = run({**data, "shocks": [position_shock(3, ideal=0.3)]}, rounds=4)
    (event,) = shocks_of(shocked)
    assert event.round == 3 and event.text == "shock: a's position on x: ideal 1 -> 0.3"
    assert shocked.base.ideal[0, 0] == pytest.approx(0.3) and plain.base.ideal[0, 0] == 1
    offers = [e.package["x"] for e in shocked.events if e.kind == "offer" and e.actor == "a"]
    before = [e.package["x"] for e in plain.events if e.kind == "offer" and e.actor == "a"]
    assert offers[:2] == before[:2] == [1.0, 1.0]  # a hardliner asks for its ideal: all of it in rounds 1-2
    assert offers[2:] == [pytest.approx(0.3)] * 2  # and from round 3 its new ideal
    assert shocked.space.utility(np.array([0.3]))[0] == pytest.approx(1.0)


def test_a_position_shock_on_a_discrete_issue_changes_the_option_it_wants_most():
    data = pie(rounds=20, tactic="hardliner")
    data["issues"] = {"x": {"name": "Venue", "kind": "discrete", "options": ["geneva", "oman", "rome"]}}
    data["actors"]["a"]["positions"] = {"x": {"values": {"geneva": 1, "oman": 0.5}, "salience": 1}}
    data["actors"]["b"]["positions"] = {"x": {"values": {"rome": 1}, "salience": 1}}
    m = run({**data, "shocks": [position_shock(2, values={"oman": 1, "rome": 0.2})]}, rounds=3)
    (event,) = shocks_of(m)
    assert event.text == "shock: a's position on x: it now wants oman most (before: geneva)"
    offers = [e.package["x"] for e in m.events if e.kind == "offer" and e.actor == "a"]
    assert offers == ["geneva", "oman", "oman"]
    assert m.base.table[0, 0].tolist() == [0.0, 1.0, 0.2]  # unlisted options are worth 0, as in a position


def test_a_position_shock_before_any_offer_is_what_the_others_know_of_the_actor():
    """The others' trade-offs aim at a party's best package until it offers: after the shock, its new one."""
    data = pie(rounds=20)
    m = NegotiationModel(from_data({**data, "shocks": [position_shock(1, ideal=0.2)]}), seed=0)
    m.shocks()  # the round's shock stage alone: no one has offered yet
    assert m.known[0, 0] == pytest.approx(0.2)


@pytest.mark.parametrize(
    ("fields", "where", "says"),
    [({"ideal": 2}, "shocks[0].ideal", "outside the issue's range"),
     ({"values": {"x": 1}}, "shocks[0].values", "a continuous issue takes ideal"),
     ({}, "shocks[0]", "gives ideal"),
     ({"issue": "y", "ideal": 0.5}, "shocks[0].issue", "unknown issue")],
    ids=["outside-range", "values-on-continuous", "neither", "unknown-issue"],
)  # fmt: skip
def test_a_position_shock_that_cannot_apply_is_a_located_error(fields, where, says):
    with pytest.raises(ScenarioError) as err:
        from_data({**pie(), "shocks": [position_shock(2, **fields)]})
    found = [(p.path, p.message) for p in err.value.problems]
    assert any(loc == where and says in msg for loc, msg in found), found


MEDIATED = Path(__file__).parents[1] / "theory" / "mediated-pie.yaml"


def test_a_protocol_shock_changes_the_format_from_its_round_and_the_result_says_which(tmp_path):
    """Indirect talks through a mediator become direct alternating offers at round 4: texts before, the parties'
    own offers after; the run ends under the new protocol and its folder reads back so."""
    from negosim.output import write_files
    from negosim.runfolder import load_run

    data = YAML(typ="safe").load(MEDIATED.read_text())
    data["shocks"] = [{"round": 4, "kind": "protocol", "protocol": "alternating", "assumed": "a test",
                       "text": "the parties meet face to face"}]  # fmt: skip
    res = negosim.simulate(from_data(data))
    kinds = {e.round: {x.kind for x in res.events if x.round == e.round} for e in res.events}
    assert "text" in kinds[1] and "offer" not in kinds[1]  # round 1: the mediator's text
    assert "offer" in kinds[4] and "text" not in kinds[4]  # from round 4: the parties' own offers
    (shock,) = [e for e in res.events if e.kind == "shock"]
    assert shock.text == ("shock: the parties meet face to face: the talks change format: alternating offers "
                          "(before: on a mediator's single text)")  # fmt: skip
    assert res.final_protocol == "alternating" and res.protocol.name == "alternating"
    assert res.summary["protocol"] == "mediated" and res.summary["protocol_at_end"] == "alternating"
    assert np.isfinite(res.text[:3]).all() and np.isnan(res.text[3:]).all()  # the texts it drafted are kept
    write_files(res, tmp_path, figures=False)
    back = load_run(tmp_path)
    assert back.final_protocol == "alternating" and back.summary == res.summary
    assert np.array_equal(back.text, res.text, equal_nan=True)


def test_a_run_without_a_protocol_shock_says_nothing_of_one():
    res = negosim.simulate(from_data(pie()))
    assert res.final_protocol is None and "protocol_at_end" not in res.summary


@pytest.mark.parametrize(
    ("name", "says"),
    [("alternatng", 'did you mean "alternating"'),
     ("eum", "neither starts nor ends"),
     ("mediated", "from this round: the mediated protocol needs an actor with role: mediator")],
)  # fmt: skip
def test_a_protocol_shock_the_scenario_cannot_run_is_a_located_error(name, says):
    with pytest.raises(ScenarioError) as err:
        from_data({**pie(), "shocks": [{"round": 2, "kind": "protocol", "protocol": name, "assumed": "a test"}]})
    found = [(p.path, p.message) for p in err.value.problems]
    assert any(loc == "shocks[0].protocol" and says in msg for loc, msg in found), found


def test_after_a_change_of_format_a_responsive_tactic_answers_at_its_turn_where_the_new_protocol_has_turns():
    data = {**pie(rounds=12, tactic="tit-for-tat", protocol="simultaneous"),
            "shocks": [{"round": 2, "kind": "protocol", "protocol": "alternating", "assumed": "a test"}]}  # fmt: skip
    m = run(data, rounds=1)
    assert [p.waits_for_turn for p in m.parties] == [False, False]  # simultaneous: no turns
    m.step()
    assert [p.waits_for_turn for p in m.parties] == [True, True]


def test_a_change_to_the_format_the_talks_are_under_already_is_an_error():
    shocks = [{"round": 2, "kind": "protocol", "protocol": "simultaneous", "assumed": "a test"},
              {"round": 5, "kind": "protocol", "protocol": "simultaneous", "assumed": "a test"},
              {"round": 1, "kind": "protocol", "protocol": "alternating", "assumed": "a test"}]  # fmt: skip
    with pytest.raises(ScenarioError) as err:
        from_data({**pie(), "shocks": shocks})
    found = {p.path: p.message for p in err.value.problems}
    assert set(found) == {"shocks[1].protocol", "shocks[2].protocol"}  # round 5 after round 2; round 1 at the start
    assert "under simultaneous already" in found["shocks[1].protocol"]
    assert "under alternating already" in found["shocks[2].protocol"]


def test_a_judged_shocks_round_varies_inside_the_talks():
    from negosim.sweep.assumptions import assumption_factors

    data = {**pie(rounds=30), "shocks": [{"round": 29, "kind": "position", "actor": "a", "issue": "x", "ideal": 0.3,
                                          "assumed": "a test"}]}  # fmt: skip
    factors = {f.path: f for f in assumption_factors(from_data(data))}
    assert factors["shocks[0].round"].hi == 30 and factors["shocks[0].round"].lo >= 1


def test_a_change_of_format_is_said_among_the_reasons():
    data = YAML(typ="safe").load(MEDIATED.read_text())
    data["shocks"] = [{"round": 4, "kind": "protocol", "protocol": "alternating", "assumed": "a test"}]
    res = negosim.simulate(from_data(data))
    assert (
        res.reasons()[-1]
        == "in round 4 the talks change format: alternating offers (before: on a mediator's single text)"
    )


def test_after_a_switch_away_from_a_text_the_summary_table_has_no_text_column(capsys, tmp_path):
    from negosim.report import report_html
    from negosim.terminal import print_summary

    data = YAML(typ="safe").load(MEDIATED.read_text())
    data["shocks"] = [{"round": 4, "kind": "protocol", "protocol": "alternating", "assumed": "a test"}]
    res = negosim.simulate(from_data(data))
    print_summary(res)
    assert "text" not in capsys.readouterr().out.split("each party's last")[1]
    assert "mediator's text</th>" not in report_html(res, images={})


def test_an_ideal_outside_the_actors_own_red_line_is_warned_about_where_it_is_written():
    data = pie(rounds=12)
    data["actors"]["a"]["red_lines"] = [{"issue": "x", "min": 0.4}]
    data["actors"]["b"]["red_lines"] = [{"issue": "x", "max": 0.9}]
    data["shocks"] = [{"round": 3, "kind": "position", "actor": "a", "issue": "x", "ideal": 0.1, "assumed": "t"}]
    found = {w.path: w.message for w in from_data(data).warnings if "its own red line" in w.message}
    assert found == {
        "shocks[0].ideal": "a's ideal on x (0.1) lies outside its own red line (x >= 0.4): it would "
        "refuse the package it wants most"
    }  # fmt: skip  (b's ideal 0 is inside its line <= 0.9)
    data["actors"]["b"]["red_lines"] = [{"issue": "x", "min": 0.2}]
    assert any(w.path == "actors.b.positions.x.ideal" for w in from_data(data).warnings)
