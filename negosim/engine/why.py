"""Why the talks ended as they did: a few sentences read off a run's record (its events, its red lines as
they stood, the values of no deal at the end), for the terminal, summary.json, the report and the demo.

- a stalemate or a breakdown: the event that ended the talks says it;
- no agreement at the deadline: the mediator's reason for drafting no text, or the red lines that leave
  no common value on an issue (as they stood at the end), or no package worth more than no deal to every
  party, or, where a deal existed, that the offers had not met when the rounds ran out;
- an agreement: what made it possible (preconditions waived, red lines worn away, pressure that lowered
  a party's value of no deal), or that it lay inside every red line as first written.

``nash_why`` and ``durable_why`` say why summary.json's ``nash`` is null and ``durable`` false.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from negosim.numeric import EPS
from negosim.space import joint_best
from negosim.words import and_list, count

if TYPE_CHECKING:
    from negosim.engine.result import RunResult


def reasons(res: RunResult) -> list[str]:
    """Why the talks ended as they did, most telling first; [] while they run. A change of format (a protocol
    shock) is said last: the talks ended under another protocol than the scenario's."""
    if res.outcome == "running":
        return []
    unit = res.scenario.round_unit
    formats = [f"in {unit} {e.round} {e.change}" for e in res.events if e.kind == "shock" and e.what == "protocol"]
    return (
        _reasons(res)
        + _spoilers(res)
        + _ratification(res)
        + _deadline_then(res)
        + _threats(res)
        + formats
        + _agenda(res)
        + _in_principle(res)
    )


def _in_principle(res: RunResult) -> list[str]:
    """Preconditions met by agreement in principle, where the whole package then failed: nothing is settled."""
    if res.agreement is not None:
        return []
    unit = res.scenario.round_unit
    return [f"{e.actor}'s {e.precondition} was met in principle in {unit} {e.round} ({e.in_principle}); with no "
            "agreement on the whole package, nothing is settled" for e in res.events if e.kind == "met" and
            e.in_principle]  # fmt: skip


def _spoilers(res: RunResult) -> list[str]:
    """Each spoiler's moment: whether it struck or held back, and why its moment came (model.md, section 7)."""
    unit = res.scenario.round_unit
    return [f"in {unit} {e.round} {e.actor} {'struck' if e.struck else 'held back'} (chance {e.chance:g}): {e.why}"
            for e in res.events if e.kind == "spoil"]  # fmt: skip


def _threats(res: RunResult) -> list[str]:
    """Each threat that fell due: carried out (and what followed) or not, with its credibility (model.md, s. 7)."""
    unit = res.scenario.round_unit
    return [
        f"in {unit} {e.round} {e.actor} carried out its threat against {e.target} (credibility {e.credibility:g}): "
        f"{e.result}"
        if e.carried_out
        else f"in {unit} {e.round} {e.actor}'s threat against {e.target} ({e.then}) was not carried out (credibility "
        f"{e.credibility:g})"
        for e in res.events
        if e.kind == "threat"
    ]


def _agenda(res: RunResult) -> list[str]:
    """The issues that stayed off the agenda (and why), and those that came onto it on the way."""
    unit = res.scenario.round_unit
    off = {e.issue: e for e in res.events if e.kind == "off_agenda"}
    out = [f"{iid} never came onto the agenda ({off[iid].why}): it stays at its status quo, {off[iid].stays}"
           for iid in res.off_agenda if iid in off]  # fmt: skip
    return out + [f"{e.issue} came onto the agenda after {unit} {e.round}: {e.value} on the table met {e.condition}"
                  for e in res.events if e.kind == "opened"]  # fmt: skip


def _deadline_then(res: RunResult) -> list[str]:
    """What followed the deadline where the scenario says (a breakdown says so as the talks' ending), and the
    wars that began or stopped on the way."""
    unit = res.scenario.round_unit
    wars = [f"in {unit} {e.round} {e.change}" for e in res.events if e.kind == "shock" and e.what == "war"]
    if res.deadline_then == "war":
        return [*wars[:-1], "the deadline passed with no agreement, and the war begins (the scenario's deadline: "
                "then: war)"]  # fmt: skip
    return wars


