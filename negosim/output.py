"""Write a RunResult to a run folder: summary.json, history.parquet/.csv, events.jsonl, figures,
report.html and ``scenario/``, a copy of the scenario file as it ran with its sources.

A run folder is written whole (``negosim.folders.whole_folder``): into a temporary folder beside
it, moved into place when complete. Single files elsewhere (a schema, a template) are written to a
temporary name and renamed (``atomic_write``).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from negosim.engine.result import RunResult
from negosim.errors import NegosimError
from negosim.folders import whole_folder
from negosim.scenario.overrides import overrides_id


def atomic_write(path: Path, write: Callable[[IO[bytes]], Any]) -> Path:
    """Call ``write`` on a temporary file next to ``path``, then rename it to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        # O_EXCL on a fresh name; the mode is 0o666 less the umask, like any file the user makes
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb") as fh:
            write(fh)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def default_folder(scenario_file: str | Path, seed: int, overrides: dict[str, Any]) -> Path:
    """``results/<file stem>/seed-<N>/``, or ``seed-<N>-set-<id>/`` with overrides (``id`` their short hash)."""
    oid = overrides_id(overrides)
    return Path("results") / Path(scenario_file).stem / (f"seed-{seed}" + (f"-set-{oid}" if oid else ""))


def meta(result: RunResult) -> dict[str, Any]:
    """What every result file carries: scenario identity, seed, overrides and versions."""
    s = result.summary
    keys = ("run_id", "scenario", "seed", "overrides", "negosim_version", "mesa_version", "versions")
    return {k: s[k] for k in keys}


def write_run(result: RunResult, out: str | Path, *, figures: bool = True, fmt: str = "png") -> list[Path]:
    """Write the run folder ``out`` whole, replacing a run folder there; returns the paths written."""
    out = Path(out)
    with whole_folder(out) as tmp:
        names = [p.name for p in write_files(result, tmp, figures=figures, fmt=fmt)]
    return [out / n for n in names]


def write_files(result: RunResult, folder: Path, *, figures: bool = True, fmt: str = "png") -> list[Path]:
    """Write a run's files into ``folder`` (a new, empty folder: see ``whole_folder``); returns them."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    written = [atomic_write(folder / "summary.json", lambda fh: fh.write(_json(result.summary, indent=2).encode()))]
    table = pa.Table.from_pandas(result.history, preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), b"negosim": _json(meta(result)).encode()})
    written.append(atomic_write(folder / "history.parquet", lambda fh: pq.write_table(table, fh)))
    written.append(
        atomic_write(folder / "history.csv", lambda fh: result.history.to_csv(fh, index=False, float_format="%.10g"))
    )
    written.append(atomic_write(folder / "events.jsonl", lambda fh: fh.write(_events_jsonl(result).encode())))
    written.append(copy_scenario(result, folder))
    if figures:
        written += draw_all(result, folder, fmt=fmt)
    return written


def copy_scenario(result: RunResult, folder: Path) -> Path:
    """Keep the scenario as it ran in run folder ``folder`` (at ``summary["scenario"]["copy"]``): its
    file's bytes and its sources, checked against the hashes taken when it was loaded; a scenario built
    in code, as YAML. Returns the copy's folder."""
    sc = result.scenario
    copy = folder / result.summary["scenario"]["copy"]
    copy.parent.mkdir()
    if sc.path is None:
        from ruamel.yaml import YAML

        with copy.open("w", encoding="utf-8") as fh:
            YAML().dump(sc.raw, fh)
        return copy.parent
    _copy_checked(Path(sc.path), copy, sc.sha256)
    for src in sc.source_hashes.values():
        _copy_checked(Path(sc.path).parent / src["path"], copy.parent / src["path"], src["sha256"])
    return copy.parent


def _copy_checked(src: Path, dst: Path, sha256: str) -> None:
    data = src.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise NegosimError(f"{src}: changed while the run was made; run again to keep the scenario as it ran")
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(data)


def redraw(result: RunResult, folder: str | Path, fmt: str = "png") -> list[Path]:
    """Redraw a run folder's figures and report.html from ``result`` (read from it), whole: the folder's
    other files are kept, figures of another format are replaced."""
    from negosim import plots

    folder = Path(folder)
    drawn = {f"{name}.{ext}" for name in plots.FIGURES for ext in FORMATS} | {"report.html"}
    with whole_folder(folder, what="DIR") as tmp:
        for item in folder.iterdir():
            if item.name not in drawn:
                _link_tree(item, tmp / item.name)
        names = [p.name for p in draw_all(result, tmp, fmt=fmt)]
    return [folder / n for n in names]


FORMATS = ("png", "svg", "pdf")


def _link_tree(src: Path, dst: Path) -> None:
    """Hard links to ``src``'s files at ``dst`` (copies where links cannot be made)."""
    if src.is_dir():
        shutil.copytree(src, dst, copy_function=_link_or_copy)
    else:
        _link_or_copy(src, dst)


def _link_or_copy(src, dst) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def draw_all(result: RunResult, out: str | Path, fmt: str = "png") -> list[Path]:
    """Every figure as ``NAME.fmt`` and report.html, each figure drawn once (its PNG feeds the report)."""
    from negosim import plots
    from negosim.report import report_html

    out = Path(out)
    paths, images = [], {}
    for name, draw in plots.figures_for(result).items():
        fig = draw(result)
        paths.append(atomic_write(out / f"{name}.{fmt}", lambda fh, fig=fig: plots.save(fig, fh, fmt)))
        images[name] = paths[-1].read_bytes() if fmt == "png" else _png(fig)
    page = report_html(result, images)
    paths.append(atomic_write(out / "report.html", lambda fh: fh.write(page.encode())))
    return paths


def _png(fig) -> bytes:
    import io

    from negosim import plots

    buf = io.BytesIO()
    plots.save(fig, buf, "png")
    return buf.getvalue()


def _events_jsonl(result: RunResult) -> str:
    """One event a line: its kind, round, actor, its own fields and its sentence; the run id on each."""
    lines = []
    for n, e in enumerate(result.events):
        rec: dict[str, Any] = {**e.record(), "run_id": result.summary["run_id"]}
        if n == 0:
            rec["meta"] = meta(result)
        lines.append(_json(rec))
    return "\n".join(lines) + "\n"


def _json(obj: Any, indent: int | None = None) -> str:
    return json.dumps(obj, indent=indent, ensure_ascii=False, default=str) + ("\n" if indent else "")
