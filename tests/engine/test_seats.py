"""A person in a party's seat (engine/seats.py): the model asks the seat at the party's turn, what
the seat sees is that actor's, its moves are checked with the same words every face shows."""

from __future__ import annotations

import copy

import pytest

from negosim.engine.model import NegotiationModel
from negosim.engine.seats import Move, Seat, SeatError
from negosim.scenario.loader import from_data
from tests.conftest import pie


def model(data: dict | None = None) -> NegotiationModel:
    return NegotiationModel(from_data(copy.deepcopy(data or pie(rounds=11))), seed=0)


def play(m: NegotiationModel) -> NegotiationModel:
    while m.running:
        m.step()
    return m


def test_a_seat_that_holds_at_a_package_gets_it_when_the_tactic_across_concedes_to_it():
    m = model()
    m.seat("b", Seat(lambda view: Move(package={"x": 0.3})))
    play(m)
    offers = [e.package["x"] for e in m.events if e.kind == "offer" and e.actor == "b"]
    assert offers and set(offers) == {0.3}
    assert m.outcome == "agreement" and m.agreement[0] == pytest.approx(0.3)
    # a's linear tactic accepts once its aspiration falls to 0.3: after 7 of its 10 steps
    accept = next(e for e in m.events if e.kind == "accept")
    assert accept.actor == "a" and accept.round == 8


def test_a_seat_that_accepts_takes_the_package_on_the_table():
    seen = []

    def ask(view):
        seen.append(view)
        return Move(accept=True) if view.round == 3 else Move(package={"x": 0.0})

    m = model()
    m.seat("b", Seat(ask))
    play(m)
    third = seen[2]
    assert third.proposer == "a" and third.standing == third.offers["a"]
    assert m.outcome == "agreement" and m.agreement[0] == pytest.approx(third.standing["x"])
    assert m.agreement[0] == pytest.approx(0.8)  # a's linear offer of round 3: 1 - 2/10
    assert third.standing_utility == pytest.approx(0.2)  # to b, whose ideal is 0


def test_the_view_is_the_actors_own_brief():
    data = pie(rounds=11)
    data["actors"]["b"]["red_lines"] = [{"issue": "x", "max": 0.6}]
    data["actors"]["b"]["reservation"] = 0.25
    views = []
    m = model(data)
    m.seat("b", Seat(lambda v: views.append(v) or Move(package={"x": 0.2})))
    m.step()
    (v,) = views
    (x,) = v.issues
    assert (v.actor, v.round, x.ideal, x.salience, x.allowed) == ("b", 1, 0.0, 1.0, (0.0, 0.6))
    assert x.red_line == "x <= 0.60"
    assert v.no_deal == pytest.approx(0.25)
    assert v.utility({"x": 0.4}) == pytest.approx(0.6)
    assert v.offers == {"a": {"x": 1.0}}  # a moved first this round


@pytest.mark.parametrize(
    ("move", "says"),
    [
        (Move(package={"x": 1.5}), "x: 1.5 is not a number in [0, 1]"),
        (Move(package={"x": "half"}), "x: 'half' is not a number in [0, 1]"),
        (Move(package={}), "the package names no value for x"),
        (Move(package={"x": 0.1, "y": 2}), "no issue 'y' in this negotiation"),
        (Move(package={"x": 0.7}), "x 0.70 crosses your red line x <= 0.60"),
        (Move(), "propose a package, or accept the one on the table"),
    ],
    ids=["above-range", "not-a-number", "empty", "unknown-issue", "across-red-line", "no-move"],
)
def test_a_move_the_actor_cannot_make_is_refused_with_its_reason(move, says):
    data = pie(rounds=11)
    data["actors"]["b"]["red_lines"] = [{"issue": "x", "max": 0.6}]
    answers = []
    m = model(data)
    m.seat("b", Seat(lambda v: answers.append(v.check(move)) or Move(package={"x": 0.2})))
    m.step()
    assert answers == [says]


def test_accepting_below_no_deal_or_with_nothing_on_the_table_is_refused():
    data = pie(rounds=11)
    data["actors"]["b"]["reservation"] = 0.5
    data["protocol"] = "alternating"
    answers = []
    m = model(data)
    m.seat("a", Seat(lambda v: answers.append(v.check(Move(accept=True))) or Move(package={"x": 0.9})))
    m.step()
    m2 = model(data)
    m2.seat("b", Seat(lambda v: answers.append(v.check(Move(accept=True))) or Move(package={"x": 0.2})))
    m2.step()
    assert answers[0] == "there is no offer of another party on the table to accept"  # a moves first
    assert answers[1] == "the package on the table is worth 0.00 to you, less than no deal (0.50)"


def test_the_engine_refuses_a_move_a_face_let_through():
    m = model()
    m.seat("b", Seat(lambda v: Move(package={"x": 2})))
    with pytest.raises(SeatError, match="b cannot make that move: x: 2 is not a number"):
        m.step()