def _ratification(res: RunResult) -> list[str]:
    """The vetoes on the way (one that ended the talks is the ending's own reason), and who ratified the
    agreement (docs/explanation/model.md, section 15)."""
    unit = res.scenario.round_unit
    out = [f"in {unit} {e.round} {e.text}" for e in res.events if e.kind == "veto" and not e.end]
    if res.agreement is not None:
        out += [f"{e.actor} ratified it" for e in res.events if e.kind == "ratify" and e.round == res.round]
    return out


def _reasons(res: RunResult) -> list[str]:
    if (own := res.protocol.why(res)) is not None:
        return own
    if res.outcome in ("stalemate", "breakdown"):
        ended = [e.text for e in res.events if e.kind == res.outcome or (e.kind == "veto" and e.end and e.withdrawn)]
        return ended[-1:] + _made_possible(res, waivers_only=True)
    walked = [f"{e.actor} walked out ({res.scenario.round_unit} {e.round}); the others went on under the quota"
              for e in res.events if e.kind == "breakdown"]  # fmt: skip
    if res.agreement is not None:
        met = "the parties accepted the mediator's text" if res.protocol.has_text else "the parties' offers met"
        agreed = next((e.round for e in res.events if e.kind == "agreement"), None)
        if any(e.kind == "proposal" and e.round == agreed for e in res.events):
            met = f"the parties accepted the mediator's own proposal ({res.scenario.round_unit} {agreed})"
        outvoted = _outvoted(res)
        lifted = [f"{e.actor}'s red line {e.line} did not bind: the agreement meets {e.condition}"
                  for e in res.events if e.kind == "lifted"]  # fmt: skip
        plain = [] if outvoted else [f"{met} inside every red line as first written, no pressure needed"]
        return walked + outvoted + lifted + (_made_possible(res) or plain)
    out = []
    if res.outcome == "partial":
        done = [res.space.issues[k] for k in res.interim_issues()]
        out.append(f"{and_list(done)} settled on {'its' if len(done) == 1 else 'their'} own; the rest never was")
    return out + walked + _no_deal(res)


def _quota(res: RunResult) -> str | None:
    """The decision rule in words where it is not unanimity: "a 0.6 quota"."""
    rule = res.scenario.protocol
    return None if rule.quota >= 1 and not rule.weights else f"a {rule.quota:g} quota"


def _outvoted(res: RunResult) -> list[str]:
    """Parties a quota bound to an agreement that crosses their red lines as they stood, or gives them less
    than no deal was worth to them at the end."""
    if (quota := _quota(res)) is None:
        return []
    s, x = res.space, res.agreement
    lo, hi, allowed = (a[-1] for a in res.bounds) if res.bounds is not None else _written(s)
    batna = s.reservation if res.batna is None else res.batna
    u = s.utility(x)
    out = []
    for p, a in enumerate(s.parties):
        inside = all(allowed[p, k, int(x[k])] if s.discrete[k] else lo[p, k] - EPS <= x[k] <= hi[p, k] + EPS
                     for k in range(s.n_issues))  # fmt: skip
        inside &= all(bool(s.holds(c, x)) for c in s.conditional if c.actor == a)  # its conditional lines, as written
        if not inside or u[a] + _carrots(res)[a] < batna[a] - EPS:
            out.append(s.actors[a])
    return [f"agreed by {quota} over the objection of {and_list(out)}"] if out else []


