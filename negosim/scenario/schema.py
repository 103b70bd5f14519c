"""JSON Schema of the scenario format, for editors (YAML language server) and other tools."""

from __future__ import annotations

from typing import Any

from negosim.protocols import DEFAULT_PROTOCOL, PROTOCOLS
from negosim.scenario.models import Scenario
from negosim.strategies import DEFAULT_TACTIC, STRATEGIES


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``negosim: 1`` scenario files, from the pydantic models.

    What the loader accepts beyond the models is written in too: a protocol given by its name alone,
    the default tactic's and protocol's blocks without their tag, and a principal (or principals' list)
    given by its id alone."""
    schema = Scenario.model_json_schema(mode="validation")
    defs = schema["$defs"]
    for model, tag in ((STRATEGIES[DEFAULT_TACTIC].Params, "tactic"), (PROTOCOLS[DEFAULT_PROTOCOL].Params, "name")):
        required = defs[model.__name__].get("required", [])
        defs[model.__name__]["required"] = [f for f in required if f != tag]
    protocol = schema["properties"]["protocol"]
    protocol.pop("discriminator", None)
    protocol["anyOf"] = [{"type": "string", "enum": list(PROTOCOLS)}, *protocol.pop("oneOf")]
    defs["Actor"]["properties"]["ratified_by"]["anyOf"].insert(0, {"type": "string"})
    by = defs["Ratification"]["properties"]["by"]
    by["anyOf"] = [{"type": "string"}, {k: by.pop(k) for k in ("items", "minItems", "type")}]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text() -> str:
    """The schema as the text of a .json file."""
    import json

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
