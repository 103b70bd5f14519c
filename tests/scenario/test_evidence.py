"""Evidence: quotes checked against their sources; warnings; --strict; unsafe YAML refused."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from negosim import ScenarioError, load_scenario
from negosim.scenario.evidence import _closest, normalise
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
    for party in ("a", "b"):
        data["actors"][party]["strategy"]["assumed"] = "judgement"
    data["actors"]["a"]["red_lines"] = [{"issue": "x", "min": 0.1}]
    f = write_yaml(tmp_path / "s.yaml", data)
    assert load_scenario(f)  # fine without --strict
    [msg] = problems_of(f, strict=True)
    assert msg.endswith(
        "actors.a.red_lines[0]: neither evidence nor assumed: quote the source, or say what is judgement"
    )


def test_strict_refuses_every_claim_explain_marks_unsourced(tmp_path):
    """Strategies, pressure, hosting and the war are claims too: what explain marks, strict refuses."""
    from negosim.scenario.explain import explain

    data = sourced(tmp_path, "We won")
    del data["actors"]["b"]["strategy"]  # the default tactic is a claim the file does not make
    data["actors"]["m"] = {"name": "M", "role": "mediator", "pressure": [{"target": "a", "stick": 0.1}]}
    data["actors"]["h"] = {"name": "H", "role": "host", "hosting": {"issue": "x", "bonus": 0.1}}
    data["conflict"] = {"sides": {"a": ["a"], "b": ["b"]}, "p": 0.5}
    f = write_yaml(tmp_path / "s.yaml", data)
    paths = [msg.split(": ")[1] for msg in problems_of(f, strict=True)]
    assert sorted(paths) == [
        "actors.a.strategy", "actors.b.strategy", "actors.h.hosting", "actors.m.pressure[0]", "conflict"
    ]  # fmt: skip
    marked = explain(load_scenario(f)).count("UNSOURCED: neither a quote nor a stated assumption")
    assert marked == len(paths)


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
        "actors.m.positions: m (mediator): its positions on x move nothing in the talks (no pressure of its wears "
        "a red line there; a mediator's text is the parties' Nash point, not its wish, unless it has a lean): "
        "reported only, and --assumptions leaves them out",
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


PASTED = (
    'The envoy said: "Everyone has to move a little, we all know that." He expected a deal in five years, '
    "give or take, and said the talks would last five years with a pause in the summer. Moscow's delegate "
    "said nothing at all."
)


def pasted(tmp_path, block: str) -> Path:
    """A scenario whose first party's evidence is ``block`` (YAML lines as written), quoting PASTED."""
    (tmp_path / "sources").mkdir(exist_ok=True)
    (tmp_path / "sources" / "a.txt").write_text(PASTED)
    text = (
        "negosim: 1\nname: Q\nsources: {a: {title: A, path: sources/a.txt}}\nissues: {x: {name: X}}\n"
        "actors:\n  a:\n    name: A\n    positions:\n      x:\n        ideal: 1\n        salience: 1\n"
        "        evidence:\n"
        + "".join(f"          {line}\n" for line in block.splitlines())
        + "  b: {name: B, positions: {x: {ideal: 0, salience: 1, assumed: judged}}}\n"
    )
    f = tmp_path / "s.yaml"
    f.write_text(text, encoding="utf-8")
    return f


@pytest.mark.parametrize(
    "block",
    [
        "- source: a\n  quote: \u201cEveryone has to move a little, we all know that\u201d",
        "- {source: a, quote: \u201cEveryone has to move a little\u201d}",
        "- source: a\n  quote: \u00abEveryone has to move a little\u00bb",
        "- source: a\n  quote: '\"Everyone has to move a little\"'",
    ],
    ids=["curly block", "curly flow", "guillemets", "straight marks inside"],
)
def test_a_quote_wrapped_in_quotation_marks_is_understood(tmp_path, block):
    assert load_scenario(pasted(tmp_path, block)).parties == ["a", "b"]


def test_a_curly_quote_cut_at_a_comma_in_flow_style_says_so(tmp_path):
    f = pasted(tmp_path, "- {source: a, quote: \u201cEveryone has to move a little, we all know that\u201d}")
    [msg] = problems_of(f)
    assert msg == (
        f"{f}:13:32: actors.a.positions.x.evidence[0].quote: the quote opens with \u201c but is cut short at a "
        "comma: YAML does not read curly quotation marks as quotes, so inside { } or [ ] a comma ends the value; "
        'put the whole quote in straight double quotes: quote: "..."'
    )  # and no "unknown key" made of the quote's words


@pytest.mark.parametrize(
    "quote",
    [
        "Everyone has to move ... we all know that",
        "Everyone has to move \u2026 we all know that",
        "He expected [...] five years, give or take",
        "The envoy said: ... five years ... the summer",
    ],
)
def test_an_ellipsis_matches_the_pieces_in_order(tmp_path, quote):
    assert load_scenario(pasted(tmp_path, f"- source: a\n  quote: {json.dumps(quote)}"))


@pytest.mark.parametrize(
    "quote",
    ["we all know that ... Everyone has to move", "The envoy said: ... said nothing at all"],
    ids=["out of order", "a paragraph apart"],
)
def test_an_ellipsis_whose_pieces_are_not_in_one_passage_is_refused_and_says_why(tmp_path, quote):
    text = PASTED if "nothing" not in quote else PASTED.replace("Moscow", "filler " * 60 + "Moscow")
    f = pasted(tmp_path, f"- source: a\n  quote: {json.dumps(quote)}")
    (tmp_path / "sources" / "a.txt").write_text(text)
    [msg] = problems_of(f)
    assert 'not found in source "a" (its 2 pieces around the ellipsis must appear in this order, each gap at ' in msg
    assert "most 300 characters)" in msg  # evidence.MAX_ELIDED