def _no_deal(res: RunResult) -> list[str]:
    """What kept a whole package from being agreed by the deadline."""
    unit = res.scenario.round_unit
    for e in reversed(res.events):
        if e.kind in ("text", "proposal"):
            break
        if e.kind == "no_text":
            return [e.text]
        if e.kind == "shock" and e.what == "mediator" and " leaves the table" in e.change and res.protocol.has_text:
            return [f"{e.actor} left the table in {unit} {e.round}, and no mediator's text was on the table after"]
    if (quota := _quota(res)) is not None:  # a coalition may carry a package: who objects is not the question
        return [f"no package won {quota} of the parties' votes before the {count(res.scenario.rounds, unit)} ran out"]
    s = res.space
    lo, hi, allowed = (a[-1] for a in res.bounds) if res.bounds is not None else _written(s)
    open_ = np.isnan(res.interim) if res.interim is not None else np.ones(s.n_issues, dtype=bool)
    batna = (s.reservation if res.batna is None else res.batna) - _carrots(res)  # a carrot makes any deal worth more
    apart = _apart(res, (lo, hi, allowed), batna, open_, "as they stood at the end", "no deal is worth to it")
    if apart:
        return apart
    gap = res.distance[-1] if len(res.distance) else float("nan")
    far = f" (their last offers {gap:.2f} apart)" if gap == gap else ""
    return [f"a package inside every red line that each party prefers to no deal existed, but the offers had not "
            f"met when the {count(res.scenario.rounds, res.scenario.round_unit)} ran out{far}: the parties conceded "
            "too slowly for the time they had"]  # fmt: skip


def _carrots(res: RunResult) -> np.ndarray:
    """(A,) what the carrots added to any agreement for each actor in the run's last round."""
    out = np.zeros(len(res.space.actors))
    for e in res.events:
        if e.kind == "press" and e.round == res.round:
            out[res.space.actors.index(e.target)] += e.carrot
    return out


def _written(s) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    p = s.parties
    return s.lo[p], s.hi[p], s.allowed[p]


def _apart(res: RunResult, bounds, no_deal: np.ndarray, issues: np.ndarray, when: str, worth: str) -> list[str]:
    """What leaves no package every party prefers to ``no_deal`` (A,) inside the parties' red lines ``bounds``
    ((P, K) lo, hi; (P, K, O) allowed): lines that leave no common value on one of ``issues``, a party whose
    best inside everyone's lines is worth less than ``worth``, or no one package for all at once; [] if there is."""
    from dataclasses import replace

    from negosim.analysis.points import nash_point

    s, parties = res.space, res.space.parties
    lo, hi, allowed = bounds
    clashes = [c for k in np.flatnonzero(issues) if (c := _clash(res, int(k), lo, hi, allowed, when))]
    if clashes:
        return clashes
    full = [a.copy() for a in (s.lo, s.hi, s.allowed)]
    for a, b in zip(full, (lo, hi, allowed), strict=True):
        a[parties] = b
    then = replace(s, lo=full[0], hi=full[1], allowed=full[2], reservation=np.asarray(no_deal, dtype=float).copy())
    best = joint_best(then, parties)[parties]
    short = no_deal[parties] - best
    if short.max() > -EPS:
        p = int(np.argmax(short))
        return [f"no package inside every party's red lines {when} gives {s.actors[parties[p]]} more than {worth}: "
                f"at most {best[p]:.2f} against {no_deal[parties[p]]:.2f}"]  # fmt: skip
    if nash_point(then) is None:
        return [f"inside every party's red lines {when} no one package gives every party more than {worth}, "
                "though each could get more on its own"]  # fmt: skip
    return []


def _clash(res: RunResult, k: int, lo: np.ndarray, hi: np.ndarray, allowed: np.ndarray, when: str) -> str | None:
    """The parties' red lines on issue ``k``, where they leave no common value."""
    s, names = res.space, [res.space.actors[a] for a in res.space.parties]
    if s.discrete[k]:
        n = len(s.options[k])
        if allowed[:, k, :n].all(axis=0).any():
            return None
        held = [f"{names[p]}'s ({', '.join(o for o, ok in zip(s.options[k], allowed[p, k, :n], strict=True) if ok)})"
                for p in range(len(names)) if not allowed[p, k, :n].all()]  # fmt: skip
        return f"on {s.issues[k]} no option lies inside every party's red lines {when}: only {' and '.join(held)}"
    top, bottom = int(np.argmax(lo[:, k])), int(np.argmin(hi[:, k]))
    if lo[top, k] <= hi[bottom, k] + EPS:
        return None
    worn = when != "as first written"
    lines = [f"{names[p]}'s {s.bound_text(k, lo[p, k], hi[p, k])}{_worn(res, names[p], s.issues[k]) if worn else ''}"
             for p in (top, bottom)]  # fmt: skip
    return f"on {s.issues[k]} the red lines {when} leave no common value: {' and '.join(lines)}"


