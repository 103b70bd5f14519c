"""The numbers a scenario's blocks write: where each lies, the values it may take, and the
``plausible`` ranges a block gives them (checked here; varied by ``negosim sweep --assumptions``)."""

from __future__ import annotations

import math
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from negosim.scenario.checks.common import Found, Loc, as_list, as_map, did_you_mean, is_num, issue_model, rounds_of
from negosim.scenario.checks.threats import threatens_war
from negosim.scenario.models import DEFAULT_TAG, TAGGED, Issue, Scenario

#: An actor's fields that are claims of their own, each with its own evidence, assumed and plausible.
OWN_CLAIMS = (
    "strategy",
    "positions",
    "red_lines",
    "preconditions",
    "pressure",
    "hosting",
    "ratified_by",
    "proposals",
    "spoils",
)
#: What a claim's block says about its numbers rather than numbers of its own.
ABOUT = ("evidence", "assumed", "plausible")
_PLAIN_KEY = re.compile(r"^[^.\[\]\s]+$")  # a key a --set path can name


def sourced_blocks(raw: dict) -> Iterator[tuple[Loc, dict]]:
    """Every block that may carry evidence, assumed and plausible: each actor, its strategy, positions, red
    lines, preconditions, pressure, hosting, ratification, a mediator's proposals and a spoiler's attacks; then the
    war, the deadline and the shocks."""
    for aid, actor in as_map(raw.get("actors")).items():
        if not isinstance(actor, dict):
            continue
        at: Loc = ("actors", aid)
        blocks = [(at, actor), ((*at, "strategy"), actor.get("strategy"))]
        blocks += [((*at, "positions", iid), pos) for iid, pos in as_map(actor.get("positions")).items()]
        for field in ("red_lines", "preconditions", "pressure", "proposals", "spoils"):
            blocks += [((*at, field, n), c) for n, c in enumerate(as_list(actor.get(field)))]
        blocks += [((*at, "hosting"), actor.get("hosting")), ((*at, "ratified_by"), actor.get("ratified_by"))]
        yield from ((loc, b) for loc, b in blocks if isinstance(b, dict))
    for block in ("conflict", "deadline"):
        if isinstance(raw.get(block), dict):
            yield (block,), raw[block]
    for n, shock in enumerate(as_list(raw.get("shocks"))):
        if isinstance(shock, dict):
            yield ("shocks", n), shock


