"""What a scenario claims about each actor and the war, in words, with what each claim rests on.

One list for every reader: ``negosim explain`` prints it, report.html shows it, and a claim that
``checks.unsourced`` finds resting on nothing is marked (and refused by ``validate --strict``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from negosim.protocols import protocol_class
from negosim.scenario.checks import Loc, idle_positions, pressed_by, unsourced
from negosim.scenario.models import Actor, Issue, Scenario, Sourced
from negosim.words import and_list, count


@dataclass(frozen=True)
class Claim:
    """One claim: the section it belongs to, the claim in words, what it rests on, where it is in the file."""

    section: str  # "actor", "concedes", "wants", "red lines", "preconditions", "pressure", "hosting",
    # "ratification", "lean", "proposal", "spoiler", "agenda", "war", "shock"
    text: str
    basis: Sourced
    loc: Loc
    unsourced: bool = False  # neither evidence nor assumed, where the format wants one
    parts: tuple[str, ...] = ()  # the text's pieces where a table shows them: (name, role) of an actor,
    # (issue, wants, salience) of a position


def claims(sc: Scenario) -> dict[str, list[Claim]]:
    """Every actor's claims, by actor id, then the agenda's under ``"agenda"``, the war's under ``"conflict"``,
    what follows the deadline under ``"deadline"`` and the scheduled shocks' under ``"shocks"``, where there are
    any."""
    bare = {loc for loc, _ in unsourced(sc.raw)}
    out = {aid: _actor(sc, aid, actor, bare) for aid, actor in sc.actors.items()}
    if sc.conflict is not None:
        out["conflict"] = [_claim("war", _war(sc), sc.conflict, ("conflict",), bare)]
    if sc.deadline is not None and "then" in sc.deadline.model_fields_set:
        out["deadline"] = [_claim("deadline", deadline_words(sc), sc.deadline, ("deadline",), bare)]
    if sc.agenda:
        out["agenda"] = [
            _claim("agenda", agenda_words(sc, iid), item, ("agenda", iid), bare) for iid, item in sc.agenda.items()
        ]
    if sc.shocks:
        out["shocks"] = [_claim("shock", shock_words(sc, s), s, ("shocks", n), bare) for n, s in enumerate(sc.shocks)]
    return out


def _claim(section: str, text: str, basis: Sourced, loc: Loc, bare: set[Loc], parts: tuple[str, ...] = ()) -> Claim:
    return Claim(section, text, basis, loc, loc in bare, parts)


def _actor(sc: Scenario, aid: str, actor: Actor, bare: set[Loc]) -> list[Claim]:
    at = ("actors", aid)
    role = actor.role + (f", led by {actor.leader}" if actor.leader else "")
    role += f", capability {actor.capability:g}" if actor.capability is not None else ""
    out = [_claim("actor", f"{actor.name}: {role}", actor, at, bare, (actor.name, role))]
    if actor.role == "party" and protocol_class(sc.protocol.name).tactics != ():  # eum: no tactics
        out.append(_claim("concedes", _concedes(actor), actor.strategy, (*at, "strategy"), bare))
    out += _wants(sc, aid, actor, bare)
    for n, rl in enumerate(actor.red_lines):
        out.append(_claim("red lines", red_line_words(sc, aid, rl), rl, (*at, "red_lines", n), bare))
    for n, pc in enumerate(actor.preconditions):
        text = f"{_precondition(sc, pc)}; {firmness(sc, aid, pc.firmness, 'is waived')}"
        out.append(_claim("preconditions", text, pc, (*at, "preconditions", n), bare))
    for n, pr in enumerate(actor.pressure):
        out.append(_claim("pressure", pressure_words(sc, pr), pr, (*at, "pressure", n), bare))
    for n, r in enumerate(actor.refuses_to_discuss):
        issue = sc.issues[r.issue]
        stays = point(issue, issue.status_quo)
        text = f"will not discuss {issue.name}: off the agenda, it stays at its status quo ({stays})"
        out.append(_claim("agenda", text, r, (*at, "refuses_to_discuss", n), bare))
    if actor.hosting:
        text = (
            f"the venue adds up to {actor.hosting.bonus:g} to every party's weighing of "
            f"{sc.issues[actor.hosting.issue].name}"
        )
        out.append(_claim("hosting", text, actor.hosting, (*at, "hosting"), bare))
    if actor.lean > 0:
        out.append(_claim("lean", lean_words(actor.lean), actor, at, bare))
    for n, prop in enumerate(actor.proposals):
        out.append(_claim("proposal", proposal_words(sc, prop), prop, (*at, "proposals", n), bare))
    for n, spoil in enumerate(actor.spoils):
        out.append(_claim("spoiler", spoil_words(sc, actor, spoil), spoil, (*at, "spoils", n), bare))
    if (rb := actor.ratified_by) is not None:  # the string form rests on the party's own basis
        basis = rb if isinstance(sc.raw.get("actors", {}).get(aid, {}).get("ratified_by"), dict) else actor
        out.append(_claim("ratification", ratification_words(sc, rb), basis, (*at, "ratified_by"), bare))
    return out


def _wants(sc: Scenario, aid: str, actor: Actor, bare: set[Loc]) -> list[Claim]:
    """An actor's positions: what it wants on each issue, and how much the issue weighs for it."""
    idle, out = idle_positions(sc.raw).get(aid, []), []
    for iid, pos in actor.positions.items():
        issue = sc.issues[iid]
        if pos.ideal is not None:
            want = point(issue, pos.ideal)
        elif pos.values:
            want = ", ".join(f"{opt} {v:g}" for opt, v in pos.values.items())
        else:
            want = "no stated point"
        parts = (issue.name, want, f"{pos.salience:g}")
        idle_note = " (moves nothing: reported only)" if iid in idle else ""
        text = f"{issue.name}: {want}; salience {pos.salience:g}{idle_note}"
        out.append(_claim("wants", text, pos, ("actors", aid, "positions", iid), bare, parts))
    return out


