"""Bueno de Mesquita's expected-utility model of collective decisions, one round as array arithmetic
(docs/explanation/eum.md). Pure functions of positions, capabilities and saliences: the engine's
protocol (protocols/eum.py) and the teaching figures (plots/forecast.py) share them.

Arrays are (K, P) for one value per issue and actor, and (K, P, P) for pairs, ``[k, i, j]``: actor
``i`` challenging actor ``j`` on issue ``k``. Positions are on each issue's own scale; distances are
taken over the issue's range. Sources: Bueno de Mesquita 1985 (APSR 79:156) and 1994 (European
Community Decision Making, ch. 4); the replication of Scholz, Calbert & Smith 2011 (JTP 23:510),
whose section numbers the docstrings cite.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: What happens to a target on one issue in a round (the kinds of section 6, and no move).
NONE, CONFRONTATION, COMPROMISE, CAPITULATION = 0, 1, 2, 3
MOVES = ("none", "confrontation", "compromise", "capitulation")


@dataclass(frozen=True)
class Variant:
    """The choices the published replications disagree on (docs/explanation/eum.md, "Variants")."""

    q: float = 1.0  # probability that the status quo holds if i does not challenge j
    t: float = 1.0  # probability that a change of the status quo is for the better
    reference: str = "median"  # the status quo's reference point: the Condorcet "median" or the weighted "mean"
    probability: str = "share"  # "share": votes for i over all votes (BDM 1994); "net": net votes, floored at 0


@dataclass(frozen=True)
class Round:
    """One round of the model on every issue: what each pair expects, and where each actor moves."""

    median: np.ndarray  # (K,) the Condorcet median of the positions at the start of the round
    mean: np.ndarray  # (K,) the capability-and-salience weighted mean (the compromise model)
    p: np.ndarray  # (K, P, P) probability that i prevails over j
    risk: np.ndarray  # (K, P) each actor's risk exponent r
    eu: np.ndarray  # (K, P, P) i's expected utility of challenging j (with i's risk exponent)
    offers: np.ndarray  # (K, P, P) bool: i challenges j (EU > 0, i has salience, i and j apart)
    move: np.ndarray  # (K, P) the kind of move each actor makes (MOVES)
    by: np.ndarray  # (K, P) whose offer it takes (-1: none)
    x: np.ndarray  # (K, P) positions at the end of the round
    start: np.ndarray  # (K, P) positions at its start


def weights(c: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Each actor's weight in the collective decision, capability x salience: (K, P)."""
    return c[None, :] * s


