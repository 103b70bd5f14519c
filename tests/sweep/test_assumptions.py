"""The scenario's judged numbers as sweep factors: which numbers, over which ranges, named how."""

from __future__ import annotations

import copy

import pytest
from ruamel.yaml import YAML

from negosim import load_scenario
from negosim.scenario.loader import from_data
from negosim.scenario.numbers import Bounds
from negosim.scenario.overrides import apply_overrides
from negosim.sourced import Sourced
from negosim.sweep import assumptions
from negosim.sweep.assumptions import (
    DEFAULT_RANGE,
    DEFAULT_SPEC,
    ON_ISSUE,
    SHARE,
    assumption_factors,
    default_range,
)
from tests.conftest import ISTANBUL, build, pie


@pytest.fixture(scope="module")
def istanbul():
    return load_scenario(ISTANBUL)


@pytest.fixture(scope="module")
def factors(istanbul):
    return {f.path: f for f in assumption_factors(istanbul)}


def istanbul_data() -> dict:
    return YAML(typ="safe", pure=True).load(ISTANBUL.read_text())


def test_a_plausible_range_is_taken_as_written(istanbul, factors):
    f = factors["actors.usa.pressure[0].stick"]
    assert (f.lo, f.hi, f.spec, f.integer) == (0.05, 0.3, "plausible", False)
    assert f.label == "United States (Trump): pressure on Russia (Putin), stick"
    over = factors["actors.usa.pressure[0].over"]  # a whole number of weeks stays whole
    assert (over.lo, over.hi, over.integer) == (4, 16, True)
    assert f.assumed == istanbul.actors["usa"].pressure[0].assumed
    assert (factors["actors.usa.pressure[1].stick"].lo, factors["actors.usa.pressure[1].stick"].hi) == (0.02, 0.2)


@pytest.mark.parametrize(
    ("path", "lo", "hi"),
    [
        ("actors.ukraine.red_lines[0].firmness", 0.6, 1.0),  # 0.8 + 25%, clipped to firmness <= 1
        ("actors.ukraine.positions.four_oblasts.ideal", 0.0, 0.1),  # 0 +- 10% of the issue's range, clipped to it
        ("actors.russia.positions.four_oblasts.salience", 0.2625, 0.4375),  # 0.35 +- 25%
        ("actors.russia.positions.leaders_meeting.salience", 0.075, 0.125),  # 0.10 +- 25%: a magnitude, no floor
        ("actors.russia.positions.leaders_meeting.ideal", 0.2, 0.4),  # 0.3 +- 10% of the issue's range
        ("actors.russia.positions.crimea.ideal", 0.9, 1.0),  # 1 - 10%: the same width as an ideal at 0
        ("actors.russia.red_lines[0].firmness", 0.675, 1.0),  # 0.9 - 25%, clipped to firmness <= 1
        ("actors.ukraine.red_lines[0].max", 0.4, 0.6),  # a red line's bound on the issue's scale
        ("conflict.cost_per_round.russia", 0.003, 0.005),  # 0.004 +- 25%
        ("conflict.beliefs.a[0]", 4.5, 7.5),
        ("conflict.front.four_oblasts", 0.4, 0.6),
    ],
)
def test_the_default_range_is_the_value_plus_or_minus_a_quarter_within_the_valid_bounds(factors, path, lo, hi):
    f = factors[path]
    assert (f.lo, f.hi, f.spec) == (pytest.approx(lo), pytest.approx(hi), DEFAULT_SPEC)


def test_an_excluded_bound_keeps_a_margin_and_a_whole_number_stays_whole(factors):
    bonus = factors["actors.turkey.hosting.bonus"]  # 0.05 +- 25%
    assert (bonus.lo, bonus.hi) == (pytest.approx(0.0375), pytest.approx(0.0625))
    p = factors["conflict.p"]  # 0.55 in (0, 1)
    assert (p.lo, p.hi) == (pytest.approx(0.4125), pytest.approx(0.6875))
    horizon = factors["conflict.horizon"]  # 26 +- 6.5, whole
    assert (horizon.integer, horizon.lo, horizon.hi) == (True, 20, 32)
    assert not factors["conflict.p"].integer


