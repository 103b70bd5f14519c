"""The conflict environment: seeded battles, Beta beliefs, fronts, costs, values of war, ceasefire,
ripeness and breakdown, on tests/theory/war.yaml."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import negosim

WAR = Path(__file__).parents[1] / "theory" / "war.yaml"


def battles(res) -> list[str]:
    return ["a" if e.text.startswith("battle: side a") else "b" for e in res.events if e.kind == "battle"]


def test_battles_come_from_the_seed():
    one, again, other = (negosim.simulate(WAR, seed=s) for s in (1, 1, 2))
    assert battles(one) == battles(again) and one.summary == again.summary
    assert battles(one) != battles(other)


def test_beliefs_fronts_and_costs_follow_the_battles():
    res = negosim.simulate(WAR, seed=3)
    seen = battles(res)
    won = seen.count("a")
    war = res.summary["conflict"]
    assert war["battles_won"] == {"a": won, "b": len(seen) - won}
    assert war["beliefs"]["a"] == pytest.approx((2 + won) / (4 + len(seen)))  # Beta(2, 2) updated
    assert war["beliefs"]["b"] == pytest.approx(war["beliefs"]["a"])  # both watched the same battles
    assert war["front"]["territory"] == pytest.approx(np.clip(0.5 + 0.02 * (2 * won - len(seen)), 0, 1))


def test_the_value_of_war_is_reservation_plus_expected_front_gain_less_costs():
    res = negosim.simulate(
        WAR,
        seed=3,
        overrides={
            "rounds": 5,
            "actors.a.strategy": {"tactic": "hardliner"},
            "actors.b.strategy": {"tactic": "hardliner"},
        },
    )
    seen = battles(res)
    won = seen.count("a")
    expect = (2 + won) / (4 + len(seen))
    front = 0.5 + 0.02 * (2 * won - len(seen))
    expected_front = np.clip(front + 0.02 * (2 * expect - 1) * 10, 0, 1)
    value_a = 0.3 + 0.8 * ((1 - abs(expected_front - 1)) - 0.5) - 0.01 * len(seen) - 0.01 * 10
    h = res.history
    assert h[h.actor == "a"]["no_deal_value"].iloc[-1] == pytest.approx(value_a)


def test_a_ceasefire_stops_battles_and_costs():
    # both parties open with a full ceasefire: after the first battle the guns fall silent
    res = negosim.simulate(WAR, seed=1, overrides={"actors.a.positions.ceasefire.ideal": 1})
    kinds = [e.kind for e in res.events]
    assert kinds.count("battle") == 1 and "ceasefire" in kinds
    assert res.summary["conflict"]["ceasefire"] is True


def test_a_side_sure_to_win_walks_out_when_war_beats_every_deal():
    # A can get at most 0.8 * 0.6 + 0.2 = 0.68 at the table (its red line caps territory at 0.6). After
    # winning the first battle it expects the front at 1 within the horizon: war is worth
    # 0.5 + 0.8 * (1 - 0.5) - 0.001 paid - 0.01 still expected = 0.889
    res = negosim.simulate(WAR, seed=1, overrides={
        "conflict.p": 0.95, "conflict.beliefs": {"a": [20, 1], "b": [2, 2]},
        "conflict.contested": {"territory": 0.05}, "conflict.cost_per_round": {"a": 0.001, "b": 0.001},
        "actors.a.red_lines": [{"issue": "territory", "max": 0.6}], "actors.a.reservation": 0.5,
    })  # fmt: skip
    assert (res.outcome, res.round) == ("breakdown", 1)
    walk = [e for e in res.events if e.kind == "breakdown"]
    assert walk[0].actor == "a" and "walks out: no deal is worth 0.89" in walk[0].text


def test_ripeness_needs_a_hurting_stalemate():
    costly = {"conflict.p": 0.5, "conflict.cost_per_round": {"a": 0.03, "b": 0.03}, "rounds": 20}
    ripe = negosim.simulate(WAR, seed=5, overrides=costly).summary["ripe_rounds"]
    assert ripe, "a balanced, costly war ripens"
    winning = {**costly, "conflict.beliefs": {"a": [50, 1], "b": [50, 1]}, "conflict.contested": {"territory": 0.2}}
    assert negosim.simulate(WAR, seed=5, overrides=winning).summary["ripe_rounds"] == []


def test_a_ceasefire_freezes_the_front_in_the_value_of_war():
    res = negosim.simulate(WAR, seed=1, overrides={"actors.a.positions.ceasefire.ideal": 1, "rounds": 4})
    won = battles(res).count("a")  # one battle, then the ceasefire
    front = 0.5 + 0.02 * (2 * won - 1)
    value_a = 0.3 + 0.8 * ((1 - abs(front - 1)) - 0.5) - 0.01  # no expected movement, no expected costs
    h = res.history
    assert h[h.actor == "a"]["no_deal_value"].iloc[-1] == pytest.approx(value_a)


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"conflict.sides": {"a": ["a"]}}, "a war needs two sides, a and b, each with at least one party"),
        ({"conflict.cost_per_round": {"a": -0.1}}, "Input should be greater than or equal to 0"),
        ({"conflict.beliefs": {"a": [0, 1]}}, "Input should be greater than 0"),
        ({"conflict.ceasefire": {"issue": "ceasefire"}}, "a ceasefire needs at_least or at_most"),
    ],
)
def test_meaningless_wars_are_refused(override, message):
    with pytest.raises(negosim.OverrideError, match=message):
        negosim.simulate(WAR, overrides=override)


def test_only_parties_fight(tmp_path):
    from negosim.scenario.loader import from_data

    data = {"negosim": 1, "name": "t", "issues": {"x": {"name": "X"}},
            "actors": {"a": {"name": "A", "positions": {"x": {"ideal": 1, "salience": 1}}},
                       "b": {"name": "B", "positions": {"x": {"ideal": 0, "salience": 1}}},
                       "m": {"name": "M", "role": "mediator"}},
            "conflict": {"sides": {"a": ["a"], "b": ["m"]}, "p": 0.5}}  # fmt: skip
    with pytest.raises(negosim.ScenarioError, match='"m" is not a party: only parties fight'):
        from_data(data)


def test_an_actor_fights_on_one_side_only():
    with pytest.raises(negosim.OverrideError, match=r"conflict.sides.b\[1\]: \"a\" cannot fight on both sides"):
        negosim.simulate(WAR, overrides={"conflict.sides": {"a": ["a"], "b": ["b", "a"]}})


SOFT = {"actors.a.red_lines": [{"issue": "territory", "min": 0.9, "firmness": 0.5}],
        "actors.b.red_lines": [{"issue": "territory", "max": 0.1, "firmness": 0.5}]}  # fmt: skip


def war_erosions(res) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {"a": [], "b": []}
    for e in res.events:
        if e.kind == "erode" and e.war:
            out[e.actor].append(e.round)
    return out


def test_the_war_presses_the_side_it_hurts_and_not_the_side_that_wins():
    """A all but always wins (p = 0.99): A's value of war rises above where it began (no hurt, its line holds), B's
    falls with every battle and its costs, so the war wears B's soft line toward A's ideal."""
    res = negosim.simulate(WAR, seed=0, overrides={**SOFT, "conflict.p": 0.99})
    eroded = war_erosions(res)
    assert eroded["a"] == [] and eroded["b"][:3] == [1, 2, 3]
    first = next(e for e in res.events if e.kind == "erode" and e.war)
    assert first.text.startswith("the war with a erodes b's red line: territory <= 0.100 -> <= 0.1")
    assert res.summary["red_lines_eroded"][0]["actor"] == "b"


def test_the_war_s_pressure_is_what_it_has_cost_since_the_talks_began():
    """Hurt = value of war at the start less its value now (before it is kept in [0, 1]): with no gain
    or loss on the front expected (equal beliefs, a front that cannot move), only the costs paid count."""
    from negosim.engine.model import NegotiationModel

    over = {"conflict.contested.territory": 0.0, "conflict.cost_per_round": {"a": 0.01, "b": 0.03}}
    m = NegotiationModel(_load(over), seed=0)
    for rounds in (1, 2, 3):
        m.step()
        assert m.leverage.hurt[:2] == pytest.approx([0.01 * rounds, 0.03 * rounds])


def _load(overrides):
    from negosim.engine.compiled import compile_scenario
    from negosim.scenario.overrides import apply_overrides

    return compile_scenario(apply_overrides(negosim.load_scenario(WAR), overrides))


def test_under_a_ceasefire_the_war_presses_no_one():
    res = negosim.simulate(WAR, seed=0, overrides={**SOFT, "conflict.p": 0.99, "conflict.ceasefire.at_least": 0.0})
    cease = next((e.round for e in res.events if e.kind == "ceasefire"), None)
    assert cease is not None
    assert all(r < cease for r in war_erosions(res)["b"])


def test_no_round_is_ripe_while_a_ceasefire_holds():
    """No hurting stalemate without hurt (model.md, section 6): once a ceasefire holds (no battles, no costs) no
    round is ripe, while the rounds of war before it stay ripe up to the round that agreed the ceasefire."""
    costly = {"conflict.p": 0.5, "conflict.cost_per_round": {"a": 0.03, "b": 0.03}, "conflict.ceasefire.at_least": 0.0}
    res = negosim.simulate(WAR, seed=0, overrides=costly)
    cease = next(e.round for e in res.events if e.kind == "ceasefire")
    agreed = res.summary["interim"]["ceasefire"]["round"]
    assert agreed < cease < res.round, "the ceasefire holds for some rounds before the talks end"
    ripe = res.summary["ripe_rounds"]
    assert [r for r in ripe if r >= cease] == []
    assert ripe and ripe[-1] == agreed, "the hurting war that brought the ceasefire was ripe until it was agreed"
    assert battles(res) and max(e.round for e in res.events if e.kind == "battle") == agreed


def test_a_ceasefire_marked_not_separable_waits_for_the_whole_package_and_the_war_goes_on():
    # as in test_a_ceasefire_stops_battles_and_costs, but the scenario writes `separable: false` on the ceasefire
    res = negosim.simulate(WAR, seed=1, overrides={"actors.a.positions.ceasefire.ideal": 1,
                                                   "issues.ceasefire.separable": False})  # fmt: skip
    assert res.summary["interim"] == {} and "ceasefire" not in [e.kind for e in res.events]
    assert len(battles(res)) == res.round
