"""sensitivity.csv: how much each factor moves each outcome measure (SALib's Morris and Sobol analyses)."""

from __future__ import annotations

import warnings

import numpy as np

from negosim.sweep.designs import MORRIS_LEVELS, Design


def sensitivity_table(design: Design, measures, seed: int = 0):
    """One row per (measure, factor): Morris mu*, its confidence, sigma and mu (Morris 1991; Campolongo et
    al. 2007), or Sobol first-order S1 and total ST with confidences (Saltelli et al. 2010), and the
    factor's rank on that measure (1 moves it most: by mu*, or by ST). None for other designs."""
    import pandas as pd

    if design.kind not in ("morris", "sobol") or design.unit is None or not design.factors:
        return None
    problem = {"num_vars": len(design.factors), "names": [f.path for f in design.factors],
               "bounds": [[0.0, 1.0]] * len(design.factors)}  # fmt: skip
    out = []
    for measure in measures.columns:
        y = measures[measure].to_numpy(dtype=float)
        res = _analyse(design, problem, y, seed)
        for n, f in enumerate(design.factors):
            out.append({"measure": measure, "factor": f.path, "label": f.name, "assumed": f.assumed or "",
                        **{k: float(v[n]) for k, v in res.items()}})  # fmt: skip
    table = pd.DataFrame(out)
    key = "mu_star" if design.kind == "morris" else "ST"
    table["rank"] = table.groupby("measure")[key].rank(ascending=False, method="min", na_option="bottom").astype(int)
    return table.sort_values(["measure", "rank", "factor"], kind="stable").reset_index(drop=True)


def _analyse(design: Design, problem: dict, y: np.ndarray, seed: int) -> dict[str, np.ndarray]:
    d = len(design.factors)
    if np.isnan(y).any() or np.allclose(y, y[0]):  # no runs at some point, or nothing moves this measure
        zero = np.zeros(d) if not np.isnan(y).any() else np.full(d, np.nan)
        keys = (
            ("mu_star", "mu_star_conf", "sigma", "mu")
            if design.kind == "morris"
            else ("S1", "S1_conf", "ST", "ST_conf")
        )
        return dict.fromkeys(keys, zero)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if design.kind == "morris":
            from SALib.analyze import morris

            r = morris.analyze(problem, design.unit, y, num_levels=MORRIS_LEVELS, seed=seed)
            return {k: np.asarray(r[k], dtype=float) for k in ("mu_star", "mu_star_conf", "sigma", "mu")}
        from SALib.analyze import sobol

        r = sobol.analyze(problem, y, calc_second_order=False, seed=seed)
        return {k: np.asarray(r[k], dtype=float) for k in ("S1", "S1_conf", "ST", "ST_conf")}


def overall(table, top: int = 5):
    """The factors that move the outcome most over every measure: each measure's effects (mu* or ST)
    scaled by that measure's largest, averaged over the measures that anything moves; with the measures
    each factor moves most (its scaled effect at least half the largest, best first; else its largest)."""
    import pandas as pd

    if table is None or not len(table):
        return pd.DataFrame(columns=["factor", "label", "assumed", "score", "moves"])
    key = "mu_star" if "mu_star" in table.columns else "ST"
    t = table.copy()
    peak = t.groupby("measure")[key].transform("max")
    t["scaled"] = (t[key] / peak).where(peak > 0)
    moved = t.dropna(subset=["scaled"])
    if not len(moved):
        return pd.DataFrame(columns=["factor", "label", "assumed", "score", "moves"])
    rows = []
    for path, g in moved.groupby("factor", sort=False):
        ranked = g.sort_values("scaled", ascending=False)
        best = ranked[ranked["scaled"] >= 0.5] if (ranked["scaled"] >= 0.5).any() else ranked.head(1)
        best = best[best["scaled"] > 0]  # a factor without effect moves nothing
        rows.append({"factor": path, "label": g["label"].iloc[0], "assumed": g["assumed"].iloc[0],
                     "score": float(g["scaled"].sum() / moved["measure"].nunique()),
                     "moves": list(best["measure"])})  # fmt: skip
    out = pd.DataFrame(rows).sort_values(["score", "factor"], ascending=[False, True], kind="stable")
    return out.head(top).reset_index(drop=True)
