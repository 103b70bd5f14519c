"""Claims with neither evidence nor an assumption (``--strict``; ``negosim explain`` marks the same)."""

from __future__ import annotations

from negosim.protocols import PROTOCOLS
from negosim.scenario.checks.common import Found, as_list, as_map, protocol_name


def unsourced(raw: dict) -> Found:
    """Claims with neither ``evidence`` nor ``assumed`` (``--strict``; ``explain`` marks the same ones):
    positions, red lines, preconditions, pressure, hosting, a mediator's proposals, each party's strategy, the war
    and the shocks."""
    why = "neither evidence nor assumed: quote the source, or say what is judgement"
    name = protocol_name(raw)
    tactics = name not in PROTOCOLS or PROTOCOLS[name].tactics != ()  # eum's actors have no tactics
    for aid, actor in as_map(raw.get("actors")).items():
        at, actor = ("actors", aid), as_map(actor)
        claims = [((*at, "positions", iid), p) for iid, p in as_map(actor.get("positions")).items()]
        for field in ("red_lines", "preconditions", "pressure", "proposals"):
            claims += [((*at, field, n), c) for n, c in enumerate(as_list(actor.get(field)))]
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
    for n, shock in enumerate(as_list(raw.get("shocks"))):
        if isinstance(shock, dict) and _bare(shock):
            yield ("shocks", n), why


def _bare(claim: dict) -> bool:
    """Neither evidence nor an assumption (a blank assumption is none)."""
    return not claim.get("evidence") and not str(claim.get("assumed") or "").strip()
