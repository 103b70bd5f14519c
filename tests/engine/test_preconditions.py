"""Preconditions, waivers, interim agreements and the partial and stalemate outcomes (model doc,
sections 4 and 9), on tests/theory/preconditions.yaml."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import negosim
from negosim.engine.compiled import compile_scenario
from negosim.engine.model import NegotiationModel
from tests.conftest import build

PRE = Path(__file__).parents[1] / "theory" / "preconditions.yaml"


def kinds(res) -> list[str]:
    return [e.kind for e in res.events]


def first(res, kind: str):
    return next(e for e in res.events if e.kind == kind)


def test_a_precondition_deadlock_ends_in_stalemate():
    res = negosim.simulate(PRE)
    assert (res.outcome, res.round) == ("stalemate", 1)
    text = first(res, "stalemate").text
    assert "north's ceasefire-first (ceasefire >= 1.00) cannot be met" in text
    assert "south's no-preconditions (no interim agreement on ceasefire)" in text
    assert "no pressure can make either give way" in text


def test_soft_preconditions_without_pressure_still_deadlock():
    res = negosim.simulate(PRE, overrides={"actors.south.preconditions[0].firmness": 0.3})
    assert (res.outcome, res.round) == ("stalemate", 1)


def test_incompatible_requirements_deadlock():
    south = {"id": "talks-first", "require": {"issue": "ceasefire", "at_most": 0}, "before": ["border"]}
    res = negosim.simulate(PRE, overrides={"actors.south.preconditions": [south]})
    assert res.outcome == "stalemate" and "south's talks-first (ceasefire <= 0.00)" in first(res, "stalemate").text


@pytest.mark.parametrize(("firmness", "stick"), [(0.5, 0.1), (0.2, 0.05), (0.0, 0.3)])
def test_waiving_under_pressure_unblocks_the_talks(firmness, stick):
    # each round wears away stick (1 - f) / (f R) of it, R South's resolve drawn for the run: waived in
    # round ceil(R f / ((1 - f) q)), and at once when the firmness is 0
    overrides = {
        "actors.south.preconditions[0].firmness": firmness,
        "actors.broker.pressure": [{"target": "south", "stick": stick}],
    }
    res = negosim.simulate(PRE, overrides=overrides)
    R = NegotiationModel(res.scenario, seed=0).pcs[1].breaking
    waive = first(res, "waive")
    expected = max(1, math.ceil(R * firmness / ((1 - firmness) * stick) - 1e-9))
    assert waive.round == expected
    assert waive.text == "south waives no-preconditions under pressure from broker"
    # the ceasefire then settles on its own once South's offer reaches it; that meets North's precondition
    interim, met = first(res, "interim"), first(res, "met")
    assert interim.round > waive.round and interim.text.startswith("interim agreement on ceasefire: 1.00")
    assert (
        met.round == interim.round and "north's precondition ceasefire-first is met: talks open on border" in met.text
    )
    assert res.outcome == "agreement" and res.summary["agreement"]["ceasefire"] == pytest.approx(1.0)
    states = {p["id"]: (p["state"], p["round"]) for p in res.summary["preconditions"]}
    assert states == {"ceasefire-first": ("met", met.round), "no-preconditions": ("waived", waive.round)}


def test_the_holder_neither_negotiates_nor_accepts_before_its_precondition_is_met():
    # without South's refusal, South concedes the ceasefire by its linear tactic; until the interim
    # agreement North keeps its border offer at its ideal and accepts nothing
    res = negosim.simulate(PRE, overrides={"actors.south.preconditions": []})
    met = first(res, "met").round
    north = res.history[res.history.actor == "north"]
    assert (north[north["round"] < met]["offer_border"] == 0).all()
    assert not [e for e in res.events if e.kind == "accept" and e.actor == "north" and e.round <= met]
    assert res.outcome == "agreement" and res.round > met


def test_separable_issues_settle_on_their_own_and_the_rest_ends_partial():
    # firm red lines keep the border apart; the ceasefire, separable, settles on its own
    res = negosim.simulate(PRE, overrides={
        "actors.south.preconditions": [], "actors.north.preconditions": [],
        "actors.north.positions.ceasefire.ideal": 0.6, "actors.south.positions.ceasefire.ideal": 0.6,
        "actors.north.red_lines": [{"issue": "border", "max": 0.3}],
        "actors.south.red_lines": [{"issue": "border", "min": 0.7}],
    })  # fmt: skip
    assert res.outcome == "partial"
    sm = res.summary
    assert sm["settled_issues"] == ["ceasefire"] and sm["interim"]["ceasefire"]["value"] == pytest.approx(0.6)
    assert first(res, "partial").text.endswith("partial: ceasefire settled; border not")


def test_an_issue_not_separable_waits_for_the_whole_package():
    res = negosim.simulate(PRE, overrides={
        "actors.south.preconditions": [], "actors.north.preconditions": [],
        "issues.ceasefire.separable": False,
        "actors.north.positions.ceasefire.ideal": 0.6, "actors.south.positions.ceasefire.ideal": 0.6,
        "actors.north.red_lines": [{"issue": "border", "max": 0.3}],
        "actors.south.red_lines": [{"issue": "border", "min": 0.7}],
    })  # fmt: skip
    assert res.outcome == "deadline" and res.summary["interim"] == {}


def test_under_mediation_the_text_respects_the_requirement_and_its_piece_is_banked():
    res = negosim.simulate(PRE, overrides={
        "protocol": "mediated", "actors.broker.role": "mediator", "actors.south.preconditions": [],
    })  # fmt: skip
    assert res.text[0][0] == pytest.approx(1.0)  # drafted inside North's requirement, ceasefire >= 1
    rejections = [e for e in res.events if e.kind == "reject" and e.actor == "north"]
    assert rejections[0].text.endswith("rejects the mediator's text: its precondition ceasefire-first is not met")
    interim, met = first(res, "interim"), first(res, "met")
    assert interim.round == met.round and interim.text.startswith("interim agreement on ceasefire: 1.00")
    assert res.outcome == "agreement" and res.round > met.round


def test_a_deadlock_pressure_may_break_is_reported_once_and_the_talks_go_on():
    res = negosim.simulate(PRE, overrides={
        "actors.south.preconditions[0].firmness": 0.5,
        "actors.broker.pressure": [{"target": "south", "stick": 0.1}],
    })  # fmt: skip
    deadlocks = [e for e in res.events if e.kind == "deadlock"]
    assert [e.round for e in deadlocks] == [1]
    assert deadlocks[0].text.endswith("stands; pressure may yet make one give way")
    assert res.outcome != "stalemate"


def test_a_requirement_across_a_firm_red_line_is_a_stalemate_at_once():
    # South's refusal could give way under pressure, but its firm red line (ceasefire <= 0.5) never will
    res = negosim.simulate(PRE, overrides={
        "actors.south.preconditions[0].firmness": 0.5,
        "actors.broker.pressure": [{"target": "south", "stick": 0.1}],
        "actors.south.red_lines": [{"issue": "ceasefire", "max": 0.5}],
    })  # fmt: skip
    assert (res.outcome, res.round) == ("stalemate", 1)
    assert first(res, "stalemate").text.endswith(
        "north's ceasefire-first (ceasefire >= 1.00) cannot be met: it lies across a party's red lines, "
        "and no pressure can make either give way"
    )


def test_one_issue_may_be_named_without_a_list():
    one = negosim.simulate(PRE, overrides={"actors.south.preconditions[0].no_interim": "ceasefire"})
    assert (one.outcome, one.round) == ("stalemate", 1)


def two_party(issues: dict, a: dict, b: dict, **top) -> dict:
    """Two linear parties on continuous issues: ``a`` and ``b`` are extra fields of each actor."""
    ids = list(issues)
    actors = {
        "A": {
            "name": "A",
            "strategy": {"tactic": "linear"},
            "positions": {i: {"ideal": 1, "salience": 1} for i in ids},
        },
        "B": {
            "name": "B",
            "strategy": {"tactic": "linear"},
            "positions": {i: {"ideal": 0, "salience": 1} for i in ids},
        },
    }
    actors["A"].update(a)
    actors["B"].update(b)
    return {"negosim": 1, "name": "seq", "rounds": 30, "issues": issues, "actors": actors, **top}


def test_preconditions_that_can_be_met_in_turn_are_a_sequence_not_a_deadlock():
    # A wants cf first (before everything); B wants pris first, before terr only: cf, then pris, then the rest
    data = two_party(
        {"cf": {"name": "CF"}, "pris": {"name": "P"}, "terr": {"name": "T"}},
        {"preconditions": [{"id": "cf-first", "require": {"issue": "cf", "at_least": 0.6}}]},
        {"preconditions": [{"id": "pris-first", "require": {"issue": "pris", "at_least": 0.6}, "before": ["terr"]}]},
    )
    res = negosim.simulate(build(data))
    assert [e.kind for e in res.events if e.kind in ("deadlock", "stalemate")] == []
    met = [e.text.split("'s precondition ")[1].split(" ")[0] for e in res.events if e.kind == "met"]
    assert met == ["cf-first", "pris-first"] and res.outcome == "agreement"


def test_a_wait_that_comes_back_to_itself_is_a_deadlock():
    data = two_party(
        {"cf": {"name": "CF"}, "pris": {"name": "P"}},
        {"preconditions": [{"id": "cf-first", "require": {"issue": "cf", "at_least": 0.6}, "before": ["pris"]}]},
        {"preconditions": [{"id": "pris-first", "require": {"issue": "pris", "at_least": 0.6}, "before": ["cf"]}]},
    )
    res = negosim.simulate(build(data))
    assert (res.outcome, res.round) == ("stalemate", 1)
    assert "A's cf-first (cf >= 0.60) cannot be met while B's pris-first (pris >= 0.60) stands" in str(res.events[-1])


@pytest.mark.parametrize(("presser_ideal", "outcome"), [(0.3, "stalemate"), (0.9, "agreement")])
def test_pressure_breaks_a_red_line_block_only_if_it_pushes_the_line_far_enough(presser_ideal, outcome):
    # A requires cf >= 0.8; B's soft line keeps cf <= 0.5 and erodes only toward the mediator's ideal
    data = two_party(
        {"cf": {"name": "CF"}, "b": {"name": "B"}},
        {"preconditions": [{"id": "cf", "require": {"issue": "cf", "at_least": 0.8}}]},
        {"red_lines": [{"issue": "cf", "max": 0.5, "firmness": 0.5}]},
    )
    data["actors"]["M"] = {
        "name": "M",
        "role": "mediator",
        "positions": {"cf": {"ideal": presser_ideal, "salience": 1}},
        "pressure": [{"target": "B", "stick": 0.3}],
    }
    res = negosim.simulate(build(data))
    assert res.outcome == outcome
    if outcome == "stalemate":
        assert res.round == 1 and "cannot be met: it lies across a party's red lines" in str(res.events[-1])


def test_an_agreement_never_undoes_an_interim_agreement():
    # the alternating standing offer made before an interim agreement lapses if it contradicts it
    data = two_party(
        {"i0": {"name": "I0", "separable": True}, "i1": {"name": "I1", "separable": True}},
        {
            "reservation": 0.28,
            "positions": {"i0": {"ideal": 0.79, "salience": 0.77}, "i1": {"ideal": 0.8, "salience": 0.85}},
            "preconditions": [{"id": "r", "require": {"issue": "i0", "at_least": 0.83}}],
        },
        {
            "reservation": 0.13,
            "positions": {"i0": {"ideal": 0.11, "salience": 0.41}, "i1": {"ideal": 0.02, "salience": 0.21}},
        },
        rounds=14,
    )
    res = negosim.simulate(build(data))
    assert res.outcome == "agreement" and not np.isnan(res.interim[0])
    assert res.agreement[0] == pytest.approx(res.interim[0]) and res.agreement[0] >= 0.83 - 1e-9


def test_a_mediators_text_where_lines_clash_leaves_the_scenario_and_the_firm_lines_alone():
    data = {
        "negosim": 1,
        "name": "clash",
        "rounds": 10,
        "protocol": "mediated",
        "issues": {
            "d": {"name": "D", "kind": "discrete", "options": ["a", "b", "c"], "ordered": True},
            "c": {"name": "C", "separable": True},
        },
        "actors": {
            "A": {
                "name": "A",
                "strategy": {"tactic": "linear"},
                "positions": {"d": {"values": {"a": 1, "b": 0.5}, "salience": 0.5}, "c": {"ideal": 0, "salience": 0.5}},
                "red_lines": [{"issue": "d", "max": "a"}, {"issue": "c", "max": 0.3}],
            },
            "B": {
                "name": "B",
                "strategy": {"tactic": "linear"},
                "positions": {"d": {"values": {"c": 1, "b": 0.5}, "salience": 0.5}, "c": {"ideal": 1, "salience": 0.5}},
                "red_lines": [{"issue": "d", "min": "c"}, {"issue": "c", "min": 0.7}],
            },
            "M": {"name": "M", "role": "mediator"},
        },
    }
    sc = build(data)
    space = compile_scenario(sc).space
    before = space.lo.copy(), space.hi.copy(), space.allowed.copy()
    res = negosim.simulate(sc)
    assert all(np.array_equal(x, y) for x, y in zip(before, (space.lo, space.hi, space.allowed), strict=True))
    assert res.summary["interim"] == {} and res.outcome == "deadline"
    assert any("crosses its red line" in e.text for e in res.events if e.kind == "reject")


@pytest.mark.parametrize("soft_elsewhere", [False, True])
def test_firm_lines_that_clash_stalemate_at_once_whatever_soft_lines_stand_beside_them(soft_elsewhere):
    # A requires cf >= 0.3 and holds cf >= 0.6 itself; B's firm line keeps cf <= 0.5: neither line alone
    # excludes the requirement, together they do, and nothing can move them. A soft line of B's on another
    # issue, under pressure, changes nothing of that (it once let the talks run on to the deadline)
    data = two_party(
        {"cf": {"name": "CF"}, "y": {"name": "Y"}},
        {"preconditions": [{"id": "cf", "require": {"issue": "cf", "at_least": 0.3}, "before": ["y"]}],
         "red_lines": [{"issue": "cf", "min": 0.6}]},
        {"red_lines": [{"issue": "cf", "max": 0.5}]},
    )  # fmt: skip
    if soft_elsewhere:
        data["actors"]["B"]["red_lines"].append({"issue": "y", "max": 0.4, "firmness": 0.5})
    data["actors"]["M"] = {"name": "M", "role": "mediator", "pressure": [{"target": "B", "stick": 0.3}]}
    res = negosim.simulate(build(data))
    assert (res.outcome, res.round) == ("stalemate", 1)
    assert "cannot be met: it lies across a party's red lines" in str(res.events[-1])


def test_a_soft_line_that_pressure_can_wear_into_the_bound_is_no_stalemate_yet():
    # the same clash, B's cf line soft and pressed by M, who wants cf at 0.9: it may yet give way
    data = two_party(
        {"cf": {"name": "CF"}, "y": {"name": "Y"}},
        {"preconditions": [{"id": "cf", "require": {"issue": "cf", "at_least": 0.3}, "before": ["y"]}],
         "red_lines": [{"issue": "cf", "min": 0.6}]},
        {"red_lines": [{"issue": "cf", "max": 0.5, "firmness": 0.5}]},
    )  # fmt: skip
    data["actors"]["M"] = {"name": "M", "role": "mediator", "positions": {"cf": {"ideal": 0.9, "salience": 1}},
                           "pressure": [{"target": "B", "stick": 0.3}]}  # fmt: skip
    res = negosim.simulate(build(data))
    assert res.round > 1 and any(e.kind == "erode" for e in res.events)
