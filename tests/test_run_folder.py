"""A run folder holds one whole run: replaced whole, never mixed, nothing left by an interrupted or a
losing concurrent run; runs told apart by their overrides; redrawn from the copy of the scenario it keeps."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from negosim.cli import app
from tests.conftest import ISTANBUL, ROOT, pie, write_yaml

runner = CliRunner()
CRIMEA_FIRM = "actors.ukraine.red_lines[0].firmness=1"  # Istanbul ends partial with it, in agreement without


def run(*args: str):
    return runner.invoke(app, ["run", *map(str, args)])


def negosim(*args: str, **kw) -> subprocess.Popen:
    """The real command in its own process (signals and concurrency need real processes)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # a background job starts with SIGINT ignored, and a child inherits that: give it Ctrl-C back
    kw.setdefault("preexec_fn", lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    return subprocess.Popen(
        [sys.executable, "-m", "negosim.cli", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        **kw,
    )


def slow_scenario(tmp_path: Path, rounds: int = 100_000) -> Path:
    """Two hardliners who never agree: a run that lasts seconds, long enough to interrupt."""
    return write_yaml(tmp_path / "slow.yaml", pie(rounds=rounds, tactic="hardliner"))


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_ids(folder: Path) -> set[str]:
    """Every run id the folder's files carry: one for a whole run."""
    ids = {json.loads((folder / "summary.json").read_text())["run_id"]}
    ids |= {json.loads(line)["run_id"] for line in (folder / "events.jsonl").read_text().splitlines()}
    ids |= set(pd.read_parquet(folder / "history.parquet")["run_id"])
    ids |= set(pd.read_csv(folder / "history.csv")["run_id"])
    return ids


def leftovers(parent: Path) -> list[str]:
    return [p.name for p in parent.iterdir() if p.name.startswith(".")]


def test_a_run_into_a_run_folder_replaces_it_whole(tmp_path):
    out = tmp_path / "stale"
    assert run(ISTANBUL, "--out", out).exit_code == 0
    assert "Outcome: agreement" in (out / "report.html").read_text()
    res = run(ISTANBUL, "--set", CRIMEA_FIRM, "--no-figures", "--out", out)
    assert res.exit_code == 0, res.output
    assert json.loads((out / "summary.json").read_text())["outcome"] == "partial"
    assert not (out / "report.html").exists() and not list(out.glob("*.png"))  # the agreement's report is gone
    assert len(run_ids(out)) == 1 and leftovers(tmp_path) == []


def test_another_scenario_or_format_leaves_no_figure_of_the_run_before(tmp_path):
    out = tmp_path / "o"
    assert run(ISTANBUL, "--out", out).exit_code == 0
    assert (out / "conflict.png").exists()
    pie_file = write_yaml(tmp_path / "pie.yaml", pie())
    assert run(pie_file, "--out", out).exit_code == 0
    assert not (out / "conflict.png").exists()  # the pie has no war: Istanbul's war figure went with its run
    assert run(pie_file, "--out", out, "--format", "svg").exit_code == 0
    assert not list(out.glob("*.png")) and (out / "convergence.svg").exists()


def test_a_folder_that_is_not_a_run_folder_is_refused(tmp_path):
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.tex").write_text("my work")
    res = run(ISTANBUL, "--out", out)
    assert res.exit_code == 2
    assert "the folder holds other files and is not a negosim run folder" in res.stderr
    assert files(out) == {"chapter1.tex": b"my work"}
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(ISTANBUL, "--no-figures", "--out", empty).exit_code == 0


def test_a_failed_run_leaves_no_folder_behind(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = run(ISTANBUL, "--set", "actors.russia.strategy.beta=soft")
    assert res.exit_code == 2
    assert not (tmp_path / "results").exists()  # not even the empty results/istanbul-2025/ it would have made


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("before", ["new", "another run"])
def test_an_interrupted_run_writes_nothing_and_says_so(tmp_path, sig, before):
    out = tmp_path / "run"
    if before == "another run":
        assert run(write_yaml(tmp_path / "pie.yaml", pie()), "--out", out).exit_code == 0
    was = files(out) if out.exists() else None
    proc = negosim("run", slow_scenario(tmp_path), "--out", out)
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(".run.tmp-") for p in tmp_path.iterdir()):  # the run has begun
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.02)
    proc.send_signal(sig)  # the run is under way: its folder is being written
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert stderr.splitlines() == ["interrupted: nothing was written"]
    assert (files(out) if out.exists() else None) == was  # the run before, byte for byte, or still nothing
    assert leftovers(tmp_path) == []  # no temporary folder, no lock


def test_a_second_writer_of_a_folder_fails_at_once_and_mixes_nothing(tmp_path):
    from negosim.folders import FolderBusy, whole_folder

    out = tmp_path / "run"
    assert run(ISTANBUL, "--no-figures", "--out", out).exit_code == 0
    was = files(out)
    with whole_folder(out) as tmp:  # another process is writing the folder: this test holds its lock
        (tmp / "summary.json").write_text("{}")
        res = run(ISTANBUL, "--out", out)
        assert res.exit_code == 2
        assert "another negosim process" in res.stderr and "is writing this folder" in res.stderr
        assert files(out) == was
        with pytest.raises(FolderBusy), whole_folder(out):
            pass
    assert files(out) == {"summary.json": b"{}"}  # the lock holder's folder landed whole


def test_two_concurrent_runs_into_one_folder(tmp_path):
    out = tmp_path / "run"
    scenario = slow_scenario(tmp_path, rounds=30_000)
    procs = [negosim("run", scenario, "--no-figures", "--out", out, "--seed", seed) for seed in (1, 2)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 2], results
    loser = next(err for code, _, err in results if code == 2)
    assert "is writing this folder" in loser and "Traceback" not in loser
    winner_seed = json.loads((out / "summary.json").read_text())["seed"]
    assert winner_seed == (1 if results[0][0] == 0 else 2)
    assert len(run_ids(out)) == 1 and leftovers(tmp_path) == []


def test_runs_with_other_overrides_get_their_own_folder_and_id(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    f = write_yaml(tmp_path / "pie.yaml", pie())
    for extra in ([], ["--set", "actors.a.strategy.tactic=conceder"], ["--rounds", "20"]):
        assert run(f, "--no-figures", *extra).exit_code == 0
    folders = sorted(p.name for p in (tmp_path / "results" / "pie").iterdir())
    assert len(folders) == 3 and folders[0] == "seed-0"
    assert all(name.startswith("seed-0-set-") and len(name) == len("seed-0-set-") + 8 for name in folders[1:])
    ids = [run_ids(tmp_path / "results" / "pie" / name) for name in folders]
    assert all(len(i) == 1 for i in ids) and len(set.union(*ids)) == 3  # one id each, all different
    history = pd.concat(pd.read_csv(tmp_path / "results" / "pie" / n / "history.csv") for n in folders)
    assert history.groupby(["scenario_sha256", "seed"])["run_id"].nunique().tolist() == [3]


def test_the_same_overrides_in_another_order_are_the_same_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    f = write_yaml(tmp_path / "pie.yaml", pie())
    a, b = "actors.a.strategy.tactic=conceder", "rounds=15"
    assert run(f, "--no-figures", "--set", a, "--set", b).exit_code == 0
    assert run(f, "--no-figures", "--set", b, "--set", a).exit_code == 0
    assert len(list((tmp_path / "results" / "pie").iterdir())) == 1


def test_the_run_folder_keeps_the_scenario_and_its_sources(tmp_path):
    out = tmp_path / "run"
    assert run(ISTANBUL, "--no-figures", "--out", out).exit_code == 0
    meta = json.loads((out / "summary.json").read_text())["scenario"]
    assert (out / meta["copy"]).read_bytes() == ISTANBUL.read_bytes()
    [(sid, src)] = meta["sources"].items()
    assert sid == "article" and src["path"] == "sources/istanbul-talks-2025-05-12.txt"
    copied = out / "scenario" / src["path"]
    assert copied.read_bytes() == (ISTANBUL.parent / src["path"]).read_bytes()
    import hashlib

    assert hashlib.sha256(copied.read_bytes()).hexdigest() == src["sha256"]
    assert runner.invoke(app, ["validate", str(out / meta["copy"])]).exit_code == 0  # quotes still check out


@pytest.mark.parametrize("change", ["comment added", "file moved"])
def test_plot_redraws_from_the_copy_once_the_scenario_changed(tmp_path, change):
    sc = write_yaml(tmp_path / "pie.yaml", pie())
    out = tmp_path / "run"
    assert run(sc, "--out", out).exit_code == 0
    report = (out / "report.html").read_bytes()
    if change == "comment added":
        sc.write_text("# a comment\n" + sc.read_text())
    else:
        sc.rename(tmp_path / "elsewhere.yaml")
    (out / "report.html").unlink()
    res = runner.invoke(app, ["plot", str(out)])
    assert res.exit_code == 0, res.output
    assert f"scenario: {out / 'scenario' / 'pie.yaml'} (the copy kept with the run)" in res.stdout
    assert (out / "report.html").read_bytes() == report


def test_plot_without_a_copy_still_refuses_a_changed_scenario(tmp_path):
    sc = write_yaml(tmp_path / "pie.yaml", pie())
    out = tmp_path / "run"
    assert run(sc, "--out", out, "--no-figures").exit_code == 0
    import shutil

    shutil.rmtree(out / "scenario")  # as a folder written before run folders kept a copy
    write_yaml(sc, pie(rounds=12))
    res = runner.invoke(app, ["plot", str(out)])
    assert res.exit_code == 2
    assert "the scenario file has changed since this run" in res.stderr and "keeps no copy" in res.stderr


def test_plot_redraws_the_folder_whole_in_another_format(tmp_path):
    out = tmp_path / "run"
    assert run(write_yaml(tmp_path / "pie.yaml", pie()), "--out", out).exit_code == 0
    kept = {n: b for n, b in files(out).items() if not n.endswith((".png", ".html"))}
    assert runner.invoke(app, ["plot", str(out), "--format", "svg"]).exit_code == 0
    assert not list(out.glob("*.png")) and (out / "convergence.svg").exists()
    assert {n: b for n, b in files(out).items() if not n.endswith((".svg", ".html"))} == kept


def test_out_dot_inside_a_run_folder_and_a_link_to_one_replace_the_folder_they_name(tmp_path, monkeypatch):
    pie_file = write_yaml(tmp_path / "pie.yaml", pie())
    run_dir = tmp_path / "run"
    assert run(pie_file, "--out", run_dir, "--seed", "1").exit_code == 0
    monkeypatch.chdir(run_dir)
    res = run(pie_file, "--out", ".", "--seed", "2", "--no-figures")
    assert res.exit_code == 0, res.output
    monkeypatch.chdir(tmp_path)
    assert json.loads((run_dir / "summary.json").read_text())["seed"] == 2 and leftovers(tmp_path) == []
    assert runner.invoke(app, ["plot", str(run_dir)]).exit_code == 0
    (tmp_path / "latest").symlink_to(run_dir)
    assert run(pie_file, "--out", tmp_path / "latest", "--seed", "3", "--no-figures").exit_code == 0
    assert (tmp_path / "latest").is_symlink()  # the link still names the folder, which holds the new run
    assert json.loads((run_dir / "summary.json").read_text())["seed"] == 3 and leftovers(tmp_path) == []
