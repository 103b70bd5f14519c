"""``negosim.sweep``: run a scenario over a design, many seeded runs per point, into a sweep folder;
``negosim.load_sweep``: read one back. The CLI's ``negosim sweep`` is a thin face on these."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from negosim.errors import NegosimError, OverrideError, Problem
from negosim.folders import Interrupted
from negosim.scenario.models import Scenario
from negosim.sweep import execute, store
from negosim.sweep.assumptions import labelled
from negosim.sweep.designs import Design, make_design
from negosim.sweep.factors import Factor, factor, parse_vary, whole_numbers
from negosim.sweep.tables import measures, summary_table

if TYPE_CHECKING:
    import pandas as pd

#: Seeded runs per design point when not given.
DEFAULT_REPLICATES = 10
#: Design points whose problems are listed when a design makes invalid scenarios.
SHOWN = 5


class SweepInterrupted(Interrupted):
    """Ctrl-C or SIGTERM during a sweep: every finished chunk is kept in ``folder``."""

    def __init__(self, folder: Path, done: int, total: int):
        super().__init__(committed=False, folder=folder)
        self.done, self.total = done, total


@dataclass(frozen=True, eq=False)
class SweepResult:
    """A sweep folder's content: its manifest, every run, one summary row per design point, and the
    sensitivity of each outcome measure to each factor (Morris and Sobol designs)."""

    folder: Path
    manifest: dict[str, Any]
    runs: pd.DataFrame = field(repr=False)

    @property
    def factors(self) -> list[Factor]:
        return [Factor.from_dict(f) for f in self.manifest["factors"]]

    @property
    def design(self) -> str:
        return self.manifest["design"]

    @property
    def complete(self) -> bool:
        return len(self.runs) == self.manifest["runs"]

    @property
    def failed(self) -> int:
        return int((self.runs["error_type"] != "").sum()) if len(self.runs) else 0

    @cached_property
    def summary(self) -> pd.DataFrame:
        m = self.manifest
        return summary_table(self.runs, [f.path for f in self.factors], m["issues"], set(m["discrete"]), m["parties"])

    @cached_property
    def measures(self) -> pd.DataFrame:
        return measures(self.runs, self.manifest["issues"], self.manifest["parties"])

    @cached_property
    def sensitivity(self) -> pd.DataFrame | None:
        from negosim.sweep.sensitivity import sensitivity_table

        return sensitivity_table(_design_of(self.manifest), self.measures, seed=self.manifest["seed"])


def sweep(
    sc: Scenario | str | Path,
    factors: list[Factor | str] | dict[str, Any] | None = None,
    design: str | None = None,
    replicates: int = DEFAULT_REPLICATES,
    out: str | Path | None = None,
    executor: cf.Executor | None = None,
    *,
    samples: int | None = None,
    seed: int = 0,
    overrides: dict[str, Any] | None = None,
    assumptions: bool = False,
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    figures: bool = True,
    fmt: str = "png",
    progress: Callable[[int, int, int], None] | None = None,
    command: list[str] | None = None,
) -> SweepResult:
    """Run ``sc`` at every design point ``replicates`` times into the sweep folder ``out``.

    ``factors``: ``PATH=SPEC`` strings, Factors, or ``{path: spec}``; ``assumptions`` adds one factor per
    judged number of the scenario (default design then Morris). ``overrides`` are fixed for every run.
    Runs go to ``executor`` if given, else to a Dask cluster (``scheduler``: an address or ``local``),
    else to ``workers`` local processes (default: every core). ``resume`` finishes a sweep in ``out``.
    ``progress(done, total, failed)`` is called as chunks finish.
    """
    import os

    from negosim.scenario.loader import load_scenario

    if isinstance(sc, str | Path):
        sc = load_scenario(sc)
    if replicates < 1:
        raise NegosimError(f"--replicates must be at least 1 (got {replicates})")
    found = [labelled(sc, whole_numbers(f, sc)) for f in _factors(factors)]
    if assumptions:
        from negosim.sweep.assumptions import assumption_factors

        given = {f.path for f in found}
        found += [f for f in assumption_factors(sc) if f.path not in given]
        if not found:
            raise NegosimError(f"{sc.path}: the scenario marks no number as assumed: nothing to vary")
    kind = design or ("morris" if assumptions else "factorial" if all(not f.sampled for f in found) else "lhs")
    fixed = dict(overrides or {})
    plan = make_design(found, kind, samples, seed)
    space = check_points(sc, plan, fixed)
    identity = _identity(sc, plan, samples, replicates, seed, fixed)
    folder = Path(out) if out is not None else default_folder(sc, identity)
    workers = workers or os.cpu_count() or 1
    from negosim.sweep.rows import columns

    cols = columns(space, [f.path for f in plan.factors])
    if clash := [f.path for f in plan.factors if cols.count(f.path) > 1]:
        raise NegosimError(f"--vary {clash[0]}: a factor's path cannot be a column of the runs table; vary another")
    discrete = [i for k, i in enumerate(space.issues) if space.discrete[k]]
    info = {"issues": list(space.issues), "discrete": discrete, "parties": [space.actors[a] for a in space.parties],
            "assumptions": assumptions, "columns": cols, "names": names(sc)}  # fmt: skip
    scenario = {"path": sc.path, "name": sc.name, "sha256": sc.sha256, "sources": sc.source_hashes}
    total = len(plan) * replicates
    new = store.manifest(identity, scenario, total, command) | info
    with store.open_store(folder, new, resume=resume, what=f"--out {folder}") as kept:
        done = store.finished(folder)
        todo = execute.chunks(sc, list(plan.points), fixed, replicates, seed, done, cols, workers)
        count = {"done": len(done), "failed": _failed_so_far(folder) if done else 0}
        if progress:
            progress(count["done"], total, count["failed"])
        number = [store.next_part(folder)]

        def keep(table) -> None:
            store.write_part(folder, number[0], table, store.part_meta(kept))
            number[0] += 1

        def advance(n: int, bad: int) -> None:
            count["done"] += n
            count["failed"] += bad
            if progress:
                progress(count["done"], total, count["failed"])

        try:
            with _executor(executor, scheduler, workers) as ex:
                execute.drive(ex, todo, keep, advance)
        except KeyboardInterrupt:
            raise SweepInterrupted(folder, count["done"], total) from None
        result = load_sweep(folder)
        from negosim.sweep.outputs import write_outputs

        write_outputs(result, figures=figures, fmt=fmt)
    return result


def load_sweep(folder: str | Path) -> SweepResult:
    """Read a sweep folder back (finished or not): its manifest and every kept run."""
    folder = Path(folder)
    return SweepResult(folder, store.read_manifest(folder), store.read_runs(folder))


def names(sc: Scenario) -> dict[str, Any]:
    """How tables and figures name the scenario's parts, kept in the manifest (the file may move)."""
    issues = sc.issues.items()
    return {
        "round_unit": sc.round_unit,
        "issues": {iid: i.name for iid, i in issues},
        "options": {iid: list(i.options) for iid, i in issues if i.kind == "discrete"},
        "ranges": {iid: [float(i.range[0]), float(i.range[1])] for iid, i in issues if i.kind == "continuous"},
        "actors": {aid: a.name for aid, a in sc.actors.items()},
    }