def test_labels_name_actor_claim_and_field_and_are_unique(factors):
    labels = [f.label for f in factors.values()]
    assert len(set(labels)) == len(labels)
    oblasts = factors["actors.russia.positions.four_oblasts.salience"]
    assert oblasts.label == "Russia (Putin): Four eastern oblasts, salience"
    assert factors["conflict.p"].label == "the war: p"
    assert factors["actors.russia.reservation"].label == "Russia (Putin): reservation"
    assert factors["actors.russia.strategy.beta"].label == "Russia (Putin): strategy, beta"
    assert factors["actors.russia.red_lines[1].min"].label == "Russia (Putin): red line on Crimea, min"
    assert factors["actors.ukraine.preconditions[0].firmness"].label == (
        "Ukraine (Zelensky): precondition ceasefire-first, firmness"
    )


def test_factors_follow_the_claims_and_each_block_in_file_order(istanbul):
    paths = [f.path for f in assumption_factors(istanbul)]
    assert paths[:3] == ["actors.russia.reservation", "actors.russia.strategy.beta",
                         "actors.russia.positions.ceasefire.salience"]  # fmt: skip
    war = [p for p in paths if p.startswith("conflict.")]
    assert war == ["conflict.p", "conflict.beliefs.a[0]", "conflict.beliefs.a[1]", "conflict.beliefs.b[0]",
                   "conflict.beliefs.b[1]", "conflict.cost_per_round.russia", "conflict.cost_per_round.ukraine",
                   "conflict.contested.four_oblasts", "conflict.front.four_oblasts", "conflict.horizon",
                   "conflict.ceasefire.at_least"]  # fmt: skip
    assert paths[-len(war) :] == war
    assert paths.index("actors.ukraine.reservation") > paths.index("actors.russia.preconditions[0].firmness")


def test_every_factor_carries_its_blocks_assumption_and_none_lies_in_evidence_or_plausible(istanbul, factors):
    # 59 numbers are written in blocks with assumed; 9 of them the quotes pin (plausible [v, v]) and 7 are the
    # positions of the United States, Turkey and Europe, which move nothing in the talks: not varied
    assert len(factors) == 43
    idle = ("actors.usa.positions", "actors.turkey.positions", "actors.europe")
    assert not [p for p in factors if p.startswith(idle)]
    pinned = ["actors.russia.positions.four_oblasts.ideal", "actors.russia.red_lines[0].min",
              "actors.russia.red_lines[1].firmness", "actors.ukraine.preconditions[0].require.at_least"]  # fmt: skip
    assert not set(pinned) & set(factors)
    for f in factors.values():
        assert f.sampled and f.lo < f.hi and f.assumed
        assert "evidence" not in f.path and "plausible" not in f.path
    assert factors["conflict.horizon"].assumed == istanbul.conflict.assumed


def test_no_factor_comes_from_a_block_without_assumed():
    data = istanbul_data()
    data["actors"]["usa"]["reservation"] = 0.1  # the United States block has evidence only
    del data["actors"]["russia"]["positions"]["crimea"]["assumed"]  # now evidence only
    paths = [f.path for f in assumption_factors(from_data(data))]
    assert "actors.usa.reservation" not in paths
    assert not [p for p in paths if p.startswith("actors.russia.positions.crimea")]
    assert "actors.russia.positions.four_oblasts.salience" in paths  # the neighbours still count
    assert "actors.russia.reservation" in paths  # the actor's own assumption covers only its own numbers


def test_every_factor_at_either_end_gives_a_valid_scenario(istanbul):
    for f in assumption_factors(istanbul):
        for value in (f.at(0.0), f.at(1.0)):
            assert apply_overrides(istanbul, {f.path: value}) is not None, (f.path, value)


