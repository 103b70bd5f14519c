"""summary.csv: one row per design point, from the runs table alone."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from negosim.events import ENDINGS

Z95 = 1.959963984540054
QUANTILES = (0.1, 0.5, 0.9)


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a share k/n (Wilson 1927); (NaN, NaN) without runs."""
    if n == 0:
        return math.nan, math.nan
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    lo = 0.0 if k == 0 else max(0.0, centre - half)  # exact at the ends, where the float sum leaves 1e-18
    return lo, 1.0 if k == n else min(1.0, centre + half)


def summary_table(runs, factors: list[str], issues: list[str], discrete: set[str], parties: list[str]):
    """Per design point: its factors, runs, failed runs, each outcome's share with a 95% Wilson interval,
    the share settling each issue, agreement rounds and settled values (mean, 10/50/90% quantiles),
    mean utilities and mean final distance. Shares are of the runs that finished (not failed)."""
    import pandas as pd

    out = []
    for point, g in runs.groupby("point", sort=True):
        ok = g[g["error_type"] == ""]
        n = len(ok)
        row: dict[str, Any] = {"point": int(point), **{f: g[f].iloc[0] for f in factors}}
        row |= {"runs": len(g), "failed": len(g) - n}
        for o in ENDINGS:
            k = int((ok["outcome"] == o).sum())
            lo, hi = wilson(k, n)
            row |= {f"share_{o}": k / n if n else math.nan, f"share_{o}_lo": lo, f"share_{o}_hi": hi}
        for iid in issues:
            row[f"settled_{iid}"] = float(ok[f"settled_{iid}"].mean()) if n else math.nan
        row |= _stats("agreement_rounds", ok.loc[ok["outcome"] == "agreement", "round"])
        for iid in issues:
            got = ok.loc[ok[f"settled_{iid}"], f"value_{iid}"]
            if iid in discrete:
                row[f"value_{iid}_mode"] = got.mode().iloc[0] if len(got) else ""
            else:
                row |= _stats(f"value_{iid}", got.astype(float))
        row |= {f"utility_{p}_mean": _mean(ok[f"utility_{p}"]) for p in parties}
        row["final_distance_mean"] = _mean(ok["final_distance"])
        out.append(row)
    return pd.DataFrame(out)


def _stats(name: str, values) -> dict[str, float]:
    v = np.asarray(values, dtype=float)
    if not len(v):
        return {f"{name}_mean": math.nan, **{f"{name}_q{round(q * 100)}": math.nan for q in QUANTILES}}
    return {
        f"{name}_mean": float(v.mean()),
        **{f"{name}_q{round(q * 100)}": float(np.quantile(v, q)) for q in QUANTILES},
    }


def _mean(values) -> float:
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    return float(v.mean()) if len(v) else math.nan


def measures(runs, issues: list[str], parties: list[str], values: list[str] = ()):
    """Per design point, the outcome measures a sensitivity analysis ranks factors on (means over the
    point's finished runs): agreement (its share), settled_<issue> (shares), round (the round the talks
    ended), utility_<party>, final_distance; and value_<issue> for the continuous issues in ``values``
    (a forecasting protocol's outcome, which every run has)."""
    import pandas as pd

    from negosim.sweep.measures import ranked

    ok = runs[runs["error_type"] == ""].assign(agreement=lambda d: (d["outcome"] == "agreement").astype(float))
    cols = ranked(issues, parties, values)
    table = ok.groupby("point", sort=True)[cols].mean(numeric_only=False).astype(float)
    points = pd.RangeIndex(int(runs["point"].max()) + 1 if len(runs) else 0, name="point")
    return table.reindex(points)
