"""What a run produced: outcome, summary, per-round history and the event log."""

from __future__ import annotations

import functools
import hashlib
import platform
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from negosim.engine.model import (
    ACCEPT,
    AGREEMENT,
    BATTLE,
    BREAKDOWN,
    CEASEFIRE,
    DEADLINE,
    DEADLOCK,
    ERODE,
    HELD,
    INTERIM,
    MET,
    NO_TEXT,
    OFFER,
    PARTIAL,
    PRESS,
    REJECT,
    STALEMATE,
    START,
    TEXT,
    WAIVE,
    NegotiationModel,
)
from negosim.engine.preconditions import RED_LINES, Precondition
from negosim.engine.preconditions import SETTLED as SETTLED_MISS
from negosim.engine.space import EPS, Space
from negosim.scenario.overrides import canonical, overrides_id
from negosim.words import and_list, count

if TYPE_CHECKING:
    import pandas as pd

    from negosim.scenario.models import Scenario


PROTOCOL_WORDS = {
    "alternating": "alternating offers",
    "simultaneous": "simultaneous offers",
    "mediated": "on a mediator's single text",
}


@dataclass(frozen=True)
class Event:
    """One thing that happened in the talks, in plain words."""

    round: int
    kind: str
    actor: str | None
    text: str

    def __str__(self) -> str:
        return f"round {self.round}: {self.text}"