def written_numbers(loc: Loc, block: dict) -> dict[str, tuple[Loc, float]]:
    """The numbers written in the block at ``loc``, in file order, by their path inside it as ``--set`` writes
    it (``stick``, ``beliefs.a[0]``) -> (that path as a tuple, the number); not those in its evidence or
    plausible, nor in an actor's blocks that are claims of their own."""
    skip = ABOUT + (OWN_CLAIMS if len(loc) == 2 and loc[0] == "actors" else ())
    out: dict[str, tuple[Loc, float]] = {}

    def walk(node: Any, rel: Loc) -> None:
        if is_num(node):
            out[dotted(rel)] = (rel, node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and _PLAIN_KEY.match(key) and (rel or key not in skip):
                    walk(value, (*rel, key))
        elif isinstance(node, list):
            for n, value in enumerate(node):
                walk(value, (*rel, n))

    walk(block, ())
    return out


def dotted(path: Loc) -> str:
    """``("beliefs", "a", 0)`` -> ``beliefs.a[0]``, the ``--set`` syntax."""
    out = ""
    for seg in path:
        out += f"[{seg}]" if isinstance(seg, int) else (f".{seg}" if out else str(seg))
    return out


@dataclass(frozen=True)
class Bounds:
    """The values a number may take: from ``lo`` to ``hi``, each excluded if open; whole numbers if ``integer``."""

    lo: float = -math.inf
    hi: float = math.inf
    lo_open: bool = False
    hi_open: bool = False
    integer: bool = False

    def holds(self, x: float) -> bool:
        above = self.lo < x if self.lo_open else self.lo <= x
        return above and (x < self.hi if self.hi_open else x <= self.hi)

    def within(self, lo: float, hi: float) -> Bounds:
        """These bounds narrowed to the closed ``[lo, hi]`` (an issue's range)."""
        low, low_open = (lo, False) if lo > self.lo else (self.lo, self.lo_open)
        high, high_open = (hi, False) if hi < self.hi else (self.hi, self.hi_open)
        return Bounds(low, high, low_open, high_open, self.integer)

    def __str__(self) -> str:
        left = "(" if self.lo_open or self.lo == -math.inf else "["
        return f"{left}{self.lo:g}, {self.hi:g}{')' if self.hi_open or self.hi == math.inf else ']'}"


def valid_bounds(raw: dict, issues: dict[str, Issue | None] | None, loc: Loc, block: dict, rel: Loc) -> Bounds | None:
    """What the number at ``rel`` in the block at ``loc`` may be: its field's bounds (ge, gt, le, lt), within
    the issue's range where it is a point on an issue (or [0, 1], an option's value); None where it is not a
    number the format lets vary (an option of a discrete issue, a field the format does not know)."""
    leaf = _leaf(raw, (*loc, *rel))
    if leaf is None:
        return None
    tp, meta = leaf
    limit = {k: getattr(c, k) for c in meta for k in ("ge", "gt", "le", "lt") if getattr(c, k, None) is not None}
    bounds = Bounds(limit.get("ge", limit.get("gt", -math.inf)), limit.get("le", limit.get("lt", math.inf)),
                    "gt" in limit, "lt" in limit, tp is int)  # fmt: skip
    if len(loc) == 4 and loc[2] == "positions" and rel[:1] == ("values",):
        return bounds.within(0.0, 1.0)
    if len(loc) == 2 and loc[0] == "shocks" and rel[:1] == ("values",):
        return bounds.within(0.0, 1.0)
    if _a_round(loc, rel) and is_num(rounds := rounds_of(raw)):
        return bounds.within(1, rounds)  # a shock or a proposal happens inside the talks
    if loc == ("conflict",) and rel == ("starts",) and is_num(rounds := rounds_of(raw)):
        later = as_map(raw.get("deadline")).get("then") == "war" or threatens_war(raw)  # or when a threat says
        return bounds.within(1, rounds + later)  # the war begins inside the talks
    if len(loc) == 3 and loc[2] == "ratified_by" and rel == ("quota",):
        return bounds.within(1, max(len(as_list(block.get("by"))), 1))  # a quota of the principals named
    if (tighter := _protocol_bounds(raw, loc, rel)) is not None:
        bounds = bounds.within(*tighter)
    iid = issue_of(loc, block, rel)
    if iid is None or (issue := issue_model(issues or {}, iid)) is None:
        return bounds  # no point on an issue, or an issue the other checks report
    return bounds.within(*issue.range) if issue.kind == "continuous" else None


def _a_round(loc: Loc, rel: Loc) -> bool:
    """Whether the number at ``rel`` is the round of a shock or of a mediator's proposal, or a threat's ultimatum."""
    if rel == ("ultimatum",) and len(loc) == 4 and loc[2] == "pressure":
        return True
    return rel == ("round",) and ((len(loc) == 2 and loc[0] == "shocks") or (len(loc) == 4 and loc[2] == "proposals"))


def _protocol_bounds(raw: dict, loc: Loc, rel: Loc) -> tuple[float, float] | None:
    """Tighter bounds the scenario's protocol sets on a number (eum: a salience is a share)."""
    from negosim.protocols import DEFAULT_PROTOCOL, PROTOCOLS

    p = raw.get("protocol", DEFAULT_PROTOCOL)
    name = p.get("name", DEFAULT_PROTOCOL) if isinstance(p, dict) else p
    cls = PROTOCOLS.get(name) if isinstance(name, str) else None
    return None if cls is None else cls.number_bounds(loc, rel)


def issue_of(loc: Loc, block: dict, rel: Loc) -> Any:
    """The issue on whose scale the number at ``rel`` lies (ideal, a red line's or a requirement's bound, a front,
    a ceasefire's bound), or None."""
    head, field = rel[0], rel[1] if len(rel) > 1 else None
    if len(loc) == 4 and loc[2] == "positions" and head == "ideal":
        return loc[3]
    if len(loc) == 4 and loc[2] == "red_lines" and head in ("min", "max", "equals", "not_in"):
        return block.get("issue")
    if len(loc) == 4 and loc[2] == "red_lines" and head == "unless" and field in ("at_least", "at_most", "equals"):
        return as_map(block.get("unless")).get("issue")
    if len(loc) == 4 and loc[2] == "preconditions" and head == "require" and field in ("at_least", "at_most", "equals"):
        return as_map(block.get("require")).get("issue")
    if len(loc) == 2 and loc[0] == "shocks" and head in ("ideal", "min", "max", "equals"):
        return block.get("issue")
    if len(loc) == 4 and loc[2] == "proposals" and head == "package":
        return field
    if loc == ("conflict",) and head == "front":
        return field
    if loc == ("conflict",) and head == "ceasefire" and field in ("at_least", "at_most"):
        return as_map(block.get("ceasefire")).get("issue")
    return None


def _leaf(raw: dict, path: Loc) -> tuple[Any, list] | None:
    """The type the format gives the number at ``path`` with its constraints, or None where it is no number
    of the format (a tagged block's fields are those of its tag's model)."""
    node: Any = Scenario
    data: Any = raw
    meta: list = []
    for n, seg in enumerate(path):
        node, _ = _unwrapped(node)
        if typing.get_origin(node) in (typing.Union, types.UnionType) and path[n - 1] in TAGGED:  # a tagged block
            key, models = TAGGED[path[n - 1]]
            node = models.get(data.get(key, DEFAULT_TAG[path[n - 1]]))
        args = typing.get_args(node)
        if isinstance(node, type) and issubclass(node, BaseModel) and seg in node.model_fields:
            node, meta = node.model_fields[seg].annotation, list(node.model_fields[seg].metadata)
        elif typing.get_origin(node) is dict:
            node, meta = args[1], []
        elif typing.get_origin(node) is tuple and isinstance(seg, int) and (args[1:] == (Ellipsis,) or seg < len(args)):
            node, meta = args[0] if args[1:] == (Ellipsis,) else args[seg], []
        else:
            return None
        data = data[seg] if isinstance(data, dict | list) else None
    node, more = _unwrapped(node)
    members = typing.get_args(node) if typing.get_origin(node) in (typing.Union, types.UnionType) else (node,)
    return (node, meta + more) if {int, float} & set(members) else None


def _unwrapped(tp: Any) -> tuple[Any, list]:
    """``Annotated[X | None, ...]`` -> (X, the annotations' constraints)."""
    meta: list = []
    while True:
        if typing.get_origin(tp) is typing.Annotated:
            tp, meta = typing.get_args(tp)[0], meta + list(typing.get_args(tp)[1:])
        elif typing.get_origin(tp) in (typing.Union, types.UnionType) and type(None) in typing.get_args(tp):
            rest = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]  # noqa: UP007  (built from a list)
        else:
            return tp, meta


