"""The sweep's exports: a NetLogo BehaviorSpace table (behaviorspace.csv) and an EMA Workbench
results archive (ema_results.tar.gz), read back the way their own readers read them."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import tarfile
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

import negosim
from negosim.sweep import exports
from negosim.sweep.api import load_sweep
from tests.conftest import write_yaml
from tests.sweep.scenarios import GUARANTOR, OPTIONS

FACTORS = ["actors.a.red_lines[0].min=0.3,0.62", "protocol=alternating,simultaneous"]


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    """A factorial sweep of 2 x 2 points, 3 replicates: agreements, partial agreements and deadlines."""
    tmp = tmp_path_factory.mktemp("exports")
    path = write_yaml(tmp / "guarantor.yaml", GUARANTOR)
    return negosim.sweep(path, FACTORS, replicates=3, out=tmp / "sweep", workers=1, figures=False)


def table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# --- BehaviorSpace ---------------------------------------------------------------------------------------------


def test_the_behaviorspace_table_has_netlogos_six_header_lines(swept):
    text = (swept.folder / exports.BEHAVIORSPACE).read_text()
    rows = table(text)
    m = swept.manifest
    assert rows[0] == [f"BehaviorSpace results (negosim {m['negosim_version']})", "Table version 2.0"]
    assert rows[1] == [m["scenario"]["path"]]  # the model file
    assert rows[2] == [f"factorial sweep-{m['design_id']}"]  # the experiment
    # the date as BehaviorSpace writes it (MM/dd/yyyy HH:mm:ss:SSS Z), and it is the manifest's start
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d:\d{3} [+-]\d{4}", rows[3][0])
    day, month, year = m["started"][8:10], m["started"][5:7], m["started"][:4]
    assert rows[3][0].startswith(f"{month}/{day}/{year} {m['started'][11:19]}:000")
    assert rows[4] == ["min-pxcor", "max-pxcor", "min-pycor", "max-pycor"]
    assert [int(v) for v in rows[5]] == [0, 0, 0, 0]
    # every cell quoted, as NetLogo's CSV writer does, and one line a row
    lines = text.splitlines()
    assert all(re.fullmatch(r'"([^"]|"")*"(,"([^"]|"")*")*', line) for line in lines)
    assert len(lines) == exports.HEADER_LINES + 1 + len(swept.runs)


def test_the_behaviorspace_table_has_a_row_per_run_with_its_factor_values_step_and_reporters(swept):
    rows = table((swept.folder / exports.BEHAVIORSPACE).read_text())
    head, body = rows[6], rows[7:]
    paths = ["actors.a.red_lines[0].min", "protocol"]
    assert head[:4] == ["[run number]", *paths, "[step]"]
    assert {"point", "replicate", "seed", "outcome", "round", "settled_guarantor", "value_guarantor",
            "utility_a", "utility_b"} <= set(head[4:])  # fmt: skip
    runs = swept.runs
    assert len(body) == len(runs) == 12
    col = {name: n for n, name in enumerate(head)}
    for n, (row, (_, run)) in enumerate(zip(body, runs.iterrows(), strict=True)):
        assert row[0] == str(n + 1)  # run numbers 1.. in the runs' order (point, then replicate)
        assert float(row[col[paths[0]]]) == run[paths[0]] and row[col["protocol"]] == run["protocol"]
        assert row[col["[step]"]] == str(run["round"])  # a whole number, as NetLogo prints one
        assert row[col["seed"]] == str(run["seed"]) and row[col["outcome"]] == run["outcome"]
        assert row[col["settled_guarantor"]] == ("true" if run["settled_guarantor"] else "false")
        assert row[col["value_guarantor"]] == run["value_guarantor"]
        assert float(row[col["utility_a"]]) == run["utility_a"]  # every digit kept
        nash = row[col["nash_distance"]]
        assert nash == "N/A" if math.isnan(run["nash_distance"]) else float(nash) == run["nash_distance"]
    assert {r[col["outcome"]] for r in body} >= {"agreement", "partial"}
    assert not [c for r in body for c in r if re.fullmatch(r"-?\d+\.0", c)]  # 0, not 0.0, as NetLogo prints it
    assert any(r[col["utility_b"]] == "0" for r in body)


def test_the_behaviorspace_table_reads_back_with_pandas_skipping_the_header_lines(swept):
    back = pd.read_csv(swept.folder / exports.BEHAVIORSPACE, skiprows=exports.HEADER_LINES)
    assert len(back) == len(swept.runs)
    assert back["[run number]"].tolist() == list(range(1, len(swept.runs) + 1))
    np.testing.assert_array_equal(back["[step]"], swept.runs["round"])
    np.testing.assert_array_equal(back["final_distance"], swept.runs["final_distance"])


def test_a_failed_run_has_no_measures_in_the_behaviorspace_table(swept):
    runs = swept.runs.copy()
    runs.loc[1, ["outcome", "round", "error_type", "error"]] = ["failed", -1, "ValueError", 'bad "quote"\nline']
    broken = replace(swept, runs=runs)
    rows = table(exports.behaviorspace_csv(broken))
    col = {name: n for n, name in enumerate(rows[6])}
    row = rows[8]
    assert row[col["[step]"]] == "N/A" and row[col["round"]] == "N/A" and row[col["utility_a"]] == "N/A"
    assert row[col["outcome"]] == "failed" and row[col["error_type"]] == "ValueError"
    assert row[col["error"]] == 'bad "quote" line'  # quotes doubled by the CSV, the line break made a space
    assert rows[7][col["round"]] == str(swept.runs["round"][0])  # the other runs keep theirs


# --- EMA Workbench ---------------------------------------------------------------------------------------------


def load_like_ema(path):
    """What ema_workbench.util.utilities.load_results does with an archive that has metadata.json."""
    with tarfile.open(path, "r:gz", encoding="UTF8") as archive:
        metadata = json.loads(archive.extractfile("metadata.json").read().decode())
        experiments = pd.read_csv(archive.extractfile("experiments.csv"))
        for name, dtype in metadata["experiments"].items():
            try:
                dtype = np.dtype(dtype)
            except TypeError:
                dtype = pd.api.types.pandas_dtype(dtype)
            if experiments[name].dtype is not dtype:
                experiments[name] = experiments[name].astype(dtype)
        outcomes = {}
        for kind, name, filename in metadata["outcomes"]:
            assert kind == "ScalarOutcome"  # ScalarOutcome.from_disk:
            values = pd.read_csv(archive.extractfile(filename), index_col=False, header=None).values
            outcomes[name] = np.reshape(values, (values.shape[0],))
    return metadata, experiments, outcomes


def test_the_ema_archive_has_the_members_save_results_writes(swept):
    with tarfile.open(swept.folder / exports.EMA, "r:gz") as archive:
        names = archive.getnames()
        infos = archive.getmembers()
    outcomes = list(exports.ema_outcomes(swept))
    assert names == ["experiments.csv", *(f"{o}.cls" for o in outcomes), "metadata.json"]
    assert all(i.isfile() and i.mtime == 0 for i in infos)
    assert (swept.folder / exports.EMA).read_bytes()[4:8] == b"\0\0\0\0"  # no time in the gzip header either
    metadata, _, _ = load_like_ema(swept.folder / exports.EMA)
    assert metadata["version"] == 0.1
    assert metadata["outcomes"] == [["ScalarOutcome", o, f"{o}.cls"] for o in outcomes]
    assert metadata["experiments"] == {"actors.a.red_lines[0].min": "float64", "protocol": "category",
                                       "scenario": "category", "policy": "category", "model": "category"}  # fmt: skip


def test_the_ema_archive_round_trips_the_experiments_and_every_outcome_exactly(swept):
    _, experiments, outcomes = load_like_ema(swept.folder / exports.EMA)
    want = exports.ema_experiments(swept)
    assert list(experiments.columns) == list(want.columns)
    for c in want.columns:
        assert experiments[c].tolist() == want[c].tolist(), c
        assert str(experiments[c].dtype) == str(want[c].dtype), c
    assert experiments["scenario"].tolist() == swept.runs["point"].tolist()  # an experiment per run
    assert set(experiments["model"]) == {"guarantor"} and set(experiments["policy"]) == {"none"}
    expected = exports.ema_outcomes(swept)
    assert list(outcomes) == list(expected)
    for name, values in expected.items():
        assert values.shape == (len(swept.runs),)
        np.testing.assert_array_equal(outcomes[name], values, err_msg=name)


def test_the_ema_outcomes_are_the_runs_measures_as_numbers(swept):
    runs, out = swept.runs, exports.ema_outcomes(swept)
    np.testing.assert_array_equal(out["agreement"], (runs["outcome"] == "agreement").astype(float))
    np.testing.assert_array_equal(out["round"], runs["round"].astype(float))
    np.testing.assert_array_equal(out["settled_ceasefire"], runs["settled_ceasefire"].astype(float))
    np.testing.assert_array_equal(out["utility_b"], runs["utility_b"])
    # a discrete issue's value is its option's index in the scenario's order; unsettled, NaN
    index = [OPTIONS.index(v) if v else math.nan for v in runs["value_guarantor"]]
    np.testing.assert_array_equal(out["value_guarantor"], index)
    assert {0.0, 1.0} <= set(out["agreement"])


def test_a_failed_run_has_nan_outcomes_in_the_ema_archive(swept):
    runs = swept.runs.copy()
    runs.loc[0, ["outcome", "error_type"]] = ["failed", "ValueError"]
    out = exports.ema_outcomes(replace(swept, runs=runs))
    assert all(math.isnan(v[0]) for v in out.values())
    assert not math.isnan(out["agreement"][1])


def test_the_exports_are_the_same_bytes_for_the_same_folder(swept, tmp_path):
    again = load_sweep(swept.folder)
    for write, name in ((exports.write_behaviorspace, exports.BEHAVIORSPACE), (exports.write_ema, exports.EMA)):
        buf = io.BytesIO()
        write(again, buf)
        assert buf.getvalue() == (swept.folder / name).read_bytes(), name
