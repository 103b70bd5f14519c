"""Spoilers: outside actors who attack the talks (docs/explanation/model.md, section 7; Stedman 1997; Kydd &
Walter 2002).

An observer or a host with ``spoils`` never bargains. Each of its spoils waits for its moment: a round, or
(``near_deal``) the first round that starts with a package on the table (the standing offer, else the mediator's
text) that the parties would nearly take, every one (or the protocol's quota) valuing it within ``reach`` of its
acceptance bar and inside its red lines as they stand, and that is worth less to the spoiler than its value of no
deal: a spoiler attacks only a deal it dislikes. At its moment the spoiler strikes with ``chance``, drawn once from
a stream of the run's seed of its own (spawned only where a scenario has spoilers, so every other run draws as
before), or holds back for good. A strike is a shock of the round (engine/shocks.py): a breakdown with the strike
as its cause, the war beginning or resuming, or any shock the scenario could schedule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from negosim import events as ev
from negosim.engine.shocks import apply
from negosim.numeric import EPS
from negosim.scenario.models import Shock, Spoil

if TYPE_CHECKING:
    from negosim.engine.model import NegotiationModel


class Spoilers:
    """Stage spoil: each spoil whose moment comes this round strikes or holds back, once."""

    def __init__(self, m: NegotiationModel):
        self.m = m
        self.pending = [(m.space.actors.index(aid), aid, sp) for aid, a in m.spec.actors.items() for sp in a.spoils]
        self.any = bool(self.pending)
        self.rng = m.rng.spawn(1)[0] if self.any else None  # after the resolve's stream: the same resolves

    def __call__(self) -> None:
        m = self.m
        for item in list(self.pending):
            a, aid, spoil = item
            why = self.moment(a, spoil)
            if why is None:
                continue
            self.pending.remove(item)
            struck = bool(self.rng.random() < spoil.chance)
            m.emit(ev.Spoil(m.round + 1, aid, struck, spoil.chance, why, spoil.text))
            if struck:
                strike(m, aid, spoil)
            if not m.endings.going:  # the talks broke down: nothing else happens this round
                return

    def moment(self, a: int, spoil: Spoil) -> str | None:
        """Why the moment of ``a``'s ``spoil`` has come this round, in words; None while it has not."""
        m = self.m
        if not spoil.near_deal:
            return f"{m.spec.round_unit} {spoil.when.round}" if spoil.when.round <= m.round + 1 else None
        x = in_sight(m)
        if x is None:
            return None
        u, ok = m.space.judge(x)
        if u[a] >= m.batna[a] - EPS or not within_reach(m, x, u, ok, spoil.reach):
            return None
        return f"a deal is in sight worth {u[a]:.2f} to it, less than no deal ({m.batna[a]:.2f})"


def in_sight(m: NegotiationModel) -> np.ndarray | None:
    """The package on the table: the standing offer, else the mediator's text; None if nothing is on it."""
    table = m.protocol.table
    return table.standing if table.standing is not None else table.text


def within_reach(m: NegotiationModel, x: np.ndarray, u: np.ndarray, ok: np.ndarray, reach: float) -> bool:
    """Whether the parties would nearly take ``x`` (worth ``u`` to every actor, inside the red lines of those
    ``ok``): by the protocol's rule, each party counted that values it within ``reach`` of its acceptance bar
    (with any carrot and the venue's bonus) inside its red lines, and has not walked out."""
    parties = m.space.parties
    bars = np.array([p.bar for p in m.parties])
    yes = ok[parties] & (u[parties] + m.carrot[parties] + m.host_bonus(x) >= bars - reach - EPS)
    yes[list(m.endings.walked)] = False
    return bool(m.protocol.rule.agreed(yes))


def strike(m: NegotiationModel, aid: str, spoil: Spoil) -> None:
    """``aid`` strikes: its spoil's effect as a shock of this round."""
    r, does = m.round + 1, spoil.does
    if does == "breakdown":
        shock = Shock(round=r, kind="breakdown", cause=spoil.text or f"{aid} strikes")
    elif does == "war":
        shock = Shock(round=r, kind="war", action="start")
    else:
        shock = Shock.model_validate({**does.model_dump(exclude={"round"}, exclude_unset=True), "round": r})
    if shock.kind == "war" and shock.action == "start" and m.war.on:
        m.emit(ev.Shock(r, aid, "war", "the war runs already: the strike changes nothing of it", None))
        return
    apply(m, shock)
