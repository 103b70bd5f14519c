"""Checks of a threat: a pressure with a ``credibility`` (docs/explanation/model.md, section 7)."""

from __future__ import annotations

from negosim.scenario.checks.common import Found, Loc, as_map, is_num, rounds_of

#: The fields only a threat has (beyond ``credibility``, which makes one).
THREAT_FIELDS = ("believed", "ultimatum", "then")


def check_threat(raw: dict, loc: Loc, pressure: object) -> Found:
    """A threat says what carrying it out does (``then``), is a stick (no carrot), falls due inside the talks,
    and starts a war only where the scenario has one; ``believed``, ``ultimatum`` and ``then`` only on a threat."""
    pr = as_map(pressure)
    if pr.get("credibility") is None:
        for field in THREAT_FIELDS:
            if pr.get(field) is not None:
                yield (*loc, field), f"only a threat has {field}: give the pressure its credibility (0 to 1)"
        return
    if pr.get("then") is None:
        yield (*loc, "credibility"), "a threat says what carrying it out does: then: war or then: breakdown"
    if is_num(pr.get("carrot")) and pr["carrot"] > 0:
        yield (*loc, "carrot"), "a threat is a stick: write the carrot as a pressure of its own"
    if pr.get("then") == "war" and not isinstance(raw.get("conflict"), dict):
        yield (*loc, "then"), "then: war needs a war: the scenario has no conflict section"
    at, rounds = pr.get("ultimatum"), rounds_of(raw)
    if is_num(at) and is_num(rounds) and at > rounds:
        yield (
            (*loc, "ultimatum"),
            f"round {at:g} comes after the last round ({rounds:g}): the threat would never fall due (leave "
            "ultimatum out for a threat carried out when the talks fail)",
        )


def threatens_war(raw: dict) -> bool:
    """Whether some actor threatens a war (``then: war``): a war may then wait past the last round to begin."""
    return any(
        as_map(pr).get("then") == "war"
        for actor in as_map(raw.get("actors")).values()
        for pr in (as_map(actor).get("pressure") or [])
        if isinstance(actor, dict)
    )
