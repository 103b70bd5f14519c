"""``negosim play``: a person takes one party's seat at a terminal; the agents play every other seat.

At each of its turns the person reads its actor's brief (its own positions, red lines as they
stand and value of no deal; the others' last offers, the package on the table, the mediator's
text; what happened since its last move) and accepts or proposes a package, one issue at a time,
with the package's utility to it shown before it is put on the table. Every answer is checked
with ``View.check`` (engine/seats.py), so a move the actor cannot make is refused with its reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from negosim.engine.seats import IssueBrief, Move, Seat, View
from negosim.events import Package, package_text, value_text

HELP = """\
  a  accept the package on the table
  p  propose a package: you are asked for each issue in turn (Enter keeps the value shown)
  b  your brief again: your positions, red lines and value of no deal
  h  this help
  q  stop here: the talks so far are saved as a run folder"""


class Quit(Exception):
    """The person stops the talks."""


class Terminal:
    """A seat answered at a terminal: ``read(prompt)`` returns a line (EOFError ends the talks), ``write``
    prints one."""

    def __init__(self, read: Callable[[str], str], write: Callable[[str], None]):
        self.read, self.write = read, write
        self.seen = 0  # events already shown
        self.last: Package | None = None  # the person's last proposal

    def seat(self) -> Seat:
        return Seat(self.ask)

    def ask(self, view: View) -> Move:
        """One turn: show what is new, then take commands until a move passes the checks."""
        w = self.write
        if self.seen == 0:
            w(brief(view))
        w("")
        w(f"-- {view.unit} {view.round} of {view.rounds} --")
        for e in view.events[self.seen :]:
            w(f"  {view.unit} {e.round}: {e.text}")
        self.seen = len(view.events)
        w(table(view))
        while True:
            cmd = self._line("[a]ccept, [p]ropose, [b]rief, [h]elp, [q]uit > ").lower()
            if cmd in ("q", "quit"):
                raise Quit
            if cmd in ("h", "help", "?"):
                w(HELP)
            elif cmd in ("b", "brief"):
                w(brief(view))
            elif cmd in ("a", "accept"):
                move = Move(accept=True)
                if (why := view.check(move)) is None:
                    return move
                w(f"  refused: {why}")
            elif cmd in ("p", "propose"):
                move = self._propose(view)
                if move is not None:
                    self.last = move.package
                    return move
            else:
                w(f'  "{cmd}" is not a command: a, p, b, h or q')

    def _line(self, prompt: str) -> str:
        try:
            return self.read(prompt).strip()
        except EOFError:
            raise Quit from None

    def _propose(self, view: View) -> Move | None:
        """Ask for each issue's value; show the package's utility; put it on the table if confirmed."""
        package: Package = {}
        for issue in view.issues:
            default = _default(issue, self.last)
            while True:
                answer = self._line(f"  {issue.id} {_range(issue)} [{value_text(default)}]: ") or value_text(default)
                value = _parse(issue, answer)
                trial = {**{i.id: _default(i, self.last) for i in view.issues}, **package, issue.id: value}
                why = view.check(Move(package=trial))
                if why is None or why.split(":")[0].split(" ")[0] != issue.id:  # this issue's value is wrong: ask again
                    package[issue.id] = value
                    break
                self.write(f"  refused: {why}")
        why = view.check(Move(package=package))
        if why is not None:
            self.write(f"  refused: {why}")
            return None
        ok = self._line(f"  {package_text(package)}: worth {view.utility(package):.2f} to you. Propose it? [Y/n] ")
        return Move(package=package) if ok.lower() in ("", "y", "yes") else None


def _parse(issue: IssueBrief, answer: str) -> float | str:
    if issue.options:
        return answer
    try:
        return float(answer)
    except ValueError:
        return answer  # View.check names it: not a number in the range


def _range(issue: IssueBrief) -> str:
    if issue.options:
        return "(" + " / ".join(issue.allowed) + ")"
    lo, hi = issue.allowed
    return f"({lo:.2f} to {hi:.2f})"


def _default(issue: IssueBrief, last: Package | None) -> float | str:
    """What Enter keeps: the person's last value if it is still allowed, else its ideal inside its red lines."""
    if last is not None and issue.id in last:
        v = last[issue.id]
        if (issue.options and v in issue.allowed) or (not issue.options and issue.allowed[0] <= v <= issue.allowed[1]):
            return v
    if issue.settled is not None:
        return issue.settled
    if issue.options:
        ranked = sorted(issue.allowed, key=lambda o: -issue.values.get(o, 0.0))
        return ranked[0]
    lo, hi = issue.allowed
    ideal = issue.ideal if issue.ideal is not None else (lo + hi) / 2
    return min(max(ideal, lo), hi)


def brief(view: View) -> str:
    """The actor's private brief: its positions, red lines as they stand, value of no deal."""
    lines = [f"You are {view.name} ({view.actor}): {view.protocol}, at most {view.rounds} {view.unit}s.",
             f"No deal is worth {view.no_deal:.2f} to you now; you accept nothing worth less."]  # fmt: skip
    for i in view.issues:
        if i.options:
            want = ", ".join(f"{o} {v:.2f}" for o, v in i.values.items())
            pos = f"values {want}"
        else:
            pos = "no position" if i.ideal is None else f"ideal {i.ideal:.2f}"
        extra = f"; red line {i.red_line}" if i.red_line else ""
        settled = f"; settled at {value_text(i.settled)}" if i.settled is not None else ""
        lines.append(f"  {i.id} ({i.name}): {pos}, weight {i.salience:.2f}{extra}{settled}")
    lines += [f"  your precondition {pc}" for pc in view.preconditions]
    return "\n".join(lines)


def table(view: View) -> str:
    """The others' offers, the package on the table and the mediator's text, with their worth to the actor."""
    lines = []
    for who, x in view.offers.items():
        lines.append(f"  {who}'s last offer: {package_text(x)} (worth {view.utility(x):.2f} to you)")
    if view.text is not None:
        lines.append(f"  the mediator's text: {package_text(view.text)} (worth {view.utility(view.text):.2f} to you)")
    if view.standing is not None and view.proposer is not None:
        lines.append(f"  on the table: {view.proposer}'s offer, worth {view.standing_utility:.2f} to you")
    lines.append(f"  no deal is worth {view.no_deal:.2f} to you")
    return "\n".join(lines)


def play(scenario, actor: str, seat: Seat, seed: int = 0, overrides: dict[str, Any] | None = None):
    """Run ``scenario`` with a person in ``actor``'s seat until the talks end or the person stops
    (``Quit``): the RunResult of what was played (outcome "running" if stopped)."""
    from negosim.engine.compiled import compile_scenario
    from negosim.engine.model import NegotiationModel
    from negosim.engine.result import RunResult
    from negosim.engine.simulate import release
    from negosim.scenario.overrides import apply_overrides

    overrides = dict(overrides or {})
    sc = apply_overrides(scenario, overrides) if overrides else scenario
    model = NegotiationModel(compile_scenario(sc), seed=seed)
    model.seat(actor, seat)
    try:
        while model.running:
            model.step()
    except Quit:  # mid-round: what the round had begun is not kept
        del model.events[model.round_start :]
    result = RunResult.from_model(model, seed=seed, overrides=overrides)
    release(model)
    return result
