"""The factors of a sweep: a scenario path (the ``--set`` syntax) and the values it takes.

``--vary PATH=SPEC``: ``a,b,c`` values (each read as YAML, like ``--set``), ``lo:hi:n`` an evenly
spaced grid with both ends, ``lo..hi`` a range that a sampled design draws from.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel

from negosim.errors import NegosimError, Problem
from negosim.scenario.overrides import parse_assignment, parse_path

if TYPE_CHECKING:
    from negosim.scenario.models import Scenario

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_GRID = re.compile(rf"^\s*({_NUMBER})\s*:\s*({_NUMBER})\s*:\s*(\d+)\s*$")
_HALF_GRID = re.compile(rf"^\s*({_NUMBER})\s*:\s*({_NUMBER})\s*$")
_RANGE = re.compile(rf"^\s*({_NUMBER})\s*\.\.\s*({_NUMBER})\s*$")


@dataclass(frozen=True)
class Factor:
    """One scenario number (or choice) a sweep varies: a list of values, or a range ``[lo, hi]``."""

    path: str
    values: tuple[Any, ...] | None = None  # values or a grid: what a factorial design takes
    lo: float | None = None  # a range, for the sampled designs
    hi: float | None = None
    integer: bool = False  # a whole number (a horizon, a number of rounds): sampled values are rounded
    spec: str = ""  # as the user wrote it, for the manifest and the report
    label: str = ""  # how tables and figures name it (an assumption: actor, field and its text)
    assumed: str | None = None  # the scenario's own text for a judged number
    origin: str = ""  # where it was given, for messages (``FILE:LINE:COL`` of a sweep file); not its identity

    def __post_init__(self):
        if isinstance(self.values, str):
            raise TypeError(f"Factor values are a tuple; for a SPEC such as {self.values!r} use "
                            f"parse_vary('{self.path}={self.values}') or factor(path, spec)")  # fmt: skip

    @property
    def sampled(self) -> bool:
        """A range, which only a sampled design (random, lhs, sobol, morris) can take."""
        return self.values is None

    @property
    def name(self) -> str:
        return self.label or self.path

    def at(self, u: float) -> Any:
        """The factor's value at ``u`` in [0, 1]: along the range, or the value whose share of [0, 1] holds u."""
        if self.values is not None:
            return self.values[min(int(u * len(self.values)), len(self.values) - 1)]
        x = self.lo + float(u) * (self.hi - self.lo)
        return round(x) if self.integer else float(x)

    def as_dict(self) -> dict[str, Any]:
        """The factor as the manifest records it."""
        out: dict[str, Any] = {"path": self.path, "spec": self.spec}
        out |= {"values": list(self.values)} if self.values is not None else {"range": [self.lo, self.hi]}
        if self.integer:
            out["integer"] = True
        if self.label:
            out["label"] = self.label
        if self.assumed:
            out["assumed"] = self.assumed
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Factor:
        values = tuple(d["values"]) if "values" in d else None
        lo, hi = d.get("range", (None, None))
        return cls(d["path"], values, lo, hi, d.get("integer", False), d.get("spec", ""), d.get("label", ""),
                   d.get("assumed"))  # fmt: skip


def parse_vary(text: str, *, where: str | None = None) -> Factor:
    """``PATH=SPEC`` -> a Factor; a malformed one raises NegosimError naming ``where`` (``--vary TEXT``)."""
    where = where or f"--vary {text}"
    path, sep, spec = text.partition("=")
    if not sep or not path.strip():
        raise NegosimError([Problem("expected PATH=SPEC, e.g. actors.russia.strategy.beta=0.2:5:5", file=where)])
    return factor(path.strip(), spec, where=where)


