"""``negosim play FILE --as ACTOR``, driven through its prompts: the person's moves are the party's,
refused moves say why and are asked again, the talks are saved as a run folder."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from negosim.cli import app
from negosim.runfolder import load_run
from tests.conftest import ISTANBUL, pie, write_yaml

runner = CliRunner()


def play(tmp_path, answers: list[str], data: dict | None = None, actor: str = "b", extra: tuple = ()):
    scenario = write_yaml(tmp_path / "pie.yaml", data or pie(rounds=11))
    out = tmp_path / "played"
    res = runner.invoke(app, ["play", str(scenario), "--as", actor, "--out", str(out), "--no-figures", *extra],
                        input="".join(a + "\n" for a in answers))  # fmt: skip
    return res, out


def test_a_person_proposes_and_the_agent_across_accepts_when_its_tactic_reaches_it(tmp_path):
    res, out = play(tmp_path, ["p", "0.3"] + ["y"] + ["p", "", "y"] * 10)
    assert res.exit_code == 0, res.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["outcome"] == "agreement" and summary["agreement"] == {"x": 0.3}
    assert summary["seats"] == ["b"]
    events = [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines()]
    assert {e["package"]["x"] for e in events if e["kind"] == "offer" and e["actor"] == "b"} == {0.3}
    assert "agreement in round 8" in res.stdout  # a's linear tactic reaches 0.3 after 7 of its 10 steps


def test_the_person_sees_its_brief_the_offer_on_the_table_and_what_a_package_is_worth(tmp_path):
    data = pie(rounds=11)
    data["actors"]["b"]["red_lines"] = [{"issue": "x", "max": 0.6}]
    res, _ = play(tmp_path, ["p", "0.25", "n", "q"], data)
    assert "You are B (b): alternating offers, at most 11 rounds." in res.stdout
    assert "x (Share of A): ideal 0.00, weight 1.00; red line x <= 0.60" in res.stdout
    assert "a's last offer: x 1.00 (worth 0.00 to you)" in res.stdout
    assert "x 0.25: worth 0.75 to you. Propose it? [Y/n]" in res.stdout


def test_a_value_out_of_range_or_across_a_red_line_is_refused_and_asked_again(tmp_path):
    data = pie(rounds=11)
    data["actors"]["b"]["red_lines"] = [{"issue": "x", "max": 0.6}]
    res, out = play(tmp_path, ["p", "1.5", "0.8", "half", "0.6", "y", "q"], data)
    assert res.exit_code == 0, res.output
    assert "refused: x: 1.5 is not a number in [0, 1]" in res.stdout
    assert "refused: x 0.80 crosses your red line x <= 0.60" in res.stdout
    assert "refused: x: 'half' is not a number in [0, 1]" in res.stdout
    events = [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines()]
    assert [e["package"] for e in events if e["kind"] == "offer" and e["actor"] == "b"] == [{"x": 0.6}]


def test_accepting_what_cannot_be_accepted_is_refused_then_accepting_the_offer_agrees_it(tmp_path):
    data = pie(rounds=11)
    data["actors"]["b"]["reservation"] = 0.15
    # round 1: a offers 1.0, worth 0 to b: refused; b proposes 0; round 2: a offers 0.9, worth 0.1: refused;
    # round 3: a offers 0.8, worth 0.2 to b: accepted
    res, out = play(tmp_path, ["a", "p", "0", "y", "a", "p", "", "y", "a"], data)
    assert res.exit_code == 0, res.output
    assert "refused: the package on the table is worth 0.00 to you, less than no deal (0.15)" in res.stdout
    assert "refused: the package on the table is worth 0.10 to you, less than no deal (0.15)" in res.stdout
    run = load_run(out)
    assert run.outcome == "agreement" and run.round == 3 and run.agreement[0] == 0.8


def test_quitting_saves_the_rounds_played_as_a_run_folder(tmp_path):
    res, out = play(tmp_path, ["p", "0.2", "y", "p", "0.2", "y", "q"])
    assert res.exit_code == 0, res.output
    summary = json.loads((out / "summary.json").read_text())
    assert (summary["outcome"], summary["round"]) == ("running", 2)
    assert "running: 2 rounds played of 11" in res.stdout
    events = [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines()]
    assert max(e["round"] for e in events) == 2  # the third round, begun when the person quit, is not kept


def test_the_end_of_input_is_a_quit(tmp_path):
    res, out = play(tmp_path, ["p", "0.2", "y"])
    assert res.exit_code == 0 and json.loads((out / "summary.json").read_text())["round"] == 1


def test_a_seat_that_is_no_party_is_a_clear_error(tmp_path):
    res, _ = play(tmp_path, [], actor="bb")
    assert res.exit_code == 2
    assert '--as: "bb" is not a party of' in res.stderr and 'did you mean "b"?' in res.stderr
    assert "Traceback" not in res.output


def test_istanbul_from_ukraines_seat_shows_its_precondition_and_red_lines(tmp_path):
    out = tmp_path / "played"
    res = runner.invoke(app, ["play", str(ISTANBUL), "--as", "ukraine", "--out", str(out), "--no-figures"],
                        input="q\n")  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "your precondition ceasefire-first (ceasefire >= 1.00): active" in res.stdout
    assert "crimea (Crimea): ideal 0.00, weight 0.20; red line crimea <= 0.50" in res.stdout
    assert "russia's last offer:" in res.stdout  # russia moves first in the week
    assert "four_oblasts" in res.stdout and "(worth" in res.stdout


def test_play_refuses_a_model_without_seats_after_naming_the_actor():
    from pathlib import Path

    from typer.testing import CliRunner

    from negosim.cli import app

    emissions = Path(__file__).parents[1] / "scenarios" / "textbook" / "eu-car-emissions-1994.yaml"
    runner = CliRunner()
    nobody = runner.invoke(app, ["play", str(emissions), "--as", "nobody"])
    assert nobody.exit_code == 2 and '--as: "nobody" is not a party' in nobody.output
    uk = runner.invoke(app, ["play", str(emissions), "--as", "uk"])
    assert uk.exit_code == 2 and "no seat to take" in uk.output
