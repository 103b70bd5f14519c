"""``negosim.sweep``: run a scenario over a design, many seeded runs per point, into a sweep folder;
``negosim.load_sweep``: read one back. The CLI's ``negosim sweep`` is a thin face on these."""

from __future__ import annotations

import concurrent.futures as cf
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
        m = self.manifest
        values = [i for i in m["issues"] if i not in m["discrete"]] if m.get("forecasts") else []
        return measures(self.runs, m["issues"], m["parties"], values)

    @cached_property
    def sensitivity(self) -> pd.DataFrame | None:
        from negosim.sweep.sensitivity import sensitivity_table

        return sensitivity_table(_design_of(self.manifest), self.measures, seed=self.manifest["seed"])


def sweep(
    sc: Scenario | str | Path,
    factors: list[Factor | str] | dict[str, Any] | None = None,
    design: str | None = None,
    replicates: int | None = None,
    out: str | Path | None = None,
    executor: cf.Executor | None = None,
    *,
    samples: int | None = None,
    seed: int | None = None,
    overrides: dict[str, Any] | None = None,
    assumptions: bool = False,
    paired: bool = False,
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    figures: bool = True,
    fmt: str | None = None,
    progress: Callable[[int, int, int], None] | None = None,
    warn: Callable[[Problem], None] | None = None,
    command: list[str] | None = None,
) -> SweepResult:
    """Run ``sc`` (a Scenario, a scenario file, or a sweep file ``sweep: 1``, to whose factors and fields the
    arguments here are added) at every design point ``replicates`` times (default 10) into the sweep folder
    ``out``. ``factors``: ``PATH=SPEC`` strings, Factors, or ``{path: spec}``; ``assumptions`` adds one per judged
    number (design then Morris); ``paired``: the same seeds at every point. ``overrides`` hold for every run. Runs
    go to ``executor``, else a Dask cluster (``scheduler``: address or ``local``), else ``workers`` local processes
    (default every core; a script must call this under ``if __name__ == "__main__":``). ``resume`` finishes the
    sweep in ``out``; ``progress(done, total, failed)`` follows the chunks; ``warn`` gets the scenario's warnings.
    """
    import multiprocessing
    import os

    if multiprocessing.parent_process() is not None and executor is None and scheduler is None:
        raise NegosimError(IN_WORKER)
    given = {"factors": factors, "design": design, "replicates": replicates, "out": out, "samples": samples,
             "seed": seed, "overrides": overrides, "fmt": fmt, "paired": paired or None}  # fmt: skip
    a = _arguments(sc, given, assumptions)
    sc, replicates, seed, fixed = a["scenario"], a["replicates"], a["seed"], a["overrides"]
    for w in sc.warnings if warn else ():
        warn(w)
    plan = _plan(sc, a["factors"], a["assumptions"], a.get("design"), a.get("samples"), seed, fixed)
    space = check_points(sc, plan, fixed)
    identity = _identity(sc, plan, a.get("samples"), replicates, seed, fixed, bool(a.get("paired")))
    folder = Path(os.path.normpath(a["out"])) if a.get("out") is not None else default_folder(sc, identity)
    if resume and not (folder / store.MANIFEST).exists():
        _moved_on(folder, identity)
    workers = workers or os.cpu_count() or 1
    cols, new = _manifest(sc, plan, space, identity, replicates, command, assumptions)
    from negosim.sweep.outputs import write_outputs

    # the executor first: a cluster that cannot start leaves no folder behind
    with execute.executor_for(executor, scheduler, workers) as ex, store.open_store(folder, new, resume=resume,
                                                                        what=f"--out {folder}") as kept:  # fmt: skip
        _run(ex, folder, kept, sc, plan, fixed, cols, workers, progress)
        result = load_sweep(folder)
        write_outputs(result, figures=figures, fmt=a.get("fmt") or "png")
    return result


