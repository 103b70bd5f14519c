"""negosim's benchmarks in one command: against NegMAS, Istanbul sweeps, scaling, the floor, start-up.

    pip install -e ".[bench]" && python benchmarks/bench.py            # everything (about 20 minutes)
    python benchmarks/bench.py --quick                                 # smaller counts (about 3 minutes)
    python benchmarks/bench.py --only peers,floor                      # some sections

Prints a table per section and writes benchmarks/results/bench-<date>.json with the machine, the
versions and the date. Speed is measured here, never asserted in tests. Sections:

- peers: NegMAS 0.16's SAO mechanism with Boulware time-based negotiators (aspiration 1 - t^4)
  against negosim's alternating offers with Boulware beta 0.25 on the same seeded random domains
  (k issues x 10 values, linear-additive, 100 rounds), in this one process. "new domain": each
  negotiation on a domain of its own, as in a tournament; "one domain": the same domain each time,
  as in a sweep. Timed: NegMAS's ``run()`` (the mechanism and utility functions built outside the
  timing); negosim's ``compile_scenario`` and ``simulate(analysis=False)`` (the YAML-level
  validation outside the timing; one domain: compiled once).
- istanbul: one run in a warm process; ``negosim sweep`` with 1 and 2 workers (whole processes),
  with every process's peak memory, and each worker's after the first 1,000 runs and at the end.
- scaling: rounds per second against parties (2..100) and issues (1..50), every protocol.
- floor: the same two-party negotiation as a bare Python loop over negosim's offer rule (no Mesa,
  no events, no history), its results checked identical, and negosim's time as a multiple.
- startup: ``negosim --help``, ``negosim validate``, the first ``simulate`` in a new process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import numpy as np
from bench_domains import domain, negmas_session

import negosim
from negosim.engine.compiled import compile_scenario
from negosim.output import atomic_write
from negosim.scenario.loader import from_data

ROOT = Path(__file__).resolve().parents[1]
ISTANBUL = ROOT / "scenarios" / "istanbul-2025.yaml"
BIN = Path(sys.executable).parent


def rate(times: list[float]) -> float:
    """Negotiations (or runs) per second from per-item times."""
    return len(times) / sum(times)


# --- peers ----------------------------------------------------------------------------------------
def peers(n: dict[tuple[int, int], tuple[int, int]]) -> list[dict]:
    """negosim against NegMAS: ``n`` maps (parties, issues) to (negosim count, NegMAS count)."""
    try:
        import negmas  # noqa: F401
    except ImportError:
        print("peers: NegMAS is not installed (pip install -e '.[bench]'): skipped")
        return []
    negmas_session(2, 3, 10, seed=10_000).run()  # first-use costs out of the timing
    negosim.simulate(compile_scenario(from_data(domain(2, 3, 10, seed=10_000))), analysis=False)
    rows = []
    for (P, K), (n_ours, n_theirs) in n.items():
        for case in ("new domain", "one domain"):
            seeds = range(n_theirs) if case == "new domain" else [0] * n_theirs
            theirs = []
            for s in seeds:
                mech = negmas_session(P, K, 10, seed=s)
                t0 = time.perf_counter()
                mech.run()
                theirs.append(time.perf_counter() - t0)
            ours, rounds = _negosim_times(P, K, n_ours, case == "new domain")
            rows.append({"parties": P, "issues": K, "values": 10, "rounds": 100, "case": case,
                         "negmas_per_s": rate(theirs), "negosim_per_s": rate(ours),
                         "ratio": rate(ours) / rate(theirs), "negosim_mean_rounds": rounds,
                         "n_negmas": len(theirs), "n_negosim": len(ours)})  # fmt: skip
    _table("peers: negotiations per second, one process",
           ["config", "case", "NegMAS /s", "negosim /s", "ratio"],
           [[f"{r['parties']} x {r['issues']}", r["case"], f"{r['negmas_per_s']:.1f}", f"{r['negosim_per_s']:.1f}",
             f"{r['ratio']:.1f}x"] for r in rows])  # fmt: skip
    return rows


def _negosim_times(P: int, K: int, n: int, new_domain: bool) -> tuple[list[float], float]:
    datas = [from_data(domain(P, K, 10, seed=s if new_domain else 0)) for s in range(n)]
    times, rounds, compiled = [], [], None
    for s, sc in enumerate(datas):
        t0 = time.perf_counter()
        if compiled is None or new_domain:
            compiled = compile_scenario(sc)
        res = negosim.simulate(compiled, seed=s, analysis=False)
        times.append(time.perf_counter() - t0)
        rounds.append(res.round)
    return times, float(np.mean(rounds))


# --- istanbul ---------------------------------------------------------------------------------------
def istanbul(runs_1: int, runs_2: int, repeat: int) -> dict:
    sc = negosim.load_scenario(ISTANBUL)
    compiled = compile_scenario(sc)
    negosim.simulate(compiled, seed=0)
    times = []
    for s in range(repeat):
        t0 = time.perf_counter()
        negosim.simulate(compiled, seed=s)
        times.append(time.perf_counter() - t0)
    out = {"one_run_ms_median": 1e3 * statistics.median(times), "one_run_per_s": rate(times), "repeat": repeat}
    from bench_sweep_memory import measure

    out["sweep_1_worker"] = measure(runs_1 // 5, workers=1)
    out["sweep_2_workers"] = measure(runs_2 // 5, workers=2, mark=1000)
    rows = [["one run (warm process)", f"{out['one_run_ms_median']:.1f} ms", f"{out['one_run_per_s']:.1f}", ""]]
    for key in ("sweep_1_worker", "sweep_2_workers"):
        m = out[key]
        mem = f"main {m['peak_main_mib']:.0f} MiB"
        if m["workers"]:
            at = ", ".join(f"{w['at_mark_mib'] or 0:.0f}->{w['peak_mib']:.0f}" for w in m["workers"])
            mem += f"; workers after 1,000 runs -> peak: {at} MiB"
        rows.append([f"sweep {m['runs']:,} runs, {key[6]} worker(s)", f"{m['seconds']:.1f} s", f"{m['runs_per_s']:.1f}",
                     mem])  # fmt: skip
    _table("istanbul", ["what", "time", "runs/s", "memory"], rows)
    return out


# --- scaling ----------------------------------------------------------------------------------------
def scaling(parties: list[int], issues: list[int], rounds: int, big: bool) -> list[dict]:
    rows = []
    for protocol in ("alternating", "simultaneous", "mediated"):
        for P, K in [(p, 5) for p in parties] + [(2, k) for k in issues if k != 5]:
            rows.append(_rounds_per_s(protocol, P, K, rounds))
    if big:
        rows.append(_rounds_per_s("alternating", 100, 20, 100))  # the target case: under 10 s
    _table("scaling: rounds per second (10 values per issue)", ["protocol", "parties x issues", "rounds", "rounds/s",
           "s/run"], [[r["protocol"], f"{r['parties']} x {r['issues']}", r["rounds"], f"{r['rounds_per_s']:.0f}",
                      f"{r['seconds']:.3f}"] for r in rows])  # fmt: skip
    return rows


def _rounds_per_s(protocol: str, P: int, K: int, rounds: int, tactic: str = "boulware") -> dict:
    sc = from_data(domain(P, K, 10, rounds=rounds, seed=P * 100 + K, protocol=protocol, tactic=tactic))
    compiled = compile_scenario(sc)
    t0 = time.perf_counter()
    res = negosim.simulate(compiled, seed=0, analysis=False)
    seconds = time.perf_counter() - t0
    return {"protocol": protocol, "parties": P, "issues": K, "rounds": res.round, "tactic": tactic,
            "seconds": seconds, "rounds_per_s": res.round / seconds, "outcome": res.outcome}  # fmt: skip


# --- floor ------------------------------------------------------------------------------------------
def bare(compiled, beta: float = 0.25) -> tuple[int, np.ndarray | None]:
    """Two Boulware parties under alternating offers, as negosim plays them, in a bare loop: the round of
    the agreement (or the deadline) and the package. Same offer rule (OfferChooser), same acceptance."""
    from negosim.numeric import EPS
    from negosim.strategies.time_dependent import alpha_polynomial

    s, sc = compiled.space, compiled.scenario
    rounds = sc.rounds
    parties = [int(a) for a in s.parties]
    choosers = [compiled.choosers[a] for a in parties]
    best = [c.umax for c in choosers]
    no_deal = [min(float(s.reservation[a]), b) for a, b in zip(parties, best, strict=True)]
    known = np.array([c.best for c in choosers])
    weight = s.weight[parties]
    standing, proposer = None, -1
    for r in range(rounds):
        alpha = alpha_polynomial(r / max(rounds - 1, 1), beta)
        level = [b - alpha * (b - d) for b, d in zip(best, no_deal, strict=True)]
        for p in (0, 1):
            q = 1 - p
            bar = max(level[p], no_deal[p])
            if standing is not None and proposer != p and s.utility(standing)[parties[p]] >= bar - EPS:
                return r + 1, standing
            standing = known[p] = choosers[p].choose(level[p], known[[q]], weight[[q]])
            proposer = p
    return rounds, None


def floor(n: int) -> dict:
    datas = [from_data(domain(2, 3, 10, seed=s)) for s in range(n)]
    # each loop its own compiled scenarios: the offer choosers keep what they learn (greedy paths)
    ours, theirs = [compile_scenario(sc) for sc in datas], [compile_scenario(sc) for sc in datas]
    bare(compile_scenario(datas[0]))
    negosim.simulate(compile_scenario(datas[0]), analysis=False)
    same, t_bare, t_ours = 0, [], []
    for c, mine in zip(theirs, ours, strict=True):
        t0 = time.perf_counter()
        r, x = bare(c)
        t1 = time.perf_counter()
        res = negosim.simulate(mine, seed=0, analysis=False)
        t2 = time.perf_counter()
        t_bare.append(t1 - t0)
        t_ours.append(t2 - t1)
        agreed = res.agreement
        same += bool(res.round == r) and (x is None) == (agreed is None) and (x is None or bool((x == agreed).all()))
    out = {"n": n, "identical": same, "bare_per_s": rate(t_bare), "negosim_per_s": rate(t_ours),
           "multiple": sum(t_ours) / sum(t_bare)}  # fmt: skip
    _table("floor: 2 parties x 3 issues x 10 values, Boulware 0.25, 100 rounds",
           ["loop", "negotiations/s", "identical"],
           [["bare Python loop over negosim's offer rule", f"{out['bare_per_s']:.1f}", f"{same} of {n}"],
            ["negosim.simulate (Mesa, events, history)", f"{out['negosim_per_s']:.1f}",
             f"{out['multiple']:.2f}x the bare loop's time"]])  # fmt: skip
    return out


# --- startup ----------------------------------------------------------------------------------------
FIRST_SIMULATE = (
    "import time; t0 = time.perf_counter(); import negosim; "
    f"negosim.simulate({str(ISTANBUL)!r}); print(time.perf_counter() - t0)"
)


def startup(repeat: int) -> dict:
    cmds = {
        "negosim --help": [str(BIN / "negosim"), "--help"],
        "negosim validate scenarios/istanbul-2025.yaml": [str(BIN / "negosim"), "validate", str(ISTANBUL)],
        "first simulate in a new process (whole process)": [sys.executable, "-c", FIRST_SIMULATE],
    }
    out = {}
    for name, cmd in cmds.items():
        walls, inner = [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
            walls.append(time.perf_counter() - t0)
            if cmd[-1] == FIRST_SIMULATE:
                inner.append(float(done.stdout.strip().splitlines()[-1]))
        out[name] = {"median_s": statistics.median(walls), "min_s": min(walls), "max_s": max(walls)}
        if inner:
            out["first simulate (import negosim + simulate, inside the process)"] = {
                "median_s": statistics.median(inner), "min_s": min(inner), "max_s": max(inner)}  # fmt: skip
    _table(f"startup (median of {repeat} new processes)", ["command", "median s", "min s", "max s"],
           [[k, f"{v['median_s']:.3f}", f"{v['min_s']:.3f}", f"{v['max_s']:.3f}"] for k, v in out.items()])  # fmt: skip
    return out


# --- the report --------------------------------------------------------------------------------------
def _table(title: str, head: list[str], rows: list[list]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=True)]
    print(f"\n## {title}\n")
    for line in [head, ["-" * w for w in widths], *rows]:
        print("| " + " | ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)) + " |")
    sys.stdout.flush()


def machine() -> dict:
    info = Path("/proc/cpuinfo")
    lines = info.read_text().splitlines() if info.exists() else []
    cpu = next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("model name")), platform.processor())
    versions = {}
    for pkg in ("negosim", "mesa", "numpy", "pydantic", "negmas"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    return {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "cpu": cpu, "cores": os.cpu_count(),
            "platform": platform.platform(), "python": platform.python_version(), "versions": versions}  # fmt: skip


SECTIONS = ("peers", "istanbul", "scaling", "floor", "startup")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller counts (a few minutes)")
    ap.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections of {', '.join(SECTIONS)}")
    ap.add_argument("--out", type=Path, help="the JSON file (default benchmarks/results/bench-<date>.json)")
    args = ap.parse_args()
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    if unknown := [s for s in only if s not in SECTIONS]:
        ap.error(f"unknown section(s) {', '.join(unknown)}: choose from {', '.join(SECTIONS)}")
    q = args.quick
    report: dict = {"machine": machine(), "quick": q}
    print(f"negosim benchmarks, {report['machine']['date']}, {report['machine']['cpu']}, "
          f"{report['machine']['cores']} cores, Python {report['machine']['python']}")  # fmt: skip
    if "peers" in only:
        counts = {(2, 3): (100, 20), (4, 3): (50, 10), (2, 5): (100, 3)} if q else \
                 {(2, 3): (400, 60), (4, 3): (200, 30), (2, 5): (400, 8)}  # fmt: skip
        report["peers"] = peers(counts)
    if "istanbul" in only:
        report["istanbul"] = istanbul(200, 2_000, 20) if q else istanbul(1_000, 10_000, 100)
    if "scaling" in only:
        report["scaling"] = scaling([2, 5, 10, 20, 50, 100], [1, 2, 5, 10, 20, 50], 10 if q else 20, big=not q)
    if "floor" in only:
        report["floor"] = floor(30 if q else 120)
    if "startup" in only:
        report["startup"] = startup(3 if q else 7)
    out = args.out or ROOT / "benchmarks" / "results" / f"bench-{report['machine']['date'][:10]}.json"
    text = json.dumps(report, indent=1, default=lambda v: v.item())  # numpy scalars
    atomic_write(out, lambda fh: fh.write(text.encode()))
    print(f"\nwritten: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
