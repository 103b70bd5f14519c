"""history.parquet / history.csv: one row per (round, party).

The per-round series (offers, aspiration, utilities, distance, values of no deal, ripeness, a mediator's
text) are declared once in columns.py, which writes and reads each; the red lines as they stood and the
war have their own shapes here, written and read back side by side (for ``negosim plot``, which redraws
a run from its folder). A protocol may add columns of its own (``Protocol.history_columns``: eum's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from negosim.engine.columns import RECORDED, SERIES

if TYPE_CHECKING:
    import pandas as pd

    from negosim.engine.result import RunResult
    from negosim.scenario.models import Scenario
    from negosim.space import Space


def frame(res: RunResult) -> pd.DataFrame:
    """The history table of ``res``."""
    import pandas as pd

    R, P, _ = res.offers.shape
    cols: dict[str, Any] = _ids(res, R, P)
    cols.update(_series(res, R, P, late=False))
    cols.update(_red_lines(res, R, P))
    war = _war(res, R, P)
    if res.protocol.opening:
        cols, war = _opening(res, cols, R, P), _opening(res, war, R, P)
    cols.update(res.protocol.history_columns(res, R, P))
    cols.update(_series(res, R, P, late=True))
    cols.update(war)
    cols.update({"seed": res.seed, "scenario_sha256": res.scenario.sha256, "run_id": res.run_id})
    return pd.DataFrame(cols)


def _series(res: RunResult, R: int, P: int, late: bool) -> dict[str, np.ndarray]:
    """The per-round series' columns (columns.py): those before the red lines, or the ``late`` ones after."""
    cols: dict[str, np.ndarray] = {}
    for c in SERIES:
        values = c.derive(res) if c.derive is not None else getattr(res, c.field)
        if c.late == late and values is not None:
            cols.update(c.write(values, res.space, R, P))
    return cols


def _opening(res: RunResult, cols: dict[str, np.ndarray], R: int, P: int) -> dict[str, np.ndarray]:
    """Round 0 ahead of the rounds played (a protocol with an ``opening``): the positions as written, the
    red lines as they stood in round 1, and no measures yet."""
    first: dict[str, np.ndarray] = {"round": np.zeros(P, dtype=int), "actor": np.array(res.party_names, dtype=object)}
    for k, iid in enumerate(res.space.issues):
        first[f"offer_{iid}"] = res.protocol_data["opening"][:, k]
    out = {}
    for name, values in cols.items():
        if name in first:
            row = first[name]
        elif name.startswith("red_line_") and R:
            row = values[:P]
        else:
            row = np.full(P, "", dtype=object) if values.dtype == object else np.full(P, np.nan)
        out[name] = np.concatenate([row, values])
    return out


def _per_round(values: np.ndarray, P: int) -> np.ndarray:
    """A value per round on every party's row of that round."""
    return np.repeat(values, P)


def _ids(res: RunResult, R: int, P: int) -> dict[str, np.ndarray]:
    return {
        "round": _per_round(np.arange(1, R + 1), P),
        "actor": np.tile(np.array(res.party_names, dtype=object), R),
    }


def _red_lines(res: RunResult, R: int, P: int) -> dict[str, np.ndarray]:
    """The red lines as they stood, by (round, party): only issues where some party has one."""
    s, cols = res.space, {}
    if res.bounds is None or len(res.bounds[0]) != R:
        return cols
    lo, hi, allowed = res.bounds
    for k, iid in enumerate(s.issues):
        if s.discrete[k]:
            names = np.array(s.options[k], dtype=object)
            rows = allowed[:, :, k, : len(names)].reshape(R * P, -1)
            if not rows.all():
                cols[f"red_line_refused_{iid}"] = np.array(["|".join(names[~row]) for row in rows], dtype=object)
        elif np.isfinite(lo[:, :, k]).any() or np.isfinite(hi[:, :, k]).any():
            cols[f"red_line_min_{iid}"] = np.where(np.isinf(lo[:, :, k]), np.nan, lo[:, :, k]).ravel()
            cols[f"red_line_max_{iid}"] = np.where(np.isinf(hi[:, :, k]), np.nan, hi[:, :, k]).ravel()
    return cols


