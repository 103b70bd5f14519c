"""Checks of each actor: its role, positions, red lines, preconditions, pressure and host's venue."""

from __future__ import annotations

from negosim.protocols import PROTOCOLS
from negosim.scenario import bounds
from negosim.scenario.checks.common import (
    Found,
    Loc,
    as_list,
    as_map,
    check_evidence,
    check_requirement,
    coord,
    is_num,
    issue_model,
    issues_named,
    protocol_at,
    ref,
    rounds_of,
    value_problem,
)
from negosim.scenario.checks.threats import check_threat
from negosim.scenario.models import Issue
from negosim.words import count


def check_actors(raw: dict, issues: dict[str, Issue | None] | None) -> Found:
    actors = as_map(raw.get("actors"))
    for aid, actor in actors.items():
        if not isinstance(actor, dict):
            continue
        at: Loc = ("actors", aid)
        yield from check_evidence(raw, at, actor)
        yield from check_evidence(raw, (*at, "strategy"), actor.get("strategy"))
        yield from _check_party(at, actor)
        yield from _check_issue_claims(raw, issues, at, actor)
        yield from _check_pressure(raw, at, aid, actor, actors)
        yield from _check_hosting(raw, issues, at, actor)
        yield from _check_ratification(raw, at, aid, actor, actors)
        yield from _check_mediation(raw, issues, at, actor)


def _check_party(at: Loc, actor: dict) -> Found:
    """A party has positions it cares about; only parties hold preconditions."""
    positions = as_map(actor.get("positions"))
    if actor.get("role", "party") == "party":
        saliences = [p.get("salience") for p in positions.values() if isinstance(p, dict)]
        if not positions and actor.get("positions") in (None, {}):
            yield at, "a party needs at least one position"
        elif saliences and all(is_num(s) and s == 0 for s in saliences):
            yield (*at, "positions"), "saliences are all zero: the party would care about nothing"
    elif as_list(actor.get("preconditions")):
        yield (
            (*at, "preconditions"),
            f"only parties hold preconditions (this actor's role is {actor.get('role')}); a third party acts "
            "through pressure",
        )


def _check_pressure(raw: dict, at: Loc, aid: str, actor: dict, actors: dict) -> Found:
    """Pressure names another actor."""
    for n, pr in enumerate(as_list(actor.get("pressure"))):
        loc = (*at, "pressure", n)
        yield from check_evidence(raw, loc, pr)
        target = as_map(pr).get("target")
        if (msg := ref("actor", target, actors)) is not None:
            yield (*loc, "target"), msg
        elif target == aid:
            yield (*loc, "target"), "an actor cannot pressure itself"
        yield from check_threat(raw, loc, pr)


def _check_ratification(raw: dict, at: Loc, aid: str, actor: dict, actors: dict) -> Found:
    """A party answers to principals: actors with role principal, not itself, none twice, a quota within
    1..len(by) (docs/explanation/model.md, section 15)."""
    block = actor.get("ratified_by")
    if block is None:
        return
    loc = (*at, "ratified_by")
    if actor.get("role", "party") != "party":
        yield loc, f"only a party answers to a principal (this actor's role is {actor.get('role')})"
        return
    block = {"by": [block]} if isinstance(block, str) else as_map(block)
    yield from check_evidence(raw, loc, block)
    by = [block["by"]] if isinstance(block.get("by"), str) else as_list(block.get("by"))
    where = (lambda n: loc) if isinstance(actor.get("ratified_by"), str) else (lambda n: (*loc, "by", n))
    for n, who in enumerate(by):
        if who == aid:
            yield where(n), "a party cannot ratify its own agreements: name the principal it answers to"
        elif (msg := ref("actor", who, actors)) is not None:
            yield where(n), msg
        elif (role := as_map(actors[who]).get("role", "party")) != "principal":
            yield where(n), f"{who} is a {role}, not a principal: give it role: principal (a principal never bargains)"
        elif who in by[:n]:
            yield where(n), f"{who} is named twice"
    quota = block.get("quota")
    if is_num(quota) and by and not 1 <= quota <= len(by):
        named = count(len(by), "principal")
        yield (*loc, "quota"), f"a quota of {quota:g} with {named} named: it must lie in 1..{len(by)}"


