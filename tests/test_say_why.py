"""The run says why: a mediator with no text, a text accepted, a stalemate or a breakdown; the
terminal summary reads at 80 columns; counts and single issues in plain English."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import negosim
from negosim.cli import app
from tests.conftest import ROOT, build, pie, write_yaml

THEORY = Path(__file__).parent / "theory"
LESSON = Path(__file__).parents[1] / "scenarios" / "lessons" / "mediator-leverage.yaml"
runner = CliRunner()


def mediated_pie(**b) -> dict:
    data = pie(rounds=5, protocol="mediated")
    data["actors"]["m"] = {"name": "M", "role": "mediator"}
    data["actors"]["b"].update(b)
    return data


def test_a_mediator_with_no_text_says_why_naming_the_party_and_the_line():
    # A's red line x >= 0.7 leaves B at most 1 - 0.7 = 0.3, below the 0.5 no deal is worth to it
    data = mediated_pie(reservation=0.5)
    data["actors"]["a"]["red_lines"] = [{"issue": "x", "min": 0.7}]
    res = negosim.simulate(build(data))
    [why] = [e for e in res.events if e.kind == "no_text"]
    assert why.round == 1 and why.actor == "m"
    assert why.text == (
        "the mediator can draft no text: inside every party's red lines b gets at most 0.30, less than no deal "
        "is worth to it (0.50); what holds it back most is a's red line x >= 0.700"
    )
    assert not any(e.kind == "text" for e in res.events)


def test_the_binding_line_is_the_one_that_costs_the_party_most():
    # two issues: A's line on y costs B 0.8 * 0.6 of utility, A's line on x only 0.2 * 0.1
    data = mediated_pie(reservation=0.6)
    data["issues"]["y"] = {"name": "Y"}
    data["actors"]["a"]["positions"] = {"x": {"ideal": 1, "salience": 0.5}, "y": {"ideal": 1, "salience": 0.5}}
    data["actors"]["b"]["positions"] = {"x": {"ideal": 0, "salience": 0.2}, "y": {"ideal": 0, "salience": 0.8}}
    data["actors"]["a"]["red_lines"] = [{"issue": "x", "min": 0.1}, {"issue": "y", "min": 0.6}]
    [why] = [e for e in negosim.simulate(build(data)).events if e.kind == "no_text"]
    assert "b gets at most 0.50" in why.text and why.text.endswith("a's red line y >= 0.600")


def test_accepting_the_text_is_logged_as_rejecting_it_is():
    res = negosim.simulate(build(mediated_pie()))
    votes = [(e.round, e.actor, e.kind) for e in res.events if e.kind in ("accept", "reject")]
    last = max(r for r, _, _ in votes)
    assert sorted((a, k) for r, a, k in votes if r == last) == [("a", "accept"), ("b", "accept")]
    assert all(sum(r == n for r, _, _ in votes) == 2 for n in range(1, last + 1))  # both parties, every round
    assert "a accepts the mediator's text" in [e.text for e in res.events]


def test_the_convergence_legend_lists_no_text_that_is_not_drawn():
    from negosim import plots

    data = mediated_pie(reservation=0.5)
    data["actors"]["a"]["red_lines"] = [{"issue": "x", "min": 0.7}]
    fig = plots.convergence(negosim.simulate(build(data)))
    labels = [t.get_text() for legend in fig.legends + [ax.get_legend() for ax in fig.axes] if legend
              for t in legend.get_texts()]  # fmt: skip
    assert "mediator's text" not in labels and "A" in labels
    assert "positions by round" in fig.get_suptitle() and "text" not in fig.get_suptitle()
    drawn = {line.get_label() for ax in fig.axes for line in ax.get_lines()}
    assert "mediator's text" not in drawn


def terminal(args: list[str], columns: int = 80):
    return runner.invoke(app, args, env={"COLUMNS": str(columns)})


def test_a_stalemate_prints_its_reason_on_one_line(tmp_path):
    res = terminal(["run", str(THEORY / "preconditions.yaml"), "--no-figures", "--out", str(tmp_path / "o")], 60)
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0] == "Ceasefire first: stalemate over preconditions in round 1"
    assert lines[1].startswith("why: stalemate over preconditions: ") and "cannot be met" in lines[1]


def test_a_breakdown_prints_its_reason(tmp_path):
    war = write_yaml(tmp_path / "w.yaml", negosim.load_scenario(THEORY / "war.yaml").raw)
    res = terminal(["run", str(war), "--no-figures", "--out", str(tmp_path / "o"), "--seed", "1",
                    "--set", "conflict.p=0.95", "--set", "conflict.beliefs={a: [20, 1], b: [2, 2]}",
                    "--set", "conflict.contested={territory: 0.05}",
                    "--set", "conflict.cost_per_round={a: 0.001, b: 0.001}",
                    "--set", "actors.a.red_lines=[{issue: territory, max: 0.6}]",
                    "--set", "actors.a.reservation=0.5"])  # fmt: skip
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].endswith("breakdown: no agreement after 1 round")  # one round, not "1 rounds"
    assert lines[1].startswith("why: a walks out: no deal is worth 0.89 to it")


def test_three_parties_at_80_columns_keep_the_issue_ids_whole(tmp_path):
    data = negosim.load_scenario(THEORY / "third-parties.yaml").raw
    data["issues"] = {"humanitarian_aid": data["issues"]["x"], "leaders_meeting": data["issues"]["summit"]}
    for actor in data["actors"].values():
        pos = actor.get("positions", {})
        actor["positions"] = {{"x": "humanitarian_aid", "summit": "leaders_meeting"}[k]: v for k, v in pos.items()}
        for rl in actor.get("red_lines", []):
            rl["issue"] = "humanitarian_aid"
    for h in (a.get("hosting") for a in data["actors"].values()):
        if h:
            h["issue"] = "leaders_meeting"
    f = write_yaml(tmp_path / "t.yaml", data)
    res = terminal(["run", str(f), "--no-figures", "--out", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    table = [line for line in res.stdout.splitlines() if line[:1] in "\u250f\u2503\u2521\u2502\u251c\u2514"]
    assert len(table) == 6 and all(len(line) <= 80 for line in table)  # 2 issues, 4 rules (agreed: no worth row)
    assert "each party's last position before the agreement" in res.stdout
    assert any("humanitarian_aid" in line for line in table) and any("leaders_meeting" in line for line in table)
    header = next(line for line in table if "issue" in line)
    assert "m's text" in header and "\u2026" not in header  # nothing cut short


@pytest.mark.parametrize(("rounds", "words"), [(1, "after 1 round "), (2, "after 2 rounds ")])
def test_counts_read_as_english(rounds, words):
    res = negosim.simulate(build(pie(rounds=rounds, tactic="hardliner")))
    [end] = [e.text for e in res.events if e.kind == "deadline"]
    assert words in end
    start = next(e.text for e in res.events if e.kind == "start")
    assert "negotiate 1 issue (" in start and f"at most {rounds} round{'s' if rounds > 1 else ''})" in start


def test_the_report_says_one_issue_can_be_settled_on_its_own():
    from negosim.report import report_html

    data = pie(rounds=3, tactic="hardliner")
    data["issues"]["x"]["separable"] = True
    page = report_html(negosim.simulate(build(data)), images={})
    assert "Only x can be settled on its own" in page and "x can be settled on their own" not in page
    data["issues"]["y"] = {"name": "Y", "separable": True}
    page = report_html(negosim.simulate(build(data)), images={})
    assert "Only x and y can be settled on their own" in page


def test_the_mediators_text_history_is_empty_without_a_text():
    data = mediated_pie(reservation=0.5)
    data["actors"]["a"]["red_lines"] = [{"issue": "x", "min": 0.7}]
    res = negosim.simulate(build(data))
    assert np.isnan(res.text).all()


def test_a_deadline_without_any_text_says_why_on_the_terminal_and_in_the_report(tmp_path):
    from negosim.report import report_html

    data = mediated_pie(reservation=0.5)
    data["actors"]["a"]["red_lines"] = [{"issue": "x", "min": 0.7}]
    f = write_yaml(tmp_path / "n.yaml", data)
    res = terminal(["run", str(f), "--no-figures", "--out", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[1].startswith("why: the mediator can draft no text: inside every party's")
    page = report_html(negosim.simulate(build(data)), images={})
    story = page.split("<h2>The story</h2>")[1].split("<details>")[0]
    first = page.split("<h2>Summary</h2>")[0]  # the first screen
    assert "the mediator can draft no text" in story
    assert '<div class="why"><b>Why</b><ul><li>the mediator can draft no text' in first


def test_ids_and_values_are_never_cut_in_a_narrow_terminal(tmp_path):
    data = pie()
    data["actors"] = {"russian_federation": data["actors"]["a"], "ukrainian_government": data["actors"]["b"]}
    f = write_yaml(tmp_path / "p.yaml", data)
    res = terminal(["run", str(f), "--no-figures", "--out", str(tmp_path / "o")], 40)
    assert res.exit_code == 0, res.output
    assert "russian_federation" in res.stdout and "ukrainian_government" in res.stdout and "\u2026" not in res.stdout


def test_a_long_run_lists_its_first_events_in_the_report_and_says_where_the_rest_are():
    from negosim.report import MAX_LISTED, report_html

    res = negosim.simulate(build(pie(rounds=MAX_LISTED, tactic="hardliner")))
    page = report_html(res, images={})
    log = page.split("id='log'>")[1].split("</ol>")[0]
    assert log.count("<li>") == MAX_LISTED
    assert f"... and {len(res.events) - MAX_LISTED} more, in events.jsonl." in page


# --- every outcome explained where people look (issue 25, item 5) --------------------------------------
def summary_of(data: dict, **kw) -> dict:
    return negosim.simulate(build(data), **kw).summary


def test_a_deadline_over_red_lines_that_clash_names_both_lines():
    data = pie(rounds=6)
    data["actors"]["a"]["red_lines"] = [{"issue": "x", "min": 0.7}]
    data["actors"]["b"]["red_lines"] = [{"issue": "x", "max": 0.4}]
    sm = summary_of(data)
    assert sm["outcome"] == "deadline"
    lines = "leave no common value: a's x >= 0.70 and b's x <= 0.40"
    assert sm["why"] == [f"on x the red lines as they stood at the end {lines}"]
    assert sm["nash"] is None
    assert sm["nash_why"] == f"on x the red lines as first written {lines}"


def test_a_deadline_without_a_zone_of_agreement_says_no_one_package_suits_all():
    data = pie(rounds=6)  # on the pie the utilities sum to 1: no package gives both more than 0.55
    data["actors"]["a"]["reservation"] = data["actors"]["b"]["reservation"] = 0.55
    sm = summary_of(data)
    assert sm["outcome"] == "deadline"
    assert sm["why"] == [
        "inside every party's red lines as they stood at the end no one package gives every party more than no deal "
        "is worth to it, though each could get more on its own"
    ]


def test_a_breakdown_says_who_walked_out_and_why():
    data = pie(rounds=6)
    data["actors"]["a"]["reservation"] = 0.6
    data["actors"]["a"]["red_lines"] = [{"issue": "x", "max": 0.5}]  # A's best inside its own line: 0.5
    sm = summary_of(data)
    assert sm["outcome"] == "breakdown"
    assert sm["why"] == [next(e.text for e in negosim.simulate(build(data)).events if e.kind == "breakdown")]
    assert sm["why"][0].startswith("a walks out")


def test_a_deadline_where_a_deal_existed_says_the_offers_had_not_met_in_time():
    data = pie(rounds=3, tactic="hardliner")  # a deal at 0.5 suits both, but hardliners never concede
    sm = summary_of(data)
    assert sm["outcome"] == "deadline"
    [why] = sm["why"]
    assert why.startswith("a package inside every red line that each party prefers to no deal existed, but the offers")
    assert "when the 3 rounds ran out" in why and "conceded too slowly" in why


def test_an_agreement_under_pressure_says_what_made_it_possible_and_why_it_may_not_last():
    res = negosim.simulate(LESSON)
    sm = res.summary
    assert sm["outcome"] == "agreement" and sm["durable"] is False
    assert "west's red line autonomy <= 0.50 gave way to autonomy <= 0.60 under pressure from broker" in sm["why"]
    assert "broker's stick took up to 60% of what no deal was worth to west" in sm["why"]
    assert sm["durable_why"].startswith("it is worth 0.54 to west, less than no deal was worth to it before any")


def test_an_agreement_without_leverage_says_so():
    sm = summary_of(pie())
    assert sm["why"] == ["the parties' offers met inside every red line as first written, no pressure needed"]
    assert sm["durable"] is True and sm["durable_why"] is None and sm["nash_why"] is None


def test_a_stalemate_and_a_partial_say_why_in_one_line_on_the_terminal(tmp_path):
    res = terminal(["run", str(THEORY / "preconditions.yaml"), "--no-figures", "--out", str(tmp_path / "o")])
    lines = res.stdout.splitlines()
    assert lines[1].startswith("why: stalemate over preconditions: north's ceasefire-first")
    sm = json.loads((tmp_path / "o" / "summary.json").read_text())
    assert sm["why"][0].startswith("stalemate over preconditions: north's ceasefire-first")


def test_the_report_shows_why_and_the_scenarios_warnings_on_its_first_screen(tmp_path):
    from negosim.report import report_html

    data = pie(rounds=6)
    data["actors"]["a"]["red_lines"] = [{"issue": "x", "min": 0.7}]
    data["actors"]["b"]["red_lines"] = [{"issue": "x", "max": 0.4}]
    res = negosim.simulate(build(data))
    first = report_html(res, images={}).split("<h2>Summary</h2>")[0]
    assert '<div class="why"><b>Why</b><ul><li>on x the red lines as they stood at the end' in first
    assert "<b>The scenario's warnings</b>" in first and "leave no acceptable value on &#34;x&#34;" in first
    assert res.summary["warnings"] == [w.in_file() for w in res.scenario.warnings] and res.summary["warnings"]


def test_the_terminal_table_labels_the_last_offers_for_what_they_are(tmp_path):
    # an agreement: the columns are each party's last offer before it, and what they were worth is not shown
    # (the utilities of the agreement are); no agreement: each last offer and its worth to its maker
    agreed = terminal(["run", str(THEORY / "pie.yaml"), "--no-figures", "--out", str(tmp_path / "a")]).stdout
    assert "each party's last offer before the agreement" in agreed and "worth to it" not in agreed
    sm = json.loads((tmp_path / "a" / "summary.json").read_text())
    assert sm["final_distance"] is None and sm["converged_issues"] is None and sm["final_offers"]
    data = pie(rounds=3, tactic="hardliner")
    f = write_yaml(tmp_path / "h.yaml", data)
    apart = terminal(["run", str(f), "--no-figures", "--out", str(tmp_path / "h")]).stdout
    assert "each party's last offer\n" in apart and "last offer worth to it" in apart
    sm = json.loads((tmp_path / "h" / "summary.json").read_text())
    assert sm["final_distance"] == 1.0 and sm["converged_issues"] == []


def test_a_carrot_is_named_among_what_made_the_deal():
    data = pie()
    data["actors"]["c"] = {"name": "C", "role": "observer", "pressure": [{"target": "b", "carrot": 0.3}]}
    assert summary_of(data)["why"] == ["c's carrot added up to 0.30 to what any agreement was worth to b"]


def test_a_deal_a_quota_carried_names_who_was_outvoted_and_a_deadline_under_a_quota_says_no_package_won_it():
    data = pie(rounds=4, tactic="boulware")
    data["protocol"] = {"name": "simultaneous", "quota": 0.6}
    data["actors"]["a"]["red_lines"] = [{"issue": "x", "max": 0.6}]
    data["actors"]["c"] = {"name": "C", "strategy": {"tactic": "hardliner"}, "red_lines": [{"issue": "x", "min": 0.9}],
                           "positions": {"x": {"ideal": 1, "salience": 1}}}  # fmt: skip
    assert summary_of(data)["why"] == ["agreed by a 0.6 quota over the objection of c"]
    data["rounds"] = 1
    assert summary_of(data)["why"] == ["no package won a 0.6 quota of the parties' votes before the 1 round ran out"]


def test_mediated_talks_whose_mediator_left_say_so():
    data = mediated_pie(reservation=0.45)
    data["actors"]["a"]["reservation"] = 0.45
    data["shocks"] = [{"kind": "mediator", "actor": "m", "present": False, "round": 2, "assumed": "t"},
                      {"kind": "mediator", "actor": "m", "present": False, "round": 3, "assumed": "t"}]  # fmt: skip
    res = negosim.simulate(build(data))
    assert res.reasons() == ["m left the table in round 2, and no mediator's text was on the table after"]
    assert [e.text for e in res.events if e.kind == "shock"] == [
        "shock: m leaves the table; its text lapses",
        "shock: m is away already: nothing changes",
    ]
    assert summary_of(mediated_pie())["why"] == [
        "the parties accepted the mediator's text inside every red line as first written, no pressure needed"
    ]


def test_a_clash_at_the_deadline_is_read_off_the_lines_as_they_stood_at_the_end_and_says_how_they_wore():
    res = negosim.simulate(THEORY / "erosion.yaml", overrides={
        "rounds": 40, "actors.south.red_lines": [{"issue": "border", "min": 0.8}]})  # fmt: skip
    assert res.reasons() == ["on border the red lines as they stood at the end leave no common value: south's border "
                             ">= 0.80 and north's border <= 0.70 (worn from border <= 0.50)"]  # fmt: skip


def test_what_no_deal_is_worth_at_the_end_decides_whether_a_deal_existed():
    # no deal is worth 0.55 to each (no package on the pie gives both that), but a stick takes half of B's
    data = pie(rounds=4, tactic="hardliner")
    data["actors"]["a"]["reservation"] = data["actors"]["b"]["reservation"] = 0.55
    data["actors"]["c"] = {"name": "C", "role": "observer", "pressure": [{"target": "b", "stick": 0.5}]}
    [why] = summary_of(data)["why"]
    assert why.startswith("a package inside every red line that each party prefers to no deal existed")


def test_an_agreement_names_the_largest_stick_a_line_given_way_entirely_and_the_war_that_wore_it():
    left = negosim.simulate(LESSON, overrides={"shocks": [
        {"round": 14, "kind": "mediator", "actor": "broker", "present": False, "assumed": "t"}]})  # fmt: skip
    assert "broker's stick took up to 60% of what no deal was worth to west" in left.reasons()
    gone = negosim.simulate(THEORY / "erosion.yaml", overrides={  # South holds out for all of it: 1
        "rounds": 40, "actors.broker.positions": {}, "actors.broker.pressure[0].stick": 0.5,
        "actors.north.strategy": {"tactic": "conceder"}})  # fmt: skip
    assert gone.outcome == "agreement"
    assert "north's red line border <= 0.50 gave way entirely under pressure from broker" in gone.reasons()
    war = negosim.simulate(ROOT / "scenarios" / "lessons" / "ceasefire-first.yaml")
    assert any(r.startswith("south's red line border <= 0.50 gave way to border <=") and
               r.endswith("under pressure from north's war") for r in war.reasons())  # fmt: skip


def test_a_stalemate_names_the_waivers_before_it_but_not_the_lines_worn():
    data = negosim.load_scenario(THEORY / "preconditions.yaml").raw
    data["actors"]["north"]["red_lines"] = [{"issue": "border", "max": 0.5, "firmness": 0.5}]
    data["actors"]["broker"]["pressure"] = [{"target": "north", "stick": 0.3}]
    res = negosim.simulate(build(data))
    assert res.outcome == "stalemate"
    assert [r for r in res.reasons() if "red line" in r and "gave way" in r] == []
