"""A scenario's judged numbers as sweep factors (``negosim sweep FILE --assumptions``).

Every number written in a block that carries ``assumed:`` is the modeller's judgement, and each becomes a
range factor: over the block's ``plausible`` range for it where the file gives one, else over the default
range (``DEFAULT_RANGE``). Blocks with evidence alone give none; numbers inside ``evidence`` and
``plausible``, and in an actor's blocks that are claims of their own (its strategy, positions, red lines,
preconditions, pressure, hosting, a mediator's proposals, a spoiler's attacks), belong to those blocks; a
proposal's round is not varied (two proposals would meet in one round). A mediator's, observer's or host's
positions that cannot move the talks (``checks.idle_positions``) are left out: varying them would only waste runs.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from negosim.scenario.checks import Loc, idle_positions
from negosim.scenario.claims import Claim, claims
from negosim.scenario.models import Scenario
from negosim.scenario.numbers import Bounds, dotted, issue_of, valid_bounds, written_numbers
from negosim.sweep.factors import Factor

SHARE = 0.25  # the default range of a magnitude: the value plus or minus this share of its size (a 0 up to FLOOR);
ON_ISSUE = 0.1  # of a point on an issue: plus or minus this share of the issue's range, whichever end is 0
FLOOR = 0.05
INSIDE = 0.01  # an excluded bound (gt, lt) is kept this share of the half-width away

#: How far a judged number without a ``plausible`` range varies (the documentation quotes this).
DEFAULT_RANGE = (
    f"a magnitude (a salience, a stick, a cost, a firmness) ±{SHARE:.0%} of its value, a 0 up to {FLOOR:g}; a "
    f"point on an issue (an ideal, a red line's bound, a front) ±{ON_ISSUE:.0%} of the issue's range, the same "
    "whichever end of the scale it is at; always within the values its field accepts (for a point on an issue, "
    "the issue's range); a whole number (a horizon) varies by at least ±1 and over whole numbers; a number whose "
    "range closes to a point (a plausible range [v, v]) is not varied"
)
DEFAULT_SPEC = f"default ±{SHARE:.0%}"
PLAUSIBLE_SPEC = "plausible"


def assumption_factors(sc: Scenario) -> list[Factor]:
    """One range factor per number written in each block that carries ``assumed``: the claims in the order
    ``claims`` lists them, each block's numbers in file order."""
    out: list[Factor] = []
    idle = {("actors", aid, "positions", iid) for aid, issues in idle_positions(sc.raw).items() for iid in issues}
    seen: set[Loc] = set()  # a block two claims rest on (an actor's own, and its lean) is varied once
    for claim in (c for listed in claims(sc).values() for c in listed):
        block = _at(sc.raw, claim.loc)
        if claim.basis.assumed and isinstance(block, dict) and claim.loc not in idle and claim.loc not in seen:
            seen.add(claim.loc)
            out += _factors(sc, claim, block)
    return _unique(out)


def labelled(sc: Scenario, f: Factor) -> Factor:
    """``f`` named the way ``explain`` names its number when its path lies in a claim's block (a factor of
    ``--vary``); as it is otherwise."""
    if f.label:
        return f
    from negosim.scenario.overrides import parse_path

    tokens = tuple(parse_path(f.path))
    locs = [c.loc for listed in claims(sc).values() for c in listed if tokens[: len(c.loc)] == c.loc]
    if not locs:
        return f
    loc = max(locs, key=len)
    rest = tokens[len(loc) :]
    claim = next(c for listed in claims(sc).values() for c in listed if c.loc == loc)
    f = dataclasses.replace(f, assumed=claim.basis.assumed)
    return dataclasses.replace(f, label=_label(sc, loc, dotted(rest))) if rest else f


