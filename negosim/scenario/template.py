"""``negosim new``: a commented scenario template that validates as it is."""

from __future__ import annotations

from negosim.errors import NegosimError, Problem
from negosim.protocols import DEFAULT_PROTOCOL, PROTOCOLS
from negosim.scenario.checks import ID


def template(name: str, actors: list[str], issues: list[str]) -> str:
    """A scenario skeleton with two or more parties on the given issues, every field explained."""
    bad = [f'"{i}"' for i in [*actors, *issues] if not ID.match(i)]
    if bad:
        raise NegosimError(
            [Problem(f"ids must start with a letter and hold only letters, digits, _ and -: {', '.join(bad)}")]
        )
    if len(actors) < 2 or len(set(actors)) != len(actors) or not issues or len(set(issues)) != len(issues):
        raise NegosimError([Problem("need at least two distinct actors and one issue, without repeats")])
    lines = [
        "# yaml-language-server: $schema=negosim.schema.json",
        f"# {name}: a negosim scenario. Fill it in from your sources; `negosim validate` checks it.",
        "# Tie every claim to a verbatim quote (evidence) or say what is judgement (assumed).",
        "negosim: 1",
        f"name: {_quote(name)}",
        "description: What the talks are about, in one or two sentences.",
        "rounds: 20               # the deadline, in rounds",
        "round_unit: round        # what a round stands for: day, week, ...",
        f"protocol: {DEFAULT_PROTOCOL}    # {' | '.join(PROTOCOLS)} (a mediator's text needs a role: mediator actor)",
        "",
        "sources: {}",
        "# sources:",
        '#   article: {title: "...", published: 2025-05-12, path: sources/article.txt}',
        "",
        "issues:",
    ]
    for iid in issues:
        lines += [
            f"  {iid}:",
            f"    name: {_quote(iid.replace('_', ' ').capitalize())}",
            "    range: [0, 1]          # or kind: discrete with options: [...]",
            '    labels: {0: "what 0 means", 1: "what 1 means"}',
        ]
    lines += ["", "actors:"]
    for n, aid in enumerate(actors):
        ideal = n % 2  # parties start at opposite ends, so there is something to negotiate
        lines += [
            f"  {aid}:",
            f"    name: {_quote(aid.replace('_', ' ').capitalize())}",
            "    role: party            # party | mediator | host | observer | principal",
            '    strategy: {tactic: boulware, beta: 0.5, assumed: "placeholder: how it concedes, and why"}',
            "    # tactics: boulware (holds out), linear, conceder (gives early), tit-for-tat, zeuthen, ...",
            "    reservation: 0.0       # utility of no agreement (0-1); never accepts less",
            "    positions:",
        ]
        lines += [
            f'      {iid}: {{ideal: {ideal}, salience: 1, assumed: "placeholder: replace with the stated position"}}'
            for iid in issues
        ]
        lines += [
            "    red_lines: []",
            f'    # red_lines: [{{issue: {issues[0]}, max: 0.5, evidence: [{{source: article, quote: "..."}}]}}]',
        ]
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
