"""Threats with a credibility (docs/explanation/model.md, section 7; Schelling 1966; Fearon 1994, 1997).

A pressure with a ``credibility`` is a threat: its stick is the harm threatened, and it deters by what the
target believes, the expected cost ``believed * stick`` of the target's value of no deal (the deterrence
literature's expected-cost form: Schelling 1966, ch. 2; Huth 1999), built up and applied like any stick
(engine/leverage.py). Whether it is carried out follows the true ``credibility``: one uniform draw per threat,
made at the start from a stream spawned from the model's generator (after the holders' resolve, so a run
without threats draws what it drew before), carries it out when below the credibility. It falls due at its
``ultimatum`` round if the talks still run, or when the talks fail (every ending but an agreement); then it is
carried out (``then: war`` starts the war, ``then: breakdown`` ends the talks in breakdown) or not, each an
event, and its stick is spent either way: carried out, its consequence prices the value of no deal from then
on; not carried out, the bluff is called.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from negosim import events as ev
from negosim.engine.endings import AGREEMENT, BREAKDOWN

if TYPE_CHECKING:
    from negosim.engine.leverage import Push
    from negosim.engine.model import NegotiationModel
    from negosim.scenario.models import Pressure


def deterrent(pr: Pressure) -> float:
    """The stick a pressure applies at full strength: its ``stick``, or a threat's expected one,
    ``believed * stick`` (``believed`` defaults to the threat's ``credibility``)."""
    if pr.credibility is None:
        return pr.stick
    return pr.stick * (pr.credibility if pr.believed is None else pr.believed)


@dataclass
class Threat:
    """One threat: its presser's pressure (``push``), the scenario's block, and whether the draw carries it out."""

    push: Push
    spec: Pressure
    carried: bool
    done: bool = False


class Threats:
    """The scenario's threats; the model's ``threats``."""

    def __init__(self, m: NegotiationModel):
        self.m = m
        specs = [pr for actor in m.spec.actors.values() for pr in actor.pressure]  # the order of leverage.pushes
        mine = [(m.leverage.pushes[n], pr) for n, pr in enumerate(specs) if pr.credibility is not None]
        draws = m.rng.spawn(1)[0].random(len(mine)) if mine else []  # a stream of its own, only with threats
        self.items = [Threat(push, pr, bool(u < pr.credibility)) for (push, pr), u in zip(mine, draws, strict=True)]

    @property
    def timed(self) -> bool:
        """Whether some threat falls due at a round of its own (an ultimatum): the stage ``threats`` runs."""
        return any(t.spec.ultimatum is not None for t in self.items)

    def due(self) -> None:
        """Stage threats: each threat whose ultimatum is this round falls due (before the war's battle and the
        pressure of the round)."""
        for t in self.items:
            if not t.done and t.spec.ultimatum == self.m.round + 1:
                self._fall_due(t, self.m.round + 1)

    def fail(self, outcome: str | None) -> str | None:
        """The talks ended in ``outcome``: where they failed (no agreement), each threat carried out when they
        fail falls due; the outcome, a breakdown where one such threat ends them so."""
        if outcome is None or outcome == AGREEMENT:
            return outcome
        for t in self.items:
            if not t.done and t.spec.ultimatum is None and self._fall_due(t, self.m.round + 1, outcome):
                outcome = BREAKDOWN
        return outcome

    def _fall_due(self, t: Threat, r: int, ended: str | None = None) -> bool:
        """``t`` falls due in round ``r``: carried out or not (an event), its stick spent. Whether it ends the talks
        in a breakdown they had not ended in (``ended``: how they ended, if they had)."""
        m, t.done, t.push.stick = self.m, True, 0.0
        src, tgt = m.space.actors[t.push.source], m.space.actors[t.push.target]
        words = f"{src} carries out its threat against {tgt}"
        if not t.carried:
            m.emit(ev.Threat(r, src, tgt, False, t.spec.then, t.spec.credibility, "the threat is not carried out"))
            return False
        if t.spec.then == "war":
            going = m.war.on
            if not going:
                m.set_war(True)
            result = "the war goes on" if going else "the war begins"
            m.emit(ev.Threat(r, src, tgt, True, "war", t.spec.credibility, result))
            return False
        m.emit(ev.Threat(r, src, tgt, True, "breakdown", t.spec.credibility, "the talks end in breakdown"))
        if ended is None:
            m.endings.break_off(None, words)
            return False
        if ended != BREAKDOWN:
            m.emit(ev.Breakdown(r, None, cause=words))
        return True
