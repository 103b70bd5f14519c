"""What a scenario IS: the pydantic models of the YAML format (field names are the contract)."""

from __future__ import annotations

import datetime as dt
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import (
    BaseModel,
    Field,
    NonNegativeFloat,
    PositiveFloat,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from negosim.protocols import DEFAULT_PROTOCOL, PROTOCOLS, ProtocolBlock
from negosim.sourced import Base, Evidence, Sourced  # noqa: F401  (Evidence: part of the format)
from negosim.strategies import DEFAULT_TACTIC, STRATEGIES, StrategyParams

Scalar = int | float | str  # int first: `max: 50` on options ["0", "50"] stays 50, not 50.0


class Source(Base):
    """A text the scenario's evidence quotes from."""

    title: str = Field(description="the article's title, or a neutral description")
    published: dt.date | None = Field(None, description="publication date, `2025-05-12`")
    path: str | None = Field(
        None, description="the source's text, relative to the scenario file; quotes are checked against it"
    )
    url: str | None = Field(None, description="where it was published")


class Issue(Base):
    """One dimension of a deal: a number in ``range`` or one of ``options``."""

    name: str = Field(description="shown in tables and figures, e.g. `Status of Crimea`")
    kind: Literal["continuous", "discrete"] = Field(
        "continuous", description="a number in `range`, or one of `options`"
    )
    range: tuple[float, float] = Field((0.0, 1.0), description="`[low, high]` of a continuous issue")
    labels: dict[float, str] = Field(
        {}, description='anchors for figures: `{0: "Ukrainian", 1: "recognised as Russian"}`'
    )
    options: tuple[str, ...] = Field((), description="the options of a discrete issue: at least two, distinct")
    ordered: bool = Field(
        False, description="discrete options lie on a line (distance by index) rather than being categorical"
    )
    description: str | None = Field(None, description="what the issue is about")
    separable: bool = Field(
        False,
        description="can be settled on its own, ahead of the rest, in an interim agreement (a ceasefire, an "
        "exchange of prisoners); left out, an issue a precondition requires (or a war's ceasefire) is separable "
        "anyway; written false, it is settled only with the whole package, so a precondition that requires it "
        "deadlocks",
    )
    status_quo: Scalar | None = Field(
        None, description="the value (or option) the issue keeps where no agreement settles it: where an issue "
        "off the agenda stays (needed for one)",
    )  # fmt: skip

    @model_validator(mode="after")
    def _shape(self) -> Issue:
        if self.kind == "continuous":
            if not self.range[0] < self.range[1]:
                raise ValueError(f"range [{self.range[0]:g}, {self.range[1]:g}] must have low < high")
            if max(abs(self.range[0]), abs(self.range[1])) > 1e12:
                raise ValueError("range bounds must lie within +-1e12")
            if self.options:
                raise ValueError("a continuous issue has a range, not options (or set kind: discrete)")
        else:
            if len(self.options) < 2:
                raise ValueError("a discrete issue needs at least two options")
            if len(set(self.options)) != len(self.options):
                dup = sorted({o for o in self.options if self.options.count(o) > 1})
                raise ValueError(f"options must be distinct (repeated: {', '.join(dup)})")
        return self

    @property
    def width(self) -> float:
        return self.range[1] - self.range[0] if self.kind == "continuous" else len(self.options) - 1

    def label_at(self, value: float) -> str | None:
        """The label the scenario gives the point ``value`` of a continuous issue, if any."""
        return next((text for at, text in self.labels.items() if abs(at - value) <= 1e-9), None)

    def code(self, value: Any) -> int | None:
        """Index of ``value`` among the options (matched as text: 50 names option "50"), or None."""
        text = str(value)
        return self.options.index(text) if text in self.options else None


class Position(Sourced):
    """An actor's preference on one issue: an ``ideal`` point (continuous) or ``values`` (discrete)."""

    ideal: float | None = Field(None, description="the preferred point, inside the issue's range (continuous issues)")
    values: dict[str, float] | None = Field(
        None, description="option -> value in [0, 1] (discrete issues); unlisted options are worth 0"
    )
    salience: float = Field(ge=0, le=1e6, description="weight of the issue for the actor; normalised over its issues")
    shape: Literal["linear", "quadratic"] = Field(
        "linear", description="value `1 - d` or `1 - d^2`, `d` the distance from the ideal over the range"
    )


class Requirement(Base):
    """A condition on one issue's value: what a precondition needs settled first, or what lifts a red line."""

    issue: str = Field(description="id of the issue")
    at_least: Scalar | None = Field(None, description="at this value or above")
    at_most: Scalar | None = Field(None, description="at this value or below")
    equals: Scalar | None = Field(None, description="exactly this value or option")

    @model_validator(mode="after")
    def _some_bound(self) -> Requirement:
        if self.at_least is None and self.at_most is None and self.equals is None:
            raise ValueError("a requirement needs one of at_least, at_most, equals")
        return self


class RedLine(Sourced):
    """A hard constraint on one issue; ``firmness`` < 1 lets it erode under pressure."""

    issue: str = Field(description="id of the issue")
    min: Scalar | None = Field(None, description="lowest acceptable value (an option, for ordered discrete issues)")
    max: Scalar | None = Field(None, description="highest acceptable value (an option, for ordered discrete issues)")
    equals: Scalar | None = Field(None, description="the only acceptable value or option")
    not_in: tuple[Scalar, ...] = Field((), description="values or options never acceptable")
    firmness: float = Field(
        1.0, ge=0, le=1, description="resistance to pressure: 1 never moves; below 1 the line gives way under "
        "pressure, all of it on average once the pressure borne sums to f / (1 - f) (4 at 0.8), its holder's "
        "resolve drawn per run; never if nobody presses its holder",
    )  # fmt: skip
    unless: Requirement | None = Field(
        None, description="`{issue, at_least or at_most or equals}` on another issue: the line holds only while the "
        "package does not meet this (\"zero enrichment unless inspections at least 0.8\")",
    )  # fmt: skip

    @model_validator(mode="after")
    def _some_bound(self) -> RedLine:
        if self.min is None and self.max is None and self.equals is None and not self.not_in:
            raise ValueError("a red line needs one of min, max, equals, not_in")
        return self


class Refusal(Sourced):
    """An issue a party will not discuss: off the agenda for the whole talks (``refuses_to_discuss``)."""

    issue: str = Field(description="id of the issue")

    @model_validator(mode="before")
    @classmethod
    def _bare(cls, v: Any) -> Any:
        return {"issue": v} if isinstance(v, str) else v


class AgendaItem(Sourced):
    """An issue off the agenda until a condition holds (docs/explanation/model.md, section 4)."""

    opens_when: Requirement = Field(
        description="`{issue, at_least or at_most or equals}`: the issue comes onto the agenda once the package on "
        "the table (or an interim agreement) meets this"
    )


class Precondition(Sourced):
    """Engagement on the ``before`` issues only once ``require`` is settled; or, with ``no_interim``, no
    issue settled ahead of the rest ("talks without preconditions") (docs/explanation/model.md, section 4)."""

    id: str = Field(description="a name for the precondition, e.g. `ceasefire-first`")
    require: Requirement | None = Field(
        None, description="`{issue, at_least or at_most or equals}`: what must be settled first"
    )
    before: Literal["all"] | tuple[str, ...] = Field(
        "all", description="with require: issues the actor will not negotiate until then, or `all` (all other issues)"
    )
    no_interim: Literal["all"] | tuple[str, ...] | None = Field(
        None,
        description="instead of require: issues the actor refuses to settle ahead of the rest (or `all`), "
        "e.g. the ceasefire the other side demands first",
    )
    in_principle: bool = Field(
        False, description="with require: met once every party's offers agree on the issue inside the bound, "
        "without settling it on its own: it stays part of the whole package (nothing is agreed until everything "
        "is), held at that value while the talks turn to the rest; so a precondition can order the talks on an "
        "issue written `separable: false`",
    )  # fmt: skip
    firmness: float = Field(
        1.0, ge=0, le=1, description="resistance to pressure: 1 never waived; below 1 waived under pressure, on "
        "average once the pressure borne sums to f / (1 - f) (4 at 0.8), its holder's resolve drawn per run",
    )  # fmt: skip

    @field_validator("before", "no_interim", mode="before")
    @classmethod
    def _one_issue_is_a_list(cls, v: Any) -> Any:
        return (v,) if isinstance(v, str) and v != "all" else v

    @model_validator(mode="after")
    def _one_kind(self) -> Precondition:
        if self.require is not None and self.no_interim is not None:
            raise ValueError("a precondition has require (with before) or no_interim, not both")
        if self.require is None and self.no_interim is None:
            raise ValueError("a precondition needs require (with before) or no_interim")
        if self.no_interim == ():
            raise ValueError("no_interim needs at least one issue (or all)")
        if self.no_interim is not None and "before" in self.model_fields_set:
            raise ValueError("before goes with require; no_interim names the issues it holds back itself")
        return self


class Pressure(Sourced):
    """Leverage on a target actor, bounded and built up over time (docs/explanation/model.md, section 7;
    Beardsley 2011): a stick takes a share of the target's value of no deal, a carrot adds to its
    value of any agreement; either wears down the target's soft red lines and preconditions."""

    target: str = Field(description="id of the actor pressed (not the actor itself)")
    stick: float = Field(
        0.0,
        ge=0,
        le=1,
        description="the share of the target's value of no deal this pressure takes away at full strength "
        "(0.25: a quarter; several sticks compound, so together they never take more than all of it)",
    )
    carrot: float = Field(
        0.0,
        ge=0,
        le=1,
        description="added to the target's value of any agreement at full strength, in the target's "
        "utility (a share of its stake: its best package is worth 1, its worst 0)",
    )
    over: int = Field(
        1,
        ge=1,
        description="rounds until the pressure is at full strength: it grows linearly, 1/over of it in the first round",
    )
    credibility: float | None = Field(
        None,
        ge=0,
        le=1,
        description="makes the pressure a threat: the true chance it is carried out when its time comes (drawn once "
        "per run); the stick is then the harm threatened, and deters by the target's belief (`believed`)",
    )
    believed: float | None = Field(
        None,
        ge=0,
        le=1,
        description="threats only: the chance the target believes the threat will be carried out (default: its "
        "`credibility`); the threat takes `believed` x `stick` of the target's value of no deal",
    )
    ultimatum: int | None = Field(
        None,
        ge=1,
        description="threats only: the round at whose start the threat falls due if there is no agreement by then "
        "(default: when the talks fail: the deadline passes with no agreement, they break down or deadlock)",
    )
    then: Literal["war", "breakdown"] | None = Field(
        None,
        description="threats only, and needed by one: what carrying it out does: `war` (the conflict's war begins) "
        "or `breakdown` (the talks end in breakdown)",
    )


class Hosting(Sourced):
    """A host's venue makes one issue (a leaders' meeting) easier to accept (docs/explanation/model.md, section 7)."""

    issue: str = Field(description="id of the issue the venue favours: continuous, or discrete and ordered")
    bonus: float = Field(
        gt=0,
        le=1,
        description="added to every party's utility when it weighs an offer, times the offer's level on "
        "the issue (0 at the low end, `bonus` at the high end)",
    )


class Ratification(Sourced):
    """Who must ratify an agreement a party accepts (a two-level game, Putnam 1988): principals, of whom ``quota``
    must approve; a veto withdraws the agreement (docs/explanation/model.md, section 15)."""

    by: tuple[str, ...] = Field(min_length=1, description="ids of the principals (actors with `role: principal`)")
    quota: int | None = Field(
        None, ge=1, description="how many of them must approve (a parliament's majority); default: all of them"
    )
    on_veto: Literal["continue", "end"] = Field(
        "continue",
        description="after a veto: `continue` (the agreement is withdrawn; the party holds its principals' "
        "red lines and accepts only what they would ratify from then on) or `end` (the talks break down)",
    )

    @field_validator("by", mode="before")
    @classmethod
    def _one_is_a_list(cls, v: Any) -> Any:
        return (v,) if isinstance(v, str) else v

    @property
    def needed(self) -> int:
        """How many approvals ratify."""
        return len(self.by) if self.quota is None else self.quota


class Proposal(Sourced):
    """A package a mediator tables itself at a round, instead of its drafted text (docs/explanation/model.md,
    section 7): the parties vote on it as on the text."""

    round: int = Field(ge=1, description="the round in which the mediator tables it (under `mediated`)")
    package: dict[str, Scalar] = Field(
        min_length=1,
        description="issue id -> value (a number in the issue's range, or an option); the issues it leaves out "
        "take the values of the text the mediator would have drafted",
    )


class Actor(Sourced):
    """Someone involved in the talks: a party at the table, or a mediator, host, observer or principal."""

    name: str = Field(description="e.g. `Russia (Putin)`")
    role: Literal["party", "mediator", "host", "observer", "principal"] = Field(
        "party",
        description="only parties make and accept offers; a principal never bargains: it approves or vetoes what "
        "a party that answers to it (`ratified_by`) agreed, by its own positions, red lines and reservation",
    )
    leader: str | None = Field(None, description="who speaks for the actor")
    strategy: StrategyParams = Field(
        default_factory=lambda: STRATEGIES[DEFAULT_TACTIC].Params(tactic=DEFAULT_TACTIC),
        description="how the party concedes: `tactic` and that tactic's parameters (see the tactics below)",
    )
    reservation: float = Field(
        0.0, ge=0, le=1, description="utility of no agreement (BATNA); the party never accepts less"
    )
    discount: float = Field(
        1.0, gt=0, le=1, description="GENIUS's discount factor: an agreement at time t (0 at the start, 1 at the "
        "deadline) is worth u d^t to the actor; summary.json reports these discounted utilities (tactics bargain "
        "on undiscounted ones)",
    )  # fmt: skip
    capability: float | None = Field(
        None, ge=0, le=1e12, description="protocol eum: the actor's power to shape the decision (any scale, e.g. "
        "votes or shares); weighs its votes with its salience",
    )  # fmt: skip
    positions: dict[str, Position] = Field({}, description="issue id -> position; a party needs at least one")
    red_lines: tuple[RedLine, ...] = Field((), description="hard constraints, never crossed while firm")
    preconditions: tuple[Precondition, ...] = Field((), description="what must be settled before talks on other issues")
    refuses_to_discuss: tuple[Refusal, ...] = Field(
        (), description="parties only: issues it will not discuss, off the agenda for the whole talks (each an issue "
        "id, or `{issue, evidence}`): never offered nor settled, they stay at their `status_quo`",
    )  # fmt: skip
    pressure: tuple[Pressure, ...] = Field((), description="leverage on other actors")
    hosting: Hosting | None = Field(None, description="hosts only: the issue the venue favours and by how much")
    ratified_by: Ratification | None = Field(
        None,
        description="parties only: the principal who must ratify an agreement the party accepts (`ratified_by: "
        "khamenei`), or a block `{by: [...], quota, on_veto}` (a parliament's vote)",
    )

    @field_validator("ratified_by", mode="before")
    @classmethod
    def _principal_by_name(cls, v: Any) -> Any:
        return {"by": [v]} if isinstance(v, str) else v

    lean: float = Field(
        0.0, ge=0, le=1, description="mediators only: how far its text leans toward its own positions, the weight "
        "of its gain in a weighted Nash product (0: the parties' Nash point; 1: its best package among those "
        "every party prefers to no deal)",
    )  # fmt: skip
    proposals: tuple[Proposal, ...] = Field(
        (), description="mediators only, under `mediated`: packages it tables itself at given rounds"
    )
    spoils: tuple[Spoil, ...] = Field(
        (), description="observers and hosts only: its attacks on the talks, at a round or once a deal it dislikes "
        "is in sight (a spoiler never bargains)",
    )  # fmt: skip

    @field_validator("strategy", mode="before")
    @classmethod
    def _default_tactic(cls, v: Any) -> Any:
        return {"tactic": DEFAULT_TACTIC, **v} if isinstance(v, dict) and "tactic" not in v else v


class Ceasefire(Base):
    """When every party's offer on ``issue`` meets the bound, the guns fall silent: no battles, no costs."""

    issue: str = Field(description="id of the ceasefire issue")
    at_least: float | None = Field(None, description="offers at this value or above count as a ceasefire")
    at_most: float | None = Field(None, description="offers at this value or below count as a ceasefire")

    @model_validator(mode="after")
    def _some_bound(self) -> Ceasefire:
        if self.at_least is None and self.at_most is None:
            raise ValueError("a ceasefire needs at_least or at_most")
        return self


class Conflict(Sourced):
    """The war around the talks (docs/explanation/model.md, section 6; Fearon 1995, Slantchev 2003, Powell 2004)."""

    sides: dict[Literal["a", "b"], tuple[str, ...]] = Field(
        description="the two sides, each with at least one party: `{a: [actor, ...], b: [...]}`"
    )
    p: float = Field(gt=0, lt=1, description="the true chance that side a wins a round's battle")
    beliefs: dict[Literal["a", "b"], tuple[PositiveFloat, PositiveFloat]] = Field(
        {}, description="each side's Beta(alpha, beta) prior about p; default (1, 1)"
    )
    cost_per_round: dict[str, NonNegativeFloat] = Field({}, description="actor id -> utility it loses per round of war")
    contested: dict[str, NonNegativeFloat] = Field(
        {}, description="issue id -> how far its front moves toward the winner of each battle"
    )
    front: dict[str, float] = Field({}, description="issue id -> the front (status quo) at the start")
    horizon: int = Field(10, ge=1, description="rounds ahead a side looks when it values war")
    starts: int | None = Field(
        None,
        ge=1,
        description="the round at whose start the war begins (before it: no battles, no costs of war, and the "
        "value of no deal is the reservation); default: it runs from the first round",
    )
    ceasefire: Ceasefire | None = Field(None, description="what counts as a ceasefire")

    @model_validator(mode="after")
    def _two_sides(self) -> Conflict:
        if any(not self.sides.get(s) for s in ("a", "b")):
            raise ValueError("a war needs two sides, a and b, each with at least one party")
        return self


#: The kinds of shock, and the fields each needs (beyond ``round``, ``kind``, ``text`` and the evidence).
SHOCK_FIELDS: dict[str, tuple[str, ...]] = {
    "battle": ("winner",),
    "firmness": ("actor", "firmness"),  # and issue (a red line) or precondition
    "salience": ("actor", "issue", "salience"),
    "pressure": ("actor", "target"),  # and stick or carrot; over optional
    "mediator": ("actor", "present"),
    "position": ("actor", "issue"),  # and ideal (a continuous issue) or values (a discrete one)
    "protocol": ("protocol",),
    "breakdown": ("cause",),  # actor optional: who walks out
    "war": ("action",),
    "red_line": ("actor", "issue"),  # and min, max, equals or not_in; firmness optional
}
_SHOCK_OPTIONAL = {"firmness": ("issue", "precondition"), "pressure": ("stick", "carrot", "over"),
                   "position": ("ideal", "values"), "breakdown": ("actor",),
                   "red_line": ("min", "max", "equals", "not_in", "firmness")}  # fmt: skip


class Shock(Sourced):
    """Something that happens at a round, outside the bargaining: a battle won or lost, a statement that
    changes a red line's firmness, an actor's salience or its position, new pressure, a mediator arriving or
    leaving, a change of format, the talks breaking down, the war starting or stopping (docs/explanation/model.md,
    section 14). It applies at the start of ``round``, before its stages."""

    round: int = Field(ge=1, description="the round at whose start it happens (1: before the first offers)")
    kind: Literal[
        "battle",
        "firmness",
        "salience",
        "pressure",
        "mediator",
        "position",
        "red_line",
        "protocol",
        "breakdown",
        "war",
    ] = Field(
        description="`battle` (winner), `firmness` (actor, issue or precondition, firmness), `salience` (actor, "
        "issue, salience), `pressure` (actor, target, stick and/or carrot, over), `mediator` (actor, present), "
        "`position` (actor, issue, ideal or values), `red_line` (actor, issue, min, max, equals or not_in; firmness), "
        "`protocol` (protocol), `breakdown` (cause, actor optional) or `war` (action)"
    )
    text: str | None = Field(None, description='what happened, in words, for the log: "Ukraine retakes Kupiansk"')
    actor: str | None = Field(None, description="who: the speaker, the presser, the mediator arriving or leaving")
    winner: Literal["a", "b"] | None = Field(
        None, description="battle: the side that wins it (the front moves, both sides' beliefs update, no extra cost)"
    )
    issue: str | None = Field(
        None, description="firmness: the issue of the actor's red line; salience, position: the issue"
    )
    precondition: str | None = Field(None, description="firmness: the id of the actor's precondition, instead of issue")
    firmness: float | None = Field(
        None, ge=0, le=1, description="firmness: the new firmness (1 never moves); red_line: the new line's (default: "
        "the firmness of the line it replaces, or 1)",
    )  # fmt: skip
    salience: float | None = Field(
        None, ge=0, le=1e6, description="salience: the actor's new salience of the issue (its saliences renormalised)"
    )
    target: str | None = Field(None, description="pressure: the actor pressed")
    stick: float | None = Field(None, ge=0, le=1, description="pressure: as a pressure's stick")
    carrot: float | None = Field(None, ge=0, le=1, description="pressure: as a pressure's carrot")
    over: int | None = Field(None, ge=1, description="pressure: rounds to full strength, counted from this round")
    ideal: float | None = Field(
        None,
        description="position: the actor's new ideal point on a continuous issue (a demand that hardens or "
        "softens), inside the issue's range",
    )
    values: dict[str, float] | None = Field(
        None, description="position: the actor's new values of a discrete issue's options, in [0, 1] (unlisted: 0)"
    )
    protocol: str | None = Field(
        None,
        description="protocol: the protocol from this round on (a change of format: indirect talks through a "
        "mediator become direct alternating offers); it keeps the scenario's decision rule (quota, weights)",
    )
    cause: str | None = Field(
        None,
        description='breakdown: why the talks end at this round, for the story and the reasons: "Israel strikes '
        'Iranian nuclear sites" (with actor: the party that walks out)',
    )
    action: Literal["start", "stop"] | None = Field(
        None,
        description="war: `start`, the conflict's war begins or resumes (battles and costs from this round); "
        "`stop`, it stops (a ceasefire: no battles, no costs, the front frozen)",
    )
    min: Scalar | None = Field(None, description="red_line: the actor's new lowest acceptable value on the issue")
    max: Scalar | None = Field(None, description="red_line: the actor's new highest acceptable value on the issue")
    equals: Scalar | None = Field(None, description="red_line: the only value or option the actor now accepts")
    not_in: tuple[Scalar, ...] | None = Field(None, description="red_line: options the actor now never accepts")
    present: bool | None = Field(
        None,
        description="mediator: true, it arrives (a mediator whose first such shock is an arrival is absent until "
        "then); false, it leaves (its pressure stops, it drafts no text)",
    )

    @model_validator(mode="after")
    def _fields_of_kind(self) -> Shock:
        needs = SHOCK_FIELDS[self.kind]
        allowed = {*needs, *_SHOCK_OPTIONAL.get(self.kind, ())}
        missing = [f for f in needs if getattr(self, f) is None]
        if missing:
            raise ValueError(f"a {self.kind} shock needs {' and '.join(missing)}")
        named = ("actor", "winner", "issue", "precondition", "firmness", "salience", "target", "stick", "carrot",
                 "over", "present", "ideal", "values", "protocol", "cause", "action", "min", "max", "equals",
                 "not_in")  # fmt: skip
        extra = [f for f in named if f not in allowed and getattr(self, f) is not None]
        if extra:
            raise ValueError(f"a {self.kind} shock takes no {', '.join(extra)}")
        if self.kind == "firmness" and (self.issue is None) == (self.precondition is None):
            raise ValueError("a firmness shock names an issue (its red line there) or a precondition, one of them")
        if self.kind == "pressure" and self.stick is None and self.carrot is None:
            raise ValueError("a pressure shock needs stick or carrot")
        if (
            self.kind == "red_line"
            and self.min is None
            and self.max is None
            and self.equals is None
            and not self.not_in
        ):
            raise ValueError("a red_line shock needs one of min, max, equals, not_in: the line from this round")
        if self.kind == "position" and (self.ideal is None) == (self.values is None):
            raise ValueError("a position shock gives ideal (a continuous issue) or values (a discrete one), not both")
        return self


class SpoilRound(Base):
    """The round at whose start a spoiler strikes: ``when: {round: 6}``."""

    round: int = Field(ge=1, description="the round at whose start it strikes (or holds back), before its stages")


class SpoilAct(Shock):
    """What a spoiler's strike does when it is a shock of any kind (its round: the round it strikes)."""

    round: int | None = Field(None, description="not written: the shock happens in the round the spoiler strikes")

    @model_validator(mode="after")
    def _no_round(self) -> SpoilAct:
        if self.round is not None:
            raise ValueError("a spoiler's shock takes no round: it happens when the spoiler strikes (see when)")
        return self


class Spoil(Sourced):
    """An outside actor's attack on the talks (a spoiler: Stedman 1997; Kydd & Walter 2002): once its moment comes,
    a round or a deal it likes less than no deal in sight, it strikes with ``chance``, drawn once per run; its strike
    ends the talks, starts the war or is any shock (docs/explanation/model.md, section 7)."""

    when: Literal["near_deal"] | SpoilRound = Field(
        description="`near_deal`: the first round a package is on the table that every party values within `reach` "
        "of what it would accept (inside its red lines) and that is worth less to the spoiler than no deal (its "
        "value of no deal: the reservation); or `{round: 6}`"
    )
    chance: float = Field(ge=0, le=1, description="the chance it strikes when its moment comes (else it holds back "
                          "for good), drawn from a stream of the run's seed of its own")  # fmt: skip
    does: Literal["breakdown", "war"] | SpoilAct = Field(
        description="`breakdown` (the talks end, its strike the cause), `war` (the conflict's war begins or "
        "resumes), or a shock block without round (`{kind: pressure, actor: ..., target: ..., stick: 0.2}`)"
    )
    reach: float = Field(
        0.1, ge=0, le=1, description="near_deal: how far below its acceptance bar a party may value the package in "
        "sight and still count it within reach, in its utility (its best package 1, its worst 0): about what a party "
        "concedes in a round, so that a deal a round away is in sight (0: only a deal the parties take now)",
    )  # fmt: skip
    text: str | None = Field(None, description='what it does, for the story: "Israel strikes Iranian nuclear sites"')

    @field_validator("when", mode="before")
    @classmethod
    def _when_shape(cls, v: Any) -> Any:
        if not (v == "near_deal" or isinstance(v, dict)):
            raise ValueError(f"when is near_deal or {{round: N}}, got {v!r}")
        return _one_branch(SpoilRound, v)

    @field_validator("does", mode="before")
    @classmethod
    def _does_shape(cls, v: Any) -> Any:
        if not (v in ("breakdown", "war") or isinstance(v, dict)):
            raise ValueError(f"does is breakdown, war or a shock block {{kind: ...}}, got {v!r}")
        return _one_branch(SpoilAct, v)

    @property
    def near_deal(self) -> bool:
        return self.when == "near_deal"


Actor.model_rebuild(force=True)  # its spoils are defined after it (a spoil's shock is a Shock)


def _one_branch(model: type[BaseModel], v: Any) -> Any:
    """A block of a field that is a word or a block, validated as the block (one error, not one per branch)."""
    if not isinstance(v, dict):
        return v
    try:
        return model.model_validate(v)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"].removeprefix("Value error, ")
        raise ValueError((f"{where}: " if where else "") + msg) from None


class Deadline(Sourced):
    """The deadline and what follows it when the talks reach it with no agreement (docs/explanation/model.md,
    section 9): the status quo (each party keeps its value of no deal), a breakdown, or the war."""

    rounds: int | None = Field(
        None, ge=1, le=100_000, description="the number of rounds (the scenario's `rounds`, written here instead)"
    )
    then: Literal["status_quo", "breakdown", "war"] = Field(
        "status_quo",
        description="what follows a deadline passed with no agreement: `status_quo` (no agreement, each party keeps "
        "its value of no deal), `breakdown` (the talks end in breakdown), `war` (the conflict's war begins)",
    )


class Scenario(Base):
    """A validated, immutable scenario. Build it with ``negosim.load_scenario``."""

    negosim: Literal[1] = Field(description="format version: 1")
    name: str = Field(description="shown in tables, figures and reports")
    description: str | None = Field(None, description="one or two sentences")
    rounds: int = Field(50, ge=1, le=100_000, description="deadline: the number of rounds (one Mesa step each)")
    round_unit: str = Field("round", description="what a round stands for (e.g. `week`), used in figures and events")
    protocol: ProtocolBlock = Field(
        default_factory=lambda: PROTOCOLS[DEFAULT_PROTOCOL].Params(name=DEFAULT_PROTOCOL),
        description="who moves when: "
        + ", ".join(f"`{name}` ({cls.words})" for name, cls in PROTOCOLS.items())
        + "; or a block `{name: ..., quota: ...}` with its decision rule (see the protocols below)",
    )
    sources: dict[str, Source] = Field({}, description="source id -> source the evidence quotes from")
    issues: dict[str, Issue] = Field(min_length=1, description="issue id -> issue: the agenda")
    actors: dict[str, Actor] = Field(description="actor id -> actor; at least two parties")
    agenda: dict[str, AgendaItem] = Field(
        {}, description="issue id -> `{opens_when: {issue, at_least ...}}`: an issue off the agenda until the package "
        "on the table meets a condition (until then it stays at its `status_quo`)",
    )  # fmt: skip
    conflict: Conflict | None = Field(None, description="the war around the talks, if any")
    deadline: Deadline | None = Field(
        None,
        description="`{rounds: 12, then: war}`: the deadline and what follows it with no agreement (`rounds` "
        "may stay at the top instead)",
    )
    shocks: tuple[Shock, ...] = Field(
        (), description="what happens at given rounds: battles, statements, new pressure, mediators coming and going"
    )

    _raw: dict[str, Any] = PrivateAttr(default_factory=dict)
    _path: str | None = PrivateAttr(default=None)
    _sha256: str = PrivateAttr(default="")
    _source_hashes: dict[str, dict[str, str]] = PrivateAttr(default_factory=dict)
    _marks: dict = PrivateAttr(default_factory=dict)  # where each part of the file stands (loader.marks_of)
    _warnings: list = PrivateAttr(default_factory=list)

    @field_validator("protocol", mode="before")
    @classmethod
    def _protocol_by_name(cls, v: Any) -> Any:
        if isinstance(v, str):
            return {"name": v}
        return {"name": DEFAULT_PROTOCOL, **v} if isinstance(v, dict) and "name" not in v else v

    @model_validator(mode="before")
    @classmethod
    def _deadline_rounds(cls, v: Any) -> Any:
        """``deadline: {rounds: N}`` is the scenario's ``rounds``, written with its consequence."""
        inner = v.get("deadline") if isinstance(v, dict) else None
        if isinstance(inner, dict) and inner.get("rounds") is not None and "rounds" not in v:
            return {**v, "rounds": inner["rounds"]}
        return v

    @field_validator("negosim", mode="before")
    @classmethod
    def _version(cls, v: Any) -> Any:
        if isinstance(v, int | float) and not isinstance(v, bool) and v != 1:
            raise ValueError(f"unsupported format version {v}: this negosim reads negosim: 1")
        return v

    @property
    def parties(self) -> list[str]:
        return [a for a, actor in self.actors.items() if actor.role == "party"]

    @property
    def separable_issues(self) -> list[str]:
        """Issues that may be settled on their own: marked ``separable``, or, where the scenario does not write
        ``separable: false`` in so many words, required by a precondition or a war's ceasefire issue
        (docs/explanation/model.md, sections 4 and 9)."""
        implied = {pc.require.issue for a in self.actors.values() for pc in a.preconditions if pc.require}
        if self.conflict is not None and self.conflict.ceasefire is not None:
            implied.add(self.conflict.ceasefire.issue)
        return [iid for iid, issue in self.issues.items()
                if issue.separable or (iid in implied and "separable" not in issue.model_fields_set)]  # fmt: skip

    @property
    def path(self) -> str | None:
        """The file the scenario was read from, if any."""
        return self._path

    @property
    def sha256(self) -> str:
        """Hash of the scenario file's bytes (or of its canonical JSON when built in code)."""
        return self._sha256

    @property
    def source_hashes(self) -> dict[str, dict[str, str]]:
        """Each source read from a file when the scenario was loaded: ``{id: {path, sha256}}``."""
        return self._source_hashes

    @property
    def raw(self) -> dict[str, Any]:
        """The data as written (before defaults), the base for overrides."""
        return self._raw

    @property
    def warnings(self) -> list:
        """Problems that do not stop a run (printed by the CLI): see scenario.warnings."""
        return self._warnings


#: Blocks whose fields depend on a tag: block name -> (the tag's key, the model for each tag value).
DEFAULT_TAG = {"strategy": DEFAULT_TACTIC, "protocol": DEFAULT_PROTOCOL}
TAGGED: dict[str, tuple[str, dict[str, type[BaseModel]]]] = {
    "strategy": ("tactic", {name: cls.Params for name, cls in STRATEGIES.items()}),
    "protocol": ("name", {name: cls.Params for name, cls in PROTOCOLS.items()}),
}


def fields_at(loc: tuple) -> list[str]:
    """Field names allowed at ``loc`` (a path of keys and indices into a scenario, a tagged block's tag
    naming its model, as pydantic's error locations do), or []."""
    node: Any = Scenario
    for n, seg in enumerate(loc):
        node = _unwrap(node)
        tagged = TAGGED.get(loc[n - 1]) if n else None
        if tagged and seg in tagged[1]:
            node = tagged[1][seg]
        elif isinstance(node, type) and issubclass(node, BaseModel):
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
    if get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    if get_origin(tp) in (Union, UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else tp
    return tp
