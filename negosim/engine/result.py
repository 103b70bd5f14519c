"""What a run produced, as a plain record: copied arrays and events, no reference to the model.

``summary`` (engine/summary.py), ``history`` (engine/history.py) and the narrative are functions
over the record; a record built mid-run (a demo's "save") says ``running``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from negosim.engine.columns import RECORDED
from negosim.events import Event
from negosim.identity import run_id
from negosim.numeric import EPS
from negosim.protocols import Protocol, protocol_class
from negosim.space import Space
from negosim.words import count

if TYPE_CHECKING:
    import pandas as pd

    from negosim.engine.model import NegotiationModel
    from negosim.scenario.models import Scenario


@dataclass(frozen=True, eq=False)
class RunResult:
    """The result of ``negosim.simulate``: the same content as the files of ``negosim run``."""

    scenario: Scenario
    space: Space
    seed: int
    overrides: dict[str, Any]
    outcome: str  # agreement, partial, breakdown, stalemate, deadline; running while not over
    round: int
    agreement: np.ndarray | None
    offers: np.ndarray  # (R, P, K) each party's last proposal at the end of each round
    aspiration: np.ndarray  # (R, P)
    standing_utility: np.ndarray  # (R, A) utility of the standing offer to each actor
    distance: np.ndarray  # (R,)
    events: tuple[Event, ...] = field(default=(), repr=False)
    text: np.ndarray | None = None  # (R, K) the mediator's text by round (a protocol with a text)
    batna: np.ndarray | None = None  # (A,) each actor's value of no deal at the end (after pressure)
    batna_history: np.ndarray | None = None  # (R, A) each actor's value of no deal by round
    ripe: np.ndarray | None = None  # (R,) a mutually hurting stalemate held
    war: dict | None = None  # the conflict at the end: front, beliefs, battles won, ceasefire
    preconditions: tuple[dict, ...] = ()  # {actor, id, state, round} per precondition, at the end
    interim: np.ndarray | None = None  # (K,) values settled by interim agreements (NaN: not settled)
    interim_round: np.ndarray | None = None  # (K,) the round each was settled
    red_lines: tuple[dict, ...] = ()  # red lines that eroded: actor, issue, from, to
    bounds: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # (R, P, K) lo, hi; (R, P, K, O) allowed
    war_history: dict[str, np.ndarray] | None = None  # front (R, C), belief (R, 2 sides, alpha/beta), paid (R, A)
    analysis: bool = True  # the summary has the Nash and Kalai-Smorodinsky points
    protocol_data: dict[str, np.ndarray] | None = None  # what the protocol records of its own (Protocol.data)
    final_protocol: str | None = None  # the protocol at the end, where a shock changed the format (else None)
    deadline_then: str | None = None  # what followed the deadline, where the scenario says (breakdown, war)
    off_agenda: tuple[str, ...] = ()  # issues off the agenda at the end: never discussed, left at their status quo

    @classmethod
    def from_model(
        cls, model: NegotiationModel, seed: int, overrides: dict[str, Any], analysis: bool = True
    ) -> RunResult:
        """A copy of what ``model`` has recorded so far."""
        n, rec = model.round, model.recorder
        return cls(
            scenario=model.spec,
            space=model.agenda.held(model.base),
            seed=seed,
            overrides=dict(overrides),
            outcome=model.outcome or "running",
            round=n,
            agreement=None if model.agreement is None else model.agreement.copy(),
            **{c.field: rec.series[c.field][:n].copy() if c.kept(model) else None for c in RECORDED},
            events=tuple(model.events),
            batna=model.batna.copy(),
            war=_war_summary(model),
            preconditions=tuple(
                {"actor": model.space.actors[pc.holder], "id": pc.id, "state": pc.state, "round": pc.round or None}
                for pc in model.pcs
            ),
            interim=model.interim.values.copy(),
            interim_round=model.interim.rounds.copy(),
            red_lines=tuple(_eroded(model)),
            bounds=rec.bounds(n),
            war_history=None
            if model.war is None
            else {"front": rec.front[:n].copy(), "belief": rec.belief[:n].copy(), "paid": rec.paid[:n].copy()},
            analysis=analysis,
            protocol_data=model.protocol.data(n),
            final_protocol=model.protocol.name if model.protocol.name != model.spec.protocol.name else None,
            deadline_then=model.endings.then,
            off_agenda=tuple(model.space.issues[k] for k in np.flatnonzero(model.agenda.off)),
        )

    # --- derived views -------------------------------------------------------------------------
    @property
    def protocol(self) -> type[Protocol]:
        """The protocol the talks ended under: the scenario's, or the one a shock changed the format to."""
        return protocol_class(self.final_protocol or self.scenario.protocol.name)

    @cached_property
    def run_id(self) -> str:
        """What tells this run from any other (``run_id``)."""
        return run_id(self.scenario.sha256, self.overrides, self.seed)

    @property
    def party_names(self) -> list[str]:
        return [self.space.actors[a] for a in self.space.parties]

    @property
    def utilities(self) -> dict[str, float]:
        """Every actor's utility of the agreement; without one, each party's value of no deal at the end
        (its reservation, lowered by any sticks)."""
        s = self.space
        if self.agreement is None:
            batna = s.reservation if self.batna is None else self.batna
            return {s.actors[a]: round(float(batna[a]), 6) for a in s.parties}
        u = s.utility(self.agreement)
        return {a: round(float(u[n]), 6) for n, a in enumerate(s.actors) if s.weight[n].sum() > 0}

    @cached_property
    def summary(self) -> dict[str, Any]:
        """The content of summary.json."""
        from negosim.engine.summary import summary

        return summary(self)

    @cached_property
    def history(self) -> pd.DataFrame:
        """One row per (round, party): offers, aspiration, utilities, distance, red lines, the war."""
        from negosim.engine.history import frame

        return frame(self)

    def agreed(self) -> dict[str, str]:
        """Per issue, what was agreed, as text: the agreed value, an interim value with its round, or "-"."""
        sm, unit = self.summary, self.scenario.round_unit
        out = {}
        for iid in self.space.issues:
            if sm["agreement"]:
                out[iid] = cell(sm["agreement"][iid])
            elif iid in sm["interim"]:
                out[iid] = f"{cell(sm['interim'][iid]['value'])} ({unit} {sm['interim'][iid]['round']})"
            else:
                out[iid] = "-"
        return out

    @cached_property
    def settled(self) -> np.ndarray:
        """(K,) per issue the agreed value, else the interim value, else NaN (an option's index, discrete)."""
        if self.agreement is not None:
            return self.agreement.astype(float)
        if self.interim is None:
            return np.full(self.space.n_issues, np.nan)
        return self.interim.astype(float)

    @property
    def last_text(self) -> np.ndarray | None:
        """The mediator's last text, under a protocol with one at the end of the run; None otherwise."""
        if not self.protocol.has_text or self.text is None or not len(self.text):
            return None
        return self.text[-1]

    def interim_issues(self) -> list[int]:
        return [] if self.interim is None else [int(k) for k in np.flatnonzero(~np.isnan(self.interim))]

    def durable(self) -> bool | None:
        """Whether the agreement still suits every party once leverage is taken away: inside its red
        lines and worth at least its original value of no deal (docs/explanation/model.md, section 7).
        None without one."""
        if self.agreement is None:
            return None
        s, p = self.space, self.space.parties
        return bool(
            s.feasible(self.agreement)[p].all() and (s.utility(self.agreement)[p] >= s.reservation[p] - EPS).all()
        )

    def nash_point(self):
        """The Nash bargaining solution of the parties inside their red lines as first written (memoised)."""
        from negosim.analysis.points import nash_point

        return nash_point(self.space)

    def ks_point(self):
        """The Kalai-Smorodinsky point of two parties (Kalai & Smorodinsky 1975), or None (memoised)."""
        from negosim.analysis.points import ks_point

        return ks_point(self.space)

    def converged_issues(self) -> list[str]:
        """Issues on which all parties' last offers agree (as an interim agreement needs), agreed or not."""
        from negosim.engine.interim import agreeing

        if not len(self.offers) or np.isnan(self.offers[-1]).all():
            return []
        agree = agreeing(self.space, self.offers[-1])
        return [iid for k, iid in enumerate(self.space.issues) if agree[k]]

    def headline(self) -> str:
        """How the talks ended, in one line: "agreement in week 37", "partial: 1 of 5 issues settled after
        52 weeks", "stalemate over preconditions in round 1", "deadline: no agreement after 52 weeks"."""
        unit, n = self.scenario.round_unit, self.round
        if (own := self.protocol.headline(self)) is not None:
            return own
        if self.agreement is not None:
            return f"{self.outcome} in {unit} {n}"
        if self.outcome == "partial":
            done = len(self.interim_issues())
            return f"partial: {done} of {count(self.space.n_issues, 'issue')} settled after {count(n, unit)}"
        if self.outcome == "stalemate":
            return f"stalemate over preconditions in {unit} {n}"
        if self.outcome == "running":
            return f"running: {count(n, unit)} played of {self.scenario.rounds}"
        return f"{self.outcome}: no agreement after {count(n, unit)}"

    @cached_property
    def _reasons(self) -> tuple[str, ...]:
        from negosim.engine.why import reasons

        return tuple(reasons(self))

    def reasons(self) -> list[str]:
        """Why the talks ended as they did, most telling first (engine/why.py); [] while they run. Worked out
        once per record: the summary, the terminal and the report read the same list."""
        return list(self._reasons)

    def why(self) -> str | None:
        """``reasons`` as one line, or None while the talks run."""
        return "; ".join(self.reasons()) or None

    def narrative(self) -> list[str]:
        """The event log as lines of a story, in the scenario's round unit."""
        return [f"{self.scenario.round_unit} {e.round}: {e.text}" for e in self.events]


