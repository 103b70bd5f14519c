"""``negosim explain``: every claim of a scenario with its quote or its assumption, in plain text."""

from __future__ import annotations

import textwrap

from negosim.protocols import Protocol, protocol_class
from negosim.scenario.claims import Claim, claims
from negosim.scenario.models import Scenario
from negosim.words import count

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
    how = filter(None, (protocol_class(sc.protocol.name).words, Protocol.rule_words(sc.protocol)))
    out += _wrap(
        f"Talks: {', '.join(how)}, "
        f"at most {count(sc.rounds, sc.round_unit)}; issues: "
        + "; ".join(f"{i.name} [{iid}]" for iid, i in sc.issues.items()),
        "",
    )
    out += ["", 'Lines marked "source" quote the sources; lines marked "judged" are the modeller\'s assumptions.', ""]
    everything = claims(sc)
    for aid in sc.actors:
        out += _actor(everything[aid])
    for key, heading in (("agenda", "The agenda"), ("conflict", "The war around the talks"),
                         ("deadline", "When the deadline passes"), ("shocks", "What happens on the way")):  # fmt: skip
        if key in everything:
            out += [heading, "-" * len(heading)]
            for claim in everything[key]:
                out += _wrap(claim.text, "  ") + _basis(claim, "    ")
            out.append("")
    return "\n".join(out) + "\n"


#: How each section of an actor's claims is headed; an item of a headed section is indented below it.
HEADINGS = {"wants": "Wants", "red lines": "Red lines", "preconditions": "Preconditions", "pressure": "Pressure",
            "hosting": "Hosting", "agenda": "Off the agenda", "ratification": "Ratification", "lean": "Leans",
            "proposal": "Tables its own proposals", "spoiler": "Spoils the talks"}  # fmt: skip


def _actor(items: list[Claim]) -> list[str]:
    name, role = items[0].parts
    head = f"{name} [{items[0].loc[-1]}]: {role}"
    out = [head, "-" * len(head), *_basis(items[0], "  ")]
    section = None
    for claim in items[1:]:
        if claim.section == "concedes":
            out += _wrap(f"Concedes: {claim.text}", "  ") + _basis(claim, "    ")
            continue
        if claim.section != section:
            section = claim.section
            out.append(f"  {HEADINGS[section]}")
        out += _wrap(claim.text, "    ") + _basis(claim, "      ")
    out.append("")
    return out


def _basis(claim: Claim, indent: str) -> list[str]:
    out = []
    for ev in claim.basis.evidence:
        out += _wrap(f"source  \u201c{ev.quote}\u201d ({ev.source})", indent)
    if claim.basis.assumed:
        out += _wrap(f"judged  {claim.basis.assumed}", indent)
    if claim.basis.plausible:
        ranges = "; ".join(f"{key} {lo:g} to {hi:g}" for key, (lo, hi) in claim.basis.plausible.items())
        out += _wrap(f"plausible  {ranges}", indent, hang=11)
    if claim.unsourced:
        out.append(f"{indent}UNSOURCED: neither a quote nor a stated assumption")
    return out


def _wrap(text: str, indent: str, hang: int = 8) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + " " * hang) or [indent]