def _manifest(sc: Scenario, plan, space, identity: dict, replicates: int, command, assumptions: bool):
    """The runs table's columns and the folder's manifest; a factor named like a column is refused."""
    from negosim.sweep.rows import columns

    cols = columns(space, [f.path for f in plan.factors])
    if clash := [f.path for f in plan.factors if cols.count(f.path) > 1]:
        raise NegosimError(f"--vary {clash[0]}: a factor's path cannot be a column of the runs table; vary another")
    scenario = {"path": sc.path, "name": sc.name, "sha256": sc.sha256, "sources": sc.source_hashes}
    info = _info(sc, space, cols, assumptions)
    return cols, store.manifest(identity, scenario, len(plan) * replicates, command) | info


#: Why a sweep called in a worker process refuses (a script without a main guard, imported again there).
IN_WORKER = (
    "negosim.sweep was called in a worker process: Python imports the script again in each worker, so a script "
    'that sweeps on several workers must call it under if __name__ == "__main__":'
)


def _arguments(sc: Scenario | str | Path, given: dict[str, Any], assumptions: bool) -> dict[str, Any]:
    """The sweep's arguments: a sweep file's fields, with those given here on top; the scenario loaded."""
    from negosim.scenario.loader import load_scenario
    from negosim.sweep.spec import file_arguments

    args: dict[str, Any] = {"factors": [], "overrides": {}, "assumptions": False}
    if isinstance(sc, str | Path):
        args |= file_arguments(Path(sc))
        sc = args.pop("scenario")
    if not isinstance(sc, Scenario):
        sc = load_scenario(sc)
    args["factors"] = list(args["factors"]) + _factors(given.pop("factors"))
    args["overrides"] = {**args["overrides"], **(given.pop("overrides") or {})}
    args |= {k: v for k, v in given.items() if v is not None}
    args["assumptions"] = assumptions or args["assumptions"]
    args.setdefault("replicates", DEFAULT_REPLICATES)
    args.setdefault("seed", 0)
    if args["replicates"] < 1:
        raise NegosimError(f"--replicates must be at least 1 (got {args['replicates']})")
    return args | {"scenario": sc}


def _plan(sc: Scenario, factors: list[Factor], assumptions: bool, design: str | None, samples: int | None,
          seed: int, fixed: dict[str, Any]) -> Design:  # fmt: skip
    """The design: the factors named as explain names them (and the judged numbers, with ``assumptions``)."""
    found = [labelled(sc, whole_numbers(f, sc)) for f in factors]
    if assumptions:
        from negosim.sweep.assumptions import assumption_factors

        given = {f.path for f in found}
        found += [f for f in assumption_factors(sc) if f.path not in given]
        if not found:
            raise NegosimError(f"{sc.path}: the scenario marks no number as assumed: nothing to vary")
    if both := [f.path for f in found if f.path in fixed]:
        raise NegosimError(f"{both[0]} is both varied and fixed (--set): give it once")
    kind = design or ("morris" if assumptions else "factorial" if all(not f.sampled for f in found) else "lhs")
    if kind == "factorial" and samples is not None:
        raise NegosimError("--samples is for a sampled design (random, lhs, sobol, morris), not factorial")
    if kind != "factorial" and not found:
        raise NegosimError(f"a {kind} design samples factors: give at least one with --vary (or --assumptions)")
    return make_design(found, kind, samples, seed)


def _info(sc: Scenario, space, cols: list[str], assumptions: bool) -> dict[str, Any]:
    """What the manifest keeps of the scenario for the tables and figures."""
    discrete = [i for k, i in enumerate(space.issues) if space.discrete[k]]
    from negosim.protocols import protocol_class

    return {"issues": list(space.issues), "discrete": discrete, "parties": [space.actors[a] for a in space.parties],
            "assumptions": assumptions, "columns": cols, "names": names(sc),
            "forecasts": protocol_class(sc.protocol.name).forecasts}  # fmt: skip


