"""Running a sweep's runs through any ``concurrent.futures.Executor``: local worker processes, this
process alone, or a Dask cluster (``Client(ADDR).get_executor()``).

Runs are grouped in chunks; a worker applies and compiles each design point of its chunk once and
returns the chunk's rows as one Arrow table. A run that raises becomes a failed row; the chunk goes on.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import multiprocessing
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from negosim.errors import NegosimError
from negosim.scenario.models import Scenario
from negosim.sweep import rows
from negosim.sweep.seeds import run_seed

#: Runs per chunk at most: a chunk is the unit a worker returns and the store writes (and a kill loses).
CHUNK = 50


@dataclass(frozen=True)
class Chunk:
    """Runs for one worker: (point, replicate, seed) each, with every point's overrides."""

    scenario: Scenario
    runs: tuple[tuple[int, int, int], ...]
    overrides: dict[int, dict[str, Any]]  # point -> its overrides (the factors' values and the fixed ones)
    factors: tuple[str, ...]
    columns: tuple[str, ...]


def chunks(
    scenario: Scenario,
    points: list[dict[str, Any]],
    fixed: dict[str, Any],
    replicates: int,
    seed: int,
    done: set[tuple[int, int]],
    columns: list[str],
    workers: int,
    paired: bool = False,
) -> list[Chunk]:
    """The runs not yet ``done``, point-major, in chunks of at most CHUNK runs (smaller when there are few
    runs, so every worker gets several)."""
    todo = [(p, r, run_seed(seed, p, r, paired)) for p in range(len(points)) for r in range(replicates)
            if (p, r) not in done]  # fmt: skip
    size = max(1, min(CHUNK, -(-len(todo) // (4 * max(1, workers)))))
    names = tuple(points[0]) if points else ()
    out = []
    for start in range(0, len(todo), size):
        piece = tuple(todo[start : start + size])
        over = {p: {**fixed, **points[p]} for p in dict.fromkeys(p for p, _, _ in piece)}
        out.append(Chunk(scenario, piece, over, names, tuple(columns)))
    return out


def run_chunk(chunk: Chunk):
    """Run a chunk's runs; their rows as a pyarrow Table in the sweep's column order."""
    import pyarrow as pa

    from negosim.engine.compiled import compile_scenario
    from negosim.engine.simulate import simulate
    from negosim.identity import run_id
    from negosim.scenario.overrides import apply_overrides
    from negosim.space import build_space

    out: dict[str, list] = {c: [] for c in chunk.columns}
    compiled: dict[int, Any] = {}
    for point, rep, seed in chunk.runs:
        over = chunk.overrides[point]
        try:
            if point not in compiled:
                compiled = {point: compile_scenario(apply_overrides(chunk.scenario, over))}
            row = rows.row(simulate(compiled[point], seed=seed))  # the point compiled with its overrides
        except Exception as exc:  # recorded as a failed run; the sweep goes on
            row = rows.failed(build_space(chunk.scenario), exc)
        values = {f: over[f] for f in chunk.factors}
        keys = {"point": point, "replicate": rep, "seed": seed, "run_id": run_id(chunk.scenario.sha256, over, seed)}
        full = keys | values | row
        for c in chunk.columns:
            out[c].append(full.get(c))
    return pa.table({c: _column(c, v) for c, v in out.items()})


def _column(name: str, values: list):
    """One column as Arrow data; a factor of mixed numbers and text is kept as text."""
    import pyarrow as pa

    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([None if v is None else str(v) for v in values])


def drive(executor: cf.Executor, todo: list[Chunk], keep: Callable[[Any], None], workers: int) -> None:
    """Submit every chunk to ``executor`` (of ``workers`` workers); ``keep`` each finished chunk's table as it
    completes.

    A few chunks per worker are in flight at a time, so memory does not grow with the sweep.
    """
    pending = iter(todo)
    inflight: set[cf.Future] = set()
    limit = max(2, 2 * workers)

    def fill() -> None:
        while len(inflight) < limit and (chunk := next(pending, None)) is not None:
            fut = executor.submit(run_chunk, chunk)
            fut.runs = len(chunk.runs)  # type: ignore[attr-defined]
            inflight.add(fut)

    fill()
    while inflight:
        done, _ = cf.wait(inflight, return_when=cf.FIRST_COMPLETED)
        for fut in done:
            inflight.discard(fut)
            keep(fut.result())
        fill()


class SerialExecutor(cf.Executor):
    """Runs each task in this process when it is submitted (one worker: no processes, no pickling)."""

    workers = 1

    def submit(self, fn, /, *args, **kwargs) -> cf.Future:
        fut: cf.Future = cf.Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            fut.set_exception(exc)
        return fut


def _quiet_worker() -> None:
    """A worker process ignores Ctrl-C: the main process stops the sweep and the workers with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextlib.contextmanager
def local_executor(workers: int) -> Iterator[cf.Executor]:
    """``workers`` local processes (an explicit start method: ``import mesa`` may change the default);
    one worker runs in this process."""
    if workers <= 1:
        yield SerialExecutor()
        return
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    pool = cf.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method), initializer=_quiet_worker)
    try:
        yield pool
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _stop(pool: cf.ProcessPoolExecutor) -> None:
    """Stop at once: cancel what has not started and end the workers (their chunks are not kept)."""
    for proc in list(getattr(pool, "_processes", {}).values()):
        with contextlib.suppress(Exception):
            proc.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


@contextlib.contextmanager
def dask_executor(address: str, workers: int) -> Iterator[cf.Executor]:
    """An executor on the Dask cluster at ``address``, or on a new ``LocalCluster`` of ``workers``
    single-threaded processes when ``address`` is ``local``."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise NegosimError(
            "--scheduler needs Dask's distributed scheduler, which is not installed: "
            "pip install 'negosim[dask]' (in a clone of negosim: pip install '.[dask]')"
        ) from None
    cluster = None
    try:
        if address == "local":
            cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                   dashboard_address=":0")  # fmt: skip
            client = Client(cluster)
        else:
            try:
                client = Client(address, timeout=10)
            except (OSError, TimeoutError, ValueError) as exc:  # ValueError: an address Dask cannot parse
                raise NegosimError(f"--scheduler {address}: cannot reach the Dask scheduler ({exc})") from None
        executor = client.get_executor()
        executor.workers = max(1, len(client.scheduler_info().get("workers", {})))  # type: ignore[attr-defined]
        try:
            yield executor
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()


@contextlib.contextmanager
def executor_for(given: cf.Executor | None, scheduler: str | None, workers: int) -> Iterator[cf.Executor]:
    """``given``, else a Dask cluster's (``scheduler``: an address or ``local``), else ``workers`` local ones."""
    if given is not None:
        yield given
    elif scheduler:
        with dask_executor(scheduler, workers) as ex:
            yield ex
    else:
        with local_executor(workers) as ex:
            yield ex
