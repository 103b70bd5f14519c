"""What every check of a scenario's parsed data shares: locations, lookups that tolerate a malformed
file, values against an issue's range, evidence.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from negosim.protocols import DEFAULT_PROTOCOL
from negosim.scenario.models import Issue

Loc = tuple[str | int, ...]


Found = Iterator[tuple[Loc, str]]


ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def did_you_mean(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(str(name), [str(k) for k in known], n=1)
    return f' (did you mean "{close[0]}"?)' if close else ""


def as_map(node: Any) -> dict:
    return node if isinstance(node, dict) else {}


def as_list(node: Any) -> list:
    return node if isinstance(node, list) else []


def is_num(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def issue_models(raw: dict) -> dict[str, Issue | None] | None:
    """Each issue id with its model (None where the issue is malformed); None without an issues mapping."""
    if not isinstance(raw.get("issues"), dict):
        return None  # reported by the structural validation; references to issues are not checked
    out: dict[str, Issue | None] = {}
    for iid, node in as_map(raw.get("issues")).items():
        try:
            out[iid] = Issue.model_validate(node)
        except ValidationError:
            out[iid] = None
    return out


def issue_model(issues: dict[str, Issue | None], name: Any) -> Issue | None:
    """The issue a reference names (None for a malformed one, or a name that is no text)."""
    return issues.get(name) if isinstance(name, str) else None


NUMBERS = {2: "two", 3: "three"}


def protocol_name(raw: dict) -> str | None:
    """The protocol a scenario names (``protocol: NAME`` or ``protocol: {name: NAME}``; alternating if none)."""
    p = raw.get("protocol", DEFAULT_PROTOCOL)
    p = as_map(p).get("name", DEFAULT_PROTOCOL) if isinstance(p, dict) else p
    return p if isinstance(p, str) else None


def rounds_of(raw: dict) -> Any:
    """The scenario's number of rounds: ``rounds:``, or ``deadline: {rounds: ...}``; 50 if neither."""
    top = raw.get("rounds")
    return as_map(raw.get("deadline")).get("rounds", 50) if top is None else top


def protocol_at(raw: dict, at: float) -> str | None:
    """The protocol the talks are under in round ``at``: the scenario's, or the last a protocol shock due by then
    switched to (a shock applies at the start of its round)."""
    now = protocol_name(raw)
    shocks = [s for s in as_list(raw.get("shocks")) if isinstance(s, dict) and s.get("kind") == "protocol"]
    for shock in sorted((s for s in shocks if is_num(s.get("round")) and s["round"] <= at), key=lambda s: s["round"]):
        now = shock.get("protocol") if isinstance(shock.get("protocol"), str) else now
    return now


def ref(kind: str, name: Any, known: dict) -> str | None:
    """'unknown KIND "name"' with a suggestion, or None."""
    if not isinstance(name, str) or name in known:
        return None
    return f'unknown {kind} "{name}"{did_you_mean(name, list(known))}'


def value_problem(issue: Issue, value: Any, *, bound: bool = False) -> str | None:
    """Problem with ``value`` as a point on ``issue`` (``bound``: used as min/max), or None."""
    if issue.kind == "continuous":
        if isinstance(value, str):
            return f'expected a number in [{issue.range[0]:g}, {issue.range[1]:g}], got "{value}"'
        if is_num(value) and not issue.range[0] <= value <= issue.range[1]:
            return f"{value:g} is outside the issue's range [{issue.range[0]:g}, {issue.range[1]:g}]"
        return None
    if bound and not issue.ordered:
        return "min/max need an ordered discrete issue (ordered: true); use equals or not_in"
    if issue.code(value) is None:
        hint = did_you_mean(str(value), list(issue.options))
        return f'"{value}" is not an option of this issue {list(issue.options)}{hint}'
    return None


def coord(issue: Issue, value: Any) -> float | None:
    """Position of a valid ``value`` on the issue's line (option index if discrete), else None."""
    if value is None or value_problem(issue, value) is not None:
        return None
    if issue.kind == "continuous":
        return float(value) if is_num(value) else None
    return float(issue.code(value))


def check_evidence(raw: dict, loc: Loc, node: Any) -> Found:
    sources = as_map(raw.get("sources"))
    for n, ev in enumerate(as_list(as_map(node).get("evidence"))):
        if (msg := ref("source", as_map(ev).get("source"), sources)) is not None:
            yield (*loc, "evidence", n, "source"), msg


def issues_named(node: Any) -> list:
    """A list of issue ids as written: a list, or one id on its own (not `all`)."""
    return [node] if isinstance(node, str) and node != "all" else as_list(node)


def check_requirement(issues: dict[str, Issue | None], loc: Loc, req: dict) -> Found:
    """A condition on an issue's value (a precondition's ``require``, a red line's ``unless``)."""
    if (msg := ref("issue", req.get("issue"), issues)) is not None:
        yield (*loc, "issue"), msg
    elif (issue := issue_model(issues, req.get("issue"))) is not None:
        for field in ("at_least", "at_most", "equals"):
            value = req.get(field)
            if value is not None and (msg := value_problem(issue, value, bound=field != "equals")):
                yield (*loc, field), msg