def red_line_words(sc: Scenario, aid: str, rl, firm: bool = True) -> str:
    """A red line in words: its bounds, what lifts it, its firmness (``firm``: say it, as a line written
    does; a red_line shock's bounds say theirs only where it gives one)."""
    issue = sc.issues[rl.issue]
    bounds = [f"at least {point(issue, rl.min)}" if rl.min is not None else "",
              f"at most {point(issue, rl.max)}" if rl.max is not None else "",
              f"exactly {point(issue, rl.equals)}" if rl.equals is not None else "",
              f"never {', '.join(str(v) for v in rl.not_in)}" if rl.not_in else ""]  # fmt: skip
    unless = f" unless {_condition(sc, rl.unless)}" if getattr(rl, "unless", None) is not None else ""
    if not firm:
        f = f"; firmness {rl.firmness:g}" if rl.firmness is not None else ""
        return f"{' and '.join(b for b in bounds if b)}{f}"
    return f"{issue.name}: {' and '.join(b for b in bounds if b)}{unless}; {firmness(sc, aid, rl.firmness)}"


def ratification_words(sc: Scenario, rb) -> str:
    """Who must ratify a party's agreement, in words (docs/explanation/model.md, section 15)."""
    names = [sc.actors[p].name if p in sc.actors else p for p in rb.by]
    who = names[0] if len(names) == 1 else f"{rb.needed} of {and_list(names)}"
    after = "the talks end" if rb.on_veto == "end" else "the agreement is withdrawn and the talks go on"
    return f"an agreement it accepts must be ratified by {who}; after a veto {after}"


def lean_words(lean: float) -> str:
    """A mediator's lean in the model's terms (docs/explanation/model.md, section 7)."""
    return (
        f"its text leans toward its own positions: its gain weighs {lean:g} in the Nash product it maximises, "
        f"the parties' {1 - lean:g} (0: the parties' Nash point)"
    )


def proposal_words(sc: Scenario, prop) -> str:
    """A mediator's own package: ``round 3: tables enrichment 3.67, sanctions lifted; the rest as its text``."""
    what = ", ".join(f"{sc.issues[iid].name} {point(sc.issues[iid], v)}" for iid, v in prop.package.items())
    rest = "; the other issues as its text" if len(prop.package) < len(sc.issues) else ""
    return f"{sc.round_unit} {prop.round}: tables its own package, {what}{rest}"


