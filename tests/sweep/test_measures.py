"""The sweep's measures are declared once (negosim/sweep/measures.py): the runs table, a failed run's row,
the sensitivity measures, the EMA export and the titles all follow the registry."""

from __future__ import annotations

import dataclasses
import math

import pytest

import negosim
from negosim.sweep import evaluate, exports, measures, rows
from negosim.sweep.measures import MEASURES, Measure, title
from negosim.sweep.names import Names
from tests.conftest import ROOT

PIE = ROOT / "tests" / "theory" / "pie.yaml"
NAMES = Names("Pie", "week", {"share": "Share of the pie"}, {}, {}, {"a": "Alpha", "b": "Beta"}, "offers")


def test_a_runs_row_has_every_measure_and_a_failed_one_the_same_columns():
    res = negosim.simulate(PIE)
    cols = rows.columns(res.space, [])
    measured = [c for c in cols if c not in rows.KEYS + rows.ERRORS]
    assert list(measures.row(res)) == measured
    assert list(measures.failed_row(res.space)) == measured
    assert measures.row(res)["utility_a"] == res.utilities["a"] and measures.row(res)["outcome"] == res.outcome


def test_every_measure_has_words_of_its_own():
    for column in ("agreement", "round", "final_distance", "settled_share", "value_share", "utility_a"):
        words = title(column, NAMES)
        assert words != column and measures.measure_of(column) is not None
    assert title("utility_a", NAMES) == "utility to Alpha" and title("settled_share", NAMES).endswith(
        "Share of the pie"
    )
    assert title("no_such_column", NAMES) == "no_such_column"


def test_the_ranked_measures_come_in_the_registrys_order():
    assert measures.ranked(["x", "y"], ["a"], ["y"]) == ["agreement", "settled_x", "settled_y", "round", "utility_a",
                                                        "final_distance", "value_y"]  # fmt: skip


def test_a_measure_added_to_the_registry_reaches_the_runs_table_and_the_ema_export(monkeypatch, tmp_path):
    """A scratch measure, with no other edit: the runs table, a failed row, the EMA outcomes and the titles."""
    extra = Measure("events", "", "count", lambda n, _: "events in the run", lambda r, _: len(r.events),
                    lambda s, k: -1)  # fmt: skip
    monkeypatch.setattr(measures, "MEASURES", (*MEASURES, extra))
    got = evaluate(PIE, [{"actors.b.strategy.beta": 0.5}], replicates=2)
    want = [len(negosim.simulate(PIE, seed=int(s), overrides={"actors.b.strategy.beta": 0.5}).events)
            for s in got["seed"]]  # fmt: skip
    assert list(got["events"]) == want and list(got.columns).index("events") == len(got.columns) - 3
    swept = negosim.sweep(PIE, ["actors.b.strategy.beta=0.5,2"], replicates=1, out=tmp_path / "s", workers=1,
                          figures=False)  # fmt: skip
    assert list(exports.ema_outcomes(swept)["events"]) == list(swept.runs["events"].astype(float))
    assert title("events", NAMES) == "events in the run"
    assert measures.failed_row(negosim.simulate(PIE).space)["events"] == -1


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    return negosim.sweep(PIE, ["actors.b.strategy.beta=0.5,2"], replicates=2, out=tmp_path_factory.mktemp("s") / "s",
                         workers=1, figures=False)  # fmt: skip


@pytest.mark.parametrize("m", MEASURES, ids=lambda m: m.key)
def test_each_measure_is_in_the_ema_export_unless_it_is_a_category(m, swept):
    out = exports.ema_outcomes(swept)
    cols = m.columns(swept.manifest["issues"], swept.manifest["parties"])
    assert all((c in out) == (m.scale != "category") for c in cols)
    for c in cols if m.scale != "category" else ():
        assert len(out[c]) == len(swept.runs) and not any(isinstance(v, str) for v in out[c])


def test_a_measure_is_a_frozen_declaration():
    with pytest.raises(dataclasses.FrozenInstanceError):
        MEASURES[0].key = "x"  # type: ignore[misc]
    assert math.isnan(measures.failed_row(negosim.simulate(PIE).space)["final_distance"])
