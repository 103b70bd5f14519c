"""Checks of the agenda: issues a party refuses to discuss, issues that open only when a condition holds,
and the status quo where such an issue stays (docs/explanation/model.md, section 4)."""

from __future__ import annotations

from negosim.protocols import PROTOCOLS
from negosim.scenario.checks.common import (
    Found,
    as_list,
    as_map,
    check_evidence,
    check_requirement,
    issue_model,
    protocol_name,
    ref,
    value_problem,
)
from negosim.scenario.models import Issue


def check_agenda(raw: dict, issues: dict[str, Issue | None] | None) -> Found:
    issues = issues or {}
    yield from _status_quo(raw, issues)
    off = set()
    for aid, actor in as_map(raw.get("actors")).items():
        for n, refusal in enumerate(as_list(as_map(actor).get("refuses_to_discuss"))):
            loc = ("actors", aid, "refuses_to_discuss", n)
            iid = refusal if isinstance(refusal, str) else as_map(refusal).get("issue")
            yield from check_evidence(raw, loc, refusal)
            if as_map(actor).get("role", "party") != "party":
                yield loc, f"only parties refuse to discuss an issue (this actor's role is {actor.get('role')})"
            elif (msg := ref("issue", iid, issues)) is not None:
                yield (loc if isinstance(refusal, str) else (*loc, "issue")), msg
            else:
                off.add(iid)
                yield from _needs_status_quo(raw, issues, loc, iid)
    for iid, item in as_map(raw.get("agenda")).items():
        loc = ("agenda", iid)
        yield from check_evidence(raw, loc, item)
        if (msg := ref("issue", iid, issues)) is not None:
            yield loc, msg
            continue
        off.add(iid)
        yield from _needs_status_quo(raw, issues, loc, iid)
        when = as_map(as_map(item).get("opens_when"))
        yield from check_requirement(issues, (*loc, "opens_when"), when)
        if when.get("issue") == iid:
            yield (*loc, "opens_when", "issue"), f'"{iid}" cannot wait for itself: the condition is on another issue'
    name = protocol_name(raw)
    if off and name in PROTOCOLS and PROTOCOLS[name].forecasts:
        yield ("protocol",), f"the {name} model forecasts every issue: it has no agenda to keep an issue off"


def _status_quo(raw: dict, issues: dict[str, Issue | None]) -> Found:
    """An issue's status quo is a value of the issue."""
    for iid, issue in issues.items():
        sq = as_map(as_map(raw.get("issues")).get(iid)).get("status_quo")
        if issue is not None and sq is not None and (msg := value_problem(issue, sq)) is not None:
            yield ("issues", iid, "status_quo"), msg


def _needs_status_quo(raw: dict, issues: dict[str, Issue | None], loc: tuple, iid: str) -> Found:
    if issue_model(issues, iid) is not None and as_map(as_map(raw.get("issues")).get(iid)).get("status_quo") is None:
        yield loc, (f'"{iid}" can be off the agenda: give the issue a status_quo, the value it keeps while nobody '
                    "discusses it")  # fmt: skip