def _worn(res: RunResult, actor: str, issue: str) -> str:
    """`` (worn from crimea <= 0.50)`` where ``actor``'s line on ``issue`` moved during the run."""
    rl = next((r for r in res.red_lines if r["actor"] == actor and r["issue"] == issue), None)
    return f" (worn from {rl['from']})" if rl else ""


def _made_possible(res: RunResult, waivers_only: bool = False) -> list[str]:
    """What leverage did in the run: preconditions waived, red lines worn, values of no deal lowered, agreements
    made worth more."""
    unit = res.scenario.round_unit
    out = [f"{e.actor} waived {e.precondition} under pressure from {and_list(list(e.pressers))} ({unit} {e.round})"
           for e in res.events if e.kind == "waive"]  # fmt: skip
    return out if waivers_only else out + _worn_lines(res) + _leverage(res)


def _worn_lines(res: RunResult) -> list[str]:
    """Each red line that moved, from where to where, and who wore it (the war named as such)."""
    pressers: dict[tuple[str, str], list[str]] = {}
    for e in (e for e in res.events if e.kind == "erode"):
        for change in e.changes:
            seen = pressers.setdefault((e.actor, change.split()[0]), [])
            if (who := f"{e.presser}'s war" if e.war else e.presser) not in seen:
                seen.append(who)
    out = []
    for rl in res.red_lines:
        by = pressers.get((rl["actor"], rl["issue"]), [])
        how = "entirely" if rl["to"].endswith(" anything") else f"to {rl['to']}"
        out.append(f"{rl['actor']}'s red line {rl['from']} gave way {how}"
                   + (f" under pressure from {and_list(by)}" if by else ""))  # fmt: skip
    return out


def _leverage(res: RunResult) -> list[str]:
    """Each presser's largest stick and carrot on each target over the run."""
    most: dict[tuple[str, str, str], float] = {}
    for e in (e for e in res.events if e.kind == "press"):
        for what, amount in (("stick", e.stick), ("carrot", e.carrot)):
            if amount > 0:
                most[what, e.actor, e.target] = max(most.get((what, e.actor, e.target), 0.0), amount)
    said = {"stick": "{src}'s stick took up to {v:.0%} of what no deal was worth to {tgt}",
            "carrot": "{src}'s carrot added up to {v:.2f} to what any agreement was worth to {tgt}"}  # fmt: skip
    return [said[what].format(src=src, tgt=tgt, v=v) for what in said for (w, src, tgt), v in most.items() if w == what]


def nash_why(res: RunResult) -> str | None:
    """Why summary.json has no Nash point, where it has none."""
    if not res.analysis or res.nash_point() is not None:
        return None
    s = res.space
    apart = _apart(
        res, _written(s), s.reservation, np.ones(s.n_issues, dtype=bool), "as first written", "its reservation"
    )
    return "; ".join(apart) or "no package gives every party more than its reservation (the search found none)"


def durable_why(res: RunResult) -> str | None:
    """Why the agreement is not durable (it would not hold once the leverage is gone), where it is not."""
    if res.durable() is not False:
        return None
    s, x = res.space, res.agreement
    for a in s.parties:
        if (line := s.crossed_line(a, x)) is not None:
            return f"it crosses {s.actors[a]}'s red line {line} as first written"
    u = s.utility(x)
    a = int(min(s.parties, key=lambda a: u[a] - s.reservation[a]))
    return (f"it is worth {u[a]:.2f} to {s.actors[a]}, less than no deal was worth to it before any pressure "
            f"({s.reservation[a]:.2f}): it holds only while the leverage does")  # fmt: skip
