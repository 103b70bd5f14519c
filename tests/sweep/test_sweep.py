"""Sweeps: designs, seeds, the store, resume, failures, executors and sensitivity, on a small war."""

from __future__ import annotations

import hashlib
import math
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import negosim
from negosim.cli import app
from negosim.errors import NegosimError
from negosim.sweep import store
from negosim.sweep.designs import make_design
from negosim.sweep.factors import parse_vary, whole_numbers
from negosim.sweep.seeds import run_seed
from negosim.sweep.tables import wilson
from tests.conftest import ROOT, write_yaml

WAR = {
    "negosim": 1,
    "name": "War and talks",
    "rounds": 30,
    "issues": {"territory": {"name": "Territory held by A"}, "ceasefire": {"name": "Ceasefire"}},
    "actors": {
        "a": {"name": "A", "reservation": 0.3, "strategy": {"tactic": "boulware", "beta": 0.5},
              "positions": {"territory": {"ideal": 1, "salience": 0.8}, "ceasefire": {"ideal": 0, "salience": 0.2}}},
        "b": {"name": "B", "reservation": 0.3, "strategy": {"tactic": "boulware", "beta": 0.5},
              "positions": {"territory": {"ideal": 0, "salience": 0.8}, "ceasefire": {"ideal": 1, "salience": 0.2}}},
        # an observer: its salience moves nothing (what Morris must rank last)
        "c": {"name": "C", "role": "observer", "positions": {"territory": {"ideal": 0.5, "salience": 0.5}}},
    },
    "conflict": {"sides": {"a": ["a"], "b": ["b"]}, "p": 0.7, "beliefs": {"a": [2, 2], "b": [2, 2]},
                 "cost_per_round": {"a": 0.01, "b": 0.01}, "contested": {"territory": 0.02},
                 "front": {"territory": 0.5}, "horizon": 10, "ceasefire": {"issue": "ceasefire", "at_least": 0.9}},
}  # fmt: skip
P = "conflict.p=0.5,0.8"
KEY = ["point", "replicate", "seed"]


@pytest.fixture
def war(tmp_path) -> Path:
    return write_yaml(tmp_path / "war.yaml", WAR)


def _runs(result) -> pd.DataFrame:
    return result.runs.drop(columns=["error"]).sort_values(KEY).reset_index(drop=True)


# --- factors and designs -----------------------------------------------------------------------------
def test_a_grid_includes_both_ends_and_values_are_read_as_yaml():
    assert parse_vary("actors.usa.pressure[0].stick=0:0.2:5").values == (0.0, 0.05, 0.1, 0.15, 0.2)
    assert parse_vary("conflict.horizon=5:25:5").values == (5, 10, 15, 20, 25)
    assert parse_vary("x=0.5,true,text,[0, 1]").values == (0.5, True, "text", [0, 1])
    f = parse_vary("actors.a.reservation=0.1..0.4")
    assert (f.sampled, f.lo, f.hi) == (True, 0.1, 0.4)


@pytest.mark.parametrize(
    ("text", "says"),
    [("x=0:1:1", "n >= 2"), ("x=0.5..0.1", "lo < hi"), ("x=1,,2", "empty value"), ("x=", "no values"),
     ("x", "PATH=SPEC"), ("x=0:1:a", "neither a grid"), ("x=1,1", "given twice"), ("a..b=1", "malformed")],
)  # fmt: skip
def test_a_malformed_factor_says_what_is_wrong(text, says):
    with pytest.raises(NegosimError, match=says):
        parse_vary(text)


def test_design_sizes():
    a, b = parse_vary("a=1,2,3"), parse_vary("b=0:1:4")
    assert len(make_design([a, b], "factorial")) == 12
    r1, r2 = parse_vary("a=0..1"), parse_vary("b=10..20")
    assert len(make_design([r1, r2], "lhs", 16)) == 16
    assert len(make_design([r1, r2], "random", 7)) == 7
    assert len(make_design([r1, r2], "sobol", 8)) == 8 * (2 + 2)  # Saltelli: N(D + 2)
    assert len(make_design([r1, r2], "morris", 5)) == 5 * (2 + 1)  # N trajectories of D + 1 points
    assert len(make_design([], "factorial")) == 1  # no factor: one point, the file's own numbers