@dataclass(eq=False)
class RunResult:
    """The result of ``negosim.simulate``: the same content as the files of ``negosim run``."""

    scenario: Scenario
    space: Space
    seed: int
    overrides: dict[str, Any]
    outcome: str
    round: int
    agreement: np.ndarray | None
    offers: np.ndarray  # (R, P, K) each party's last proposal at the end of each round
    aspiration: np.ndarray  # (R, P)
    standing_utility: np.ndarray  # (R, A) utility of the standing offer to each actor
    distance: np.ndarray  # (R,)
    raw_events: list = field(repr=False)
    text: np.ndarray | None = None  # (R, K) the mediator's text by round (mediated protocol)
    batna: np.ndarray | None = None  # (A,) each actor's value of no deal at the end (after pressure)
    batna_history: np.ndarray | None = None  # (R, A) each actor's value of no deal by round
    ripe: np.ndarray | None = None  # (R,) a mutually hurting stalemate held
    war: dict | None = None  # the conflict at the end: front, beliefs, battles won, ceasefire
    preconditions: list[Precondition] = field(default_factory=list, repr=False)
    interim: np.ndarray | None = None  # (K,) values settled by interim agreements (NaN: not settled)
    interim_round: np.ndarray | None = None  # (K,) the round each was settled
    red_lines: list[dict] = field(default_factory=list)  # red lines that eroded: from and to
    bounds: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # (R, P, K) lo, hi; (R, P, K, O) allowed
    war_history: dict[str, np.ndarray] | None = None  # front (R, C), belief (R, 2 sides, alpha/beta), paid (R, A)

    @classmethod
    def from_model(cls, model: NegotiationModel, seed: int, overrides: dict[str, Any]) -> RunResult:
        n = model.round
        return cls(
            scenario=model.spec,
            space=model.base,
            seed=seed,
            overrides=dict(overrides),
            outcome=model.outcome or DEADLINE,
            round=n,
            agreement=model.agreement,
            offers=model.hist_offer[:n],
            aspiration=model.hist_aspiration[:n],
            standing_utility=model.hist_standing_utility[:n],
            distance=model.hist_distance[:n],
            raw_events=model.raw_events,
            text=model.hist_text[:n] if model.spec.protocol == "mediated" else None,
            batna=model.batna.copy(),
            batna_history=model.hist_batna[:n],
            ripe=model.hist_ripe[:n],
            war=_war_summary(model),
            preconditions=model.pcs,
            interim=model.settled_values.copy(),
            interim_round=model.settled_round.copy(),
            red_lines=_eroded(model),
            bounds=(model.hist_lo[:n], model.hist_hi[:n], model.hist_allowed[:n]),
            war_history=None
            if model.war is None
            else {"front": model.hist_front[:n], "belief": model.hist_belief[:n], "paid": model.hist_paid[:n]},
        )

    # --- derived views -------------------------------------------------------------------------
    @cached_property
    def run_id(self) -> str:
        """What tells this run from any other: a short hash of the scenario's SHA-256, the overrides and
        the seed (the same three give the same run, bit for bit)."""
        key = f"{self.scenario.sha256}\n{canonical(self.overrides)}\n{self.seed}"
        return hashlib.sha256(key.encode()).hexdigest()[:12]

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
        from negosim import __version__

        s, sc = self.space, self.scenario
        agreed = self.agreement is not None
        last = self.offers[-1] if len(self.offers) else np.full((len(s.parties), s.n_issues), np.nan)
        kinds: dict[str, int] = {}
        for _, kind, _, _ in self.raw_events:
            kinds[kind] = kinds.get(kind, 0) + 1
        return {
            "outcome": self.outcome,
            "round": self.round,
            "round_unit": sc.round_unit,
            "agreement": s.as_dict(self.agreement) if agreed else None,
            "settled_issues": list(s.issues) if agreed else [s.issues[k] for k in self._interim_issues()],
            "interim": {
                s.issues[k]: {
                    "value": s.options[k][int(self.interim[k])] if s.discrete[k] else float(self.interim[k]),
                    "round": int(self.interim_round[k]),
                }
                for k in self._interim_issues()
            },
            "preconditions": [
                {
                    "actor": s.actors[pc.holder],
                    "id": pc.id,
                    "state": pc.state,
                    "round": pc.round or None,
                }
                for pc in self.preconditions
            ],
            "red_lines_eroded": self.red_lines,
            "utilities": self.utilities,
            "final_offers": {
                name: (s.as_dict(last[p]) if not np.isnan(last[p]).any() else None)
                for p, name in enumerate(self.party_names)
            },
            "converged_issues": self.converged_issues(),
            "final_distance": _num(self.distance[-1]) if len(self.distance) else None,
            "nash": self._point_summary(self.nash_point()),
            "nash_distance": self._distance_to(self.nash_point()),
            "kalai_smorodinsky": self._point_summary(self.ks_point()),
            "ks_distance": self._distance_to(self.ks_point()),
            "durable": self.durable(),
            "ripe_rounds": [int(r) + 1 for r in np.flatnonzero(self.ripe)] if self.ripe is not None else [],
            "conflict": self.war,
            "protocol": sc.protocol,
            "rounds": sc.rounds,
            "seed": self.seed,
            "run_id": self.run_id,
            "scenario": {
                "name": sc.name,
                "path": sc.path,
                "sha256": sc.sha256,
                "copy": f"scenario/{Path(sc.path).name if sc.path else 'scenario.yaml'}",  # in the run folder
                "sources": sc.source_hashes,
            },
            "overrides": self.overrides,
            "overrides_id": overrides_id(self.overrides),
            "negosim_version": __version__,
            "mesa_version": _mesa_version(),
            "versions": {"python": platform.python_version(), "numpy": np.__version__},
            "events": kinds,
        }

    @cached_property
    def history(self) -> pd.DataFrame:
        """One row per (round, party): offer per issue, aspiration, utilities, distance."""
        import pandas as pd

        s = self.space
        R, P, _ = self.offers.shape
        parties = np.asarray(s.parties)
        own = np.full((R, P), np.nan)
        for p, a in enumerate(parties):  # utility of each party's own offer, to itself
            made = ~np.isnan(self.offers[:, p, 0])
            own[made, p] = s.utility(self.offers[made, p, :])[a]
        cols: dict[str, Any] = {
            "round": np.repeat(np.arange(1, R + 1), P),
            "actor": np.tile(np.array(self.party_names, dtype=object), R),
        }
        for k, iid in enumerate(s.issues):
            cols[f"offer_{iid}"] = self.offers[:, :, k].ravel()
        cols["aspiration"] = self.aspiration.ravel()
        cols["utility_own_offer"] = own.ravel()
        cols["utility_standing"] = self.standing_utility[:, parties].ravel()
        cols["distance"] = np.repeat(self.distance, P)
        if self.batna_history is not None:
            cols["no_deal_value"] = self.batna_history[:, parties].ravel()
        if self.ripe is not None:
            cols["ripe"] = np.repeat(self.ripe, P)
        cols.update(self._history_extras(R, P))
        cols["seed"] = self.seed
        cols["scenario_sha256"] = self.scenario.sha256
        cols["run_id"] = self.run_id
        return pd.DataFrame(cols)

    def _history_extras(self, R: int, P: int) -> dict[str, np.ndarray]:
        """Columns for the red lines as they stood, the mediator's text and the war, by (round, party)."""
        s, sc, cols = self.space, self.scenario, {}
        if self.bounds is not None and len(self.bounds[0]) == R:
            lo, hi, allowed = self.bounds
            for k, iid in enumerate(s.issues):  # only issues where some party has a red line
                if s.discrete[k]:
                    names = np.array(s.options[k], dtype=object)
                    rows = allowed[:, :, k, : len(names)].reshape(R * P, -1)
                    if rows.all():
                        continue
                    cols[f"red_line_refused_{iid}"] = np.array(["|".join(names[~row]) for row in rows], dtype=object)
                elif np.isfinite(lo[:, :, k]).any() or np.isfinite(hi[:, :, k]).any():
                    cols[f"red_line_min_{iid}"] = np.where(np.isinf(lo[:, :, k]), np.nan, lo[:, :, k]).ravel()
                    cols[f"red_line_max_{iid}"] = np.where(np.isinf(hi[:, :, k]), np.nan, hi[:, :, k]).ravel()
        if self.text is not None:
            for k, iid in enumerate(s.issues):
                cols[f"text_{iid}"] = np.repeat(self.text[:, k], P)
        if self.war_history is not None and sc.conflict is not None:
            for c, iid in enumerate(sc.conflict.contested):
                cols[f"front_{iid}"] = np.repeat(self.war_history["front"][:, c], P)
            side = [next((n for n, x in enumerate("ab") if s.actors[a] in sc.conflict.sides[x]), -1) for a in s.parties]
            belief = self.war_history["belief"]  # (R, 2, 2)
            for n, name in enumerate(("alpha", "beta")):
                vals = np.array([[belief[r, d, n] if d >= 0 else np.nan for d in side] for r in range(R)])
                cols[f"belief_{name}"] = vals.reshape(R * P) if R else np.zeros(0)
            cols["costs_paid"] = self.war_history["paid"][:, s.parties].ravel()
        return cols

    @cached_property
    def events(self) -> list[Event]:
        """The event log in plain words."""
        return [self._event(*e) for e in self.raw_events]

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

    def _interim_issues(self) -> list[int]:
        return [] if self.interim is None else [int(k) for k in np.flatnonzero(~np.isnan(self.interim))]

    def _pc_name(self, n: int) -> str:
        pc, s = self.preconditions[n], self.space
        what = (
            _bound(s, pc.issue, pc.lo, pc.hi)
            if pc.requires
            else "no interim agreement on " + ", ".join(s.issues[k] for k in np.flatnonzero(pc.refuses))
        )
        return f"{s.actors[pc.holder]}'s {pc.id} ({what})"

    def _event(self, rnd: int, kind: str, actor: int, x: np.ndarray | None) -> Event:
        s, sc = self.space, self.scenario
        name = s.actors[actor] if actor >= 0 else None
        if kind == START:
            others = [
                f"{a.role} {aid}" + (f" (its venue favours {a.hosting.issue})" if a.hosting else "")
                for aid, a in sc.actors.items()
                if a.role != "party"
            ]
            text = (
                f"talks open: {and_list(self.party_names)} negotiate {count(s.n_issues, 'issue')} "
                f"({PROTOCOL_WORDS.get(sc.protocol, sc.protocol)}, at most {count(sc.rounds, sc.round_unit)})"
                + (f"; {', '.join(others)}" if others else "")
            )
        elif kind == OFFER:
            text = f"{name} proposes {_package(s, x)} (own utility {s.utility(x)[actor]:.2f})"
        elif kind == ACCEPT:
            what = "the mediator's text" if sc.protocol == "mediated" else "the standing offer"
            text = f"{name} accepts {what}"
        elif kind == NO_TEXT:
            text = self._no_text(x)
        elif kind == AGREEMENT:
            text = f"agreement: {_package(s, x)}"
        elif kind == PRESS:
            target, stick, carrot, batna = x
            who = s.actors[int(target)]
            parts = [f"stick {stick:g}: no deal is now worth {batna:.2f} to it" if stick else "",
                     f"carrot {carrot:g} for agreeing" if carrot else ""]  # fmt: skip
            text = f"{name} presses {who} ({'; '.join(p for p in parts if p)})"
        elif kind == TEXT:
            text = f"{name} puts a text to the parties: {_package(s, x)}"
        elif kind == REJECT:
            text = f"{name} rejects the mediator's text: {self._why_not(actor, x[-4:])}"
        elif kind == ERODE:
            changes = []
            for k, lo0, hi0, lo1, hi1, option in x[1:].reshape(-1, 6):
                k = int(k)
                if option >= 0:
                    changes.append(f"{s.issues[k]} {s.options[k][int(option)]} acceptable again")
                else:
                    after = _bound(s, k, lo1, hi1, digits=3).split(" ", 1)[1]
                    changes.append(f"{_bound(s, k, lo0, hi0, digits=3)} -> {after}")
            lines = "red line" if len(changes) == 1 else "red lines"
            text = f"{s.actors[int(x[0])]}'s pressure erodes {name}'s {lines}: {'; '.join(changes)}"
        elif kind == WAIVE:
            pc = sc.actors[name].preconditions[int(x[0])]
            pressers = and_list([s.actors[int(a)] for a in x[1:]])
            text = f"{name} waives {pc.id} under pressure from {pressers}"
        elif kind == MET:
            pc = next(p for p in self.preconditions if p.holder == actor and p.index == int(x[0]))
            opened = [s.issues[k] for k in np.flatnonzero(pc.before)]
            text = f"{name}'s precondition {pc.id} is met" + (f": talks open on {', '.join(opened)}" if opened else "")
        elif kind == HELD:
            k, v = int(x[0]), x[1]
            names = [self._pc_name(int(n)) for n in x[2:]]
            text = (
                f"every party offers {s.issues[k]} {s.label(k, v)}, but {' and '.join(names)} keeps it "
                "from being settled ahead of the rest"
            )
        elif kind == INTERIM:
            k, v = int(x[0]), x[1]
            label = _anchor(sc, s, k, v)
            text = f"interim agreement on {s.issues[k]}: {s.label(k, v)}{label}"
        elif kind in (STALEMATE, DEADLOCK):
            code, group = int(x[0]), [int(n) for n in x[1:]]
            names = [self._pc_name(n) for n in group]
            pc = self.preconditions[group[0]]
            if code == SETTLED_MISS:
                at = s.label(pc.issue, self.interim[pc.issue]) if self.interim is not None else "another value"
                why = f"can no longer be met: {s.issues[pc.issue]} was settled at {at}"
            elif code == RED_LINES:
                why = "cannot be met: it lies across a party's red lines"
            else:
                why = f"cannot be met while {' and '.join(names[1:])} stands"
            text = f"{'stalemate' if kind == STALEMATE else 'deadlock'} over preconditions: {names[0]} {why}"
            if kind == DEADLOCK:
                text += "; pressure may yet make one give way"
            elif rnd < sc.rounds:
                text += ", and no pressure can make either give way"
        elif kind == PARTIAL:
            done = [s.issues[k] for k in self._interim_issues()]
            left = [iid for iid in s.issues if iid not in done]
            text = (
                f"deadline after {count(rnd, sc.round_unit)}: partial: {', '.join(done)} settled; {', '.join(left)} not"
            )
        elif kind == BATTLE:
            war = sc.conflict
            winner = "a" if x[0] else "b"
            fronts = ", ".join(f"{iid} {v:.2f}" for iid, v in zip(war.contested, x[1:], strict=True))
            text = f"battle: side {winner} ({', '.join(war.sides[winner])}) wins" + (
                f"; front {fronts}" if fronts else ""
            )
        elif kind == CEASEFIRE:
            text = "a ceasefire holds: no battles, no costs of war while it lasts"
        elif kind == BREAKDOWN:
            best = float(s.best_utility()[actor])
            text = (
                f"{name} walks out: no deal is worth {x[0]:.2f} to it, "
                f"more than any package inside its red lines ({best:.2f})"
            )
        elif kind == DEADLINE:
            d = self.distance[-1] if len(self.distance) else np.nan
            text = f"deadline: no agreement after {count(rnd, sc.round_unit)} (distance between offers {d:.2f})"
        else:
            text = kind
        return Event(rnd, kind, name, text)

    def _no_text(self, why: np.ndarray) -> str:
        """The sentence of a ``no_text`` event (``MediatorAgent.why_no_text``)."""
        s = self.space
        a, best, batna, k, holder, lo, hi = why
        head = "the mediator can draft no text: "
        if a < 0:
            return head + "no package inside every party's red lines gives all of them more than no deal at once"
        text = (
            f"{head}inside every party's red lines {s.actors[int(a)]} gets at most {best:.2f}, less than no deal "
            f"is worth to it ({batna:.2f})"
        )
        if k < 0:
            return text + "; even its own best package is worth no more"
        k = int(k)
        line = f"red line on {s.issues[k]}" if s.discrete[k] else f"red line {_bound(s, k, lo, hi, digits=3)}"
        return f"{text}; what holds it back most is {s.actors[int(holder)]}'s {line}"

    def _why_not(self, actor: int, why: np.ndarray) -> str:
        """The reason a model recorded with a rejection: [code, index, lo, hi] (NegotiationModel._why_not)."""
        s = self.space
        code, n, lo, hi = why
        if code == 2:
            pc = self.scenario.actors[s.actors[actor]].preconditions[int(n)]
            return f"its precondition {pc.id} is not met"
        if code == 1:
            k = int(n)
            if s.discrete[k]:
                return f"crosses its red line on {s.issues[k]}"
            return f"crosses its red line {_bound(s, k, lo, hi)}"
        return "worth too little to it yet"

    def durable(self) -> bool | None:
        """Whether the agreement still suits every party once leverage is taken away: inside its red
        lines and worth at least its original value of no deal (model doc, section 7). None without one."""
        if self.agreement is None:
            return None
        s = self.space
        p = s.parties
        return bool(
            s.feasible(self.agreement)[p].all() and (s.utility(self.agreement)[p] >= s.reservation[p] - EPS).all()
        )

    def nash_point(self):
        """The Nash bargaining solution of the parties (reservations as disagreement) inside their red
        lines as first written, or None; two parties on the frontier (``TwoParty``), more by
        ``nash_package``. Cached on the space."""
        from negosim.analysis import Point, TwoParty, nash_package

        s = self.space
        key = ("nash", *map(int, s.parties))
        if key not in s.cache:
            if len(s.parties) == 2:
                s.cache[key] = TwoParty(s, int(s.parties[0]), int(s.parties[1])).nash()
            else:
                x = nash_package(s, s.parties, s.reservation[s.parties])
                s.cache[key] = None if x is None else Point(x, tuple(map(float, s.utility(x)[s.parties])))
        return s.cache[key]

    def ks_point(self):
        """The Kalai-Smorodinsky point of two parties (Kalai & Smorodinsky 1975), or None."""
        from negosim.analysis import TwoParty

        s = self.space
        if len(s.parties) != 2:
            return None
        key = ("ks", *map(int, s.parties))
        if key not in s.cache:
            s.cache[key] = TwoParty(s, int(s.parties[0]), int(s.parties[1])).kalai_smorodinsky()
        return s.cache[key]

    def _point_summary(self, point) -> dict | None:
        if point is None:
            return None
        return {
            "agreement": self.space.as_dict(point.package),
            "utilities": dict(zip(self.party_names, map(_num, point.utilities), strict=True)),
        }

    def _distance_to(self, point) -> float | None:
        """Euclidean distance, in the parties' utilities, from the agreement to ``point``."""
        if point is None or self.agreement is None:
            return None
        u = self.space.utility(self.agreement)[self.space.parties]
        return _num(float(np.linalg.norm(u - np.array(point.utilities))))

    def converged_issues(self, tol: float = 0.01) -> list[str]:
        """Issues on which all parties' last offers lie within ``tol`` (share of the range), agreed or not."""
        if not len(self.offers) or np.isnan(self.offers[-1]).all():
            return []
        last = self.offers[-1]
        spread = np.nanmax(last, axis=0) - np.nanmin(last, axis=0)
        return [iid for k, iid in enumerate(self.space.issues) if spread[k] <= tol * self.space.width[k]]

    def why(self) -> str | None:
        """Why the talks ended as they did, where one event says it: the stalemate or the walk-out, or,
        at the deadline, the mediator's reason for drafting no text when it never drafted one since."""
        for e in reversed(self.events):
            if e.kind in ("stalemate", "breakdown") and e.kind == self.outcome:
                return e.text
            if e.kind == "text":
                return None
            if e.kind == "no_text" and self.outcome in ("deadline", "partial"):
                return e.text
        return None

    def narrative(self) -> list[str]:
        """The event log as lines of a story, in the scenario's round unit."""
        return [f"{self.scenario.round_unit} {e.round}: {e.text}" for e in self.events]


