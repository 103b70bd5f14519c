"""Checks of the scheduled shocks: what each kind needs, who and what it names."""

from __future__ import annotations

from typing import Any

from negosim.scenario.checks.actors import red_line_bounds, where_it_stands
from negosim.scenario.checks.common import (
    Found,
    Loc,
    as_list,
    as_map,
    check_evidence,
    did_you_mean,
    is_num,
    issue_model,
    protocol_name,
    ref,
    rounds_of,
)
from negosim.scenario.models import Issue


def check_shocks(raw: dict, issues: dict[str, Issue | None] | None) -> Found:
    """Each shock falls inside the talks and names what it changes: an actor, its red line or precondition,
    an issue it has a position on, a war for a battle, a mediator for an arrival or a departure."""
    actors, rounds = as_map(raw.get("actors")), rounds_of(raw)
    before = _formats_before(raw)
    for n, shock in enumerate(as_list(raw.get("shocks"))):
        if not isinstance(shock, dict):
            continue
        loc: Loc = ("shocks", n)
        yield from check_evidence(raw, loc, shock)
        at, kind = shock.get("round"), shock.get("kind")
        if is_num(at) and is_num(rounds) and at > rounds:
            yield (*loc, "round"), f"round {at:g} comes after the last round ({rounds:g}): the shock would never happen"
        if kind in ("battle", "war") and not isinstance(raw.get("conflict"), dict):
            yield (*loc, "kind"), f"a {kind} shock needs a war: the scenario has no conflict section"
        if kind == "protocol":
            yield from format_problems(raw, loc, shock.get("protocol"), before.get(n))
        aid = shock.get("actor")
        if kind in ("protocol", "war") or (kind == "breakdown" and aid is None):  # war: checks/endings.py
            continue
        if (msg := ref("actor", aid, actors)) is not None:
            yield (*loc, "actor"), msg
            continue
        actor = as_map(actors.get(aid))
        yield from shock_problems(issues, loc, kind, aid, actor, shock, actors)


def format_problems(raw: dict, loc: Loc, name: Any, now: str | None = None) -> Found:
    """A protocol shock names a registered protocol other than ``now`` (the one the talks are under at its round;
    the scenario's by default) that can run this scenario, from a protocol with tactics to another (the
    expected-utility model's stakeholders bargain under no other)."""
    from negosim.protocols import PROTOCOLS
    from negosim.strategies import DEFAULT_TACTIC

    if not isinstance(name, str):
        return
    if name not in PROTOCOLS:
        hint = did_you_mean(name, list(PROTOCOLS)) or f" (use {', '.join(PROTOCOLS)})"
        yield (*loc, "protocol"), f'unknown protocol "{name}"{hint}'
        return
    now = now or protocol_name(raw)
    if name == now:
        yield (*loc, "protocol"), f"the talks are under {name} already at this round: the format does not change"
        return
    if PROTOCOLS[name].tactics == () or (now in PROTOCOLS and PROTOCOLS[now].tactics == ()):
        yield (*loc, "protocol"), "the expected-utility model neither starts nor ends by a change of format"
        return
    parties = {k: a for k, a in as_map(raw.get("actors")).items() if as_map(a).get("role", "party") == "party"}
    tactics = {k: as_map(as_map(a).get("strategy")).get("tactic", DEFAULT_TACTIC) for k, a in parties.items()}
    for _, message in PROTOCOLS[name].check({**raw, "protocol": name}, parties, tactics):
        yield (*loc, "protocol"), f"from this round: {message}"


def _formats_before(raw: dict) -> dict[int, str]:
    """The protocol the talks are under when each protocol shock comes (by its index): the scenario's, or the
    one an earlier protocol shock changed to."""
    shocks = [(s.get("round"), n, s) for n, s in enumerate(as_list(raw.get("shocks"))) if isinstance(s, dict)]
    now, out = protocol_name(raw), {}
    for _, n, shock in sorted((r if is_num(r) else 0, n, s) for r, n, s in shocks):
        if shock.get("kind") == "protocol":
            out[n] = now
            now = shock.get("protocol") if isinstance(shock.get("protocol"), str) else now
    return out


def shock_problems(issues: dict[str, Issue | None] | None, loc: Loc, kind: Any, aid: Any, actor: dict,
                   shock: dict, actors: dict) -> Found:  # fmt: skip
    """What a shock of ``kind`` by actor ``aid`` names that the scenario does not hold."""
    iid = shock.get("issue")
    if (
        kind in ("firmness", "salience", "position", "red_line")
        and issues is not None
        and (msg := ref("issue", iid, issues))
    ):
        yield (*loc, "issue"), msg
    elif kind in ("firmness", "salience", "position"):
        yield from _on_its_issue(issues, loc, kind, aid, actor, shock)
    elif kind == "red_line" and (issue := issue_model(issues or {}, iid)) is not None:
        yield from red_line_bounds(issue, loc, shock)
    if kind == "red_line" and actor.get("role", "party") not in ("party", "principal"):
        yield (*loc, "actor"), f"{aid} is a {actor.get('role')}: only a party or a principal holds red lines that bind"
    if kind == "firmness" and (pid := shock.get("precondition")) is not None:
        ids = [as_map(pc).get("id") for pc in as_list(actor.get("preconditions"))]
        if pid not in ids:
            hint = did_you_mean(str(pid), [str(i) for i in ids if i is not None])
            yield (*loc, "precondition"), f'{aid} holds no precondition "{pid}"{hint}'
    if kind == "pressure":
        target = shock.get("target")
        if (msg := ref("actor", target, actors)) is not None:
            yield (*loc, "target"), msg
        elif target == aid:
            yield (*loc, "target"), "an actor cannot pressure itself"
    if kind == "breakdown" and actor.get("role", "party") != "party":
        yield (*loc, "actor"), f"{aid} is a {actor.get('role')}, not a party: a mediator leaves with kind: mediator"
    if kind == "mediator" and actor.get("role", "party") != "mediator":
        role = actor.get("role", "party")
        yield (*loc, "actor"), f"{aid} is a {role}, not a mediator: only mediators arrive and leave"


def _on_its_issue(issues: dict[str, Issue | None] | None, loc: Loc, kind: str, aid: Any, actor: dict,
                  shock: dict) -> Found:  # fmt: skip
    """A firmness shock's red line, a salience or position shock's position, on the issue it names."""
    iid = shock.get("issue")
    if kind == "firmness" and iid is not None:
        if not any(as_map(rl).get("issue") == iid for rl in as_list(actor.get("red_lines"))):
            yield (*loc, "issue"), f'{aid} has no red line on "{iid}" whose firmness could change'
    elif kind == "salience" and iid not in as_map(actor.get("positions")):
        yield (*loc, "issue"), f'{aid} has no position on "{iid}": give it one (salience 0) to let a shock raise it'
    elif kind == "position" and iid not in as_map(actor.get("positions")):
        yield (*loc, "issue"), f'{aid} has no position on "{iid}" to move: give it one where it stands first'
    elif kind == "position" and issues is not None and issues.get(iid) is not None:
        yield from where_it_stands(issues[iid], loc, shock, required=False)
