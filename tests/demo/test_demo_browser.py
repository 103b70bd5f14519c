"""The demo in a real browser: Debian's Chromium driven by Playwright's Python API, against the page
served on 127.0.0.1 by the same server ``negosim demo`` runs. Load, step, the counter, log and figure
change; a control changed and the talks reset; two browser contexts hold two runs; no request leaves
127.0.0.1; a person's out-of-range offer is refused; a shock shows in the log; the run is saved."""

from __future__ import annotations

import importlib.util
import json
import shutil
from urllib.parse import urlparse

import pytest

import negosim
from tests.conftest import ISTANBUL

CHROMIUM = shutil.which("chromium")
NO_DEMO = "the demo extra is not installed (pip install 'negosim[demo]')"
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium (Debian: apt-get install chromium; CI installs it)"),
    pytest.mark.skipif(importlib.util.find_spec("solara") is None, reason=NO_DEMO),
]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip
WAIT = 60_000  # ms: the first page load starts a Solara kernel


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from negosim.demo import server

    out = tmp_path_factory.mktemp("demo") / "saved"
    server.configure(ISTANBUL, seed=0, out=out)
    port = server.free_port()
    srv, thread = server.start("127.0.0.1", port)
    yield f"http://127.0.0.1:{port}/", out
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def reconfigure(demo):
    """Change the demo's settings for one test (pages opened after read them); as they were after it."""
    import dataclasses

    from negosim.demo import server
    from negosim.demo.config import settings

    was = settings()
    yield lambda **changes: server.use(dataclasses.replace(was, **changes))
    server.use(was)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def open_page(browser, url, requests: list):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.on("websocket", lambda ws: requests.append(ws.url))
    page.goto(url)
    page.get_by_role("button", name="Step").wait_for(timeout=WAIT)
    return context, page


def outside(requests: list) -> list:
    """Requests to anywhere but 127.0.0.1 (blob: and data: URLs are the page's own)."""
    return sorted({u for u in requests if urlparse(u).scheme not in ("blob", "data")
                   and urlparse(u).hostname != "127.0.0.1"})  # fmt: skip


def test_step_reset_two_sessions_and_offline(demo, browser):
    from playwright.sync_api import expect

    url, out = demo
    requests: list = []
    ctx, page = open_page(browser, url, requests)
    counter = page.locator(".round-counter")
    expect(counter).to_have_text("week 0 of 52")
    figure = page.locator(".figure-offers img, img.figure-offers").first
    before = figure.get_attribute("src")
    for _ in range(5):
        page.get_by_role("button", name="Step").click()
        page.wait_for_timeout(100)
    expect(counter).to_have_text("week 5 of 52", timeout=WAIT)
    log = page.locator(".event-log")
    expect(log).to_contain_text("week 5: russia proposes")
    expect(log).to_contain_text("week 1: battle: side")
    expect(figure).not_to_have_attribute("src", before, timeout=WAIT)

    # a second browser context has its own talks
    ctx2, page2 = open_page(browser, url, requests)
    expect(page2.locator(".round-counter")).to_have_text("week 0 of 52")
    expect(counter).to_have_text("week 5 of 52")
    page2.get_by_role("button", name="Step").click()
    expect(page2.locator(".round-counter")).to_have_text("week 1 of 52", timeout=WAIT)
    expect(counter).to_have_text("week 5 of 52")
    ctx2.close()

    # change a control (Russia's beta, in the open first group), reset, save: the run has the new value
    beta = page.get_by_role("slider").first
    beta.focus()
    page.keyboard.press("ArrowRight")  # one step of 0.05: 0.3 -> 0.35
    expect(page.locator(".control-label").filter(has_text="(changed)")).to_have_text(
        "beta (below 1 holds out, above 1 concedes early): 0.35 (changed)", timeout=WAIT
    )
    page.get_by_role("button", name="Reset").click()
    expect(counter).to_have_text("week 0 of 52", timeout=WAIT)
    page.get_by_role("button", name="Step").click()
    expect(counter).to_have_text("week 1 of 52", timeout=WAIT)
    page.get_by_role("button", name="Save run").click()
    expect(page.locator(".demo-message")).to_contain_text("saved the run folder", timeout=WAIT)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["overrides"] == {"actors.russia.strategy.beta": pytest.approx(0.35)}
    assert summary["round"] == 1 and (out / "report.html").exists()
    ctx.close()
    assert requests and outside(requests) == []


def test_a_position_shock_from_the_panel_moves_an_ideal_at_the_next_week(demo, browser):
    """The panel's position shock: an actor, an issue, the new ideal as a share of the issue's range."""
    from playwright.sync_api import expect

    url, _ = demo
    requests: list = []
    ctx, page = open_page(browser, url, requests)
    for label, choice in (("kind", "position"), ("actor", "russia"), ("issue", "crimea")):
        page.locator(".v-select").filter(has_text=label).first.click()
        page.locator(".v-menu__content.menuable__content__active .v-list-item").filter(has_text=choice).first.click()
    page.get_by_role("button", name="Inject").click()  # the slider stands at half the range: 0.5
    expect(page.locator(".shock-message")).to_contain_text("position shock set for week 1", timeout=WAIT)
    page.get_by_role("button", name="Step").click()
    expect(page.locator(".event-log")).to_contain_text("week 1: shock: russia's position on crimea: ideal 1 -> 0.5",
                                                       timeout=WAIT)  # fmt: skip
    ctx.close()
    assert outside(requests) == []