def test_options_of_a_discrete_issue_are_not_ranged_and_alike_claims_get_told_apart():
    data = pie()
    data["issues"]["y"] = {"name": "Y", "kind": "discrete", "options": ["0", "50", "100"], "ordered": True}
    data["actors"]["a"]["positions"]["y"] = {"values": {"50": 0.4, "100": 1}, "salience": 0.5, "assumed": "j"}
    data["actors"]["a"]["red_lines"] = [{"issue": "y", "min": 50, "firmness": 0.5, "assumed": "j"},
                                        {"issue": "y", "max": 100, "firmness": 0.6, "assumed": "j"}]  # fmt: skip
    by_path = {f.path: f for f in assumption_factors(build(data))}
    assert "actors.a.red_lines[0].min" not in by_path and "actors.a.red_lines[1].max" not in by_path
    values = by_path["actors.a.positions.y.values.50"], by_path["actors.a.positions.y.values.100"]
    assert (values[0].lo, values[0].hi, values[1].lo, values[1].hi) == pytest.approx((0.3, 0.5, 0.75, 1.0))
    firmness = [by_path[f"actors.a.red_lines[{n}].firmness"].label for n in (0, 1)]
    assert firmness == ["A: red line on Y, firmness", "A: red line on Y, firmness (2)"]


def test_a_range_closed_to_a_point_is_left_out(monkeypatch):
    data = copy.deepcopy(pie())
    data["actors"]["a"]["positions"]["x"]["assumed"] = "j"
    sc = build(data)
    assert [f.path for f in assumption_factors(sc)] == ["actors.a.positions.x.ideal", "actors.a.positions.x.salience"]
    real = assumptions.valid_bounds
    monkeypatch.setattr(assumptions, "valid_bounds",
                        lambda raw, issues, loc, block, rel: Bounds(1, 1) if rel == ("ideal",)
                        else real(raw, issues, loc, block, rel))  # fmt: skip
    assert [f.path for f in assumption_factors(sc)] == ["actors.a.positions.x.salience"]


def test_default_range_rule():
    assert default_range(0.4, Bounds(0, 1)) == (pytest.approx(0.3), pytest.approx(0.5))
    assert default_range(0.1, Bounds(0, 1)) == (pytest.approx(0.075), pytest.approx(0.125))  # a magnitude
    assert default_range(0.1, Bounds(0, 1), on_issue=True) == (pytest.approx(0.0), pytest.approx(0.2))
    assert default_range(0.0, Bounds(0, 1)) == (0, pytest.approx(0.05))  # a magnitude of 0
    assert default_range(2, Bounds(0, 10), on_issue=True) == (1, 3)  # 10% of an issue of 10
    assert default_range(1, Bounds(0, 1), on_issue=True) == (0.9, 1)  # either end of the scale alike
    assert default_range(0, Bounds(0, 1), on_issue=True) == (0, 0.1)
    assert default_range(-2.0, Bounds()) == (pytest.approx(-2.5), pytest.approx(-1.5))
    lo, hi = default_range(0.01, Bounds(0, 1, lo_open=True), on_issue=True)  # an excluded bound keeps a margin
    assert 0 < lo <= 0.001 and hi == pytest.approx(0.11)
    assert default_range(2, Bounds(1, integer=True)) == (1, 3)  # a whole number moves by at least 1
    assert default_range(1.0, Bounds(1, 1)) == (1, 1)


def test_the_rule_is_stated_where_the_format_describes_plausible():
    assert f"±{SHARE:.0%}" in DEFAULT_RANGE and f"±{ON_ISSUE:.0%}" in DEFAULT_RANGE
    described = Sourced.model_fields["plausible"].description
    assert f"±{SHARE:.0%}" in described and f"±{ON_ISSUE:.0%}" in described


def test_a_point_range_keeps_a_number_the_sources_pin_fixed(tmp_path):
    data = pie()
    data["actors"]["a"]["positions"]["x"] |= {"assumed": "the salience is judged", "plausible": {"ideal": [1, 1]}}
    sc = build(data)
    assert [f.path for f in assumption_factors(sc)] == ["actors.a.positions.x.salience"]  # the ideal stays 1


def test_a_varied_number_of_an_assumed_block_carries_its_assumption():
    from negosim.sweep.assumptions import labelled
    from negosim.sweep.factors import parse_vary

    sc = load_scenario(ISTANBUL)
    f = labelled(sc, parse_vary("actors.usa.pressure[0].stick=0,0.1"))
    assert f.label == "United States (Trump): pressure on Russia (Putin), stick"
    assert f.assumed == sc.actors["usa"].pressure[0].assumed
