"""The base of every block of the format, and what a claim rests on (shared by the scenario's models
and by the parameter schemas that strategies and protocols declare)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, field_validator


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Evidence(Base):
    """A verbatim quote from one of the scenario's sources."""

    source: str = Field(description="id of an entry under `sources`")
    quote: str = Field(min_length=1, description="text copied verbatim from that source")


class Sourced(Base):
    """Anything a claim rests on: quotes from the sources, or a stated assumption (and how far a judged
    number may plausibly lie from the value written)."""

    evidence: tuple[Evidence, ...] = Field((), description="quotes from the sources that support the claim")
    assumed: str | None = Field(None, description="one line on what is judgement here, and why")
    plausible: dict[str, tuple[StrictFloat, StrictFloat]] = Field(
        {},
        description="judged numbers of this block -> `[lo, hi]`, the range each may plausibly take, e.g. "
        "`{stick: [0.02, 0.12]}`. A key is the number's path inside the block as `--set` writes it "
        "(`salience`, `cost_per_round.russia`, `beliefs.a[0]`, quoted inside `{...}`): a number written in this "
        "block, not in a block of its own (an actor's positions, red lines, ... have their own); lo <= hi, within "
        "what the field accepts (a value written outside its range is warned about). `negosim sweep FILE "
        "--assumptions` varies each number of a block with `assumed` over its range, or else by ±25% of its value "
        "(a point on an issue by ±10% of the issue's range); `[v, v]` keeps a number the sources pin fixed",
    )

    @field_validator("assumed")
    @classmethod
    def _blank_is_none(cls, v: str | None) -> str | None:
        return v.strip() or None if isinstance(v, str) else v
