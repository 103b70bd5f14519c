"""GENIUS domains and profiles to a negosim scenario, and back (``negosim import-genius``,
``negosim export-genius``). A profile's weights become the saliences, its per-issue values (GENIUS's
evaluations over the issue's largest) the ``values`` tables, its reservation value the actor's
``reservation`` and its discount factor the actor's ``discount``. What GENIUS files do not hold
(rounds, protocol, tactics) is negosim's choice, and the scenario says so.

``import(export(x)) == x`` for a scenario that GENIUS can hold: discrete issues, parties whose best
value on each issue is 1 (GENIUS rescales every issue by its best), no red lines, preconditions,
pressure, war or third parties.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from negosim.errors import Problem
from negosim.genius.files import WEIGHT_TOLERANCE, Domain, GeniusError, Profile, read_domain, read_profile

#: What an imported scenario runs with, where GENIUS's files say nothing.
ROUNDS, TACTIC = 100, "boulware"


def slug(name: str, taken: set[str]) -> str:
    """An id for ``name`` (letters, digits, ``_``; starts with a letter), not one of ``taken``."""
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "x"
    base = base if base[0].isalpha() else f"i_{base}"
    out, n = base, 2
    while out in taken:
        out, n = f"{base}_{n}", n + 1
    taken.add(out)
    return out


def read(domain_file: str | Path, profile_files: list[str | Path]) -> tuple[Domain, list[Profile]]:
    """The domain and its profiles, every profile checked against the domain (all problems at once)."""
    domain = read_domain(domain_file)
    profiles, problems = [], []
    for f in profile_files:
        try:
            profiles.append(read_profile(f, domain))
        except GeniusError as exc:
            problems += exc.problems
    if len(profile_files) < 2:
        problems.append(Problem("a negotiation needs at least two profiles, one per party", file=str(domain_file)))
    if problems:
        raise GeniusError(problems)
    return domain, profiles


def scenario_text(domain: Domain, profiles: list[Profile]) -> str:
    """The scenario as YAML text, commented with where each number came from."""
    q = json.dumps  # a JSON string is a YAML double-quoted scalar
    ids: set[str] = set()
    issue_ids = [slug(i.name, ids) for i in domain.issues]
    actors: set[str] = set()
    actor_ids = [slug(p.name, actors) for p in profiles]
    files = ", ".join(Path(p.file).name for p in profiles)
    names = ", ".join(p.name for p in profiles)
    out = [
        f"# Imported from GENIUS by negosim import-genius: the domain {Path(domain.file).name}, the profiles {files}.",
        "# Each issue's evaluations are divided by the issue's largest, as GENIUS does (GeniusWeb's value",
        "# utilities are taken as written); a profile's weights are the saliences. GENIUS files set no deadline,",
        f"# protocol or tactics: {ROUNDS} rounds of alternating offers and the {TACTIC} tactic are negosim's choice.",
        "negosim: 1",
        f"name: {q(domain.name)}",
        f"description: {q(f'GENIUS domain {domain.name} with the profiles {names}')}",
        f"rounds: {ROUNDS}",
        "protocol: alternating",
        "",
        "issues:",
    ]
    for iid, issue in zip(issue_ids, domain.issues, strict=True):
        out += [f"  {iid}:", f"    name: {q(issue.name)}", "    kind: discrete",
                f"    options: [{', '.join(q(v) for v in issue.values)}]"]  # fmt: skip
    out += ["", "actors:"]
    for aid, p in zip(actor_ids, profiles, strict=True):
        out += [f"  {aid}:", f"    name: {q(p.name)}", f"    reservation: {p.reservation!r}"]
        if p.discount < 1:
            out.append(f"    discount: {p.discount!r}")
        out += [f"    assumed: {q('GENIUS profile ' + p.name + ': its reservation value and discount factor')}",
                f"    strategy: {{tactic: {TACTIC}, assumed: {q('not in the GENIUS files: ' + TACTIC)}}}",
                "    positions:"]  # fmt: skip
        for iid, issue in zip(issue_ids, domain.issues, strict=True):
            ev = p.evaluations[issue.name]
            values = p.values(issue.name)
            shown = ", ".join(f"{e:g}" for e in ev.values())
            note = f"divided by {max(ev.values()):g}" if p.rescale else "as written"
            out += [f"      # {Path(p.file).name}: evaluations {shown} ({note}); weight {p.weights[issue.name]:g}",
                    f"      {iid}:", f"        salience: {p.weights[issue.name]!r}",
                    f"        values: {{{', '.join(f'{q(v)}: {values[v]!r}' for v in issue.values)}}}",
                    f"        assumed: {q('GENIUS profile ' + p.name + ': its weight and evaluations')}"]  # fmt: skip
    return "\n".join(out) + "\n"


# --- export -------------------------------------------------------------------------------------
def exportable(sc) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) of writing ``sc`` as GENIUS files: what GENIUS cannot hold, located in its file."""
    from negosim.scenario.loader import locate

    def at(loc: tuple, msg: str, level: str = "error") -> Problem:
        return locate(sc.raw, loc, msg, sc.path, level=level, marks=sc._marks)

    errors, warnings = [], []
    for iid, issue in sc.issues.items():
        if issue.kind != "discrete":
            errors.append(at(("issues", iid), "GENIUS XML holds discrete issues only: it is continuous"))
    lost = [what for what, there in (("a war", sc.conflict), ("shocks", sc.shocks)) if there]
    for aid, a in sc.actors.items():
        if a.role != "party":
            lost.append(f"{aid} ({a.role})")
            continue
        lost += [f"{aid}'s {what}" for what in ("red_lines", "preconditions", "pressure") if getattr(a, what)]
        for iid, pos in a.positions.items():
            best = max((pos.values or {}).values(), default=0.0)
            if sc.issues[iid].kind == "discrete" and 0 < best < 1:
                warnings.append(at(("actors", aid, "positions", iid), f"its best value is {best:g}: GENIUS rescales "
                                   "each issue by its best, so the re-imported values will be divided by it",
                                   "warning"))  # fmt: skip
    if lost:
        warnings.append(Problem(f"not in GENIUS files, left out: {', '.join(lost)}", file=sc.path, level="warning"))
    return errors, warnings


