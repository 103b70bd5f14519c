"""Claims with neither evidence nor an assumption (``--strict``; ``negosim explain`` marks the same)."""

from __future__ import annotations

from negosim.protocols import PROTOCOLS
from negosim.scenario.checks.common import Found, as_list, as_map, protocol_name


def unsourced(raw: dict) -> Found:
    """Claims with neither ``evidence`` nor ``assumed`` (``--strict``; ``explain`` marks the same ones):
    positions, red lines, preconditions, pressure, refusals to discuss an issue, hosting, ratification, a mediator's
    proposals, a spoiler's attacks, each party's strategy, the agenda, the war, the deadline's consequence and the
    shocks."""
    why = "neither evidence nor assumed: quote the source, or say what is judgement"
    name = protocol_name(raw)
    tactics = name not in PROTOCOLS or PROTOCOLS[name].tactics != ()  # eum's actors have no tactics
    for aid, actor in as_map(raw.get("actors")).items():
        at, actor = ("actors", aid), as_map(actor)
        claims = _own_claims(at, actor)
        bargains = tactics and actor.get("role", "party") == "party"
        if bargains and "strategy" not in actor:
            yield (*at, "strategy"), "no strategy: the party concedes by the default tactic (boulware); " + why
        elif bargains:
            claims.append(((*at, "strategy"), actor["strategy"]))
        for loc, claim in claims:
            if isinstance(claim, dict) and _bare(claim):
                yield loc, why
    war, deadline = raw.get("conflict"), raw.get("deadline")
    if isinstance(war, dict) and _bare(war):
        yield ("conflict",), why
    if isinstance(deadline, dict) and "then" in deadline and _bare(deadline):  # what follows it is a claim
        yield ("deadline",), why
    for iid, item in as_map(raw.get("agenda")).items():
        if isinstance(item, dict) and _bare(item):
            yield ("agenda", iid), why
    for n, shock in enumerate(as_list(raw.get("shocks"))):
        if isinstance(shock, dict) and _bare(shock):
            yield ("shocks", n), why


def _own_claims(at: tuple, actor: dict) -> list[tuple[tuple, dict]]:
    """An actor's claims but its strategy: positions, red lines, preconditions, pressure, refusals, hosting,
    ratification."""
    claims = [((*at, "positions", iid), p) for iid, p in as_map(actor.get("positions")).items()]
    for field in ("red_lines", "preconditions", "pressure", "refuses_to_discuss", "proposals", "spoils"):
        claims += [((*at, field, n), c if isinstance(c, dict) else {}) for n, c in enumerate(as_list(actor.get(field)))]
    if "hosting" in actor:
        claims.append(((*at, "hosting"), actor["hosting"]))
    if "ratified_by" in actor:  # the string form rests on the party's own basis
        block = actor["ratified_by"]
        claims.append(((*at, "ratified_by"), actor if isinstance(block, str) else block))
    return claims


def _bare(claim: dict) -> bool:
    """Neither evidence nor an assumption (a blank assumption is none)."""
    return not claim.get("evidence") and not str(claim.get("assumed") or "").strip()
