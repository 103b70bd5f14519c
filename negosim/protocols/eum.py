"""Bueno de Mesquita's expected-utility model (EUM) of collective decisions as a protocol
(docs/explanation/eum.md; BDM 1985, 1994; Scholz, Calbert & Smith 2011).

Each actor has a capability and, per issue, a position and a salience. In a round every actor weighs
challenging every other (protocols/expected_utility.py): the stage ``challenge`` computes the votes,
probabilities, expected utilities, risk exponents and offers for every issue at once; in ``move``
each actor (a Mesa agent) takes the offer that moves it least; in ``forecast`` the Condorcet median
and the weighted mean of the new positions are the forecast, and the talks end when it settles (a
tolerance) or at the last round. The outcome is the forecast, recorded as the agreed package.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field, model_validator

from negosim import events as ev
from negosim.protocols import expected_utility as eum
from negosim.protocols.base import Found, Protocol, ProtocolParams
from negosim.words import count

#: history.parquet columns of the model, per issue (on every row of a round; round 0 is the opening).
MEDIAN, MEAN, RISK, MOVE, BY = "forecast_median_{}", "forecast_mean_{}", "risk_{}", "move_{}", "move_by_{}"


class EumParams(ProtocolParams):
    """Bueno de Mesquita's expected-utility model: pairwise challenges move positions; the forecast is
    the Condorcet median (or the weighted mean). Parties need `capability` and positions on every issue."""

    name: Literal["eum"] = Field(description="`eum`")
    quota: float = Field(1.0, gt=0, le=1, description="not used: the eum model decides by its forecast, not a vote")
    weights: dict[str, float] = Field({}, description="not used: an actor's weight is its capability x salience")
    q: float = Field(
        1.0, ge=0, le=1, description="Q: the chance the status quo holds if i does not challenge j (BDM 1994: 1)"
    )
    t: float = Field(
        1.0, ge=0, le=1, description="T: the chance a change of the status quo, without a challenge, is for the better"
    )
    reference: Literal["median", "mean"] = Field(
        "median", description="the status quo that the better/worse terms are measured from: the median or the mean"
    )
    probability: Literal["share", "net"] = Field(
        "share", description="i's chance against j: `share` of the weighted votes (BDM 1994), or `net` votes (floor 0)"
    )
    forecast: Literal["median", "mean"] = Field(
        "median", description="the outcome: the Condorcet median (BDM) or the weighted mean (the compromise model)"
    )
    tolerance: float | None = Field(
        None, gt=0, description="stop once no forecast (median or mean) moves by more than this share of an issue's "
        "range in a round; without it every round is played",
    )  # fmt: skip
    linked: tuple[tuple[str, ...], ...] = Field(
        (), description="groups of issues decided together: a pair's expected utilities are summed over the group "
        "and a target moves on all of its issues at once; other issues are decided one by one",
    )  # fmt: skip

    @model_validator(mode="after")
    def _no_vote(self) -> Any:
        if {"quota", "weights"} & self.model_fields_set:
            raise ValueError("the eum model decides by its forecast, not by a vote: it takes no quota or weights")
        return self

    @property
    def variant(self) -> eum.Variant:
        return eum.Variant(self.q, self.t, self.reference, self.probability)


class Eum(Protocol):
    """Stages ``challenge`` (every pair on every issue, vectorised), ``move`` (each actor takes its offer)
    and ``forecast`` (median and mean; the stop rule)."""

    name: ClassVar[str] = "eum"
    words: ClassVar[str] = "Bueno de Mesquita's expected-utility model"
    move: ClassVar[str] = "position"
    aspires: ClassVar[bool] = False
    opening: ClassVar[bool] = True
    figures: ClassVar[tuple[str, ...] | None] = ("positions", "challenges", "distance")
    tactics: ClassVar[tuple[str, ...] | None] = ()  # actors move by the model's challenges, not by tactics
    seats: ClassVar[str] = "in the eum model actors move by its challenges, not by a person's offers: no seat to take"
    shock_kinds: ClassVar[tuple[str, ...] | None] = ("salience",)  # the others need a war, pressure or a mediator
    forecasts: ClassVar[bool] = True
    Params: ClassVar[type[ProtocolParams]] = EumParams

    def __init__(self, model, params: EumParams):
        super().__init__(model, params)
        s = model.space
        self.params, self.variant = params, params.variant
        self.parties = s.parties
        self.capability, self.width, self.link = inputs(model.spec, s)
        model.offers[:] = s.ideal[s.parties]  # the positions as written
        model.has_offer[:] = True
        R, P, K = model.rounds, len(s.parties), s.n_issues
        self.median, self.mean = np.full((R + 1, K), np.nan), np.full((R + 1, K), np.nan)
        w = eum.weights(self.capability, self._salience())
        x = model.offers.T
        self.median[0], self.mean[0] = eum.median(x, w), eum.mean(x, w)
        self.risk = np.full((R, P, K), np.nan)
        self.moves = np.zeros((R, P, K), dtype=np.int8)
        self.by = np.full((R, P, K), -1, dtype=np.int16)
        self.now: eum.Round | None = None

    def _salience(self) -> np.ndarray:
        """(K, P) the parties' saliences as they stand (a shock may change one)."""
        return self.model.salience[self.parties].T

    def stages(self) -> list[tuple[str, Callable[[], None]]]:
        return [("challenge", self.challenge), ("move", self.take), ("forecast", self.forecast)]

    def challenge(self) -> None:
        """Stage challenge: one round of the model on every issue (Scholz et al. 2011, appendix steps 2-11)."""
        m = self.model
        s = m.space
        lo, hi = s.lo[self.parties].T, s.hi[self.parties].T
        self.now = eum.play_round(m.offers.T, self.capability, self._salience(), self.width, lo, hi, self.variant,
                                  self.link)  # fmt: skip
        r = m.round
        self.risk[r], self.moves[r], self.by[r] = self.now.risk.T, self.now.move.T, self.now.by.T

    def take(self) -> None:
        """Stage move: every actor takes the offer that moves it least (Mesa: each agent in turn)."""
        self.model.party_set.do(self._take)

    def _take(self, party) -> None:
        m, now, p = self.model, self.now, party.index
        for k in np.flatnonzero(now.move[:, p] != eum.NONE):
            before, after = float(m.offers[p, k]), float(now.x[k, p])
            by = m.space.actors[self.parties[now.by[k, p]]]
            m.emit(ev.Moved(m.round + 1, party.name, m.space.issues[k], eum.MOVES[now.move[k, p]], by, before, after))
        m.offers[p] = now.x[:, p]
        party.aspiration = float(m.space.utility(m.offers[p])[party.actor])  # what its position is worth to it

    def forecast(self) -> None:
        """Stage forecast: the median and the mean of the new positions; the talks end when the forecast
        settles (``tolerance``) or at the last round, with the forecast as the outcome."""
        m, r = self.model, self.model.round + 1
        w = eum.weights(self.capability, self._salience())
        x = m.offers.T
        self.median[r], self.mean[r] = eum.median(x, w), eum.mean(x, w)
        issues = m.space.issues
        m.emit(ev.Forecast(r, None, dict(zip(issues, map(float, self.median[r]), strict=True)),
                           dict(zip(issues, map(float, self.mean[r]), strict=True))))  # fmt: skip
        change = np.abs(np.stack([self.median[r] - self.median[r - 1], self.mean[r] - self.mean[r - 1]])) / self.width
        settled = self.params.tolerance is not None and bool(change.max() <= self.params.tolerance)
        if settled or r >= m.rounds:
            m.stand((self.median if self.params.forecast == "median" else self.mean)[r].copy())
            m.agree()

    def data(self, n: int) -> dict[str, np.ndarray]:
        """What the model records beyond offers, for the first ``n`` rounds (RunResult.protocol_data)."""
        return {
            "opening": self.model.base.ideal[self.parties].copy(),
            "median": self.median[: n + 1].copy(),
            "mean": self.mean[: n + 1].copy(),
            "risk": self.risk[:n].copy(),
            "move": self.moves[:n].copy(),
            "by": self.by[:n].copy(),
        }

    # --- the scenario's checks ----------------------------------------------------------------
    @classmethod
    def check(cls, raw: dict, parties: dict[str, dict], tactics: dict[str, str]) -> Found:
        issues = raw.get("issues") if isinstance(raw.get("issues"), dict) else {}
        actors = raw.get("actors") if isinstance(raw.get("actors"), dict) else {}
        for iid, issue in issues.items():
            if isinstance(issue, dict) and issue.get("kind", "continuous") != "continuous":
                yield ("issues", iid, "kind"), "the eum model needs continuous issues: positions on a line"
        for k, a in actors.items():
            if not isinstance(a, dict):
                continue
            if a.get("role", "party") != "party":
                yield (("actors", k, "role"), "in the eum model every actor is a stakeholder with a capability: "
                       "use role: party")  # fmt: skip
            else:
                yield from _check_stakeholder(("actors", k), a, issues)
        if raw.get("conflict") is not None:
            yield ("conflict",), "the eum model has no war around it: drop conflict"
        if isinstance(raw.get("deadline"), dict) and raw["deadline"].get("then", "status_quo") != "status_quo":
            yield ("deadline", "then"), "the eum model forecasts at its last round: nothing follows its deadline"
        for n, shock in enumerate(raw.get("shocks") or []):
            if isinstance(shock, dict) and shock.get("kind") not in cls.shock_kinds:
                yield (("shocks", n, "kind"), f"the eum model takes only {', '.join(cls.shock_kinds)} shocks "
                       f"(not {shock.get('kind')})")  # fmt: skip
        yield from _check_links(raw.get("protocol"), issues)
        for iid in issues if all(_is_num(a.get("capability")) for a in parties.values()) else ():
            w = [_num(a.get("capability")) * _num(_pos(a, iid).get("salience")) for a in parties.values()]
            if w and all(v == 0 for v in w):
                yield ("issues", iid), f"no party has both capability and salience on {iid}: nothing decides it"

    # --- files ----------------------------------------------------------------------------------
    @classmethod
    def history_columns(cls, result: Any, rounds: int, parties: int) -> dict[str, np.ndarray]:
        """Per issue: ``forecast_median_<issue>`` and ``forecast_mean_<issue>`` on every row of the round (from
        round 0, the positions as written), and each actor's ``risk_<issue>`` exponent, ``move_<issue>``
        (confrontation, compromise, capitulation or none) and ``move_by_<issue>`` (whose offer it took)."""
        d, s = result.protocol_data, result.space
        if d is None:
            return {}
        names = np.array([*(s.actors[a] for a in s.parties), ""], dtype=object)  # -1: ""
        moves = np.array(eum.MOVES, dtype=object)
        P, cols = parties, {}
        for k, iid in enumerate(s.issues):
            cols[MEDIAN.format(iid)] = np.repeat(d["median"][:, k], P)
            cols[MEAN.format(iid)] = np.repeat(d["mean"][:, k], P)
            cols[RISK.format(iid)] = np.concatenate([np.full(P, np.nan), d["risk"][:, :, k].ravel()])
            cols[MOVE.format(iid)] = np.concatenate([np.full(P, "", dtype=object), moves[d["move"][:, :, k].ravel()]])
            cols[BY.format(iid)] = np.concatenate([np.full(P, "", dtype=object), names[d["by"][:, :, k].ravel()]])
        return cols

    @classmethod
    def read_history(cls, hist: Any, space: Any) -> dict[str, np.ndarray]:
        """``protocol_data`` from a history table written with ``history_columns`` (``negosim plot``)."""
        P = len(space.parties)
        R = len(hist) // P - 1
        names = {space.actors[a]: n for n, a in enumerate(space.parties)} | {"": -1}

        def col(fmt: str, dtype=float) -> np.ndarray:
            return np.stack([hist[fmt.format(iid)].to_numpy(dtype).reshape(R + 1, P) for iid in space.issues], axis=-1)

        first = hist["round"].to_numpy() == 0
        return {
            "opening": np.stack([hist.loc[first, f"offer_{iid}"].to_numpy(float) for iid in space.issues], axis=-1),
            "median": col(MEDIAN)[:, 0, :],
            "mean": col(MEAN)[:, 0, :],
            "risk": col(RISK)[1:],
            "move": np.vectorize(eum.MOVES.index, otypes=[np.int8])(col(MOVE, object)[1:]),
            "by": np.vectorize(names.__getitem__, otypes=[np.int16])(col(BY, object)[1:]),
        }

    @classmethod
    def number_bounds(cls, loc: tuple, rel: tuple) -> tuple[float, float] | None:
        """A salience is a share in [0, 1] (BDM 1994)."""
        return (0.0, 1.0) if len(loc) == 4 and loc[2] == "positions" and rel == ("salience",) else None

    @classmethod
    def headline(cls, result: Any) -> str | None:
        """ "forecast after 9 rounds (settled): emissions 7.00 (the median)"; "running: ..." mid-run."""
        if result.agreement is None:
            return None
        sc, n = result.scenario, result.round
        early = " (settled)" if n < sc.rounds else ""
        values = ", ".join(f"{iid} {v:.2f}" for iid, v in zip(result.space.issues, result.agreement, strict=True))
        return f"forecast after {count(n, sc.round_unit)}{early}: {values} (the {sc.protocol.forecast})"

    @classmethod
    def why(cls, result: Any) -> list[str] | None:
        """The forecast settled (it moved less than ``tolerance`` of the range in a round), or the rounds ran out."""
        sc = result.scenario
        if result.agreement is None:  # no forecast to explain (a walk-out): the shared reasons
            return None
        if result.round < sc.rounds:
            return [f"the forecast moved less than {sc.protocol.tolerance:g} of each issue's range in "
                    f"{sc.round_unit} {result.round}: the positions had settled"]  # fmt: skip
        return [f"the {count(sc.rounds, sc.round_unit)} ran out; the forecast is the last one"]

    @classmethod
    def summary(cls, result: Any) -> dict[str, Any]:
        """summary.json's ``forecast``: the median and the mean per issue, by round from 0, and which is the outcome."""
        d = result.protocol_data
        if d is None:
            return {}
        s = result.space

        def by_issue(a: np.ndarray) -> dict[str, list[float]]:
            return {iid: [round(float(v), 6) for v in a[:, k]] for k, iid in enumerate(s.issues)}

        return {"forecast": {"median": by_issue(d["median"]), "mean": by_issue(d["mean"]),
                             "outcome": result.scenario.protocol.forecast}}  # fmt: skip


