"""``plausible:`` ranges of judged numbers: checked against the block's numbers, located, shown by explain."""

from __future__ import annotations

import pytest

from negosim import ScenarioError, load_scenario
from negosim.scenario.explain import explain

BASE = """\
negosim: 1
name: T
issues:
  x: {name: X}
actors:
  a:
    name: A
    reservation: 0.2
    assumed: "judged"
    PLAUSIBLE_A
    positions: {x: {ideal: 1, salience: 1}}
    pressure:
      - target: b
        stick: 0.05
        assumed: "judged"
        plausible:
          PLAUSIBLE
  b:
    name: B
    positions: {x: {ideal: 0, salience: 1}}
conflict:
  sides: {a: [a], b: [b]}
  p: 0.5
  beliefs: {a: [2, 2]}
  horizon: 5
  assumed: "judged"
  plausible: PLAUSIBLE_WAR
"""


def scenario(tmp_path, pressure="stick: [0.01, 0.1]", actor="", war="{}"):
    f = tmp_path / "s.yaml"
    f.write_text(BASE.replace("PLAUSIBLE_A", actor).replace("PLAUSIBLE_WAR", war).replace("PLAUSIBLE", pressure))
    return f


def problems(f) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(f)
    return [str(p).removeprefix(f"{f}:") for p in info.value.problems]


def test_valid_ranges_load(tmp_path):
    war = '{p: [0.3, 0.7], "beliefs.a[0]": [1, 4], horizon: [3, 10]}'  # brackets in a {...} key: quote it
    sc = load_scenario(scenario(tmp_path, actor="plausible: {reservation: [0, 0.4]}", war=war))
    assert sc.actors["a"].pressure[0].plausible == {"stick": (0.01, 0.1)}
    assert sc.actors["a"].plausible == {"reservation": (0.0, 0.4)}
    assert sc.conflict.plausible["beliefs.a[0]"] == (1.0, 4.0)


@pytest.mark.parametrize(
    ("pressure", "message"),
    [
        ("stik: [0.01, 0.1]", '"stik" names no number written in this block (did you mean "stick"?)'),
        ("target: [0.01, 0.1]", '"target" names no number written in this block (its numbers: stick)'),
        ("carrot: [0, 0.1]", '"carrot" names no number written in this block (its numbers: stick)'),  # not written
        ("stick: [0.1, 0.01]", "a range [lo, hi] needs lo <= hi (got [0.1, 0.01]; [v, v] keeps the number fixed)"),
        ("stick: [-0.1, 0.1]", "[-0.1, 0.1] goes beyond the values stick may take, [0, 1]"),
    ],
)
def test_a_bad_range_is_located_at_its_key(tmp_path, pressure, message):
    f = scenario(tmp_path, pressure)
    assert problems(f) == [f"17:11: actors.a.pressure[0].plausible.{pressure.split(':')[0]}: {message}"]


def test_a_value_outside_its_plausible_range_is_a_warning_not_an_error(tmp_path):
    sc = load_scenario(scenario(tmp_path, "stick: [0.06, 0.1]"))  # an override may move a value out: no error
    assert [f"{w.line}:{w.col}: {w.path}: {w.message}" for w in sc.warnings] == [
        "17:11: actors.a.pressure[0].plausible.stick: the value 0.05 lies outside its plausible range [0.06, 0.1]"
    ]
    from negosim.scenario.overrides import apply_overrides

    assert apply_overrides(sc, {"actors.a.pressure[0].stick": 0.08}).warnings == []


def test_a_number_of_a_block_of_its_own_and_a_bound_of_an_issue_or_an_open_bound(tmp_path):
    f = scenario(tmp_path, actor="plausible: {positions.x.salience: [0.5, 1]}", war="{p: [0, 0.8]}")
    assert problems(f) == [
        '10:17: actors.a.plausible.positions.x.salience: "positions.x.salience" lies in a block of its own '
        "(positions): give its range in that block's plausible",
        "27:15: conflict.plausible.p: [0, 0.8] goes beyond the values p may take, (0, 1)",
    ]


def test_a_range_is_two_numbers(tmp_path):
    f = scenario(tmp_path, "stick: [true, 0.1]")
    assert problems(f) == ["17:19: actors.a.pressure[0].plausible.stick[0]: Input should be a valid number, got True"]
    f = scenario(tmp_path, "stick: [0.01, 0.05, 0.1]")
    [msg] = problems(f)
    assert msg.startswith("17:11: actors.a.pressure[0].plausible.stick: Tuple should have at most 2 items")


def test_explain_shows_the_ranges_after_the_judgement(tmp_path):
    sc = load_scenario(scenario(tmp_path, war="{p: [0.3, 0.7], horizon: [3, 10]}"))
    lines = explain(sc).splitlines()
    judged = [n for n, line in enumerate(lines) if line.strip() == "judged  judged"]
    assert lines[judged[1] + 1].strip() == "plausible  stick 0.01 to 0.1"
    assert lines[judged[-1] + 1].strip() == "plausible  p 0.3 to 0.7; horizon 3 to 10"
    assert sum("plausible" in line for line in lines) == 2


def test_a_range_on_a_block_without_assumed_is_warned(tmp_path):
    f = scenario(tmp_path)
    f.write_text(f.read_text().replace('        assumed: "judged"\n        plausible:', "        plausible:"))
    [warning] = load_scenario(f).warnings
    assert str(warning).removeprefix(f"{f}:") == (
        "15:9: actors.a.pressure[0].plausible: warning: plausible ranges without assumed: a sweep over the "
        "assumptions varies only judged numbers"
    )
    assert load_scenario(scenario(tmp_path)).warnings == []
