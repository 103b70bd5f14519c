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
    assert 'Crimea: at least 1 ("Recognised as Russian"); firmness 1' in text
    assert "UNSOURCED" not in text


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
