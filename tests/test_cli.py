"""The negosim command through typer's test runner: exit codes, messages, files."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pandas as pd
from typer.testing import CliRunner

from negosim.cli import app
from tests.conftest import ISTANBUL, pie, write_yaml

runner = CliRunner()

RUN_FILES = {"summary.json", "history.parquet", "history.csv", "events.jsonl", "convergence.png", "distance.png"}


def test_help_lists_the_commands():
    res = runner.invoke(app, ["--help"])
    assert res.exit_code == 0
    assert "validate" in res.output and "run" in res.output


def test_validate_ok_and_bad_files_together(tmp_path):
    data = pie()
    data["actors"]["a"]["red_lines"] = [{"issue": "crimea", "min": 1}]
    bad = write_yaml(tmp_path / "bad.yaml", data)
    res = runner.invoke(app, ["validate", str(ISTANBUL), str(bad)])
    assert res.exit_code == 2
    assert f"{ISTANBUL}: ok (2 parties, 5 issues, 5 actors)" in res.stdout
    errors = [line for line in res.stderr.splitlines() if ": warning: " not in line]
    assert errors == [f'{bad}:21:14: actors.a.red_lines[0].issue: unknown issue "crimea"']
    warnings = [line for line in res.stderr.splitlines() if ": warning: " in line]
    assert all(w.startswith(f"{ISTANBUL}:") for w in warnings)
    assert sum("no acceptable value" in w for w in warnings) == 2  # crimea and four_oblasts
    assert "Traceback" not in res.output


def test_run_writes_the_run_folder_and_prints_a_summary(tmp_path):
    out = tmp_path / "run"
    res = runner.invoke(app, ["run", str(ISTANBUL), "--seed", "1", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert {p.name for p in out.iterdir()} >= RUN_FILES
    assert "agreement in week" in res.stdout and "four_oblasts" in res.stdout
    summary = json.loads((out / "summary.json").read_text())
    assert summary["seed"] == 1 and summary["scenario"]["sha256"] and summary["outcome"] == "agreement"
    assert len(pd.read_parquet(out / "history.parquet")) == 2 * summary["round"]
    events = [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines()]
    assert events[0]["meta"]["seed"] == 1 and events[-1]["kind"] == "agreement"
    assert (out / "convergence.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_same_seed_writes_identical_files(tmp_path):
    for name in ("a", "b"):
        res = runner.invoke(app, ["run", str(ISTANBUL), "--seed", "3", "--out", str(tmp_path / name)])
        assert res.exit_code == 0
    for f in ("summary.json", "history.csv", "events.jsonl", "history.parquet", "convergence.png"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f


def test_overrides_and_rounds_are_applied_and_recorded(tmp_path):
    f = write_yaml(tmp_path / "pie.yaml", pie(rounds=11))
    out = tmp_path / "o"
    res = runner.invoke(
        app,
        [
            "run",
            str(f),
            "--rounds",
            "21",
            "--set",
            "actors.a.strategy.tactic=conceder",
            "--out",
            str(out),
            "--no-figures",
        ],
    )
    assert res.exit_code == 0, res.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["overrides"] == {"actors.a.strategy.tactic": "conceder", "rounds": 21}
    assert summary["rounds"] == 21 and summary["outcome"] == "agreement"
    assert not (out / "convergence.png").exists()


def test_bad_override_exits_2_and_writes_nothing(tmp_path):
    out = tmp_path / "never"
    res = runner.invoke(
        app,
        [
            "run",
            str(ISTANBUL),
            "--set",
            "actors.russia.strategy.beta=soft",
            "--set",
            "actors.rusia.x=1",
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 2
    lines = [line for line in res.stderr.splitlines() if ": warning: " not in line]
    assert len(lines) == 2
    assert lines[0].startswith('--set actors.rusia.x: actors.rusia.x: unknown key "rusia" in actors')
    assert not out.exists()
    assert "Traceback" not in res.output


def test_malformed_scenario_exits_2_without_traceback(tmp_path):
    f = tmp_path / "broken.yaml"
    f.write_text("negosim: 1\nname: x\nissues: {a: {name: A}\n")
    res = runner.invoke(app, ["run", str(f), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert res.stderr.startswith(f"{f}:") and "YAML:" in res.stderr
    assert not (tmp_path / "o").exists()


def test_usage_mistakes_exit_2(tmp_path):
    assert runner.invoke(app, ["run"]).exit_code == 2
    assert runner.invoke(app, ["run", str(ISTANBUL), "--seed", "x"]).exit_code == 2
    res = runner.invoke(app, ["run", str(ISTANBUL), "--format", "gif", "--out", str(tmp_path / "o")])
    assert res.exit_code == 2 and "--format" in res.stderr


def test_mediated_run_shows_the_text_and_the_parties_positions(tmp_path):
    theory = ISTANBUL.parents[1] / "tests" / "theory" / "mediated-pie.yaml"
    res = runner.invoke(app, ["run", str(theory), "--out", str(tmp_path / "m"), "--no-figures"])
    assert res.exit_code == 0, res.output
    assert "m's text" in res.stdout and "a position" in res.stdout and "a offer" not in res.stdout
    assert "nan" not in res.stdout
    assert "agreement in round 16" in res.stdout


def test_output_cut_short_by_a_pipe_ends_quietly(tmp_path):
    # `negosim run ... | head -1`: the reader closes the pipe early
    cmd = [sys.executable, "-c", "from negosim.cli import main; main()", "run", str(ISTANBUL), "--out", str(tmp_path),
           "--no-figures"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before anything is printed
    err = proc.stderr.read().decode()
    assert proc.wait() == 0 and "internal error" not in err and "Traceback" not in err


def test_plot_redraws_identical_figures_and_report_from_the_run_folder(tmp_path):
    out = tmp_path / "run"
    assert runner.invoke(app, ["run", str(ISTANBUL), "--seed", "2", "--out", str(out)]).exit_code == 0
    drawn = {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".png", ".html")}
    assert set(drawn) == {"convergence.png", "utilities.png", "distance.png", "outcome_space.png", "conflict.png",
                          "report.html"}  # fmt: skip
    for p in out.iterdir():
        if p.suffix in (".png", ".html"):
            p.unlink()
    res = runner.invoke(app, ["plot", str(out)])
    assert res.exit_code == 0, res.output
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".png", ".html")} == drawn
    assert f"report: {out / 'report.html'}" in res.stdout


def test_plot_in_another_format(tmp_path):
    out = tmp_path / "run"
    runner.invoke(app, ["run", str(ISTANBUL), "--out", str(out), "--no-figures"])
    assert runner.invoke(app, ["plot", str(out), "--format", "svg"]).exit_code == 0
    first = (out / "convergence.svg").read_bytes()
    assert first.startswith(b"<?xml") and (out / "report.html").exists()
    assert runner.invoke(app, ["plot", str(out), "--format", "svg"]).exit_code == 0
    assert (out / "convergence.svg").read_bytes() == first  # no date in the file


def test_plot_refuses_what_is_not_a_run_folder(tmp_path):
    res = runner.invoke(app, ["plot", str(tmp_path / "nowhere")])
    assert res.exit_code == 2 and "not a folder" in res.stderr
    (tmp_path / "empty").mkdir()
    res = runner.invoke(app, ["plot", str(tmp_path / "empty")])
    assert res.exit_code == 2 and "summary.json: not found: is this a run folder" in res.stderr


def test_plot_finds_a_relative_scenario_from_another_folder(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    write_yaml(work / "pie.yaml", pie())
    monkeypatch.chdir(work)
    assert runner.invoke(app, ["run", "pie.yaml", "--no-figures"]).exit_code == 0  # results/pie/seed-0
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["plot", str(work / "results" / "pie" / "seed-0")])
    assert res.exit_code == 0, res.output


def test_plot_reports_a_damaged_event_log_where_it_is(tmp_path):
    out = tmp_path / "run"
    runner.invoke(app, ["run", str(ISTANBUL), "--out", str(out), "--no-figures"])
    lines = (out / "events.jsonl").read_text().splitlines()
    (out / "events.jsonl").write_text("\n".join([*lines[:3], lines[3][:20]]) + "\n")
    res = runner.invoke(app, ["plot", str(out)])
    assert res.exit_code == 2 and f"{out / 'events.jsonl'}:4: not an event written by negosim run" in res.stderr


def test_warnings_keep_their_file_line_and_column_after_an_override(tmp_path):
    res = runner.invoke(app, ["run", str(ISTANBUL), "--set", "rounds=3", "--no-figures", "--out", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    warnings = [line for line in res.stderr.splitlines() if ": warning: " in line]
    assert len(warnings) == 5  # two red-line clashes, three third parties whose positions move nothing
    where = rf"{re.escape(str(ISTANBUL))}:\d+:\d+: actors\.(ukraine|usa|turkey|europe)\."
    assert all(re.match(where, w) for w in warnings)
    assert sum(": actors.ukraine.red_lines[" in w for w in warnings) == 2


def test_a_value_with_a_colon_gets_a_hint_to_quote_it(tmp_path):
    res = runner.invoke(app, ["run", str(ISTANBUL), "--set", "name=Talks: round two", "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert "the value reads as a YAML mapping because of its ': '; to set text, quote it: " in res.stderr
    assert "--set 'name=\"Talks: round two\"'" in res.stderr
    res = runner.invoke(
        app, ["run", str(ISTANBUL), "--set", 'name="Talks: round two"', "--no-figures", "--out", str(tmp_path / "o")]
    )
    assert res.exit_code == 0 and res.stdout.startswith("Talks: round two: agreement in week")


def test_run_prints_the_warnings_of_the_scenario_as_run(tmp_path):
    out = tmp_path / "o"
    args = ["run", str(ISTANBUL), "--no-figures", "--out", str(out)]
    lifted = ["--set", "actors.ukraine.red_lines=[]", "--set", "actors.russia.red_lines=[]"]
    assert "no acceptable value" in CliRunner().invoke(app, args).stderr
    res = CliRunner().invoke(app, [*args, *lifted])
    assert res.exit_code == 0 and "no acceptable value" not in res.stderr and "agreement" in res.stdout


def test_run_prints_the_forecast_of_the_expected_utility_model_by_round(tmp_path):
    from pathlib import Path

    emissions = Path(__file__).parents[1] / "scenarios" / "textbook" / "eu-car-emissions-1994.yaml"
    res = runner.invoke(app, ["run", str(emissions), "--out", str(tmp_path / "run")])
    assert res.exit_code == 0, res.output
    assert "forecast after 9 rounds (settled): emissions 7.00 (the median)" in res.output
    rows = re.findall(r"│ (\d+)\s+│\s+([\d.]+) │\s+([\d.]+) │", res.output)
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())["forecast"]
    assert [int(r) for r, _, _ in rows] == list(range(10))
    assert [float(m) for _, m, _ in rows] == summary["median"]["emissions"]
    assert [float(a) for _, _, a in rows] == [round(v, 3) for v in summary["mean"]["emissions"]]
    assert rows[0][1:] == ("7.000", "7.390")
    assert {"positions.png", "challenges.png"} <= {p.name for p in (tmp_path / "run").iterdir()}
