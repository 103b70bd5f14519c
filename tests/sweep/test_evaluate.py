"""evaluate(points): a sweep's rows in memory, for a design of one's own."""

from __future__ import annotations

import pandas as pd
import pytest

import negosim
from negosim.errors import NegosimError
from negosim.sweep import evaluate
from tests.conftest import ROOT

PIE = ROOT / "tests" / "theory" / "pie.yaml"
PATHS = ("actors.a.reservation", "actors.b.strategy.beta")


def test_a_sweeps_points_evaluated_in_memory_give_its_rows(tmp_path):
    swept = negosim.sweep(PIE, [f"{PATHS[0]}=0.1,0.4", f"{PATHS[1]}=0.3,3"], replicates=2, out=tmp_path / "s",
                          workers=1, figures=False, overrides={"rounds": 12})  # fmt: skip
    points = [dict(zip(PATHS, p, strict=True)) for p in swept.manifest["points"]]
    got = evaluate(PIE, points, replicates=2, overrides={"rounds": 12})
    assert len(got) == len(swept.runs) == 8
    pd.testing.assert_frame_equal(got, swept.runs[got.columns], check_dtype=False)
    assert got["utility_a"].nunique() == 4  # the points differ: a wrong pairing of rows and points would show


def test_each_run_is_the_run_negosim_run_makes_with_its_seed():
    got = evaluate(PIE, [{PATHS[1]: 0.5}, {PATHS[1]: 4.0}], replicates=2, seed=7)
    for _, row in got.iterrows():
        res = negosim.simulate(PIE, seed=int(row["seed"]), overrides={PATHS[1]: row[PATHS[1]]})
        assert (row["outcome"], row["round"], row["run_id"]) == (res.outcome, res.round, res.run_id)


def test_paired_points_share_their_seeds_and_unpaired_do_not():
    points = [{PATHS[1]: 0.5}, {PATHS[1]: 4.0}]
    paired = evaluate(PIE, points, replicates=3, paired=True)
    assert list(paired[paired.point == 0].seed) == list(paired[paired.point == 1].seed)
    apart = evaluate(PIE, points, replicates=3)
    assert set(apart[apart.point == 0].seed).isdisjoint(apart[apart.point == 1].seed)


def test_a_bad_point_is_named_and_nothing_runs():
    with pytest.raises(NegosimError) as err:
        evaluate(PIE, [{PATHS[0]: 0.2}, {PATHS[0]: "soft"}, {PATHS[0]: 0.3}])
    assert [p.file for p in err.value.problems] == ["points[1]"]
    with pytest.raises(NegosimError) as err:
        evaluate(PIE, [{PATHS[0]: 0.2}, {"actors.zz.reservation": 0.1}])
    assert [p.file for p in err.value.problems] == ["points[1]"] and "the same paths" in str(err.value)


def test_two_local_processes_give_the_rows_of_one():
    points = [{PATHS[1]: b} for b in (0.3, 1.0, 3.0)]
    pd.testing.assert_frame_equal(evaluate(PIE, points, 2, workers=2), evaluate(PIE, points, 2))
