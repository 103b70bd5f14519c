"""summary.json: what a run came to, as a function of its RunResult."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from negosim.engine.why import durable_why, nash_why
from negosim.identity import __version__, mesa_version, versions
from negosim.scenario.overrides import overrides_id

if TYPE_CHECKING:
    from negosim.engine.result import RunResult


def summary(res: RunResult) -> dict[str, Any]:
    """The content of summary.json (docs/reference/outputs.md lists every key). Without analysis the
    Nash and Kalai-Smorodinsky keys are left out."""
    s, sc = res.space, res.scenario
    agreed = res.agreement is not None
    last = res.offers[-1] if len(res.offers) else np.full((len(s.parties), s.n_issues), np.nan)
    kinds: dict[str, int] = {}
    for e in res.events:
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    out = {
        "outcome": res.outcome,
        "why": res.reasons(),
        "round": res.round,
        "round_unit": sc.round_unit,
        "agreement": s.as_dict(res.agreement) if agreed else None,
        "settled_issues": list(s.issues) if agreed else [s.issues[k] for k in res.interim_issues()],
        "interim": {
            s.issues[k]: {
                "value": s.options[k][int(res.interim[k])] if s.discrete[k] else float(res.interim[k]),
                "round": int(res.interim_round[k]),
            }
            for k in res.interim_issues()
        },
        "preconditions": [dict(pc) for pc in res.preconditions],
        "red_lines_eroded": [dict(rl) for rl in res.red_lines],
        "utilities": res.utilities,
        **_discounted(res),
        "final_offers": {
            name: (s.as_dict(last[p]) if not np.isnan(last[p]).any() else None)
            for p, name in enumerate(res.party_names)
        },
        # how far apart the last offers were: left out after an agreement, where they are the offers before the
        # accepted one (one party's may differ from the agreed package), not the outcome
        "converged_issues": None if agreed else res.converged_issues(),
        "final_distance": _num(res.distance[-1]) if len(res.distance) and not agreed else None,
    }
    if res.analysis:
        nash, ks = res.nash_point(), res.ks_point()
        out |= {
            "nash": _point(res, nash),
            "nash_why": nash_why(res),
            "nash_distance": distance_to(res, nash),
            "kalai_smorodinsky": _point(res, ks),
            "ks_distance": distance_to(res, ks),
        }
    return out | {
        "durable": res.durable(),
        "durable_why": durable_why(res),
        "ripe_rounds": [int(r) + 1 for r in np.flatnonzero(res.ripe)] if res.ripe is not None else [],
        "conflict": res.war,
        "protocol": sc.protocol.name,
        **_when_used(res),
        "decision": {"quota": sc.protocol.quota, "weights": dict(sc.protocol.weights)},
        "rounds": sc.rounds,
        "seats": [e.actor for e in res.events if e.kind == "seated"],
        **res.protocol.summary(res),
        **identity(res),
        "warnings": [w.in_file() for w in sc.warnings],
        "events": kinds,
    }


def _when_used(res: RunResult) -> dict[str, Any]:
    """Keys only a scenario that uses their feature has (older summaries stay as they were): a change of format,
    the deadline's consequence, issues off the agenda, principals, threats."""
    used = (("protocol_at_end", res.final_protocol), ("deadline_then", res.deadline_then),
            ("off_agenda", list(res.off_agenda)))  # fmt: skip
    out = {k: v for k, v in used if v}
    if any(a.ratified_by for a in res.scenario.actors.values()):
        out["ratification"] = ratification(res)
    if any(pr.credibility is not None for a in res.scenario.actors.values() for pr in a.pressure):
        out["threats"] = threats(res)
    return out


def threats(res: RunResult) -> list[dict[str, Any]]:
    """Each threat that fell due: the round, who threatened whom, what, and whether it was carried out
    (docs/explanation/model.md, section 7)."""
    return [{"round": e.round, "actor": e.actor, "target": e.target, "then": e.then, "carried_out": e.carried_out}
            for e in res.events if e.kind == "threat"]  # fmt: skip


def ratification(res: RunResult) -> list[dict[str, Any]]:
    """Each time a party's agreement went to its principals: the round, the party, who ratified, who vetoed,
    whether it was ratified (docs/explanation/model.md, section 15)."""
    out: dict[tuple[int, str], dict[str, Any]] = {}
    for e in res.events:
        if e.kind in ("ratify", "veto"):
            item = out.setdefault((e.round, e.party), {"round": e.round, "party": e.party, "ratified_by": [],
                                                         "vetoed_by": [], "ratified": True})  # fmt: skip
            item["ratified_by" if e.kind == "ratify" else "vetoed_by"].append(e.actor)
            item["ratified"] &= not (e.kind == "veto" and e.withdrawn)
    return list(out.values())


def _discounted(res: RunResult) -> dict[str, Any]:
    """``discounted_utilities`` where some actor has a GENIUS discount factor below 1: each utility times
    d^t, t = the round the talks ended over the rounds (GENIUS discounts the reservation value too)."""
    actors = res.scenario.actors
    if all(a.discount == 1 for a in actors.values()):
        return {}
    t = res.round / res.scenario.rounds
    return {"discounted_utilities": {a: round(u * actors[a].discount ** t, 6) for a, u in res.utilities.items()}}


def identity(res: RunResult) -> dict[str, Any]:
    """What tells the run apart and what made it: seed, run id, scenario (with where its copy is kept),
    overrides, versions."""
    sc = res.scenario
    return {
        "seed": res.seed,
        "run_id": res.run_id,
        "scenario": {
            "name": sc.name,
            "path": sc.path,
            "sha256": sc.sha256,
            "copy": f"scenario/{Path(sc.path).name if sc.path else 'scenario.yaml'}",  # in the run folder
            "sources": sc.source_hashes,
        },
        "overrides": res.overrides,
        "overrides_id": overrides_id(res.overrides),
        "negosim_version": __version__,
        "mesa_version": mesa_version(),
        "versions": versions(),
    }


def _point(res: RunResult, point) -> dict | None:
    if point is None:
        return None
    return {
        "agreement": res.space.as_dict(point.package),
        "utilities": dict(zip(res.party_names, map(_num, point.utilities), strict=True)),
    }


def distance_to(res: RunResult, point) -> float | None:
    """Euclidean distance, in the parties' utilities, from the agreement to ``point``."""
    if point is None or res.agreement is None:
        return None
    u = res.space.utility(res.agreement)[res.space.parties]
    return _num(float(np.linalg.norm(u - np.array(point.utilities))))


def _num(v: float) -> float | None:
    return None if np.isnan(v) else round(float(v), 6)
