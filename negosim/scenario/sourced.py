"""The base of every block of the format, and what a claim rests on (shared by the scenario's models
and by the parameter schemas that strategies and protocols declare)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Evidence(Base):
    """A verbatim quote from one of the scenario's sources."""

    source: str = Field(description="id of an entry under `sources`")
    quote: str = Field(min_length=1, description="text copied verbatim from that source")


class Sourced(Base):
    """Anything a claim rests on: quotes from the sources, or a stated assumption."""

    evidence: tuple[Evidence, ...] = Field((), description="quotes from the sources that support the claim")
    assumed: str | None = Field(None, description="one line on what is judgement here, and why")

    @field_validator("assumed")
    @classmethod
    def _blank_is_none(cls, v: str | None) -> str | None:
        return v.strip() or None if isinstance(v, str) else v