def _check_hosting(raw: dict, issues: dict[str, Issue | None] | None, at: Loc, actor: dict) -> Found:
    """Only a host hosts, and its venue favours an issue with a low and a high end."""
    hosting = as_map(actor.get("hosting"))
    yield from check_evidence(raw, (*at, "hosting"), hosting)
    if hosting and actor.get("role", "party") != "host":
        yield (*at, "hosting"), f"only a host has hosting (this actor's role is {actor.get('role', 'party')})"
    hosted = hosting.get("issue")
    if issues is not None and (msg := ref("issue", hosted, issues)) is not None:
        yield (*at, "hosting", "issue"), msg
    elif (issue := issue_model(issues or {}, hosted)) is not None and issue.kind == "discrete" and not issue.ordered:
        yield (*at, "hosting", "issue"), "a venue favours an issue with a low and a high end: continuous, or ordered"


def _check_mediation(raw: dict, issues: dict[str, Issue | None] | None, at: Loc, actor: dict) -> Found:
    """Only a mediator leans or tables proposals; a lean needs positions to lean toward; each proposal falls
    inside the talks, under `mediated`, once a round, on the scenario's issues with valid values."""
    role, proposals = actor.get("role", "party"), as_list(actor.get("proposals"))
    for field in ("lean", "proposals"):
        if actor.get(field) not in (None, 0, []) and role != "mediator":
            yield (*at, field), f"only a mediator has {field} (this actor's role is {role})"
            return
    if is_num(actor.get("lean")) and actor["lean"] > 0 and not as_map(actor.get("positions")):
        yield (*at, "lean"), "a lean moves the text toward the mediator's own positions: give it positions"
    rounds, seen = rounds_of(raw), set()
    refused = {r if isinstance(r, str) else as_map(r).get("issue") for a in as_map(raw.get("actors")).values()
               for r in as_list(as_map(a).get("refuses_to_discuss"))}  # fmt: skip
    for n, prop in enumerate(proposals):
        loc, prop = (*at, "proposals", n), as_map(prop)
        yield from check_evidence(raw, loc, prop)
        r = prop.get("round")
        if is_num(r) and is_num(rounds) and r > rounds:
            yield (*loc, "round"), f"round {r:g} comes after the last round ({rounds:g}): it would never be tabled"
        elif is_num(r) and r in seen:
            yield (*loc, "round"), f"a second proposal in round {r:g}: a mediator tables one package a round"
        elif is_num(r) and not getattr(PROTOCOLS.get(now := protocol_at(raw, r)), "has_text", False):
            texts = " or ".join(n for n, cls in PROTOCOLS.items() if cls.has_text)
            yield (*loc, "round"), (f"the talks are under {now} in round {r:g}: a mediator tables its own "
                                    f"package only in place of its text, under {texts}")  # fmt: skip
        seen.add(r)
        for iid, v in as_map(prop.get("package")).items() if issues is not None else ():
            msg = ref("issue", iid, issues) or (value_problem(issues[iid], v) if issues[iid] is not None else None)
            if msg is not None:
                yield (*loc, "package", iid), msg
            elif iid in refused:
                yield (*loc, "package", iid), f'a party refuses to discuss "{iid}": it stays at its status quo'


def _check_issue_claims(raw: dict, issues: dict[str, Issue | None] | None, at: Loc, actor: dict) -> Found:
    """An actor's positions, red lines and preconditions against the issues (skipped without them)."""
    if issues is None:
        return
    party = actor.get("role", "party") == "party"
    for iid, pos in as_map(actor.get("positions")).items():
        yield from _check_position(raw, issues, (*at, "positions", iid), iid, as_map(pos), party)
    red_lines = as_list(actor.get("red_lines"))
    for n, rl in enumerate(red_lines):
        yield from _check_red_line(raw, issues, (*at, "red_lines", n), as_map(rl))
        yield from _check_unless(issues, (*at, "red_lines", n), as_map(rl))
        yield from _unless_leaves_something(issues, (*at, "red_lines", n), as_map(rl), red_lines)
    yield from _check_joint_red_lines(issues, at, red_lines)
    seen: set[str] = set()
    required = [as_map(as_map(pc).get("require")).get("issue") for pc in as_list(actor.get("preconditions"))]
    required = {iid for iid in required if isinstance(iid, str)}
    for n, pc in enumerate(as_list(actor.get("preconditions"))):
        yield from _check_precondition(raw, issues, (*at, "preconditions", n), as_map(pc))
        refused = as_map(pc).get("no_interim")
        named = issues if refused == "all" else [i for i in issues_named(refused) if isinstance(i, str)]
        for iid in sorted(required & set(named)):
            yield (
                (*at, "preconditions", n, "no_interim"),
                f'the actor requires "{iid}" settled first and refuses to settle it first: it contradicts itself',
            )
        pid = as_map(pc).get("id")
        if isinstance(pid, str):
            if pid in seen:
                yield (*at, "preconditions", n, "id"), f'duplicate precondition id "{pid}"'
            seen.add(pid)
        yield from _requirement_against_own_lines(issues, (*at, "preconditions", n), as_map(pc), red_lines)
    yield from _waits_on_itself(issues, at, as_list(actor.get("preconditions")))


