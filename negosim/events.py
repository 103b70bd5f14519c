"""What happens in the talks, one frozen dataclass per kind, each with named fields and its sentence.

Events name actors and issues by id and give values as the scenario does (a number, or an
option's name), so an event reads the same in the model, in events.jsonl and in a demo. The
model makes them as things happen; ``RunResult.events`` and ``model.snapshot().events`` hold them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar

from negosim.words import and_list, count

Value = float | str  # a value on an issue: a number, or an option's name
Package = dict[str, Value]  # issue id -> value


def value_text(v: Value) -> str:
    """A value as events show it: an option's name, or two decimals."""
    return v if isinstance(v, str) else f"{v:.2f}"


def package_text(x: Package) -> str:
    return ", ".join(f"{iid} {value_text(v)}" for iid, v in x.items())


@dataclass(frozen=True)
class Event:
    """Something that happened in round ``round`` (0: before the first), by ``actor`` where one acted."""

    kind: ClassVar[str] = "event"
    round: int
    actor: str | None

    @property
    def text(self) -> str:
        """The event as a sentence of the story."""
        raise NotImplementedError

    def __str__(self) -> str:
        return f"round {self.round}: {self.text}"

    #: fields added later, left out of the record while None (the records of runs that do not use them stay as
    #: they were)
    later: ClassVar[tuple[str, ...]] = ()

    def record(self) -> dict[str, Any]:
        """The event as one line of events.jsonl: its kind, its fields and its sentence."""
        fields = {k: v for k, v in dataclasses.asdict(self).items() if v is not None or k not in self.later}
        return {"kind": self.kind, **fields, "text": self.text}


@dataclass(frozen=True)
class Start(Event):
    kind: ClassVar[str] = "start"
    parties: tuple[str, ...] = ()
    issues: int = 0
    protocol: str = ""  # the protocol in words, e.g. "alternating offers"
    rounds: int = 0
    unit: str = "round"
    others: tuple[str, ...] = ()  # mediators, hosts and observers, in words

    @property
    def text(self) -> str:
        rest = f"; {', '.join(self.others)}" if self.others else ""
        return (
            f"talks open: {and_list(list(self.parties))} negotiate {count(self.issues, 'issue')} "
            f"({self.protocol}, at most {count(self.rounds, self.unit)}){rest}"
        )


@dataclass(frozen=True)
class Offer(Event):
    kind: ClassVar[str] = "offer"
    package: Package = field(default_factory=dict)
    utility: float = 0.0  # to the proposer

    @property
    def text(self) -> str:
        return f"{self.actor} proposes {package_text(self.package)} (own utility {self.utility:.2f})"


@dataclass(frozen=True)
class Accept(Event):
    kind: ClassVar[str] = "accept"
    what: str = "the standing offer"

    @property
    def text(self) -> str:
        return f"{self.actor} accepts {self.what}"


@dataclass(frozen=True)
class Reject(Event):
    """A party votes down the mediator's text; ``reason`` says why in words."""

    kind: ClassVar[str] = "reject"
    reason: str = ""

    @property
    def text(self) -> str:
        return f"{self.actor} rejects the mediator's text: {self.reason}"


@dataclass(frozen=True)
class Text(Event):
    kind: ClassVar[str] = "text"
    package: Package = field(default_factory=dict)

    @property
    def text(self) -> str:
        return f"{self.actor} puts a text to the parties: {package_text(self.package)}"


@dataclass(frozen=True)
class Proposal(Event):
    """A mediator tables its own package instead of its drafted text (a scenario's ``proposals``)."""

    kind: ClassVar[str] = "proposal"
    package: Package = field(default_factory=dict)

    @property
    def text(self) -> str:
        return f"{self.actor} tables its own proposal: {package_text(self.package)}"


