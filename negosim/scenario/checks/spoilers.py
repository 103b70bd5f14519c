"""Checks of the spoilers: an observer's or a host's attacks on the talks (docs/explanation/model.md, section 7)."""

from __future__ import annotations

from negosim.protocols import PROTOCOLS
from negosim.scenario.checks.common import (
    Found,
    Loc,
    as_list,
    as_map,
    check_evidence,
    is_num,
    protocol_name,
    ref,
    rounds_of,
)
from negosim.scenario.checks.shocks import format_problems, shock_problems
from negosim.scenario.models import Issue

#: The roles that may spoil: actors outside the talks who never bargain.
SPOILER_ROLES = ("observer", "host")


def check_spoilers(raw: dict, issues: dict[str, Issue | None] | None) -> Found:
    """Each spoiler stands outside the talks (an observer or a host), strikes inside them, knows what it
    dislikes where it waits for a deal in sight (positions), and does what the scenario can hold."""
    actors = as_map(raw.get("actors"))
    for aid, actor in actors.items():
        spoils = as_list(as_map(actor).get("spoils"))
        if not spoils:
            continue
        at: Loc = ("actors", aid, "spoils")
        role = actor.get("role", "party")
        if role not in SPOILER_ROLES:
            yield at, _not_a_spoiler(role)
            continue
        for n, spoil in enumerate(spoils):
            if isinstance(spoil, dict):
                yield from _check_spoil(raw, issues, (*at, n), aid, actor, spoil)


def _not_a_spoiler(role: str) -> str:
    if role == "party":
        return ("a party does not spoil: a spoiler never bargains (a party ends the talks by walking out, or a "
                "breakdown shock); give the attacker its own actor with role: observer")  # fmt: skip
    return f"only an observer or a host spoils (this actor's role is {role}): a spoiler stands outside the talks"


def _check_spoil(raw: dict, issues: dict[str, Issue | None] | None, loc: Loc, aid: str, actor: dict,
                 spoil: dict) -> Found:  # fmt: skip
    yield from check_evidence(raw, loc, spoil)
    if getattr(PROTOCOLS.get(protocol_name(raw)), "tactics", None) == ():  # eum: no bargaining
        yield loc, "the expected-utility model has no package on the table for a spoiler to attack"
        return
    when, rounds = spoil.get("when"), rounds_of(raw)
    at = as_map(when).get("round")
    if is_num(at) and is_num(rounds) and at > rounds:
        yield (*loc, "when", "round"), f"round {at:g} comes after the last round ({rounds:g}): it would never strike"
    if when == "near_deal" and not as_map(actor.get("positions")):
        yield (
            (*loc, "when"),
            "near_deal: the spoiler attacks a deal it likes less than no deal, so it needs positions (what it wants)",
        )
    if when != "near_deal" and "reach" in spoil:
        yield (*loc, "reach"), "reach goes with when: near_deal (how close a deal in sight must be)"
    yield from _check_does(raw, issues, (*loc, "does"), spoil.get("does"))


def _check_does(raw: dict, issues: dict[str, Issue | None] | None, loc: Loc, does: object) -> Found:
    """What a strike does names a war the scenario has, and a shock block's actors, issues and protocol."""
    kind = as_map(does).get("kind") if isinstance(does, dict) else does
    if kind in ("war", "battle") and not isinstance(raw.get("conflict"), dict):
        yield loc, f"does: {kind} needs a war: the scenario has no conflict section"
        return
    if not isinstance(does, dict):
        return
    if kind == "protocol":
        yield from format_problems(raw, loc, does.get("protocol"))
    actors, who = as_map(raw.get("actors")), does.get("actor")
    if kind in ("protocol", "war", "battle") or (kind == "breakdown" and who is None):
        return
    if (msg := ref("actor", who, actors)) is not None:
        yield (*loc, "actor"), msg
        return
    yield from shock_problems(issues, loc, kind, who, as_map(actors.get(who)), does, actors)
