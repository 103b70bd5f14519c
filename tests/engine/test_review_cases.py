"""Edge cases found in review: each failed before its fix."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

import negosim
from negosim import ScenarioError
from negosim.cli import app
from negosim.engine.offers import OfferChooser
from negosim.engine.space import build_space
from negosim.scenario.evidence import _closest
from tests.conftest import ISTANBUL, build, pie, write_yaml


def test_options_that_look_like_numbers_work_in_red_lines():
    data = pie()
    data["issues"]["x"] = {"name": "Pay rise %", "kind": "discrete", "options": ["0", "50", "100"], "ordered": True}
    data["actors"]["a"]["positions"]["x"] = {"values": {"100": 1, "50": 0.6}, "salience": 1}
    data["actors"]["b"]["positions"]["x"] = {"values": {"0": 1, "50": 0.7}, "salience": 1}
    data["actors"]["b"]["red_lines"] = [{"issue": "x", "max": 50}, {"issue": "x", "not_in": [0]}]
    res = negosim.simulate(build(data))
    assert res.outcome == "agreement" and res.summary["agreement"] == {"x": "50"}


def test_not_in_is_refused_on_a_continuous_issue():
    data = pie()
    data["actors"]["a"]["red_lines"] = [{"issue": "x", "not_in": [0.5]}]
    with pytest.raises(ScenarioError, match="not_in needs a discrete issue"):
        build(data)


def test_an_issue_without_a_position_is_offered_inside_its_range():
    data = pie()
    data["issues"]["price"] = {"name": "Price", "range": [100, 200]}
    data["actors"]["b"]["positions"]["price"] = {"ideal": 150, "salience": 1}
    space = build_space(build(data))
    best = OfferChooser(space, 0).best
    assert 100 <= best[1] <= 200
    res = negosim.simulate(build(data))
    assert np.nanmin(res.offers[:, :, 1]) >= 100 and np.nanmax(res.offers[:, :, 1]) <= 200
    assert all(0 <= u <= 1 for u in res.summary["utilities"].values())


def test_the_last_step_takes_the_cheapest_issue_not_only_the_steepest():
    # A gains most per unit of distance on x, but needs only a little more utility, which y gives cheaper.
    data = {
        "negosim": 1,
        "name": "t",
        "issues": {"x": {"name": "X"}, "y": {"name": "Y", "kind": "discrete", "options": ["p", "q"]}},
        "actors": {
            "a": {
                "name": "A",
                "positions": {"x": {"ideal": 1, "salience": 0.5}, "y": {"values": {"q": 1}, "salience": 0.5}},
            },
            "b": {
                "name": "B",
                "positions": {"x": {"ideal": 0, "salience": 0.9}, "y": {"values": {"p": 1}, "salience": 0.1}},
            },
        },
    }
    s = build_space(build(data))
    x = OfferChooser(s, 0).choose(0.5, targets=np.array([[0.0, 0.0]]), target_weight=s.weight[[1]])
    assert s.utility(x)[0] >= 0.5 - 1e-9
    assert x.tolist() == [0.0, 1.0]  # give B its x, take y (cost 0.1), rather than move x to 1 (cost 0.9)


def test_closest_passage_in_a_long_source():
    text = ("filler words of no interest " * 20000) + "the minister said we will never sign this treaty today"
    assert _closest("the minister said we would never sign the treaty", text).startswith(
        '; closest passage: "the minister said we will never sign this treaty'
    )


def test_rounds_are_bounded_and_a_nul_in_a_source_path_is_refused_plainly(tmp_path):
    with pytest.raises(negosim.OverrideError, match="less than or equal to 100000"):
        negosim.simulate(build(pie()), overrides={"rounds": 2_000_000_000})
    data = pie()
    data["sources"] = {"a": {"title": "A", "path": "a\0b"}}
    f = write_yaml(tmp_path / "s.yaml", data)
    with pytest.raises(ScenarioError, match='cannot read source "a\\x00b"'):
        negosim.load_scenario(f)


def test_run_prints_the_warnings_of_the_scenario_as_run(tmp_path):
    out = tmp_path / "o"
    args = ["run", str(ISTANBUL), "--no-figures", "--out", str(out)]
    lifted = ["--set", "actors.ukraine.red_lines=[]", "--set", "actors.russia.red_lines=[]"]
    assert "no acceptable value" in CliRunner().invoke(app, args).stderr
    res = CliRunner().invoke(app, [*args, *lifted])
    assert res.exit_code == 0 and "no acceptable value" not in res.stderr and "agreement" in res.stdout
