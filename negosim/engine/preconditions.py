"""Preconditions: talks about talks (docs/explanation/model.md, section 4).

A precondition of actor i requires issue k to be settled first (an interim agreement, such as a
ceasefire) inside a bound, ``before`` it negotiates other issues. Its opposite, "talks without
preconditions", is a refusal (``no_interim``): i lets none of the named issues be settled ahead
of the rest. While it is active, i keeps its
offers on those issues at its best and its offer on k inside the bound, and accepts no whole
package. It is met when k is settled inside the bound. It deadlocks when k can never be settled
that way: another active precondition waits for k, refuses to settle k ahead of the rest (Moscow's
"talks without preconditions" against Kyiv's "ceasefire first"), asks k to be settled incompatibly,
or a party's red lines exclude the bound, or k is marked ``separable: false`` (then k is settled
only with the whole package, which the holder will not take while the precondition stands). A
precondition with firmness f < 1 gives way as a soft red line does (engine/redlines.py): each round
of pressure q on its holder wears away the share ``q (1 - f) / (f R)`` of it, R its holder's resolve
on it drawn once per run; when all of it is worn away it is waived. Firmness 0 gives way to the first
pressure; firmness 1 never does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from negosim.engine.firmness import breaking_points, give
from negosim.numeric import EPS
from negosim.scenario import bounds
from negosim.space import Space

if TYPE_CHECKING:
    from negosim.scenario.models import Scenario


@dataclass
class Precondition:
    """One actor's precondition and where it stands."""

    holder: int  # actor index
    index: int  # position in the holder's list of preconditions
    id: str
    issue: int  # the issue that must be settled first (-1 for a refusal)
    lo: float  # the bound, as an interval of values (option codes on a discrete issue)
    hi: float
    before: np.ndarray  # (K,) bool: issues the holder will not negotiate until then
    refuses: np.ndarray  # (K,) bool: issues the holder will not let be settled ahead of the rest
    firmness: float
    breaking: float = 1.0  # its holder's resolve on it (engine/firmness.py)
    worn: float = 0.0  # the share of it pressure has worn away
    state: str = "active"  # active, met or waived
    round: int = 0  # when it was met or waived
    pressers: list[int] = field(default_factory=list)
    alone: bool = True  # its issue may be settled ahead of the whole package (not marked separable: false)
    in_principle: bool = False  # met by agreement in principle on its issue, which stays in the whole package

    @property
    def active(self) -> bool:
        return self.state == "active"

    @property
    def requires(self) -> bool:
        """A requirement (``require``), rather than a refusal (``no_interim``)."""
        return self.issue >= 0

    def admits(self, value: float) -> bool:
        return self.lo - EPS <= value <= self.hi + EPS


def build(scenario: Scenario, space: Space, resolve: np.random.Generator | None = None) -> list[Precondition]:
    """The scenario's preconditions, in actor order; ``resolve`` draws each holder's resolve on it."""
    out = []
    K = space.n_issues
    for a, aid in enumerate(space.actors):
        for j, pc in enumerate(scenario.actors[aid].preconditions):
            before, refuses = np.zeros(K, dtype=bool), np.zeros(K, dtype=bool)
            if pc.require is None:
                refuses[:] = pc.no_interim == "all"
                if pc.no_interim != "all":
                    refuses[[space.issues.index(i) for i in pc.no_interim]] = True
                out.append(Precondition(a, j, pc.id, -1, 0.0, 0.0, before, refuses, pc.firmness))
                continue
            k = space.issues.index(pc.require.issue)
            lo, hi = bounds.of_requirement(scenario.issues[pc.require.issue], pc.require)
            before[:] = pc.before == "all"
            if pc.before != "all":
                before[[space.issues.index(i) for i in pc.before]] = True
            before[k] = False
            alone = pc.require.issue in scenario.separable_issues  # not when marked separable: false
            out.append(Precondition(a, j, pc.id, k, lo, hi, before, refuses, pc.firmness, alone=alone,
                                    in_principle=pc.in_principle))  # fmt: skip
    for pc, r in zip(out, breaking_points(resolve, len(out)), strict=True):
        pc.breaking = float(r)  # every precondition's, firm ones too (a shock may soften one)
    return out


def blocked(pcs: list[Precondition]) -> np.ndarray | None:
    """(K,) issues no interim agreement may settle now: some active precondition keeps them off the
    table or refuses to settle them ahead of the rest; None without preconditions."""
    if not pcs:
        return None
    out = np.zeros_like(pcs[0].before)
    for pc in pcs:
        if pc.active:
            out |= pc.before | pc.refuses
    return out


def wear(pcs: list[Precondition], target: int, presser: int, q: float) -> list[Precondition]:
    """One round of pressure ``q`` on ``target``'s active preconditions; returns those it made give way."""
    waived = []
    for pc in pcs:
        if pc.holder != target or not pc.active or pc.firmness >= 1 or q <= 0:
            continue
        pc.worn = min(pc.worn + give(q, pc.firmness, pc.breaking), 1.0)
        if presser not in pc.pressers:
            pc.pressers.append(presser)
        if pc.worn >= 1.0 - EPS:
            pc.state = "waived"
            waived.append(pc)
    return waived


