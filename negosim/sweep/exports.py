"""A sweep's runs in the formats other tools read: a NetLogo BehaviorSpace "table" CSV
(``behaviorspace.csv``) and an EMA Workbench results archive (``ema_results.tar.gz``).

Both hold one row (one experiment) per run, in the runs table's order (design point, then replicate),
and are pure functions of the sweep folder: the same folder gives the same bytes. The layouts follow
NetLogo's ``org.nlogo.lab.Exporter`` and ``TableExporter`` (BehaviorSpace table output, version 2.0)
and EMA Workbench's ``ema_workbench.util.utilities.save_results`` (read back by ``load_results``);
docs/reference/sweep-exports.md describes every line, column and member.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import math
import tarfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np

from negosim.sweep import measures

if TYPE_CHECKING:
    import pandas as pd

    from negosim.sweep.api import SweepResult

BEHAVIORSPACE = "behaviorspace.csv"
EMA = "ema_results.tar.gz"
#: The BehaviorSpace output version whose layout the table follows (NetLogo 6.4 and later write it).
TABLE_VERSION = "2.0"
#: The lines above the column names, as in NetLogo (``Exporter.NUM_HEADER_ROWS``).
HEADER_LINES = 6
#: BehaviorSpace has no missing value; readers of its tables (logolink, nlrx) take "N/A" as one.
MISSING = "N/A"
#: EMA Workbench's own columns after the uncertainties: which scenario (design point), policy and model.
EMA_COLUMNS = ("scenario", "policy", "model")
EMA_VERSION = 0.1  # save_results' VERSION, written into metadata.json


# --- BehaviorSpace ---------------------------------------------------------------------------------------------


def behaviorspace_columns(result: SweepResult) -> tuple[list[str], list[str]]:
    """(parameters, reporters) of the table: each factor's path; then, after ``[step]`` (the rounds a run
    lasted), the design point, replicate and seed, and every measure of the runs table."""
    factors = [f.path for f in result.factors]
    skip = {"point", "replicate", "seed", *factors}
    measures = [c for c in result.runs.columns if c not in skip]
    return factors, ["point", "replicate", "seed", *measures]


def behaviorspace_csv(result: SweepResult) -> str:
    """The sweep as a BehaviorSpace table: six header lines, the column names, one row per run.

    Every cell is quoted, as NetLogo writes them; numbers as NetLogo prints them (``5`` not ``5.0``),
    booleans ``true``/``false``, a missing value (NaN, None, a failed run's measures and ``[step]``) ``N/A``.
    """
    m = result.manifest
    from negosim.identity import __version__

    scenario = m.get("scenario") or {}
    title = f"BehaviorSpace results (negosim {m.get('negosim_version') or __version__})"
    lines = [
        _row([title, f"Table version {TABLE_VERSION}"]),
        _row([scenario.get("path") or scenario.get("name") or ""]),
        _row([experiment_name(result)]),
        _row([_netlogo_date(m.get("started"))]),
        _row(["min-pxcor", "max-pxcor", "min-pycor", "max-pycor"]),
        _row(["0", "0", "0", "0"]),  # negosim has no grid of patches: a world of one patch keeps the layout
    ]
    params, reporters = behaviorspace_columns(result)
    lines.append(_row(["[run number]", *params, "[step]", *reporters]))
    runs = result.runs
    if len(runs):
        failed = (runs["error_type"] != "").tolist()
        blank = set(reporters) - {"point", "replicate", "seed", "outcome", "error_type", "error"}
        cols = {c: runs[c].tolist() for c in [*params, *reporters]}
        steps = runs["round"].tolist() if "round" in runs else [None] * len(runs)
        for n in range(len(runs)):
            cells = [str(n + 1), *(_cell(cols[c][n]) for c in params)]
            cells.append(MISSING if failed[n] else _cell(steps[n]))
            cells += [MISSING if failed[n] and c in blank else _cell(cols[c][n]) for c in reporters]
            lines.append(_row(cells))
    return "".join(line + "\n" for line in lines)


def experiment_name(result: SweepResult) -> str:
    """BehaviorSpace's experiment name: the design and the sweep's design id (its default folder's name)."""
    m = result.manifest
    return f"{m.get('design', 'sweep')} sweep-{m.get('design_id', '')}".rstrip("-")


def write_behaviorspace(result: SweepResult, fh: IO[bytes]) -> None:
    fh.write(behaviorspace_csv(result).encode("utf-8"))


def _row(cells: list[str]) -> str:
    return ",".join('"' + str(c).replace('"', '""') + '"' for c in cells)


def _cell(v: Any) -> str:
    """One value as NetLogo's ``Dump.logoObject`` prints it (unquoted here: ``_row`` quotes every cell)."""
    if v is None:
        return MISSING
    if isinstance(v, bool | np.bool_):
        return "true" if v else "false"
    if isinstance(v, int | np.integer):
        return str(int(v))
    if isinstance(v, float | np.floating):
        x = float(v)
        if not math.isfinite(x):
            return MISSING
        return str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)
    if isinstance(v, list | tuple | np.ndarray):  # a NetLogo list
        return "[" + " ".join(_cell(x) for x in v) + "]"
    return " ".join(str(v).split()) if "\n" in str(v) or "\r" in str(v) else str(v)


def _netlogo_date(started: str | None) -> str:
    """The sweep's start as BehaviorSpace dates its results: ``MM/dd/yyyy HH:mm:ss:SSS Z``."""
    if not started:
        return ""
    try:
        t = dt.datetime.fromisoformat(started)
    except ValueError:
        return started
    return t.strftime("%m/%d/%Y %H:%M:%S:") + f"{t.microsecond // 1000:03d} " + (t.strftime("%z") or "+0000")


# --- EMA Workbench ---------------------------------------------------------------------------------------------


def ema_experiments(result: SweepResult) -> pd.DataFrame:
    """One experiment per run: each factor's value (named by its path), then EMA's ``scenario`` (the design
    point), ``policy`` (``none``: a sweep has no levers) and ``model`` (the scenario file's stem)."""
    import pandas as pd

    runs = result.runs
    model = _model_name(result)
    out = {}
    for f in result.factors:
        col = runs[f.path] if len(runs) else pd.Series([], dtype=float)
        out[f.path] = _experiment_column(col)
    out["scenario"] = pd.Categorical(runs["point"].astype(int) if len(runs) else [])
    out["policy"] = pd.Categorical(["none"] * len(runs))
    out["model"] = pd.Categorical([model] * len(runs))
    return pd.DataFrame(out)


def ema_outcomes(result: SweepResult) -> dict[str, np.ndarray]:
    """One float array per numeric measure, a value per run (NaN for a failed run): ``agreement`` (1 if it
    agreed), ``round``, ``final_distance``, ``nash_distance``, ``durable`` (1, 0, NaN without an
    agreement), ``ripe_rounds``, ``settled_<issue>`` (1 or 0), ``value_<issue>`` (the settled value; for a
    discrete issue its option's index), ``utility_<party>``."""
    runs = result.runs
    m = result.manifest
    ok = (runs["error_type"] == "").to_numpy() if len(runs) else np.zeros(0, dtype=bool)

    def num(values) -> np.ndarray:
        return np.where(ok, np.asarray(values, dtype=float), np.nan)

    out = {"agreement": num((runs["outcome"] == "agreement").astype(float)) if len(runs) else np.zeros(0)}
    if not len(runs):
        return out
    discrete = set(m.get("discrete", []))
    options = _options(result) if discrete else {}
    for measure in measures.MEASURES:  # the registry's order; a category (the outcome) is not a number
        if measure.scale == "category":
            continue
        for col in measure.columns(m["issues"], m.get("parties", [])):
            of_option = measure.scale == "value" and measure.item(col) in discrete
            out[col] = num(_as_number(runs[col], measure.scale, options.get(measure.item(col)) if of_option else None,
                                      of_option))  # fmt: skip
    return out


def _as_number(col, scale: str, options: list[str] | None, of_option: bool) -> Any:
    """A measure's column as floats: a flag 1 or 0 (NaN where it is none), an option its index."""
    if scale == "flag":
        return [math.nan if d is None or d != d else float(bool(d)) for d in col]
    if of_option:
        opts = options or sorted({str(v) for v in col if str(v)})
        return [float(opts.index(str(v))) if str(v) in opts else math.nan for v in col]
    return col


def write_ema(result: SweepResult, fh: IO[bytes]) -> None:
    """The archive ``save_results`` writes: ``experiments.csv``, one ``<outcome>.cls`` per outcome (a
    ScalarOutcome: a value a line, no header), then ``metadata.json`` (the version, each outcome's class,
    name and file, each experiment column's dtype). Gzip and tar headers carry no time, so the bytes
    depend on the content alone."""
    experiments = ema_experiments(result)
    outcomes = ema_outcomes(result)
    with gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz, tarfile.open(fileobj=gz, mode="w") as tar:
        _add(tar, "experiments.csv", experiments.to_csv(header=True, index=False).encode("utf-8"))
        meta = []
        for name, values in outcomes.items():
            filename = f"{name}.cls"
            import pandas as pd

            _add(tar, filename, pd.DataFrame(values).to_csv(header=False, index=False).encode("utf-8"))
            meta.append(("ScalarOutcome", name, filename))
        metadata = {"version": EMA_VERSION, "outcomes": meta,
                    "experiments": {k: v.name for k, v in experiments.dtypes.to_dict().items()}}  # fmt: skip
        _add(tar, "metadata.json", json.dumps(metadata).encode("utf-8"))


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)  # mtime 0, mode 0644, owner root: as save_results adds them
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def _experiment_column(col: pd.Series):
    """A factor's values as EMA keeps an uncertainty: numbers as they are, anything else a category."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(col.dtype):
        return col.astype(bool).to_numpy()
    if pd.api.types.is_integer_dtype(col.dtype):
        return col.astype("int64").to_numpy()
    if pd.api.types.is_float_dtype(col.dtype):
        return col.astype("float64").to_numpy()
    return pd.Categorical([_text(v) for v in col])


def _text(v: Any) -> str:
    if isinstance(v, list | tuple | np.ndarray):
        return json.dumps([x.item() if isinstance(x, np.generic) else x for x in v])
    return str(v)


def _model_name(result: SweepResult) -> str:
    scenario = result.manifest.get("scenario") or {}
    return Path(scenario["path"]).stem if scenario.get("path") else (scenario.get("name") or "negosim")


def _options(result: SweepResult) -> dict[str, list[str]]:
    """The options of each discrete issue, in the scenario's order, when its file still reads."""
    from negosim.sweep.names import names_of

    return {iid: list(opts) for iid, opts in names_of(result).options.items()}
