"""Checks of the ``conflict:`` block: the war's sides and fronts."""

from __future__ import annotations

from negosim.scenario.checks.common import Found, as_list, as_map, issue_model, ref, value_problem
from negosim.scenario.models import Issue


def check_conflict(raw: dict, issues: dict[str, Issue | None] | None) -> Found:
    """The war's sides name parties, its issues exist and are continuous, its fronts lie in range."""
    war = raw.get("conflict")
    if not isinstance(war, dict):
        return
    actors = as_map(raw.get("actors"))
    yield from _check_sides(war, actors)
    for aid in as_map(war.get("cost_per_round")):
        if (msg := ref("actor", aid, actors)) is not None:
            yield ("conflict", "cost_per_round", aid), msg
    if issues is not None:
        yield from _check_fronts(war, issues)


def _check_sides(war: dict, actors: dict) -> Found:
    """Each side's members are parties, none on both sides."""
    seen: set[str] = set()
    for side, members in as_map(war.get("sides")).items():
        for n, aid in enumerate(as_list(members)):
            if (msg := ref("actor", aid, actors)) is not None:
                yield ("conflict", "sides", side, n), msg
            elif isinstance(aid, str) and as_map(actors[aid]).get("role", "party") != "party":
                yield ("conflict", "sides", side, n), f'"{aid}" is not a party: only parties fight'
            elif isinstance(aid, str) and aid in seen:
                yield ("conflict", "sides", side, n), f'"{aid}" cannot fight on both sides'
            if isinstance(aid, str):
                seen.add(aid)


def _check_fronts(war: dict, issues: dict[str, Issue | None]) -> Found:
    """Contested issues and fronts name continuous issues, each contested issue has a front in range,
    and the ceasefire names an issue."""
    for field in ("contested", "front"):
        for iid, value in as_map(war.get(field)).items():
            loc = ("conflict", field, iid)
            if (msg := ref("issue", iid, issues)) is not None:
                yield loc, msg
            elif (issue := issue_model(issues, iid)) is not None and issue.kind != "continuous":
                yield loc, "a front needs a continuous issue"
            elif issue is not None and field == "front" and (msg := value_problem(issue, value)) is not None:
                yield loc, msg
    for iid in as_map(war.get("contested")):
        if iid not in as_map(war.get("front")) and isinstance(iid, str) and iid in issues:
            yield ("conflict", "contested", iid), f"a contested issue needs its starting front (conflict.front.{iid})"
    cease = as_map(war.get("ceasefire"))
    if cease and (msg := ref("issue", cease.get("issue"), issues)) is not None:
        yield ("conflict", "ceasefire", "issue"), msg
