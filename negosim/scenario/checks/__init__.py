"""Consistency checks across a scenario: ids, references, ranges, options, red lines.

The checks read the parsed data itself, not the validated models, so they run even where
parts of the file are malformed: a file's structural and consistency problems are reported
together. Values of the wrong type are skipped here (the structural validation names them).

One module per subject: ``common`` (the shared helpers), ``actors``, ``agenda``, ``conflict``, ``shocks``,
``endings`` (the deadline, the war's start and stop), ``spoilers``, ``warnings``, ``sources``.
"""

from __future__ import annotations

from negosim.protocols import PLANNED, PROTOCOLS
from negosim.scenario.checks.actors import check_actors
from negosim.scenario.checks.agenda import check_agenda
from negosim.scenario.checks.common import ID, NUMBERS, Found, Loc, as_map, did_you_mean, issue_models, protocol_name
from negosim.scenario.checks.conflict import check_conflict
from negosim.scenario.checks.endings import check_endings
from negosim.scenario.checks.shocks import check_shocks, format_problems, shock_problems
from negosim.scenario.checks.sources import unsourced
from negosim.scenario.checks.spoilers import check_spoilers
from negosim.scenario.checks.warnings import idle_positions, pressed_by, warn
from negosim.scenario.models import Issue
from negosim.scenario.numbers import check_plausible
from negosim.strategies import DEFAULT_TACTIC, STRATEGIES


def check(raw: dict, issues: dict[str, Issue | None] | None = None) -> list[tuple[Loc, str]]:
    """All consistency problems of the parsed scenario ``raw`` as (location, message) pairs.

    ``issues``: ``issue_models(raw)``, when the caller has it already.
    """
    issues = issue_models(raw) if issues is None else issues
    return [*_check_top(raw), *_check_labels(raw, issues), *check_actors(raw, issues), *check_conflict(raw, issues),
            *check_shocks(raw, issues), *check_endings(raw), *check_agenda(raw, issues), *check_spoilers(raw, issues),
            *check_plausible(raw, issues)]  # fmt: skip


def _check_labels(raw: dict, issues: dict[str, Issue | None] | None) -> Found:
    """A continuous issue's labels name points inside its range."""
    for iid, issue in (issues or {}).items():
        if issue is None or issue.kind != "continuous":
            continue
        low, high = issue.range
        for at in as_map(as_map(as_map(raw.get("issues")).get(iid)).get("labels")):
            if isinstance(at, int | float) and not low <= at <= high:
                yield (
                    ("issues", iid, "labels", at),
                    f"label at {at:g} lies outside the issue's range [{low:g}, {high:g}]",
                )


def _check_top(raw: dict) -> Found:
    name = protocol_name(raw)
    if name in PLANNED:
        yield ("protocol",), f'protocol "{name}" is not implemented yet (use {", ".join(PROTOCOLS)})'
    for section in ("issues", "actors", "sources"):
        for key in as_map(raw.get(section)):
            if not ID.match(str(key)):
                yield (section, key), f'id "{key}" must start with a letter and hold only letters, digits, _ and -'
    actors = as_map(raw.get("actors"))
    parties = {k: a for k, a in actors.items() if isinstance(a, dict) and a.get("role", "party") == "party"}
    if isinstance(raw.get("actors"), dict) and len(parties) < 2:
        yield ("actors",), f"a negotiation needs at least two actors with role: party (found {len(parties)})"
    tactics = {k: as_map(a.get("strategy")).get("tactic", DEFAULT_TACTIC) for k, a in parties.items()}
    if name in PROTOCOLS:
        yield from PROTOCOLS[name].check(raw, parties, tactics)
    for k, tactic in tactics.items():
        needs = STRATEGIES[tactic].classifier if isinstance(tactic, str) and tactic in STRATEGIES else {}
        same = needs.get("same_tactic") and set(tactics.values()) != {tactic}
        n = needs.get("parties")
        if n and (len(parties) != n or same):
            both = f", {'both' if n == 2 else 'all'} playing {tactic}" if needs.get("same_tactic") else ""
            yield ("actors", k, "strategy", "tactic"), f"{tactic} needs exactly {NUMBERS.get(n, n)} parties{both}"


__all__ = ["ID", "Found", "Loc", "check", "did_you_mean", "format_problems", "idle_positions", "issue_models",
           "pressed_by", "shock_problems", "unsourced", "warn"]  # fmt: skip
