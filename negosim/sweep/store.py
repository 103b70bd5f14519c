"""The sweep folder: ``manifest.json``, ``runs/part-NNNNN.parquet`` (one per finished chunk, each
written atomically), then the summaries, figures and report. A run is kept once its part file is in
place, so a killed sweep loses at most the chunks under way, and ``--resume`` runs only the rest.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from negosim.errors import NegosimError, Problem
from negosim.folders import lock
from negosim.identity import __version__, mesa_version, versions
from negosim.output import atomic_write
from negosim.scenario.overrides import canonical

MANIFEST = "manifest.json"
RUNS = "runs"
_PART = re.compile(r"^part-(\d{5,})\.parquet$")
#: What must match for ``--resume`` to finish a sweep: the same scenario, design, seed and overrides.
IDENTITY = ("scenario_sha256", "design", "factors", "samples", "points", "replicates", "seed", "set", "paired")


def design_id(identity: dict[str, Any]) -> str:
    """A short hash of what makes the sweep (scenario, design, factors, replicates, seed, fixed overrides)."""
    kept = {k: identity.get(k) for k in IDENTITY if k != "paired" or identity.get(k)}  # unpaired: hashes as before
    return hashlib.sha256(canonical(kept).encode()).hexdigest()[:8]


def manifest(identity: dict[str, Any], scenario: dict[str, Any], runs: int, command: list[str] | None) -> dict:
    """The content of manifest.json: the sweep's identity, its scenario, the versions that ran it."""

    return {
        "negosim_sweep": 1,
        "design_id": design_id(identity),
        **identity,
        "scenario": scenario,
        "runs": runs,
        "negosim_version": __version__,
        "mesa_version": mesa_version(),
        "versions": versions(salib=_salib()),
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": command,
    }


def part_meta(manifest: dict[str, Any]) -> dict[str, Any]:
    """What every part file carries of the manifest: the scenario, the design, the seed, the fixed
    overrides and the versions (each row has its own seed and factor values)."""
    keys = ("design_id", "design", "scenario", "seed", "set", "negosim_version", "mesa_version", "versions")
    return {k: manifest.get(k) for k in keys}


@contextlib.contextmanager
def open_store(folder: Path, new: dict[str, Any], *, resume: bool, what: str) -> Iterator[dict]:
    """Lock ``folder`` and check it takes this sweep: new or empty; with ``resume``, one whose manifest
    has the same identity (refused, naming what differs, otherwise). Yields the manifest in force."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NegosimError(f"{what}: exists and is not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    with lock(folder.resolve(), what):
        old = _read_manifest(folder)
        if old is None and any(folder.iterdir()):
            raise NegosimError(f"{what}: the folder holds other files and is not a negosim sweep; choose a new or "
                               "empty folder")  # fmt: skip
        if old is not None and not resume and parts(folder):
            raise NegosimError(
                f"{what}: holds a sweep already ({_done(folder)} of {old['runs']} runs); finish it with --resume, "
                "or choose another folder with --out"
            )
        if old is not None:
            if differs := [k for k in IDENTITY if canonical(old.get(k)) != canonical(new.get(k))]:
                raise NegosimError([_differs(k, old.get(k), new.get(k), what) for k in differs])
            yield old
            return
        atomic_write(folder / MANIFEST, lambda fh: fh.write(_json(new).encode()))
        (folder / RUNS).mkdir(exist_ok=True)
        yield new


def _differs(key: str, old: Any, new: Any, what: str) -> Problem:
    """Why a sweep cannot be resumed: ``key`` of its identity is ``old`` in the folder and ``new`` now."""
    if key == "scenario_sha256":
        why = "the scenario file has changed since the sweep started (its SHA-256 differs)"
    elif key == "factors":
        why = "the factors differ: " + _factor_change(old or [], new)
    elif key == "points":
        n_old = len(old or [])
        why = (f"the design points differ ({n_old} in the folder, {len(new)} now)" if n_old != len(new)
               else "the design points' values differ (another sampler, or another version of it)")  # fmt: skip
    else:
        name = {"seed": "the root seed", "set": "the fixed overrides (--set)"}.get(key, f"the {key}")
        was, now = (canonical(old), canonical(new)) if key == "set" else (old, new)
        why = (
            f"{name} differs: {was} in the folder, {now} now"
            if key in ("seed", "design")
            else (f"{name} differ: {was} in the folder, {now} now")
        )
    return Problem(f"cannot resume: {why}", file=what)


def _factor_change(old: list[dict], new: list[dict]) -> str:
    was, now = {f["path"]: f for f in old}, {f["path"]: f for f in new}
    parts = [f"{p} is new" for p in now if p not in was] + [f"{p} is gone" for p in was if p not in now]
    parts += [f"{p}: {was[p].get('spec')} in the folder, {now[p].get('spec')} now"
              for p in now if p in was and canonical(was[p]) != canonical(now[p])]  # fmt: skip
    return "; ".join(parts) or "their order changed"


def parts(folder: Path) -> list[Path]:
    """The finished chunks' part files, in order."""
    runs = Path(folder) / RUNS
    return sorted(p for p in runs.glob("part-*.parquet") if _PART.match(p.name)) if runs.is_dir() else []


def finished(folder: Path) -> set[tuple[int, int]]:
    """(point, replicate) of every run already kept."""
    import pyarrow.parquet as pq

    done: set[tuple[int, int]] = set()
    for p in parts(folder):
        t = pq.read_table(p, columns=["point", "replicate"])
        done.update(zip(t["point"].to_pylist(), t["replicate"].to_pylist(), strict=True))
    return done


def next_part(folder: Path) -> int:
    found = [int(_PART.match(p.name)[1]) for p in parts(folder)]
    return max(found, default=-1) + 1


def write_part(folder: Path, number: int, table, meta: dict[str, Any] | None = None) -> Path:
    """Write one chunk's rows (a pyarrow Table) as ``runs/part-NNNNN.parquet``, atomically; ``meta`` (what
    made the runs: scenario, design, root seed, versions) goes in its schema's ``negosim`` metadata."""
    import pyarrow.parquet as pq

    if meta:
        table = table.replace_schema_metadata({b"negosim": _json(meta).encode()})
    return atomic_write(Path(folder) / RUNS / f"part-{number:05d}.parquet", lambda fh: pq.write_table(table, fh))


def read_runs(folder: Path):
    """Every kept run as one DataFrame, sorted by (point, replicate)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    found = parts(folder)
    if not found:
        return pd.DataFrame()
    table = pa.concat_tables([pq.read_table(p) for p in found], promote_options="permissive")
    return table.to_pandas().sort_values(["point", "replicate"], kind="stable").reset_index(drop=True)


def read_manifest(folder: Path) -> dict[str, Any]:
    m = _read_manifest(Path(folder))
    if m is None:
        raise NegosimError(f"{folder}: not a sweep folder (no readable {MANIFEST})")
    return m


def _read_manifest(folder: Path) -> dict[str, Any] | None:
    try:
        m = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    return m if isinstance(m, dict) and m.get("negosim_sweep") == 1 else None


def _done(folder: Path) -> int:
    return len(finished(folder))


def _json(obj: Any) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n"


def _salib() -> str | None:
    try:
        import importlib.metadata

        return importlib.metadata.version("SALib")
    except Exception:
        return None
