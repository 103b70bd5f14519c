"""Random damage to a valid scenario only ever gives a NegosimError, never another exception."""

from __future__ import annotations

import copy
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

import negosim
from negosim import NegosimError
from negosim.scenario.loader import from_data, load_scenario, plain

BASE = Path(__file__).parent / "corpus" / "_base.yaml"
BASE_TEXT = BASE.read_text()
BASE_RAW = plain(YAML(typ="rt").load(BASE_TEXT))

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.integers(-3, 3), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def paths(node, at=()):
    yield at
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths(v, (*at, k))
    elif isinstance(node, list):
        for n, v in enumerate(node):
            yield from paths(v, (*at, n))


def damage(raw: dict, data) -> dict:
    raw = copy.deepcopy(raw)
    for _ in range(data.draw(st.integers(1, 4))):
        where = data.draw(st.sampled_from([p for p in paths(raw) if p]))
        parent = raw
        for seg in where[:-1]:
            parent = parent[seg]
        op = data.draw(st.sampled_from(["delete", "replace", "rename"]))
        if op == "delete":
            del parent[where[-1]]
        elif op == "replace":
            parent[where[-1]] = data.draw(junk)
        elif isinstance(parent, dict):
            parent[data.draw(st.text(min_size=1, max_size=8))] = parent.pop(where[-1])
    return raw


def run_if_valid(load):
    """Load; when it validates, a short run must work too."""
    try:
        sc = load()
    except NegosimError:
        return
    res = negosim.simulate(sc, overrides={"rounds": min(sc.rounds, 5)})
    assert res.outcome in ("agreement", "partial", "breakdown", "stalemate", "deadline")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_data_raises_only_negosim_problems(data):
    raw = damage(BASE_RAW, data)
    run_if_valid(lambda: from_data(raw, file=str(BASE)))


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(BASE_TEXT)), st.text(max_size=6), st.integers(0, len(BASE_TEXT)))
def test_damaged_text_raises_only_negosim_problems(tmp_path_factory, cut, insert, at):
    text = BASE_TEXT[:cut]
    text = text[:at] + insert + text[at:]
    f = tmp_path_factory.mktemp("m") / "s.yaml"
    (f.parent / "sources").mkdir()
    (f.parent / "sources" / "article.txt").write_text((BASE.parent / "sources" / "article.txt").read_text())
    f.write_text(text)
    run_if_valid(lambda: load_scenario(f))