def cell(v: Any) -> str:
    """A value for a table: two decimals, an option's name, or "-" for none."""
    if v is None or (isinstance(v, float) and v != v):
        return "-"
    return f"{v:.2f}" if isinstance(v, float) else str(v)


def _eroded(model: NegotiationModel) -> list[dict]:
    """Red lines that moved during the run: holder, issue, bound at the start and at the end."""
    s, out = model.base, []
    start = model.redlines.start
    for n, line in enumerate(model.redlines.lines):  # soft now or not: a line made firm stays worn
        first = start[n]
        if (line.lo, line.hi) != first[:2] or not np.array_equal(line.allowed, first[2]):
            k = line.issue
            if s.discrete[k]:
                was = [o for o, ok in zip(s.options[k], first[2], strict=False) if not ok]
                now = [o for o, ok in zip(s.options[k], line.allowed, strict=False) if not ok]
                frm, to = f"{s.issues[k]} not in {was}", f"{s.issues[k]} not in {now}"
            else:
                frm, to = s.bound_text(k, *first[:2]), s.bound_text(k, line.lo, line.hi)
            out.append({"actor": s.actors[line.actor], "issue": s.issues[k], "from": frm, "to": to})
    return out


def _war_summary(model: NegotiationModel) -> dict | None:
    war = model.war
    if war is None:
        return None
    issues = model.spec.conflict.contested
    return {
        "front": {iid: round(float(v), 6) for iid, v in zip(issues, war.front, strict=True)},
        "beliefs": {s: round(float(war.expects(s)), 6) for s in ("a", "b")},
        "battles_won": dict(war.wins),
        "ceasefire": war.quiet,
    }
