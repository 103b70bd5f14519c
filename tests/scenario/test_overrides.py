"""--set PATH=VALUE overrides: validated against the format, producing a new Scenario."""

from __future__ import annotations

import pytest

from negosim import OverrideError, load_scenario, simulate
from negosim.scenario.overrides import apply_overrides, parse_assignment, parse_path
from tests.conftest import ISTANBUL


def test_parse_path_with_indices():
    assert parse_path("actors.russia.red_lines[0].firmness") == ["actors", "russia", "red_lines", 0, "firmness"]
    with pytest.raises(ValueError):
        parse_path("actors..x")


def test_values_are_read_as_yaml():
    assert parse_assignment("a.b=0.5") == ("a.b", 0.5)
    assert parse_assignment("a=true") == ("a", True)
    assert parse_assignment("a=[0, 1]") == ("a", [0, 1])
    assert parse_assignment("a=conceder") == ("a", "conceder")


def test_override_gives_a_new_scenario_and_keeps_the_original():
    sc = load_scenario(ISTANBUL)
    new = apply_overrides(sc, {"actors.russia.strategy.beta": 0.5, "actors.ukraine.red_lines[0].max": 0.7})
    assert new.actors["russia"].strategy.beta == 0.5
    assert new.actors["ukraine"].red_lines[0].max == 0.7
    assert sc.actors["russia"].strategy.beta == 0.3
    assert new.sha256 == sc.sha256


def test_unknown_path_is_named_with_a_suggestion():
    sc = load_scenario(ISTANBUL)
    with pytest.raises(OverrideError) as info:
        apply_overrides(sc, {"actors.russi.strategy.beta": 0.5, "actors.ukraine.red_lines[9].max": 1})
    assert [str(p) for p in info.value.problems] == [
        'overrides["actors.russi.strategy.beta"]: actors.russi.strategy.beta: unknown key "russi" in actors '
        '(did you mean "russia"?)',
        'overrides["actors.ukraine.red_lines[9].max"]: actors.ukraine.red_lines[9].max: index [9] out of range: '
        "actors.ukraine.red_lines has 2 items",
    ]


def test_library_errors_name_the_override_not_a_command_line_option():
    with pytest.raises(OverrideError) as info:
        simulate(load_scenario(ISTANBUL), overrides={"actors.russia.strategy.beta": "soft"})
    [problem] = info.value.problems
    assert problem.file == 'overrides["actors.russia.strategy.beta"]' and "--set" not in str(problem)


def test_wrong_type_and_unknown_field_are_refused():
    sc = load_scenario(ISTANBUL)
    with pytest.raises(OverrideError) as info:
        apply_overrides(sc, {"actors.russia.strategy.beta": "soft", "actors.russia.strategy.bta": 0.4})
    msgs = sorted(str(p) for p in info.value.problems)
    assert msgs == [
        'overrides["actors.russia.strategy.beta"]: actors.russia.strategy.beta: Input should be a valid number, '
        'unable to parse string as a number, got "soft"',
        'overrides["actors.russia.strategy.bta"]: actors.russia.strategy.bta: unknown key (did you mean "beta"?)',
    ]


def test_override_that_breaks_consistency_is_refused():
    sc = load_scenario(ISTANBUL)
    with pytest.raises(OverrideError) as info:
        apply_overrides(sc, {"actors.russia.positions.crimea.ideal": 2})
    assert [p.message for p in info.value.problems] == ["2 is outside the issue's range [0, 1]"]


def test_a_list_the_file_leaves_out_is_named_as_a_field_to_set_whole():
    sc = load_scenario(ISTANBUL)
    with pytest.raises(OverrideError) as info:
        apply_overrides(sc, {"actors.usa.red_lines[0].firmness": 0.5})
    [msg] = [p.message for p in info.value.problems]
    assert msg == "actors.usa has no red_lines in the file: set actors.usa.red_lines as a whole, e.g. " \
        "actors.usa.red_lines=[...]"  # fmt: skip


def test_a_whole_item_of_a_list_is_replaced_by_index():
    sc = load_scenario(ISTANBUL)
    new = apply_overrides(sc, {"actors.ukraine.red_lines[0]": {"issue": "crimea", "max": 0.7, "firmness": 0.4}})
    line = new.actors["ukraine"].red_lines[0]
    assert (line.issue, line.max, line.firmness, line.evidence) == ("crimea", 0.7, 0.4, ())
    assert new.actors["ukraine"].red_lines[1] == sc.actors["ukraine"].red_lines[1]


def test_overrides_into_a_protocol_or_strategy_block_are_explained():
    sc = load_scenario(ISTANBUL)  # protocol: alternating, by name
    with pytest.raises(OverrideError, match=r"protocol is given by name \(alternating\); to set its quota, set the "
                       r"block: protocol=\{name: alternating, quota: \.\.\.\}"):  # fmt: skip
        apply_overrides(sc, {"protocol.quota": 0.6})
    new = apply_overrides(sc, {"protocol": {"name": "simultaneous", "quota": 0.6}})
    with pytest.raises(OverrideError, match=r"protocol has no weights in the file: set protocol\.weights as a whole"):
        apply_overrides(new, {"protocol.weights.russia": 2})
    assert apply_overrides(new, {"protocol.quota": 0.8}).protocol.quota == 0.8


@pytest.mark.parametrize(("beta", "tactic"), [(0.2, "boulware"), (1, "linear"), (5, "conceder")])
def test_an_override_of_beta_names_the_tactic_it_makes(beta, tactic):
    sc = load_scenario(ISTANBUL)  # russia plays boulware, beta 0.3
    new = apply_overrides(sc, {"actors.russia.strategy.beta": beta})
    assert (new.actors["russia"].strategy.tactic, new.actors["russia"].strategy.beta) == (tactic, beta)


def test_an_override_of_beta_with_the_tactic_keeps_the_tactic_asked_for():
    sc = load_scenario(ISTANBUL)
    with pytest.raises(OverrideError, match="boulware needs beta < 1"):
        apply_overrides(sc, {"actors.russia.strategy.beta": 5, "actors.russia.strategy.tactic": "boulware"})
    new = apply_overrides(sc, {"actors.russia.strategy.beta": 0.5, "actors.russia.strategy.tactic": "time-dependent"})
    assert new.actors["russia"].strategy.tactic == "time-dependent"


def test_a_whole_number_makes_the_same_run_id_written_0_or_0_0():
    from negosim.identity import run_id

    assert run_id("abc", {"x": 0}, 1) == run_id("abc", {"x": 0.0}, 1) != run_id("abc", {"x": 0.5}, 1)
    assert run_id("abc", {"x": [1.0, 2]}, 1) == run_id("abc", {"x": [1, 2]}, 1)