def test_a_factorial_design_takes_no_range():
    with pytest.raises(NegosimError, match="range to sample"):
        make_design([parse_vary("a=0..1")], "factorial")


@pytest.mark.parametrize("kind", ["random", "lhs", "sobol", "morris"])
def test_sampled_designs_stay_in_bounds_and_are_reproducible(kind):
    fs = [parse_vary("a=0.1..0.4"), replace(parse_vary("b=2..8"), integer=True), parse_vary("c=x,y,z")]
    d = make_design(fs, kind, 8, seed=3)
    a = np.array([p["a"] for p in d.points])
    b = np.array([p["b"] for p in d.points])
    assert a.min() >= 0.1 and a.max() <= 0.4 and b.min() >= 2 and b.max() <= 8
    assert all(isinstance(p["b"], int) for p in d.points)  # an integer field gets whole numbers
    assert {p["c"] for p in d.points} <= {"x", "y", "z"}
    assert make_design(fs, kind, 8, seed=3).points == d.points
    assert make_design(fs, kind, 8, seed=4).points != d.points


def test_a_latin_hypercube_puts_one_point_in_every_stratum_of_every_factor():
    d = make_design([parse_vary("a=0..1"), parse_vary("b=0..1")], "lhs", 10, seed=1)
    for f in ("a", "b"):
        assert sorted(int(p[f] * 10) for p in d.points) == list(range(10))


def test_a_range_draws_whole_numbers_only_where_the_field_takes_an_integer(war):
    sc = negosim.load_scenario(war)
    assert whole_numbers(parse_vary("conflict.horizon=5..20"), sc).integer
    assert not whole_numbers(parse_vary("actors.a.reservation=0..1"), sc).integer
    assert not whole_numbers(parse_vary("actors.a.positions.territory.ideal=0..1"), sc).integer


def test_run_seeds_are_spawned_from_the_root_by_point_and_replicate():
    child = np.random.SeedSequence(7).spawn(4)[3].spawn(6)[5]
    assert run_seed(7, 3, 5) == int(child.generate_state(1, np.uint64)[0] >> np.uint64(1))
    seeds = {run_seed(0, p, r) for p in range(20) for r in range(20)}
    assert len(seeds) == 400


def test_wilson_interval():
    assert wilson(0, 10) == pytest.approx((0.0, 0.27753), abs=1e-5)
    assert wilson(5, 10) == pytest.approx((0.23659, 0.76341), abs=1e-5)
    assert wilson(10, 10) == pytest.approx((0.72247, 1.0), abs=1e-5)
    assert all(math.isnan(v) for v in wilson(0, 0))


# --- running a sweep -------------------------------------------------------------------------------
def test_a_sweep_keeps_every_run_once_and_summarises_each_point(war, tmp_path):
    res = negosim.sweep(war, [P, "actors.a.strategy.beta=0.3,3"], replicates=4, out=tmp_path / "s", workers=1,
                        figures=False)  # fmt: skip
    assert len(res.runs) == 2 * 2 * 4 and res.complete and res.failed == 0
    assert not res.runs.duplicated(["point", "replicate"]).any()
    sm = res.summary
    assert list(sm["runs"]) == [4] * 4
    shares = sm[[c for c in sm if c.startswith("share_") and not c.endswith(("_lo", "_hi"))]].sum(axis=1)
    assert np.allclose(shares, 1)
    for o in ("agreement", "deadline"):
        assert (sm[f"share_{o}_lo"] <= sm[f"share_{o}"]).all() and (sm[f"share_{o}"] <= sm[f"share_{o}_hi"]).all()
    # each run is the run negosim run would make with that seed and those values
    row = res.runs.iloc[5]
    values = dict(zip([f.path for f in res.factors], res.manifest["points"][row["point"]], strict=True))  # as given
    assert values == {"conflict.p": row["conflict.p"], "actors.a.strategy.beta": row["actors.a.strategy.beta"]}
    one = negosim.simulate(war, seed=int(row["seed"]), overrides=values)
    assert (one.outcome, one.round, one.run_id) == (row["outcome"], row["round"], row["run_id"])
    # beta 3 on a boulware party makes it a conceder: it agrees sooner than at beta 0.3
    rounds = res.runs[res.runs["outcome"] == "agreement"].groupby("actors.a.strategy.beta")["round"].mean()
    assert rounds[3] < rounds[0.3]
    # the war's battles differ between replicates: rounds vary within a point
    assert res.runs.groupby("point")["round"].nunique().max() > 1
    assert negosim.load_sweep(tmp_path / "s").summary.equals(res.summary)