def spoil_words(sc: Scenario, actor: Actor, spoil) -> str:
    """A spoiler's attack in words (docs/explanation/model.md, section 7): its moment, its chance, what it does."""
    if spoil.near_deal:
        moment = (f"once a deal worth less to it than no deal ({actor.reservation:g}) is in sight, every party "
                  f"within {spoil.reach:g} of accepting it")  # fmt: skip
    else:
        moment = f"in {sc.round_unit} {spoil.when.round}"
    if spoil.does in ("breakdown", "war"):
        does = {"breakdown": "the talks break down", "war": "the war begins (or resumes)"}[spoil.does]
    else:
        does = shock_words(sc, spoil.does).split(": ", 1)[1]
    said = f' ("{spoil.text}")' if spoil.text else ""
    return f"{moment}, it strikes with chance {spoil.chance:g} (else it holds back for good): {does}{said}"


def firmness(sc: Scenario, aid: str, f: float, gives: str = "gives way") -> str:
    """A firmness in words: who may press its holder and how much pressure it withstands on average
    (docs/explanation/model.md, section 3), or that it never acts because nobody presses the holder."""
    if f >= 1:
        return "firm (firmness 1)"
    pressers = [(sc.actors[who].name if who in sc.actors else who) + (f" {how}" if how else "")
                for who, how in pressed_by(sc.raw, aid)]  # fmt: skip
    if not pressers:
        return f"firmness {f:g}, but nobody presses {sc.actors[aid].name}: it holds as if firm"
    if f <= 0:
        return f"firmness 0: {gives} at the first pressure from {and_list(pressers)}"
    odds = f / (1 - f)
    return (
        f"firmness {f:g}: {gives} under pressure from {and_list(pressers)}, on average once the pressure it "
        f"has borne sums to {odds:.2g} (a stick of 0.1 for {count(math.ceil(10 * odds - 1e-9), sc.round_unit)}), "
        "sooner or later by its holder's resolve, drawn for each run"
    )


def pressure_words(sc: Scenario, pr) -> str:
    """A pressure in the model's units (docs/explanation/model.md, section 7)."""
    stick = "a threat to take" if pr.credibility is not None else "a stick that takes up to"
    parts = [f"{stick} {pr.stick:.0%} of its value of no deal" if pr.stick else "",
             f"a carrot that adds up to {pr.carrot:g} of its stake to any agreement" if pr.carrot else ""]  # fmt: skip
    build = f", built up over {count(pr.over, sc.round_unit)}" if pr.over > 1 else ", at full strength at once"
    what = " and ".join(p for p in parts if p) or "nothing"
    return f"on {sc.actors[pr.target].name}: {what}{build}{threat_words(sc, pr)}"


#: What carrying out a threat does, in words.
THREATENED = {"war": "the war begins", "breakdown": "the talks end in breakdown"}


def threat_words(sc: Scenario, pr) -> str:
    """A threat's credibility, the target's belief and when it falls due (model.md, section 7); "" for a pressure
    that is no threat: ``; a threat carried out with chance 0.4 (iran believes 0.1) when the talks fail: ...``."""
    if pr.credibility is None:
        return ""
    target = sc.actors[pr.target].name
    believed = f"{target} believes {pr.believed:g}" if pr.believed is not None else f"{target} believes as much"
    when = (
        f"in {sc.round_unit} {pr.ultimatum} if there is no agreement by then" if pr.ultimatum else "when the talks fail"
    )
    return (
        f"; a threat carried out with chance {pr.credibility:g} ({believed}, so the stick deters as "
        f"{pr.stick * (pr.believed if pr.believed is not None else pr.credibility):.0%}) {when}: {THREATENED[pr.then]}"
    )


def _concedes(actor: Actor) -> str:
    st = actor.strategy
    return f"{st.tactic} ({st.how()}); no deal is worth {actor.reservation:g} to it"


def _precondition(sc: Scenario, pc) -> str:
    if pc.require is None:
        held = "all issues" if pc.no_interim == "all" else ", ".join(sc.issues[i].name for i in pc.no_interim)
        return f"{pc.id}: no interim agreement on {held}"
    before = "all other issues" if pc.before == "all" else ", ".join(sc.issues[i].name for i in pc.before)
    how = " (agreed in principle, not settled on its own)" if pc.in_principle else ""
    return f"{pc.id}: {_condition(sc, pc.require)}{how} before {before}"


def _condition(sc: Scenario, req) -> str:
    """A requirement in words: ``inspections at least 0.8``."""
    issue = sc.issues[req.issue]
    need = " and ".join(
        f"{word} {point(issue, v)}"
        for word, v in (("at least", req.at_least), ("at most", req.at_most), ("exactly", req.equals))
        if v is not None
    )
    return f"{issue.name} {need}"