def _run(ex, folder: Path, kept: dict, sc: Scenario, plan: Design, fixed: dict, cols: list[str], workers: int,
         progress) -> None:  # fmt: skip
    """Run what the folder does not keep yet, keeping each finished chunk as its part file."""
    from concurrent.futures.process import BrokenProcessPool

    total = kept["runs"]
    done = store.finished(folder)
    todo = execute.chunks(sc, list(plan.points), fixed, kept["replicates"], kept["seed"], done, cols, workers,
                          paired=bool(kept.get("paired")))  # fmt: skip
    count = {"done": len(done), "failed": _failed_so_far(folder) if done else 0, "part": store.next_part(folder)}
    if progress:
        progress(count["done"], total, count["failed"])

    def keep(table) -> None:
        store.write_part(folder, count["part"], table, store.part_meta(kept))
        count["part"] += 1
        count["done"] += table.num_rows
        count["failed"] += sum(1 for t in table["error_type"].to_pylist() if t)
        if progress:
            progress(count["done"], total, count["failed"])

    try:
        execute.drive(ex, todo, keep, workers)
    except KeyboardInterrupt:
        raise SweepInterrupted(folder, count["done"], total) from None
    except BrokenProcessPool:
        raise NegosimError(f"a worker process died; the runs kept so far are in {folder}/. {IN_WORKER}") from None


def _moved_on(folder: Path, identity: dict[str, Any]) -> None:
    """With ``--resume`` and no sweep in ``folder``: refuse if a sibling holds this sweep of an earlier
    version of the scenario (the default folder is named by the scenario's hash), else start."""
    if not folder.parent.is_dir():
        return
    for other in sorted(folder.parent.glob("sweep-*/" + store.MANIFEST)):
        try:
            old = store.read_manifest(other.parent)
        except NegosimError:
            continue
        same = all(store.canonical(old.get(k)) == store.canonical(identity.get(k)) for k in store.IDENTITY
                   if k != "scenario_sha256")  # fmt: skip
        if same and old.get("scenario_sha256") != identity["scenario_sha256"]:
            raise NegosimError(
                f"cannot resume: the scenario file has changed since the sweep in {other.parent}/ started (its "
                "SHA-256 differs); leave out --resume to start this sweep of the edited file"
            )


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
    A value that makes a point invalid stops the sweep, naming the factor, the points and the values; a
    problem shared by many points is said once."""
    from negosim.scenario.overrides import apply_overrides, override_of
    from negosim.space import build_space

    found: dict[tuple, list[tuple[int, Any]]] = {}
    for n, point in enumerate(plan.points):
        try:
            apply_overrides(sc, {**fixed, **point})
        except OverrideError as exc:
            for p in exc.problems:
                path = override_of(p.file)
                found.setdefault((path, p.path, p.message, p.file), []).append((n, point.get(path)))
    if not found:
        return build_space(sc)
    origins = {f.path: f.origin or f"--vary {f.path}" for f in plan.factors}
    bad = [_at_points(key, hits, origins, len(plan)) for key, hits in found.items()]
    points = len({n for hits in found.values() for n, _ in hits})
    makes = "makes" if points == 1 else "make"
    bad.append(Problem(f"{points} of {len(plan)} design points {makes} an invalid scenario; no run was started"))
    raise NegosimError(bad)


def _at_points(key: tuple, hits: list[tuple[int, Any]], origins: dict[str, str], n_points: int) -> Problem:
    """One problem at the design points ``hits`` (point, value of the factor it is about)."""
    path, at, message, file = key
    if path in origins:
        values = list(dict.fromkeys(repr(v) for _, v in hits))
        where = "every design point" if len(hits) == n_points > 1 else (
            f"design point{'s' if len(hits) > 1 else ''} {', '.join(str(n) for n, _ in hits[:SHOWN])}"
            + (" ..." if len(hits) > SHOWN else ""))  # fmt: skip
        got = f"; value{'s' if len(values) > 1 else ''} {', '.join(values[:SHOWN])}" if values != ["None"] else ""
        return Problem(message, path=at, file=f"{origins[path]} ({where}{got})")
    if path:
        return Problem(message, path=at, file=f"--set {path}")
    return Problem(message, path=at, file=file)


def _factors(factors: list[Factor | str] | dict[str, Any] | None) -> list[Factor]:
    if factors is None:
        return []
    if isinstance(factors, dict):
        return [factor(path, spec, where=f"factors[{path!r}]") for path, spec in factors.items()]
    return [f if isinstance(f, Factor) else parse_vary(f) for f in factors]


def _identity(sc: Scenario, plan: Design, samples: int | None, replicates: int, seed: int, fixed: dict,
              paired: bool = False) -> dict:  # fmt: skip
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
        **({"paired": True} if paired else {}),  # unpaired sweeps keep the identity (and folder) they had
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