def test_a_seat_is_an_event_and_only_a_party_can_be_seated():
    m = model()
    m.seat("b", Seat(lambda v: Move(package={"x": 0.5})))
    assert [e.text for e in m.events if e.kind == "seated"] == ["a person takes b's seat"]
    with pytest.raises(SeatError, match='"mediator" is not a party'):
        m.seat("mediator", Seat(lambda v: Move()))


def test_under_simultaneous_offers_the_seats_package_is_its_offer():
    m = model(pie(rounds=11, protocol="simultaneous"))
    m.seat("a", Seat(lambda v: Move(package={"x": 0.55})))
    play(m)
    assert {e.package["x"] for e in m.events if e.kind == "offer" and e.actor == "a"} == {0.55}
    assert m.outcome == "agreement" and m.agreement[0] == pytest.approx(0.55)


def test_a_seat_that_does_not_answer_lets_the_tactic_move_that_turn():
    plain = play(model())
    m = model()
    m.seat("b", Seat(lambda v: None))
    play(m)
    offers = lambda mm: [e.text for e in mm.events if e.kind in ("offer", "accept")]  # noqa: E731
    assert offers(m) == offers(plain)  # b's linear tactic moved at every turn, as without a seat
    m2 = model()
    m2.seat("b", Seat(lambda v: Move(package={"x": 0.5}) if v.round == 1 else None))
    play(m2)
    b_offers = [e.package["x"] for e in m2.events if e.kind == "offer" and e.actor == "b"]
    assert b_offers[0] == 0.5 and b_offers[1] == pytest.approx(0.1)  # then its tactic: 1 - 0.9 at round 2


# --- a shock injected while a round is under way (issue 25, item 1) -----------------------------------
def _asks_and_offers(m: NegotiationModel, asked: list[int]) -> None:
    """Every party is asked (or offers) at most once per round."""
    from collections import Counter

    assert max(Counter(asked).values()) == 1, Counter(asked)
    offers = Counter((e.round, e.actor) for e in m.events if e.kind in ("offer", "accept"))
    assert max(offers.values()) == 1, offers


def test_a_seat_whose_ask_injects_a_shock_is_asked_once_a_round_and_the_shock_applies_next_round():
    from negosim.scenario.models import Shock

    asked = []
    data = pie(rounds=11)
    data["actors"]["b"]["red_lines"] = [{"issue": "x", "max": 0.6, "firmness": 0.5}]

    def ask(view):
        asked.append(view.round)
        if view.round == 3:  # the person's action injects a shock in the middle of round 3
            m.inject(Shock(round=3, kind="firmness", actor="b", issue="x", firmness=0.9, text="B hardens"))
        return Move(package={"x": 0.3})

    m = model(data)
    m.seat("b", Seat(ask))
    play(m)
    _asks_and_offers(m, asked)
    assert asked == list(range(1, len(asked) + 1)) and len(asked) >= m.round - 1  # once a round (a may accept first)
    [shock] = [e for e in m.events if e.kind == "shock"]
    assert shock.round == 4  # injected during round 3: it applies from round 4


def test_a_shock_injected_from_another_thread_while_a_seat_waits_never_replays_the_round():
    import threading

    from negosim.scenario.models import Shock

    asked, waiting, go = [], threading.Event(), threading.Event()

    def ask(view):
        asked.append(view.round)
        if view.round == 2:
            waiting.set()
            assert go.wait(10)
        return Move(package={"x": 0.3})

    m = model()
    m.seat("b", Seat(ask))
    player = threading.Thread(target=play, args=(m,))
    player.start()
    assert waiting.wait(10)
    # the teacher's shock, while the seat decides round 2: a pressure that brings a new stage with it
    m.inject(Shock(round=2, kind="pressure", actor="a", target="b", stick=0.5, text="A threatens"))
    go.set()
    player.join(10)
    assert not player.is_alive()
    _asks_and_offers(m, asked)
    assert asked == list(range(1, len(asked) + 1)) and len(asked) >= m.round - 1
    [shock] = [e for e in m.events if e.kind == "shock"]
    assert shock.round == 3
    assert min(e.round for e in m.events if e.kind == "press") == 3


def test_a_person_is_told_why_an_issue_is_held_and_which_conditional_line_a_package_crosses():
    from tests.engine.test_agenda import talks
    from tests.engine.test_conditional_lines import nuclear

    answers = []
    m = NegotiationModel(from_data(talks()), seed=0)  # iran will not discuss missiles (status quo 0)
    ask = {"enrichment": 1.0, "sanctions": 0.5}
    m.seat("us", Seat(lambda v: answers.append(v.check(Move(package={**ask, "missiles": 1.0}))) or None))
    m.step()
    assert answers == ["missiles is off the agenda: it stays at 0.00"]
    answers.clear()
    m = NegotiationModel(from_data(nuclear()), seed=0)  # the US's line: enrichment <= 0 unless inspections >= 0.8
    m.seat("us", Seat(lambda v: answers.append(v.check(Move(package={"enrichment": 2.0, "inspections": 0.5})))
                      or None))  # fmt: skip
    m.step()
    assert answers == ["it crosses your red line enrichment <= 0.00 unless inspections >= 0.80"]