def default_folder(sc: Scenario, identity: dict[str, Any]) -> Path:
    """``results/<scenario file stem>/sweep-<short hash of the design>/``."""
    stem = Path(sc.path).stem if sc.path else "scenario"
    return Path("results") / stem / f"sweep-{store.design_id(identity)}"


def check_points(sc: Scenario, plan: Design, fixed: dict[str, Any]):
    """Validate the scenario at every design point before any run; the base space (for the columns).
    A value that makes a point invalid stops the sweep, naming the point and the value."""
    from negosim.engine.space import build_space
    from negosim.scenario.overrides import apply_overrides

    bad: list[Problem] = []
    points = 0
    for n, point in enumerate(plan.points):
        try:
            apply_overrides(sc, {**fixed, **point})
        except OverrideError as exc:
            points += 1
            if points <= SHOWN:
                bad += [_at_point(n, point, p) for p in exc.problems]
    if points:
        more = f" (and {points - SHOWN} more)" if points > SHOWN else ""
        bad.append(Problem(f"{points} of {len(plan)} design points make an invalid scenario{more}; no run was started"))
        raise NegosimError(bad)
    return build_space(sc)


def _at_point(n: int, point: dict[str, Any], p: Problem) -> Problem:
    from negosim.scenario.overrides import override_of

    path = override_of(p.file)
    if path in point:
        where = f"--vary {path}={point[path]!r} (design point {n})"
    elif path:
        where = f"--set {path}"
    else:
        values = ", ".join(f"{k}={v!r}" for k, v in point.items())
        where = f"design point {n} ({values})"
    return Problem(p.message, path=p.path, file=where)


def _factors(factors: list[Factor | str] | dict[str, Any] | None) -> list[Factor]:
    if factors is None:
        return []
    if isinstance(factors, dict):
        return [factor(path, spec, where=f"factors[{path!r}]") for path, spec in factors.items()]
    return [f if isinstance(f, Factor) else parse_vary(f) for f in factors]


def _identity(sc: Scenario, plan: Design, samples: int | None, replicates: int, seed: int, fixed: dict) -> dict:
    return {
        "scenario_sha256": sc.sha256,
        "design": plan.kind,
        "factors": [f.as_dict() for f in plan.factors],
        "samples": samples,
        "points": [list(p.values()) for p in plan.points],
        "unit": None if plan.unit is None else plan.unit.tolist(),
        "replicates": replicates,
        "seed": seed,
        "set": fixed,
    }


def _design_of(manifest: dict[str, Any]) -> Design:
    import numpy as np

    factors = tuple(Factor.from_dict(f) for f in manifest["factors"])
    names = [f.path for f in factors]
    points = tuple(dict(zip(names, p, strict=True)) for p in manifest["points"])
    unit = None if manifest.get("unit") is None else np.asarray(manifest["unit"], dtype=float)
    return Design(manifest["design"], factors, points, unit)


def _failed_so_far(folder: Path) -> int:
    runs = store.read_runs(folder)
    return int((runs["error_type"] != "").sum()) if len(runs) else 0


@contextlib.contextmanager
def _executor(given: cf.Executor | None, scheduler: str | None, workers: int):
    if given is not None:
        yield given
    elif scheduler:
        with execute.dask_executor(scheduler, workers) as ex:
            yield ex
    else:
        with execute.local_executor(workers) as ex:
            yield ex
