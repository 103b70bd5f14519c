"""Red lines eroding under pressure (model doc, section 3; engine/firmness.py): a round of pressure q
moves a line of firmness f the share q (1 - f) / (f R) of its way toward what the presser wants, R its
holder's resolve on it, drawn once per run; never past the presser's goal, never tighter."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import negosim
from negosim.engine.compiled import compile_scenario
from negosim.engine.firmness import chance_given_way, give
from negosim.engine.model import NegotiationModel
from negosim.engine.redlines import RedLines
from tests.conftest import build, pie

ERODE = Path(__file__).parents[1] / "theory" / "erosion.yaml"


def erosions(res) -> list[str]:
    return [f"{e.round}: {e.text}" for e in res.events if e.kind == "erode"]


def breaking(scenario, seed: int = 0, line: int = 0) -> float:
    """The resolve drawn for red line ``line`` in a run with ``seed``."""
    sc = negosim.load_scenario(scenario) if isinstance(scenario, Path) else scenario
    return NegotiationModel(sc, seed=seed).redlines.lines[line].breaking


def test_the_law_pins_its_numbers():
    # firmness 0.8 under a full stick (q = 1) with the mean resolve (R = 1): a quarter of the way a round
    assert give(1.0, 0.8, 1.0) == pytest.approx(0.25)
    assert give(0.1, 0.5, 2.0) == pytest.approx(0.05)  # 0.1 * 0.5 / (0.5 * 2)
    assert give(0.3, 0.0, 1.0) == math.inf and give(0.3, 1.0, 0.01) == 0 and give(0.0, 0.5, 1) == 0
    # the chance to have given all the way after pressure-time J: 1 - exp(-J (1 - f) / f)
    assert chance_given_way(4.0, 0.8) == pytest.approx(1 - math.exp(-1))
    assert chance_given_way(9.0, 0.9) == pytest.approx(1 - math.exp(-1))
    assert chance_given_way(1.0, 1.0) == 0 and chance_given_way(0.1, 0.0) == 1 and chance_given_way(0.0, 0.0) == 0


def test_an_erosion_moves_its_share_of_the_way_and_stops_at_the_pressers_ideal():
    # North's line (border <= 0.5, firmness 0.5) under the broker's stick 0.1; the broker wants 0.7: each
    # round the line moves 0.1 * 0.5 / (0.5 R) of its 0.2 way, R the resolve drawn for the run
    for seed in (0, 1, 2):
        res, R = negosim.simulate(ERODE, seed=seed), breaking(ERODE, seed)
        at = [0.5 + min(n * 0.1 / R, 1) * 0.2 for n in range(13)]
        moves = [(n, at[n - 1], at[n]) for n in range(1, 13) if at[n] > at[n - 1]]
        assert erosions(res) == [
            f"{n}: broker's pressure erodes north's red line: border <= {a:.3f} -> <= {b:.3f}" for n, a, b in moves
        ]
        if 1.2 / R >= 1:  # all the way in 12 rounds: at the broker's ideal and no further
            assert res.summary["red_lines_eroded"][0]["to"] == "border <= 0.70"


def test_erosion_is_measured_in_the_issues_own_units():
    # the same line on a 0-100 scale: the same shares of a way twenty units long (a unit error on ranges
    # other than [0, 1] fails this)
    res = negosim.simulate(ERODE, overrides={
        "issues.border.range": [0, 100], "actors.north.red_lines[0].max": 50,
        "actors.north.positions.border.ideal": 0, "actors.south.positions.border.ideal": 100,
        "actors.broker.positions.border.ideal": 70,
    })  # fmt: skip
    R = breaking(ERODE)
    [first, *_] = [e for e in res.events if e.kind == "erode"]
    assert first.text.endswith(f"border <= 50.000 -> <= {50 + min(0.1 / R, 1) * 20:.3f}")


def test_a_presser_without_a_position_wears_the_line_to_the_end_of_the_range():
    res = negosim.simulate(ERODE, overrides={"actors.broker.positions": {}, "rounds": 40})
    R = breaking(ERODE)  # the way is 0.5 long, to the end of the range: all of it after ceil(10 R) rounds
    full = math.ceil(10 * R - 1e-9)
    assert len(erosions(res)) == min(full, 40)
    if full <= 40:
        assert res.summary["red_lines_eroded"][0]["to"] == "border anything"


def test_firmer_lines_give_way_later_and_less():
    # the same resolve, the same pressure: at every round the firmer line has moved less
    bounds = {}
    for f in (0.3, 0.5, 0.8, 0.95, 1.0):
        m = NegotiationModel(negosim.load_scenario(ERODE), seed=0)
        m.redlines.lines[0].firmness = f
        m.redlines.soft = [0] if f < 1 else []
        path = []
        while m.running:
            m.step()
            path.append(m.redlines.lines[0].hi)
        bounds[f] = path
    fs = sorted(bounds)
    for soft, firm in itertools.pairwise(fs):
        assert all(a >= b for a, b in zip(bounds[soft], bounds[firm], strict=True))
    assert bounds[0.3][-1] > bounds[0.95][-1] > 0.5 and set(bounds[1.0]) == {0.5}


def test_resolve_is_drawn_per_run_and_changes_nothing_of_the_war():
    war = Path(__file__).parents[1] / "theory" / "war.yaml"
    draws = {breaking(ERODE, seed) for seed in range(20)}
    assert len(draws) == 20 and 0.4 < float(np.mean(list(draws))) < 2.0  # Exp(1): mean 1
    # a soft line in a war draws its resolve from a stream of its own: the battles are the same
    sc = negosim.load_scenario(war)
    plain = negosim.simulate(sc, seed=3)
    soft = negosim.simulate(sc, seed=3, overrides={"actors.a.red_lines": [{"issue": "territory", "min": 0.2,
                                                                            "firmness": 0.5}]})  # fmt: skip
    assert [e.winner for e in plain.events if e.kind == "battle"][:5] == [
        e.winner for e in soft.events if e.kind == "battle"
    ][:5]


def test_the_share_of_runs_where_a_line_gave_way_follows_the_law():
    # 400 resolves; a stick of 0.1 for 12 rounds at firmness 0.5: pressure-time 1.2, chance 1 - exp(-1.2)
    sc = negosim.load_scenario(ERODE)
    gone = [breaking(sc, seed) <= 1.2 for seed in range(400)]
    p = chance_given_way(1.2, 0.5)
    assert abs(np.mean(gone) - p) < 3 * math.sqrt(p * (1 - p) / 400)


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


def discrete_line(stick: float = 0.4) -> dict:
    """Options a < b < c < d (ordered); North refuses c and d (firmness 0.5); the broker wants d."""
    return {
        "negosim": 1, "name": "d", "rounds": 12,
        "issues": {"x": {"name": "X", "kind": "discrete", "options": ["a", "b", "c", "d"], "ordered": True}},
        "actors": {
            "north": {"name": "N", "strategy": {"tactic": "hardliner"},
                      "positions": {"x": {"values": {"a": 1, "b": 0.7}, "salience": 1}},
                      "red_lines": [{"issue": "x", "max": "b", "firmness": 0.5}]},
            "south": {"name": "S", "strategy": {"tactic": "hardliner"},
                      "positions": {"x": {"values": {"d": 1}, "salience": 1}}},
            "broker": {"name": "B", "role": "observer", "positions": {"x": {"values": {"d": 1}, "salience": 1}},
                       "pressure": [{"target": "north", "stick": stick}]},
        },
    }  # fmt: skip


def test_a_discrete_line_readmits_one_option_per_full_step_keeping_the_remainder():
    # the way is two options (c, then d): each round 0.4 * 0.5 / (0.5 R) of it, 0.8 / R option steps;
    # c comes back when the steps reach 1, d when they reach 2 (the remainder carried over)
    for seed in range(6):
        sc = build(discrete_line())
        res, R = negosim.simulate(sc, seed=seed), breaking(sc, seed)
        c, d = (math.ceil(n * R / 0.8 - 1e-9) for n in (1, 2))
        expected = [(c, "c")] + ([(d, "d")] if d != c else [])
        got = [(e.round, t.split()[1]) for e in res.events if e.kind == "erode" for t in e.changes]
        assert got[: len(expected)] == [(r, o) for r, o in expected if r <= 12]
        if d == c:
            assert got == [(c, "c"), (c, "d")]  # a round strong enough for both readmits both


def test_a_presser_that_already_has_its_option_wears_nothing():
    data = discrete_line()
    data["actors"]["broker"]["positions"]["x"] = {"values": {"b": 1}, "salience": 1}  # b is inside the line
    res = negosim.simulate(build(data))
    assert erosions(res) == []


@settings(max_examples=200, deadline=None, database=None)
@given(
    ideal=st.floats(0, 1), presser=st.one_of(st.none(), st.floats(0, 1)), bound=st.floats(0, 1),
    kind=st.sampled_from(["min", "max"]), firmness=st.floats(0, 0.99), q=st.floats(0.001, 1),
    resolve=st.floats(0.05, 5),
)  # fmt: skip
@example(ideal=0.0, presser=0.9, bound=0.5, kind="max", firmness=0.5, q=0.1, resolve=1.0)
@example(ideal=0.0, presser=None, bound=0.0, kind="min", firmness=5e-324, q=1.0, resolve=0.5)  # once 0 / 0
def test_an_erosion_follows_the_law_never_crosses_an_ideal_and_never_tightens(
    ideal, presser, bound, kind, firmness, q, resolve
):
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
    line.breaking = resolve
    want = (0.0 if kind == "min" else 1.0) if presser is None else presser
    if kind == "min" and ideal < bound:  # a bound beyond the holder's ideal stops at the ideal
        want = max(want, ideal)
    if kind == "max" and ideal > bound:
        want = min(want, ideal)
    outward = want < bound if kind == "min" else want > bound
    for n in range(1, 41):
        lo, hi = line.lo, line.hi
        lines.erode(0, 2, q)
        assert line.lo <= lo and line.hi >= hi  # it only relaxes
        now = line.lo if kind == "min" else line.hi
        share = min(n * give(q, firmness, resolve), 1.0) if outward else 0.0
        assert now == pytest.approx(bound + share * (want - bound), abs=1e-9)  # its share of the way, exactly
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