def _war(res: RunResult, R: int, P: int) -> dict[str, np.ndarray]:
    s, war = res.space, res.scenario.conflict
    if res.war_history is None or war is None:
        return {}
    cols = {f"front_{iid}": _per_round(res.war_history["front"][:, c], P) for c, iid in enumerate(war.contested)}
    side = [next((n for n, x in enumerate("ab") if s.actors[a] in war.sides[x]), -1) for a in s.parties]
    belief = res.war_history["belief"]  # (R, 2, 2)
    for n, name in enumerate(("alpha", "beta")):
        vals = np.array([[belief[r, d, n] if d >= 0 else np.nan for d in side] for r in range(R)])
        cols[f"belief_{name}"] = vals.reshape(R * P) if R else np.zeros(0)
    cols["costs_paid"] = res.war_history["paid"][:, s.parties].ravel()
    return cols


# --- reading a history back -------------------------------------------------------------------
def read(hist: pd.DataFrame, space: Space, scenario: Scenario) -> dict[str, Any]:
    """The RunResult fields a history table holds (the inverse of ``frame``), by field name."""
    from negosim.protocols import protocol_class

    protocol = protocol_class(scenario.protocol.name)
    data = protocol.read_history(hist, space) if protocol.opening else None
    if protocol.opening:
        hist = hist[hist["round"] > 0].reset_index(drop=True)
    R, P = int(hist["round"].max()) if len(hist) else 0, len(space.parties)
    if len(hist) != R * P:
        raise ValueError(f"expected {R * P} rows (rounds x parties), found {len(hist)}")

    fields = {c.field: c.read(hist, space, R, P) for c in RECORDED}
    batna = fields["batna_history"]
    return fields | {
        "batna": batna[-1] if R and batna is not None else None,
        "bounds": _read_bounds(space, hist, R, P),
        "war_history": _read_war(space, scenario, hist, R, P),
        "protocol_data": data,
    }


def _read_bounds(space: Space, hist, R: int, P: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Red lines as they stood, by (round, party): missing columns are issues without red lines."""
    K, O = space.n_issues, space.allowed.shape[-1]
    lo, hi = np.full((R, P, K), -np.inf), np.full((R, P, K), np.inf)
    allowed = np.zeros((R, P, K, O), dtype=bool)
    for k, iid in enumerate(space.issues):
        allowed[:, :, k, : max(len(space.options[k]), 1)] = True
        if space.discrete[k] and f"red_line_refused_{iid}" in hist:
            refused = hist[f"red_line_refused_{iid}"].to_numpy(dtype=object).reshape(R, P)
            for (r, p), names in np.ndenumerate(refused):
                for name in filter(None, str(names).split("|")):
                    allowed[r, p, k, space.options[k].index(name)] = False
        elif f"red_line_min_{iid}" in hist:
            lo[:, :, k] = np.nan_to_num(hist[f"red_line_min_{iid}"].to_numpy(float).reshape(R, P), nan=-np.inf)
            hi[:, :, k] = np.nan_to_num(hist[f"red_line_max_{iid}"].to_numpy(float).reshape(R, P), nan=np.inf)
    return lo, hi, allowed


def _read_war(space: Space, scenario: Scenario, hist, R: int, P: int) -> dict | None:
    war = scenario.conflict
    if war is None or "costs_paid" not in hist:
        return None
    front = np.stack([hist[f"front_{iid}"].to_numpy(float).reshape(R, P)[:, 0] for iid in war.contested], axis=-1)
    alpha, beta = hist["belief_alpha"].to_numpy(float).reshape(R, P), hist["belief_beta"].to_numpy(float).reshape(R, P)
    belief = np.full((R, 2, 2), np.nan)
    for n, side in enumerate("ab"):
        p = next(i for i, a in enumerate(space.parties) if space.actors[a] in war.sides[side])
        belief[:, n, 0], belief[:, n, 1] = alpha[:, p], beta[:, p]
    paid = np.full((R, len(space.actors)), np.nan)
    paid[:, space.parties] = hist["costs_paid"].to_numpy(float).reshape(R, P)
    return {"front": front.reshape(R, len(war.contested)), "belief": belief, "paid": paid}
