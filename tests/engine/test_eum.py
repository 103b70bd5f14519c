"""Bueno de Mesquita's expected-utility model (protocol eum) and the compromise model: the numbers the
literature gives, a hand calculation of round one, the move rules, and properties of whole runs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import negosim
from negosim.protocols import expected_utility as eum
from tests.conftest import build

EMISSIONS = Path(__file__).parents[2] / "scenarios" / "textbook" / "eu-car-emissions-1994.yaml"
#: BDM 1994's data: capability, position (4-10), salience, in the issue's order of actors.
EC = {
    "netherlands": (0.08, 4, 0.8), "belgium": (0.08, 7, 0.4), "luxembourg": (0.03, 4, 0.2),
    "germany": (0.16, 4, 0.8), "france": (0.16, 10, 0.6), "italy": (0.16, 10, 0.6), "uk": (0.16, 10, 0.9),
    "ireland": (0.05, 7, 0.1), "denmark": (0.05, 4, 1.0), "greece": (0.08, 7, 0.7),
}  # fmt: skip


def eum_scenario(actors: dict[str, tuple], rounds: int = 6, issues: int = 1, **protocol) -> dict:
    """A scenario of ``actors`` (id -> (capability, position, salience), or positions and saliences per
    issue as tuples) on ``issues`` issues with range [0, 10]."""
    ids = [f"i{k}" for k in range(issues)]

    def at(v, k):
        return v[k] if isinstance(v, tuple | list) else v

    return {
        "negosim": 1, "name": "EUM", "rounds": rounds, "protocol": {"name": "eum", **protocol},
        "issues": {iid: {"name": iid, "range": [0, 10]} for iid in ids},
        "actors": {a: {"name": a, "capability": c,
                       "positions": {iid: {"ideal": at(x, k), "salience": at(s, k)} for k, iid in enumerate(ids)}}
                   for a, (c, x, s) in actors.items()},
    }  # fmt: skip


# --- the forecasts on BDM 1994's data ------------------------------------------------------------
def test_the_compromise_model_and_the_condorcet_median_on_the_emission_data():
    c, x, s = (np.array(v, dtype=float) for v in zip(*EC.values(), strict=True))
    w = eum.weights(c, s[None])
    # sum c s x = 4 x 0.248 + 7 x 0.093 + 10 x 0.336 = 5.003, over sum c s = 0.677
    assert eum.mean(x[None], w)[0] == pytest.approx(5.003 / 0.677, abs=1e-12)
    assert round(float(eum.mean(x[None], w)[0]), 3) == 7.390
    # the weight at 4 is 0.248, short of half of 0.677 (0.3385); with 7's 0.093 it is 0.341: the median is 7
    assert eum.median(x[None], w)[0] == 7.0


def test_the_emission_scenario_starts_from_the_data_and_forecasts_7():
    res = negosim.simulate(negosim.load_scenario(EMISSIONS))
    fc = res.summary["forecast"]
    assert fc["median"]["emissions"][0] == 7.0 and round(fc["mean"]["emissions"][0], 3) == 7.390
    assert res.outcome == "agreement" and res.summary["agreement"] == {"emissions": fc["median"]["emissions"][-1]}
    assert len(fc["median"]["emissions"]) == res.round + 1
    first = res.history[res.history["round"] == 0]
    assert list(first["offer_emissions"]) == [x for _, x, _ in EC.values()]
    assert set(first["forecast_mean_emissions"].round(3)) == {7.390}


def test_the_median_of_an_even_split_is_the_midpoint():
    x = np.array([[2.0, 8.0, 5.0]])
    assert eum.median(x, np.array([[1.0, 1.0, 0.0]]))[0] == 5.0  # half the weight at 2, half at 8: all tie
    assert eum.median(x, np.array([[1.0, 2.0, 0.0]]))[0] == 8.0
    assert eum.median(x, np.array([[1.0, 1.0, 0.5]]))[0] == 5.0  # 5 carries weight: it is the median
    assert eum.median(np.array([[2.0, 8.0, 9.0]]), np.array([[1.0, 0.5, 0.5]]))[0] == 5.0  # ties up to 8


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 10), st.floats(0, 1), st.floats(0, 1)), min_size=1, max_size=9))
def test_the_median_beats_every_position_in_a_weighted_pairwise_vote(rows):
    x, c, s = (np.array(v)[None] for v in zip(*rows, strict=True))
    w = c * s
    m = eum.median(x, w)[0]
    if w.sum() == 0:
        return
    for y in x[0]:  # the votes for m over y: sum_v w_v (|x_v - y| - |x_v - m|), never negative (Black 1948)
        assert (w[0] * (np.abs(x[0] - y) - np.abs(x[0] - m))).sum() >= -1e-9


# --- round one by hand ----------------------------------------------------------------------------
def test_round_one_probabilities_risk_exponents_and_expected_utilities_by_hand():
    """Three actors on [0, 1]: A at 0 (capability 0.4, salience 1), B at 0.5 (0.2, 0.5), C at 1 (0.4, 0.8).
    Weights c s: 0.4, 0.1, 0.32. Votes for i over j: w_v (|x_v - x_j| - |x_v - x_i|).
    A over B: A gives 0.4 x 0.5 = 0.2; B gives 0.1 x -0.5 = -0.05; C gives 0.32 x -0.5 = -0.16: P = 0.2 / 0.41.
    A over C: 0.4, 0, -0.32: P = 0.4 / 0.72 = 5/9. B over C: 0.2, 0.05, -0.16: P = 0.25 / 0.41.
    With r = 1 and Q = 1: U_s = 2d, U_f = -2d, U_sq = 0, so E_ij = 2 d (s_j (2 P_ij - 1) + 1 - s_j):
    E_AB = 20/41, E_BA = 1/41, E_AC = 2 (0.8/9 + 0.2) = 0.5778, E_CA = -2/9, E_BC = 0.8 x 9/41 + 0.2, E_CB = 0.5 -
    4.5/41. Security (what the others expect from challenging each): A 1/41 - 2/9 = -0.1978 (the least), B
    20/41 + 0.5 - 4.5/41 = 0.8780, C 0.5778 + 0.3756 = 0.9534 (the most). R_A = -1, so r_A = (4/3) / (2/3) = 2;
    R_C = 1, so r_C = 1/2; R_B = (1.7561 - 0.9534 - 0.1978 ... ) = 0.86911, r_B = (1 - R_B/3) / (1 + R_B/3)."""
    x, c, s = np.array([[0.0, 0.5, 1.0]]), np.array([0.4, 0.2, 0.4]), np.array([[1.0, 0.5, 0.8]])
    rnd = eum.play_round(x, c, s, np.array([1.0]), np.full((1, 3), -np.inf), np.full((1, 3), np.inf))
    p = rnd.p[0]
    assert p[0, 1] == pytest.approx(20 / 41) and p[0, 2] == pytest.approx(5 / 9) and p[1, 2] == pytest.approx(25 / 41)
    assert p[1, 0] == pytest.approx(21 / 41) and p[2, 0] == pytest.approx(4 / 9) and p[2, 1] == pytest.approx(16 / 41)
    sec = np.array([1 / 41 - 2 / 9, 20 / 41 + 0.5 - 4.5 / 41, 2 * (0.8 / 9 + 0.2) + 0.8 * 9 / 41 + 0.2])
    R_b = (2 * sec[1] - sec.max() - sec.min()) / (sec.max() - sec.min())
    assert R_b == pytest.approx(0.8691149, abs=1e-7)
    assert rnd.risk[0] == pytest.approx([2.0, (1 - R_b / 3) / (1 + R_b / 3), 0.5])
    assert rnd.risk[0, 1] == pytest.approx(0.5507423, abs=1e-7)

    def by_hand(i: int, j: int, r: float) -> float:  # E_ij with i's exponent r (Scholz et al. 2011, s. 2-3)
        d = abs(x[0, i] - x[0, j])
        us, uf, usq = 2 - 4 * (0.5 - 0.5 * d) ** r, 2 - 4 * (0.5 + 0.5 * d) ** r, 2 - 4 * 0.5**r
        return s[0, j] * (p[i, j] * us + (1 - p[i, j]) * uf) + (1 - s[0, j]) * us - usq

    for i in range(3):
        for j in range(3):
            if i != j:
                assert rnd.eu[0, i, j] == pytest.approx(by_hand(i, j, rnd.risk[0, i]))
    assert rnd.eu[0, 0, 2] == pytest.approx(-0.422222, abs=1e-6)  # A, now risk averse (r 2), would not take on C
    # offers: every positive E except A's against C. A beats B's offer (E_AB 0.2378 > E_BA 0.1106); against C's
    # (E_CA 0.6062) it would lose 0.4222, less than C gains: it compromises, 0.4222 / 0.6062 of the way to 1
    assert rnd.offers[0].tolist() == [[False, True, False], [True, False, True], [True, True, False]]
    assert rnd.move[0, 0] == eum.COMPROMISE and rnd.by[0, 0] == 2
    assert rnd.x[0, 0] == pytest.approx(rnd.eu[0, 0, 2] / -rnd.eu[0, 2, 0])
    assert rnd.x[0, 0] == pytest.approx(0.422222 / 0.606205, abs=1e-5)


# --- the move rules -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("e_target", "kind", "to"),
    [
        (0.2, eum.CONFRONTATION, 10.0),  # both gain from a fight, the challenger more: the target loses
        (-0.2, eum.COMPROMISE, 4.0 + 6.0 * 0.2 / 0.5),  # it loses less than the challenger gains: |E_j / E_i|
        (-0.8, eum.CAPITULATION, 10.0),  # it would lose more: it gives in
        (0.7, eum.NONE, 4.0),  # it gains more from a fight than the challenger: it wins, and stays
    ],
)
def test_a_target_moves_by_the_kind_of_challenge(e_target, kind, to):
    x = np.array([[10.0, 4.0]])
    eu = np.array([[[0.0, 0.5], [e_target, 0.0]]])
    offers = np.array([[[False, True], [e_target > 0, False]]])
    move, by, new = eum.moves(x, eu, offers, np.full((1, 2), -np.inf), np.full((1, 2), np.inf), np.array([6.0]))
    assert move[0, 1] == kind and new[0, 1] == pytest.approx(to) and by[0, 1] == (0 if kind else -1)
    if e_target == 0.7:  # the winner's offer moves the challenger: it lost the confrontation
        assert move[0, 0] == eum.CONFRONTATION and new[0, 0] == 4.0 and by[0, 0] == 1


def test_of_its_offers_a_target_takes_the_one_that_moves_it_least_and_stops_at_its_red_line():
    x = np.array([[10.0, 2.0, 5.0]])  # actor 2 at 5 is challenged by both; 10 lies nearer than 2... not by much
    eu = np.zeros((1, 3, 3))
    eu[0, 0, 2], eu[0, 1, 2], eu[0, 2, 0], eu[0, 2, 1] = 0.5, 0.9, -0.9, -0.9  # it capitulates to either
    offers = eu > 0
    lo, hi = np.full((1, 3), -np.inf), np.full((1, 3), np.inf)
    move, by, new = eum.moves(x, eu, offers, lo, hi, np.array([10.0]))
    assert by[0, 2] == 1 and new[0, 2] == 2.0  # 3 to the left beats 5 to the right
    hi[0, 2] = 7.0  # its red line: at most 7. To 10 it can move 2, to 2 it still moves 3
    move, by, new = eum.moves(x, eu, offers, lo, hi, np.array([10.0]))
    assert by[0, 2] == 0 and new[0, 2] == 7.0
    x[0, 2] = 7.0  # at its red line: 10's offer cannot move it at all, so it is no offer; 2's is taken
    move, by, new = eum.moves(x, eu, offers, lo, hi, np.array([10.0]))
    assert by[0, 2] == 1 and new[0, 2] == 2.0 and move[0, 2] == eum.CAPITULATION


# --- the variants ---------------------------------------------------------------------------------
def test_each_variant_changes_what_its_term_says():
    x, c, s = np.array([[0.0, 3.0, 10.0]]), np.array([0.5, 0.2, 0.3]), np.array([[0.9, 0.4, 0.6]])
    w = eum.weights(c, s)
    width, r = np.array([10.0]), np.array([[1.5, 0.8, 1.0]])
    share, net = eum.probability(x, w, width, "share"), eum.probability(x, w, width, "net")
    # 0 over 3: voter 0 gives 0.45 x 0.3, voter 1 gives 0.08 x -0.3, voter 2 gives 0.18 x -0.3
    votes = np.array([0.45 * 0.3, -0.08 * 0.3, -0.18 * 0.3])
    assert share[0, 0, 1] == pytest.approx(votes[0] / np.abs(votes).sum())
    assert net[0, 0, 1] == pytest.approx(max(votes.sum(), 0) / np.abs(votes).sum())
    med, avg = eum.median(x, w), eum.mean(x, w)
    v = eum.Variant(q=0.3, t=0.6)
    eu = eum.expected_utility(x, s, share, r, med, width, v)
    assert med[0] == 0.0  # 0.45 of the weight 0.71 sits at 0
    i, j, d, m = 1, 2, 0.7, 0.3  # actor 1 (at 3, r 0.8) challenges actor 2 (at 10, salience 0.6)
    ub, uw = 2 - 4 * (0.5 - 0.25 * (m + d)) ** 0.8, 2 - 4 * (0.5 + 0.25 * (m + d)) ** 0.8
    us, uf, usq = 2 - 4 * (0.5 - 0.5 * d) ** 0.8, 2 - 4 * (0.5 + 0.5 * d) ** 0.8, 2 - 4 * 0.5**0.8
    pij = share[0, i, j]
    want = 0.6 * (pij * us + (1 - pij) * uf) + 0.4 * us - 0.3 * usq - 0.7 * (0.6 * ub + 0.4 * uw)
    assert eu[0, i, j] == pytest.approx(want)
    by_mean = eum.expected_utility(x, s, share, r, avg, width, v)
    assert med[0] != avg[0] and by_mean[0, i, j] != pytest.approx(want)  # the reference point enters U_b and U_w
    q1 = eum.expected_utility(x, s, share, r, med, width, eum.Variant(q=1.0, t=0.6))
    assert q1[0, i, j] == pytest.approx(0.6 * (pij * us + (1 - pij) * uf) + 0.4 * us - usq)  # Q = 1: T has no say


def test_the_forecast_option_picks_the_outcome():
    data = eum_scenario({a: (c, x, s) for a, (c, x, s) in EC.items()}, rounds=3)
    by_median, by_mean = build(data), build({**data, "protocol": {"name": "eum", "forecast": "mean"}})
    a, b = negosim.simulate(by_median), negosim.simulate(by_mean)
    assert a.agreement[0] == a.summary["forecast"]["median"]["i0"][-1]
    assert b.agreement[0] == pytest.approx(b.summary["forecast"]["mean"]["i0"][-1], abs=1e-6)
    assert a.agreement[0] != b.agreement[0]


# --- whole runs -----------------------------------------------------------------------------------
def test_the_stop_rule_ends_the_run_when_the_forecast_settles():
    data = eum_scenario({a: v for a, v in EC.items()}, rounds=40)
    fixed = negosim.simulate(build(data))
    assert fixed.round == 40 and fixed.outcome == "agreement"
    settled = negosim.simulate(build({**data, "protocol": {"name": "eum", "tolerance": 0.002}}))
    mean = np.array(fixed.summary["forecast"]["mean"]["i0"]) / 10  # the same rounds, over the range
    first = next(r for r in range(1, 41) if abs(mean[r] - mean[r - 1]) <= 0.002)  # the median never moves here
    assert settled.round == first < 40
    assert settled.headline().startswith(f"forecast after {first} rounds (settled): i0 ")


def small_worlds():
    actor = st.tuples(st.floats(0.01, 1), st.floats(0, 10), st.floats(0.05, 1))
    return st.dictionaries(st.sampled_from("abcdefg"), actor, min_size=2, max_size=6)


@settings(max_examples=25, deadline=None)
@given(small_worlds(), st.tuples(st.floats(0, 1), st.floats(0, 10)), st.integers(0, 2**31 - 1))
def test_an_actor_without_salience_never_moves_anyone_else(world, quiet, seed):
    """zz cares about i1 only (a party must care about something): on i0 it moves no one, and no forecast."""
    two = {a: (c, (x, 10 - x), (s, s)) for a, (c, x, s) in world.items()}
    without = negosim.simulate(build(eum_scenario(two, rounds=5, issues=2)), seed=seed)
    zz = (quiet[0] + 0.01, (quiet[1], 5.0), (0.0, 0.5))
    withq = negosim.simulate(build(eum_scenario({**two, "zz": zz}, rounds=5, issues=2)), seed=seed)
    assert np.array_equal(withq.offers[:, :-1, 0], without.offers[:, :, 0])  # zz is the last party
    assert np.array_equal(withq.protocol_data["median"][:, 0], without.protocol_data["median"][:, 0])
    assert np.array_equal(withq.protocol_data["mean"][:, 0], without.protocol_data["mean"][:, 0])
    assert "zz" not in {e.by for e in withq.events if e.kind == "moved" and e.issue == "i0"}


@settings(max_examples=20, deadline=None)
@given(small_worlds(), st.integers(0, 2**31 - 1), st.floats(2, 8))
def test_a_run_is_a_pure_function_of_scenario_and_seed_and_crosses_no_red_line(world, seed, cap):
    data = eum_scenario(world, rounds=5)
    first = next(iter(world))
    data["actors"][first]["red_lines"] = [{"issue": "i0", "max": max(cap, world[first][1])}]
    sc = build(data)
    a, b = negosim.simulate(sc, seed=seed), negosim.simulate(sc, seed=seed)
    assert a.history.equals(b.history) and [e.record() for e in a.events] == [e.record() for e in b.events]
    assert (a.offers[:, 0, 0] <= max(cap, world[first][1]) + 1e-12).all()
    u = np.array(list(a.utilities.values()))
    assert ((u >= 0) & (u <= 1)).all()


def test_linked_issues_move_together():
    world = {"a": (0.5, (0.0, 2.0), (0.9, 0.2)), "b": (0.3, (6.0, 9.0), (0.4, 0.8)),
             "c": (0.2, (10.0, 5.0), (0.7, 0.5))}  # fmt: skip
    apart = negosim.simulate(build(eum_scenario(world, rounds=4, issues=2)))
    linked = negosim.simulate(build(eum_scenario(world, rounds=4, issues=2, linked=[["i0", "i1"]])))
    for res in (apart, linked):
        assert res.protocol_data["by"].shape == (4, 3, 2)
    d = linked.protocol_data
    assert np.array_equal(d["by"][..., 0], d["by"][..., 1]) and np.array_equal(d["move"][..., 0], d["move"][..., 1])
    assert not np.array_equal(apart.protocol_data["by"][..., 0], apart.protocol_data["by"][..., 1])


def test_a_salience_shock_changes_the_weights_from_its_round():
    data = eum_scenario({a: v for a, v in EC.items()}, rounds=4)
    data["shocks"] = [{"round": 3, "kind": "salience", "actor": "uk", "issue": "i0", "salience": 0.0,
                       "assumed": "the UK stops caring"}]  # fmt: skip
    plain, shocked = negosim.simulate(build(eum_scenario(dict(EC), rounds=4))), negosim.simulate(build(data))
    assert np.array_equal(plain.offers[:2], shocked.offers[:2])
    assert "uk" not in {e.by for e in shocked.events if e.kind == "moved" and e.round >= 3}
    assert plain.protocol_data["mean"][3] != shocked.protocol_data["mean"][3]


def test_a_run_folder_reads_back_with_its_forecast(tmp_path):
    from negosim.output import write_run
    from negosim.runfolder import load_run

    res = negosim.simulate(negosim.load_scenario(EMISSIONS))
    write_run(res, tmp_path / "run")
    back = load_run(tmp_path / "run")
    for key, a in res.protocol_data.items():
        assert np.array_equal(a, back.protocol_data[key]), key
    assert np.array_equal(back.offers, res.offers) and back.headline() == res.headline()
    assert {p.name for p in (tmp_path / "run").glob("*.png")} == {"positions.png", "challenges.png", "distance.png"}
    from negosim.engine.model import NegotiationModel
    from negosim.engine.result import RunResult

    model = NegotiationModel(negosim.load_scenario(EMISSIONS))  # saved before a round is played (a demo's Save)
    write_run(RunResult.from_model(model, 0, {}), tmp_path / "zero")
    zero = load_run(tmp_path / "zero")
    assert zero.round == 0 and zero.protocol_data["median"].tolist() == [[7.0]]
    assert zero.protocol_data["move"].shape == (0, 10, 1) and zero.headline() == "running: 0 rounds played of 10"


def test_the_emission_case_is_strictly_sourced_and_explained_without_tactics():
    from negosim.scenario.explain import explain

    sc = negosim.load_scenario(EMISSIONS, strict=True)  # every number assumed; no tactic to source
    text = explain(sc)
    assert "Germany [germany]: party, capability 0.16" in text and "Concedes" not in text


def test_what_the_eum_model_refuses():
    data = eum_scenario({"a": (1, 2, 0.5), "b": (1, 8, 0.5)})
    data["conflict"] = {"sides": {"a": ["a"], "b": ["b"]}, "p": 0.5}
    with pytest.raises(negosim.ScenarioError, match="the eum model has no war around it"):
        build(data)
    data = eum_scenario({"a": (0, 2, 0.5), "b": (1, 8, 0.0)})
    with pytest.raises(negosim.ScenarioError, match="no party has both capability and salience on i0"):
        build(data)
    data = eum_scenario({"a": (1, 2, 0.5), "b": (1, 8, 0.5)}, linked=[["i0", "i9"]])
    with pytest.raises(negosim.ScenarioError, match='unknown issue "i9"'):
        build(data)
    with pytest.raises(negosim.ScenarioError, match="takes no quota or weights"):
        build(eum_scenario({"a": (1, 2, 0.5), "b": (1, 8, 0.5)}, quota=0.5))


def test_a_sweep_of_the_model_measures_the_forecast(tmp_path):
    res = negosim.sweep(EMISSIONS, ["protocol.probability=share,net"], replicates=1, out=tmp_path / "sw",
                        overrides={"protocol.tolerance": None, "protocol.forecast": "mean"})  # fmt: skip
    m = res.measures
    assert "value_emissions" in m.columns
    want = [round(negosim.simulate(negosim.load_scenario(EMISSIONS), overrides={
        "protocol.tolerance": None, "protocol.forecast": "mean", "protocol.probability": p}).agreement[0], 9)
        for p in ("share", "net")]  # fmt: skip
    assert [round(v, 9) for v in m["value_emissions"]] == want and want[0] != want[1]
    from negosim.sweep.measures import title
    from negosim.sweep.names import names_of

    assert title("final_distance", names_of(res)) == "final distance between the positions"
    assert title("value_emissions", names_of(res)) == "the outcome on Emission standard for small cars"
