"""``--set PATH=VALUE`` overrides: dotted paths into the scenario (``actors.russia.red_lines[0].firmness``)."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from typing import Any

from ruamel.yaml import YAML

from negosim.errors import OverrideError, Problem, ScenarioError
from negosim.scenario.checks import did_you_mean
from negosim.scenario.loader import from_data
from negosim.scenario.models import DEFAULT_TAG, TAGGED, Scenario, fields_at
from negosim.strategies import DEFAULT_TACTIC as DEFAULT_TACTIC_NAME
from negosim.strategies.time_dependent import NAMED, named_for

_TOKEN = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def parse_path(path: str) -> list[str | int]:
    """``a.b[0].c`` -> ["a", "b", 0, "c"]; raises ValueError on malformed paths."""
    tokens: list[str | int] = []
    pos = 0
    while pos < len(path):
        m = _TOKEN.match(path, pos)
        if not m or (pos == 0 and path.startswith(".")):
            raise ValueError(f"malformed path at character {pos + 1}")
        tokens.append(m[1] if m[1] is not None else int(m[2]))
        pos = m.end()
    if not tokens:
        raise ValueError("empty path")
    return tokens


def parse_assignment(text: str) -> tuple[str, Any]:
    """``PATH=VALUE`` -> (path, value); the value is read as YAML (``0.5``, ``true``, ``[0, 1]``)."""
    path, sep, value = text.partition("=")
    if not sep or not path.strip():
        raise OverrideError([Problem("expected PATH=VALUE", file=f"--set {text}")])
    if not value.strip():
        raise OverrideError(
            [Problem("no value after '=' (write null to clear an optional field)", file=f"--set {text}")]
        )
    try:
        parsed = YAML(typ="safe", pure=True).load(value)
    except Exception:  # not YAML: take the text as it is
        parsed = value
    if isinstance(parsed, dict) and not value.lstrip().startswith("{"):  # "Talks: round two" read as a mapping
        hint = value.strip().replace('"', '\\"')
        raise OverrideError(
            [
                Problem(
                    "the value reads as a YAML mapping because of its ': '; to set text, quote it: "
                    f"--set '{path.strip()}=\"{hint}\"' (a mapping is written {{key: value}})",
                    file=f"--set {text}",
                )
            ]
        )
    return path.strip(), parsed


def as_file(path: str) -> str:
    """Where a problem with override ``path`` lies, as a Problem's file: ``overrides["a.b"]``."""
    return f'overrides["{path}"]'


def override_of(file: str | None) -> str | None:
    """The override path a Problem's file names (``as_file``), or None."""
    if file and file.startswith('overrides["') and file.endswith('"]'):
        return file[len('overrides["') : -2]
    return None


def canonical(overrides: Any) -> str:
    """``overrides`` as canonical JSON: the same overrides, in any order, give the same text, and a whole
    number is the same written 0 or 0.0 (``--set x=0`` and a grid's 0.0 make the same run)."""
    return json.dumps(_whole(overrides), sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)


