"""Write a RunResult to a run folder: summary.json, history.parquet/.csv, events.jsonl, figures
and report.html.

Every file is written to a temporary name in the same folder and renamed into place, so a run
folder never holds a half-written file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from negosim.engine.result import RunResult

_UMASK = os.umask(0)
os.umask(_UMASK)


def atomic_write(path: Path, write: Callable[[IO[bytes]], Any]) -> Path:
    """Call ``write`` on a temporary file next to ``path``, then rename it to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def meta(result: RunResult) -> dict[str, Any]:
    """What every result file carries: scenario identity, seed, overrides and versions."""
    s = result.summary
    keys = ("scenario", "seed", "overrides", "negosim_version", "mesa_version", "versions")
    return {k: s[k] for k in keys}


def write_run(result: RunResult, out: str | Path, *, figures: bool = True, fmt: str = "png") -> list[Path]:
    """Write the run folder ``out``; returns the paths written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out)
    written = [atomic_write(out / "summary.json", lambda fh: fh.write(_json(result.summary, indent=2).encode()))]
    table = pa.Table.from_pandas(result.history, preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), b"negosim": _json(meta(result)).encode()})
    written.append(atomic_write(out / "history.parquet", lambda fh: pq.write_table(table, fh)))
    written.append(
        atomic_write(out / "history.csv", lambda fh: result.history.to_csv(fh, index=False, float_format="%.10g"))
    )
    written.append(atomic_write(out / "events.jsonl", lambda fh: fh.write(_events_jsonl(result).encode())))
    if figures:
        written += draw_all(result, out, fmt=fmt)
    return written


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
    lines = []
    for n, e in enumerate(result.events):
        rec: dict[str, Any] = {"round": e.round, "kind": e.kind, "actor": e.actor, "text": e.text}
        if n == 0:
            rec["meta"] = meta(result)
        lines.append(_json(rec))
    return "\n".join(lines) + "\n"


def _json(obj: Any, indent: int | None = None) -> str:
    return json.dumps(obj, indent=indent, ensure_ascii=False, default=str) + ("\n" if indent else "")
