"""Seeded random negotiation domains, the same numbers for negosim and for NegMAS.

A domain: P parties, K issues of V values each (continuous issues where V is None), each party
with a random salience per issue (uniform 0.1-1) and a random value per option (uniform 0-1),
linear-additive utilities, reservation 0, as in NegMAS's and GENIUS's random domains.
"""

from __future__ import annotations

import numpy as np


def preferences(n_parties: int, n_issues: int, n_values: int | None, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(P, K) saliences and (P, K, V) option values (continuous: (P, K) ideal points)."""
    rng = np.random.default_rng(seed)
    sal = rng.uniform(0.1, 1.0, size=(n_parties, n_issues))
    values = rng.random((n_parties, n_issues) if n_values is None else (n_parties, n_issues, n_values))
    return sal, values


def domain(
    n_parties: int,
    n_issues: int,
    n_values: int | None,
    rounds: int = 100,
    seed: int = 0,
    tactic: str = "boulware",
    beta: float = 0.25,
    protocol: str = "alternating",
) -> dict:
    """A negosim scenario (as data) of the random domain ``seed``; ``n_values=None``: continuous issues."""
    sal, values = preferences(n_parties, n_issues, n_values, seed)
    opts = [f"v{n}" for n in range(n_values or 0)]
    if n_values is None:
        issues = {f"i{k}": {"name": f"I{k}"} for k in range(n_issues)}
    else:
        issues = {f"i{k}": {"name": f"I{k}", "kind": "discrete", "options": opts} for k in range(n_issues)}
    strategy = {"tactic": tactic}
    if tactic in ("boulware", "conceder", "time-dependent"):
        strategy["beta"] = beta if tactic != "conceder" else 1 / beta
    actors = {}
    for p in range(n_parties):
        pos = {}
        for k, iid in enumerate(issues):
            if n_values is None:
                pos[iid] = {"ideal": float(values[p, k]), "salience": float(sal[p, k])}
            else:
                table = dict(zip(opts, map(float, values[p, k]), strict=True))
                pos[iid] = {"values": table, "salience": float(sal[p, k])}
        actors[f"p{p}"] = {"name": f"P{p}", "strategy": strategy, "reservation": 0.0, "positions": pos}
    if protocol == "mediated":
        actors["m"] = {"name": "Mediator", "role": "mediator"}
    return {"negosim": 1, "name": "bench", "rounds": rounds, "protocol": protocol, "issues": issues, "actors": actors}


def negmas_session(n_parties: int, n_issues: int, n_values: int, rounds: int = 100, seed: int = 0, beta: float = 0.25):
    """The same domain as a NegMAS SAO mechanism of time-based Boulware negotiators (NegMAS 0.16).

    ``BoulwareTBNegotiator`` aspires to ``1 - t^4`` (``PolyAspiration``, exponent 4): negosim's Boulware
    with beta 0.25 concedes ``t^(1/beta)``, the same curve. It is the faster of NegMAS's Boulware
    negotiators here (``AspirationNegotiator(aspiration_type=4.0)``, the older one, runs about 30% slower).
    """
    from negmas import SAOMechanism, make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction as LUFun
    from negmas.preferences.value_fun import TableFun
    from negmas.sao import AspirationNegotiator, BoulwareTBNegotiator

    sal, values = preferences(n_parties, n_issues, n_values, seed)
    issues = [make_issue([f"v{n}" for n in range(n_values)], name=f"i{k}") for k in range(n_issues)]
    mech = SAOMechanism(issues=issues, n_steps=rounds)
    for p in range(n_parties):
        w = sal[p] / sal[p].sum()
        funs = [TableFun({f"v{n}": float(values[p, k, n]) for n in range(n_values)}) for k in range(n_issues)]
        ufun = LUFun(values=funs, weights=list(map(float, w)), outcome_space=mech.outcome_space, reserved_value=0.0)
        negotiator = BoulwareTBNegotiator(name=f"p{p}") if beta == 0.25 else \
            AspirationNegotiator(aspiration_type=1 / beta, name=f"p{p}")  # fmt: skip
        mech.add(negotiator, ufun=ufun)
    return mech
