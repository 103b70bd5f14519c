"""Writes the malformed corpus: _base.yaml (valid) with one defect each. The expected messages
(NN-name.expected) were reviewed line by line; change them by hand when a message is meant to change."""

import pathlib

base = pathlib.Path(__file__).with_name("_base.yaml").read_text()
out = pathlib.Path(__file__).parent


def r(old, new, count=1):
    def f(t):
        assert old in t, old
        return t.replace(old, new, count)

    return f


def chain(*fs):
    def f(t):
        for g in fs:
            t = g(t)
        return t

    return f


cases = [
    ("yaml-tab", r("  north:\n    name: North", "  north:\n\tname: North")),
    ("yaml-unclosed-quote", r('quote: "North rejects a ceasefire"}', 'quote: "North rejects a ceasefire}')),
    (
        "yaml-unclosed-bracket",
        r("options: [old, middle, new], ordered: true}", "options: [old, middle, new, ordered: true}"),
    ),
    ("yaml-colon-in-value", r("name: Corpus base", "name: Corpus: base")),
    ("yaml-bad-indent", r("    name: South\n", "    name: South\n      role: party\n")),
    ("duplicate-issue", r("  border: {name: Border,", "  ceasefire: {name: Again}\n  border: {name: Border,")),
    ("duplicate-actor", r("  broker:\n", "  south:\n    name: South again\n  broker:\n")),
    ("unknown-top-key", r("rounds: 10", "round: 10")),
    (
        "unknown-actor-key",
        r("    strategy: {tactic: boulware, beta: 0.3,", "    strategie: {tactic: boulware, beta: 0.3,"),
    ),
    ("unknown-position-key", r("{ideal: 1, salience: 0.7,", "{ideal: 1, salince: 0.7, salience: 0.7,")),
    (
        "unknown-red-line-key",
        r("{issue: border, min: middle, assumed: judgement}", "{issue: border, minimum: middle, assumed: judgement}"),
    ),
    ("wrong-type-rounds", r("rounds: 10", "rounds: ten")),
    ("wrong-type-salience", r("{ideal: 0, salience: 0.4,", "{ideal: 0, salience: high,")),
    (
        "wrong-type-positions",
        r(
            "    positions:\n      ceasefire: {ideal: 1, salience: 0.7",
            "    positions: [ceasefire, border]\n    old_positions:\n      ceasefire: {ideal: 1, salience: 0.7",
        ),
    ),
    ("missing-name", r("name: Corpus base\n", "")),
    ("missing-issues", lambda t: t.split("issues:")[0] + "actors:" + t.split("actors:")[1]),
    ("missing-salience", r("{ideal: 0, salience: 0.4, evidence", "{ideal: 0, evidence")),
    ("missing-actor-name", r("    name: North\n", "")),
    ("unknown-issue-in-red-line", r("{issue: border, min: middle", "{issue: boarder, min: middle")),
    (
        "unknown-issue-in-position",
        r("      border: {values: {new: 1, middle: 0.5}", "      frontier: {values: {new: 1, middle: 0.5}"),
    ),
    ("unknown-pressure-target", r("{target: north, stick", "{target: nort, stick")),
    (
        "unknown-evidence-source",
        r('[{source: article, quote: "North rejects', '[{source: articel, quote: "North rejects'),
    ),
    ("ideal-outside-range", r("{ideal: 1, salience: 0.7", "{ideal: 1.5, salience: 0.7")),
    ("value-option-unknown", r("{values: {new: 1, middle: 0.5}", "{values: {newer: 1, middle: 0.5}")),
    ("red-line-option-unknown", r("{issue: border, min: middle", "{issue: border, min: midle")),
    (
        "red-line-min-above-max",
        r(
            "      - {issue: border, min: middle, assumed: judgement}",
            "      - {issue: border, min: middle, assumed: judgement}\n      - {issue: ceasefire, min: 0.8, max: 0.2, assumed: judgement}",
        ),
    ),
    (
        "red-lines-exclude-every-value",
        r(
            "      - {issue: border, min: middle, assumed: judgement}",
            "      - {issue: border, min: middle, assumed: judgement}\n      - {issue: border, max: old, assumed: judgement}",
        ),
    ),
    (
        "red-line-excludes-every-option",
        r(
            "{issue: border, min: middle, assumed: judgement}",
            "{issue: border, not_in: [old, middle, new], assumed: judgement}",
        ),
    ),
    (
        "saliences-all-zero",
        chain(
            r("{ideal: 1, salience: 0.7", "{ideal: 1, salience: 0"),
            r("middle: 0.4}, salience: 0.3", "middle: 0.4}, salience: 0"),
        ),
    ),
    ("precondition-postpones-its-own-issue", r("before: [border]", "before: [border, ceasefire]")),
    (
        "party-without-positions",
        lambda t: t.replace(
            t[t.index("    positions:\n      ceasefire: {ideal: 1") : t.index("    preconditions:")], ""
        ),
    ),
    ("fewer-than-two-parties", r("    name: South\n", "    name: South\n    role: observer\n")),
    ("actor-pressures-itself", r("{target: north, stick", "{target: broker, stick")),
    ("rounds-zero", r("rounds: 10", "rounds: 0")),
    ("unsupported-version", r("negosim: 1", "negosim: 2")),
    ("unknown-protocol", r("rounds: 10", "rounds: 10\nprotocol: random")),
    ("eum-on-a-bargaining-scenario", r("rounds: 10", "rounds: 10\nprotocol: eum")),
    ("quote-not-in-source", r('quote: "North rejects a ceasefire"', 'quote: "North accepts a ceasefire"')),
    ("source-path-escapes-folder", r("path: sources/article.txt", "path: ../../../../etc/passwd")),
    ("source-file-missing", r("path: sources/article.txt", "path: sources/missing.txt")),
    ("python-object-tag", r("name: Corpus base", "name: !!python/object/apply:os.system [echo hacked]")),
    ("bad-issue-id", r("  border: {name: Border,", "  2nd-border: {name: Border,")),
    (
        "discrete-without-options",
        r("kind: discrete, options: [old, middle, new], ordered: true}", "kind: discrete, ordered: true}"),
    ),
    ("repeated-options", r("options: [old, middle, new]", "options: [old, middle, old]")),
    ("beta-does-not-fit-tactic", r("{tactic: boulware, beta: 0.3,", "{tactic: conceder, beta: 0.3,")),
    ("reversed-range", r("range: [0, 1]", "range: [1, 0]")),
    (
        "red-line-without-bound",
        r("{issue: border, min: middle, assumed: judgement}", "{issue: border, firmness: 0.5, assumed: judgement}"),
    ),
    ("value-above-one", r("{values: {new: 1, middle: 0.5}", "{values: {new: 2, middle: 0.5}")),
    ("negative-salience", r("middle: 0.4}, salience: 0.3", "middle: 0.4}, salience: -0.3")),
    ("min-on-categorical-issue", r("options: [old, middle, new], ordered: true}", "options: [old, middle, new]}")),
    (
        "precondition-unknown-issue",
        r("require: {issue: ceasefire, at_least: 1}", "require: {issue: ceasfire, at_least: 1}"),
    ),
    ("stick-above-one", r("{target: north, stick: 0.1", "{target: north, stick: 1.5")),
    (
        "firmness-above-one",
        r("{issue: border, min: middle, assumed", "{issue: border, min: middle, firmness: 2, assumed"),
    ),
    ("not-a-mapping", lambda t: "- negosim: 1\n- name: a list, not a mapping\n"),
    ("empty-file", lambda t: ""),
    ("continuous-with-values", r("{ideal: 1, salience: 0.7", "{values: {high: 1}, salience: 0.7")),
    (
        "duplicate-precondition-id",
        r(
            "before: [border], assumed: judgement}",
            "before: [border], assumed: judgement}\n      - {id: ceasefire-first, require: {issue: ceasefire, at_least: 0.5}, assumed: judgement}",
        ),
    ),
    (
        "several-problems-at-once",
        chain(
            r("rounds: 10", "rounds: -1"),
            r("{issue: border, min: middle", "{issue: boarder, min: middle"),
            r("{target: north, stick", "{target: nort, stick"),
            r("    name: South\n", "    name: South\n    colour: blue\n"),
        ),
    ),
    ("label-outside-range", r("labels: {0: none, 1: full}", "labels: {0: none, 10: full}")),
    (
        "position-shock-outside-range",
        lambda t: (
            t + "shocks:\n  - {round: 2, kind: position, actor: north, issue: "
            "ceasefire, ideal: 3, assumed: judgement}\n"
        ),
    ),
    (
        "position-shock-without-position",
        lambda t: (
            t + "shocks:\n  - {round: 2, kind: position, actor: broker, "
            "issue: ceasefire, ideal: 0.5, assumed: judgement}\n"
        ),
    ),
    (
        "position-shock-ideal-and-values",
        lambda t: (
            t + "shocks:\n  - {round: 2, kind: position, actor: south, "
            "issue: border, ideal: 1, values: {old: 1}, assumed: judgement}\n"
        ),
    ),
]
HAND_WRITTEN = range(59, 66)  # 59-65 were written by hand; the cases after the 58th are numbered from 66
for n, (name, f) in enumerate(cases, 1):
    n += len(HAND_WRITTEN) if n >= HAND_WRITTEN.start else 0
    (out / f"{n:02d}-{name}.yaml").write_text(f(base))
