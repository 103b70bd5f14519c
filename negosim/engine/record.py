"""The history of a run, in arrays preallocated for every round (docs/explanation/model.md, section 10), and the
per-round measures it records: the distance between offers and ripeness."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import numpy as np

from negosim.engine.columns import RECORDED

if TYPE_CHECKING:
    from negosim.engine.model import NegotiationModel


class Recorder:
    """Stage collect: what each round leaves behind, by round (R rows, filled as rounds pass)."""

    def __init__(self, m: NegotiationModel):
        self.m = m
        R, P, K, A = m.rounds, len(m.space.parties), m.space.n_issues, len(m.space.actors)
        self.others = [np.flatnonzero(np.arange(P) != p) for p in range(P)]  # the other parties' rows
        pairs = list(itertools.combinations(range(P), 2))  # the upper triangle, row by row (np.triu_indices)
        self.pairs = tuple(np.array([pq[n] for pq in pairs], dtype=np.intp) for n in (0, 1))
        #: each per-round series (columns.py) by its field: offers, aspiration, standing utility, distance, ...
        self.series = {c.field: c.allocate(R, P, K, A) for c in RECORDED}
        self.finite = bool(m.space.discrete.all())  # offers come back: distances are kept by offers
        self._distances: dict[bytes, float] = {}  # (at most one per round)
        self.weigh()
        self.spaces: list = []  # the space each round ended with (its red lines as they stand): read by bounds()
        if m.war is not None:  # the war: fronts, each side's Beta(alpha, beta), costs paid
            self.front = np.full((R, len(m.war.issues)), np.nan)
            self.belief = np.full((R, 2, 2), np.nan)
            self.paid = np.full((R, A), np.nan)

    def weigh(self) -> None:
        """The parties' saliences as they stand (a shock may change them)."""
        m = self.m
        self.party_weight = m.base.weight[m.base.parties]
        self.others_weight = [self.party_weight[o] for o in self.others]
        self.pair_weight = (self.party_weight[self.pairs[0]] + self.party_weight[self.pairs[1]]) / 2
        self._distances.clear()

    def collect(self) -> None:
        m, r = self.m, self.m.round
        for c in RECORDED:
            if (value := c.take(m)) is not None:
                self.series[c.field][r] = value
        # spaces are never changed in place: a new one replaces it; issues off the agenda held at their status quo
        self.spaces[r:] = [m.agenda.held(m.space) if m.agenda.any else m.space]
        if m.war is not None:
            self.front[r] = m.war.front
            self.belief[r] = (m.war.belief["a"], m.war.belief["b"])
            self.paid[r] = m.war.paid

    def bounds(self, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The parties' red lines as they stood at the end of each of the first ``n`` rounds: lo, hi (n, P, K)
        and allowed (n, P, K, O)."""
        parties = self.m.space.parties
        spaces = self.spaces[:n]
        if not spaces:
            s = self.m.base
            P, K = len(parties), s.n_issues
            return np.empty((0, P, K)), np.empty((0, P, K)), np.empty((0, P, K, s.allowed.shape[-1]), dtype=bool)
        distinct = list({id(s): s for s in spaces}.values())  # red lines move seldom: each space stacked once
        at = {id(s): n for n, s in enumerate(distinct)}
        rows = np.array([at[id(s)] for s in spaces], dtype=np.intp)
        return tuple(np.stack([getattr(s, name)[parties] for s in distinct])[rows] for name in ("lo", "hi", "allowed"))

    def distance(self) -> float:
        """Mean pairwise salience-weighted distance between the parties' last offers."""
        m = self.m
        i, j = self.pairs
        if m.has_offer.all():  # every pair has offered (the masks below would keep every row)
            key = m.offers.tobytes() if self.finite else None
            if key is not None and (d := self._distances.get(key)) is not None:
                return d  # the same offers as in an earlier round
            d = float(((m.space.distance(m.offers[i], m.offers[j]) * self.pair_weight).sum(axis=-1)).mean())
            if key is not None:
                self._distances[key] = d
            return d
        made = m.has_offer[i] & m.has_offer[j]
        if not made.any():
            return np.nan
        d = (m.space.distance(m.offers[i[made]], m.offers[j[made]]) * self.pair_weight[made]).sum(axis=-1)
        return float(d.mean())

    def ripe_now(self) -> bool:
        """A mutually hurting stalemate (Zartman 2000): every party's value of war is below the best deal
        the others have put on the table for it, and no side expects to win within the horizon. Never while a
        ceasefire holds: a quiet war (no battles, no costs) hurts no one."""
        m = self.m
        if m.war is None or m.war.quiet:
            return False
        if (text := m.protocol.table.text) is not None:  # mediated: the text is the deal on the table for everyone
            u, ok = m.space.utility(text), m.space.feasible(text)
            best = np.where(ok, u, -np.inf)[m.space.parties]
        elif m.has_offer.all():
            u = np.where(m.space.feasible(m.offers), m.space.utility(m.offers), -np.inf)  # (A, P)
            best = np.array([u[p.actor, self.others[p.index]].max() for p in m.parties])
        else:
            return False
        return bool((m.batna[m.space.parties] < best).all()) and m.war.stalemate_expected()
