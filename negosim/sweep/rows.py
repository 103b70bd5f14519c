"""One row per run: what a sweep keeps of a RunResult (a few numbers, never its history or events).

Columns: ``point``, ``replicate``, ``seed``, ``run_id`` (that of ``negosim run`` with this seed and these
values as ``--set``), every factor's value (named by its path), ``outcome``,
``round`` (the round the talks ended; ``rounds``, the deadline, may be a factor),
``settled_<issue>``, ``value_<issue>`` (the agreed or interim value; NaN, or "" for a
discrete issue, when not settled), ``utility_<party>``, ``final_distance``, ``nash_distance``,
``durable``, ``ripe_rounds``, ``error_type`` and ``error`` (empty for a run that finished).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from negosim.engine.result import RunResult
from negosim.engine.summary import distance_to
from negosim.space import Space

KEYS = ("point", "replicate", "seed", "run_id")
MEASURES = ("outcome", "round", "final_distance", "nash_distance", "durable", "ripe_rounds")
ERRORS = ("error_type", "error")


def columns(space: Space, factors: list[str]) -> list[str]:
    """Every column of a sweep's runs table, in order."""
    issues = [f"{c}_{iid}" for c in ("settled", "value") for iid in space.issues]
    parties = [f"utility_{space.actors[a]}" for a in space.parties]
    return [*KEYS, *factors, *MEASURES, *issues, *parties, *ERRORS]


def row(res: RunResult) -> dict[str, Any]:
    """The measures of a finished run (the caller adds its keys and factor values)."""
    s = res.space
    settled = _settled(res)
    nash = res.nash_point() if res.agreement is not None else None
    out: dict[str, Any] = {
        "outcome": res.outcome,
        "round": res.round,
        "final_distance": float(res.distance[-1]) if len(res.distance) else math.nan,
        "nash_distance": _num(distance_to(res, nash)),
        "durable": res.durable(),
        "ripe_rounds": int(np.count_nonzero(res.ripe)) if res.ripe is not None else 0,
    }
    for k, iid in enumerate(s.issues):
        out[f"settled_{iid}"] = not math.isnan(settled[k])
    for k, iid in enumerate(s.issues):
        v = settled[k]
        out[f"value_{iid}"] = ("" if math.isnan(v) else s.options[k][int(v)]) if s.discrete[k] else float(v)
    out |= {f"utility_{name}": u for name, u in res.utilities.items() if f"utility_{name}" in _party_cols(s)}
    return out | {"error_type": "", "error": ""}


def failed(space: Space, exc: BaseException) -> dict[str, Any]:
    """The row of a run that raised: no measures, its error's type and message."""
    out: dict[str, Any] = {"outcome": "failed", "round": -1, "final_distance": math.nan, "nash_distance": math.nan,
                           "durable": None, "ripe_rounds": -1}  # fmt: skip
    for iid in space.issues:
        out[f"settled_{iid}"] = False
    for k, iid in enumerate(space.issues):
        out[f"value_{iid}"] = "" if space.discrete[k] else math.nan
    out |= {c: math.nan for c in _party_cols(space)}
    return out | {"error_type": type(exc).__name__, "error": str(exc)[:2000]}


def _party_cols(space: Space) -> set[str]:
    return {f"utility_{space.actors[a]}" for a in space.parties}


def _settled(res: RunResult) -> np.ndarray:
    """Per issue the agreed value, else the interim value, else NaN (option index for a discrete issue)."""
    if res.agreement is not None:
        return res.agreement.astype(float)
    if res.interim is None:
        return np.full(res.space.n_issues, np.nan)
    return res.interim.astype(float)


def _num(v: float | None) -> float:
    return math.nan if v is None else v