print(len(cases))

# Issue 27 item 8 (a mediator's lean and proposals): numbered by hand, 85-89.
MEDIATED = r("rounds: 10", "rounds: 10\nprotocol: mediated")
OWN = {
    85: ("proposal-not-under-mediated",
         r("    pressure:\n      - {target: north",
           "    proposals:\n      - {round: 2, package: {ceasefire: 0.5}, assumed: judgement}\n"
           "    pressure:\n      - {target: north")),
    86: ("proposal-unknown-issue-and-option",
         chain(MEDIATED, r("    pressure:\n      - {target: north",
                           "    proposals:\n      - {round: 2, package: {ceasfire: 0.5, border: newest}, assumed: "
                           "judgement}\n    pressure:\n      - {target: north"))),
    87: ("proposal-after-last-round",
         chain(MEDIATED, r("    pressure:\n      - {target: north",
                           "    proposals:\n      - {round: 12, package: {ceasefire: 2}, assumed: judgement}\n"
                           "    pressure:\n      - {target: north"))),
    88: ("lean-not-a-mediator", r("    name: North\n", "    name: North\n    lean: 0.3\n")),
    89: ("lean-without-positions", r("    role: mediator\n", "    role: mediator\n    lean: 0.3\n")),
}  # fmt: skip
for n, (name, f) in OWN.items():
    (out / f"{n:02d}-{name}.yaml").write_text(f(base))

