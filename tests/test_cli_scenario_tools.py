"""negosim explain, schema and new through typer's test runner."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from negosim.cli import app
from negosim.scenario.loader import load_scenario
from negosim.scenario.schema import json_schema
from tests.conftest import ISTANBUL

runner = CliRunner()


def test_explain_shows_every_claim_with_its_basis():
    res = runner.invoke(app, ["explain", str(ISTANBUL)])
    assert res.exit_code == 0, res.output
    sc = load_scenario(ISTANBUL)
    text = " ".join(res.stdout.split())  # undo the wrapping
    for actor in sc.actors.values():
        assert actor.name in text
        for item in [*actor.positions.values(), *actor.red_lines, *actor.preconditions, *actor.pressure]:
            for ev in item.evidence:
                assert f"\u201c{ev.quote}\u201d" in text
            if item.assumed:
                assert " ".join(item.assumed.split()) in text
    assert 'Crimea: at least 1 ("Recognised as Russian"); firm (firmness 1)' in text
    # a soft line in words: who presses its holder, and how much pressure it withstands on average
    assert (
        "firmness 0.8: gives way under pressure from United States (Trump) and Russia (Putin) through the war, "
        "on average once the pressure it has borne sums to 4 (a stick of 0.1 for 40 weeks)" in text
    )
    # pressure in the model's units: a share of the value of no deal, built up over `over` rounds
    assert "on Russia (Putin): a stick that takes up to 15% of its value of no deal, built up over 8 weeks" in text
    assert "a round (lowers" not in text
    assert "UNSOURCED" not in text


def test_explain_and_validate_say_when_a_soft_line_can_never_erode(tmp_path):
    from tests.conftest import pie, write_yaml

    data = pie()
    data["actors"]["b"]["red_lines"] = [{"issue": "x", "max": 0.6, "firmness": 0.5, "assumed": "a test"}]
    f = write_yaml(tmp_path / "t.yaml", data)
    text = " ".join(runner.invoke(app, ["explain", str(f)]).stdout.split())
    assert "firmness 0.5, but nobody presses B: it holds as if firm" in text
    res = runner.invoke(app, ["validate", str(f)])
    assert res.exit_code == 0
    assert "actors.b.red_lines[0].firmness: warning: firmness 0.5 never acts: nobody presses b" in res.output
    data["actors"]["a"]["pressure"] = [{"target": "b", "stick": 0.1, "assumed": "a test"}]
    f = write_yaml(tmp_path / "t.yaml", data)
    text = " ".join(runner.invoke(app, ["explain", str(f)]).stdout.split())
    assert "firmness 0.5: gives way under pressure from A, on average once the pressure it has borne sums to 1" in text
    assert "never acts" not in runner.invoke(app, ["validate", str(f)]).output


def test_explain_flags_unsourced_claims(tmp_path):
    res = runner.invoke(app, ["new", "t", "--out", str(tmp_path)])
    assert res.exit_code == 0
    f = tmp_path / "t.yaml"
    f.write_text(f.read_text().replace(', assumed: "placeholder: replace with the stated position"', ""))
    res = runner.invoke(app, ["explain", str(f)])
    assert res.exit_code == 0
    assert res.stdout.count("UNSOURCED: neither a quote nor a stated assumption") == 2


def test_schema_prints_the_json_schema(tmp_path):
    res = runner.invoke(app, ["schema"])
    assert res.exit_code == 0
    assert json.loads(res.stdout) == json_schema()
    res = runner.invoke(app, ["schema", "--out", str(tmp_path / "s.json")])
    assert res.exit_code == 0 and json.loads((tmp_path / "s.json").read_text()) == json_schema()


def test_new_writes_a_template_that_validates_strictly_and_runs(tmp_path):
    res = runner.invoke(
        app, ["new", "wage-talks", "--actors", "union,employer", "--issues", "wage,hours", "--out", str(tmp_path)]
    )
    assert res.exit_code == 0, res.output
    f = tmp_path / "wage-talks.yaml"
    sc = load_scenario(f, strict=True)
    assert (sc.parties, list(sc.issues), sc.warnings) == (["union", "employer"], ["wage", "hours"], [])
    assert (tmp_path / "negosim.schema.json").exists()
    res = runner.invoke(app, ["run", str(f), "--out", str(tmp_path / "run"), "--no-figures"])
    assert res.exit_code == 0 and "agreement" in res.stdout


def test_new_refuses_to_overwrite_and_bad_ids(tmp_path):
    assert runner.invoke(app, ["new", "t", "--out", str(tmp_path)]).exit_code == 0
    res = runner.invoke(app, ["new", "t", "--out", str(tmp_path)])
    assert res.exit_code == 2 and "exists" in res.stderr
    res = runner.invoke(app, ["new", "u", "--actors", "1a,b", "--out", str(tmp_path)])
    assert res.exit_code == 2 and '"1a"' in res.stderr
    assert not (tmp_path / "u.yaml").exists()


def test_new_says_it_wrote_the_schema_only_when_it_did(tmp_path):
    first = runner.invoke(app, ["new", "one", "--out", str(tmp_path)])
    assert first.exit_code == 0 and "negosim.schema.json for editors" in first.stdout
    (tmp_path / "negosim.schema.json").write_text("{}")  # the user's own copy, left alone
    second = runner.invoke(app, ["new", "two", "--out", str(tmp_path)])
    assert second.exit_code == 0 and "schema" not in second.stdout
    assert (tmp_path / "negosim.schema.json").read_text() == "{}"
