"""Interim agreements: separable issues settled ahead of the rest (docs/explanation/model.md, sections 4 and 9).

With offers, an issue settles when every party's last offer agrees on it (within ``SETTLE_TOL`` of
its range); under a mediator's text, at the text's value when every party can bank it, together
with the other pieces banked that round, and still reach what it demands. Only separable issues settle so
(``Scenario.separable_issues``: never one the scenario marks ``separable: false``). Settled issues stay
fixed; the preconditions they meet are met; a standing offer that contradicts them lapses; pieces
that would complete the whole package must clear every party's bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from negosim import events as ev
from negosim.engine import preconditions as pre
from negosim.engine.describe import precondition_text, value
from negosim.numeric import EPS
from negosim.space import Space

if TYPE_CHECKING:
    from negosim.engine.model import NegotiationModel

#: Offers within this share of an issue's range agree on it.
SETTLE_TOL = 0.01


def agreeing(space: Space, offers: np.ndarray, tol: float = SETTLE_TOL) -> np.ndarray:
    """(K,) issues on which all of ``offers`` (P, K) lie within ``tol`` of the issue's range of each other."""
    return space.distance(np.nanmax(offers, axis=0), np.nanmin(offers, axis=0)) <= tol + EPS


class Interim:
    """The issues settled so far (``values``, NaN where not; ``rounds``) and how more get settled."""

    def __init__(self, model: NegotiationModel):
        self.m = model
        K = model.space.n_issues
        self.values = np.full(K, np.nan)
        self.principle = np.full(K, np.nan)  # issues agreed in principle (a precondition's): held, never banked
        self.rounds = np.zeros(K, dtype=int)
        self.separable = np.isin(model.space.issues, model.spec.separable_issues)  # never one marked separable: false
        self.any_separable = bool(self.separable.any())
        self._held: set[int] = set()  # issues whose agreement a precondition held back (logged once)

    def settle(self) -> None:
        """Stage settle, when no whole package was agreed: bank the separable issues that can be (and meet the
        preconditions agreed in principle)."""
        self._in_principle()
        if not self.any_separable:
            return  # no issue can be settled on its own
        m = self.m
        free = self.separable & np.isnan(self.values) & np.isnan(self.principle) & ~m.agenda.off  # none off the agenda
        if not free.any():
            return  # nothing left that can be settled on its own
        if m.protocol.table.text is not None:  # a mediator's text: its pieces, not the offers, are banked
            agree = None
        else:
            agree = agreeing(m.space, m.offers) if m.has_offer.all() else np.zeros_like(free)
        blocked = pre.blocked(m.pcs)
        if blocked is not None:
            if agree is not None:
                self._note_held(free & blocked & agree)
            free &= ~blocked
        if not free.any():
            return
        new = self._pieces_of_text(free) if agree is None else self._pieces_of_offers(free & agree)
        if new:
            self._bank(new)

    def fixed(self) -> np.ndarray:
        """(K,) the values offers are held at: issues settled, and issues agreed in principle; NaN elsewhere."""
        return self.values if np.isnan(self.principle).all() else np.where(np.isnan(self.values), self.principle,
                                                                           self.values)  # fmt: skip

    def _in_principle(self) -> None:
        """A precondition met in principle (``in_principle``): every party's offer agrees on its issue inside its
        bound and every party's red lines; the issue is held there, unsettled, while the talks turn to the rest."""
        m = self.m
        due = [pc for pc in m.pcs if pc.active and pc.requires and pc.in_principle]
        if not due or not m.has_offer.all():
            return
        agree = agreeing(m.space, m.offers)
        for pc in due:
            k = pc.issue
            pieces = self._pieces_of_offers(np.eye(len(agree), dtype=bool)[k] & agree) if agree[k] else []
            if pieces and pc.admits(pieces[0][1]):
                self.principle[k] = v = pieces[0][1]
                pc.state, pc.round = "met", m.round + 1
                opened = tuple(m.space.issues[j] for j in np.flatnonzero(pc.before))
                said = f"{m.space.issues[k]} {m.space.label(k, v)}"
                m.emit(ev.Met(m.round + 1, m.space.actors[pc.holder], pc.id, opened, said))
        if any(not pc.active for pc in due):
            m.rebound()

    def _note_held(self, held: np.ndarray) -> None:
        """Say, once, of each separable issue every offer agrees on that a precondition keeps unsettled."""
        m = self.m
        for k in np.flatnonzero(held):
            if k not in self._held:
                self._held.add(int(k))
                who = [precondition_text(pc, m.space) for pc in m.pcs if pc.active and (pc.before[k] or pc.refuses[k])]
                m.emit(ev.Held(m.round + 1, None, m.space.issues[k], value(m.space, k, m.offers[0, k]), tuple(who)))

    def requirements(self, k: int) -> tuple[float, float]:
        """The interval of issue ``k`` inside every party's red lines and every active requirement on it."""
        m = self.m
        s, parties = m.space, m.space.parties
        reqs = [pc for pc in m.pcs if pc.active and pc.issue == k]
        lo = max([s.lo[parties, k].max(), s.low[k]] + [pc.lo for pc in reqs])
        hi = min([s.hi[parties, k].min(), s.low[k] + s.width[k]] + [pc.hi for pc in reqs])
        return lo, hi

    def _admissible(self, k: int, v: float) -> bool:
        m = self.m
        if not m.space.discrete[k]:
            lo, hi = self.requirements(k)
            return lo - EPS <= v <= hi + EPS
        reqs = [pc for pc in m.pcs if pc.active and pc.issue == k]
        return bool(m.space.allowed[m.space.parties, k, int(v)].all()) and all(pc.admits(v) for pc in reqs)

    def _pieces_of_offers(self, agreed: np.ndarray) -> list[tuple[int, float]]:
        """The ``agreed`` issues (every party's offer agrees on them) at the value they agree on."""
        m, new = self.m, []
        s = m.space
        for k in np.flatnonzero(agreed):
            if s.discrete[k]:
                v = float(m.offers[0, k])
            else:
                v = float(np.clip(m.offers[:, k].mean(), *self.requirements(k)))
                if np.abs(m.offers[:, k] - v).max() > SETTLE_TOL * s.width[k] + EPS:
                    continue
            if self._admissible(k, v):
                new.append((int(k), v))
        return new

    def _pieces_of_text(self, free: np.ndarray) -> list[tuple[int, float]]:
        """Issues where every party accepts to bank the text's value: inside its red lines and
        requirements, and its best package with that value fixed, together with the pieces banked
        before it in the same round, still clears its bar."""
        m, new = self.m, []
        for k in np.flatnonzero(free):
            v = float(m.protocol.table.text[k])
            if not self._admissible(k, v):
                continue
            trial = [*new, (int(k), v)]
            ok = True
            for party in m.parties:
                best = party.chooser.best.copy()
                best[[j for j, _ in trial]] = [w for _, w in trial]
                u = float(m.choice.utility(best)[party.actor])
                ok &= u + m.carrot[party.actor] + m.host_bonus(best) >= party.bar - EPS
            if ok:
                new = trial
        return new

    def _bank(self, new: list[tuple[int, float]]) -> None:
        """Record interim agreements ``new`` (issue, value), unless they would complete a package not every
        party takes; then preconditions they meet are met, and bounds follow."""
        m = self.m
        whole = self.values.copy()
        whole[[k for k, _ in new]] = [v for _, v in new]
        if not np.isnan(whole).any() and not (m.all_accept(whole) and m.ratification.passed(whole)):
            return  # the last pieces would make the whole package: it must clear every party's bar and be ratified
        for k, v in new:
            self.values[k], self.rounds[k] = v, m.round + 1
            label = m.spec.issues[m.space.issues[k]].label_at(v) if not m.space.discrete[k] else None
            m.emit(ev.Interim(m.round + 1, None, m.space.issues[k], value(m.space, k, v), label))
        for pc in m.pcs:
            v = self.values[pc.issue] if pc.requires else np.nan
            if pc.active and not np.isnan(v) and pc.admits(v):
                pc.state, pc.round = "met", m.round + 1
                opened = tuple(m.space.issues[j] for j in np.flatnonzero(pc.before))
                m.emit(ev.Met(m.round + 1, m.space.actors[pc.holder], pc.id, opened))
        if not np.isnan(self.values).any():  # everything settled, piece by piece
            m.stand(self.values.copy())
            m.agree()
        elif (table := m.protocol.table).standing is not None and table.text is None:
            fixed = ~np.isnan(self.values)
            if not np.allclose(table.standing[fixed], self.values[fixed], rtol=0, atol=EPS):
                table.lapse()  # an offer that contradicts what was settled lapses
        m.rebound()
