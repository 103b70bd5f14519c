"""Problems that do not stop a run: red lines leaving no deal, idle saliences, lines no one presses."""

from __future__ import annotations

from negosim.scenario.checks.actors import acceptable
from negosim.scenario.checks.common import Found, Loc, as_list, as_map, is_num, issue_model, issue_models
from negosim.scenario.models import Issue


def warn(raw: dict, issues: dict[str, Issue | None] | None = None) -> list[tuple[Loc, str]]:
    """Problems that do not stop a run: red lines leaving no deal, idle saliences, unquoted sources."""
    from negosim.scenario.evidence import quoted_sources

    issues = (issue_models(raw) if issues is None else issues) or {}
    out = list(_no_zone_of_agreement(raw, issues))
    block = raw.get("protocol")
    quota = block.get("quota", 1) if isinstance(block, dict) else 1
    pcs = any(as_list(as_map(a).get("preconditions")) for a in as_map(raw.get("actors")).values())
    if is_num(quota) and quota < 1 and pcs:
        why = "a precondition's holder blocks interim agreements and whole packages until it is met, as under unanimity"
        out.append((("protocol", "quota"), f"with a quota, preconditions still bind every party: {why}"))
    out += _unpressed_firmness(raw)
    out += _wants_what_it_refuses(raw)
    out += _idle_positions(raw)
    out += _whole_only(raw)
    quoted = quoted_sources(raw)
    for sid in as_map(raw.get("sources")):
        if sid not in quoted:
            out.append((("sources", sid), f'source "{sid}" is never quoted'))
    tactics = [as_map(as_map(a).get("strategy")).get("tactic") for a in as_map(raw.get("actors")).values()
               if as_map(a).get("role", "party") == "party"]  # fmt: skip
    if tactics and all(t == "tit-for-tat" for t in tactics):
        out.append((("actors",), "every party plays tit-for-tat: none moves first, so nobody will concede"))
    from negosim.scenario.numbers import outside_plausible, sourced_blocks

    for loc, block in sourced_blocks(raw):
        if block.get("plausible") and not str(block.get("assumed") or "").strip():
            why = "plausible ranges without assumed: a sweep over the assumptions varies only judged numbers"
            out.append(((*loc, "plausible"), why))
        out += outside_plausible(loc, block)
    return out


def pressed_by(raw: dict, aid: str) -> list[tuple[str, str]]:
    """Who may press actor ``aid`` and how (docs/explanation/model.md, sections 3 and 7): (presser, "")
    for an actor whose pressure targets it, (enemy, "the war") for the other side of a war it fights,
    (presser, "from round n") for a shock's pressure on it."""
    out = []
    for src, actor in as_map(raw.get("actors")).items():
        if any(as_map(pr).get("target") == aid and (as_map(pr).get("stick") or as_map(pr).get("carrot"))
               for pr in as_list(as_map(actor).get("pressure"))):  # fmt: skip
            out.append((str(src), ""))
    sides = as_map(as_map(raw.get("conflict")).get("sides"))
    for side, other in (("a", "b"), ("b", "a")):
        if aid in as_list(sides.get(side)):
            out += [(str(x), "through the war") for x in as_list(sides.get(other))]
    for shock in as_list(raw.get("shocks")):
        shock = as_map(shock)
        if shock.get("kind") == "pressure" and shock.get("target") == aid:
            out.append((str(shock.get("actor")), f"from round {shock.get('round')}"))
    return out


def idle_positions(raw: dict) -> dict[str, list[str]]:
    """The issues on which a mediator's, observer's or host's position cannot move the talks, by actor: it
    only says where its pressure wears a red line (model.md, section 3), so a position counts where the actor
    presses someone who holds a soft red line on that issue (or one a firmness shock may soften). A principal's
    positions always count: they decide whether it ratifies (section 15); so does every position of a mediator
    with a ``lean``, and of a spoiler that waits for a deal it dislikes (``when: near_deal``, section 7)."""
    actors = as_map(raw.get("actors"))
    softened = {(as_map(x).get("actor"), as_map(x).get("issue")) for x in as_list(raw.get("shocks"))
                if as_map(x).get("kind") == "firmness"}  # fmt: skip
    out = {}
    for aid, actor in actors.items():
        actor = as_map(actor)
        if actor.get("role", "party") in ("party", "principal") or (is_num(actor.get("lean")) and actor["lean"] > 0):
            continue  # a principal's positions decide whether it ratifies; a leaning mediator's text leans toward them
        if any(as_map(sp).get("when") == "near_deal" for sp in as_list(actor.get("spoils"))):
            continue  # a spoiler weighs a deal in sight by all its positions
        targets = {as_map(pr).get("target") for pr in as_list(actor.get("pressure"))}
        targets |= {as_map(x).get("target") for x in as_list(raw.get("shocks"))
                    if as_map(x).get("kind") == "pressure" and as_map(x).get("actor") == aid}  # fmt: skip
        worn = {as_map(rl).get("issue") for t in targets for rl in as_list(as_map(actors.get(t)).get("red_lines"))
                if not (is_num(as_map(rl).get("firmness")) and as_map(rl)["firmness"] >= 1)
                or (t, as_map(rl).get("issue")) in softened}  # fmt: skip
        idle = [str(iid) for iid in as_map(actor.get("positions")) if iid not in worn]
        if idle:
            out[str(aid)] = idle
    return out


