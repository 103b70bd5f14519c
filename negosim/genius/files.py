"""GENIUS negotiation domains and preference profiles, read from their files: GENIUS's XML (a domain
file and one utility-space file per party) and GeniusWeb's JSON profiles (which carry their domain).

Only discrete issues are read. A profile is linear additive (Keeney & Raiffa 1976), as GENIUS's
``AdditiveUtilitySpace``: u(x) = sum_i w_i e_i(x_i) / max e_i, each issue's evaluations divided by
the issue's largest (GENIUS's per-issue normalisation). Every problem is located: ``FILE:LINE``.
"""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from negosim.errors import NegosimError, Problem

#: How far a profile's weights may sum from 1 (GENIUS's files are written with rounded weights).
WEIGHT_TOLERANCE = 1e-3


class GeniusError(NegosimError):
    """A GENIUS file that cannot be read, or a profile that does not fit its domain."""


@dataclass(frozen=True)
class Issue:
    name: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Domain:
    name: str
    file: str
    issues: tuple[Issue, ...]


@dataclass(frozen=True)
class Profile:
    """One party's preferences: per issue its weight and each value's evaluation (as written), its
    reservation value and discount factor."""

    name: str
    file: str
    weights: dict[str, float]
    evaluations: dict[str, dict[str, float]]
    reservation: float = 0.0
    discount: float = 1.0
    rescale: bool = True  # GENIUS XML divides each issue's evaluations by the largest; GeniusWeb does not
    lines: dict[str, dict] = field(default_factory=dict, compare=False)  # issue -> {line, col} in the file

    def values(self, issue: str) -> dict[str, float]:
        """The value of each of the issue's values in [0, 1]: GENIUS XML's evaluations divided by the
        largest (all 0 when every evaluation is 0); GeniusWeb's value utilities as written."""
        ev = self.evaluations[issue]
        top = max(ev.values(), default=0.0) if self.rescale else 1.0
        return {v: (e / top if top > 0 else 0.0) for v, e in ev.items()}


