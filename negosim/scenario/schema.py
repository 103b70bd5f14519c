"""JSON Schema of the scenario format, for editors (YAML language server) and other tools."""

from __future__ import annotations

from typing import Any

from negosim.scenario.models import Scenario


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``negosim: 1`` scenario files, from the pydantic models."""
    schema = Scenario.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text() -> str:
    """The schema as the text of a .json file."""
    import json

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