def test_a_person_in_ukraines_seat_and_a_shock(demo, browser, tmp_path):
    from playwright.sync_api import expect

    url, _ = demo
    requests: list = []
    ctx, page = open_page(browser, url, requests)
    # the instructor's shock: a battle won by side b, at the next week
    page.locator(".v-select").filter(has_text="won by side").click()
    page.locator(".v-menu__content .v-list-item").filter(has_text="b").first.click()
    page.get_by_role("button", name="Inject").click()
    expect(page.locator(".shock-message")).to_contain_text("battle shock set for week 1", timeout=WAIT)
    page.get_by_role("button", name="Step").click()
    expect(page.locator(".event-log")).to_contain_text("week 1: shock: side b (ukraine) wins a battle", timeout=WAIT)

    page.locator(".v-select").filter(has_text="your seat").click()
    page.locator(".v-menu__content .v-list-item").filter(has_text="ukraine").click()
    expect(page.locator(".round-counter")).to_have_text("week 0 of 52", timeout=WAIT)
    page.get_by_role("button", name="Step").click()
    turn = page.locator(".your-turn")
    expect(turn).to_contain_text("Your turn, Ukraine (Zelensky): week 1", timeout=WAIT)
    expect(turn).to_contain_text("russia's last offer")
    expect(turn).to_contain_text("your precondition ceasefire-first")
    ceasefire = page.get_by_label("ceasefire, 0 to 1", exact=False)
    ceasefire.fill("1.5")
    expect(page.locator(".package-worth")).to_contain_text("Not a package yet", timeout=WAIT)
    page.get_by_role("button", name="Propose").click()
    expect(page.locator(".refused")).to_contain_text("ceasefire: 1.5 is not a number in [0, 1]", timeout=WAIT)
    expect(page.locator(".round-counter")).to_have_text("week 0 of 52")
    ceasefire.fill("1")
    expect(page.locator(".package-worth")).to_contain_text("This package is worth", timeout=WAIT)
    page.get_by_role("button", name="Propose").click()
    expect(page.locator(".round-counter")).to_have_text("week 1 of 52", timeout=WAIT)
    expect(page.locator(".event-log")).to_contain_text("week 1: ukraine proposes ceasefire 1.00")
    ctx.close()
    assert outside(requests) == []


def test_a_lesson_and_its_counterfactual_side_by_side(demo, browser, reconfigure):
    """The first lesson's baseline (North winning) and its counterfactual (the war turns) in one page:
    South gives way in the one, North in the other."""
    from playwright.sync_api import expect

    from tests.conftest import ROOT

    url, _ = demo
    reconfigure(file=str(ROOT / "scenarios" / "lessons" / "ceasefire-first.yaml"), compare=(("conflict.p", 0.35),))
    requests: list = []
    ctx, page = open_page(browser, url, requests)
    expect(page.locator(".counterfactual")).to_contain_text("What if: conflict.p = 0.35")
    # the page shows seed 0's runs, as the engine plays them (each side's resolve is drawn per run)
    path = ROOT / "scenarios" / "lessons" / "ceasefire-first.yaml"
    base, turned = (negosim.simulate(path, seed=0, overrides=o, analysis=False) for o in (None, {"conflict.p": 0.35}))
    assert base.outcome == turned.outcome == "agreement"
    step = page.get_by_role("button", name="Step")
    for week in range(1, 21):
        if step.is_disabled():
            break
        step.click()
        for side, res in (("baseline", base), ("counterfactual", turned)):  # each stops where its talks end
            counter = page.locator(f".{side} .side-counter")
            expect(counter).to_have_text(f"week {min(week, res.round)} of 20", timeout=WAIT)
    expect(page.locator(".baseline")).to_contain_text(f"The talks end: agreement in week {base.round}")
    for reason in base.reasons():  # why, under the outcome, as summary.json says it
        expect(page.locator(".baseline .why")).to_contain_text(f"· {reason}")
    expect(page.locator(".counterfactual")).to_contain_text(f"The talks end: agreement in week {turned.round}")
    expect(page.locator(".baseline")).to_contain_text("south waives ceasefire-first under pressure from north")
    expect(page.locator(".counterfactual")).to_contain_text("north waives no-truce-first under pressure from south")
    expect(page.locator(".counterfactual")).to_contain_text("interim agreement on ceasefire:")
    expect(page.locator(".baseline")).not_to_contain_text("interim agreement on ceasefire:")
    ctx.close()
    assert outside(requests) == []


def test_the_expected_utility_model_steps_to_its_forecast(demo, browser, reconfigure):
    """The EC emission case in the page: its controls are capabilities, positions and saliences; a step
    shows the round's moves and forecast in the log; no seat is offered; the run ends on the forecast."""
    from playwright.sync_api import expect

    from tests.conftest import ROOT

    url, _ = demo
    reconfigure(file=str(ROOT / "scenarios" / "textbook" / "eu-car-emissions-1994.yaml"))
    requests: list = []
    ctx, page = open_page(browser, url, requests)
    expect(page.locator("body")).to_contain_text("capability")
    expect(page.locator("body")).to_contain_text("no seat to take")
    page.get_by_role("button", name="Step").click()
    expect(page.locator(".round-counter")).to_have_text("round 1 of 10", timeout=WAIT)
    expect(page.locator("body")).to_contain_text("uk loses a confrontation with luxembourg on emissions: 10.00 -> 4.00")
    expect(page.locator("body")).to_contain_text("forecast: emissions 7.00 (median), 7.37 (mean)")
    step = page.get_by_role("button", name="Step")
    for n in range(2, 10):  # the forecast settles in round 9: then the talks are over
        step.click()
        expect(page.locator(".round-counter")).to_have_text(f"round {n} of 10", timeout=WAIT)
    expect(page.locator("body")).to_contain_text("forecast after 9 rounds (settled): emissions 7.00", timeout=WAIT)
    expect(step).to_be_disabled()
    ctx.close()
    assert outside(requests) == []
