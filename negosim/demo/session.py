"""One browser session's negotiation (the demo's state, with no web code): a model built from the
scenario and the controls' values, stepped a round at a time, with shocks by hand, a person in a
seat, and a save as a normal run folder. It reads the model only through ``snapshot()`` and its
events; the page draws what it holds.

A person's turn runs the round on a worker thread that waits at the seat (``awaiting``) until the
page sends a move (``answer``); rounds with no person in a seat run at once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from negosim.demo.controls import Control, controls, overrides
from negosim.engine.compiled import compile_scenario
from negosim.engine.model import NegotiationModel
from negosim.engine.seats import Move, Seat, View
from negosim.engine.state import RoundState
from negosim.scenario.models import Scenario, Shock
from negosim.scenario.overrides import apply_overrides


class Reset(Exception):
    """Ends a round a person's seat is waiting in (the talks are reset)."""


@dataclass(frozen=True)
class Turn:
    """A seat waiting for its person: the actor's view, and why the last move was refused (if it was)."""

    view: View
    refused: str | None = None


class DemoSession:
    """The talks of one browser session."""

    def __init__(self, scenario: Scenario, seed: int = 0, out: Path | None = None):
        self.scenario, self.seed = scenario, seed
        self.controls: list[Control] = controls(scenario)
        self.values: dict[str, Any] = {c.path: c.value for c in self.controls}
        self.out = out or Path("results") / Path(scenario.path or "scenario").stem / "demo"
        self.seated: str | None = None
        self._lock = threading.Lock()
        self.reset()

    # --- the talks ---------------------------------------------------------------------------
    def reset(self, values: dict[str, Any] | None = None, seed: int | None = None) -> None:
        """New talks from the scenario with the controls' ``values`` (an invalid value raises OverrideError
        and keeps the talks as they were)."""
        values = {**self.values, **(values or {})}
        self.applied = overrides(self.controls, values)
        sc = apply_overrides(self.scenario, self.applied)  # raises before anything changes
        self._stop_turn()
        self.values, self.seed = values, self.seed if seed is None else seed
        self.model = NegotiationModel(compile_scenario(sc), seed=self.seed)
        self.states: list[RoundState] = []
        self.turn: Turn | None = None
        self._reply: Move | None = None
        self._error: Exception | None = None
        self._thread: threading.Thread | None = None
        self._answered = threading.Event()
        self._waiting = threading.Event()
        if self.seated is not None:
            self.model.seat(self.seated, Seat(self._ask))

    @property
    def running(self) -> bool:
        return bool(self.model.running)

    @property
    def round(self) -> int:
        return self.model.round

    @property
    def state(self) -> RoundState:
        return self.states[-1] if self.states else self.model.snapshot()

    @property
    def events(self) -> list:
        return self.model.events

    def step(self) -> None:
        """Play one round (with a person seated: until its turn, where ``turn`` holds what it sees)."""
        if not self.running or self.turn is not None:
            return
        if self.seated is None:
            self._round()
            return
        self._thread = threading.Thread(target=self._round, daemon=True)
        self._waiting.clear()
        self._thread.start()
        self._wait()

    def run(self, rounds: int | None = None) -> None:
        """Play ``rounds`` rounds (all that are left by default), stopping at a person's turn."""
        for _ in range(rounds or self.model.rounds):
            if not self.running or self.turn is not None:
                return
            self.step()

    def _round(self) -> None:
        try:
            self.model.step()
            self.states.append(self.model.snapshot())
        except Reset:
            pass
        except Exception as exc:  # on the round's thread: raised again where the page waits
            self._error = exc
        finally:
            self._waiting.set()

    def _wait(self) -> None:
        """Until the round ends or the seat waits for its person."""
        self._waiting.wait()
        if self._thread is not None and not self._thread.is_alive():
            self._thread.join()
            self._thread = None
        if (err := self._error) is not None:
            self._error = None
            raise err

    # --- a person in a seat ------------------------------------------------------------------
    def sit(self, actor: str | None) -> None:
        """A person takes ``actor``'s seat (None: the agents play every seat); the talks start again."""
        if actor is not None and actor not in self.scenario.parties:
            raise ValueError(f'"{actor}" is not a party (parties: {", ".join(self.scenario.parties)})')
        self._stop_turn()
        self.seated = actor
        self.reset()

    def answer(self, move: Move) -> str | None:
        """The person's move at its turn: why it is refused (the seat keeps waiting), or None (the round goes on)."""
        if self.turn is None:
            return "it is not your turn"
        if (why := self.turn.view.check(move)) is not None:
            self.turn = Turn(self.turn.view, why)
            return why
        self._reply = move
        self.turn = None
        self._waiting.clear()
        self._answered.set()
        self._wait()
        return None

    def _ask(self, view: View) -> Move:
        """The seat's ``ask``, on the round's thread: wait for the page's answer."""
        self.turn = Turn(view)
        self._answered.clear()
        self._waiting.set()
        self._answered.wait()
        if self._reply is None:
            raise Reset
        move, self._reply = self._reply, None
        return move

    def _stop_turn(self) -> None:
        """End a round that waits at the seat (its thread raises Reset)."""
        thread = getattr(self, "_thread", None)
        if thread is not None and thread.is_alive():
            self._reply = None
            self._answered.set()
            thread.join(timeout=5)

    # --- shocks and the run folder -----------------------------------------------------------
    def shock(self, **fields: Any) -> Shock:
        """A shock by hand (as a scenario's ``shocks:`` entry, without its round): it applies at the start
        of the next round. Raises pydantic's ValidationError or ValueError with the reason."""
        shock = Shock(round=self.model.round + 1, **{k: v for k, v in fields.items() if v is not None})
        check_shock(self.model, shock)
        self.model.inject(shock)
        return shock

    def result(self):
        """The talks so far as a RunResult (what ``negosim run`` writes)."""
        from negosim.engine.result import RunResult

        return RunResult.from_model(self.model, seed=self.seed, overrides=self.applied)

    def save(self, out: Path | None = None) -> Path:
        """Write the talks so far as a run folder with its report.html; returns the folder."""
        from negosim.folders import whole_folder
        from negosim.output import write_files

        out = Path(out or self.out)
        with self._lock, whole_folder(out) as tmp:
            write_files(self.result(), tmp, figures=True)
        return out


def check_shock(model: NegotiationModel, shock: Shock) -> None:
    """ValueError with the reason where ``shock`` names nothing real in ``model``'s scenario (the checks of a
    scenario's ``shocks:``)."""
    from negosim.scenario.checks import format_problems, shock_problems

    kinds = model.protocol.shock_kinds
    if kinds is not None and shock.kind not in kinds:
        raise ValueError(f"the {model.protocol.name} protocol takes only {', '.join(kinds)} shocks")
    if shock.kind in ("battle", "war") and model.war is None:
        raise ValueError(f"a {shock.kind} shock needs a war: this scenario has none")
    if shock.kind == "war" and model.war.on == (shock.action == "start"):
        raise ValueError("the war is running already" if model.war.on else "no war is running to stop")
    if shock.kind == "protocol" and (
        problems := list(format_problems(model.spec.raw, ("shock",), shock.protocol, model.protocol.name))
    ):
        raise ValueError(problems[0][1])
    if shock.actor is not None:
        actors = model.spec.raw.get("actors", {})
        if shock.actor not in actors:
            raise ValueError(f'unknown actor "{shock.actor}"')
        problems = list(shock_problems(model.spec.issues, ("shock",), shock.kind, shock.actor,
                                              actors[shock.actor], shock.model_dump(), actors))  # fmt: skip
        if problems:
            raise ValueError(problems[0][1])