#: Why a precondition is dead: other preconditions block it, a settlement missed it, red lines exclude it, its
#: issue is settled only with the whole package (marked ``separable: false``), which its holder will not take.
BLOCKED, SETTLED, RED_LINES, WHOLE = 0, 1, 2, 3


def deadlocks(
    pcs: list[Precondition], settled: np.ndarray, space: Space, parties: np.ndarray
) -> list[tuple[int, list[int]]]:
    """(why, group) for each group of preconditions (indices into ``pcs``) that can never be met as things stand.

    A group is the dead precondition followed by what blocks it: preconditions that refuse its
    issue or ask it settled incompatibly, or those it waits for (their ``before`` holds its issue)
    when these can never be met either (a cycle of waits, or a wait on a dead one); nothing when a
    settlement or the parties' red lines block it; itself when its issue is not separable (``WHOLE``: only
    the whole package can settle that issue, and its holder takes none while it stands). One precondition
    may head two groups, since pressure may break one block and not the other. Waiting on a precondition
    that can be met is not a deadlock: it is the sequencing the preconditions ask for.
    """
    out, hard, waits = [], {}, {}
    for n, pc in enumerate(pcs):
        if not pc.active or not pc.requires:
            continue
        k = pc.issue
        if not np.isnan(settled[k]):
            if not pc.admits(settled[k]):
                out.append((SETTLED, [n]))
                hard[n] = []
            continue
        if not pc.alone and not pc.in_principle:
            out.append((WHOLE, [n]))  # it blocks itself: its holder takes no package while it stands
            hard[n] = []
        clash = [
            m for m, q in enumerate(pcs)
            if m != n and q.active and (q.refuses[k] or (q.requires and q.issue == k and not _overlap(pc, q)))
        ]  # fmt: skip
        if clash:
            out.append((BLOCKED, [n, *clash]))
            hard[n] = clash
        if not _reachable(pc, space, parties):
            out.append((RED_LINES, [n]))
            hard.setdefault(n, [])
        waits[n] = [m for m, q in enumerate(pcs) if m != n and q.active and q.requires and q.before[k]]
    for n in waits:
        chain = _doomed_chain(n, waits, hard)
        if chain:
            out.append((BLOCKED, [n, *chain]))
    return out


def _doomed_chain(start: int, waits: dict[int, list[int]], hard: dict[int, list[int]]) -> list[int]:
    """The preconditions ``start`` waits for, directly or not, when one of them can never be met or the
    waits come back to ``start``; [] when every wait can end."""
    seen, stack, doomed = set(), list(waits.get(start, [])), False
    while stack:
        m = stack.pop()
        if m == start or m in hard:
            doomed = True
        if m in seen or m == start:
            continue
        seen.add(m)
        stack += waits.get(m, [])
    if not doomed:
        return []
    return sorted(seen | {b for m in seen for b in hard.get(m, [])} - {start})


def _overlap(p: Precondition, q: Precondition) -> bool:
    return p.lo <= q.hi + EPS and q.lo <= p.hi + EPS


def _reachable(pc: Precondition, space: Space, parties: np.ndarray) -> bool:
    """Whether some value inside the bound lies inside every party's red lines on the issue."""
    k = pc.issue
    if space.discrete[k]:
        codes = np.arange(len(space.options[k]))
        inside = (codes >= pc.lo - EPS) & (codes <= pc.hi + EPS)
        return bool((space.allowed[parties, k][:, : len(codes)].all(axis=0) & inside).any())
    return max(pc.lo, *space.lo[parties, k]) <= min(pc.hi, *space.hi[parties, k]) + EPS


def holder_bounds(pc: Precondition, space: Space, lo: np.ndarray, hi: np.ndarray, allowed: np.ndarray) -> None:
    """Narrow the holder's row of (lo, hi, allowed) while ``pc`` is active: its ``before`` issues at its best
    package, the required issue inside the bound."""
    a = pc.holder
    best = space.best_package(a)
    for j in np.flatnonzero(pc.before):
        if space.discrete[j]:
            allowed[a, j, :] = False
            allowed[a, j, int(best[j])] = True
        else:
            lo[a, j] = hi[a, j] = best[j]
    required_bounds(pc, lo, hi, allowed, space.discrete[pc.issue])


def required_bounds(pc: Precondition, lo: np.ndarray, hi: np.ndarray, allowed: np.ndarray, discrete: bool) -> None:
    """Narrow the holder's bounds on the required issue to the requirement (where its red lines leave room)."""
    a, k = pc.holder, pc.issue
    if discrete:
        codes = np.arange(allowed.shape[-1])
        inside = allowed[a, k] & (codes >= pc.lo - EPS) & (codes <= pc.hi + EPS)
        if inside.any():
            allowed[a, k] = inside
    elif max(lo[a, k], pc.lo) <= min(hi[a, k], pc.hi):
        lo[a, k], hi[a, k] = max(lo[a, k], pc.lo), min(hi[a, k], pc.hi)