def factor(path: str, spec: Any, *, where: str = "") -> Factor:
    """A Factor for ``path`` from a SPEC string, a list of values or ``{lo: , hi: }`` (a sweep file)."""
    try:
        parse_path(path)
    except ValueError as exc:
        raise NegosimError([Problem(f"{path}: {exc}", file=where)]) from None
    if isinstance(spec, list | tuple):
        return _values(path, tuple(spec), ", ".join(map(str, spec)), where)
    if isinstance(spec, dict):
        if extra := [k for k in spec if k not in ("lo", "hi")]:
            from negosim.scenario.checks import did_you_mean

            hint = did_you_mean(str(extra[0]), ["lo", "hi"])
            raise NegosimError([Problem(f'a range is {{lo: , hi: }}: unknown key "{extra[0]}"{hint}', file=where)])
        return _range(path, spec.get("lo"), spec.get("hi"), f"{spec.get('lo')}..{spec.get('hi')}", where)
    text = str(spec)
    if not text.strip():
        raise NegosimError([Problem("no values after '=': give a,b,c or lo:hi:n or lo..hi", file=where)])
    if m := _GRID.match(text):
        lo, hi, n = float(m[1]), float(m[2]), int(m[3])
        if n < 2:
            raise NegosimError([Problem(f"a grid lo:hi:n needs n >= 2 (got {n}); for one value write it alone",
                                        file=where)])  # fmt: skip
        integer = _whole(m[1]) and _whole(m[2]) and (hi - lo) % (n - 1) == 0
        grid = [round(float(v)) if integer else _tidy(v) for v in np.linspace(lo, hi, n)]
        return Factor(path, tuple(grid), spec=text.strip())
    if m := _RANGE.match(text):
        return _range(path, float(m[1]), float(m[2]), text.strip(), where)
    if _HALF_GRID.match(text):
        raise NegosimError([Problem(f'"{text.strip()}" is a grid without its n: write lo:hi:n, n the number of '
                                    "values (e.g. 0:0.2:5), or lo..hi for a range", file=where)])  # fmt: skip
    if ".." in text or text.count(":") == 2:
        raise NegosimError([Problem(f'"{text}" is neither a grid lo:hi:n (n a whole number) nor a range lo..hi',
                                    file=where)])  # fmt: skip
    values = tuple(parse_assignment(f"{path}={piece}")[1] for piece in _pieces(text, where))
    return _values(path, values, text.strip(), where)


def _values(path: str, values: tuple, spec: str, where: str) -> Factor:
    if not values:
        raise NegosimError([Problem("an empty list of values", file=where)])
    if len(set(map(repr, values))) < len(values):
        raise NegosimError([Problem(f"a value is given twice in {spec}", file=where)])
    return Factor(path, values, spec=spec)


def _range(path: str, lo: Any, hi: Any, spec: str, where: str) -> Factor:
    bad = [v for v in (lo, hi) if not isinstance(v, int | float) or isinstance(v, bool) or not math.isfinite(v)]
    if bad:
        raise NegosimError([Problem(f"a range needs two numbers lo and hi (got {spec})", file=where)])
    if not lo < hi:
        raise NegosimError([Problem(f"a range lo..hi needs lo < hi (got {spec})", file=where)])
    return Factor(path, None, float(lo), float(hi), spec=spec)


def whole_numbers(f: Factor, sc: Scenario) -> Factor:
    """``f`` drawing whole numbers where the scenario's field at its path takes an integer (a horizon)."""
    if not f.sampled or f.integer:
        return f
    node: Any = sc
    tokens = parse_path(f.path)
    for tok in tokens[:-1]:
        try:
            node = node[tok] if isinstance(tok, int) or isinstance(node, dict) else getattr(node, tok)
        except (KeyError, IndexError, AttributeError, TypeError):
            return f
    info = type(node).model_fields.get(tokens[-1]) if isinstance(node, BaseModel) else None
    return replace(f, integer=True) if info is not None and info.annotation is int else f


def _pieces(text: str, where: str) -> list[str]:
    """``a,b,c`` split at top-level commas (a value may be a YAML list ``[0, 1]`` or a quoted text)."""
    out, depth, quote, cur = [], 0, "", ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(cur)
            cur = ""
            continue
        cur += ch
    out.append(cur)
    if any(not p.strip() for p in out):
        raise NegosimError([Problem(f'an empty value in "{text}" (two commas, or one at an end)', file=where)])
    return out


def _whole(text: str) -> bool:
    return re.fullmatch(r"[-+]?\d+", text.strip()) is not None


def _tidy(v: float) -> float:
    """A grid value without float noise (0.30000000000000004 -> 0.3)."""
    return float(f"{v:.12g}")