def check_plausible(raw: dict, issues: dict[str, Issue | None] | None) -> Found:
    """Each ``plausible`` range names a number written in its block, has lo <= hi and stays within what the
    number's field accepts (a value outside its range is a warning: an override may move it there)."""
    for loc, block in sourced_blocks(raw):
        numbers = written_numbers(loc, block)
        for key, span in as_map(block.get("plausible")).items():
            if (msg := _plausible(raw, issues, loc, block, numbers, key, span)) is not None:
                yield (*loc, "plausible", key), msg


def _plausible(raw: dict, issues: Any, loc: Loc, block: dict, numbers: dict, key: Any, span: Any) -> str | None:
    if key not in numbers:
        return _not_written(loc, key, numbers)
    if not (isinstance(span, list) and len(span) == 2 and all(map(is_num, span))):
        return None  # the structural validation names it
    (lo, hi), (rel, _) = span, numbers[key]
    if not lo <= hi:
        return f"a range [lo, hi] needs lo <= hi (got [{lo:g}, {hi:g}]; [v, v] keeps the number fixed)"
    bounds = valid_bounds(raw, issues, loc, block, rel)
    if bounds is None:
        return f"{key} takes no range (an option of a discrete issue is no number to vary)"
    if not (bounds.holds(lo) and bounds.holds(hi)):
        return f"[{lo:g}, {hi:g}] goes beyond the values {key} may take, {bounds}"
    return None


def _not_written(loc: Loc, key: Any, numbers: dict) -> str:
    head = re.split(r"[.\[]", str(key))[0]
    if len(loc) == 2 and loc[0] == "actors" and head in OWN_CLAIMS:
        return f'"{key}" lies in a block of its own ({head}): give its range in that block\'s plausible'
    hint = did_you_mean(str(key), list(numbers)) or (f" (its numbers: {', '.join(numbers)})" if numbers else "")
    return f'"{key}" names no number written in this block{hint}'


def outside_plausible(loc: Loc, block: dict) -> Found:
    """Numbers written outside their own plausible range."""
    numbers = written_numbers(loc, block)
    for key, span in as_map(block.get("plausible")).items():
        if key in numbers and isinstance(span, list) and len(span) == 2 and all(map(is_num, span)):
            value = numbers[key][1]
            if span[0] <= span[1] and not span[0] <= value <= span[1]:
                yield (
                    (*loc, "plausible", key),
                    f"the value {value:g} lies outside its plausible range [{span[0]:g}, {span[1]:g}]",
                )
