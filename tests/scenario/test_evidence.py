"""Evidence: quotes checked against their sources; warnings; --strict; unsafe YAML refused."""

from __future__ import annotations

import pytest

from negosim import ScenarioError, load_scenario
from negosim.scenario.evidence import normalise
from tests.conftest import pie, write_yaml

ARTICLE = "The union said: \u201cWe won\u2019t accept less than 5 %.\u201d The employer\u2014as usual\u2014refused.\n"


def sourced(tmp_path, quote: str, path: str = "sources/a.txt") -> dict:
    (tmp_path / "sources").mkdir(exist_ok=True)
    (tmp_path / "sources" / "a.txt").write_text(ARTICLE)
    data = pie()
    data["sources"] = {"article": {"title": "A", "path": path}}
    data["actors"]["a"]["positions"]["x"]["evidence"] = [{"source": "article", "quote": quote}]
    data["actors"]["b"]["positions"]["x"]["assumed"] = "judgement"
    return data


def problems_of(path, **kw) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, **kw)
    return [str(p) for p in info.value.problems]


def test_normalise_makes_typography_plain():
    assert normalise("a\u2019b \u201cc\u201d d\u2014e\n\t f\u2026") == 'a\'b "c" d-e f...'


@pytest.mark.parametrize(
    "quote", ["We won't accept less than 5 %.", "The employer-as usual-refused.", "said:  \u201cWe"]
)
def test_quotes_match_across_quotes_dashes_and_whitespace(tmp_path, quote):
    f = write_yaml(tmp_path / "s.yaml", sourced(tmp_path, quote))
    assert load_scenario(f).parties == ["a", "b"]


def test_missing_quote_names_the_closest_passage(tmp_path):
    f = write_yaml(tmp_path / "s.yaml", sourced(tmp_path, "We will not accept less than 5 %"))
    [msg] = problems_of(f)
    assert msg == (
        f'{f}:22:18: actors.a.positions.x.evidence[0].quote: not found in source "article"; '
        'closest passage: ""We won\'t accept less than 5 %.""'
    )


def test_sources_outside_the_folder_and_missing_files_are_refused(tmp_path):
    f = write_yaml(tmp_path / "s.yaml", sourced(tmp_path, "We won", path="../../etc/passwd"))
    [msg] = problems_of(f)
    assert msg.endswith(
        'sources.article.path: "../../etc/passwd" leaves the scenario\'s folder: keep sources beside the scenario'
    )
    f = write_yaml(tmp_path / "t.yaml", sourced(tmp_path, "We won", path="sources/none.txt"))
    [msg] = problems_of(f)
    assert msg.endswith('sources.article.path: cannot read source "sources/none.txt" (no such file)')


def test_strict_refuses_claims_without_evidence_or_assumption(tmp_path):
    data = sourced(tmp_path, "We won")
    data["actors"]["a"]["red_lines"] = [{"issue": "x", "min": 0.1}]
    f = write_yaml(tmp_path / "s.yaml", data)
    assert load_scenario(f)  # fine without --strict
    [msg] = problems_of(f, strict=True)
    assert msg.endswith(
        "actors.a.red_lines[0]: neither evidence nor assumed: quote the source, or say what is judgement"
    )


def test_warnings_no_zone_of_agreement_idle_salience_unquoted_source(tmp_path):
    data = sourced(tmp_path, "We won")
    data["sources"]["other"] = {"title": "B"}
    data["actors"]["a"]["red_lines"] = [{"issue": "x", "min": 0.7}]
    data["actors"]["b"]["red_lines"] = [{"issue": "x", "max": 0.4}]
    data["actors"]["m"] = {"name": "M", "role": "mediator", "positions": {"x": {"salience": 1}}}
    f = write_yaml(tmp_path / "s.yaml", data)
    sc = load_scenario(f)
    assert sorted(f"{w.path}: {w.message}" for w in sc.warnings) == [
        'actors.b.red_lines[0]: red lines of a and b leave no acceptable value on "x": '
        "no agreement is possible while both hold",
        "actors.m.positions.x: a salience on an issue without an ideal or values has no effect",
        'sources.other: source "other" is never quoted',
    ]
    assert all(w.level == "warning" and ": warning: " in str(w) for w in sc.warnings)


def test_python_object_tags_are_refused_not_executed(tmp_path):
    marker = tmp_path / "pwned"
    f = tmp_path / "s.yaml"
    f.write_text(f"negosim: 1\nname: !!python/object/apply:os.system ['touch {marker}']\n")
    [msg] = problems_of(f)
    assert msg == f"{f}:2:1: name: YAML tag !!python/object/apply:os.system is not allowed: a scenario holds plain data"
    assert not marker.exists()


def test_absurd_nesting_and_size_are_refused(tmp_path):
    f = tmp_path / "deep.yaml"
    f.write_text("negosim: 1\nname: " + "[" * 60 + "]" * 60 + "\n")
    [msg] = problems_of(f)
    assert "nested more than 24 levels deep" in msg
    big = tmp_path / "big.yaml"
    big.write_text("negosim: 1\n" + "# padding\n" * 600_000)
    assert problems_of(big) == [f"{big}: cannot read the file (larger than 5 MB)"]
