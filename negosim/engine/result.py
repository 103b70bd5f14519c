"""What a run produced: outcome, summary, per-round history and the event log."""

from __future__ import annotations

import functools
import platform
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from negosim.engine.model import (
    ACCEPT,
    AGREEMENT,
    BATTLE,
    BREAKDOWN,
    CEASEFIRE,
    DEADLINE,
    OFFER,
    PRESS,
    REJECT,
    START,
    TEXT,
    NegotiationModel,
)
from negosim.engine.space import EPS, Space

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

    @classmethod
    def from_model(cls, model: NegotiationModel, seed: int, overrides: dict[str, Any]) -> RunResult:
        n = model.round
        return cls(
            scenario=model.spec,
            space=model.space,
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
        )

    # --- derived views -------------------------------------------------------------------------
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
            "settled_issues": list(s.issues) if agreed else [],
            "utilities": self.utilities,
            "final_offers": {
                name: (s.as_dict(last[p]) if not np.isnan(last[p]).any() else None)
                for p, name in enumerate(self.party_names)
            },
            "converged_issues": self.converged_issues(),
            "final_distance": _num(self.distance[-1]) if len(self.distance) else None,
            "nash": self._nash_summary(),
            "nash_distance": self._nash_distance(),
            "durable": self.durable(),
            "ripe_rounds": [int(r) + 1 for r in np.flatnonzero(self.ripe)] if self.ripe is not None else [],
            "conflict": self.war,
            "protocol": sc.protocol,
            "rounds": sc.rounds,
            "seed": self.seed,
            "scenario": {"name": sc.name, "path": sc.path, "sha256": sc.sha256},
            "overrides": self.overrides,
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
        cols["seed"] = self.seed
        cols["scenario_sha256"] = self.scenario.sha256
        return pd.DataFrame(cols)

    @cached_property
    def events(self) -> list[Event]:
        """The event log in plain words."""
        return [self._event(*e) for e in self.raw_events]

    def _event(self, rnd: int, kind: str, actor: int, x: np.ndarray | None) -> Event:
        s, sc = self.space, self.scenario
        name = s.actors[actor] if actor >= 0 else None
        if kind == START:
            others = [f"{a.role} {aid}" for aid, a in sc.actors.items() if a.role != "party"]
            text = (
                f"talks open: {' and '.join(self.party_names)} negotiate {s.n_issues} issues "
                f"({PROTOCOL_WORDS.get(sc.protocol, sc.protocol)}, at most {sc.rounds} {sc.round_unit}s)"
                + (f"; {', '.join(others)}" if others else "")
            )
        elif kind == OFFER:
            text = f"{name} proposes {_package(s, x)} (own utility {s.utility(x)[actor]:.2f})"
        elif kind == ACCEPT:
            text = f"{name} accepts the standing offer"
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
            text = f"{name} rejects the text: {self._why_not(actor, x)}"
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
            text = f"deadline: no agreement after {rnd} {sc.round_unit}s (distance between offers {d:.2f})"
        else:
            text = kind
        return Event(rnd, kind, name, text)

    def _why_not(self, actor: int, x: np.ndarray) -> str:
        s = self.space
        ok = s.feasible(x[None, :])[actor, 0]
        if not ok:
            for k, iid in enumerate(s.issues):
                y = x.copy()
                y[k] = s.best_package(actor)[k]
                if s.feasible(y)[actor]:
                    return f"it crosses its red line on {iid} ({s.label(k, x[k])})"
            return "it crosses its red lines"
        return f"worth {s.utility(x)[actor]:.2f} to it, not enough yet"

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
        """The Nash bargaining solution of the two parties (reservations as disagreement), or None.

        Computed for two-party scenarios only; cached on the space.
        """
        from negosim.analysis import TwoParty

        s = self.space
        if len(s.parties) != 2:
            return None
        key = ("nash", *map(int, s.parties))
        if key not in s.cache:
            s.cache[key] = TwoParty(s, int(s.parties[0]), int(s.parties[1])).nash()
        return s.cache[key]

    def _nash_summary(self) -> dict | None:
        nash = self.nash_point()
        if nash is None:
            return None
        names = self.party_names
        return {
            "agreement": self.space.as_dict(nash.package),
            "utilities": dict(zip(names, map(_num, nash.utilities), strict=True)),
        }

    def _nash_distance(self) -> float | None:
        """Euclidean distance, in the parties' utilities, from the agreement to the Nash solution."""
        nash = self.nash_point()
        if nash is None or self.agreement is None:
            return None
        u = self.space.utility(self.agreement)[self.space.parties]
        return _num(float(np.hypot(*(u - np.array(nash.utilities)))))

    def converged_issues(self, tol: float = 0.01) -> list[str]:
        """Issues on which all parties' last offers lie within ``tol`` (share of the range), agreed or not."""
        if not len(self.offers) or np.isnan(self.offers[-1]).all():
            return []
        last = self.offers[-1]
        spread = np.nanmax(last, axis=0) - np.nanmin(last, axis=0)
        return [iid for k, iid in enumerate(self.space.issues) if spread[k] <= tol * self.space.width[k]]

    def narrative(self) -> list[str]:
        """The event log as lines of a story, in the scenario's round unit."""
        return [f"{self.scenario.round_unit} {e.round}: {e.text}" for e in self.events]


@functools.cache
def _mesa_version() -> str:
    import importlib.metadata

    return importlib.metadata.version("mesa")


def _package(s: Space, x: np.ndarray) -> str:
    return ", ".join(f"{iid} {s.label(k, x[k])}" for k, iid in enumerate(s.issues))


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
