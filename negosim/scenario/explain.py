"""``negosim explain``: every claim of a scenario with its quote or its assumption, in plain text."""

from __future__ import annotations

import textwrap

from negosim.scenario.models import Actor, Issue, Scenario, Sourced

WIDTH = 100


def explain(sc: Scenario) -> str:
    """The scenario as a reader's brief: per actor, what it wants and what that rests on."""
    out = [sc.name, "=" * len(sc.name)]
    if sc.description:
        out += _wrap(sc.description, "", hang=0)
    out.append("")
    for sid, src in sc.sources.items():
        when = f", {src.published}" if src.published else ""
        out += _wrap(
            f'Source {sid}: "{src.title}"{when}' + (f" ({src.path or src.url})" if src.path or src.url else ""), ""
        )
    out += _wrap(
        f"Talks: {sc.protocol} offers, at most {sc.rounds} {sc.round_unit}s; issues: "
        + "; ".join(f"{i.name} [{iid}]" for iid, i in sc.issues.items()),
        "",
    )
    out += ["", 'Lines marked "source" quote the sources; lines marked "judged" are the modeller\'s assumptions.', ""]
    for aid, actor in sc.actors.items():
        out += _actor(sc, aid, actor)
    return "\n".join(out) + "\n"


def _actor(sc: Scenario, aid: str, actor: Actor) -> list[str]:
    head = f"{actor.name} [{aid}]: {actor.role}" + (f", led by {actor.leader}" if actor.leader else "")
    out = [head, "-" * len(head)]
    out += _basis(actor, "  ", required=False)
    if actor.role == "party":
        st = actor.strategy
        if st.tactic == "rubinstein":
            how = f"discount {st.discount:g} per round"
        elif st.tactic == "hardliner":
            how = "never concedes"
        else:
            how = f"beta {st.beta_value:g}" + (f", {st.form}" if st.form != "polynomial" else "")
        out += _wrap(f"Concedes: {st.tactic} ({how}); no deal is worth {actor.reservation:g} to it", "  ")
        out += _basis(st, "    ", required=False)
    if actor.positions:
        out.append("  Wants")
    for iid, pos in actor.positions.items():
        issue = sc.issues[iid]
        if pos.ideal is not None:
            want = _point(issue, pos.ideal)
        elif pos.values:
            want = ", ".join(f"{opt} {v:g}" for opt, v in pos.values.items())
        else:
            want = "no stated point"
        out += _wrap(f"{issue.name}: {want}; salience {pos.salience:g}", "    ")
        out += _basis(pos, "      ")
    if actor.red_lines:
        out.append("  Red lines")
    for rl in actor.red_lines:
        issue = sc.issues[rl.issue]
        bounds = [f"at least {_point(issue, rl.min)}" if rl.min is not None else "",
                  f"at most {_point(issue, rl.max)}" if rl.max is not None else "",
                  f"exactly {_point(issue, rl.equals)}" if rl.equals is not None else "",
                  f"never {', '.join(str(v) for v in rl.not_in)}" if rl.not_in else ""]  # fmt: skip
        erodes = " (erodes under pressure)" if rl.firmness < 1 else ""
        out += _wrap(f"{issue.name}: {' and '.join(b for b in bounds if b)}; firmness {rl.firmness:g}{erodes}", "    ")
        out += _basis(rl, "      ")
    if actor.preconditions:
        out.append("  Preconditions")
    for pc in actor.preconditions:
        if pc.require is None:
            held = "all issues" if pc.no_interim == "all" else ", ".join(sc.issues[i].name for i in pc.no_interim)
            out += _wrap(f"{pc.id}: no interim agreement on {held}; firmness {pc.firmness:g}", "    ")
            out += _basis(pc, "      ")
            continue
        req, issue = pc.require, sc.issues[pc.require.issue]
        need = " and ".join(
            f"{word} {_point(issue, v)}"
            for word, v in (("at least", req.at_least), ("at most", req.at_most), ("exactly", req.equals))
            if v is not None
        )
        before = "all other issues" if pc.before == "all" else ", ".join(sc.issues[i].name for i in pc.before)
        out += _wrap(f"{pc.id}: {issue.name} {need} before {before}; firmness {pc.firmness:g}", "    ")
        out += _basis(pc, "      ")
    if actor.hosting:
        out += _wrap(
            f"  Hosting: the venue adds up to {actor.hosting.bonus:g} to every party's weighing of "
            f"{sc.issues[actor.hosting.issue].name}",
            "",
        )
        out += _basis(actor.hosting, "      ")
    if actor.pressure:
        out.append("  Pressure")
    for pr in actor.pressure:
        out += _wrap(
            f"on {sc.actors[pr.target].name}: stick {pr.stick:g} a round (lowers its value of no deal), "
            f"carrot {pr.carrot:g} (adds to its value of agreeing)",
            "    ",
        )
        out += _basis(pr, "      ")
    out.append("")
    return out


def _point(issue: Issue, value: float | str) -> str:
    """A value with its label where the scenario names it."""
    if isinstance(value, str) or issue.kind == "discrete":
        return str(value)
    label = issue.labels.get(float(value))
    return f"{value:g}" + (f' ("{label}")' if label else "")


def _basis(item: Sourced, indent: str, required: bool = True) -> list[str]:
    out = []
    for ev in item.evidence:
        out += _wrap(f"source  \u201c{ev.quote}\u201d ({ev.source})", indent)
    if item.assumed:
        out += _wrap(f"judged  {item.assumed}", indent)
    if required and not item.evidence and not item.assumed:
        out.append(f"{indent}UNSOURCED: neither a quote nor a stated assumption")
    return out


def _wrap(text: str, indent: str, hang: int = 8) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + " " * hang) or [indent]
