"""The scenario-format reference and the JSON Schema are generated from the models and kept current."""

from __future__ import annotations

import json

import pytest

from negosim.scenario import models, reference
from negosim.scenario.schema import json_schema
from tests.conftest import ISTANBUL, ROOT


def test_reference_page_is_current():
    page = (ROOT / "docs" / "reference" / "scenario-format.md").read_text()
    assert page == reference.markdown(), "run: python -m negosim.scenario.reference > docs/reference/scenario-format.md"


def test_every_field_is_described_and_documented():
    page = reference.markdown()
    for _, model, _ in reference.SECTIONS:
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no description"
            assert f"`{name}`" in page


def test_shipped_schema_is_current_and_referenced_by_the_scenarios():
    shipped = json.loads((ROOT / "scenarios" / "negosim.schema.json").read_text())
    assert shipped == json_schema()
    assert ISTANBUL.read_text().splitlines()[0] == "# yaml-language-server: $schema=negosim.schema.json"


def test_schema_knows_every_field():
    schema = json_schema()
    assert set(schema["properties"]) == set(models.Scenario.model_fields)
    actor = schema["$defs"]["Actor"]
    assert set(actor["properties"]) == set(models.Actor.model_fields)
    assert actor["additionalProperties"] is False


def test_the_shipped_scenarios_and_a_new_template_are_valid_against_the_schema(tmp_path):
    """Editors check files against the schema: everything the loader accepts must pass it."""
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is part of the [test] extra")
    from ruamel.yaml import YAML

    from negosim.scenario.template import template

    files = [ISTANBUL, *sorted((ROOT / "tests" / "theory").glob("*.yaml"))]
    (tmp_path / "t.yaml").write_text(template("t", ["a", "b"], ["x"]))
    validator = jsonschema.Draft202012Validator(json_schema())
    for f in [*files, tmp_path / "t.yaml"]:
        data = YAML(typ="safe", pure=True).load(f.read_text())
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(_jsonable(data))]
        assert errors == [], f
    loose = {"protocol": {"quota": 0.6}, "strategy": {"beta": 0.5}}  # the default tactic and protocol, untagged
    data = YAML(typ="safe", pure=True).load(ISTANBUL.read_text())
    data["protocol"] = loose["protocol"]
    data["actors"]["russia"]["strategy"] = loose["strategy"]
    assert list(validator.iter_errors(_jsonable(data))) == []
    data["protocol"] = "random"
    assert [e.path[0] for e in validator.iter_errors(_jsonable(data))] == ["protocol"]


def _jsonable(node):
    """YAML data as JSON would hold it (dates as text, keys as text)."""
    import datetime as dt

    if isinstance(node, dict):
        return {str(k): _jsonable(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_jsonable(v) for v in node]
    return node.isoformat() if isinstance(node, dt.date) else node