@dataclass(frozen=True)
class NoText(Event):
    """No package inside every party's red lines clears every party's value of no deal."""

    kind: ClassVar[str] = "no_text"
    party: str | None = None  # the party worst off, or None where none is worse off alone
    best: float | None = None  # its best inside every party's red lines
    no_deal: float | None = None
    line: str | None = None  # the red line that costs it most: "russia's red line crimea >= 1.00"

    @property
    def text(self) -> str:
        head = "the mediator can draft no text: "
        if self.party is None:
            return head + "no package inside every party's red lines gives all of them more than no deal at once"
        text = (
            f"{head}inside every party's red lines {self.party} gets at most {self.best:.2f}, less than no deal "
            f"is worth to it ({self.no_deal:.2f})"
        )
        return text + (f"; what holds it back most is {self.line}" if self.line else "; even its own best package "
                       "is worth no more")  # fmt: skip


@dataclass(frozen=True)
class Agreement(Event):
    kind: ClassVar[str] = "agreement"
    later: ClassVar[tuple[str, ...]] = ("off_agenda",)
    package: Package = field(default_factory=dict)
    off_agenda: tuple[str, ...] | None = None  # issues never discussed: the package leaves them at their status quo

    @property
    def text(self) -> str:
        off = f" ({', '.join(self.off_agenda)} off the agenda: left at the status quo)" if self.off_agenda else ""
        return f"agreement: {package_text(self.package)}{off}"


@dataclass(frozen=True)
class Moved(Event):
    """An actor's position moves under the expected-utility model (protocols/eum.py): it lost a
    confrontation, compromised or capitulated to ``by`` on ``issue``."""

    kind: ClassVar[str] = "moved"
    issue: str = ""
    how: str = ""  # confrontation, compromise, capitulation
    by: str = ""
    before: float = 0.0
    after: float = 0.0

    @property
    def text(self) -> str:
        what = {"confrontation": f"loses a confrontation with {self.by}", "compromise": f"compromises with {self.by}",
                "capitulation": f"gives in to {self.by}"}.get(self.how, f"moves toward {self.by}")  # fmt: skip
        return f"{self.actor} {what} on {self.issue}: {self.before:.2f} -> {self.after:.2f}"


@dataclass(frozen=True)
class Forecast(Event):
    """The expected-utility model's forecast after a round: the Condorcet median and the weighted mean."""

    kind: ClassVar[str] = "forecast"
    median: Package = field(default_factory=dict)
    mean: Package = field(default_factory=dict)

    @property
    def text(self) -> str:
        parts = [f"{iid} {value_text(self.median[iid])} (median), {value_text(self.mean[iid])} (mean)"
                 for iid in self.median]  # fmt: skip
        return "forecast: " + "; ".join(parts)


@dataclass(frozen=True)
class Press(Event):
    """``actor`` presses ``target``: a stick lowers its value of no deal, a carrot adds to agreeing."""

    kind: ClassVar[str] = "press"
    target: str = ""
    stick: float = 0.0  # the share of the target's value of no deal the stick takes this round
    carrot: float = 0.0  # what the carrot adds to the target's value of any agreement this round
    no_deal: float = 0.0  # the target's value of no deal after every stick on it

    @property
    def text(self) -> str:
        stick = f"a stick takes {self.stick:.0%} of its value of no deal, now {self.no_deal:.2f}"
        parts = [stick if self.stick else "", f"a carrot of {self.carrot:.3g} for agreeing" if self.carrot else ""]
        return f"{self.actor} presses {self.target} ({'; '.join(p for p in parts if p)})"


@dataclass(frozen=True)
class Threat(Event):
    """``actor``'s threat against ``target`` falls due: carried out (``then``: the war begins or the talks end in
    breakdown, said in ``result``) or not, as the draw from its true ``credibility`` says (model.md, section 7)."""

    kind: ClassVar[str] = "threat"
    target: str = ""
    carried_out: bool = False
    then: str = ""  # war or breakdown
    credibility: float = 0.0
    result: str = ""  # "the war begins", "the talks end in breakdown", "the threat is not carried out"

    @property
    def text(self) -> str:
        if not self.carried_out:
            return f"{self.actor}'s threat against {self.target} is not carried out ({self.then} threatened)"
        return f"{self.actor} carries out its threat against {self.target}: {self.result}"


