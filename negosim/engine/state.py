"""The round just played, as an immutable record: what a demo draws and what a test reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from negosim.events import Event, Package

if TYPE_CHECKING:
    from negosim.engine.model import NegotiationModel


def _frozen(a: np.ndarray) -> np.ndarray:
    out = np.array(a, copy=True)
    out.flags.writeable = False
    return out


@dataclass(frozen=True)
class RoundState:
    """The talks after ``round`` rounds: arrays are read-only copies, rows in party order, columns in
    issue order (option codes on discrete issues); ``events`` are those of this round."""

    round: int
    running: bool
    outcome: str  # as ``RunResult.outcome``: "running" until the talks end
    parties: tuple[str, ...]
    issues: tuple[str, ...]
    options: tuple[tuple[str, ...], ...]  # per issue, () for a continuous one
    offers: np.ndarray  # (P, K) each party's last offer or position (NaN before its first)
    text: np.ndarray | None  # (K,) the mediator's text, if there is one
    aspiration: np.ndarray  # (P,) what each party demands
    no_deal: np.ndarray  # (P,) each party's value of no deal now
    standing_utility: np.ndarray  # (P,) each party's utility of the package on the table (NaN: none)
    offer_utility: np.ndarray  # (P, P) [i, j]: party j's utility of party i's last offer (NaN before it)
    lo: np.ndarray  # (P, K) red lines as they stand (continuous issues; -inf/inf: none)
    hi: np.ndarray
    allowed: np.ndarray  # (P, K, O) options inside each party's red lines (discrete issues)
    settled: np.ndarray  # (K,) interim agreements so far (NaN: not settled)
    agreement: np.ndarray | None  # (K,) the agreed package, once there is one
    preconditions: tuple[tuple[str, str, str], ...]  # (holder, id, state): active, met or waived
    war: dict | None  # front by contested issue, each side's expected p, costs paid by party, ceasefire
    distance: float  # between the parties' offers (NaN before two have offered)
    events: tuple[Event, ...]

    def offer(self, party: str) -> Package | None:
        """A party's last offer as issue -> value (an option's name on a discrete issue), or None before its first."""
        row = self.offers[self.parties.index(party)]
        if np.isnan(row).any():
            return None
        return {iid: opts[int(v)] if opts else float(v) for iid, opts, v in zip(self.issues, self.options, row,
                                                                                 strict=True)}  # fmt: skip


def snapshot(m: NegotiationModel) -> RoundState:
    """The state of ``m`` after its last step."""
    s, parties = m.space, m.space.parties
    war = None
    if m.war is not None:
        war = {
            "front": dict(zip(m.spec.conflict.contested, map(float, m.war.front), strict=True)),
            "beliefs": {side: float(m.war.expects(side)) for side in ("a", "b")},
            "paid": {s.actors[a]: float(m.war.paid[a]) for a in parties},
            "ceasefire": bool(m.war.quiet),
        }
    start, table = m.round_start, m.protocol.table
    return RoundState(
        round=m.round,
        running=bool(m.running),
        outcome=m.outcome or "running",
        parties=tuple(s.actors[a] for a in parties),
        issues=s.issues,
        options=s.options,
        offers=_frozen(m.offers),
        text=None if table.text is None else _frozen(table.text),
        aspiration=_frozen([p.aspiration for p in m.parties]),
        no_deal=_frozen(m.batna[parties]),
        standing_utility=_frozen(table.u[parties] if table.standing is not None else np.full(len(parties), np.nan)),
        offer_utility=_frozen(_offer_utility(m)),
        lo=_frozen(s.lo[parties]),
        hi=_frozen(s.hi[parties]),
        allowed=_frozen(s.allowed[parties]),
        settled=_frozen(m.interim.values),
        agreement=None if m.agreement is None else _frozen(m.agreement),
        preconditions=tuple((s.actors[pc.holder], pc.id, pc.state) for pc in m.pcs),
        war=war,
        distance=float(m.recorder.distance()),
        events=tuple(m.events[start:]),
    )


def _offer_utility(m: NegotiationModel) -> np.ndarray:
    """(P, P): each party's utility (columns) of each party's last offer (rows), NaN before its first."""
    P = len(m.parties)
    out = np.full((P, P), np.nan)
    made = np.flatnonzero(m.has_offer)
    if len(made):
        out[made] = m.base.utility(m.offers[made])[m.space.parties].T
    return out
