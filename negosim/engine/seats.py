"""A person in a party's seat: at that party's turn the model asks the seat for a move instead of
asking the party's tactic (the terminal's ``negosim play``, the demo's person at the table and its
class all sit here).

The person sees what the actor would see (``View``: its own positions, red lines as they stand,
value of no deal; the others' last offers, the package on the table, the mediator's text; the
events so far) and answers with a ``Move``: accept the package on the table, or propose a package
(which it then accepts, as it accepts anything worth as much to it).
``View.check`` says why a move cannot be made (a value outside the issue, a package across the
actor's own red lines, an acceptance worth less than no deal) so every face refuses it with the
same words; the engine checks again and raises ``SeatError`` if a face let one through.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from negosim.engine.describe import precondition_text
from negosim.errors import NegosimError
from negosim.events import Event, Package, value_text
from negosim.numeric import EPS

if TYPE_CHECKING:
    from negosim.engine.agents import PartyAgent
    from negosim.engine.model import NegotiationModel


class SeatError(NegosimError):
    """A move a seat cannot make (its face should have refused it with ``View.check``)."""


@dataclass(frozen=True)
class Move:
    """Accept the package on the table, or propose ``package`` (issue -> value: a number, or an option's name)."""

    accept: bool = False
    package: Package | None = None


@dataclass(frozen=True)
class IssueBrief:
    """One issue as the seated actor sees it: the issue, its own position and its red lines as they stand."""

    id: str
    name: str
    options: tuple[str, ...]  # () for a continuous issue
    low: float
    high: float
    salience: float  # its weight, normalised over its issues
    ideal: float | str | None  # its ideal point, or its best option
    values: dict[str, float]  # discrete: option -> its value
    allowed: tuple[float, float] | tuple[str, ...]  # continuous: [lo, hi] inside its red lines; discrete: options
    red_line: str | None  # its red line on the issue as it stands, in words
    settled: float | str | None  # settled in an interim agreement


@dataclass(frozen=True)
class View:
    """What ``actor`` sees at its turn in round ``round``."""

    round: int
    rounds: int
    unit: str
    actor: str
    name: str
    protocol: str
    issues: tuple[IssueBrief, ...]
    no_deal: float  # its value of no deal now
    preconditions: tuple[str, ...]  # its own, in words, with their state: "ceasefire-first (ceasefire >= 1.00): active"
    offers: dict[str, Package]  # the other parties' last offers
    standing: Package | None  # the package on the table
    proposer: str | None  # who put it there
    standing_utility: float | None  # its utility to this actor
    text: Package | None  # the mediator's text
    events: tuple[Event, ...]  # every event so far
    utility: Callable[[Package], float] = field(repr=False)
    check: Callable[[Move], str | None] = field(repr=False)


class Seat:
    """A person's seat: ``ask(view) -> Move`` is called at the party's turn, every round (None: the party's
    tactic moves this once, as when a class's timer runs out)."""

    def __init__(self, ask: Callable[[View], Move | None]):
        self.ask = ask
        self.moves: list[tuple[int, Move]] = []  # (round, move), for the transcript


def view(m: NegotiationModel, party: PartyAgent) -> View:
    """What ``party``'s actor sees now."""
    s, a = m.space, party.actor
    choice = m.choice
    briefs = []
    for k, iid in enumerate(s.issues):
        issue = m.spec.issues[iid]
        opts = s.options[k]
        pos = m.spec.actors[party.name].positions.get(iid)
        settled = m.interim.values[k]
        if opts:
            allowed = tuple(o for n, o in enumerate(opts) if choice.allowed[a, k, n])
            values = {o: float(s.table[a, k, n]) for n, o in enumerate(opts)}
            ideal = max(values, key=values.get) if pos is not None else None
            line = None if len(allowed) == len(opts) else f"only {', '.join(allowed)}"
        else:
            low, high = s.low[k], s.low[k] + s.width[k]
            lo, hi = max(choice.lo[a, k], low), min(choice.hi[a, k], high)
            allowed, values = (float(lo), float(hi)), {}
            ideal = float(s.ideal[a, k]) if pos is not None else None
            line = None if s.lo[a, k] <= low and s.hi[a, k] >= high else s.bound_text(k, s.lo[a, k], s.hi[a, k])
        briefs.append(IssueBrief(iid, issue.name, opts, float(s.low[k]), float(s.low[k] + s.width[k]),
                                 float(s.weight[a, k]), ideal, values, allowed, line,
                                 None if settled != settled else _value(s, k, settled)))  # fmt: skip
    others = {m.parties[p].name: s.as_dict(m.offers[p]) for p in range(len(m.parties))
              if p != party.index and m.has_offer[p]}  # fmt: skip
    t = m.protocol.table
    standing = None if t.standing is None else s.as_dict(t.standing)
    return View(
        round=m.round + 1,
        rounds=m.rounds,
        unit=m.spec.round_unit,
        actor=party.name,
        name=m.spec.actors[party.name].name,
        protocol=m.protocol.words,
        issues=tuple(briefs),
        no_deal=float(m.batna[a]),
        preconditions=tuple(
            f"{precondition_text(pc, s).split(' ', 1)[1]}: {pc.state}" for pc in m.pcs if pc.holder == a
        ),
        offers=others,
        standing=standing,
        proposer=None if t.standing is None or t.proposer < 0 else m.parties[t.proposer].name,
        standing_utility=None if t.standing is None else float(t.u[a]),
        text=None if t.text is None else s.as_dict(t.text),
        events=tuple(m.events),
        utility=lambda x: float(m.space.utility(package_array(m, x))[a]),
        check=lambda move: check(m, party, move),
    )


def _value(s, k: int, v: float) -> float | str:
    return s.options[k][int(v)] if s.options[k] else float(v)


def package_array(m: NegotiationModel, x: Package) -> np.ndarray:
    """A package as the engine's array (option codes on discrete issues); ValueError names what is wrong."""
    s = m.space
    missing = [iid for iid in s.issues if iid not in x]
    if missing:
        raise ValueError(f"the package names no value for {', '.join(missing)}")
    unknown = [iid for iid in x if iid not in s.issues]
    if unknown:
        raise ValueError(f"no issue {', '.join(map(repr, unknown))} in this negotiation")
    out = np.empty(s.n_issues)
    for k, iid in enumerate(s.issues):
        v, opts = x[iid], s.options[k]
        if opts:
            if str(v) not in opts:
                raise ValueError(f'{iid}: "{v}" is not an option ({", ".join(opts)})')
            out[k] = opts.index(str(v))
        else:
            low, high = s.low[k], s.low[k] + s.width[k]
            if isinstance(v, bool) or not isinstance(v, int | float) or not low - EPS <= float(v) <= high + EPS:
                raise ValueError(f"{iid}: {v!r} is not a number in [{low:g}, {high:g}]")
            out[k] = float(v)
    return out


def check(m: NegotiationModel, party: PartyAgent, move: Move) -> str | None:
    """Why ``party`` cannot make ``move`` now, or None."""
    a, t = party.actor, m.protocol.table
    if move.accept:
        if t.standing is None or t.proposer == party.index:
            return "there is no offer of another party on the table to accept"
        if m.holding[party.index]:
            pc = next(pc for pc in m.pcs if pc.active and pc.requires and pc.holder == a)
            return f"your precondition {pc.id} is not met yet: you cannot accept a package before it is"
        if not t.ok[a]:
            return "the package on the table crosses your red lines"
        worth = float(t.u[a] + m.carrot[a] + t.bonus)
        if worth < float(m.batna[a]) - EPS:
            return f"the package on the table is worth {worth:.2f} to you, less than no deal ({m.batna[a]:.2f})"
        return None
    if move.package is None:
        return "propose a package, or accept the one on the table"
    try:
        x = package_array(m, move.package)
    except ValueError as err:
        return str(err)
    s = m.choice
    for k, iid in enumerate(s.issues):
        if s.discrete[k] and not s.allowed[a, k, int(x[k])]:
            return f"{iid} {value_text(_value(s, k, x[k]))} {_held(m, k) or 'crosses your red line'}"
        if not s.discrete[k] and not s.lo[a, k] - EPS <= x[k] <= s.hi[a, k] + EPS:
            if (held := _held(m, k)) is not None:
                return f"{iid} {held}"
            return f"{iid} {x[k]:.2f} crosses your red line {s.bound_text(k, s.lo[a, k], s.hi[a, k])}"
    crossed = next((c for c in s.conditional if c.actor == a and not s.holds(c, x)), None)
    return None if crossed is None else f"it crosses your red line {s.conditional_text(crossed)}"


def _held(m: NegotiationModel, k: int) -> str | None:
    """Why issue ``k`` is held at a value for every party, in words: settled, agreed in principle, off the agenda."""
    s = m.choice
    for values, words in ((m.interim.values, "was settled at"), (m.interim.principle, "was agreed in principle at"),
                          (m.agenda.pins(np.full(s.n_issues, np.nan)), "is off the agenda: it stays at")):  # fmt: skip
        if values[k] == values[k]:
            return f"{words} {value_text(_value(s, k, values[k]))}"
    return None


def take(m: NegotiationModel, party: PartyAgent) -> None:
    """Ask ``party``'s seat for its move and set what the party demands, accepts and offers; a seat that
    answers None (its person's time ran out) lets the party's tactic move this turn."""
    move = party.seat.ask(view(m, party))
    if move is None:
        party.proposal = None
        party.aspiration, party.accept_at = party.strategy.update(party.observe())
        return
    if (why := check(m, party, move)) is not None:
        raise SeatError(f"{party.name} cannot make that move: {why}")
    party.seat.moves.append((m.round + 1, move))
    if move.accept:
        party.aspiration, party.accept_at, party.proposal = party.aspiration, -np.inf, None
    else:
        x = package_array(m, move.package)
        party.proposal = x
        # it stands by its package: it accepts that, or anything worth as much to it (a package on the
        # table that is worth more than its own proposal is taken rather than answered)
        party.aspiration = party.accept_at = float(m.space.utility(x)[party.actor])
