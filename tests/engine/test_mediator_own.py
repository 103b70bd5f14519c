"""A mediator's lean (an asymmetric Nash text) and its own proposals (docs/explanation/model.md, section 7)."""

from __future__ import annotations

import pytest

from negosim.engine.model import NegotiationModel
from tests.conftest import build, logroll, pie


def _pie(lean: float = 0.0, **mediator) -> dict:
    d = pie(rounds=4, protocol="mediated")
    d["actors"]["m"] = {"name": "M", "role": "mediator", "lean": lean, "positions": {"x": {"ideal": 1, "salience": 1}},
                        **mediator}  # fmt: skip
    return d


def _texts(data: dict, kinds=("text", "proposal")) -> list:
    m = NegotiationModel(build(data), seed=0)
    while m.running:
        m.step()
    return [e for e in m.events if e.kind in kinds]


@pytest.mark.parametrize("lean", [0.0, 0.3, 0.6])
def test_two_parties_on_a_line_the_leaning_text_is_the_weighted_nash_point(lean):
    """u_a = x, u_b = 1 - x, u_m = x, d = 0: maximising (1-l)/2 (log x + log(1-x)) + l log x gives x = (1+l)/2,
    the share ``lean`` of the way from the Nash point 1/2 to the mediator's ideal."""
    assert _texts(_pie(lean))[0].package["x"] == pytest.approx((1 + lean) / 2, abs=1e-4)


def test_a_lean_stays_inside_the_parties_red_lines():
    d = _pie(0.9)
    d["actors"]["b"]["red_lines"] = [{"issue": "x", "max": 0.6}]
    assert _texts(d)[0].package["x"] == pytest.approx(0.6, abs=1e-6)


def test_a_partial_proposal_takes_the_drafted_text_elsewhere_and_is_voted_on():
    d = logroll(rounds=4)
    d["protocol"] = "mediated"
    d["actors"]["m"] = {"name": "M", "role": "mediator", "proposals": [{"round": 2, "package": {"y": 0.1}}]}
    events = _texts(d, ("text", "proposal", "accept", "reject"))
    text = next(e for e in events if e.kind == "text")
    own = next(e for e in events if e.kind == "proposal")
    assert own.round == 2 and own.actor == "m" and own.package["y"] == 0.1
    assert own.package["x"] == pytest.approx(text.package["x"]) and text.package["x"] > 0.5  # a's issue, from the text
    votes = [e for e in events if e.round == 2 and e.kind in ("accept", "reject")]
    assert len(votes) == 2 and any(e.kind == "accept" and e.what == "the mediator's own proposal" for e in votes)
    assert "m tables its own proposal: " in own.text


def test_a_proposal_across_a_red_line_is_rejected_and_one_every_party_takes_is_agreed():
    d = _pie()
    d["actors"]["b"]["red_lines"] = [{"issue": "x", "max": 0.6}]
    d["actors"]["m"]["proposals"] = [{"round": 1, "package": {"x": 0.8}}]
    assert any(e.kind == "reject" and e.actor == "b" and "red line" in e.reason
               for e in _texts(d, ("reject",)) if e.round == 1)  # fmt: skip
    d = _pie()
    d["actors"]["m"]["proposals"] = [{"round": 3, "package": {"x": 0.52}}]
    m = NegotiationModel(build(d), seed=0)
    while m.running:
        m.step()
    assert m.round == 3 and m.agreement is not None and m.agreement[0] == 0.52
    from negosim import simulate

    assert "the parties accepted the mediator's own proposal (round 3)" in simulate(build(d), seed=0).reasons()[0]
