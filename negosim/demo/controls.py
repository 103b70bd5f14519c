"""The demo's controls, generated from a scenario: each party's tactic and beta and reservation, each
red line's firmness, each pressure's stick and carrot (a threat's credibility and belief), the war's p
and costs, the rounds. Judged numbers come first, labelled with their ``assumed:`` text; a control's value
goes into a run as an override (``--set PATH=VALUE``), so the demo runs exactly what ``negosim run --set``
would."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from negosim.protocols import protocol_class
from negosim.scenario.models import Scenario
from negosim.strategies import STRATEGIES


@dataclass(frozen=True)
class Control:
    """One number or choice the demo lets a user change, as the override ``path`` = value."""

    path: str
    label: str
    value: Any
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    choices: tuple[str, ...] = ()  # a choice (a tactic) rather than a number
    integer: bool = False
    assumed: str | None = None  # the scenario's words for a judged number
    group: str = ""  # the actor's name, "the war", or "the talks"


def _condition(sc: Scenario, at: str, req, block, says: str, group: str) -> list[Control]:
    """The threshold of a condition on a continuous issue (a red line's ``unless``, an issue's ``opens_when``)."""
    if sc.issues[req.issue].kind != "continuous":
        return []
    lo, hi = sc.issues[req.issue].range
    key = at.rsplit(".", 1)[-1]
    return [Control(f"{at}.{field}", f"{says} {req.issue} is {words}", float(v),
                    *_plausible(block, f"{key}.{field}", lo, hi), (hi - lo) / 100, assumed=block.assumed, group=group)
            for field, words in (("at_least", "at least"), ("at_most", "at most"), ("equals", "exactly"))
            if (v := getattr(req, field)) is not None]  # fmt: skip


def _two_level(at: str, actor) -> list[Control]:
    """A principal's value of no deal (below it, it vetoes); a party's quota of principals, where it has several
    (docs/explanation/model.md, section 15)."""
    out = []
    if actor.role == "principal":
        out.append(Control(f"{at}.reservation", "value of no deal (it vetoes an agreement worth less)",
                           float(actor.reservation), *_plausible(actor, "reservation", 0.0, 1.0), 0.01,
                           assumed=actor.assumed, group=actor.name))  # fmt: skip
    if (rb := actor.ratified_by) is not None and len(rb.by) > 1:
        out.append(Control(f"{at}.ratified_by.quota", "principals who must ratify", rb.needed, 1, len(rb.by), 1,
                           integer=True, assumed=rb.assumed, group=actor.name))  # fmt: skip
    return out


def _spoils(at: str, actor) -> list[Control]:
    """A spoiler's chance of a strike; for a deal in sight, how near it must be (reach) and what no deal is worth
    to the spoiler (it attacks a deal worth less) (docs/explanation/model.md, section 7)."""
    out = []
    for n, sp in enumerate(actor.spoils):
        moment = "a deal in sight" if sp.near_deal else f"round {sp.when.round}"
        out.append(Control(f"{at}.spoils[{n}].chance", f"chance it strikes at {moment}", float(sp.chance),
                           *_plausible(sp, "chance", 0.0, 1.0), 0.01, assumed=sp.assumed,
                           group=actor.name))  # fmt: skip
        if sp.near_deal:
            out.append(Control(f"{at}.spoils[{n}].reach", "how near a deal must be to be in sight (reach)",
                               float(sp.reach), *_plausible(sp, "reach", 0.0, 0.5), 0.01, assumed=sp.assumed,
                               group=actor.name))  # fmt: skip
    if any(sp.near_deal for sp in actor.spoils):
        out.append(Control(f"{at}.reservation", "value of no deal (it attacks a deal worth less)",
                           float(actor.reservation), *_plausible(actor, "reservation", 0.0, 1.0), 0.01,
                           assumed=actor.assumed, group=actor.name))  # fmt: skip
    return out


def controls(sc: Scenario) -> list[Control]:
    """Every control of ``sc``: the judged numbers first (in file order), then the rest."""
    out: list[Control] = []
    for aid, actor in sc.actors.items():
        out += _actor(sc, aid, actor)
    out += _war(sc) + _agenda(sc) + _shocks(sc)
    out.append(Control("rounds", f"{sc.round_unit}s at most", sc.rounds, 1, max(2 * sc.rounds, 10), 1,
                       integer=True, group="the talks"))  # fmt: skip
    return [c for c in out if c.assumed] + [c for c in out if not c.assumed]


def _actor(sc: Scenario, aid: str, actor) -> list[Control]:
    """A party's tactic, beta and reservation (an eum stakeholder's data); a leaning mediator's lean; a principal's
    reservation and a party's quota of principals; each red line's firmness and what lifts it; each pressure's
    stick and carrot (a threat's credibility and belief)."""
    protocol = protocol_class(sc.protocol.name)
    at, who, out = f"actors.{aid}", actor.name, []
    if actor.role == "party" and protocol.tactics == ():  # a model without tactics (eum): its stakeholders' data
        out += _stakeholder(sc, aid)
    elif actor.role == "party":
        out += _party(actor, at, tuple(protocol.tactics or STRATEGIES))
    elif actor.role == "mediator" and actor.positions and _drafts_text(sc):  # a text leaning to its positions
        out.append(Control(f"{at}.lean", "lean of its text toward its own positions (0: the parties' Nash point)",
                           float(actor.lean), *_plausible(actor, "lean", 0.0, 1.0), 0.05, assumed=actor.assumed,
                           group=who))  # fmt: skip
    out += _two_level(at, actor) + _spoils(at, actor)
    for n, rl in enumerate(actor.red_lines):
        out.append(Control(f"{at}.red_lines[{n}].firmness", f"firmness of its red line on {rl.issue}",
                           float(rl.firmness), *_plausible(rl, "firmness", 0.0, 1.0), 0.01,
                           assumed=rl.assumed, group=who))  # fmt: skip
        if rl.unless is not None:
            words = f"its red line on {rl.issue} lifts when"
            out += _condition(sc, f"{at}.red_lines[{n}].unless", rl.unless, rl, words, who)
    for n, pr in enumerate(actor.pressure):
        out += _pressure(f"{at}.pressure[{n}]", pr, who)
    return out


def _pressure(at: str, pr, who: str) -> list[Control]:
    """A pressure's stick and carrot; a threat's stick, its credibility and the target's belief in it (its
    credibility where the scenario does not say)."""
    threat = pr.credibility is not None
    words = {"stick": f"{'threatened ' if threat else ''}stick on {pr.target}", "carrot": f"carrot on {pr.target}",
             "credibility": f"credibility of its threat against {pr.target} (chance it is carried out)",
             "believed": f"what {pr.target} believes of its threat (chance it is carried out)"}  # fmt: skip
    fields = ("stick", "credibility", "believed") if threat else ("stick", "carrot")
    values = {f: getattr(pr, f) for f in fields}
    if threat and pr.believed is None:
        values["believed"] = pr.credibility  # the target believes the threat's credibility unless said otherwise
    return [Control(f"{at}.{f}", words[f], float(values[f]),
                    *_plausible(pr, f, 0.0, 1.0), 0.01, assumed=pr.assumed, group=who) for f in fields]  # fmt: skip


def _war(sc: Scenario) -> list[Control]:
    """The war's p and each side's cost of a round."""
    if (war := sc.conflict) is None:
        return []
    out = [Control("conflict.p", "chance that side a wins a battle", float(war.p),
                   *_plausible(war, "p", 0.01, 0.99), 0.01, assumed=war.assumed, group="the war")]  # fmt: skip
    for aid, cost in war.cost_per_round.items():
        out.append(Control(f"conflict.cost_per_round.{aid}", f"{aid}'s cost of a {sc.round_unit} of war",
                           float(cost), *_plausible(war, f"cost_per_round.{aid}", 0.0, max(0.05, 3 * cost)),
                           0.001, assumed=war.assumed, group="the war"))  # fmt: skip
    return out


def _agenda(sc: Scenario) -> list[Control]:
    """What opens an issue kept off the agenda (on a continuous issue)."""
    return [c for iid, item in sc.agenda.items()
            for c in _condition(sc, f"agenda.{iid}.opens_when", item.opens_when, item, f"{iid} opens when",
                                "the agenda")]  # fmt: skip


def _shocks(sc: Scenario) -> list[Control]:
    """A demand that moves: where it moves to."""
    out = []
    for n, shock in enumerate(sc.shocks):
        if shock.kind == "position" and shock.ideal is not None:
            lo, hi = sc.issues[shock.issue].range
            out.append(Control(f"shocks[{n}].ideal", f"{shock.actor}'s new ideal on {shock.issue} ({sc.round_unit} "
                               f"{shock.round})", float(shock.ideal), *_plausible(shock, "ideal", lo, hi),
                               (hi - lo) / 100, assumed=shock.assumed, group="what happens on the way"))  # fmt: skip
    return out


def _drafts_text(sc: Scenario) -> bool:
    """Whether a mediator drafts a text in some round: under the scenario's protocol or one a shock changes to."""
    names = [sc.protocol.name, *(s.protocol for s in sc.shocks if s.kind == "protocol")]
    return any(protocol_class(name).has_text for name in names)


def _party(actor, at: str, tactics: tuple[str, ...]) -> list[Control]:
    """A party's tactic, its beta where the tactic has one, and its value of no deal."""
    st, who = actor.strategy, actor.name
    out = [Control(f"{at}.strategy.tactic", "tactic", st.tactic, choices=tactics, assumed=st.assumed, group=who)]
    if "beta" in type(st).model_fields:
        beta = float(st.beta)
        out.append(Control(f"{at}.strategy.beta", "beta (below 1 holds out, above 1 concedes early)", beta,
                           *_plausible(st, "beta", 0.05, max(5.0, beta)), 0.05, assumed=st.assumed,
                           group=who))  # fmt: skip
    out.append(Control(f"{at}.reservation", "value of no deal (reservation)", float(actor.reservation),
                       *_plausible(actor, "reservation", 0.0, 1.0), 0.01, assumed=actor.assumed,
                       group=who))  # fmt: skip
    return out


def _stakeholder(sc: Scenario, aid: str) -> list[Control]:
    """An actor's capability, and its position and salience on each issue (protocol eum)."""
    actor, at = sc.actors[aid], f"actors.{aid}"
    cap = float(actor.capability or 0.0)
    out = [Control(f"{at}.capability", "capability", cap, *_plausible(actor, "capability", 0.0, max(1.0, 2 * cap)),
                   0.01, assumed=actor.assumed, group=actor.name)]  # fmt: skip
    for iid, pos in actor.positions.items():
        lo, hi = sc.issues[iid].range
        out.append(Control(f"{at}.positions.{iid}.ideal", f"position on {iid}", float(pos.ideal),
                           *_plausible(pos, "ideal", lo, hi), (hi - lo) / 100, assumed=pos.assumed,
                           group=actor.name))  # fmt: skip
        out.append(
            Control(
                f"{at}.positions.{iid}.salience",
                f"salience of {iid}",
                float(pos.salience),
                *_plausible(pos, "salience", 0.0, 1.0),
                0.01,
                assumed=pos.assumed,
                group=actor.name,
            )
        )
    return out


def _plausible(block: Any, key: str, lo: float, hi: float) -> tuple[float, float]:
    """The block's plausible range for ``key`` widened to hold its default slider range."""
    given = block.plausible.get(key)
    return (min(lo, given[0]), max(hi, given[1])) if given else (lo, hi)


def overrides(cs: list[Control], values: dict[str, Any]) -> dict[str, Any]:
    """The overrides for the ``values`` a user set (path -> value) that differ from the scenario's; a beta
    is left out where the party's tactic changes to one without it."""
    changed = {c.path: values[c.path] for c in cs if c.path in values and values[c.path] != c.value}
    for path in [p for p in changed if p.endswith(".strategy.beta")]:
        tactic = changed.get(path.replace(".beta", ".tactic"))
        if tactic is not None and "beta" not in STRATEGIES[tactic].Params.model_fields:
            del changed[path]
    return changed
