"""Runs in memory: ``evaluate(scenario, points)`` runs each point (dotted path -> value) ``replicates``
times and returns their rows as a DataFrame: the rows a sweep folder keeps (docs/reference/sweep.md),
with the same seeds, and no folder. For a design of one's own (a SALib sampler, an optimiser's
candidates) or a notebook; ``negosim.sweep`` is the resumable, on-disk run of a named design.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from negosim.errors import NegosimError, OverrideError, Problem
from negosim.scenario.models import Scenario
from negosim.sweep import execute, rows

if TYPE_CHECKING:
    import pandas as pd


def evaluate(
    sc: Scenario | str | Path,
    points: list[dict[str, Any]],
    replicates: int = 1,
    *,
    seed: int = 0,
    overrides: dict[str, Any] | None = None,
    paired: bool = False,
    workers: int = 1,
    executor: cf.Executor | None = None,
    scheduler: str | None = None,
) -> pd.DataFrame:
    """One row per run of every point of ``points`` (each the same dotted paths) ``replicates`` times, point
    then replicate: keys, the points' values, outcome and measures (``rows.columns``). Seeds are a sweep's
    (``seeds.run_seed``), so a sweep's points evaluated here give its rows. ``overrides`` hold for every run;
    runs go to ``executor``, a Dask cluster (``scheduler``) or ``workers`` local processes (default: this one).
    A point that makes an invalid scenario stops it before any run; a run that raises is a failed row."""
    import pandas as pd
    import pyarrow as pa

    from negosim.scenario.loader import load_scenario
    from negosim.space import build_space

    if multiprocessing.parent_process() is not None and executor is None and scheduler is None and workers > 1:
        from negosim.sweep.api import IN_WORKER

        raise NegosimError(IN_WORKER)
    sc = sc if isinstance(sc, Scenario) else load_scenario(sc)
    fixed = dict(overrides or {})
    points = [dict(p) for p in points]
    _check(sc, points, fixed)
    cols = rows.columns(build_space(sc), list(points[0]) if points else [])
    todo = execute.chunks(sc, points, fixed, replicates, seed, set(), cols, workers, paired=paired)
    tables: list = []
    with execute.executor_for(executor, scheduler, workers) as ex:
        execute.drive(ex, todo, tables.append, workers)
    if not tables:
        return pd.DataFrame(columns=cols)
    table = pa.concat_tables(tables, promote_options="permissive")
    return table.to_pandas().sort_values(["point", "replicate"], kind="stable").reset_index(drop=True)


def _check(sc: Scenario, points: list[dict[str, Any]], fixed: dict[str, Any]) -> None:
    """Every point names the same paths and makes a valid scenario (with ``fixed``), or a located error."""
    from negosim.scenario.overrides import apply_overrides

    problems: list[Problem] = []
    names = set(points[0]) if points else set()
    for n, point in enumerate(points):
        if set(point) != names:
            problems.append(Problem(f"names {sorted(point)}, where points[0] names {sorted(names)}: every point "
                                    "gives the same paths", file=f"points[{n}]"))  # fmt: skip
            continue
        try:
            apply_overrides(sc, {**fixed, **point})
        except OverrideError as exc:
            problems += [Problem(p.message, path=p.path, file=f"points[{n}]") for p in exc.problems]
    if problems:
        raise NegosimError(problems)