# Issue 27 item 7 (spoilers): numbered by hand, 100-104.
SPOILER = (
    "  watcher:\n    name: Watcher\n    role: observer\n    positions:\n"
    "      ceasefire: {ideal: 0, salience: 1, assumed: judgement}\n    spoils:\n      - "
)
SPOIL = "{when: near_deal, chance: 0.5, does: breakdown, text: Watcher strikes, assumed: judgement}\n"
SPOILS = {
    100: ("spoiler-is-a-party",
          r("    red_lines:\n      - {issue: border, min: middle",
            "    spoils:\n      - " + SPOIL + "    red_lines:\n      - {issue: border, min: middle")),
    101: ("spoil-chance-outside-unit", lambda t: t + SPOILER + SPOIL.replace("chance: 0.5", "chance: 1.5")),
    102: ("spoil-war-without-conflict", lambda t: t + SPOILER + SPOIL.replace("does: breakdown", "does: war")),
    103: ("spoil-near-deal-without-positions",
          lambda t: t + SPOILER.replace("    positions:\n      ceasefire: {ideal: 0, salience: 1, assumed: judgement}\n",
                                        "") + SPOIL),
    104: ("spoil-round-after-last", lambda t: t + SPOILER + SPOIL.replace("when: near_deal", "when: {round: 12}")),
}  # fmt: skip
for n, (name, f) in SPOILS.items():
    (out / f"{n:02d}-{name}.yaml").write_text(f(base))