@functools.cache
def _mesa_version() -> str:
    import importlib.metadata

    return importlib.metadata.version("mesa")


def _package(s: Space, x: np.ndarray) -> str:
    return ", ".join(f"{iid} {s.label(k, x[k])}" for k, iid in enumerate(s.issues))


def cell(v: Any) -> str:
    """A value for a table: two decimals, an option's name, or "-" for none."""
    if v is None or (isinstance(v, float) and v != v):
        return "-"
    return f"{v:.2f}" if isinstance(v, float) else str(v)


def _bound(s: Space, k: int, lo: float, hi: float, digits: int = 2) -> str:
    """An interval of issue ``k`` as a red line reads: ``crimea >= 1.00``, ``x in [0.20, 0.50]``."""
    iid, top = s.issues[k], s.low[k] + s.width[k]

    def label(v: float) -> str:
        return s.label(k, v) if s.discrete[k] else f"{v:.{digits}f}"

    lo_set, hi_set = lo > s.low[k] + EPS and np.isfinite(lo), hi < top - EPS and np.isfinite(hi)
    if lo_set and hi_set:
        return f"{iid} = {label(lo)}" if abs(hi - lo) <= EPS else f"{iid} in [{label(lo)}, {label(hi)}]"
    if lo_set:
        return f"{iid} >= {label(lo)}"
    if hi_set:
        return f"{iid} <= {label(hi)}"
    return f"{iid} anything"


