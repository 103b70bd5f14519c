"""Consistency checks across a scenario: ids, references, ranges, options, red lines.

The checks read the parsed data itself, not the validated models, so they run even where
parts of the file are malformed: a file's structural and consistency problems are reported
together. Values of the wrong type are skipped here (the structural validation names them).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from negosim.protocols import DEFAULT_PROTOCOL, PLANNED, PROTOCOLS
from negosim.scenario import bounds
from negosim.scenario.models import Issue
from negosim.strategies import DEFAULT_TACTIC, STRATEGIES

Loc = tuple[str | int, ...]
Found = Iterator[tuple[Loc, str]]
ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def did_you_mean(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(str(name), [str(k) for k in known], n=1)
    return f' (did you mean "{close[0]}"?)' if close else ""


def check(raw: dict, issues: dict[str, Issue | None] | None = None) -> list[tuple[Loc, str]]:
    """All consistency problems of the parsed scenario ``raw`` as (location, message) pairs.

    ``issues``: ``issue_models(raw)``, when the caller has it already.
    """
    from negosim.scenario.numbers import check_plausible  # it builds on this module's helpers

    issues = issue_models(raw) if issues is None else issues
    return [*_check_top(raw), *_check_labels(raw, issues), *_check_actors(raw, issues), *_check_conflict(raw, issues),
            *_check_shocks(raw, issues), *check_plausible(raw, issues)]  # fmt: skip


def _check_labels(raw: dict, issues: dict[str, Issue | None] | None) -> Found:
    """A continuous issue's labels name points inside its range."""
    for iid, issue in (issues or {}).items():
        if issue is None or issue.kind != "continuous":
            continue
        low, high = issue.range
        for at in _map(_map(_map(raw.get("issues")).get(iid)).get("labels")):
            if isinstance(at, int | float) and not low <= at <= high:
                yield (
                    ("issues", iid, "labels", at),
                    f"label at {at:g} lies outside the issue's range [{low:g}, {high:g}]",
                )


def _check_conflict(raw: dict, issues: dict[str, Issue | None] | None) -> Found:
    """The war's sides name parties, its issues exist and are continuous, its fronts lie in range."""
    war = raw.get("conflict")
    if not isinstance(war, dict):
        return
    actors = _map(raw.get("actors"))
    yield from _check_sides(war, actors)
    for aid in _map(war.get("cost_per_round")):
        if (msg := _ref("actor", aid, actors)) is not None:
            yield ("conflict", "cost_per_round", aid), msg
    if issues is not None:
        yield from _check_fronts(war, issues)


def _check_sides(war: dict, actors: dict) -> Found:
    """Each side's members are parties, none on both sides."""
    seen: set[str] = set()
    for side, members in _map(war.get("sides")).items():
        for n, aid in enumerate(_list(members)):
            if (msg := _ref("actor", aid, actors)) is not None:
                yield ("conflict", "sides", side, n), msg
            elif isinstance(aid, str) and _map(actors[aid]).get("role", "party") != "party":
                yield ("conflict", "sides", side, n), f'"{aid}" is not a party: only parties fight'
            elif isinstance(aid, str) and aid in seen:
                yield ("conflict", "sides", side, n), f'"{aid}" cannot fight on both sides'
            if isinstance(aid, str):
                seen.add(aid)


def _check_fronts(war: dict, issues: dict[str, Issue | None]) -> Found:
    """Contested issues and fronts name continuous issues, each contested issue has a front in range,
    and the ceasefire names an issue."""
    for field in ("contested", "front"):
        for iid, value in _map(war.get(field)).items():
            loc = ("conflict", field, iid)
            if (msg := _ref("issue", iid, issues)) is not None:
                yield loc, msg
            elif (issue := _issue(issues, iid)) is not None and issue.kind != "continuous":
                yield loc, "a front needs a continuous issue"
            elif issue is not None and field == "front" and (msg := _check_value(issue, value)) is not None:
                yield loc, msg
    for iid in _map(war.get("contested")):
        if iid not in _map(war.get("front")) and isinstance(iid, str) and iid in issues:
            yield ("conflict", "contested", iid), f"a contested issue needs its starting front (conflict.front.{iid})"
    cease = _map(war.get("ceasefire"))
    if cease and (msg := _ref("issue", cease.get("issue"), issues)) is not None:
        yield ("conflict", "ceasefire", "issue"), msg