def _idle_positions(raw: dict) -> Found:
    aside = {"mediator": "; a mediator's text is the parties' Nash point, not its wish, unless it has a lean",
             "host": "; a host acts through its venue's bonus"}  # fmt: skip
    for aid, issues in idle_positions(raw).items():
        role = as_map(as_map(raw.get("actors")).get(aid)).get("role")
        yield (
            ("actors", aid, "positions"),
            f"{aid} ({role}): its positions on {', '.join(issues)} move nothing in the talks (no pressure of its "
            f"wears a red line there{aside.get(role, '')}): reported only, and --assumptions leaves them out",
        )


def _wants_what_it_refuses(raw: dict) -> Found:
    """An ideal (as written, or as a position shock moves it) outside the actor's own red line on a continuous
    issue: it would refuse the package it wants most, which is seldom what a source means."""
    actors = as_map(raw.get("actors"))
    ideals = [
        (("actors", aid, "positions", iid, "ideal"), aid, iid, as_map(pos).get("ideal"))
        for aid, actor in actors.items()
        for iid, pos in as_map(as_map(actor).get("positions")).items()
    ]
    ideals += [(("shocks", n, "ideal"), as_map(s).get("actor"), as_map(s).get("issue"), as_map(s).get("ideal"))
               for n, s in enumerate(as_list(raw.get("shocks"))) if as_map(s).get("kind") == "position"]  # fmt: skip
    for loc, aid, iid, ideal in ideals:
        if not is_num(ideal) or aid not in actors:
            continue
        for rl in map(as_map, as_list(as_map(actors[aid]).get("red_lines"))):
            if "unless" in rl:  # a conditional line may well exclude the ideal: its condition lifts it
                continue
            low, high = rl.get("min"), rl.get("max")
            if rl.get("issue") == iid and ((is_num(low) and ideal < low) or (is_num(high) and ideal > high)):
                bound = f">= {low:g}" if is_num(low) and ideal < low else f"<= {high:g}"
                yield loc, (f"{aid}'s ideal on {iid} ({ideal:g}) lies outside its own red line ({iid} {bound}): it "
                            "would refuse the package it wants most")  # fmt: skip


def _whole_only(raw: dict) -> Found:
    """A precondition or a war's ceasefire on an issue written ``separable: false``: settled only with the
    whole package (model.md, section 4)."""
    whole = {iid for iid, issue in as_map(raw.get("issues")).items() if as_map(issue).get("separable") is False}
    for aid, actor in as_map(raw.get("actors")).items():
        for n, pc in enumerate(as_list(as_map(actor).get("preconditions"))):
            iid = as_map(as_map(pc).get("require")).get("issue")
            if iid in whole and as_map(pc).get("in_principle") is not True:  # in principle: it orders the talks
                yield (
                    ("actors", aid, "preconditions", n, "require", "issue"),
                    f"{aid}'s precondition {as_map(pc).get('id')} requires {iid}, which is marked separable: "
                    f"false: only the whole package can settle it, and {aid} takes none while the precondition "
                    "stands, so it deadlocks unless pressure makes it give way (in_principle: true lets it be met "
                    "by agreement in principle instead)",
                )
    cease = as_map(as_map(raw.get("conflict")).get("ceasefire"))
    if cease.get("issue") in whole:
        yield (
            ("conflict", "ceasefire", "issue"),
            f"the ceasefire issue {cease['issue']} is marked separable: false: the war goes on until the whole "
            "package is agreed",
        )


def _unpressed_firmness(raw: dict) -> Found:
    """Soft red lines and preconditions whose holder nobody presses: their firmness can never act."""
    for aid, actor in as_map(raw.get("actors")).items():
        actor = as_map(actor)
        soft = [(field, n, item) for field in ("red_lines", "preconditions")
                for n, item in enumerate(as_list(actor.get(field)))
                if is_num(as_map(item).get("firmness")) and as_map(item)["firmness"] < 1]  # fmt: skip
        if soft and not pressed_by(raw, aid):
            for field, n, item in soft:
                yield (
                    ("actors", aid, field, n, "firmness"),
                    f"firmness {item['firmness']:g} never acts: nobody presses {aid} (no pressure on it, no war it "
                    "fights, no pressure shock), so this holds as if firm",
                )


def _no_zone_of_agreement(raw: dict, issues: dict[str, Issue | None]) -> Found:
    """Pairs of parties whose red lines on one issue leave no value both accept (no ZOPA)."""
    lines: dict[str, dict[str, list[tuple[int, dict]]]] = {}
    for aid, actor in as_map(raw.get("actors")).items():
        if isinstance(actor, dict) and actor.get("role", "party") == "party":
            for n, rl in enumerate(as_list(actor.get("red_lines"))):
                if (
                    isinstance(rl, dict)
                    and "unless" not in rl
                    and isinstance(issue_model(issues, rl.get("issue")), Issue)
                ):
                    lines.setdefault(aid, {}).setdefault(rl["issue"], []).append((n, rl))
    parties = list(lines)
    for i, a in enumerate(parties):
        for b in parties[i + 1 :]:
            for iid in [i for i in lines[a] if i in lines[b]]:
                mine, theirs = [rl for _, rl in lines[a][iid]], [rl for _, rl in lines[b][iid]]
                if (
                    acceptable(issues[iid], mine)
                    and acceptable(issues[iid], theirs)
                    and not acceptable(issues[iid], mine + theirs)
                ):
                    n = lines[b][iid][0][0]
                    yield (
                        ("actors", b, "red_lines", n),
                        f'red lines of {a} and {b} leave no acceptable value on "{iid}": '
                        "no agreement is possible while both hold",
                    )
