"""A class negotiating together (``negosim demo FILE --class``): one shared run, seats held by students.

The teacher (who holds ``teacher_token``) assigns seats or lets students pick them, sets the timer,
starts, pauses, steps, injects shocks and ends the talks; a student joins with the class's code and a
name, takes a seat, sees its own actor's brief only (never another's positions, red lines or value
of no deal) and moves at that actor's turn. A seat whose student does not move within the timer,
and every seat without a student, is played by the agents. Every request that breaks these rules is
refused with its reason and logged (``refusals``). The talks run on one thread; pages read
``version`` to know when to redraw. No web code here: the page (demo/app.py) is a face on it.
"""

from __future__ import annotations

import logging
import secrets
import string
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from negosim.engine.compiled import compile_scenario
from negosim.engine.model import NegotiationModel
from negosim.engine.seats import Move, Seat, View
from negosim.engine.state import RoundState
from negosim.events import Event
from negosim.scenario.models import Scenario, Shock

log = logging.getLogger("negosim.class")

#: Events every seat sees; the others only where they are about the seat's own actor (another actor's
#: red lines, pressure on it and its value of no deal are private to it).
PUBLIC = {"start", "offer", "accept", "text", "proposal", "agreement", "interim", "battle", "ceasefire", "partial",
          "deadline", "stalemate", "breakdown", "seated", "met", "deadlock", "held", "waive", "reject", "ratify",
          "veto"}  # fmt: skip
#: Shocks only their own actor sees whole (a statement's effect on its firmness or saliences).
PRIVATE_SHOCKS = {"firmness", "salience"}


class Refused(Exception):
    """A request the class's rules do not allow: its reason."""


@dataclass
class Student:
    token: str
    name: str
    seat: str | None = None


@dataclass(frozen=True)
class Refusal:
    at: float
    who: str
    what: str
    why: str


