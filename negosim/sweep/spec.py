"""The sweep file (``negosim sweep SWEEP.yaml``): a scenario, factors, design, replicates, seed and
outputs in one file, validated with the same located ``FILE:LINE:COL: path: message`` errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator

from negosim.errors import NegosimError, ScenarioError
from negosim.scenario.sourced import Base
from negosim.sweep.designs import DESIGNS


class Range(Base):
    """A range a sampled design draws from."""

    lo: float = Field(description="low end")
    hi: float = Field(description="high end")


class SweepFile(Base):
    """A sweep: which scenario, what varies, how it is sampled, how often each point runs."""

    sweep: Literal[1] = Field(description="sweep file format version: 1")
    scenario: str = Field(description="the scenario file, relative to this file")
    factors: dict[str, str | list[Any] | Range] = Field(
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
    set: dict[str, Any] = Field({}, description="overrides applied to every run (scenario path -> value)")
    out: str | None = Field(None, description="the sweep folder, relative to this file")
    format: Literal["png", "svg", "pdf"] = Field("png", description="figure format")

    @field_validator("factors")
    @classmethod
    def _spec(cls, v: dict) -> dict:
        return {k: (s.model_dump() if isinstance(s, Range) else s) for k, s in v.items()}


def is_sweep_file(raw: Any) -> bool:
    """A parsed YAML file is a sweep file when it says ``sweep: 1`` (a scenario says ``negosim: 1``)."""
    return isinstance(raw, dict) and "sweep" in raw and "negosim" not in raw


def load_sweep_file(path: Path, raw: Any) -> tuple[SweepFile, dict[str, Any]]:
    """Validate a parsed sweep file; every problem located. Returns the model and its factors as Factors."""
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
            loc = tuple(s for s in err["loc"] if s not in ("str", "list[any]", "Range"))
            msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
            problems.append(locate(raw, loc, msg, name, key=err["type"] == "extra_forbidden", marks=marks))
    found = {}
    factors = data.get("factors") if isinstance(data, dict) else None
    for key, value in (factors if isinstance(factors, dict) else {}).items():
        try:
            found[key] = factor(str(key), value, where=name)
        except NegosimError as exc:
            problems += [locate(raw, ("factors", key), p.message, name, marks=marks) for p in exc.problems]
    scenario = data.get("scenario") if isinstance(data, dict) else None
    if isinstance(scenario, str) and not (path.parent / scenario).is_file():
        problems.append(locate(raw, ("scenario",), f"no such file: {path.parent / scenario}", name, marks=marks))
    if problems or spec is None:
        raise ScenarioError(sorted(dict.fromkeys(problems), key=lambda p: (p.line or 0, p.col or 0)))
    return spec, found


def sweep_schema() -> dict[str, Any]:
    """The JSON Schema of the sweep file."""
    schema = SweepFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "negosim sweep file"
    return schema


def sweep_schema_text() -> str:
    return json.dumps(sweep_schema(), indent=2) + "\n"
