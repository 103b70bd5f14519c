"""What every protocol provides: its stages, its decision rule, its words, its checks, its columns.

A protocol (after NegMAS's mechanisms) decides who moves when inside a round and when a package
is agreed. The model runs the shared stages (the war, pressure, preconditions, aspirations, the
history) and, between aspirations and the history, the protocol's own stages. A protocol is one
module under protocols/ registered by its ``name``; nothing else compares protocol names.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from pydantic import Field, model_validator

from negosim.numeric import EPS
from negosim.sourced import Base

if TYPE_CHECKING:
    from negosim.engine.model import NegotiationModel

Found = Iterator[tuple[tuple, str]]


class ProtocolParams(Base):
    """A protocol and its decision rule: ``protocol: NAME`` or ``protocol: {name: NAME, quota: 0.6}``."""

    name: str
    quota: float = Field(
        1.0, gt=0, le=1, description="share of the parties (weighted by `weights`) whose acceptance agrees a "
        "package; 1, the default, is unanimity",
    )  # fmt: skip
    weights: dict[str, float] = Field(
        {}, description="party id -> its weight in the quota (default 1 each), e.g. votes or capabilities"
    )

    @model_validator(mode="after")
    def _weights_positive(self) -> Any:
        if any(not w > 0 for w in self.weights.values()):
            raise ValueError("weights must be positive")
        return self


class Rule:
    """Whether a package is agreed, from which parties accept it: unanimity, or a weighted quota."""

    def __init__(self, quota: float = 1.0, weights: np.ndarray | None = None):
        self.quota, self.weights = quota, weights
        self.unanimity = quota >= 1 and weights is None

    def agreed(self, yes: np.ndarray) -> np.ndarray | bool:
        """``yes``: (P,) or (P, N) acceptances; True where the package (or each of N) is agreed."""
        if self.unanimity:
            return all(yes) if yes.ndim == 1 else yes.all(axis=0)
        w = np.ones(len(yes)) if self.weights is None else self.weights
        return np.tensordot(w, yes.astype(float), axes=1) >= self.quota * w.sum() - EPS


class Table:
    """What is on the table, which the protocol owns (after NegMAS's ``SAOState``): the standing package, who
    proposed it, its worth to every actor and whether it lies inside their red lines, who has accepted it, and a
    mediator's text."""

    def __init__(self, actors: int, parties: int):
        self.standing: np.ndarray | None = None  # the package on the table
        self.u = np.full(actors, np.nan)  # its utility to every actor
        self.ok = np.zeros(actors, dtype=bool)  # inside every actor's red lines as they stand
        self.bonus: np.ndarray | float = 0.0  # what the venue adds to it
        self.proposer = -1  # the party that proposed it (-1: none, or the mediator's text)
        self.accepted = np.zeros(parties, dtype=bool)
        self.text: np.ndarray | None = None  # a mediator's text

    def stand(self, x: np.ndarray, u: np.ndarray, ok: np.ndarray, bonus: np.ndarray | float) -> None:
        """``x`` is on the table now, worth ``u`` to every actor, inside the red lines of those ``ok``."""
        self.standing, self.u, self.ok, self.bonus = x, u, ok, bonus

    def lapse(self) -> None:
        """The standing offer lapses: nothing is on the table, nobody has accepted."""
        self.standing, self.proposer = None, -1
        self.accepted[:] = False


class Protocol:
    """A protocol's class: what it is called, what its parties' moves are, what it accepts; an instance
    runs its stages on one model."""

    name: ClassVar[str] = "protocol"
    words: ClassVar[str] = ""  # in the story: "alternating offers"
    move: ClassVar[str] = "offer"  # what a party's row is in tables and figures: "offer" or "position"
    has_text: ClassVar[bool] = False  # a mediator's single text is the proposal
    needs_mediator: ClassVar[bool] = False
    tactics: ClassVar[tuple[str, ...] | None] = None  # the tactics it supports; None: every one
    answers_in_turn: ClassVar[bool] = False  # responsive strategies update at each party's turn, not before
    aspires: ClassVar[bool] = True  # the parties' tactics set their aspirations each round (stage aspire)
    opening: ClassVar[bool] = False  # the history starts with a round 0: the positions as written
    figures: ClassVar[tuple[str, ...] | None] = None  # the run's figures by name; None: the standard ones
    seats: ClassVar[str] = ""  # why a person cannot take a party's seat ("" where one can)
    shock_kinds: ClassVar[tuple[str, ...] | None] = None  # the kinds of shock it takes; None: every one
    forecasts: ClassVar[bool] = False  # it forecasts a collective decision each round (a `forecast` event)
    Params: ClassVar[type[ProtocolParams]] = ProtocolParams

    def __init__(self, model: NegotiationModel, params: ProtocolParams):
        self.model = model
        self.table = Table(len(model.space.actors), len(model.space.parties))
        weights = None
        if params.weights:
            weights = np.array([params.weights.get(model.space.actors[a], 1.0) for a in model.space.parties])
        self.rule = Rule(params.quota, weights)

    @staticmethod
    def rule_words(params: ProtocolParams) -> str:
        """The decision rule in words, where it is not unanimity: "a 0.6 quota (weights: usa 2)"."""
        if params.quota >= 1 and not params.weights:
            return ""
        weights = ", ".join(f"{who} {w:g}" for who, w in params.weights.items())
        return f"agreed by a {params.quota:g} quota" + (f" of weighted votes ({weights})" if weights else "")

    def stages(self) -> list[tuple[str, Callable[[], None]]]:
        """This protocol's stages of a round, in order, between ``aspire`` and ``collect``."""
        raise NotImplementedError

    @classmethod
    def check(cls, raw: dict, parties: dict[str, dict], tactics: dict[str, str]) -> Found:
        """Problems of a scenario (parsed data) that this protocol cannot run: (location, message)."""
        actors = raw.get("actors") if isinstance(raw.get("actors"), dict) else {}
        if cls.needs_mediator and not any(isinstance(a, dict) and a.get("role") == "mediator" for a in actors.values()):
            yield ("protocol",), f"the {cls.name} protocol needs an actor with role: mediator to draft the text"
        block = raw.get("protocol")
        weights = block.get("weights") if isinstance(block, dict) else None
        for who in weights if isinstance(weights, dict) else {}:
            if who not in parties:
                close = difflib.get_close_matches(str(who), list(parties), n=1)
                hint = f' (did you mean "{close[0]}"?)' if close else ""
                yield ("protocol", "weights", who), f'"{who}" is not a party: only parties vote{hint}'
        if cls.tactics is not None:
            for k, tactic in tactics.items():
                if tactic not in cls.tactics:
                    yield (("actors", k, "strategy", "tactic"), cls.unsupported(tactic))

    @classmethod
    def unsupported(cls, tactic: str) -> str:
        return f"{tactic} does not work with the {cls.name} protocol"

    def data(self, n: int) -> dict[str, np.ndarray] | None:
        """What this protocol records beyond the shared history, for the first ``n`` rounds
        (``RunResult.protocol_data``): nothing by default."""
        return None

    @classmethod
    def history_columns(cls, result: Any, rounds: int, parties: int) -> dict[str, np.ndarray]:
        """Columns of its own in history.parquet, by (round, party): none by default."""
        return {}

    @classmethod
    def read_history(cls, hist: Any, space: Any) -> dict[str, np.ndarray] | None:
        """``protocol_data`` read back from a history table (the inverse of ``history_columns``)."""
        return None

    @classmethod
    def number_bounds(cls, loc: tuple, rel: tuple) -> tuple[float, float] | None:
        """Tighter bounds than the format's on the number at ``rel`` of the block at ``loc`` (what a sweep of
        the assumptions keeps to): none by default."""
        return None

    @classmethod
    def headline(cls, result: Any) -> str | None:
        """How the run ended in one line, where the protocol says it its own way; None: the shared words."""
        return None

    @classmethod
    def why(cls, result: Any) -> list[str] | None:
        """Why the run ended as it did, where the protocol says it its own way; None: the shared reasons."""
        return None

    @classmethod
    def summary(cls, result: Any) -> dict[str, Any]:
        """Keys of its own in summary.json: none by default."""
        return {}