def test_a_paired_sweep_runs_every_point_on_the_same_seeds(war, tmp_path):
    """Common random numbers: replicate r has one seed at every point, so the war's battles are the same
    and a difference between points is the factor's; unpaired, every run has its own seed and the sweep
    keeps the identity (the folder name) it had before pairing existed."""
    paired = negosim.sweep(war, [P], replicates=3, out=tmp_path / "p", workers=1, figures=False, paired=True)
    seeds = paired.runs.pivot(index="replicate", columns="point", values="seed")
    assert (seeds.nunique(axis=1) == 1).all() and seeds.iloc[:, 0].nunique() == 3
    assert paired.manifest["paired"] is True
    plain = negosim.sweep(war, [P], replicates=3, out=tmp_path / "u", workers=1, figures=False)
    assert plain.runs["seed"].nunique() == len(plain.runs) and "paired" not in plain.manifest
    assert plain.manifest["design_id"] != paired.manifest["design_id"]
    identity = {k: plain.manifest[k] for k in store.IDENTITY if k != "paired"}
    assert plain.manifest["design_id"] == hashlib.sha256(store.canonical(identity).encode()).hexdigest()[:8]
    with pytest.raises(NegosimError, match="paired"):  # a resume cannot change the pairing
        negosim.sweep(war, [P], replicates=3, out=tmp_path / "p", workers=1, figures=False, resume=True)


def test_one_and_two_workers_give_the_same_summary_bytes(war, tmp_path):
    one = negosim.sweep(war, [P], replicates=6, out=tmp_path / "one", workers=1, figures=False)
    two = negosim.sweep(war, [P], replicates=6, out=tmp_path / "two", workers=2, figures=False)
    assert (tmp_path / "one" / "summary.csv").read_bytes() == (tmp_path / "two" / "summary.csv").read_bytes()
    pd.testing.assert_frame_equal(_runs(one), _runs(two))


def test_a_dask_local_cluster_gives_the_same_numbers_as_local_processes(war, tmp_path):
    pytest.importorskip("dask.distributed", reason="Dask is the optional extra negosim[dask]; CI installs it")
    local = negosim.sweep(war, [P], replicates=4, out=tmp_path / "local", workers=2, figures=False)
    dask = negosim.sweep(war, [P], replicates=4, out=tmp_path / "dask", workers=2, scheduler="local", figures=False)
    pd.testing.assert_frame_equal(_runs(local), _runs(dask))
    assert (tmp_path / "local" / "summary.csv").read_bytes() == (tmp_path / "dask" / "summary.csv").read_bytes()


