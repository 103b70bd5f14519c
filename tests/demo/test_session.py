"""The demo's session without a browser: controls from the scenario, their values as overrides, a
person's turn on the round's thread, shocks by hand, the save as a run folder."""

from __future__ import annotations

import copy
import json

import pytest

import negosim
from negosim.demo.controls import controls, overrides
from negosim.demo.session import DemoSession
from negosim.engine.seats import Move
from negosim.errors import OverrideError
from negosim.scenario.loader import from_data
from tests.conftest import ISTANBUL, pie


@pytest.fixture(scope="module")
def istanbul():
    return negosim.load_scenario(ISTANBUL)


def test_the_controls_are_the_scenarios_numbers_with_the_judged_ones_first(istanbul):
    cs = controls(istanbul)
    paths = [c.path for c in cs]
    assert paths[:3] == ["actors.russia.strategy.tactic", "actors.russia.strategy.beta", "actors.russia.reservation"]
    assert "actors.usa.pressure[0].stick" in paths and "conflict.p" in paths and paths[-1] == "rounds"
    beta = next(c for c in cs if c.path == "actors.russia.strategy.beta")
    assert beta.value == 0.3 and beta.assumed.startswith("beta 0.3: a side that is winning concedes slowly")
    assert all(c.assumed for c in cs[: paths.index("rounds")])  # every Istanbul number but the rounds is judged


def test_only_changed_values_become_overrides_and_a_beta_leaves_with_its_tactic(istanbul):
    cs = controls(istanbul)
    values = {c.path: c.value for c in cs}
    assert overrides(cs, values) == {}
    values["actors.russia.strategy.beta"] = 0.9
    assert overrides(cs, values) == {"actors.russia.strategy.beta": 0.9}
    values["actors.russia.strategy.tactic"] = "tit-for-tat"
    assert overrides(cs, values) == {"actors.russia.strategy.tactic": "tit-for-tat"}


def test_a_session_steps_resets_with_new_values_and_saves_a_run_folder(istanbul, tmp_path):
    s = DemoSession(istanbul, out=tmp_path / "demo")
    s.run(5)
    assert (s.round, len(s.states), s.states[-1].round) == (5, 5, 5)
    s.reset({"actors.russia.strategy.beta": 0.9})
    assert s.round == 0 and s.states == [] and s.model.spec.actors["russia"].strategy.beta == 0.9
    s.run(3)
    folder = s.save()
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["overrides"] == {"actors.russia.strategy.beta": 0.9}
    assert (summary["outcome"], summary["round"]) == ("running", 3)
    assert (folder / "report.html").exists()
    # the same values and seed are the same talks as negosim.simulate's first rounds
    res = negosim.simulate(istanbul, overrides={"actors.russia.strategy.beta": 0.9, "rounds": 52})
    assert [e.text for e in s.events] == [e.text for e in res.events if e.round <= 3]


def test_an_invalid_value_is_refused_and_the_talks_stay_as_they_were(istanbul):
    s = DemoSession(istanbul)
    s.run(2)
    with pytest.raises(OverrideError):
        s.reset({"actors.russia.reservation": 2.0})
    assert s.round == 2 and s.values["actors.russia.reservation"] == 0.35


def test_a_person_in_a_seat_moves_at_its_turn_and_a_refused_move_keeps_it_waiting():
    s = DemoSession(from_data(copy.deepcopy(pie(rounds=11))))
    s.sit("b")
    s.step()
    assert s.turn is not None and s.turn.view.offers == {"a": {"x": 1.0}} and s.round == 0
    assert s.answer(Move(package={"x": 3})) == "x: 3 is not a number in [0, 1]"
    assert s.turn is not None and s.turn.refused == "x: 3 is not a number in [0, 1]"
    assert s.answer(Move(package={"x": 0.3})) is None
    assert s.turn is None and s.round == 1
    for _ in range(10):
        if not s.running:
            break
        s.step()
        s.answer(Move(package={"x": 0.3}))
    assert s.model.outcome == "agreement" and s.model.agreement[0] == pytest.approx(0.3)


def test_reset_ends_a_round_that_waits_for_the_person():
    s = DemoSession(from_data(copy.deepcopy(pie(rounds=11))))
    s.sit("a")
    s.step()
    assert s.turn is not None
    s.reset()
    assert s.turn is None and s.round == 0
    s.step()
    assert s.turn is not None and s.turn.view.round == 1


def test_a_shock_by_hand_is_checked_and_applies_at_the_next_round(istanbul):
    s = DemoSession(istanbul)
    s.run(2)
    with pytest.raises(ValueError, match='unknown actor "nobody"'):
        s.shock(kind="firmness", actor="nobody", issue="crimea", firmness=0.5)
    with pytest.raises(ValueError, match="russia has no red line on"):
        s.shock(kind="firmness", actor="russia", issue="ceasefire", firmness=0.5)
    s.shock(kind="firmness", actor="russia", issue="crimea", firmness=0.2, text="a softer line from Moscow")
    s.step()
    shocks = [e for e in s.state.events if e.kind == "shock"]
    assert [e.round for e in shocks] == [3]
    assert shocks[0].text == "shock: a softer line from Moscow: russia's red line on crimea: firmness 1.00 -> 0.20"