def _requirement_against_own_lines(issues: dict[str, Issue | None], loc: Loc, pc: dict, red_lines: list) -> Found:
    """A requirement the actor's own red lines on that issue rule out can never be met."""
    req = as_map(pc.get("require"))
    issue = issue_model(issues, req.get("issue"))
    if issue is None:
        return
    own = [rl for rl in red_lines
           if isinstance(rl, dict) and rl.get("issue") == req.get("issue") and "unless" not in rl]  # fmt: skip
    asked = {"min": req.get("at_least"), "max": req.get("at_most"), "equals": req.get("equals")}
    asked = {k: v for k, v in asked.items() if v is not None}
    if own and asked and acceptable(issue, own) and not acceptable(issue, [*own, asked]):
        yield (
            (*loc, "require"),
            f'the actor\'s own red lines on "{req["issue"]}" rule out what it requires: it can never be met',
        )


def _waits_on_itself(issues: dict[str, Issue | None], at: Loc, pcs: list) -> Found:
    """Two requirements of one actor each waiting for the other's issue can never be met."""
    reqs = []
    for n, pc in enumerate(pcs):
        req, before = as_map(as_map(pc).get("require")), as_map(pc).get("before", "all")
        if isinstance(req.get("issue"), str):
            named = [i for i in issues_named(before) if isinstance(i, str)]
            waits = set(issues) - {req["issue"]} if before == "all" else set(named)
            reqs.append((n, as_map(pc).get("id"), req["issue"], waits))
    for i, (_n, pid, k, waits) in enumerate(reqs):
        for m, qid, j, other in reqs[i + 1 :]:
            if j in waits and k in other:
                yield (
                    (*at, "preconditions", m),
                    f'preconditions "{pid}" and "{qid}" each wait for the other\'s issue: neither can ever be met',
                )


def _check_position(raw: dict, issues: dict[str, Issue | None], loc: Loc, iid: str, pos: dict, party: bool) -> Found:
    """A position's issue and values; only a party must state where it stands (others may only care)."""
    yield from check_evidence(raw, loc, pos)
    if (msg := ref("issue", iid, issues)) is not None:
        yield loc, msg
        return
    if issues[iid] is not None:
        yield from where_it_stands(issues[iid], loc, pos, party)


def where_it_stands(issue: Issue, loc: Loc, pos: dict, required: bool) -> Found:
    """A position's ``ideal`` (a continuous issue) or ``values`` (a discrete one), as a position or a position
    shock gives them; ``required``: one must be there."""
    if issue.kind == "continuous":
        if pos.get("values") is not None:
            yield (*loc, "values"), "a continuous issue takes ideal, not values"
        ideal = pos.get("ideal")
        if ideal is None and required:
            yield loc, "missing ideal (the actor's preferred point on this issue)"
        elif is_num(ideal) and (msg := value_problem(issue, ideal)) is not None:
            yield (*loc, "ideal"), msg
        return
    if pos.get("ideal") is not None:
        yield (*loc, "ideal"), "a discrete issue takes values {option: value}, not ideal"
    values = pos.get("values")
    if not values and required:
        yield loc, "missing values (option -> value in [0, 1])"
    for opt, v in as_map(values).items():
        if issue.code(opt) is None:
            yield (*loc, "values", opt), value_problem(issue, str(opt))
        elif is_num(v) and not 0 <= v <= 1:
            yield (*loc, "values", opt), f"value {v:g} must be in [0, 1]"


def _check_red_line(raw: dict, issues: dict[str, Issue | None], loc: Loc, rl: dict) -> Found:
    yield from check_evidence(raw, loc, rl)
    if (msg := ref("issue", rl.get("issue"), issues)) is not None:
        yield (*loc, "issue"), msg
        return
    issue = issue_model(issues, rl.get("issue"))
    if issue is not None:
        yield from red_line_bounds(issue, loc, rl)


def red_line_bounds(issue: Issue, loc: Loc, rl: dict) -> Found:
    """A red line's bounds (a scenario's, or a red_line shock's) are values of its issue that leave some value."""
    for field in ("min", "max", "equals"):
        value = rl.get(field)
        if value is not None and (msg := value_problem(issue, value, bound=field != "equals")):
            yield (*loc, field), msg
    if issue.kind == "continuous" and rl.get("not_in"):
        yield (*loc, "not_in"), "not_in needs a discrete issue; on a continuous one use min and max"
    for n, value in enumerate(as_list(rl.get("not_in")) if issue.kind == "discrete" else []):
        if (msg := value_problem(issue, value)) is not None:
            yield (*loc, "not_in", n), msg
    lo, hi = coord(issue, rl.get("min")), coord(issue, rl.get("max"))
    if lo is not None and hi is not None and lo > hi:
        yield loc, f"min {rl['min']} is above max {rl['max']}: no value is acceptable"


