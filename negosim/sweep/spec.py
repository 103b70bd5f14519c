"""The sweep file (``negosim sweep SWEEP.yaml``): a scenario, factors, design, replicates, seed and
outputs in one file, validated with the same located ``FILE:LINE:COL: path: message`` errors."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, WithJsonSchema

from negosim.errors import NegosimError, ScenarioError
from negosim.sourced import Base
from negosim.sweep.designs import DESIGNS


class Range(Base):
    """A range a sampled design draws from."""

    lo: float = Field(description="low end")
    hi: float = Field(description="high end")


#: The JSON Schema of the factors (their values are checked by ``factors.factor``, one message each).
FACTORS_SCHEMA = {
    "type": "object",
    "additionalProperties": {
        "anyOf": [
            {"type": "string", "description": "a,b,c values, a grid lo:hi:n or a range lo..hi"},
            {"type": "array", "description": "values", "minItems": 1},
            {"type": "number"},
            Range.model_json_schema(),
        ]
    },
}


class SweepFile(Base):
    """A sweep: which scenario, what varies, how it is sampled, how often each point runs."""

    sweep: Literal[1] = Field(description="sweep file format version: 1")
    scenario: str = Field(description="the scenario file, relative to this file")
    factors: Annotated[dict[str, Any], WithJsonSchema(FACTORS_SCHEMA)] = Field(
        {},
        description="scenario path (the --set syntax) -> values `[a, b, c]`, a grid `lo:hi:n`, a range "
        "`lo..hi` or `{lo: , hi: }`",
    )
    assumptions: bool = Field(False, description="also vary every number the scenario marks as assumed")
    design: Literal[DESIGNS] | None = Field(  # type: ignore[valid-type]
        None, description="factorial (values and grids), random, lhs, sobol or morris; default factorial, "
        "or morris with assumptions, or lhs when a factor is a range"
    )  # fmt: skip
    samples: int | None = Field(None, ge=1, description="points a sampled design draws (Morris: trajectories)")
    replicates: int = Field(10, ge=1, description="seeded runs per design point")
    seed: int = Field(0, ge=0, description="the root seed every run's seed is spawned from")
    paired: bool = Field(
        False,
        description="every design point runs the same seeds (common random numbers): differences are the factors'",
    )
    set: dict[str, Any] = Field({}, description="overrides applied to every run (scenario path -> value)")
    out: str | None = Field(None, description="the sweep folder, relative to this file")
    format: Literal["png", "svg", "pdf"] = Field("png", description="figure format")


def is_sweep_file(raw: Any) -> bool:
    """A parsed YAML file is a sweep file when it says ``sweep: 1`` (a scenario says ``negosim: 1``)."""
    return isinstance(raw, dict) and "sweep" in raw and "negosim" not in raw


def load_sweep_file(path: Path, raw: Any) -> tuple[SweepFile, list]:
    """Validate a parsed sweep file; every problem located. Returns the model and its factors, each with
    where the file gives it (for the messages of the design points it makes)."""
    from negosim.scenario.checks import did_you_mean
    from negosim.scenario.loader import locate, marks_of, plain
    from negosim.sweep.factors import factor

    name = str(path)
    marks = marks_of(raw)
    data = plain(raw)
    problems, spec = [], None
    try:
        spec = SweepFile.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = err["loc"]
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                msg = "unknown key" + did_you_mean(str(loc[-1]), list(SweepFile.model_fields))
            problems.append(locate(raw, loc, msg, name, key=err["type"] == "extra_forbidden", marks=marks))
    found = []
    factors = data.get("factors") if isinstance(data, dict) else None
    for key, value in (factors if isinstance(factors, dict) else {}).items():
        at = locate(raw, ("factors", key), "", name, marks=marks)
        where = f"{name}:{at.line}:{at.col}: factors.{key}" if at.line else f"{name}: factors.{key}"
        try:
            found.append(replace(factor(str(key), value, where=where), origin=where))
        except NegosimError as exc:
            problems += [locate(raw, ("factors", key), p.message, name, marks=marks) for p in exc.problems]
    scenario = data.get("scenario") if isinstance(data, dict) else None
    if isinstance(scenario, str) and not (path.parent / scenario).is_file():
        problems.append(locate(raw, ("scenario",), f"no such file: {path.parent / scenario}", name, marks=marks))
    if problems or spec is None:
        raise ScenarioError(sorted(dict.fromkeys(problems), key=lambda p: (p.line or 0, p.col or 0)))
    return spec, found


def file_arguments(path: Path) -> dict[str, Any]:
    """A sweep's arguments from a file: a scenario file alone, or a sweep file's fields."""
    import os

    from negosim.scenario.files import read_limited
    from negosim.scenario.loader import MAX_BYTES, parse_yaml

    try:
        raw = parse_yaml(read_limited(path, MAX_BYTES).decode("utf-8"), str(path))
    except (ValueError, UnicodeDecodeError, ScenarioError):
        return {"scenario": path}  # the scenario loader says what is wrong with it
    if not is_sweep_file(raw):
        return {"scenario": path}
    spec, factors = load_sweep_file(path, raw)
    here = path.parent
    args: dict[str, Any] = {"scenario": Path(os.path.normpath(here / spec.scenario)), "factors": factors,
                            "assumptions": spec.assumptions, "replicates": spec.replicates, "seed": spec.seed,
                            "paired": spec.paired, "overrides": dict(spec.set), "fmt": spec.format}  # fmt: skip
    args |= {k: v for k, v in (("design", spec.design), ("samples", spec.samples)) if v is not None}
    if spec.out:
        args["out"] = Path(os.path.normpath(here / spec.out))
    return args


def sweep_schema() -> dict[str, Any]:
    """The JSON Schema of the sweep file."""
    schema = SweepFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "negosim sweep file"
    return schema


def sweep_schema_text() -> str:
    return json.dumps(sweep_schema(), indent=2) + "\n"
