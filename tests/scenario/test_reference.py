"""The scenario-format reference and the JSON Schema are generated from the models and kept current."""

from __future__ import annotations

import json

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