def inputs(sc, space) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """What the model takes from a scenario besides positions and saliences: the parties' capabilities (P,),
    the issues' ranges (K,) and their link numbers (or None)."""
    capability = np.array([sc.actors[space.actors[a]].capability or 0.0 for a in space.parties])
    return capability, space.width.astype(float), _link_numbers(space.issues, sc.protocol.linked)


def _check_stakeholder(at: tuple, a: dict, issues: dict) -> Found:
    if not _is_num(a.get("capability")):
        yield (at, "the eum model needs each actor's capability: its power to shape the decision (any scale)")
    for what in ("strategy", "preconditions", "pressure", "hosting"):
        if a.get(what):
            yield ((*at, what), f"the eum model has no {what}: actors move by its challenges")
    positions = a.get("positions") if isinstance(a.get("positions"), dict) else {}
    for iid in issues:
        if iid not in positions:
            yield ((*at, "positions"), f"the eum model needs a position on every issue: {iid} is missing "
                   "(give salience 0 where the actor does not care)")  # fmt: skip
        elif isinstance(positions[iid], dict) and _num(positions[iid].get("salience")) > 1:
            yield ((*at, "positions", iid, "salience"), "in the eum model a salience is a share in [0, 1] (BDM 1994)")


def _check_links(block: Any, issues: dict) -> Found:
    groups = block.get("linked") if isinstance(block, dict) else None
    seen: set[str] = set()
    for n, group in enumerate(groups if isinstance(groups, list) else []):
        for iid in group if isinstance(group, list) else []:
            if iid not in issues:
                close = difflib.get_close_matches(str(iid), list(issues), n=1)
                hint = f' (did you mean "{close[0]}"?)' if close else ""
                yield ("protocol", "linked", n), f'unknown issue "{iid}"{hint}'
            elif iid in seen:
                yield ("protocol", "linked", n), f"{iid} is in two linked groups"
            seen.add(str(iid))


def _link_numbers(issues: tuple[str, ...], linked: tuple[tuple[str, ...], ...]) -> np.ndarray | None:
    """(K,) a group number per issue (linked issues share one), or None when no issues are linked."""
    if not linked:
        return None
    number = {iid: n for n, group in enumerate(linked) for iid in group}
    return np.array([number.get(iid, len(linked) + k) for k, iid in enumerate(issues)])


def _pos(a: dict, iid: str) -> dict:
    positions = a.get("positions") if isinstance(a.get("positions"), dict) else {}
    return positions.get(iid) if isinstance(positions.get(iid), dict) else {}


def _is_num(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _num(v: Any) -> float:
    return float(v) if _is_num(v) else 0.0
