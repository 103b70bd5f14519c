"""What a scenario IS: the pydantic models of the YAML format (field names are the contract)."""

from __future__ import annotations

import datetime as dt
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

Scalar = float | str

#: Default ``beta`` per time-dependent tactic (Faratin, Sierra & Jennings 1998).
TACTIC_BETA = {"boulware": 0.2, "linear": 1.0, "conceder": 2.0}


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Evidence(Base):
    """A verbatim quote from one of the scenario's sources."""

    source: str
    quote: str = Field(min_length=1)


class Sourced(Base):
    """Anything a claim rests on: quotes from the sources, or a stated assumption."""

    evidence: tuple[Evidence, ...] = ()
    assumed: str | None = None


class Source(Base):
    title: str
    published: dt.date | None = None
    path: str | None = None
    url: str | None = None


class Issue(Base):
    """One dimension of a deal: a number in ``range`` or one of ``options``."""

    name: str
    kind: Literal["continuous", "discrete"] = "continuous"
    range: tuple[float, float] = (0.0, 1.0)
    labels: dict[float, str] = {}
    options: tuple[str, ...] = ()
    ordered: bool = False
    description: str | None = None

    @model_validator(mode="after")
    def _shape(self) -> Issue:
        if self.kind == "continuous":
            if not self.range[0] < self.range[1]:
                raise ValueError(f"range [{self.range[0]}, {self.range[1]}] must have low < high")
            if self.options:
                raise ValueError("a continuous issue has a range, not options")
        else:
            if len(self.options) < 2:
                raise ValueError("a discrete issue needs at least two options")
            if len(set(self.options)) != len(self.options):
                raise ValueError("options must be distinct")
        return self

    @property
    def width(self) -> float:
        return self.range[1] - self.range[0] if self.kind == "continuous" else len(self.options) - 1


class Position(Sourced):
    """An actor's preference on one issue: an ``ideal`` point (continuous) or ``values`` (discrete)."""

    ideal: float | None = None
    values: dict[str, float] | None = None
    salience: float = Field(ge=0)
    shape: Literal["linear", "quadratic"] = "linear"


class RedLine(Sourced):
    """A hard constraint on one issue; ``firmness`` < 1 lets it erode under pressure."""

    issue: str
    min: Scalar | None = None
    max: Scalar | None = None
    equals: Scalar | None = None
    not_in: tuple[Scalar, ...] = ()
    firmness: float = Field(1.0, ge=0, le=1)

    @model_validator(mode="after")
    def _some_bound(self) -> RedLine:
        if self.min is None and self.max is None and self.equals is None and not self.not_in:
            raise ValueError("a red line needs one of min, max, equals, not_in")
        return self


class Requirement(Base):
    issue: str
    at_least: Scalar | None = None
    at_most: Scalar | None = None
    equals: Scalar | None = None

    @model_validator(mode="after")
    def _some_bound(self) -> Requirement:
        if self.at_least is None and self.at_most is None and self.equals is None:
            raise ValueError("a requirement needs one of at_least, at_most, equals")
        return self


class Precondition(Sourced):
    """Engagement on the ``before`` issues only once ``require`` is settled (model doc, section 4)."""

    id: str
    require: Requirement
    before: Literal["all"] | tuple[str, ...] = "all"
    firmness: float = Field(1.0, ge=0, le=1)


class Pressure(Sourced):
    """Leverage on a target actor: a stick raises its cost of no deal, a carrot adds value to a deal."""

    target: str
    stick: float = Field(0.0, ge=0, le=1)
    carrot: float = Field(0.0, ge=0, le=1)


class Strategy(Sourced):
    """How a party concedes: time-dependent tactics of Faratin, Sierra & Jennings (1998)."""

    tactic: Literal["boulware", "linear", "conceder"] = "boulware"
    beta: float | None = Field(None, gt=0)
    kappa: float = Field(0.0, ge=0, lt=1)

    @model_validator(mode="after")
    def _beta_fits_tactic(self) -> Strategy:
        b = self.beta
        if b is None:
            return self
        if self.tactic == "boulware" and not b < 1:
            raise ValueError(f"boulware needs beta < 1 (got {b:g}); beta = 1 is linear, beta > 1 conceder")
        if self.tactic == "conceder" and not b > 1:
            raise ValueError(f"conceder needs beta > 1 (got {b:g}); beta = 1 is linear, beta < 1 boulware")
        if self.tactic == "linear" and b != 1:
            raise ValueError(f"linear means beta = 1 (got {b:g}); leave beta out, or use boulware or conceder")
        return self

    @property
    def beta_value(self) -> float:
        return TACTIC_BETA[self.tactic] if self.beta is None else self.beta


class Actor(Sourced):
    name: str
    role: Literal["party", "mediator", "host", "observer"] = "party"
    leader: str | None = None
    strategy: Strategy = Strategy()
    reservation: float = Field(0.0, ge=0, le=1)
    positions: dict[str, Position] = {}
    red_lines: tuple[RedLine, ...] = ()
    preconditions: tuple[Precondition, ...] = ()
    pressure: tuple[Pressure, ...] = ()


class Scenario(Base):
    """A validated, immutable scenario. Build it with ``negosim.load_scenario``."""

    negosim: Literal[1]
    name: str
    description: str | None = None
    rounds: int = Field(50, ge=1)
    round_unit: str = "round"
    protocol: Literal["alternating", "simultaneous", "mediated", "eum"] = "alternating"
    sources: dict[str, Source] = {}
    issues: dict[str, Issue] = Field(min_length=1)
    actors: dict[str, Actor]

    _raw: dict[str, Any] = PrivateAttr(default_factory=dict)
    _path: str | None = PrivateAttr(default=None)
    _sha256: str = PrivateAttr(default="")
    _compiled: Any = PrivateAttr(default=None)  # the engine's arrays, cached by engine.simulate

    @property
    def parties(self) -> list[str]:
        return [a for a, actor in self.actors.items() if actor.role == "party"]

    @property
    def path(self) -> str | None:
        """The file the scenario was read from, if any."""
        return self._path

    @property
    def sha256(self) -> str:
        """Hash of the scenario file's bytes (or of its canonical JSON when built in code)."""
        return self._sha256

    @property
    def raw(self) -> dict[str, Any]:
        """The data as written (before defaults), the base for overrides."""
        return self._raw


def fields_at(loc: tuple) -> list[str]:
    """Field names allowed at ``loc`` (a path of keys and indices into a scenario), or []."""
    node: Any = Scenario
    for seg in loc:
        node = _unwrap(node)
        if isinstance(node, type) and issubclass(node, BaseModel):
            if seg not in node.model_fields:
                return []
            node = node.model_fields[seg].annotation
        elif get_origin(node) is dict:
            node = get_args(node)[1]
        elif get_origin(node) is tuple:
            node = get_args(node)[0]
        else:
            return []
    node = _unwrap(node)
    return list(node.model_fields) if isinstance(node, type) and issubclass(node, BaseModel) else []


def _unwrap(tp: Any) -> Any:
    """``X | None`` -> X (the model or container inside an optional annotation)."""
    if get_origin(tp) in (Union, UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else tp
    return tp
