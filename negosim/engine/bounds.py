"""What each party may offer and a mediator may draft, after red lines move or issues settle."""

from __future__ import annotations

from typing import TYPE_CHECKING

from negosim.engine import preconditions as pre
from negosim.engine.redlines import pinned, with_bounds

if TYPE_CHECKING:
    from negosim.engine.model import NegotiationModel


def rebound(m: NegotiationModel, actors: set[int] | None = None) -> None:
    """Bounds after a change: red lines as they stand, settled issues fixed, holders of preconditions
    narrowed, the mediator's drafting space inside the requirements still held out for. Only the offers
    of ``actors`` (default: every party) are rebuilt."""
    m.version += 1
    m.space = m.redlines.space() if m.redlines.moved else m.base  # worn lines stay worn, even made firm again
    m.choice = m.draft = pinned(m.space, m.agenda.pins(m.interim.fixed()))
    m.umax = m.choice.best_utility()
    held = [pc for pc in m.pcs if pc.active and pc.requires]
    if held and m.mediators:
        discrete = m.choice.discrete

        def required(lo, hi, allowed) -> None:
            for pc in held:
                pre.required_bounds(pc, lo, hi, allowed, discrete[pc.issue])

        m.draft = with_bounds(m.choice, required)
    for party in m.parties:
        mine = [pc for pc in held if pc.holder == party.actor]
        m.holding[party.index] = bool(mine)
        if actors is not None and party.actor not in actors:
            continue
        space = m.choice
        if mine:

            def narrow(lo, hi, allowed, mine=mine) -> None:
                for pc in mine:
                    pre.holder_bounds(pc, m.choice, lo, hi, allowed)

            space = with_bounds(space, narrow)
        party.rebuild(space, float(m.umax[party.actor]))