# --- XML with line numbers --------------------------------------------------------------------
def _parse_xml(path: Path) -> tuple[ET.Element, dict[int, tuple[int, int]]]:
    """The root element and each element's (line, column) (by ``id``): ElementTree keeps none, so the
    tree is built from expat's events. A document type declaration is refused (no entities are read)."""
    import xml.parsers.expat as expat

    builder, lines = ET.TreeBuilder(), {}
    parser = expat.ParserCreate()

    def start(tag, attrs):
        lines[id(builder.start(tag, attrs))] = (parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    def doctype(*_):
        raise ValueError("a document type declaration (<!DOCTYPE>): GENIUS files have none, negosim reads none")

    parser.StartElementHandler, parser.EndElementHandler = start, builder.end
    parser.CharacterDataHandler, parser.StartDoctypeDeclHandler = builder.data, doctype
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GeniusError([Problem(f"cannot read it ({exc.strerror})", file=str(path))]) from None
    try:
        parser.Parse(data, True)
        root = builder.close()
    except expat.ExpatError as exc:
        raise GeniusError([Problem(f"not well-formed XML: {expat.errors.messages[exc.code]}", file=str(path),
                                   line=exc.lineno, col=exc.offset + 1)]) from None  # fmt: skip
    except (ValueError, AssertionError) as exc:  # the doctype, or a document with no element
        msg = str(exc) or "no XML element in it"
        raise GeniusError([Problem(msg, file=str(path), line=parser.CurrentLineNumber)]) from None
    return root, lines


def _loc(lines: dict[int, tuple[int, int]], elem: ET.Element | None) -> dict:
    """``line`` and ``col`` of ``elem`` for a Problem (none for no element)."""
    line, col = lines.get(id(elem), (None, None)) if elem is not None else (None, None)
    return {"line": line, "col": col}


def _objective(root: ET.Element, path: Path, lines: dict[int, int]) -> ET.Element:
    obj = next(root.iter("objective"), None)
    if obj is None:
        raise GeniusError([Problem("no <objective> with issues: is this a GENIUS domain or profile?", file=str(path),
                                   **_loc(lines, root))])  # fmt: skip
    return obj


def _issues(obj: ET.Element, path: Path, lines: dict[int, int]) -> list[ET.Element]:
    out, problems = [], []
    for iss in obj.iter("issue"):
        kind = iss.get("vtype") or iss.get("type") or "discrete"
        if kind != "discrete":
            problems.append(Problem(f'issue "{iss.get("name")}" is {kind}: negosim imports discrete issues only',
                                    file=str(path), **_loc(lines, iss)))  # fmt: skip
        out.append(iss)
    if problems:
        raise GeniusError(problems)
    if not out:
        raise GeniusError([Problem("no issues", file=str(path), **_loc(lines, obj))])
    return out


def read_domain(path: str | Path) -> Domain:
    """A GENIUS XML domain (``*_domain.xml``) or a GeniusWeb JSON domain (``{"name", "issuesValues"}``)."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        data = _json(path)
        return _web_domain(data.get("domain", data) if isinstance(data, dict) else data, path)
    root, lines = _parse_xml(path)
    issues, problems = [], []
    for iss in _issues(_objective(root, path, lines), path, lines):
        values = tuple(it.get("value", "") for it in iss.iter("item"))
        if len(values) < 2 or len(set(values)) != len(values) or not all(values):
            problems.append(Problem(f'issue "{iss.get("name")}" needs at least two distinct, named values',
                                    file=str(path), **_loc(lines, iss)))  # fmt: skip
        issues.append(Issue(iss.get("name", ""), values))
    if problems:
        raise GeniusError(problems)
    return Domain(_domain_name(path), str(path), tuple(issues))


def _domain_name(path: Path) -> str:
    stem = path.stem
    for tail in ("_domain", "-domain", "domain"):
        if stem.lower().endswith(tail) and len(stem) > len(tail):
            return stem[: -len(tail)].rstrip("_-")
    return stem


def _evaluations(issue, iss: ET.Element, path: str, at, problems: list[Problem]) -> dict[str, float]:
    """A GENIUS issue's evaluation of each of the domain's values (0 where missing), every problem added."""
    ev: dict[str, float] = {}
    written = set()
    for it in iss.iter("item"):
        value, e = it.get("value", ""), _number(it.get("evaluation"))
        written.add(value)
        if value not in issue.values:
            problems.append(Problem(f'"{value}" is not a value of "{issue.name}" in the domain (it has: '
                                    f"{', '.join(issue.values)})", file=path, **at(it)))  # fmt: skip
        elif e is None or e < 0:
            problems.append(Problem(f'"{value}" of "{issue.name}" needs an evaluation >= 0', file=path, **at(it)))
        else:
            ev[value] = e
    problems += [Problem(f'no evaluation of "{value}" of "{issue.name}"', file=path, **at(iss))
                 for value in issue.values if value not in written]  # fmt: skip
    return {v: ev.get(v, 0.0) for v in issue.values}


def read_profile(path: str | Path, domain: Domain) -> Profile:
    """A GENIUS XML utility space or a GeniusWeb JSON profile, checked against ``domain``."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        return _web_profile(_json(path), path, domain)
    root, lines = _parse_xml(path)
    obj = _objective(root, path, lines)
    issues = {iss.get("name", ""): iss for iss in _issues(obj, path, lines)}
    weights_by_index = {w.get("index"): w for w in obj.iter("weight")}
    problems: list[Problem] = []

    def at(elem: ET.Element | None) -> dict:
        return _loc(lines, elem)

    weights, evaluations, where = {}, {}, {}
    known = {i.name for i in domain.issues}
    problems += [Problem(f'issue "{name}" is not in the domain {domain.file} (it has: {", ".join(sorted(known))})',
                         file=str(path), **at(iss)) for name, iss in issues.items() if name not in known]  # fmt: skip
    for issue in domain.issues:
        iss = issues.get(issue.name)
        if iss is None:
            problems.append(Problem(f'no issue "{issue.name}" of the domain {domain.file}', file=str(path),
                                    **at(obj)))  # fmt: skip
            continue
        where[issue.name] = at(iss)
        w = weights_by_index.get(iss.get("index"))
        weight = _number(w.get("value") if w is not None else None)
        if weight is None or weight < 0:
            problems.append(Problem(f'issue "{issue.name}" (index {iss.get("index")}) has no weight >= 0',
                                    file=str(path), **at(w if w is not None else iss)))  # fmt: skip
        weights[issue.name] = weight or 0.0
        evaluations[issue.name] = _evaluations(issue, iss, str(path), at, problems)
    reservation = _scalar(root, "reservation", 0.0, path, lines, problems, (0.0, 1.0))
    discount = _scalar(root, "discount_factor", 1.0, path, lines, problems, (0.0, 1.0))
    if not problems:
        _check_weights(weights, path, at(next(iter(weights_by_index.values()), obj)), problems)
    if problems:
        raise GeniusError(problems)
    if discount == 0:  # GENIUS writes 0 for "no discount"
        discount = 1.0
    return Profile(path.stem, str(path), weights, evaluations, reservation, discount, where)


def _scalar(root, tag, default, path, lines, problems, bounds) -> float:
    elem = next(root.iter(tag), None)
    if elem is None:
        return default
    v = _number(elem.get("value"))
    if v is None or not bounds[0] <= v <= bounds[1]:
        problems.append(Problem(f"<{tag}> needs a value in [{bounds[0]:g}, {bounds[1]:g}] (found "
                                f"{elem.get('value')!r})", file=str(path), **_loc(lines, elem)))  # fmt: skip
        return default
    return v


def _check_weights(weights: dict[str, float], path: Path, where: dict | None, problems: list[Problem]) -> None:
    total = sum(weights.values())
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        problems.append(Problem(f"the issue weights sum to {total:.6g}, not 1 (GENIUS needs them to, within "
                                f"{WEIGHT_TOLERANCE:g})", file=str(path), **(where or {})))  # fmt: skip


def _number(text: str | None) -> float | None:
    try:
        v = float(text) if text is not None else None
    except ValueError:
        return None
    return v if v is not None and math.isfinite(v) else None


# --- GeniusWeb JSON ----------------------------------------------------------------------------
def _json(path: Path):
    try:
        return json.loads(path.read_text())
    except OSError as exc:
        raise GeniusError([Problem(f"cannot read it ({exc.strerror})", file=str(path))]) from None
    except json.JSONDecodeError as exc:
        raise GeniusError([Problem(f"not valid JSON: {exc.msg}", file=str(path), line=exc.lineno,
                                   col=exc.colno)]) from None  # fmt: skip


def _web_domain(data, path: Path) -> Domain:
    if not isinstance(data, dict) or not isinstance(data.get("issuesValues"), dict):
        raise GeniusError([Problem('not a GeniusWeb domain: no "issuesValues"', file=str(path))])
    issues, problems = [], []
    for name, spec in data["issuesValues"].items():
        values = spec.get("values") if isinstance(spec, dict) else None
        if not isinstance(values, list):
            problems.append(Problem(f'issue "{name}" is not discrete (no "values"): negosim imports discrete '
                                    "issues only", file=str(path), path=f"issuesValues.{name}"))  # fmt: skip
            continue
        issues.append(Issue(str(name), tuple(str(v) for v in values)))
    if problems:
        raise GeniusError(problems)
    return Domain(str(data.get("name") or path.stem), str(path), tuple(issues))


def _web_profile(data, path: Path, domain: Domain) -> Profile:
    """A GeniusWeb ``LinearAdditiveUtilitySpace`` (value utilities in [0, 1], weights summing to 1); its
    reservation value is the utility of its ``reservationBid``, if it has one."""
    space = data.get("LinearAdditiveUtilitySpace") if isinstance(data, dict) else None
    if not isinstance(space, dict):
        raise GeniusError([Problem('not a GeniusWeb profile: no "LinearAdditiveUtilitySpace"', file=str(path))])
    problems: list[Problem] = []
    own = _web_domain(space.get("domain"), path) if "domain" in space else domain
    if [(i.name, set(i.values)) for i in own.issues] != [(i.name, set(i.values)) for i in domain.issues]:
        problems.append(Problem(f"its domain is not {domain.file}'s: issues and values differ", file=str(path),
                                path="LinearAdditiveUtilitySpace.domain"))  # fmt: skip
    weights_in, utils = space.get("issueWeights") or {}, space.get("issueUtilities") or {}
    weights, evaluations = {}, {}
    for issue in domain.issues:
        at = f"LinearAdditiveUtilitySpace.issueUtilities.{issue.name}"
        spec = utils.get(issue.name)
        table = None
        if isinstance(spec, dict):
            inner = spec.get("DiscreteValueSetUtilities") or spec.get("discreteutils")
            table = inner.get("valueUtilities") if isinstance(inner, dict) else None
        if not isinstance(table, dict):
            problems.append(Problem(f'no discrete value utilities for "{issue.name}"', file=str(path), path=at))
            continue
        ev = {v: _number(str(table.get(v, 0))) for v in issue.values}
        if any(e is None or not 0 <= e <= 1 for e in ev.values()):
            problems.append(Problem(f'value utilities of "{issue.name}" must lie in [0, 1]', file=str(path), path=at))
        evaluations[issue.name] = {v: e or 0.0 for v, e in ev.items()}
        w = _number(str(weights_in.get(issue.name)))
        if w is None or w < 0:
            problems.append(Problem(f'no weight >= 0 for "{issue.name}"', file=str(path),
                                    path="LinearAdditiveUtilitySpace.issueWeights"))  # fmt: skip
        weights[issue.name] = w or 0.0
    if not problems:
        _check_weights(weights, path, None, problems)
    if problems:
        raise GeniusError(problems)
    reservation = 0.0
    bid = space["reservationBid"].get("issuevalues") if isinstance(space.get("reservationBid"), dict) else None
    if isinstance(bid, dict):  # GeniusWeb's utilities are not rescaled per issue: the table is the value
        reservation = sum(weights[i] * evaluations[i].get(str(v), 0.0) for i, v in bid.items() if i in weights)
    return Profile(str(space.get("name") or path.stem), str(path), weights, evaluations, reservation, 1.0, False)