@dataclass
class ClassRoom:
    scenario: Scenario
    seed: int = 0
    out: Path | None = None
    timer: float = 90.0  # seconds a student has at its turn before the agent moves for it
    pick: bool = True  # students may take a free seat themselves
    delay: float = 0.5  # seconds between rounds while the talks run
    code: str = field(default_factory=lambda: "".join(secrets.choice(string.ascii_uppercase) for _ in range(5)))
    teacher_token: str = field(default_factory=lambda: secrets.token_urlsafe(12))

    def __post_init__(self):
        self.students: dict[str, Student] = {}
        self.seats: dict[str, str | None] = dict.fromkeys(self.scenario.parties)  # party -> student token
        self.refusals: list[Refusal] = []
        self.states: list[RoundState] = []
        self.turns: dict[str, View] = {}  # party -> what its student sees at its turn, while it is waiting
        self.deadline: dict[str, float] = {}
        self._replies: dict[str, Move] = {}
        self._cond = threading.Condition()
        self.running = False  # the teacher has started (and not paused) the talks
        self.ended = False
        self.folder: Path | None = None
        self.version = 0
        self.model = NegotiationModel(compile_scenario(self.scenario), seed=self.seed)
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    # --- who may do what ---------------------------------------------------------------------
    def _refuse(self, who: str, what: str, why: str) -> None:
        self.refusals.append(Refusal(time.time(), who, what, why))
        log.warning("refused: %s: %s: %s", who, what, why)
        self._changed()
        raise Refused(why)

    def _teacher(self, token: str | None, what: str) -> None:
        if token != self.teacher_token:
            self._refuse(self._who(token), what, "only the teacher can do that")

    def _student(self, token: str | None, what: str) -> Student:
        if token not in self.students:
            self._refuse(self._who(token), what, "join the class first (its code and your name)")
        return self.students[token]

    def _who(self, token: str | None) -> str:
        if token == self.teacher_token:
            return "the teacher"
        return f"student {self.students[token].name}" if token in self.students else "someone who has not joined"

    def _changed(self) -> None:
        with self._cond:
            self.version += 1
            self._cond.notify_all()

    def wait_for(self, check: Callable[[], Any], timeout: float) -> Any:
        """Wait until ``check()`` is true, trying it again each time the class changes: its last value
        (false if ``timeout`` seconds pass first)."""
        with self._cond:
            return self._cond.wait_for(check, timeout)

    # --- students ----------------------------------------------------------------------------
    def join(self, code: str, name: str) -> str:
        """A student joins with the class's code: its token."""
        name = name.strip()
        if code.strip().upper() != self.code:
            self._refuse(name or "someone", "join", "that is not this class's code")
        if not name:
            self._refuse("someone", "join", "give your name")
        token = secrets.token_urlsafe(12)
        self.students[token] = Student(token, name)
        self._changed()
        return token

    def take(self, token: str, party: str) -> None:
        """A student takes a free seat (where the teacher lets students pick)."""
        student = self._student(token, f"take {party}'s seat")
        if not self.pick:
            why = "the teacher assigns the seats in this class"
            self._refuse(f"student {student.name}", f"take {party}'s seat", why)
        self._sit(student, party, f"student {student.name}")

    def answer(self, token: str, party: str, move: Move) -> str | None:
        """``move`` as a page sends it: why it is refused, or None."""
        try:
            self.move(token, party, move)
        except Refused as why:
            return str(why)
        return None

    def move(self, token: str, party: str, move: Move) -> None:
        """A student's move for ``party``: only for the seat it holds, only at that seat's turn, only a move
        its actor can make."""
        student = self._student(token, f"move for {party}")
        what = f"move for {party}"
        if self.seats.get(party) != token:
            self._refuse(f"student {student.name}", what, f"you do not hold {party}'s seat")
        with self._cond:
            view = self.turns.get(party)
            if view is None:
                self._refuse(f"student {student.name}", what, f"it is not {party}'s turn")
            if (why := view.check(move)) is not None:
                self._refuse(f"student {student.name}", what, why)
            self._replies[party] = move
            self._cond.notify_all()

    def brief(self, token: str) -> dict[str, Any]:
        """What a student sees: its seat, its actor's own brief (from its turn's view, or the model now),
        whether it is its turn, and the events it may see."""
        student = self._student(token, "read a brief")
        party = student.seat
        if party is None:
            return {"seat": None, "free": self.free_seats(), "events": self.events_for(None)}
        with self._cond:
            view = self.turns.get(party)
        turn = view is not None
        if view is None:  # between its turns: its brief from the talks as they stand
            from negosim.engine.seats import view as view_of

            view = view_of(self.model, next(p for p in self.model.parties if p.name == party))
        return {"seat": party, "turn": turn, "view": view, "deadline": self.deadline.get(party),
                "events": self.events_for(party)}  # fmt: skip

    def events_for(self, party: str | None) -> list[Event]:
        """The events ``party``'s student may see: the public ones, and those about its own actor."""
        out = []
        for e in list(self.model.events):
            if e.kind in PUBLIC or (party is not None and (e.actor == party or getattr(e, "target", None) == party)):
                out.append(e)
            elif e.kind == "shock":
                out.append(e if e.what not in PRIVATE_SHOCKS else _said(e))
        return out

    def free_seats(self) -> list[str]:
        return [p for p, t in self.seats.items() if t is None]

    # --- the teacher -------------------------------------------------------------------------
    def assign(self, token: str, party: str, student_token: str | None) -> None:
        """The teacher gives ``party``'s seat to a student (None: the agents play it)."""
        self._teacher(token, f"assign {party}'s seat")
        if student_token is None:
            self._unseat(party)
            return
        if student_token not in self.students:
            self._refuse("the teacher", f"assign {party}'s seat", "no such student")
        self._sit(self.students[student_token], party, "the teacher")

    def start(self, token: str) -> None:
        self._teacher(token, "start the talks")
        self.running = True
        self._changed()

    def pause(self, token: str) -> None:
        self._teacher(token, "pause the talks")
        self.running = False
        self._changed()

    def set_pick(self, token: str, pick: bool) -> None:
        """Whether students may take free seats themselves."""
        self._teacher(token, "let students pick seats")
        self.pick = bool(pick)
        self._changed()

    def set_timer(self, token: str, seconds: float) -> None:
        self._teacher(token, "set the timer")
        self.timer = max(float(seconds), 1.0)
        self._changed()

    def shock(self, token: str, **fields: Any) -> Shock:
        """A shock at the next round, checked as a scenario's (see DemoSession.shock)."""
        self._teacher(token, "inject a shock")
        from negosim.demo.session import check_shock

        shock = Shock(round=self.model.round + 1, **{k: v for k, v in fields.items() if v is not None})
        check_shock(self.model, shock)
        with self._cond:
            self.model.inject(shock)
        self._changed()
        return shock

    def end(self, token: str) -> Path:
        """End the talks where they stand and save them as a run folder: the debrief's."""
        self._teacher(token, "end the talks")
        return self._finish()

    # --- the talks ---------------------------------------------------------------------------
    def _sit(self, student: Student, party: str, by: str) -> None:
        what = f"{party}'s seat"
        if party not in self.seats:
            self._refuse(by, "take " + what, f'"{party}" is not a party (parties: {", ".join(self.seats)})')
        holder = self.seats[party]
        if holder is not None and holder != student.token:
            self._refuse(by, "take " + what, f"{party}'s seat is held by {self.students[holder].name}")
        if student.seat is not None and student.seat != party:
            self._unseat(student.seat)
        with self._cond:
            self.seats[party], student.seat = student.token, party
            party_agent = next(p for p in self.model.parties if p.name == party)
            if party_agent.seat is None:
                self.model.seat(party, Seat(self._ask_for(party)))
        self._changed()

    def _unseat(self, party: str) -> None:
        with self._cond:
            token = self.seats.get(party)
            if token is not None:
                self.students[token].seat = None
            self.seats[party] = None
            self._cond.notify_all()
        self._changed()

    def _ask_for(self, party: str):
        def ask(view: View) -> Move | None:
            with self._cond:
                if self.seats.get(party) is None or self.ended:  # nobody in the seat now: the agent moves
                    return None
                self.turns[party] = view
                self.deadline[party] = time.time() + self.timer
                self.version += 1
                self._cond.notify_all()
                while party not in self._replies and not self.ended and self.seats.get(party) is not None:
                    left = self.deadline[party] - time.time()
                    if left <= 0:
                        break
                    self._cond.wait(left)
                self.turns.pop(party, None)
                self.deadline.pop(party, None)
                self.version += 1
                return self._replies.pop(party, None)  # None: the time ran out, the agent moves

        return ask

    def _loop(self) -> None:
        """The talks: a round whenever the teacher has them running, until they end."""
        while not self.ended:
            with self._cond:
                while not (self.running and self.model.running) and not self.ended:
                    self._cond.wait(0.5)
            if self.ended:
                return
            self.model.step()
            self.states.append(self.model.snapshot())
            self._changed()
            if not self.model.running:
                self._finish()
                return
            time.sleep(self.delay)

    def _finish(self) -> Path:
        if self.folder is None:
            from negosim.engine.result import RunResult
            from negosim.folders import whole_folder
            from negosim.output import write_files

            with self._cond:
                self.ended = True
                self._cond.notify_all()
            if threading.current_thread() is not self._thread:
                self._thread.join(timeout=120)  # the round under way ends (waiting seats give way to the agents)
            out = Path(self.out or Path("results") / Path(self.scenario.path or "scenario").stem / "class")
            with whole_folder(out) as tmp:
                write_files(RunResult.from_model(self.model, seed=self.seed, overrides={}), tmp, figures=True)
            self.folder = out
            self._changed()
        return self.folder

    def close(self) -> None:
        with self._cond:
            self.ended = True
            self._cond.notify_all()


def _said(e) -> Event:
    """Another actor's statement as the class sees it: the words the teacher gave it, not what it changed."""
    from dataclasses import replace

    return replace(e, change="" if e.said else f"{e.actor} makes a statement")