def _map(node: Any) -> dict:
    return node if isinstance(node, dict) else {}


def _list(node: Any) -> list:
    return node if isinstance(node, list) else []


def _is_num(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def issue_models(raw: dict) -> dict[str, Issue | None] | None:
    """Each issue id with its model (None where the issue is malformed); None without an issues mapping."""
    if not isinstance(raw.get("issues"), dict):
        return None  # reported by the structural validation; references to issues are not checked
    out: dict[str, Issue | None] = {}
    for iid, node in _map(raw.get("issues")).items():
        try:
            out[iid] = Issue.model_validate(node)
        except ValidationError:
            out[iid] = None
    return out


def _issue(issues: dict[str, Issue | None], name: Any) -> Issue | None:
    """The issue a reference names (None for a malformed one, or a name that is no text)."""
    return issues.get(name) if isinstance(name, str) else None


def _check_top(raw: dict) -> Found:
    name = _protocol_name(raw)
    if name in PLANNED:
        yield ("protocol",), f'protocol "{name}" is not implemented yet (use {", ".join(PROTOCOLS)})'
    for section in ("issues", "actors", "sources"):
        for key in _map(raw.get(section)):
            if not ID.match(str(key)):
                yield (section, key), f'id "{key}" must start with a letter and hold only letters, digits, _ and -'
    actors = _map(raw.get("actors"))
    parties = {k: a for k, a in actors.items() if isinstance(a, dict) and a.get("role", "party") == "party"}
    if isinstance(raw.get("actors"), dict) and len(parties) < 2:
        yield ("actors",), f"a negotiation needs at least two actors with role: party (found {len(parties)})"
    tactics = {k: _map(a.get("strategy")).get("tactic", DEFAULT_TACTIC) for k, a in parties.items()}
    if name in PROTOCOLS:
        yield from PROTOCOLS[name].check(raw, parties, tactics)
    for k, tactic in tactics.items():
        needs = STRATEGIES[tactic].classifier if isinstance(tactic, str) and tactic in STRATEGIES else {}
        same = needs.get("same_tactic") and set(tactics.values()) != {tactic}
        n = needs.get("parties")
        if n and (len(parties) != n or same):
            both = f", {'both' if n == 2 else 'all'} playing {tactic}" if needs.get("same_tactic") else ""
            yield ("actors", k, "strategy", "tactic"), f"{tactic} needs exactly {_NUMBERS.get(n, n)} parties{both}"


_NUMBERS = {2: "two", 3: "three"}


def _protocol_name(raw: dict) -> str | None:
    """The protocol a scenario names (``protocol: NAME`` or ``protocol: {name: NAME}``; alternating if none)."""
    p = raw.get("protocol", DEFAULT_PROTOCOL)
    p = _map(p).get("name", DEFAULT_PROTOCOL) if isinstance(p, dict) else p
    return p if isinstance(p, str) else None


def _ref(kind: str, name: Any, known: dict) -> str | None:
    """'unknown KIND "name"' with a suggestion, or None."""
    if not isinstance(name, str) or name in known:
        return None
    return f'unknown {kind} "{name}"{did_you_mean(name, list(known))}'


def _check_value(issue: Issue, value: Any, *, bound: bool = False) -> str | None:
    """Problem with ``value`` as a point on ``issue`` (``bound``: used as min/max), or None."""
    if issue.kind == "continuous":
        if isinstance(value, str):
            return f'expected a number in [{issue.range[0]:g}, {issue.range[1]:g}], got "{value}"'
        if _is_num(value) and not issue.range[0] <= value <= issue.range[1]:
            return f"{value:g} is outside the issue's range [{issue.range[0]:g}, {issue.range[1]:g}]"
        return None
    if bound and not issue.ordered:
        return "min/max need an ordered discrete issue (ordered: true); use equals or not_in"
    if issue.code(value) is None:
        hint = did_you_mean(str(value), list(issue.options))
        return f'"{value}" is not an option of this issue {list(issue.options)}{hint}'
    return None


def _coord(issue: Issue, value: Any) -> float | None:
    """Position of a valid ``value`` on the issue's line (option index if discrete), else None."""
    if value is None or _check_value(issue, value) is not None:
        return None
    if issue.kind == "continuous":
        return float(value) if _is_num(value) else None
    return float(issue.code(value))


def _check_evidence(raw: dict, loc: Loc, node: Any) -> Found:
    sources = _map(raw.get("sources"))
    for n, ev in enumerate(_list(_map(node).get("evidence"))):
        if (msg := _ref("source", _map(ev).get("source"), sources)) is not None:
            yield (*loc, "evidence", n, "source"), msg


def _check_actors(raw: dict, issues: dict[str, Issue | None] | None) -> Found:
    actors = _map(raw.get("actors"))
    for aid, actor in actors.items():
        if not isinstance(actor, dict):
            continue
        at: Loc = ("actors", aid)
        yield from _check_evidence(raw, at, actor)
        yield from _check_evidence(raw, (*at, "strategy"), actor.get("strategy"))
        yield from _check_party(at, actor)
        yield from _check_issue_claims(raw, issues, at, actor)
        yield from _check_pressure(raw, at, aid, actor, actors)
        yield from _check_hosting(raw, issues, at, actor)


def _check_shocks(raw: dict, issues: dict[str, Issue | None] | None) -> Found:
    """Each shock falls inside the talks and names what it changes: an actor, its red line or precondition,
    an issue it has a position on, a war for a battle, a mediator for an arrival or a departure."""
    actors, rounds = _map(raw.get("actors")), raw.get("rounds", 50)
    for n, shock in enumerate(_list(raw.get("shocks"))):
        if not isinstance(shock, dict):
            continue
        loc: Loc = ("shocks", n)
        yield from _check_evidence(raw, loc, shock)
        at, kind = shock.get("round"), shock.get("kind")
        if _is_num(at) and _is_num(rounds) and at > rounds:
            yield (*loc, "round"), f"round {at:g} comes after the last round ({rounds:g}): the shock would never happen"
        if kind == "battle" and not isinstance(raw.get("conflict"), dict):
            yield (*loc, "kind"), "a battle needs a war: the scenario has no conflict section"
        aid = shock.get("actor")
        if (msg := _ref("actor", aid, actors)) is not None:
            yield (*loc, "actor"), msg
            continue
        actor = _map(actors.get(aid))
        yield from shock_problems(issues, loc, kind, aid, actor, shock, actors)


def shock_problems(issues: dict[str, Issue | None] | None, loc: Loc, kind: Any, aid: Any, actor: dict,
                          shock: dict, actors: dict) -> Found:  # fmt: skip
    iid = shock.get("issue")
    if kind in ("firmness", "salience") and issues is not None and (msg := _ref("issue", iid, issues)) is not None:
        yield (*loc, "issue"), msg
    elif kind == "firmness" and iid is not None:
        if not any(_map(rl).get("issue") == iid for rl in _list(actor.get("red_lines"))):
            yield (*loc, "issue"), f'{aid} has no red line on "{iid}" whose firmness could change'
    elif kind == "salience" and iid not in _map(actor.get("positions")):
        yield (*loc, "issue"), f'{aid} has no position on "{iid}": give it one (salience 0) to let a shock raise it'
    if kind == "firmness" and (pid := shock.get("precondition")) is not None:
        ids = [_map(pc).get("id") for pc in _list(actor.get("preconditions"))]
        if pid not in ids:
            hint = did_you_mean(str(pid), [str(i) for i in ids if i is not None])
            yield (*loc, "precondition"), f'{aid} holds no precondition "{pid}"{hint}'
    if kind == "pressure":
        target = shock.get("target")
        if (msg := _ref("actor", target, actors)) is not None:
            yield (*loc, "target"), msg
        elif target == aid:
            yield (*loc, "target"), "an actor cannot pressure itself"
    if kind == "mediator" and actor.get("role", "party") != "mediator":
        role = actor.get("role", "party")
        yield (*loc, "actor"), f"{aid} is a {role}, not a mediator: only mediators arrive and leave"


def _check_party(at: Loc, actor: dict) -> Found:
    """A party has positions it cares about; only parties hold preconditions."""
    positions = _map(actor.get("positions"))
    if actor.get("role", "party") == "party":
        saliences = [p.get("salience") for p in positions.values() if isinstance(p, dict)]
        if not positions and actor.get("positions") in (None, {}):
            yield at, "a party needs at least one position"
        elif saliences and all(_is_num(s) and s == 0 for s in saliences):
            yield (*at, "positions"), "saliences are all zero: the party would care about nothing"
    elif _list(actor.get("preconditions")):
        yield (
            (*at, "preconditions"),
            f"only parties hold preconditions (this actor's role is {actor.get('role')}); a third party acts "
            "through pressure",
        )


def _check_pressure(raw: dict, at: Loc, aid: str, actor: dict, actors: dict) -> Found:
    """Pressure names another actor."""
    for n, pr in enumerate(_list(actor.get("pressure"))):
        loc = (*at, "pressure", n)
        yield from _check_evidence(raw, loc, pr)
        target = _map(pr).get("target")
        if (msg := _ref("actor", target, actors)) is not None:
            yield (*loc, "target"), msg
        elif target == aid:
            yield (*loc, "target"), "an actor cannot pressure itself"


def _check_hosting(raw: dict, issues: dict[str, Issue | None] | None, at: Loc, actor: dict) -> Found:
    """Only a host hosts, and its venue favours an issue with a low and a high end."""
    hosting = _map(actor.get("hosting"))
    yield from _check_evidence(raw, (*at, "hosting"), hosting)
    if hosting and actor.get("role", "party") != "host":
        yield (*at, "hosting"), f"only a host has hosting (this actor's role is {actor.get('role', 'party')})"
    hosted = hosting.get("issue")
    if issues is not None and (msg := _ref("issue", hosted, issues)) is not None:
        yield (*at, "hosting", "issue"), msg
    elif (issue := _issue(issues or {}, hosted)) is not None and issue.kind == "discrete" and not issue.ordered:
        yield (*at, "hosting", "issue"), "a venue favours an issue with a low and a high end: continuous, or ordered"


def _check_issue_claims(raw: dict, issues: dict[str, Issue | None] | None, at: Loc, actor: dict) -> Found:
    """An actor's positions, red lines and preconditions against the issues (skipped without them)."""
    if issues is None:
        return
    party = actor.get("role", "party") == "party"
    for iid, pos in _map(actor.get("positions")).items():
        yield from _check_position(raw, issues, (*at, "positions", iid), iid, _map(pos), party)
    red_lines = _list(actor.get("red_lines"))
    for n, rl in enumerate(red_lines):
        yield from _check_red_line(raw, issues, (*at, "red_lines", n), _map(rl))
    yield from _check_joint_red_lines(issues, at, red_lines)
    seen: set[str] = set()
    required = [_map(_map(pc).get("require")).get("issue") for pc in _list(actor.get("preconditions"))]
    required = {iid for iid in required if isinstance(iid, str)}
    for n, pc in enumerate(_list(actor.get("preconditions"))):
        yield from _check_precondition(raw, issues, (*at, "preconditions", n), _map(pc))
        refused = _map(pc).get("no_interim")
        named = issues if refused == "all" else [i for i in _issues_named(refused) if isinstance(i, str)]
        for iid in sorted(required & set(named)):
            yield (
                (*at, "preconditions", n, "no_interim"),
                f'the actor requires "{iid}" settled first and refuses to settle it first: it contradicts itself',
            )
        pid = _map(pc).get("id")
        if isinstance(pid, str):
            if pid in seen:
                yield (*at, "preconditions", n, "id"), f'duplicate precondition id "{pid}"'
            seen.add(pid)
        yield from _requirement_against_own_lines(issues, (*at, "preconditions", n), _map(pc), red_lines)
    yield from _waits_on_itself(issues, at, _list(actor.get("preconditions")))


def _requirement_against_own_lines(issues: dict[str, Issue | None], loc: Loc, pc: dict, red_lines: list) -> Found:
    """A requirement the actor's own red lines on that issue rule out can never be met."""
    req = _map(pc.get("require"))
    issue = _issue(issues, req.get("issue"))
    if issue is None:
        return
    own = [rl for rl in red_lines if isinstance(rl, dict) and rl.get("issue") == req.get("issue")]
    asked = {"min": req.get("at_least"), "max": req.get("at_most"), "equals": req.get("equals")}
    asked = {k: v for k, v in asked.items() if v is not None}
    if own and asked and _acceptable(issue, own) and not _acceptable(issue, [*own, asked]):
        yield (
            (*loc, "require"),
            f'the actor\'s own red lines on "{req["issue"]}" rule out what it requires: it can never be met',
        )


def _waits_on_itself(issues: dict[str, Issue | None], at: Loc, pcs: list) -> Found:
    """Two requirements of one actor each waiting for the other's issue can never be met."""
    reqs = []
    for n, pc in enumerate(pcs):
        req, before = _map(_map(pc).get("require")), _map(pc).get("before", "all")
        if isinstance(req.get("issue"), str):
            named = [i for i in _issues_named(before) if isinstance(i, str)]
            waits = set(issues) - {req["issue"]} if before == "all" else set(named)
            reqs.append((n, _map(pc).get("id"), req["issue"], waits))
    for i, (_n, pid, k, waits) in enumerate(reqs):
        for m, qid, j, other in reqs[i + 1 :]:
            if j in waits and k in other:
                yield (
                    (*at, "preconditions", m),
                    f'preconditions "{pid}" and "{qid}" each wait for the other\'s issue: neither can ever be met',
                )


def _check_position(raw: dict, issues: dict[str, Issue | None], loc: Loc, iid: str, pos: dict, party: bool) -> Found:
    """A position's issue and values; only a party must state where it stands (others may only care)."""
    yield from _check_evidence(raw, loc, pos)
    if (msg := _ref("issue", iid, issues)) is not None:
        yield loc, msg
        return
    issue = issues[iid]
    if issue is None:
        return
    if issue.kind == "continuous":
        if pos.get("values") is not None:
            yield (*loc, "values"), "a continuous issue takes ideal, not values"
        ideal = pos.get("ideal")
        if ideal is None and party:
            yield loc, "missing ideal (the actor's preferred point on this issue)"
        elif _is_num(ideal) and (msg := _check_value(issue, ideal)) is not None:
            yield (*loc, "ideal"), msg
        return
    if pos.get("ideal") is not None:
        yield (*loc, "ideal"), "a discrete issue takes values {option: value}, not ideal"
    values = pos.get("values")
    if not values and party:
        yield loc, "missing values (option -> value in [0, 1])"
    for opt, v in _map(values).items():
        if issue.code(opt) is None:
            yield (*loc, "values", opt), _check_value(issue, str(opt))
        elif _is_num(v) and not 0 <= v <= 1:
            yield (*loc, "values", opt), f"value {v:g} must be in [0, 1]"


def _check_red_line(raw: dict, issues: dict[str, Issue | None], loc: Loc, rl: dict) -> Found:
    yield from _check_evidence(raw, loc, rl)
    if (msg := _ref("issue", rl.get("issue"), issues)) is not None:
        yield (*loc, "issue"), msg
        return
    issue = _issue(issues, rl.get("issue"))
    if issue is None:
        return
    for field in ("min", "max", "equals"):
        value = rl.get(field)
        if value is not None and (msg := _check_value(issue, value, bound=field != "equals")):
            yield (*loc, field), msg
    if issue.kind == "continuous" and rl.get("not_in"):
        yield (*loc, "not_in"), "not_in needs a discrete issue; on a continuous one use min and max"
    for n, value in enumerate(_list(rl.get("not_in")) if issue.kind == "discrete" else []):
        if (msg := _check_value(issue, value)) is not None:
            yield (*loc, "not_in", n), msg
    lo, hi = _coord(issue, rl.get("min")), _coord(issue, rl.get("max"))
    if lo is not None and hi is not None and lo > hi:
        yield loc, f"min {rl['min']} is above max {rl['max']}: no value is acceptable"


def _check_joint_red_lines(issues: dict[str, Issue | None], at: Loc, red_lines: list) -> Found:
    """Red lines of one actor on one issue that together exclude every value."""
    by_issue: dict[str, list[dict]] = {}
    for rl in red_lines:
        if isinstance(rl, dict) and isinstance(_issue(issues, rl.get("issue")), Issue):
            by_issue.setdefault(rl["issue"], []).append(rl)
    for iid, lines in by_issue.items():
        if (len(lines) > 1 or any(rl.get("not_in") for rl in lines)) and not _acceptable(issues[iid], lines):
            yield (*at, "red_lines"), f'the red lines on "{iid}" together exclude every value'


def _acceptable(issue: Issue, lines: list[dict]) -> bool:
    """Whether some value of ``issue`` satisfies all ``lines`` (their valid bounds; the others are reported apart)."""

    def valid(rl: dict) -> dict:
        ok = {f: rl.get(f) for f in ("min", "max", "equals") if _coord(issue, rl.get(f)) is not None}
        return ok | {
            "not_in": [v for v in _list(rl.get("not_in")) if issue.kind == "discrete" and issue.code(v) is not None]
        }

    n = max(len(issue.options), 1)
    return bounds.some_value(issue, bounds.intersect([bounds.of_red_line(issue, valid(rl)) for rl in lines], n))


def _issues_named(node: Any) -> list:
    """A list of issue ids as written: a list, or one id on its own (not `all`)."""
    return [node] if isinstance(node, str) and node != "all" else _list(node)


def _check_precondition(raw: dict, issues: dict[str, Issue | None], loc: Loc, pc: dict) -> Found:
    yield from _check_evidence(raw, loc, pc)
    for n, iid in enumerate(_issues_named(pc.get("no_interim"))):
        if (msg := _ref("issue", iid, issues)) is not None:
            yield (*loc, "no_interim", n), msg
    if "require" not in pc:
        return
    req = _map(pc.get("require"))
    required = req.get("issue")
    if (msg := _ref("issue", required, issues)) is not None:
        yield (*loc, "require", "issue"), msg
    elif (issue := _issue(issues, required)) is not None:
        for field in ("at_least", "at_most", "equals"):
            value = req.get(field)
            if value is not None and (msg := _check_value(issue, value, bound=field != "equals")):
                yield (*loc, "require", field), msg
    before = pc.get("before", "all")
    for n, iid in enumerate(_issues_named(before)):
        if (msg := _ref("issue", iid, issues)) is not None:
            yield (*loc, "before", n), msg
        elif iid == required:
            yield (*loc, "before", n), f'"{iid}" is the issue the precondition requires; it cannot also wait for it'


def warn(raw: dict, issues: dict[str, Issue | None] | None = None) -> list[tuple[Loc, str]]:
    """Problems that do not stop a run: red lines leaving no deal, idle saliences, unquoted sources."""
    from negosim.scenario.evidence import quoted_sources

    issues = (issue_models(raw) if issues is None else issues) or {}
    out = list(_no_zone_of_agreement(raw, issues))
    block = raw.get("protocol")
    quota = block.get("quota", 1) if isinstance(block, dict) else 1
    pcs = any(_list(_map(a).get("preconditions")) for a in _map(raw.get("actors")).values())
    if _is_num(quota) and quota < 1 and pcs:
        why = "a precondition's holder blocks interim agreements and whole packages until it is met, as under unanimity"
        out.append((("protocol", "quota"), f"with a quota, preconditions still bind every party: {why}"))
    out += _unpressed_firmness(raw)
    out += _idle_positions(raw)
    out += _whole_only(raw)
    quoted = quoted_sources(raw)
    for sid in _map(raw.get("sources")):
        if sid not in quoted:
            out.append((("sources", sid), f'source "{sid}" is never quoted'))
    tactics = [_map(_map(a).get("strategy")).get("tactic") for a in _map(raw.get("actors")).values()
               if _map(a).get("role", "party") == "party"]  # fmt: skip
    if tactics and all(t == "tit-for-tat" for t in tactics):
        out.append((("actors",), "every party plays tit-for-tat: none moves first, so nobody will concede"))
    from negosim.scenario.numbers import outside_plausible, sourced_blocks

    for loc, block in sourced_blocks(raw):
        if block.get("plausible") and not str(block.get("assumed") or "").strip():
            why = "plausible ranges without assumed: a sweep over the assumptions varies only judged numbers"
            out.append(((*loc, "plausible"), why))
        out += outside_plausible(loc, block)
    return out


def pressed_by(raw: dict, aid: str) -> list[tuple[str, str]]:
    """Who may press actor ``aid`` and how (docs/explanation/model.md, sections 3 and 7): (presser, "")
    for an actor whose pressure targets it, (enemy, "the war") for the other side of a war it fights,
    (presser, "from round n") for a shock's pressure on it."""
    out = []
    for src, actor in _map(raw.get("actors")).items():
        if any(_map(pr).get("target") == aid and (_map(pr).get("stick") or _map(pr).get("carrot"))
               for pr in _list(_map(actor).get("pressure"))):  # fmt: skip
            out.append((str(src), ""))
    sides = _map(_map(raw.get("conflict")).get("sides"))
    for side, other in (("a", "b"), ("b", "a")):
        if aid in _list(sides.get(side)):
            out += [(str(x), "through the war") for x in _list(sides.get(other))]
    for shock in _list(raw.get("shocks")):
        shock = _map(shock)
        if shock.get("kind") == "pressure" and shock.get("target") == aid:
            out.append((str(shock.get("actor")), f"from round {shock.get('round')}"))
    return out


def idle_positions(raw: dict) -> dict[str, list[str]]:
    """The issues on which a mediator's, observer's or host's position cannot move the talks, by actor: it
    only says where its pressure wears a red line (model.md, section 3), so a position counts where the actor
    presses someone who holds a soft red line on that issue (or one a firmness shock may soften)."""
    actors = _map(raw.get("actors"))
    softened = {(_map(x).get("actor"), _map(x).get("issue")) for x in _list(raw.get("shocks"))
                if _map(x).get("kind") == "firmness"}  # fmt: skip
    out = {}
    for aid, actor in actors.items():
        actor = _map(actor)
        if actor.get("role", "party") == "party":
            continue
        targets = {_map(pr).get("target") for pr in _list(actor.get("pressure"))}
        targets |= {_map(x).get("target") for x in _list(raw.get("shocks"))
                    if _map(x).get("kind") == "pressure" and _map(x).get("actor") == aid}  # fmt: skip
        worn = {_map(rl).get("issue") for t in targets for rl in _list(_map(actors.get(t)).get("red_lines"))
                if not (_is_num(_map(rl).get("firmness")) and _map(rl)["firmness"] >= 1)
                or (t, _map(rl).get("issue")) in softened}  # fmt: skip
        idle = [str(iid) for iid in _map(actor.get("positions")) if iid not in worn]
        if idle:
            out[str(aid)] = idle
    return out


def _idle_positions(raw: dict) -> Found:
    aside = {"mediator": "; a mediator's text is the parties' Nash point, not its wish", "host": "; a host acts "
             "through its venue's bonus"}  # fmt: skip
    for aid, issues in idle_positions(raw).items():
        role = _map(_map(raw.get("actors")).get(aid)).get("role")
        yield (
            ("actors", aid, "positions"),
            f"{aid} ({role}): its positions on {', '.join(issues)} move nothing in the talks (no pressure of its "
            f"wears a red line there{aside.get(role, '')}): reported only, and --assumptions leaves them out",
        )


def _whole_only(raw: dict) -> Found:
    """A precondition or a war's ceasefire on an issue written ``separable: false``: settled only with the
    whole package (model.md, section 4)."""
    whole = {iid for iid, issue in _map(raw.get("issues")).items() if _map(issue).get("separable") is False}
    for aid, actor in _map(raw.get("actors")).items():
        for n, pc in enumerate(_list(_map(actor).get("preconditions"))):
            iid = _map(_map(pc).get("require")).get("issue")
            if iid in whole:
                yield (
                    ("actors", aid, "preconditions", n, "require", "issue"),
                    f"{aid}'s precondition {_map(pc).get('id')} requires {iid}, which is marked separable: false: only "
                    f"the whole package can settle it, and {aid} takes none while the precondition stands, so it "
                    "deadlocks unless pressure makes it give way",
                )
    cease = _map(_map(raw.get("conflict")).get("ceasefire"))
    if cease.get("issue") in whole:
        yield (
            ("conflict", "ceasefire", "issue"),
            f"the ceasefire issue {cease['issue']} is marked separable: false: the war goes on until the whole "
            "package is agreed",
        )


def _unpressed_firmness(raw: dict) -> Found:
    """Soft red lines and preconditions whose holder nobody presses: their firmness can never act."""
    for aid, actor in _map(raw.get("actors")).items():
        actor = _map(actor)
        soft = [(field, n, item) for field in ("red_lines", "preconditions")
                for n, item in enumerate(_list(actor.get(field)))
                if _is_num(_map(item).get("firmness")) and _map(item)["firmness"] < 1]  # fmt: skip
        if soft and not pressed_by(raw, aid):
            for field, n, item in soft:
                yield (
                    ("actors", aid, field, n, "firmness"),
                    f"firmness {item['firmness']:g} never acts: nobody presses {aid} (no pressure on it, no war it "
                    "fights, no pressure shock), so this holds as if firm",
                )


def _no_zone_of_agreement(raw: dict, issues: dict[str, Issue | None]) -> Found:
    """Pairs of parties whose red lines on one issue leave no value both accept (no ZOPA)."""
    lines: dict[str, dict[str, list[tuple[int, dict]]]] = {}
    for aid, actor in _map(raw.get("actors")).items():
        if isinstance(actor, dict) and actor.get("role", "party") == "party":
            for n, rl in enumerate(_list(actor.get("red_lines"))):
                if isinstance(rl, dict) and isinstance(_issue(issues, rl.get("issue")), Issue):
                    lines.setdefault(aid, {}).setdefault(rl["issue"], []).append((n, rl))
    parties = list(lines)
    for i, a in enumerate(parties):
        for b in parties[i + 1 :]:
            for iid in [i for i in lines[a] if i in lines[b]]:
                mine, theirs = [rl for _, rl in lines[a][iid]], [rl for _, rl in lines[b][iid]]
                if (
                    _acceptable(issues[iid], mine)
                    and _acceptable(issues[iid], theirs)
                    and not _acceptable(issues[iid], mine + theirs)
                ):
                    n = lines[b][iid][0][0]
                    yield (
                        ("actors", b, "red_lines", n),
                        f'red lines of {a} and {b} leave no acceptable value on "{iid}": '
                        "no agreement is possible while both hold",
                    )


def unsourced(raw: dict) -> Found:
    """Claims with neither ``evidence`` nor ``assumed`` (``--strict``; ``explain`` marks the same ones):
    positions, red lines, preconditions, pressure, hosting, each party's strategy, and the war."""
    why = "neither evidence nor assumed: quote the source, or say what is judgement"
    name = _protocol_name(raw)
    tactics = name not in PROTOCOLS or PROTOCOLS[name].tactics != ()  # eum's actors have no tactics
    for aid, actor in _map(raw.get("actors")).items():
        at, actor = ("actors", aid), _map(actor)
        claims = [((*at, "positions", iid), p) for iid, p in _map(actor.get("positions")).items()]
        for field in ("red_lines", "preconditions", "pressure"):
            claims += [((*at, field, n), c) for n, c in enumerate(_list(actor.get(field)))]
        if "hosting" in actor:
            claims.append(((*at, "hosting"), actor["hosting"]))
        bargains = tactics and actor.get("role", "party") == "party"
        if bargains and "strategy" not in actor:
            yield (*at, "strategy"), "no strategy: the party concedes by the default tactic (boulware); " + why
        elif bargains:
            claims.append(((*at, "strategy"), actor["strategy"]))
        for loc, claim in claims:
            if isinstance(claim, dict) and _bare(claim):
                yield loc, why
    war = raw.get("conflict")
    if isinstance(war, dict) and _bare(war):
        yield ("conflict",), why
    for n, shock in enumerate(_list(raw.get("shocks"))):
        if isinstance(shock, dict) and _bare(shock):
            yield ("shocks", n), why


def _bare(claim: dict) -> bool:
    """Neither evidence nor an assumption (a blank assumption is none)."""
    return not claim.get("evidence") and not str(claim.get("assumed") or "").strip()