def _whole(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, dict):
        return {k: _whole(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_whole(x) for x in v]
    return v


def overrides_id(overrides: dict[str, Any]) -> str | None:
    """A short hash of ``overrides`` that tells runs apart (in folder names); None without overrides."""
    return hashlib.sha256(canonical(overrides).encode()).hexdigest()[:8] if overrides else None


def apply_overrides(sc: Scenario, overrides: dict[str, Any]) -> Scenario:
    """A new validated Scenario with ``overrides`` applied; every problem raised at once."""
    if not overrides:
        return sc
    raw = copy.deepcopy(sc.raw)
    problems: list[Problem] = []
    for path, value in overrides.items():
        if (
            path == "rounds"
            and "rounds" not in raw
            and isinstance(raw.get("deadline"), dict)
            and "rounds" in raw["deadline"]
        ):  # the number of rounds written with the deadline's consequence
            path = "deadline.rounds"
        if (msg := _assign(raw, path, value)) is not None:
            problems.append(Problem(msg, path=path, file=as_file(path)))
    _follow_beta(raw, overrides)
    try:
        touches_sources = any("evidence" in p or p.startswith("sources") for p in overrides)
        new = from_data(
            raw,
            file=sc.path,
            sha256=sc.sha256,
            sources=touches_sources,
            source_hashes=sc.source_hashes,
            marks=sc._marks,
        )
    except ScenarioError as exc:
        problems += [_blame(p, overrides) for p in exc.problems]
    if problems:
        raise OverrideError(problems)
    return new


def _assign(raw: dict, path: str, value: Any) -> str | None:
    """Set ``value`` at ``path`` in ``raw``; a message where the path leads nowhere, else None."""
    try:
        tokens = parse_path(path)
    except ValueError as exc:
        return str(exc)
    node: Any = raw
    loc: list = []  # the path as the format's models see it: a tagged block's tag after its key
    for n, tok in enumerate(tokens):
        where = ".".join(str(t) for t in tokens[:n]) or "the scenario"
        if isinstance(node, dict | list) and n == len(tokens) - 1 and (msg := _fits(node, tok, where)) is None:
            node[tok] = value
            return None
        if isinstance(node, dict | list):
            msg = _fits(node, tok, where) or (_missing(node, tok, tokens, n, loc) if isinstance(node, dict) else None)
            if msg:
                return msg
            node = node[tok]
            loc.append(tok)
            if tok in TAGGED and isinstance(node, dict):
                loc.append(node.get(TAGGED[tok][0], DEFAULT_TAG[tok]))
        elif n and tokens[n - 1] in TAGGED:  # ``protocol: alternating`` written by name alone
            block = f"{where}={{{TAGGED[tokens[n - 1]][0]}: {node}, {tok}: ...}}"
            return f"{where} is given by name ({node}); to set its {tok}, set the block: {block}"
        else:
            return f"{where} is a value, it has no .{tok}"
    return None


def _follow_beta(raw: dict, overrides: dict[str, Any]) -> None:
    """A ``strategy.beta`` override on a boulware, linear or conceder party names the tactic its beta
    makes (beta 0.2 to 5 sweeps from Boulware to Conceder), unless the overrides set the tactic too."""
    for path in overrides:
        try:
            tokens = parse_path(path)
        except ValueError:
            continue
        if tokens[-2:] != ["strategy", "beta"] or ".".join(map(str, tokens[:-1])) + ".tactic" in overrides:
            continue
        block = _at(raw, tokens[:-1])
        beta = block.get("beta") if isinstance(block, dict) else None
        if isinstance(beta, int | float) and beta > 0 and block.get("tactic", DEFAULT_TACTIC_NAME) in NAMED:
            block["tactic"] = named_for(beta)


def _at(raw: Any, tokens: list) -> Any:
    node = raw
    for tok in tokens:
        try:
            node = node[tok]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _fits(node: dict | list, tok: str | int, where: str) -> str | None:
    """Why ``tok`` cannot index ``node`` (a mapping takes keys, a list indices in range), or None."""
    if isinstance(node, dict):
        return f"{where} is a mapping; use .key, not [{tok}]" if isinstance(tok, int) else None
    if not isinstance(tok, int):
        return f"{where} is a list; use [index], not .{tok}"
    return None if 0 <= tok < len(node) else f"index [{tok}] out of range: {where} has {len(node)} items"


def _missing(node: dict, tok: str, tokens: list, n: int, loc: list) -> str | None:
    """A message for a key the mapping lacks: a field the file leaves out, or an unknown one."""
    if tok in node:
        return None
    where = ".".join(str(t) for t in tokens[:n]) or "the scenario"
    if tok in fields_at(tuple(loc)):  # a field of the format the file leaves out
        field = ".".join(str(t) for t in tokens[: n + 1])
        example = f"{field}=[...]" if isinstance(tokens[n + 1], int) else f"{field}={{{tokens[n + 1]}: ...}}"
        return f"{where} has no {tok} in the file: set {field} as a whole, e.g. {example}"
    return f'unknown key "{tok}" in {where}{did_you_mean(tok, [str(k) for k in node])}'


def _blame(problem: Problem, overrides: dict[str, Any]) -> Problem:
    """Attribute a validation problem to the override whose path it falls under, if any."""
    for path in overrides:
        norm = path.replace("[", ".[")
        if problem.path.replace("[", ".[").startswith(norm) or norm.startswith(problem.path.replace("[", ".[")):
            return Problem(problem.message, path=problem.path, file=as_file(path))
    return problem