def write(sc, folder: str | Path) -> list[Path]:
    """The scenario's domain (``<name>-domain.xml``) and one profile per party (``<party name>.xml``)."""
    folder = Path(folder)
    issues = list(sc.issues.items())
    tpl = ET.Element("negotiation_template")
    space = ET.SubElement(tpl, "utility_space", number_of_issues=str(len(issues)))
    obj = ET.SubElement(space, "objective", index="0", description="", name=sc.name, type="objective",
                        etype="objective")  # fmt: skip
    for n, (_, issue) in enumerate(issues, start=1):
        el = ET.SubElement(obj, "issue", index=str(n), name=issue.name, vtype="discrete", type="discrete",
                           etype="discrete")  # fmt: skip
        for m, v in enumerate(issue.options, start=1):
            ET.SubElement(el, "item", index=str(m), value=v, description=v)
    out = [_xml(tpl, folder / f"{_file_name(sc.name)}-domain.xml")]
    for aid in sc.parties:
        a = sc.actors[aid]
        root = ET.Element("utility_space")
        obj = ET.SubElement(root, "objective", index="0", description="", name=sc.name, type="objective",
                            etype="objective")  # fmt: skip
        total = sum(a.positions[iid].salience for iid, _ in issues if iid in a.positions) or 1.0
        total = 1.0 if abs(total - 1.0) <= WEIGHT_TOLERANCE else total  # weights as written when GENIUS takes them
        for n, (iid, issue) in enumerate(issues, start=1):
            el = ET.SubElement(obj, "issue", index=str(n), name=issue.name, vtype="discrete", type="discrete",
                               etype="discrete")  # fmt: skip
            values = (a.positions[iid].values or {}) if iid in a.positions else {}
            for m, v in enumerate(issue.options, start=1):
                ET.SubElement(el, "item", index=str(m), value=v, evaluation=repr(float(values.get(v, 0.0))))
        for n, (iid, _) in enumerate(issues, start=1):
            w = a.positions[iid].salience / total if iid in a.positions else 0.0
            ET.SubElement(obj, "weight", index=str(n), value=repr(w))
        ET.SubElement(root, "discount_factor", value=repr(float(a.discount)))
        ET.SubElement(root, "reservation", value=repr(float(a.reservation)))
        out.append(_xml(root, folder / f"{_file_name(a.name)}.xml"))
    return out


def _file_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("_") or "profile"


def _xml(root: ET.Element, path: Path) -> Path:
    from negosim.output import atomic_write

    ET.indent(root)
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
    return atomic_write(path, lambda fh: fh.write(data))