def _check_unless(issues: dict[str, Issue | None], loc: Loc, rl: dict) -> Found:
    """A conditional red line: its condition is on another issue."""
    if "unless" not in rl:
        return
    unless = as_map(rl.get("unless"))
    yield from check_requirement(issues, (*loc, "unless"), unless)
    if unless.get("issue") is not None and unless.get("issue") == rl.get("issue"):
        yield (
            (*loc, "unless", "issue"),
            (f'the condition is on "{rl["issue"]}", the issue of the line itself; write the line\'s bounds instead'),
        )


def _unless_leaves_something(issues: dict[str, Issue | None], loc: Loc, rl: dict, red_lines: list) -> Found:
    """A conditional line that the holder's other lines exclude both ways (inside the line, and meeting the
    condition) leaves the holder no package at all."""
    unless = as_map(rl.get("unless"))
    line_issue, when_issue = issue_model(issues, rl.get("issue")), issue_model(issues, unless.get("issue"))
    if "unless" not in rl or line_issue is None or when_issue is None or unless.get("issue") == rl.get("issue"):
        return

    def others(iid: str) -> list[dict]:
        return [x for x in map(as_map, red_lines) if x.get("issue") == iid and "unless" not in x]

    plain = {k: rl.get(k) for k in ("min", "max", "equals", "not_in") if rl.get(k) is not None}
    lifts = {"min": unless.get("at_least"), "max": unless.get("at_most"), "equals": unless.get("equals")}
    lifts = {k: v for k, v in lifts.items() if v is not None}
    if not acceptable(line_issue, [*others(rl["issue"]), plain]) and not acceptable(
        when_issue, [*others(unless["issue"]), lifts]
    ):
        yield loc, (f'the actor\'s other red lines exclude both "{rl["issue"]}" inside this line and '
                    f'"{unless["issue"]}" meeting its condition: it would accept no package')  # fmt: skip


def _check_joint_red_lines(issues: dict[str, Issue | None], at: Loc, red_lines: list) -> Found:
    """Red lines of one actor on one issue that together exclude every value."""
    by_issue: dict[str, list[dict]] = {}
    for rl in red_lines:  # a conditional line may exclude what the others leave: its condition lifts it
        if isinstance(rl, dict) and "unless" not in rl and isinstance(issue_model(issues, rl.get("issue")), Issue):
            by_issue.setdefault(rl["issue"], []).append(rl)
    for iid, lines in by_issue.items():
        if (len(lines) > 1 or any(rl.get("not_in") for rl in lines)) and not acceptable(issues[iid], lines):
            yield (*at, "red_lines"), f'the red lines on "{iid}" together exclude every value'


def acceptable(issue: Issue, lines: list[dict]) -> bool:
    """Whether some value of ``issue`` satisfies all ``lines`` (their valid bounds; the others are reported apart)."""

    def valid(rl: dict) -> dict:
        ok = {f: rl.get(f) for f in ("min", "max", "equals") if coord(issue, rl.get(f)) is not None}
        return ok | {
            "not_in": [v for v in as_list(rl.get("not_in")) if issue.kind == "discrete" and issue.code(v) is not None]
        }

    n = max(len(issue.options), 1)
    return bounds.some_value(issue, bounds.intersect([bounds.of_red_line(issue, valid(rl)) for rl in lines], n))


def _check_precondition(raw: dict, issues: dict[str, Issue | None], loc: Loc, pc: dict) -> Found:
    yield from check_evidence(raw, loc, pc)
    for n, iid in enumerate(issues_named(pc.get("no_interim"))):
        if (msg := ref("issue", iid, issues)) is not None:
            yield (*loc, "no_interim", n), msg
    if pc.get("in_principle") is True and "require" not in pc:
        yield (*loc, "in_principle"), "in_principle needs require: the issue agreed in principle before the rest"
    if "require" not in pc:
        return
    required = as_map(pc.get("require")).get("issue")
    yield from check_requirement(issues, (*loc, "require"), as_map(pc.get("require")))
    before = pc.get("before", "all")
    for n, iid in enumerate(issues_named(before)):
        if (msg := ref("issue", iid, issues)) is not None:
            yield (*loc, "before", n), msg
        elif iid == required:
            yield (*loc, "before", n), f'"{iid}" is the issue the precondition requires; it cannot also wait for it'