@dataclass(frozen=True)
class Erode(Event):
    """``presser``'s pressure moves red lines of ``actor``; ``changes`` says how, one per line."""

    kind: ClassVar[str] = "erode"
    presser: str = ""
    changes: tuple[str, ...] = ()  # "crimea <= 0.500 -> <= 0.508", "border middle acceptable again"
    war: bool = False  # the pressure is the war's: what fighting ``presser`` has cost ``actor``

    @property
    def text(self) -> str:
        lines = "red line" if len(self.changes) == 1 else "red lines"
        by = f"the war with {self.presser}" if self.war else f"{self.presser}'s pressure"
        return f"{by} erodes {self.actor}'s {lines}: {'; '.join(self.changes)}"


@dataclass(frozen=True)
class Waive(Event):
    kind: ClassVar[str] = "waive"
    precondition: str = ""
    pressers: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return f"{self.actor} waives {self.precondition} under pressure from {and_list(list(self.pressers))}"


@dataclass(frozen=True)
class Lifted(Event):
    """The agreement crosses ``actor``'s conditional red line ``line`` where it meets ``condition``, which lifts it."""

    kind: ClassVar[str] = "lifted"
    line: str = ""  # "enrichment <= 0.00"
    condition: str = ""  # "inspections >= 0.80"
    value: str = ""  # what the agreement gives on the condition's issue

    @property
    def text(self) -> str:
        return (f"{self.actor}'s red line {self.line} does not bind: the agreement's {self.value} meets "
                f"{self.condition}, which lifts it")  # fmt: skip


@dataclass(frozen=True)
class OffAgenda(Event):
    """At the start: ``issue`` is off the agenda (``why``) and stays at its status quo ``stays`` meanwhile."""

    kind: ClassVar[str] = "off_agenda"
    issue: str = ""
    stays: str = ""
    why: str = ""

    @property
    def text(self) -> str:
        return f"{self.issue} is off the agenda: {self.why}; meanwhile it stays at its status quo, {self.stays}"


@dataclass(frozen=True)
class Opened(Event):
    """``issue`` comes onto the agenda: ``value`` on the table meets ``condition``."""

    kind: ClassVar[str] = "opened"
    issue: str = ""
    condition: str = ""
    value: str = ""

    @property
    def text(self) -> str:
        return (f"{self.issue} comes onto the agenda from the next round: {self.value} on the table meets "
                f"{self.condition}")  # fmt: skip


@dataclass(frozen=True)
class Met(Event):
    kind: ClassVar[str] = "met"
    later: ClassVar[tuple[str, ...]] = ("in_principle",)
    precondition: str = ""
    opened: tuple[str, ...] = ()  # the issues it kept off the table
    in_principle: str | None = None  # met by agreement in principle: the issue and value, not settled on its own

    @property
    def text(self) -> str:
        opened = f": talks open on {', '.join(self.opened)}" if self.opened else ""
        how = f" in principle ({self.in_principle}, not settled on its own)" if self.in_principle else ""
        return f"{self.actor}'s precondition {self.precondition} is met{how}{opened}"


@dataclass(frozen=True)
class Held(Event):
    """Every party offers the same value on a separable issue, but preconditions keep it unsettled."""

    kind: ClassVar[str] = "held"
    issue: str = ""
    value: Value = 0.0
    by: tuple[str, ...] = ()  # the preconditions, in words: "russia's no-preconditions (no interim ...)"

    @property
    def text(self) -> str:
        return (
            f"every party offers {self.issue} {value_text(self.value)}, but {' and '.join(self.by)} keeps it "
            "from being settled ahead of the rest"
        )


@dataclass(frozen=True)
class Interim(Event):
    kind: ClassVar[str] = "interim"
    issue: str = ""
    value: Value = 0.0
    label: str | None = None  # the scenario's label at that value

    @property
    def text(self) -> str:
        label = f' ("{self.label}")' if self.label else ""
        return f"interim agreement on {self.issue}: {value_text(self.value)}{label}"


