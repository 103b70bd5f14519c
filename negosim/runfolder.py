"""Read a run folder back into a RunResult, so that figures and the report can be rebuilt without
running again (``negosim plot DIR``).

What the files hold is what the figures need: summary.json (outcome, agreement, interim
agreements, seed, overrides, the scenario's path and hash), history.parquet (offers, aspirations,
utilities, values of no deal, red lines as they stood, the mediator's text, the war) and
events.jsonl. The scenario comes from the copy the run folder keeps (``scenario/``), so a folder
can be redrawn after the original file moved or changed; a folder written before copies were kept
reads the original file, which must be the one the run used (its SHA-256 is checked).
``RunResult.scenario.path`` says which file was read.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from negosim.engine import history
from negosim.engine.result import RunResult
from negosim.errors import NegosimError
from negosim.events import Event, from_record
from negosim.scenario.loader import content_sha256, load_scenario
from negosim.scenario.overrides import apply_overrides
from negosim.space import build_space


def load_run(folder: str | Path) -> RunResult:
    """The RunResult written to ``folder`` by ``negosim run`` (figures and report are rebuilt from it)."""
    folder = Path(folder)
    summary = _json(folder / "summary.json")
    scenario = _scenario(folder, summary)
    space = build_space(scenario)
    try:
        fields = history.read(_history(folder), space, scenario)
    except ValueError as exc:
        raise NegosimError(f"{folder / 'history.parquet'}: {exc}") from None
    result = RunResult(
        scenario=scenario,
        space=space,
        seed=int(summary["seed"]),
        overrides=dict(summary["overrides"]),
        outcome=summary["outcome"],
        round=int(summary["round"]),
        agreement=_package(space, summary["agreement"]),
        events=tuple(_events(folder / "events.jsonl")),
        war=summary.get("conflict"),
        preconditions=tuple(summary.get("preconditions", [])),
        interim=_interim(space, summary, "value"),
        interim_round=_interim(space, summary, "round"),
        red_lines=tuple(summary.get("red_lines_eroded", [])),
        analysis="nash" in summary,
        final_protocol=summary.get("protocol_at_end"),
        deadline_then=summary.get("deadline_then"),
        off_agenda=tuple(summary.get("off_agenda", ())),
        **fields,
    )
    result.__dict__["summary"] = summary  # what the files already say is not derived again
    return result


def _events(path: Path) -> list[Event]:
    out = []
    for n, line in enumerate(_lines(path), start=1):
        try:
            out.append(from_record(json.loads(line)))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise NegosimError(f"{path}:{n}: not an event written by negosim run ({exc})") from None
    return out


def _json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise NegosimError(f"{path}: not found: is this a run folder written by negosim run?") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise NegosimError(f"{path}: not valid JSON ({exc})") from None


def _lines(path: Path) -> list[str]:
    try:
        return [line for line in path.read_text().splitlines() if line.strip()]
    except FileNotFoundError:
        raise NegosimError(f"{path}: not found: is this a run folder written by negosim run?") from None


def _history(folder: Path):
    import pandas as pd

    path = folder / "history.parquet"
    try:
        return pd.read_parquet(path)
    except FileNotFoundError:
        raise NegosimError(f"{path}: not found; negosim plot needs the run's history.parquet") from None
    except Exception as exc:  # pyarrow raises several kinds for a damaged file
        raise NegosimError(f"{path}: cannot be read ({exc})") from None


def _scenario(folder: Path, summary: dict):
    """The scenario the run used, overrides applied: the folder's copy, else the original file."""
    meta = summary.get("scenario") or {}
    copy = folder / meta["copy"] if isinstance(meta.get("copy"), str) else None
    if copy is not None and copy.is_file():
        sc = load_scenario(copy, sources=False)  # its quotes were checked when it ran
        made_in_code = meta.get("path") is None
        if (content_sha256(sc.raw) if made_in_code else sc.sha256) != meta.get("sha256"):
            raise NegosimError(f"{copy}: this copy of the scenario is not the one the run used (its sha256 differs)")
    else:
        sc = _original(folder, meta)
    return apply_overrides(sc, summary.get("overrides") or {})


def _original(folder: Path, meta: dict):
    """The scenario file a folder without a copy names, found as when the run was made."""
    path, sha = meta.get("path"), meta.get("sha256")
    if not path:
        raise NegosimError(f"{folder / 'summary.json'}: the run was made from a scenario built in code, not a file")
    # as written when the run was made: from where negosim run ran, which is the current folder or,
    # for the default results/<name>/seed-<n>/ layout, a folder above the run folder
    candidates = [Path(path)] + [parent / path for parent in folder.resolve().parents] + [folder / Path(path).name]
    found = next((p for p in candidates if p.is_file()), None)
    if found is None:
        raise NegosimError(
            f"{folder / 'summary.json'}: the scenario file {path} is not there, nor in a folder above the run "
            "folder; run negosim plot from the folder negosim run was run in"
        )
    sc = load_scenario(found)
    if sc.sha256 != sha:
        raise NegosimError(
            f"{found}: the scenario file has changed since this run (sha256 {sc.sha256[:12]}..., the run used "
            f"{str(sha)[:12]}...), and the run folder keeps no copy of it: restore the file or run again"
        )
    return sc


def _package(space, values: dict | None) -> np.ndarray | None:
    if values is None:
        return None
    return np.array(
        [space.options[k].index(values[iid]) if space.discrete[k] else float(values[iid])
         for k, iid in enumerate(space.issues)]
    )  # fmt: skip


def _interim(space, summary: dict, field: str) -> np.ndarray:
    out = np.full(space.n_issues, np.nan) if field == "value" else np.zeros(space.n_issues, dtype=int)
    for iid, rec in (summary.get("interim") or {}).items():
        k = space.issues.index(iid)
        v = rec[field]
        out[k] = space.options[k].index(v) if field == "value" and space.discrete[k] else v
    return out