def median(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The Condorcet median per issue (K,): the position no other beats in a pairwise vote weighted by
    ``w``. With single-peaked preferences on a line it is the weighted median (Black 1948): the first
    position, from the low end, with at least half the weight at or below it; when exactly half lies
    at or below it, every point up to the next position ties, and the midpoint is taken."""
    order = np.argsort(x, axis=1, kind="stable")
    xs, ws = np.take_along_axis(x, order, 1), np.take_along_axis(w, order, 1)
    cum, half = np.cumsum(ws, axis=1), ws.sum(axis=1, keepdims=True) / 2
    tol = 1e-12 * np.maximum(half, 1.0)
    first = np.argmax(cum >= half - tol, axis=1)
    rows = np.arange(len(x))
    lo = xs[rows, first]
    tie = np.abs(cum[rows, first] - half[:, 0]) <= tol[:, 0]
    nxt = np.array([_next_weighted(ws[k], first[k]) for k in range(len(x))])
    hi = np.where(nxt >= 0, xs[rows, np.maximum(nxt, 0)], lo)
    return np.where(tie & (nxt >= 0), (lo + hi) / 2, lo)


def _next_weighted(ws: np.ndarray, n: int) -> int:
    """The first position after ``n`` (in sorted order) that carries weight, or -1."""
    later = np.flatnonzero(ws[n + 1 :] > 0)
    return int(n + 1 + later[0]) if len(later) else -1


def mean(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The compromise model per issue (K,): sum c s x / sum c s (van den Bos 1991; Achen 2006)."""
    total = w.sum(axis=1)
    return np.where(total > 0, (w * x).sum(axis=1) / np.where(total > 0, total, 1.0), x.mean(axis=1))


def probability(x: np.ndarray, w: np.ndarray, width: np.ndarray, how: str) -> np.ndarray:
    """(K, P, P): the chance that i prevails over j, from every actor's vote between them (section 4):
    voter v gives ``w_v (|x_v - x_j| - |x_v - x_i|) / range`` to i (negative: to j). ``share``: the votes
    for i over all votes cast (BDM 1994); ``net``: the net votes for i, floored at 0, over all votes.
    Where no vote is cast (i and j at one position) it is 1/2."""
    d = np.abs(x[:, :, None] - x[:, None, :]) / width[:, None, None]  # (K, v, i): |x_v - x_i|
    votes = w[:, :, None, None] * (d[:, :, None, :] - d[:, :, :, None])  # (K, v, i, j)
    cast = np.abs(votes).sum(axis=1)
    won = np.maximum(votes, 0).sum(axis=1) if how == "share" else np.maximum(votes.sum(axis=1), 0)
    return np.where(cast > 0, won / np.where(cast > 0, cast, 1.0), 0.5)


def expected_utility(
    x: np.ndarray, s: np.ndarray, p: np.ndarray, r: np.ndarray, ref: np.ndarray, width: np.ndarray, v: Variant
) -> np.ndarray:
    """(K, P, P): i's expected utility of challenging j, with i's risk exponent ``r`` (K, P) (section 2):

    E = s_j (P U_s + (1 - P) U_f) + (1 - s_j) U_s - Q U_sq - (1 - Q) (T U_b + (1 - T) U_w), where, with
    d = |x_i - x_j| / range and m = |x_i - ref| / range (section 3),
    U_s = 2 - 4 (1/2 - d/2)^r, U_f = 2 - 4 (1/2 + d/2)^r, U_b = 2 - 4 (1/2 - (m + d)/4)^r,
    U_w = 2 - 4 (1/2 + (m + d)/4)^r, U_sq = 2 - 4 (1/2)^r.
    """
    d = np.abs(x[:, :, None] - x[:, None, :]) / width[:, None, None]
    m = (np.abs(x - ref[:, None]) / width[:, None])[:, :, None]
    rr = r[:, :, None]
    us, uf = 2 - 4 * (0.5 - 0.5 * d) ** rr, 2 - 4 * (0.5 + 0.5 * d) ** rr
    ub, uw = 2 - 4 * (0.5 - 0.25 * (m + d)) ** rr, 2 - 4 * (0.5 + 0.25 * (m + d)) ** rr
    usq = 2 - 4 * 0.5**rr
    sj = s[:, None, :]
    return sj * (p * us + (1 - p) * uf) + (1 - sj) * us - v.q * usq - (1 - v.q) * (v.t * ub + (1 - v.t) * uw)


def risk(eu: np.ndarray, stake: np.ndarray) -> np.ndarray:
    """(K, P): risk exponents from security (section 5). Actor j's security is what the others expect from
    challenging it, ``sum_i E_ij``; R_j = (2 sec_j - max sec - min sec) / (max sec - min sec) and
    r_j = (1 - R_j/3) / (1 + R_j/3), in [1/2, 2]. Only stakeholders (salience > 0) count: an actor
    who does not care about an issue threatens no one there and is no one's measure; its r is 1."""
    P = stake.shape[1]
    off = ~np.eye(P, dtype=bool)[None] & stake[:, :, None]  # challengers i with a stake, i != j
    sec = np.where(off, eu, 0.0).sum(axis=1)  # (K, j)
    big = np.where(stake, sec, -np.inf).max(axis=1, keepdims=True)
    small = np.where(stake, sec, np.inf).min(axis=1, keepdims=True)
    spread = big - small
    R = np.where(spread > 0, (2 * sec - big - small) / np.where(spread > 0, spread, 1.0), 0.0)
    return np.where(stake, (1 - R / 3) / (1 + R / 3), 1.0)


def moves(x, eu, offers, lo, hi, width, link=None):
    """Where each target moves (section 6): of the offers it receives, the one that moves it least.

    Against challenger i with E_i = E[i, j] > 0 and its own E_j = E[j, i]: E_j > 0 and E_j < E_i, a
    confrontation it loses (it moves to x_i; if E_j >= E_i it wins and stays); E_j < 0 and |E_j| < E_i,
    a compromise (it moves |E_j / E_i| of the way to x_i); E_j < 0 and |E_j| >= E_i, a capitulation (to
    x_i). No actor moves past its own red line (lo, hi: (K, P)); the size of a move is over the issue's
    range (summed over linked issues). Returns (move, by, x) as in ``Round``.
    """
    K, P = x.shape
    ei, ej = eu, np.swapaxes(eu, 1, 2)  # [k, i, j]: the challenger's E_ij and the target's E_ji
    kind = np.full((K, P, P), NONE)
    kind = np.where((ej > 0) & (ej < ei), CONFRONTATION, kind)
    kind = np.where((ej < 0) & (-ej < ei), COMPROMISE, kind)
    kind = np.where((ej < 0) & (-ej >= ei), CAPITULATION, kind)
    kind = np.where(offers, kind, NONE)
    xi, xj = x[:, :, None], x[:, None, :]
    share = np.where(kind == COMPROMISE, -ej / np.where(ei > 0, ei, 1.0), 1.0)
    to = np.clip(xj + (xi - xj) * share, lo[:, None, :], hi[:, None, :])  # (K, i, j): where j would go
    step = _linked(np.where(kind != NONE, np.abs(to - xj) / width[:, None, None], np.inf), link)
    step = np.where(step == 0, np.inf, step)  # an offer that cannot move it (its red line) is none
    # the smallest move; ties: the larger expected utility of the challenger, then scenario order
    tie = np.where(kind != NONE, -ei, np.inf)
    order = np.lexsort((np.broadcast_to(np.arange(P)[None, :, None], step.shape), tie, step), axis=1)
    best = order[:, 0, :]  # (K, j)
    k_, j_ = np.meshgrid(np.arange(K), np.arange(P), indexing="ij")
    moved = np.isfinite(step[k_, best, j_])
    return (
        np.where(moved, kind[k_, best, j_], NONE),
        np.where(moved, best, -1),
        np.where(moved, to[k_, best, j_], x),
    )


def play_round(x, c, s, width, lo, hi, v: Variant = Variant(), link: np.ndarray | None = None) -> Round:
    """One round on every issue (Scholz et al. 2011, appendix steps 2-11): votes and probabilities,
    expected utilities with r = 1, risk exponents from them, expected utilities again with those, the
    offers and the moves. ``link`` (K,) numbers the issues: issues with one number are one decision,
    where a pair's expected utilities are summed over its issues and the target moves on all of them
    together (negosim's option; the model treats issues one by one)."""
    K, P = x.shape
    w = weights(c, s)
    med, avg = median(x, w), mean(x, w)
    ref = med if v.reference == "median" else avg
    p = probability(x, w, width, v.probability)
    eu1 = expected_utility(x, s, p, np.ones((K, P)), ref, width, v)
    stake = s > 0
    r = risk(_linked(eu1, link), stake)
    eu = _linked(expected_utility(x, s, p, r, ref, width, v), link)
    apart = np.abs(x[:, :, None] - x[:, None, :]) > 1e-12
    offers = (eu > 0) & stake[:, :, None] & apart & ~np.eye(P, dtype=bool)[None]
    if link is not None:
        offers = _linked(offers.astype(float), link) > 0
    move, by, new = moves(x, eu, offers, lo, hi, width, link)
    return Round(med, avg, p, r, eu, offers, move, by, new, x)


def _linked(a: np.ndarray, link: np.ndarray | None) -> np.ndarray:
    """``a`` (K, ...) summed over the issues that share a link number, each issue given its group's sum."""
    if link is None:
        return a
    out = np.empty_like(a)
    for g in np.unique(link):
        at = link == g
        out[at] = a[at].sum(axis=0)
    return out