@dataclass(frozen=True)
class Deadlock(Event):
    """Preconditions that cannot all be met as things stand; pressure may yet break them."""

    kind: ClassVar[str] = "deadlock"
    precondition: str = ""  # the one that cannot be met, in words
    reason: str = ""  # why, in words: "cannot be met while russia's no-preconditions (...) stands"

    @property
    def text(self) -> str:
        return f"deadlock over preconditions: {self.precondition} {self.reason}; pressure may yet make one give way"


@dataclass(frozen=True)
class Stalemate(Event):
    kind: ClassVar[str] = "stalemate"
    precondition: str = ""
    reason: str = ""
    early: bool = True  # found before the deadline: no pressure can break it

    @property
    def text(self) -> str:
        end = ", and no pressure can make either give way" if self.early else ""
        return f"stalemate over preconditions: {self.precondition} {self.reason}{end}"


@dataclass(frozen=True)
class Battle(Event):
    kind: ClassVar[str] = "battle"
    winner: str = "a"
    side: tuple[str, ...] = ()  # the winning side's members
    front: dict[str, float] = field(default_factory=dict)  # contested issue -> the front after it

    @property
    def text(self) -> str:
        fronts = ", ".join(f"{iid} {v:.2f}" for iid, v in self.front.items())
        return f"battle: side {self.winner} ({', '.join(self.side)}) wins" + (f"; front {fronts}" if fronts else "")


@dataclass(frozen=True)
class Ceasefire(Event):
    kind: ClassVar[str] = "ceasefire"

    @property
    def text(self) -> str:
        return "a ceasefire holds: no battles, no costs of war while it lasts"


@dataclass(frozen=True)
class Breakdown(Event):
    """A party walks out (its value of no deal beats every package inside its red lines), or the talks break
    down for a ``cause`` from outside (a breakdown shock, a deadline whose consequence is a breakdown)."""

    kind: ClassVar[str] = "breakdown"
    later: ClassVar[tuple[str, ...]] = ("cause",)
    no_deal: float = 0.0
    best: float = 0.0  # the best package inside its red lines
    cause: str | None = None  # why the talks ended, where something from outside ended them

    @property
    def text(self) -> str:
        if self.cause is not None:
            return f"{self.actor + ' walks out' if self.actor else 'the talks break down'}: {self.cause}"
        return (
            f"{self.actor} walks out: no deal is worth {self.no_deal:.2f} to it, "
            f"more than any package inside its red lines ({self.best:.2f})"
        )


@dataclass(frozen=True)
class Ratify(Event):
    """A principal (``actor``) approves the agreement ``party`` accepted (docs/explanation/model.md, section 15)."""

    kind: ClassVar[str] = "ratify"
    party: str = ""

    @property
    def text(self) -> str:
        return f"{self.actor} ratifies the agreement {self.party} accepted"


@dataclass(frozen=True)
class Veto(Event):
    """A principal (``actor``) refuses the agreement ``party`` accepted, and ``why``; ``withdrawn`` where too few
    ratified it, then the talks ``end`` or go on with the party holding its principals' win-set."""

    kind: ClassVar[str] = "veto"
    party: str = ""
    why: str = ""
    withdrawn: bool = True
    end: bool = False

    @property
    def text(self) -> str:
        if not self.withdrawn:
            return (
                f"{self.actor} votes against the agreement {self.party} accepted ({self.why}); enough others ratify it"
            )
        then = (
            "the talks end"
            if self.end
            else f"it is withdrawn, and {self.party} accepts only what its principals would ratify from now on"
        )
        return f"{self.actor} vetoes the agreement {self.party} accepted: {self.why}; {then}"


@dataclass(frozen=True)
class Partial(Event):
    kind: ClassVar[str] = "partial"
    settled: tuple[str, ...] = ()
    unsettled: tuple[str, ...] = ()
    unit: str = "round"

    @property
    def text(self) -> str:
        return (
            f"deadline after {count(self.round, self.unit)}: partial: {', '.join(self.settled)} settled; "
            f"{', '.join(self.unsettled)} not"
        )


