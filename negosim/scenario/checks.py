"""Consistency checks across a structurally valid scenario: ids, ranges, options, red lines."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from negosim.scenario.models import Issue, Scalar, Scenario

Loc = tuple[str | int, ...]
ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def did_you_mean(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f' (did you mean "{close[0]}"?)' if close else ""


def check(sc: Scenario) -> list[tuple[Loc, str]]:
    """All consistency problems of ``sc`` as (location, message) pairs."""
    return list(_check_ids(sc)) + list(_check_actors(sc)) + list(_check_parties(sc))


def _check_ids(sc: Scenario) -> Iterator[tuple[Loc, str]]:
    for section in ("issues", "actors", "sources"):
        for key in getattr(sc, section):
            if not ID.match(str(key)):
                yield (section, key), f'id "{key}" must start with a letter and hold only letters, digits, _ and -'


def _check_parties(sc: Scenario) -> Iterator[tuple[Loc, str]]:
    if len(sc.parties) < 2:
        yield ("actors",), f"a negotiation needs at least two actors with role: party (found {len(sc.parties)})"


def _ref(kind: str, name: str, known: dict) -> str | None:
    if name in known:
        return None
    return f'unknown {kind} "{name}"{did_you_mean(name, list(known))}'


def _check_value(issue: Issue, value: Scalar, *, bound: bool = False) -> str | None:
    """Problem with ``value`` as a point on ``issue`` (``bound``: used as min/max), or None."""
    if issue.kind == "continuous":
        if isinstance(value, str):
            return f'expected a number in [{issue.range[0]:g}, {issue.range[1]:g}], got "{value}"'
        if not issue.range[0] <= value <= issue.range[1]:
            return f"{value:g} is outside the issue's range [{issue.range[0]:g}, {issue.range[1]:g}]"
        return None
    if bound and not issue.ordered:
        return "min/max need an ordered discrete issue (ordered: true); use equals or not_in"
    if str(value) not in issue.options:
        hint = did_you_mean(str(value), list(issue.options))
        return f'"{value}" is not an option of this issue {list(issue.options)}{hint}'
    return None


def _check_evidence(sc: Scenario, loc: Loc, item) -> Iterator[tuple[Loc, str]]:
    for n, ev in enumerate(item.evidence):
        if (msg := _ref("source", ev.source, sc.sources)) is not None:
            yield (*loc, "evidence", n, "source"), msg


def _check_actors(sc: Scenario) -> Iterator[tuple[Loc, str]]:
    for aid, actor in sc.actors.items():
        at: Loc = ("actors", aid)
        yield from _check_evidence(sc, at, actor)
        yield from _check_evidence(sc, (*at, "strategy"), actor.strategy)
        if actor.role == "party":
            if not actor.positions:
                yield at, "a party needs at least one position"
            elif sum(p.salience for p in actor.positions.values()) <= 0:
                yield (*at, "positions"), "saliences are all zero"
        for iid, pos in actor.positions.items():
            ploc = (*at, "positions", iid)
            yield from _check_evidence(sc, ploc, pos)
            if (msg := _ref("issue", iid, sc.issues)) is not None:
                yield ploc, msg
                continue
            issue = sc.issues[iid]
            if issue.kind == "continuous":
                if pos.values is not None:
                    yield (*ploc, "values"), "a continuous issue takes ideal, not values"
                if pos.ideal is None:
                    yield ploc, "missing ideal (the actor's preferred point on this issue)"
                elif (msg := _check_value(issue, pos.ideal)) is not None:
                    yield (*ploc, "ideal"), msg
            else:
                if pos.ideal is not None:
                    yield (*ploc, "ideal"), "a discrete issue takes values {option: value}, not ideal"
                if not pos.values:
                    yield ploc, "missing values (option -> value in [0, 1])"
                for opt, v in (pos.values or {}).items():
                    if opt not in issue.options:
                        yield (*ploc, "values", opt), _check_value(issue, opt)
                    elif not 0 <= v <= 1:
                        yield (*ploc, "values", opt), f"value {v:g} must be in [0, 1]"
        for n, rl in enumerate(actor.red_lines):
            yield from _check_red_line(sc, (*at, "red_lines", n), rl)
        for n, pc in enumerate(actor.preconditions):
            yield from _check_precondition(sc, (*at, "preconditions", n), pc)
        for n, pr in enumerate(actor.pressure):
            loc = (*at, "pressure", n)
            yield from _check_evidence(sc, loc, pr)
            if (msg := _ref("actor", pr.target, sc.actors)) is not None:
                yield (*loc, "target"), msg
            elif pr.target == aid:
                yield (*loc, "target"), "an actor cannot pressure itself"


def _check_red_line(sc: Scenario, loc: Loc, rl) -> Iterator[tuple[Loc, str]]:
    yield from _check_evidence(sc, loc, rl)
    if (msg := _ref("issue", rl.issue, sc.issues)) is not None:
        yield (*loc, "issue"), msg
        return
    issue = sc.issues[rl.issue]
    for field in ("min", "max", "equals"):
        value = getattr(rl, field)
        if value is not None and (msg := _check_value(issue, value, bound=field != "equals")):
            yield (*loc, field), msg
    for n, value in enumerate(rl.not_in):
        if (msg := _check_value(issue, value)) is not None:
            yield (*loc, "not_in", n), msg
    lo, hi = _coord(issue, rl.min), _coord(issue, rl.max)
    if lo is not None and hi is not None and lo > hi:
        yield loc, f"min {rl.min} is above max {rl.max}: no value is acceptable"


def _coord(issue: Issue, value: Scalar | None) -> float | None:
    """Position of a valid ``value`` on the issue's line (option index for discrete), else None."""
    if value is None or _check_value(issue, value) is not None:
        return None
    return float(value) if issue.kind == "continuous" else float(issue.options.index(str(value)))


def _check_precondition(sc: Scenario, loc: Loc, pc) -> Iterator[tuple[Loc, str]]:
    yield from _check_evidence(sc, loc, pc)
    req = pc.require
    if (msg := _ref("issue", req.issue, sc.issues)) is not None:
        yield (*loc, "require", "issue"), msg
    else:
        issue = sc.issues[req.issue]
        for field in ("at_least", "at_most", "equals"):
            value = getattr(req, field)
            if value is not None and (msg := _check_value(issue, value, bound=field != "equals")):
                yield (*loc, "require", field), msg
    if pc.before != "all":
        for n, iid in enumerate(pc.before):
            if (msg := _ref("issue", iid, sc.issues)) is not None:
                yield (*loc, "before", n), msg
            elif iid == req.issue:
                yield (*loc, "before", n), f'"{iid}" is the issue the precondition requires; it cannot also wait for it'