def default_range(value: float, bounds: Bounds, on_issue: bool = False) -> tuple[float, float]:
    """``DEFAULT_RANGE`` for ``value`` (``on_issue``: a point on an issue, ``bounds`` its range): lo may
    equal hi, where the bounds leave it no room."""
    half = ON_ISSUE * (bounds.hi - bounds.lo) if on_issue else SHARE * abs(value)
    if bounds.integer:
        half = max(half, 1.0)
    elif half == 0:
        half = FLOOR
    lo, hi = value - half, value + half
    lo = max(lo, bounds.lo + min(INSIDE * half, (value - bounds.lo) / 2) if bounds.lo_open else bounds.lo)
    hi = min(hi, bounds.hi - min(INSIDE * half, (bounds.hi - value) / 2) if bounds.hi_open else bounds.hi)
    return (float(math.ceil(lo)), float(math.floor(hi))) if bounds.integer else (lo, hi)


def _factors(sc: Scenario, claim: Claim, block: dict) -> list[Factor]:
    out = []
    for key, (rel, value) in written_numbers(claim.loc, block).items():
        bounds = valid_bounds(sc.raw, sc.issues, claim.loc, block, rel)
        if bounds is None or (claim.section == "proposal" and rel == ("round",)):
            continue  # an option of a discrete issue, written as a number; when a mediator tables a package
        given = claim.basis.plausible.get(key)
        on_issue = issue_of(claim.loc, block, rel) is not None
        lo, hi = given if given is not None else default_range(value, bounds, on_issue)
        if lo < hi:
            spec = PLAUSIBLE_SPEC if given is not None else DEFAULT_SPEC
            label = _label(sc, claim.loc, key)
            out.append(Factor(dotted((*claim.loc, *rel)), None, _tidy(lo), _tidy(hi), bounds.integer, spec, label,
                              claim.basis.assumed))  # fmt: skip
    return out


def _label(sc: Scenario, loc: Loc, key: str) -> str:
    """How ``explain`` names the number: the actor, the claim and the field (``the war: p``)."""
    if loc[0] != "actors":
        return f"{_talks_part(sc, loc)}: {key}"
    actor = sc.actors[loc[1]]
    if len(loc) == 2:
        return f"{actor.name}: {key}"
    field, *rest = loc[2:]
    if field == "positions":
        what = sc.issues[rest[0]].name
    elif field == "red_lines":
        what = f"red line on {sc.issues[actor.red_lines[rest[0]].issue].name}"
    elif field == "preconditions":
        what = f"precondition {actor.preconditions[rest[0]].id}"
    elif field == "pressure":
        what = f"pressure on {sc.actors[actor.pressure[rest[0]].target].name}"
    elif field == "ratified_by":
        what = "ratification"
    elif field == "proposals":
        what = f"proposal in {sc.round_unit} {actor.proposals[rest[0]].round}"
    elif field == "spoils":
        spoil = actor.spoils[rest[0]]
        what = "attack on a deal in sight" if spoil.near_deal else f"attack in {sc.round_unit} {spoil.when.round}"
    else:  # strategy, hosting
        what = field
    return f"{actor.name}: {what}, {key}"


def _talks_part(sc: Scenario, loc: Loc) -> str:
    """A block outside the actors in words: the war, the deadline, a shock, an issue's place on the agenda."""
    if loc[0] == "shocks":
        shock = sc.shocks[loc[1]]
        return f"{sc.round_unit} {shock.round}, {shock.kind} shock"
    if loc[0] == "agenda":
        return f"the agenda: what opens {sc.issues[loc[1]].name}"
    return {"conflict": "the war", "deadline": "the deadline"}[loc[0]]


def _unique(factors: list[Factor]) -> list[Factor]:
    """Labels told apart where two claims read alike (two red lines of an actor on one issue): ``(2)``, ..."""
    seen: dict[str, int] = {}
    out = []
    for f in factors:
        seen[f.label] = seen.get(f.label, 0) + 1
        out.append(f if seen[f.label] == 1 else dataclasses.replace(f, label=f"{f.label} ({seen[f.label]})"))
    return out


def _tidy(x: float) -> float:
    """A bound without float noise (0.35 - 0.0875 -> 0.2625)."""
    return float(f"{x:.12g}")


def _at(raw: Any, loc: Loc) -> Any:
    """The raw data at ``loc``, or None."""
    try:
        for seg in loc:
            raw = raw[seg]
    except (KeyError, IndexError, TypeError):  # a block the file leaves out (a default strategy)
        return None
    return raw
