"""report.html: self-contained, every figure and every event, the positions with their basis;
rendered in a real headless Chromium where one is installed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import markupsafe
import pytest

import negosim
from negosim import plots
from negosim.output import write_run
from negosim.report import report_html
from negosim.scenario.checks import unsourced
from tests.conftest import ISTANBUL, build

THEORY = Path(__file__).parent / "theory"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture(scope="module")
def istanbul():
    return negosim.simulate(ISTANBUL, seed=1)


@pytest.fixture(scope="module")
def page(istanbul):
    return report_html(istanbul)


def escape(text: str) -> str:
    """``text`` as the page writes it (Jinja2's autoescape)."""
    return str(markupsafe.escape(text))


def test_the_report_holds_every_figure_and_every_event(istanbul, page):
    figures = re.findall(r'<figure id="fig-(\w+)"><img src="data:image/png;base64,', page)
    assert figures == list(plots.figures_for(istanbul))
    assert len(figures) == 5  # convergence, utilities, distance, outcome space, conflict
    for e in istanbul.events:
        assert escape(e.text) in page, e.text
    assert page.count("<li><b>week ") >= len(istanbul.events)


def test_the_report_shows_positions_with_their_quotes_and_assumptions(istanbul, page):
    sc = istanbul.scenario
    for actor in sc.actors.values():
        assert escape(actor.name) in page
        for pos in actor.positions.values():
            for ev in pos.evidence:
                assert escape(ev.quote) in page
            if pos.assumed:
                assert escape(pos.assumed) in page


def test_the_report_shows_how_each_party_concedes_and_its_reservation_with_their_basis(istanbul, page):
    for aid in istanbul.scenario.parties:
        actor = istanbul.scenario.actors[aid]
        st = actor.strategy
        concedes = escape(f"{st.tactic} (beta {st.beta:g}); no deal is worth {actor.reservation:g} to it")
        item = re.search(r"<li><b>Concedes</b>: " + re.escape(concedes) + r"(.*?)</li>", page)
        assert item, concedes
        assert escape(st.assumed) in item[1] and all(escape(ev.quote) in item[1] for ev in st.evidence)
        assert escape(actor.assumed) in page  # the actor's own basis: where its reservation is judged
    assert escape(istanbul.scenario.conflict.assumed) in page  # the war's numbers too


def test_the_report_marks_claims_that_rest_on_nothing():
    data = negosim.load_scenario(THEORY / "pie.yaml").raw
    page = report_html(negosim.simulate(build(data)), images={})
    assert page.count("unsourced: neither a quote nor a stated assumption") == len(list(unsourced(data)))


def test_the_report_needs_no_network(page):
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "<script" not in page and "<link" not in page


def test_text_from_the_scenario_is_escaped_wherever_the_page_shows_it():
    evil = '<script>alert("x")</script> & <b>'
    res = negosim.simulate(THEORY / "pie.yaml", overrides={"name": evil, "actors.a.name": evil, "description": evil,
                                                          "actors.a.assumed": evil})  # fmt: skip
    page = report_html(res, images={})
    assert "<script" not in page and "<b>'" not in page
    assert page.count(escape(evil)) >= 4  # the title, the heading, the description, the actor and its basis


def test_the_report_is_a_pure_function_of_the_run():
    one = report_html(negosim.simulate(THEORY / "pie.yaml"))
    assert one == report_html(negosim.simulate(THEORY / "pie.yaml"))


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (Debian package: chromium)")
def test_the_report_renders_in_headless_chromium(istanbul, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    write_run(istanbul, tmp_path)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.route("**/*", lambda route: route.abort() if not route.request.url.startswith(("file:", "data:"))
                   else route.continue_())  # fmt: skip
        page.goto((tmp_path / "report.html").as_uri())
        images = page.evaluate("Array.from(document.images).map(i => [i.alt, i.complete && i.naturalWidth > 0])")
        story = page.inner_text("ol.story")
        browser.close()
    assert [alt for alt, ok in images if ok] == [f"{name} figure" for name in plots.figures_for(istanbul)]
    waived = [e.text for e in istanbul.events if type(e).__name__ == "Waive"]
    assert waived and all(text in story for text in waived)  # the story drawn as the page shows it
    assert "ukraine waives ceasefire-first under pressure from russia and usa" in waived


def test_a_report_of_a_run_still_going_says_so_plainly():
    from negosim.engine.model import NegotiationModel
    from negosim.engine.result import RunResult

    model = NegotiationModel(negosim.load_scenario(THEORY / "pie.yaml"))
    model.step()
    model.step()
    page = report_html(RunResult.from_model(model, seed=0, overrides={}), images={})
    assert "Outcome: running: 2 rounds played of 11.</p>" in page