def _anchor(sc: Scenario, s: Space, k: int, v: float) -> str:
    """The scenario's label at value ``v`` of issue ``k``, as ' ("full ceasefire first")', or ''."""
    labels = sc.issues[s.issues[k]].labels
    hit = [text for at, text in labels.items() if abs(at - v) <= EPS]
    return f' ("{hit[0]}")' if hit else ""


def _eroded(model: NegotiationModel) -> list[dict]:
    """Red lines that moved during the run: holder, issue, bound at the start and at the end."""
    if model.redlines is None:
        return []
    s, out = model.base, []
    start = model.redlines.start
    for n in model.redlines.soft:
        line, first = model.redlines.lines[n], start[n]
        if (line.lo, line.hi) != first[:2] or not np.array_equal(line.allowed, first[2]):
            k = line.issue
            if s.discrete[k]:
                was = [o for o, ok in zip(s.options[k], first[2], strict=False) if not ok]
                now = [o for o, ok in zip(s.options[k], line.allowed, strict=False) if not ok]
                frm, to = f"{s.issues[k]} not in {was}", f"{s.issues[k]} not in {now}"
            else:
                frm, to = _bound(s, k, *first[:2]), _bound(s, k, line.lo, line.hi)
            out.append({"actor": s.actors[line.actor], "issue": s.issues[k], "from": frm, "to": to})
    return out


def _num(v: float) -> float | None:
    return None if np.isnan(v) else round(float(v), 6)


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