def test_the_closest_passage_shares_most_words_with_the_quote(tmp_path):
    [msg] = problems_of(pasted(tmp_path, "- source: a\n  quote: five years or so"))
    assert msg.endswith('not found in source "a"; closest passage: "five years, give or take,"')


def test_an_edited_source_is_read_again_in_the_same_process(tmp_path):
    f = pasted(tmp_path, "- source: a\n  quote: said nothing at all")
    assert load_scenario(f)
    source = tmp_path / "sources" / "a.txt"
    source.write_text(PASTED.replace("said nothing at all", "kept silent"))
    os.utime(source, ns=(time.time_ns() + 10**9,) * 2)  # a later modification time, however coarse the clock
    [msg] = problems_of(f)
    assert 'not found in source "a"' in msg


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("- {source: a, quote: \u201c\u201d}", 'the quote is empty: copy the words from source "a"'),
        ("- {source: a, quote: \u00ab\u00bb}", 'the quote is empty: copy the words from source "a"'),
        ('- {source: a, quote: "..."}', 'the quote is only an ellipsis: copy the words from source "a"'),
        ('- {source: a, quote: "[...]"}', 'the quote is only an ellipsis: copy the words from source "a"'),
    ],
)
def test_an_empty_quote_is_no_evidence(tmp_path, block, message):
    [msg] = problems_of(pasted(tmp_path, block))
    assert message in msg


@pytest.mark.parametrize("quote", ["...He expected a deal in five years", "Moscow's delegate said nothing\u2026"])
def test_an_ellipsis_at_either_end_is_understood(tmp_path, quote):
    assert load_scenario(pasted(tmp_path, f"- source: a\n  quote: {json.dumps(quote)}"))


@pytest.mark.parametrize(
    ("block", "opening"),
    [
        ("- {source: a, quote: \u00abEveryone has to move a little, we all know that\u00bb}", "opens with \u00ab"),
        ("- {source: a, quote: \u2018Everyone has to move a little, we all know that\u2019}", "opens with \u2018"),
        ("- {source: a, quote: Everyone has to move a little, we all know that}", "the quote is cut short"),
    ],
)
def test_a_quote_cut_at_a_comma_gets_one_message_that_says_so(tmp_path, block, opening):
    [msg] = problems_of(pasted(tmp_path, block))
    assert opening in msg and "a comma ends the value" in msg


def test_a_blank_assumption_is_no_assumption(tmp_path):
    data = sourced(tmp_path, "We won")
    data["actors"]["a"]["strategy"]["assumed"] = "judgement"
    data["actors"]["b"]["strategy"]["assumed"] = "   "
    f = write_yaml(tmp_path / "s.yaml", data)
    assert load_scenario(f).actors["b"].strategy.assumed is None
    [msg] = problems_of(f, strict=True)
    assert "actors.b.strategy: neither evidence nor assumed" in msg


def test_closest_passage_in_a_long_source():
    text = ("filler words of no interest " * 20000) + "the minister said we will never sign this treaty today"
    assert _closest("the minister said we would never sign the treaty", text).startswith(
        '; closest passage: "the minister said we will never sign this treaty'
    )


def test_positions_of_third_parties_that_move_nothing_are_said_to_and_change_no_run():
    """A mediator's position counts only where its pressure wears a party's soft red line (the line's goal);
    elsewhere it is reported only: validate says so, and varying it changes nothing of a run."""
    import negosim
    from negosim.scenario.checks import idle_positions
    from tests.conftest import ROOT

    lesson = ROOT / "scenarios" / "lessons" / "mediator-leverage.yaml"
    sc = negosim.load_scenario(lesson)
    assert idle_positions(sc.raw) == {"broker": ["guarantees"]}  # autonomy: where it wears West's soft line
    [warning] = [w for w in sc.warnings if "move nothing" in w.message]
    assert warning.message.startswith("broker (mediator): its positions on guarantees move nothing in the talks")

    def run(**o):
        res = negosim.simulate(sc, overrides=o)
        return res.outcome, res.round, res.summary["agreement"], [e.text for e in res.events if e.kind == "erode"]

    base = run()
    assert run(**{"actors.broker.positions.guarantees.ideal": 0.2}) == base
    assert run(**{"actors.broker.positions.guarantees.salience": 0.9}) == base
    # where its pressure wears West's line, the Broker's ideal is the line's goal: a stronger stick and a
    # goal nearer West (0.5 -> 0.55 instead of 0.6) give other erosions
    hard = {"actors.broker.pressure[0].stick": 0.95}
    assert run(**hard, **{"actors.broker.positions.autonomy.ideal": 0.55})[3] != run(**hard)[3]


def test_a_precondition_or_ceasefire_on_an_issue_marked_not_separable_is_warned_of():
    from negosim.scenario.loader import from_data
    from tests.engine.test_interim import required_ceasefire

    sc = from_data(required_ceasefire(False))
    [w] = [w for w in sc.warnings if "separable: false" in w.message]
    assert w.path == "actors.A.preconditions[0].require.issue"
    assert w.message.startswith("A's precondition cf-first requires cf, which is marked separable: false")
    assert not [w for w in from_data(required_ceasefire(None)).warnings if "separable: false" in w.message]
