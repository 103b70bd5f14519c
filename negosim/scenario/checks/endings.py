"""Checks of how the talks may end: the deadline block, and the war's start and stop (``conflict.starts``, shocks
of kind ``war``) counted in the order they come, as the protocol shocks count the format."""

from __future__ import annotations

from negosim.scenario.checks.common import Found, as_list, as_map, check_evidence, is_num, rounds_of
from negosim.scenario.checks.threats import threatens_war


def check_endings(raw: dict) -> Found:
    """The deadline is written once and its consequence can follow; each war shock starts a war that is not
    running, or stops one that is; the war begins inside the talks."""
    conflict, rounds = raw.get("conflict"), rounds_of(raw)
    starts = as_map(conflict).get("starts")
    then = as_map(raw.get("deadline")).get("then")
    if is_num(starts) and is_num(rounds) and starts > rounds and then != "war" and not threatens_war(raw):
        yield (
            ("conflict", "starts"),
            (
                f"round {starts:g} comes after the last round ({rounds:g}): the war never begins (a war that begins "
                "when the deadline passes: deadline: {then: war}; or a threat's: then: war)"
            ),
        )
    states, running = war_states(raw)
    for n, (field, problem) in states.items():
        yield ("shocks", n, field), problem
    yield from _deadline(raw, running)


def _deadline(raw: dict, running_at_end: bool) -> Found:
    block = raw.get("deadline")
    if not isinstance(block, dict):
        return
    yield from check_evidence(raw, ("deadline",), block)
    if block.get("rounds") is not None and raw.get("rounds") is not None:
        yield (
            ("deadline", "rounds"),
            (f"the deadline is written twice (rounds: {raw['rounds']} at the top, and here): write it once"),
        )
    if block.get("then") != "war":
        return
    if not isinstance(raw.get("conflict"), dict):
        yield ("deadline", "then"), "then: war needs a war: the scenario has no conflict section"
    elif running_at_end:
        yield (
            ("deadline", "then"),
            (
                "the war is running at the deadline already: then: war would change nothing (let it begin later with "
                "conflict.starts, or stop it with a war shock)"
            ),
        )


def war_states(raw: dict) -> tuple[dict[int, tuple[str, str]], bool]:
    """Each misplaced war shock's problem (by its index: the field, the message), and whether the war runs at
    the end of the talks. The war begins at ``conflict.starts`` (round 1 if not given), before the shocks of
    that round; a shock starts a war that is not running, or stops one that is, no earlier than ``starts``."""
    conflict = raw.get("conflict")
    if not isinstance(conflict, dict):
        return {}, False
    starts = conflict.get("starts") if is_num(conflict.get("starts")) else 1
    shocks = [
        (s.get("round") if is_num(s.get("round")) else 0, n, s.get("action"))
        for n, s in enumerate(as_list(raw.get("shocks")))
        if isinstance(s, dict) and s.get("kind") == "war"
    ]
    running = begun = False
    out: dict[int, tuple[str, str]] = {}
    for at, n, action in sorted(shocks):
        if at < starts:
            out[n] = "round", f"the war begins only at round {starts:g} (conflict.starts): no war shock before it"
            continue
        running, begun = running or not begun, True  # it began at `starts`, before this shock
        if action == "start" and running:
            out[n] = "action", "the war is running already at this round: start begins a war not yet begun or stopped"
        elif action == "stop" and not running:
            out[n] = "action", "no war is running at this round to stop (not yet begun, or stopped already)"
        elif action in ("start", "stop"):
            running = action == "start"
    rounds = rounds_of(raw)
    return out, running if begun else not (is_num(rounds) and starts > rounds)  # it runs from `starts` on