def agenda_words(sc: Scenario, iid: str) -> str:
    """An issue that opens only when a condition holds, in words."""
    issue = sc.issues[iid]
    return (f"{issue.name} is off the agenda, at its status quo ({point(issue, issue.status_quo)}), until the package "
            f"on the table meets {_condition(sc, sc.agenda[iid].opens_when)}")  # fmt: skip


def _war(sc: Scenario) -> str:
    war = sc.conflict
    sides = "; ".join(f"side {s}: {and_list([sc.actors[a].name for a in war.sides[s]])}" for s in ("a", "b"))
    costs = ", ".join(f"{sc.actors[a].name} {c:g}" for a, c in war.cost_per_round.items()) or "none"
    fronts = ", ".join(f"{sc.issues[i].name} by {step:g}" for i, step in war.contested.items()) or "nothing"
    return (
        f"{sides}; side a wins a battle with chance {war.p:g}; costs a round: {costs}; each battle moves "
        f"{fronts}; a side looks {count(war.horizon, sc.round_unit)} ahead"
        + (f"; it begins only in {sc.round_unit} {war.starts}" if war.starts is not None else "")
    )


#: What follows a deadline passed with no agreement, in words.
THEN = {
    "status_quo": "no agreement: each party keeps what no deal is worth to it",
    "breakdown": "the talks break down",
    "war": "the war begins",
}


def deadline_words(sc: Scenario) -> str:
    """``after 12 weeks with no agreement: the war begins``."""
    return f"after {count(sc.rounds, sc.round_unit)} with no agreement: {THEN[sc.deadline.then]}"


def shock_words(sc: Scenario, shock) -> str:
    """A scheduled shock in words: ``week 6: iran's position on enrichment moves to 0 ("no enrichment")``."""
    who = sc.actors[shock.actor].name if shock.actor in sc.actors else shock.actor
    issue = sc.issues.get(shock.issue) if shock.issue else None
    if shock.kind == "battle":
        what = f"side {shock.winner} wins a battle"
    elif shock.kind == "firmness":
        line = f"precondition {shock.precondition}" if shock.precondition else f"red line on {issue.name}"
        what = f"{who}'s {line} takes firmness {shock.firmness:g}"
    elif shock.kind == "salience":
        what = f"{who}'s salience of {issue.name} becomes {shock.salience:g}"
    elif shock.kind == "pressure":
        what = f"{who} presses {sc.actors[shock.target].name}: " + ", ".join(
            f"{k} {getattr(shock, k):g}" for k in ("stick", "carrot", "over") if getattr(shock, k) is not None
        )
    elif shock.kind == "mediator":
        what = f"{who} {'comes to the table' if shock.present else 'leaves the table'}"
    elif shock.kind == "protocol":
        what = f"the talks change format: {protocol_class(shock.protocol).words}"
    elif shock.kind in ("breakdown", "war"):
        what = ending_words(sc, shock)
    elif shock.kind == "red_line":
        what = f"{who}'s red line on {issue.name} becomes: {red_line_words(sc, shock.actor, shock, firm=False)}"
    elif shock.ideal is not None:
        written = sc.actors[shock.actor].positions[shock.issue].ideal
        what = f"{who}'s position on {issue.name} moves from {point(issue, written)} to {point(issue, shock.ideal)}"
    else:
        wants = ", ".join(f"{o} {v:g}" for o, v in shock.values.items())
        what = f"{who}'s position on {issue.name} becomes {wants}"
    said = f' ("{shock.text}")' if shock.text else ""
    return f"{sc.round_unit} {shock.round}: {what}{said}"


def ending_words(sc: Scenario, shock) -> str:
    """A breakdown shock or a war shock in words: ``the talks break down: Israel strikes Iranian nuclear sites``."""
    if shock.kind == "war":
        return "the war begins (or resumes)" if shock.action == "start" else "the war stops: a ceasefire"
    who = f"{sc.actors[shock.actor].name} walks out" if shock.actor in sc.actors else "the talks break down"
    return f"{who}: {shock.cause}"


def point(issue: Issue, value: float | str) -> str:
    """A value with its label where the scenario names it."""
    if isinstance(value, str) or issue.kind == "discrete":
        return str(value)
    label = issue.labels.get(float(value))
    return f"{value:g}" + (f' ("{label}")' if label else "")
