"""One row per run: what a sweep keeps of a RunResult (a few numbers, never its history or events; the
measures are declared in measures.py).

Columns: ``point``, ``replicate``, ``seed``, ``run_id`` (that of ``negosim run`` with this seed and these
values as ``--set``), every factor's value (named by its path), ``outcome``,
``round`` (the round the talks ended; ``rounds``, the deadline, may be a factor),
``settled_<issue>``, ``value_<issue>`` (the agreed or interim value; NaN, or "" for a
discrete issue, when not settled), ``utility_<party>``, ``final_distance``, ``nash_distance``,
``durable``, ``ripe_rounds``, ``error_type`` and ``error`` (empty for a run that finished).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from negosim.sweep import measures

if TYPE_CHECKING:
    from negosim.engine.result import RunResult
    from negosim.space import Space

KEYS = ("point", "replicate", "seed", "run_id")
ERRORS = ("error_type", "error")


def columns(space: Space, factors: list[str]) -> list[str]:
    """Every column of a sweep's runs table, in order."""
    parties = [space.actors[a] for a in space.parties]
    return [*KEYS, *factors, *(c for m in measures.MEASURES for c in m.columns(list(space.issues), parties)), *ERRORS]


def row(res: RunResult) -> dict[str, Any]:
    """The measures of a finished run (the caller adds its keys and factor values)."""
    return measures.row(res) | {"error_type": "", "error": ""}


def failed(space: Space, exc: BaseException) -> dict[str, Any]:
    """The row of a run that raised: no measures, its error's type and message."""
    return measures.failed_row(space) | {"error_type": type(exc).__name__, "error": str(exc)[:2000]}
