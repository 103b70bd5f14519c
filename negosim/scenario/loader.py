"""Read a scenario file with ruamel.yaml and validate it, locating every problem in the file."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from negosim.errors import Problem, ScenarioError
from negosim.scenario.checks import Loc, check
from negosim.scenario.models import Scenario

MAX_BYTES = 5 * 1024 * 1024


def load_scenario(path: str | Path) -> Scenario:
    """Read, validate and cross-check a scenario file; raise ScenarioError with every problem."""
    path = Path(path)
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ScenarioError([Problem(f"cannot read the file ({exc.strerror})", file=name)]) from None
    if len(data) > MAX_BYTES:
        raise ScenarioError([Problem(f"file is larger than {MAX_BYTES // 2**20} MB", file=name)])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError([Problem(f"not UTF-8 text (byte {exc.start})", file=name)]) from None
    raw = parse_yaml(text, name)
    return from_data(raw, file=name, sha256=hashlib.sha256(data).hexdigest())


def parse_yaml(text: str, name: str) -> Any:
    """Parse YAML text keeping line/column marks; syntax errors become located problems."""
    try:
        return YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msg = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "YAML syntax error"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise ScenarioError([Problem(f"YAML: {msg}", file=name, line=line, col=col)]) from None
    except Exception as exc:  # ruamel raises a few unmarked errors (e.g. on control characters)
        raise ScenarioError([Problem(f"YAML: {exc}", file=name)]) from None


def from_data(raw: Any, *, file: str | None = None, sha256: str | None = None) -> Scenario:
    """Validate parsed data (ruamel nodes or plain dicts) into a Scenario."""
    if not isinstance(raw, dict):
        raise ScenarioError([Problem("a scenario is a YAML mapping (key: value lines)", file=file, line=1, col=1)])
    try:
        sc = Scenario.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError(_problems(exc, raw, file)) from None
    problems = [_problem(raw, loc, msg, file) for loc, msg in check(sc)]
    if problems:
        raise ScenarioError(problems)
    sc._raw = plain(raw)
    sc._path = file
    sc._sha256 = sha256 or hashlib.sha256(json.dumps(sc._raw, sort_keys=True, default=str).encode()).hexdigest()
    return sc


def plain(node: Any) -> Any:
    """A deep copy of ruamel nodes as plain dicts, lists and scalars."""
    if isinstance(node, dict):
        return {plain(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, float):
        return float(node)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, str):
        return str(node)
    return copy.deepcopy(node)


def _problems(exc: ValidationError, raw: Any, file: str | None) -> list[Problem]:
    out = []
    for err in exc.errors():
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        elif err["type"] == "missing":
            msg = "missing required field"
        elif err["type"] == "literal_error":
            msg = f"{msg}, got {err['input']!r}"
        problem = _problem(raw, err["loc"], msg, file, key=err["type"] == "extra_forbidden")
        if problem not in out:
            out.append(problem)
    return out


def _problem(raw: Any, loc: Loc, msg: str, file: str | None, *, key: bool = False) -> Problem:
    """Locate ``loc`` in the parsed data: the deepest node that exists, dropping pydantic's type tags."""
    node, path, line, col = raw, [], None, None
    for n, seg in enumerate(loc):
        last = n == len(loc) - 1
        if isinstance(node, dict) and seg in node:
            pos = _mark(node, seg, key=key and last)
            node = node[seg]
        elif isinstance(node, list) and isinstance(seg, int) and 0 <= seg < len(node):
            pos = _mark(node, seg)
            node = node[seg]
        elif last and isinstance(node, dict):  # a missing field: point at its mapping
            pos = _mark_node(node)
        else:  # a pydantic type tag such as 'float' or 'function-after[...]'
            continue
        path.append(seg)
        if pos is not None:
            line, col = pos
    return Problem(msg, path=_dotted(path), file=file, line=line, col=col)


def _mark(node: Any, seg: Any, *, key: bool = False) -> tuple[int, int] | None:
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        if isinstance(node, list):
            line, col = lc.item(seg)
        else:
            line, col = lc.key(seg) if key or not _is_scalar(node[seg]) else lc.value(seg)
    except (KeyError, IndexError, TypeError):
        return None
    return line + 1, col + 1


def _mark_node(node: Any) -> tuple[int, int] | None:
    lc = getattr(node, "lc", None)
    return (lc.line + 1, lc.col + 1) if lc is not None and lc.line is not None else None


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


def _dotted(path: list[Any]) -> str:
    out = ""
    for seg in path:
        out += f"[{seg}]" if isinstance(seg, int) else (f".{seg}" if out else str(seg))
    return out
