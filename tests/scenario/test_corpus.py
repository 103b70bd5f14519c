"""The malformed-scenario corpus: every file gives exactly its expected located messages.

tests/scenario/corpus/NN-name.yaml is _base.yaml with one defect (written by mutate.py);
NN-name.expected holds the messages, one per line, as ``LINE:COL: path: message``; ``{protocols}`` in it
stands for the registered protocols as a message lists them ('alternating', ... or 'eum').
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from negosim import ScenarioError, load_scenario
from negosim.cli import app

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(CORPUS.glob("[0-9]*.yaml"))


def expected(f: Path) -> list[str]:
    return f.with_suffix(".expected").read_text().replace("{protocols}", protocol_names()).splitlines()


def protocol_names() -> str:
    """The registered protocols as pydantic lists a Literal's values: 'a', 'b' or 'c'."""
    from negosim.protocols import PROTOCOLS

    names = [f"'{n}'" for n in PROTOCOLS]
    return f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else names[0]


def test_the_corpus_is_large_and_its_base_is_clean():
    assert len(FILES) >= 40
    sc = load_scenario(CORPUS / "_base.yaml", strict=True)
    assert sc.warnings == []


@pytest.mark.parametrize("f", FILES, ids=lambda f: f.stem)
def test_each_malformed_file_gives_its_expected_messages(f):
    with pytest.raises(ScenarioError) as info:
        load_scenario(f)
    got = [str(p).removeprefix(f"{f}:") for p in info.value.problems]
    assert got == expected(f)


def test_validate_prints_every_expected_line_and_exits_2(monkeypatch):
    monkeypatch.chdir(CORPUS)
    res = CliRunner().invoke(app, ["validate", *[f.name for f in FILES]])
    assert res.exit_code == 2
    want = [f"{f.name}:{line}" for f in FILES for line in expected(f)]
    assert res.stderr.splitlines() == want
    assert "Traceback" not in res.output