def test_a_position_shock_by_hand_moves_an_ideal_from_the_panels_share_of_the_range(istanbul):
    from negosim.demo.panels import position_fields

    s = DemoSession(istanbul)
    s.run(1)
    with pytest.raises(ValueError, match='has no position on "crimea" to move'):
        s.shock(kind="position", actor="usa", issue="crimea", ideal=0.5)
    fields = position_fields(istanbul, "crimea", 0.25)
    lo, hi = istanbul.issues["crimea"].range
    assert fields == {"ideal": lo + 0.25 * (hi - lo)}
    s.shock(kind="position", actor="russia", issue="crimea", **fields)
    s.step()
    a, k = s.model.space.actors.index("russia"), s.model.space.issues.index("crimea")
    assert s.model.base.ideal[a, k] == pytest.approx(fields["ideal"])
    assert [e.what for e in s.state.events if e.kind == "shock"] == ["position"]


def test_negosim_demo_without_its_extra_is_a_clear_error(monkeypatch):
    from typer.testing import CliRunner

    from negosim.cli import app
    from negosim.demo import server

    monkeypatch.setattr(server, "NEEDS", ("solara", "no_such_module_for_negosim"))
    res = CliRunner().invoke(app, ["demo", str(ISTANBUL)])
    assert res.exit_code == 2
    line = res.stderr.strip()
    assert line.startswith("negosim demo needs ") and line.endswith(", not installed here: pip install 'negosim[demo]'")
    assert "no_such_module_for_negosim" in line and "\n" not in line


def test_negosim_demo_on_a_bad_file_is_a_located_error(tmp_path):
    from typer.testing import CliRunner

    from negosim.cli import app

    bad = tmp_path / "bad.yaml"
    bad.write_text("negosim: 1\nname: x\nissues: {}\n")
    res = CliRunner().invoke(app, ["demo", str(bad)])
    assert res.exit_code == 2 and str(bad) in res.stderr and "Traceback" not in res.output


def test_the_live_figures_mark_the_round_of_a_shock(istanbul):
    from negosim.demo import figures

    s = DemoSession(istanbul)
    s.run(3)
    s.shock(kind="battle", winner="b")
    s.run(2)
    worth, offers = figures.Worth(s.model.spec), figures.Offers(s.model.spec)
    assert worth.png(s.states)[:4] == b"\x89PNG" and offers.png(s.states)[:4] == b"\x89PNG"
    assert [x for x in worth.shock.get_xdata() if x == x] == [4, 4]
    assert all([x for x in line.get_xdata() if x == x] == [4, 4] for line, *_ in offers.shocks)


def test_a_session_runs_the_expected_utility_model_to_its_forecast(tmp_path):
    from pathlib import Path

    from negosim import load_scenario
    from negosim.demo import figures

    sc = load_scenario(Path(__file__).parents[2] / "scenarios" / "textbook" / "eu-car-emissions-1994.yaml")
    s = DemoSession(sc, out=tmp_path)
    s.step()
    assert [e.kind for e in s.events][-1] == "forecast" and s.state.offers[6, 0] == 4.0  # the UK moved to 4
    s.shock(kind="salience", actor="uk", issue="emissions", salience=0.1)
    s.run()
    assert not s.running and s.state.outcome == "agreement" and s.state.agreement.tolist() == [7.0]
    assert figures.Offers(sc).png(s.states)[:4] == b"\x89PNG" and figures.Worth(sc).png(s.states)[:4] == b"\x89PNG"
    folder = s.save()
    assert (folder / "positions.png").exists() and (folder / "report.html").exists()


def test_under_the_expected_utility_model_the_live_figures_draw_the_forecast_and_shocks_are_its_own():
    from pathlib import Path

    from negosim import load_scenario
    from negosim.demo import figures
    from negosim.engine.seats import Seat, SeatError

    sc = load_scenario(Path(__file__).parents[2] / "scenarios" / "textbook" / "eu-car-emissions-1994.yaml")
    s = DemoSession(sc)
    s.run(3)
    offers = figures.Offers(sc)
    offers.png(s.states)
    forecast = [e for st in s.states for e in st.events if e.kind == "forecast"]
    assert list(offers.median[0].get_ydata()) == [e.median["emissions"] for e in forecast] == [7.0, 7.0, 7.0]
    assert list(offers.mean[0].get_ydata()) == [e.mean["emissions"] for e in forecast]
    with pytest.raises(ValueError, match="the eum protocol takes only salience shocks"):
        s.shock(kind="pressure", actor="uk", target="france", stick=0.2)
    with pytest.raises(SeatError, match="no seat to take"):
        s.model.seat("uk", Seat(lambda view: None))


def test_a_scenarios_position_shock_is_a_control_whose_new_ideal_applies_at_reset():
    from tests.conftest import pie

    data = pie(rounds=20, tactic="hardliner")
    data["shocks"] = [{"round": 2, "kind": "position", "actor": "a", "issue": "x", "ideal": 0.6, "assumed": "judged"}]
    s = DemoSession(from_data(data))
    [c] = [c for c in s.controls if c.path == "shocks[0].ideal"]
    assert (c.value, c.assumed, c.group) == (0.6, "judged", "what happens on the way")
    s.reset({**s.values, "shocks[0].ideal": 0.4})
    s.run(2)
    offers = [e.package["x"] for e in s.events if e.kind == "offer" and e.actor == "a"]
    assert offers == [1.0, 0.4]  # its ideal, then from round 2 the new one as the control set it


def test_a_change_of_format_by_hand_is_checked_like_a_scenarios(istanbul):
    s = DemoSession(istanbul)
    with pytest.raises(ValueError, match='unknown protocol "mediatd"'):
        s.shock(kind="protocol", protocol="mediatd")
    s.shock(kind="protocol", protocol="simultaneous")
    s.step()
    assert s.model.protocol.name == "simultaneous"
    assert [e.what for e in s.events if e.kind == "shock"] == ["protocol"]
