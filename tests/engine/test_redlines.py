"""Red lines eroding under pressure (model doc, sections 3 and 7): the bound moves by at most
(1 - firmness) * pressure of the range a round, toward what the presser wants, never past it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import negosim
from negosim.engine.compiled import compile_scenario
from negosim.engine.redlines import RedLines
from tests.conftest import build, pie

ERODE = Path(__file__).parents[1] / "theory" / "erosion.yaml"


def erosions(res) -> list[str]:
    return [f"{e.round}: {e.text}" for e in res.events if e.kind == "erode"]


def test_an_erosion_stops_at_the_pressers_ideal():
    res = negosim.simulate(ERODE)
    assert erosions(res) == [
        "1: broker's pressure erodes north's red line: border <= 0.500 -> <= 0.550",
        "2: broker's pressure erodes north's red line: border <= 0.550 -> <= 0.600",
        "3: broker's pressure erodes north's red line: border <= 0.600 -> <= 0.650",
        "4: broker's pressure erodes north's red line: border <= 0.650 -> <= 0.700",
    ]  # then nothing: the bound has reached the broker's ideal, 0.7
    assert res.summary["red_lines_eroded"] == [
        {"actor": "north", "issue": "border", "from": "border <= 0.50", "to": "border <= 0.70"}
    ]


def test_a_presser_without_a_position_wears_the_line_to_the_end_of_the_range():
    res = negosim.simulate(ERODE, overrides={"actors.broker.positions": {}, "rounds": 30})
    assert res.summary["red_lines_eroded"][0]["to"] == "border anything"
    assert len(erosions(res)) == 10  # 0.05 a round from 0.5 to 1


def test_a_firm_red_line_does_not_move():
    res = negosim.simulate(ERODE, overrides={"actors.north.red_lines[0].firmness": 1})
    assert erosions(res) == [] and res.summary["red_lines_eroded"] == []


def test_the_eroded_line_is_what_the_holder_accepts():
    # North concedes by a linear tactic; once its line has moved to 0.7 it may accept South's 0.7
    res = negosim.simulate(ERODE, overrides={
        "actors.north.strategy": {"tactic": "conceder"}, "actors.south.strategy": {"tactic": "linear"},
        "actors.south.red_lines": [{"issue": "border", "min": 0.7}], "rounds": 40,
    })  # fmt: skip
    assert res.outcome == "agreement" and res.summary["agreement"]["border"] == pytest.approx(0.7)
    assert res.summary["durable"] is False  # without the leverage North's line is back at 0.5


def test_a_discrete_line_readmits_one_option_per_full_step():
    # options a < b < c < d (ordered); North refuses c and d; broker wants d. A step of
    # (1 - 0.5) * 0.4 = 0.2 of the range is 0.6 of an option: c is readmitted in round 2, d in round 4
    data = {
        "negosim": 1, "name": "d", "rounds": 6,
        "issues": {"x": {"name": "X", "kind": "discrete", "options": ["a", "b", "c", "d"], "ordered": True}},
        "actors": {
            "north": {"name": "N", "strategy": {"tactic": "hardliner"},
                      "positions": {"x": {"values": {"a": 1, "b": 0.7}, "salience": 1}},
                      "red_lines": [{"issue": "x", "max": "b", "firmness": 0.5}]},
            "south": {"name": "S", "strategy": {"tactic": "hardliner"},
                      "positions": {"x": {"values": {"d": 1}, "salience": 1}}},
            "broker": {"name": "B", "role": "observer", "positions": {"x": {"values": {"d": 1}, "salience": 1}},
                       "pressure": [{"target": "north", "stick": 0.4}]},
        },
    }  # fmt: skip
    res = negosim.simulate(build(data))
    assert erosions(res) == [
        "2: broker's pressure erodes north's red line: x c acceptable again",
        "4: broker's pressure erodes north's red line: x d acceptable again",
    ]


@settings(max_examples=200, deadline=None)
@given(
    ideal=st.floats(0, 1), presser=st.one_of(st.none(), st.floats(0, 1)), bound=st.floats(0, 1),
    kind=st.sampled_from(["min", "max"]), firmness=st.floats(0, 0.99), q=st.floats(0.001, 1),
)  # fmt: skip
def test_an_erosion_never_crosses_an_ideal_and_never_tightens(ideal, presser, bound, kind, firmness, q):
    data = {
        "negosim": 1, "name": "p", "rounds": 2, "issues": {"x": {"name": "X"}},
        "actors": {
            "a": {"name": "A", "positions": {"x": {"ideal": ideal, "salience": 1}},
                  "red_lines": [{"issue": "x", kind: bound, "firmness": firmness}]},
            "b": {"name": "B", "positions": {"x": {"ideal": 1 - ideal, "salience": 1}}},
            "m": {"name": "M", "role": "observer",
                  "positions": {} if presser is None else {"x": {"ideal": presser, "salience": 1}}},
        },
    }  # fmt: skip
    sc = build(data)
    lines = RedLines(sc, compile_scenario(sc).space)
    line = lines.lines[0]
    for _ in range(40):
        lo, hi = line.lo, line.hi
        lines.erode(0, 2, q)
        assert line.lo <= lo and line.hi >= hi  # it only relaxes
        moved = (lo - line.lo) if kind == "min" else (line.hi - hi)
        assert moved <= (1 - firmness) * q + 1e-12  # at most (1 - firmness) * pressure of the range
        if presser is not None:  # never past what the presser wants
            assert line.lo >= min(lo, presser) - 1e-12 and line.hi <= max(hi, presser) + 1e-12
        if kind == "min" and ideal < bound:  # a bound above the holder's ideal stops at the ideal
            assert line.lo >= ideal - 1e-12
        if kind == "max" and ideal > bound:
            assert line.hi <= ideal + 1e-12
    assert np.isfinite(line.lo if kind == "min" else line.hi)


def test_a_text_across_a_red_line_is_rejected_naming_the_line():
    # South insists on at least 0.8; North's line erodes only to the broker's 0.7: no text can suit both,
    # so the mediator drafts in the gap and South rejects it, naming its line, to the deadline
    res = negosim.simulate(ERODE, overrides={
        "protocol": "mediated", "actors.broker.role": "mediator", "rounds": 30,
        "actors.north.strategy": {"tactic": "linear"}, "actors.south.strategy": {"tactic": "linear"},
        "actors.south.red_lines": [{"issue": "border", "min": 0.8}],
    })  # fmt: skip
    south = [e.text for e in res.events if e.kind == "reject" and e.actor == "south"]
    assert len(south) == 30 and set(south) == {"south rejects the mediator's text: crosses its red line border >= 0.80"}
    assert all(0.5 <= t[0] <= 0.8 for t in res.text)  # in the gap between the lines
    assert res.outcome == "deadline"


def test_options_that_look_like_numbers_work_in_red_lines():
    data = pie()
    data["issues"]["x"] = {"name": "Pay rise %", "kind": "discrete", "options": ["0", "50", "100"], "ordered": True}
    data["actors"]["a"]["positions"]["x"] = {"values": {"100": 1, "50": 0.6}, "salience": 1}
    data["actors"]["b"]["positions"]["x"] = {"values": {"0": 1, "50": 0.7}, "salience": 1}
    data["actors"]["b"]["red_lines"] = [{"issue": "x", "max": 50}, {"issue": "x", "not_in": [0]}]
    res = negosim.simulate(build(data))
    assert res.outcome == "agreement" and res.summary["agreement"] == {"x": "50"}