def test_without_dask_the_scheduler_option_says_what_to_install(war, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # import fails as if not installed
    with pytest.raises(NegosimError, match=r"pip install 'negosim\[dask\]'"):
        negosim.sweep(war, [P], replicates=1, out=tmp_path / "s", scheduler="local", figures=False)


def test_a_point_whose_runs_raise_is_recorded_and_the_others_complete(war, tmp_path, monkeypatch):
    import negosim.engine.simulate as sim

    real = sim.simulate

    def fragile(scenario, seed=0, overrides=None, analysis=True):
        if scenario.scenario.conflict.p == 0.8:  # the point's compiled scenario
            raise ZeroDivisionError("a model that divides by zero")
        return real(scenario, seed=seed, overrides=overrides, analysis=analysis)

    monkeypatch.setattr(sim, "simulate", fragile)
    res = negosim.sweep(war, [P], replicates=3, out=tmp_path / "s", workers=1, figures=False)
    bad = res.runs[res.runs["conflict.p"] == 0.8]
    assert len(bad) == 3 and set(bad["error_type"]) == {"ZeroDivisionError"}
    assert set(bad["error"]) == {"a model that divides by zero"} and set(bad["outcome"]) == {"failed"}
    good = res.runs[res.runs["conflict.p"] == 0.5]
    assert len(good) == 3 and set(good["error_type"]) == {""}
    assert list(res.summary["failed"]) == [0, 3] and res.failed == 3


def test_a_value_that_makes_a_point_invalid_stops_the_sweep_before_any_run(war, tmp_path):
    with pytest.raises(NegosimError) as err:
        negosim.sweep(war, ["conflict.p=0.5,1.5"], replicates=2, out=tmp_path / "s", workers=1)
    text = str(err.value)
    assert "--vary conflict.p (design point 1; value 1.5): conflict.p: Input should be less than 1" in text
    assert "1 of 2 design points makes an invalid scenario" in text
    assert not (tmp_path / "s").exists() or not list((tmp_path / "s").glob("runs/*"))


def test_a_problem_every_point_shares_is_said_once(war, tmp_path):
    with pytest.raises(NegosimError) as err:
        negosim.sweep(war, ["conflict.pp=0:1:3"], replicates=1, out=tmp_path / "s", workers=1)
    lines = str(err.value).splitlines()
    assert len(lines) == 2 and lines[0].startswith("--vary conflict.pp (every design point; values 0.0, 0.5, 1.0)")
    assert (
        lines[0].endswith('conflict.pp: unknown key (did you mean "p"?)')
        and lines[1] == "3 of 3 design points make an invalid scenario; no run was started"
    )


def test_a_path_both_varied_and_fixed_is_refused(war, tmp_path):
    with pytest.raises(NegosimError, match=r"conflict.p is both varied and fixed \(--set\)"):
        negosim.sweep(war, [P], overrides={"conflict.p": 0.6}, out=tmp_path / "s", workers=1)


def test_a_sampled_design_needs_a_factor_and_samples_are_for_sampled_designs(war, tmp_path):
    with pytest.raises(NegosimError, match="a sobol design samples factors"):
        negosim.sweep(war, design="sobol", out=tmp_path / "s", workers=1)
    with pytest.raises(NegosimError, match="--samples is for a sampled design"):
        negosim.sweep(war, [P], samples=5, out=tmp_path / "s", workers=1)


def test_a_sweep_that_cannot_start_leaves_no_folder_in_the_way(war, tmp_path, monkeypatch):
    out = tmp_path / "s"
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    with pytest.raises(NegosimError, match="pip install"):
        negosim.sweep(war, [P], replicates=1, out=out, scheduler="local")
    assert not (out / "manifest.json").exists()
    monkeypatch.undo()
    (out / "runs").mkdir(parents=True)  # a folder with a manifest and no run (a start killed at once)
    negosim.sweep(war, [P], replicates=1, out=tmp_path / "other", workers=1, figures=False)
    (out / "manifest.json").write_bytes((tmp_path / "other" / "manifest.json").read_bytes())
    res = negosim.sweep(war, [P], replicates=1, out=out, workers=1, figures=False)  # no --resume needed: no run lost
    assert len(res.runs) == 2


def test_resume_in_the_default_folder_after_the_scenario_changed_is_refused(war, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = negosim.sweep(war, [P], replicates=1, workers=1, figures=False)
    assert first.folder.parent == Path("results") / "war"
    write_yaml(war, {**WAR, "rounds": 31})
    with pytest.raises(NegosimError, match=f"scenario file has changed since the sweep in {first.folder}/ started"):
        negosim.sweep(war, [P], replicates=1, workers=1, resume=True)
    assert negosim.sweep(war, [P], replicates=1, workers=1, figures=False).folder != first.folder  # a new sweep


def test_the_library_takes_a_sweep_file_and_adds_what_it_is_given(war, tmp_path):
    (tmp_path / "s.yaml").write_text(
        "sweep: 1\nscenario: war.yaml\nfactors:\n  conflict.p: [0.5, 0.8]\nreplicates: 2\n"
    )
    res = negosim.sweep(tmp_path / "s.yaml", ["actors.b.reservation=0.2,0.3"], out=tmp_path / "out", workers=1,
                        figures=False)  # fmt: skip
    assert [f.path for f in res.factors] == ["conflict.p", "actors.b.reservation"] and len(res.runs) == 8


def test_a_factor_from_a_sweep_file_is_blamed_at_its_line(war, tmp_path):
    bad = tmp_path / "s.yaml"
    bad.write_text("sweep: 1\nscenario: war.yaml\nfactors:\n  conflict.pp: [0.5, 0.8]\n")
    res = CliRunner().invoke(app, ["sweep", str(bad), "--workers", "1"])
    assert res.exit_code == 2
    lines = res.output.splitlines()  # after the scenario's own warnings (C's position moves nothing)
    where = f"{bad}:4:3: factors.conflict.pp (every design point; values 0.5, 0.8): "
    assert any(line.startswith(where) for line in lines)


def test_a_sweep_called_again_in_a_worker_says_to_guard_the_script(war, tmp_path):
    script = tmp_path / "unguarded.py"
    out = str(tmp_path / "o")
    script.write_text(f"import negosim\nnegosim.sweep({str(war)!r}, [{P!r}], replicates=1, out={out!r}, workers=2)\n")
    done = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert 'if __name__ == "__main__":' in done.stderr


def test_resuming_with_a_changed_scenario_seed_or_design_is_refused(war, tmp_path):
    out = tmp_path / "s"
    negosim.sweep(war, [P], replicates=2, out=out, workers=1, figures=False)
    with pytest.raises(NegosimError, match=r"holds a sweep already .*--resume"):
        negosim.sweep(war, [P], replicates=2, out=out, workers=1)
    with pytest.raises(NegosimError, match="root seed differs: 0 in the folder, 1 now"):
        negosim.sweep(war, [P], replicates=2, out=out, workers=1, seed=1, resume=True)
    with pytest.raises(NegosimError, match=r"factors differ: conflict.p: 0.5,0.8 in the folder, 0.5,0.9 now"):
        negosim.sweep(war, ["conflict.p=0.5,0.9"], replicates=2, out=out, workers=1, resume=True)
    write_yaml(war, {**WAR, "rounds": 31})
    with pytest.raises(NegosimError, match="scenario file has changed"):
        negosim.sweep(war, [P], replicates=2, out=out, workers=1, resume=True)


def test_a_complete_sweep_resumed_runs_nothing_again(war, tmp_path):
    out = tmp_path / "s"
    first = negosim.sweep(war, [P], replicates=2, out=out, workers=1, figures=False)
    parts = sorted(p.name for p in (out / "runs").iterdir())
    again = negosim.sweep(war, [P], replicates=2, out=out, workers=1, figures=False, resume=True)
    assert sorted(p.name for p in (out / "runs").iterdir()) == parts
    pd.testing.assert_frame_equal(_runs(first), _runs(again))


def _cli(*args, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # a background job starts with SIGINT ignored, and a child inherits that: give it Ctrl-C back
    return subprocess.Popen([sys.executable, "-m", "negosim.cli", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL), **kw)  # fmt: skip


def _wait_for_parts(folder: Path, proc: subprocess.Popen, least: int = 1) -> None:
    deadline = time.monotonic() + 120
    while len(list((folder / "runs").glob("part-*.parquet"))) < least:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no chunk finished in two minutes"
        time.sleep(0.05)


def test_a_sweep_killed_half_way_and_resumed_has_every_run_once_with_the_same_values(war, tmp_path):
    ref = negosim.sweep(war, [P, "actors.b.reservation=0.2,0.3"], replicates=10, out=tmp_path / "ref", workers=1,
                        figures=False)  # fmt: skip
    out = tmp_path / "killed"
    args = ["sweep", str(war), "--vary", P, "--vary", "actors.b.reservation=0.2,0.3", "--replicates", "10",
            "--workers", "1", "--out", str(out), "--no-figures"]  # fmt: skip
    proc = _cli(*args)
    _wait_for_parts(out, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    kept = negosim.load_sweep(out).runs
    assert 0 < len(kept) < len(ref.runs), "the kill should land half way"
    done = subprocess.run([sys.executable, "-m", "negosim.cli", *args, "--resume"], cwd=ROOT, capture_output=True,
                          text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    res = negosim.load_sweep(out)
    assert not res.runs.duplicated(["point", "replicate"]).any()
    pd.testing.assert_frame_equal(_runs(res), _runs(ref))
    assert (out / "summary.csv").read_bytes() == (tmp_path / "ref" / "summary.csv").read_bytes()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_sigterm_keeps_the_finished_chunks_and_prints_how_to_resume(war, tmp_path, sig):
    out = tmp_path / "s"
    proc = _cli("sweep", str(war), "--vary", P, "--replicates", "40", "--workers", "2", "--out", str(out),
                "--no-figures")  # fmt: skip
    _wait_for_parts(out, proc)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    kept = len(negosim.load_sweep(out).runs)
    assert f"interrupted: {kept} of 80 runs are kept in {out}/" in err
    assert "resume with: negosim sweep" in err and "--resume" in err


# --- sensitivity -----------------------------------------------------------------------------------
def test_morris_ranks_a_factor_without_effect_last(tmp_path):
    # without the war the runs are deterministic, so a factor without effect has no elementary effect at all
    # (with a war, each design point's battles differ and mu* of such a factor is the noise of its replicates)
    talks = write_yaml(tmp_path / "talks.yaml", {k: v for k, v in WAR.items() if k != "conflict"})
    factors = ["actors.b.reservation=0.05..0.6", "actors.a.strategy.beta=0.1..3",
               "actors.c.positions.territory.salience=0.1..1"]  # fmt: skip
    res = negosim.sweep(talks, factors, design="morris", samples=6, replicates=1, out=tmp_path / "s", workers=1,
                        figures=False)  # fmt: skip
    sens = res.sensitivity
    dead = sens[sens["factor"] == "actors.c.positions.territory.salience"]
    assert (dead["mu_star"] == 0).all()
    moved = sens[sens["measure"].isin(["round", "utility_a", "utility_b", "final_distance"])]
    for _, g in moved.groupby("measure"):
        ranked = g.sort_values("rank")
        assert (
            list(ranked["rank"]) == [1, 2, 3] and ranked["factor"].iloc[-1] == "actors.c.positions.territory.salience"
        )
        assert ranked["mu_star"].iloc[1] > 0
    assert (tmp_path / "s" / "sensitivity.csv").exists()
    from negosim.sweep.report_text import sweep_lines

    lines = sweep_lines(res, 1.0)
    top = lines.index("what moves the outcome most (Morris mu*, scaled over every measure):")
    movers = lines[top + 1 : top + 4]
    assert [m.split(". ", 1)[0].strip() for m in movers] == ["1", "2", "3"]
    assert movers[2].endswith("(actors.c.positions.territory.salience): moves nothing") and "moves" in movers[0]


# --- the command line ------------------------------------------------------------------------------
def test_the_sweep_command_prints_the_outcomes_and_where_the_files_are(war, tmp_path):
    out = tmp_path / "s"
    res = CliRunner().invoke(app, ["sweep", str(war), "--vary", P, "--replicates", "3", "--workers", "1",
                                   "--out", str(out), "--no-figures"])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "6 runs at 2 design points (factorial, 3 replicates)" in res.output
    wrote = next(line for line in res.output.splitlines() if line.startswith(f"wrote {out}/: "))
    assert {"manifest.json", "runs/", "summary.csv"} <= set(wrote.split(": ", 1)[1].split(", "))
    assert "share of runs by outcome:" in res.output


def test_a_sweep_file_runs_like_the_options_and_its_errors_are_located(war, tmp_path):
    (tmp_path / "ok.yaml").write_text(
        "sweep: 1\nscenario: war.yaml\nfactors:\n  conflict.p: [0.5, 0.8]\nreplicates: 3\nout: swept\n"
    )
    res = CliRunner().invoke(app, ["sweep", str(tmp_path / "ok.yaml"), "--workers", "1", "--no-figures"])
    assert res.exit_code == 0, res.output
    assert len(negosim.load_sweep(tmp_path / "swept").runs) == 6
    bad = tmp_path / "bad.yaml"
    bad.write_text("sweep: 1\nscenario: war.yaml\nfactors:\n  conflict.p: 0:1:1\nreplicate: 3\n")
    res = CliRunner().invoke(app, ["sweep", str(bad)])
    assert res.exit_code == 2
    assert f"{bad}:4:15: factors.conflict.p: a grid lo:hi:n needs n >= 2" in res.output
    assert f"{bad}:5:1: replicate: unknown key" in res.output
    missing = tmp_path / "missing.yaml"
    missing.write_text("sweep: 1\nscenario: nowhere.yaml\n")
    res = CliRunner().invoke(app, ["sweep", str(missing)])
    assert res.exit_code == 2 and f"{missing}:2:11: scenario: no such file" in res.output


def test_the_sweep_file_has_a_json_schema_that_accepts_a_sweep_file_and_refuses_a_typo(tmp_path):
    import json

    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is part of the test extra")
    res = CliRunner().invoke(app, ["schema", "--sweep"])
    assert res.exit_code == 0
    schema = json.loads(res.output)
    good = {"sweep": 1, "scenario": "war.yaml", "factors": {"conflict.p": "0.5,0.8", "actors.a.reservation":
            {"lo": 0.1, "hi": 0.4}, "conflict.horizon": [5, 10]}, "design": "lhs", "replicates": 3}  # fmt: skip
    jsonschema.validate(good, schema)
    for bad in ({**good, "replicate": 3}, {**good, "design": "grid"}, {**good, "replicates": 0}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


def test_plot_redraws_a_sweep_folder_in_another_format_and_keeps_its_data(war, tmp_path):
    out = tmp_path / "s"
    negosim.sweep(war, [P], replicates=2, out=out, workers=1)
    pngs = sorted(p.stem for p in out.glob("*.png"))
    assert "outcome_shares_1" in pngs and "agreement_rounds" in pngs
    runs = sorted(p.read_bytes() for p in (out / "runs").iterdir())
    res = CliRunner().invoke(app, ["plot", str(out), "--format", "svg"])
    assert res.exit_code == 0, res.output
    assert sorted(p.stem for p in out.glob("*.svg")) == pngs and not list(out.glob("*.png"))
    assert sorted(p.read_bytes() for p in (out / "runs").iterdir()) == runs
    assert (out / "summary.csv").exists() and (out / "manifest.json").exists()


def test_the_sweep_command_prints_the_scenarios_warnings_as_run_does(tmp_path):
    from tests.conftest import ISTANBUL

    res = CliRunner().invoke(app, ["sweep", str(ISTANBUL), "--replicates", "1", "--workers", "1", "--out",
                                   str(tmp_path / "s"), "--no-figures"])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert 'warning: red lines of russia and ukraine leave no acceptable value on "crimea"' in res.output


def test_each_summary_number_is_that_of_the_points_runs(war, tmp_path):
    res = negosim.sweep(war, [P], replicates=6, out=tmp_path / "s", workers=1, figures=False)
    for point, row in res.summary.set_index("point").iterrows():
        runs = res.runs[res.runs["point"] == point]
        agreed = runs.loc[runs["outcome"] == "agreement", "round"]
        assert row["runs"] == 6 and row["share_agreement"] == pytest.approx((runs["outcome"] == "agreement").mean())
        assert row["agreement_rounds_q50"] == pytest.approx(agreed.median())
        assert row["agreement_rounds_q10"] == pytest.approx(np.quantile(agreed, 0.1))
        assert row["agreement_rounds_mean"] == pytest.approx(agreed.mean())
        for iid in ("territory", "ceasefire"):
            assert row[f"settled_{iid}"] == pytest.approx(runs[f"settled_{iid}"].mean())
            got = runs.loc[runs[f"settled_{iid}"], f"value_{iid}"]
            assert row[f"value_{iid}_mean"] == pytest.approx(got.mean()) and row[f"value_{iid}_q90"] == pytest.approx(
                np.quantile(got, 0.9)
            )
        assert row["utility_a_mean"] == pytest.approx(runs["utility_a"].mean())
        lo, hi = wilson(int((runs["outcome"] == "agreement").sum()), 6)
        assert (row["share_agreement_lo"], row["share_agreement_hi"]) == (pytest.approx(lo), pytest.approx(hi))


def test_chunks_cover_every_run_not_kept_once_in_point_order(war):
    from negosim.sweep.execute import CHUNK, chunks

    sc = negosim.load_scenario(war)
    points = [{"conflict.p": p} for p in (0.5, 0.6, 0.7)]
    done = {(0, 1), (2, 5)}
    todo = chunks(sc, points, {"rounds": 20}, 40, 3, done, ["point"], workers=2)
    runs = [r for c in todo for r in c.runs]
    assert [(p, r) for p, r, _ in runs] == [(p, r) for p in range(3) for r in range(40) if (p, r) not in done]
    assert all(seed == run_seed(3, p, r) for p, r, seed in runs)
    assert max(len(c.runs) for c in todo) <= CHUNK and len(todo) >= 8  # several chunks for each worker
    first = todo[0]
    assert first.overrides[0] == {"rounds": 20, "conflict.p": 0.5}  # the fixed overrides and the point's values


def test_every_run_has_the_seed_spawned_from_the_root_by_its_point_and_replicate(war, tmp_path):
    res = negosim.sweep(war, [P], replicates=3, seed=7, out=tmp_path / "s", workers=1, figures=False)
    keys = zip(res.runs["point"], res.runs["replicate"], strict=True)
    assert [int(s) for s in res.runs["seed"]] == [run_seed(7, p, r) for p, r in keys]
    assert res.manifest["seed"] == 7


def test_wilson_interval_next_to_the_ends():
    assert wilson(1, 10) == pytest.approx((0.01787, 0.40415), abs=1e-5)
    assert wilson(9, 10) == pytest.approx((0.59585, 0.98213), abs=1e-5)


def test_a_value_list_in_a_sampled_design_draws_its_last_value_and_a_whole_range_its_top():
    from negosim.sweep.factors import Factor

    assert Factor("x", ("a", "b", "c")).at(0.9) == "c" and Factor("x", ("a", "b", "c")).at(0.1) == "a"
    assert Factor("h", None, 2, 8, integer=True).at(0.95) == 8 and Factor("h", None, 2, 8, integer=True).at(0) == 2


def test_a_sobol_sweep_gives_first_order_and_total_indices_ranked_by_the_total(war, tmp_path):
    res = negosim.sweep(war, ["conflict.p=0.3..0.9", "actors.a.reservation=0.05..0.5"], design="sobol", samples=8,
                        replicates=1, out=tmp_path / "s", workers=1, figures=False)  # fmt: skip
    sens = res.sensitivity
    assert {"S1", "S1_conf", "ST", "ST_conf", "rank"} <= set(sens.columns) and len(res.runs) == 8 * 4
    for _, g in sens.groupby("measure"):
        assert list(g.sort_values("rank")["ST"]) == sorted(g["ST"], reverse=True)


def test_shares_and_settling_are_of_the_runs_that_finished(war, tmp_path, monkeypatch):
    import negosim.engine.simulate as sim

    real = sim.simulate

    def fragile(scenario, seed=0, overrides=None, analysis=True):
        if seed % 2:
            raise ValueError("odd seed")
        return real(scenario, seed=seed, overrides=overrides, analysis=analysis)

    monkeypatch.setattr(sim, "simulate", fragile)
    res = negosim.sweep(war, [P], replicates=8, out=tmp_path / "s", workers=1, figures=False)
    for point, row in res.summary.set_index("point").iterrows():
        ok = res.runs[(res.runs["point"] == point) & (res.runs["error_type"] == "")]
        assert 0 < row["failed"] < 8 and row["runs"] == 8
        shares = [row[f"share_{o}"] for o in ("agreement", "partial", "breakdown", "stalemate", "deadline")]
        assert sum(shares) == pytest.approx(1)
        assert row["settled_territory"] == pytest.approx(ok["settled_territory"].mean())
