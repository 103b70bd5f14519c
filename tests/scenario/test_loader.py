"""Loading scenario files: valid files load, invalid ones give located messages, all at once."""

from __future__ import annotations

import pytest

import negosim
from negosim import ScenarioError, load_scenario
from tests.conftest import ISTANBUL, build, pie, write_yaml
from tests.scenario.test_corpus import protocol_names


def problems_of(path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return [str(p) for p in info.value.problems]


def test_istanbul_loads_with_its_actors_and_issues():
    sc = load_scenario(ISTANBUL)
    assert sc.parties == ["russia", "ukraine"]
    assert set(sc.issues) >= {"ceasefire", "leaders_meeting", "four_oblasts", "crimea", "russian_speakers"}
    assert {sc.actors[a].role for a in ("usa", "turkey", "europe")} == {"mediator", "host", "observer"}
    assert len(sc.sha256) == 64


def test_istanbul_quotes_are_verbatim_from_the_article():
    sc = load_scenario(ISTANBUL)
    article = (ISTANBUL.parent / sc.sources["article"].path).read_text()
    quotes = []
    for actor in sc.actors.values():
        items = [actor, actor.strategy, *actor.positions.values(), *actor.red_lines, *actor.preconditions]
        quotes += [ev.quote for item in items for ev in item.evidence]
        quotes += [ev.quote for p in actor.pressure for ev in p.evidence]
    assert len(quotes) > 20
    assert [q for q in quotes if q not in article] == []


def test_every_istanbul_position_carries_evidence_or_an_assumption():
    sc = load_scenario(ISTANBUL)
    for aid, actor in sc.actors.items():
        for item in [*actor.positions.values(), *actor.red_lines, *actor.preconditions]:
            assert item.evidence or item.assumed, aid


def test_unknown_key_is_located_at_the_key(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text(
        "negosim: 1\nname: T\nissues:\n  x: {name: X}\nactors:\n"
        "  a: {name: A, positions: {x: {ideal: 1, salience: 1}}}\n"
        "  b:\n    name: B\n    salary: 3\n    positions: {x: {ideal: 0, salience: 1}}\n"
    )
    assert problems_of(f) == [f"{f}:9:5: actors.b.salary: unknown key"]


def test_wrong_type_and_missing_field_are_reported_together(tmp_path):
    data = pie()
    data["rounds"] = "many"
    del data["actors"]["b"]["positions"]["x"]["salience"]
    f = write_yaml(tmp_path / "s.yaml", data)
    msgs = problems_of(f)
    assert any(m.startswith(f"{f}:3:9: rounds: Input should be a valid integer") for m in msgs), msgs
    assert any("actors.b.positions.x.salience: missing required field" in m for m in msgs), msgs
    assert len(msgs) == 2


def test_cross_references_are_checked(tmp_path):
    data = pie()
    data["actors"]["a"]["red_lines"] = [{"issue": "y", "min": 0.5}]
    data["actors"]["a"]["pressure"] = [{"target": "bb", "stick": 0.1}]
    data["actors"]["b"]["positions"]["x"]["ideal"] = 1.5
    f = write_yaml(tmp_path / "s.yaml", data)
    msgs = problems_of(f)
    assert sorted(m.split(": ", 1)[1] for m in msgs) == sorted(
        [
            'actors.a.red_lines[0].issue: unknown issue "y"',
            'actors.a.pressure[0].target: unknown actor "bb" (did you mean "b"?)',
            "actors.b.positions.x.ideal: 1.5 is outside the issue's range [0, 1]",
        ]
    )
    assert all(m.startswith(f"{f}:") and m.split(":")[1].isdigit() for m in msgs)


def test_discrete_values_must_name_options(tmp_path):
    data = pie()
    data["issues"]["x"] = {"name": "X", "kind": "discrete", "options": ["no", "yes"]}
    data["actors"]["a"]["positions"]["x"] = {"values": {"yes": 1, "maybe": 0.5}, "salience": 1}
    data["actors"]["b"]["positions"]["x"] = {"values": {"no": 1}, "salience": 1}
    f = write_yaml(tmp_path / "s.yaml", data)
    [msg] = problems_of(f)
    assert msg.endswith("""actors.a.positions.x.values.maybe: "maybe" is not an option of this issue ['no', 'yes']""")


def test_yaml_syntax_problem_has_the_parser_line(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("negosim: 1\nname: [unclosed\nrounds: 3\n")
    [msg] = problems_of(f)
    assert msg.startswith(f"{f}:") and "YAML:" in msg
    assert int(msg.split(":")[1]) >= 2


def test_fewer_than_two_parties_and_contradictory_red_lines(tmp_path):
    data = pie()
    data["actors"]["b"]["role"] = "observer"
    data["actors"]["a"]["red_lines"] = [{"issue": "x", "min": 0.8, "max": 0.2}]
    f = write_yaml(tmp_path / "s.yaml", data)
    msgs = [m.split(": ", 1)[1] for m in problems_of(f)]
    assert "actors: a negotiation needs at least two actors with role: party (found 1)" in msgs
    assert "actors.a.red_lines[0]: min 0.8 is above max 0.2: no value is acceptable" in msgs


def test_unsupported_version_and_tactic_parameters(tmp_path):
    data = pie()
    data["negosim"] = 2
    data["actors"]["a"]["strategy"] = {"tactic": "boulware", "beta": 2}
    f = write_yaml(tmp_path / "s.yaml", data)
    msgs = [m.split(": ", 1)[1] for m in problems_of(f)]
    assert "negosim: unsupported format version 2: this negosim reads negosim: 1" in msgs
    assert "actors.a.strategy: boulware needs beta < 1 (got 2); beta = 1 is linear, beta > 1 conceder" in msgs


def test_missing_file_and_non_mapping(tmp_path):
    assert problems_of(tmp_path / "nope.yaml")[0].startswith(f"{tmp_path / 'nope.yaml'}: cannot read the file")
    f = tmp_path / "list.yaml"
    f.write_text("- 1\n- 2\n")
    assert problems_of(f) == [f"{f}:1:1: a scenario is a YAML mapping (key: value lines)"]


def test_python_tags_are_not_executed(tmp_path):
    f = tmp_path / "evil.yaml"
    f.write_text("negosim: 1\nname: !!python/object/apply:os.system ['touch " + str(tmp_path / "pwned") + "']\n")
    problems_of(f)
    assert not (tmp_path / "pwned").exists()


def test_structural_and_consistency_problems_are_reported_together(tmp_path):
    data = pie()
    data["actors"]["a"]["positions"]["x"]["ideal"] = 1.5  # consistency
    data["actors"]["a"]["red_lines"] = [{"issue": "xx", "min": 0.2}]  # consistency
    data["actors"]["b"]["strategy"] = {"tactic": "linear", "beta": "half"}  # structure
    data["actors"]["b"]["positions"]["x"]["salience"] = -0.1  # structure
    data["actors"]["b"]["colour"] = "red"  # structure
    f = write_yaml(tmp_path / "s.yaml", data)
    msgs = [m.split(": ", 1)[1] for m in problems_of(f)]
    assert len(msgs) == 5, msgs
    assert "actors.a.positions.x.ideal: 1.5 is outside the issue's range [0, 1]" in msgs
    assert 'actors.a.red_lines[0].issue: unknown issue "xx" (did you mean "x"?)' in msgs
    assert "actors.b.colour: unknown key" in msgs
    lines = [int(m.split(":")[1]) for m in problems_of(f)]
    assert lines == sorted(lines)


def test_unknown_key_suggests_the_field_meant(tmp_path):
    data = pie()
    data["actors"]["a"]["strategy"]["tactik"] = "linear"
    f = write_yaml(tmp_path / "s.yaml", data)
    [msg] = problems_of(f)
    assert msg.endswith('actors.a.strategy.tactik: unknown key (did you mean "tactic"?)')


def test_red_lines_that_together_exclude_every_value(tmp_path):
    data = pie()
    data["actors"]["a"]["red_lines"] = [{"issue": "x", "min": 0.7}, {"issue": "x", "max": 0.4}]
    f = write_yaml(tmp_path / "s.yaml", data)
    [msg] = problems_of(f)
    assert msg.endswith('actors.a.red_lines: the red lines on "x" together exclude every value')


def test_what_the_eum_model_needs_is_located(tmp_path):
    data = pie(protocol="eum")
    data["actors"]["a"]["capability"] = 1
    data["actors"]["b"]["positions"]["x"]["salience"] = 2
    f = write_yaml(tmp_path / "s.yaml", data)
    assert [p.split(": ", 1)[1] for p in problems_of(f)] == [
        "actors.a.strategy: the eum model has no strategy: actors move by its challenges",
        "actors.b: the eum model needs each actor's capability: its power to shape the decision (any scale)",
        "actors.b.strategy: the eum model has no strategy: actors move by its challenges",
        "actors.b.positions.x.salience: in the eum model a salience is a share in [0, 1] (BDM 1994)",
    ]


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("negosim: 1\nname: a\nname: b\n", "3:1", 'duplicate key "name" (it already has the value "a" above)'),
        ("negosim: 1\nissues:\n\tx: 1\n", "3:1", "a tab character: indent YAML with spaces"),
        ('negosim: 1\nname: "abc\nrounds: 3\n', "2:7", "a quote opened here is never closed"),
        ("negosim: 1\nissues:\n  x: {name: X\n", "3:6", "a bracket opened here is not closed"),
        ("negosim: 1\nname: a: b\n", "2:8", "a ':' where a value was expected"),
    ],
)
def test_yaml_syntax_problems_in_plain_words(tmp_path, text, where, message):
    f = tmp_path / "s.yaml"
    f.write_text(text)
    [msg] = problems_of(f)
    assert msg.startswith(f"{f}:{where}: YAML: {message}")


def test_mediated_protocol_takes_time_dependent_parties_only(tmp_path):
    data = pie(protocol="mediated")
    data["actors"]["m"] = {"name": "M", "role": "mediator"}
    data["actors"]["a"]["strategy"] = {"tactic": "zeuthen"}
    f = write_yaml(tmp_path / "s.yaml", data)
    [msg] = problems_of(f)
    assert msg.endswith(
        "actors.a.strategy.tactic: zeuthen does not work with the mediated protocol, "
        "where parties make no offers; use boulware, linear, conceder or time-dependent"
    )


def test_every_party_on_tit_for_tat_is_warned(tmp_path):
    data = pie()
    for a in ("a", "b"):
        data["actors"][a]["strategy"] = {"tactic": "tit-for-tat"}
    sc = load_scenario(write_yaml(tmp_path / "s.yaml", data))
    assert [w.message for w in sc.warnings] == [
        "every party plays tit-for-tat: none moves first, so nobody will concede"
    ]


def test_not_in_is_refused_on_a_continuous_issue():
    data = pie()
    data["actors"]["a"]["red_lines"] = [{"issue": "x", "not_in": [0.5]}]
    with pytest.raises(ScenarioError, match="not_in needs a discrete issue"):
        build(data)


def test_rounds_are_bounded_and_a_nul_in_a_source_path_is_refused_plainly(tmp_path):
    with pytest.raises(negosim.OverrideError, match="less than or equal to 100000"):
        negosim.simulate(build(pie()), overrides={"rounds": 2_000_000_000})
    data = pie()
    data["sources"] = {"a": {"title": "A", "path": "a\0b"}}
    f = write_yaml(tmp_path / "s.yaml", data)
    with pytest.raises(ScenarioError, match='cannot read source "a\\x00b"'):
        negosim.load_scenario(f)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("strategy", [1, 2], "actors.a.strategy: should be a block: {tactic: boulware, ...}, got [1, 2]"),
        ("protocol", None, f"protocol: should be {protocol_names()}, or a block: {{name: alternating, ...}}, got None"),
    ],
)  # fmt: skip
def test_a_tagged_block_of_the_wrong_shape_says_what_it_should_be(field, value, message):
    data = pie()
    if field == "strategy":
        data["actors"]["a"]["strategy"] = value
    else:
        data["protocol"] = value
    with pytest.raises(ScenarioError) as info:
        build(data)
    assert [str(p) for p in info.value.problems] == [message]