@dataclass(frozen=True)
class Deadline(Event):
    kind: ClassVar[str] = "deadline"
    unit: str = "round"
    distance: float | None = None  # between the parties' offers at the end

    @property
    def text(self) -> str:
        d = "nan" if self.distance is None else f"{self.distance:.2f}"
        return f"deadline: no agreement after {count(self.round, self.unit)} (distance between offers {d})"


@dataclass(frozen=True)
class Shock(Event):
    """Something from outside the talks (a scenario's shock, or one a demo injects): ``what`` is its kind."""

    kind: ClassVar[str] = "shock"
    what: str = ""  # the shock's kind: battle, firmness, salience, pressure, mediator, position, protocol, ...
    change: str = ""  # what it changed, in words
    said: str | None = None  # the scenario's own words for it

    @property
    def text(self) -> str:
        return f"shock: {': '.join(filter(None, (self.said, self.change)))}"


@dataclass(frozen=True)
class Spoil(Event):
    """A spoiler's moment comes (docs/explanation/model.md, section 7): it strikes (``struck``) or holds back for
    good, drawn with ``chance``; ``why`` says the moment (a round, or a deal in sight it likes less than no deal)."""

    kind: ClassVar[str] = "spoil"
    struck: bool = False
    chance: float = 0.0
    why: str = ""  # "a deal is in sight worth 0.20 to it, less than no deal (0.50)"
    said: str | None = None  # the scenario's own words for the strike

    @property
    def text(self) -> str:
        if not self.struck:
            return f"{self.actor} holds back (chance of a strike {self.chance:g}): {self.why}"
        return f"{self.actor} strikes: {self.said or 'it attacks the talks'} (chance {self.chance:g}; {self.why})"


@dataclass(frozen=True)
class Seated(Event):
    """A person takes a party's seat (``negosim play``, the demo): its moves are that person's from now on."""

    kind: ClassVar[str] = "seated"

    @property
    def text(self) -> str:
        return f"a person takes {self.actor}'s seat"


@dataclass(frozen=True)
class Logged(Event):
    """An event read back from a log that names no fields of its kind (written by an older negosim)."""

    what: str = ""  # its kind
    sentence: str = ""

    @property
    def kind(self) -> str:  # type: ignore[override]
        return self.what

    @property
    def text(self) -> str:
        return self.sentence

    def record(self) -> dict[str, Any]:
        return {"kind": self.what, "round": self.round, "actor": self.actor, "text": self.sentence}


#: Every kind of event by its name in events.jsonl.
KINDS: dict[str, type[Event]] = {
    cls.kind: cls
    for cls in (Start, Offer, Accept, Reject, Text, Proposal, NoText, Agreement, Press, Erode, Waive, Lifted, OffAgenda,
                Opened, Met, Held, Interim, Deadlock, Stalemate, Battle, Ceasefire, Breakdown, Ratify, Veto, Partial,
                Deadline, Shock, Spoil, Seated, Moved, Forecast, Threat)
}  # fmt: skip

#: The kinds that end a run, and the outcome each gives.
ENDINGS = ("agreement", "partial", "breakdown", "stalemate", "deadline")


def from_record(rec: dict[str, Any]) -> Event:
    """An event from one line of events.jsonl (``Event.record``)."""
    cls = KINDS.get(rec["kind"])
    names = {f.name for f in dataclasses.fields(cls)} if cls else set()
    if cls is None or not names - {"round", "actor", *getattr(cls, "later", ())} <= rec.keys():
        return Logged(rec["round"], rec["actor"], rec["kind"], rec["text"])
    later = set(getattr(cls, "later", ()))
    args = {n: rec[n] for n in names if n in rec or n not in later}
    for f in dataclasses.fields(cls):  # JSON lists back to tuples
        if isinstance(args.get(f.name), list):
            args[f.name] = tuple(args[f.name])
    return cls(**args)
