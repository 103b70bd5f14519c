"""A class in real browsers (Debian's Chromium through Playwright): a teacher and two students on the
Istanbul scenario. Each student sees only its own brief; a student's move for another seat is refused
and logged; the teacher's shock reaches everyone; the debrief's run folder is written; no request
leaves 127.0.0.1. Set NEGOSIM_SHOTS=DIR to keep the screenshots."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import ISTANBUL
from tests.demo.test_demo_browser import ARGS, CHROMIUM, NO_DEMO, WAIT, outside

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium (Debian: apt-get install chromium; CI installs it)"),
    pytest.mark.skipif(importlib.util.find_spec("solara") is None, reason=NO_DEMO),
]


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    from negosim.demo import server, shared_class

    out = tmp_path_factory.mktemp("class") / "debrief"
    server.configure(ISTANBUL, seed=0, out=out, klass=True, timer=120, pick=True)
    shared_class.new_room()
    port = server.free_port()
    srv, thread = server.start("127.0.0.1", port)
    yield f"http://127.0.0.1:{port}/", shared_class.room(), out
    shared_class.room().close()
    srv.should_exit = True
    thread.join(timeout=10)
    server.configure(ISTANBUL)  # the next tests' demo is one person's


def shoot(page, name: str) -> None:
    if os.environ.get("NEGOSIM_SHOTS"):
        Path(os.environ["NEGOSIM_SHOTS"]).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(os.environ["NEGOSIM_SHOTS"]) / f"{name}.png"), full_page=True)


def test_a_class_with_a_teacher_and_two_students(klass):
    from playwright.sync_api import expect, sync_playwright

    url, room, out = klass
    requests: list = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS, headless=True)

        def page_at(address):
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = ctx.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.goto(address)
            return page

        teacher = page_at(f"{url}?teacher={room.teacher_token}")
        expect(teacher.locator(".join-code")).to_have_text(f"join code {room.code}", timeout=WAIT)

        def join(name: str, seat: str):
            page = page_at(url)
            page.get_by_label("the class's code").fill(room.code)
            page.get_by_label("your name").fill(name)
            page.get_by_role("button", name="Join").click()
            page.get_by_role("button", name=f"Take {seat}'s seat").click()
            expect(page.locator(".private-brief")).to_contain_text(f"({seat})", timeout=WAIT)
            return page

        kyiv, moscow = join("Olena", "ukraine"), join("Ivan", "russia")
        brief = kyiv.locator(".private-brief")
        expect(brief).to_contain_text("crimea (Crimea): ideal 0.00, weight 0.20; red line crimea <= 0.50")
        expect(brief).to_contain_text("No deal is worth")
        expect(brief).not_to_contain_text("crimea >= 1.00")  # Russia's red line is Russia's own
        expect(moscow.locator(".private-brief")).to_contain_text("red line crimea >= 1.00")
        expect(teacher.locator(".seat-row").first).to_contain_text("russia: Ivan", timeout=WAIT)

        # a student who asks for a seat another holds, and a move for another's seat: refused, logged
        intruder = page_at(url + "?seat=russia")
        intruder.get_by_label("the class's code").fill(room.code)
        intruder.get_by_label("your name").fill("Mallory")
        intruder.get_by_role("button", name="Join").click()
        expect(intruder.locator(".student-message")).to_contain_text("russia's seat is held by Ivan", timeout=WAIT)
        olena = next(s.token for s in room.students.values() if s.name == "Olena")
        reply = kyiv.request.post(url + "negosim/class/move", data={"token": olena, "seat": "russia", "accept": True})
        assert reply.status == 403 and reply.json() == {"refused": "you do not hold russia's seat"}
        expect(teacher.locator(".refusals")).to_contain_text("student Olena: move for russia: you do not hold",
                                                             timeout=WAIT)  # fmt: skip
        expect(teacher.locator(".refusals")).to_contain_text("student Mallory: take russia's seat")

        # the teacher's shock, then the talks: Moscow moves first each week, then Kyiv
        teacher.locator(".v-select").filter(has_text="won by side").click()
        teacher.locator(".v-menu__content .v-list-item").filter(has_text="b").first.click()
        teacher.get_by_label("what happened (for the log)").fill("Kyiv holds the line")
        teacher.get_by_role("button", name="Inject").click()
        teacher.get_by_role("button", name="Start").click()
        expect(moscow.locator(".your-turn")).to_contain_text("Your turn, Russia (Putin): week 1", timeout=WAIT)
        shoot(teacher, "class-teacher")
        moscow.get_by_role("button", name="Propose").click()
        expect(kyiv.locator(".your-turn")).to_contain_text("Your turn, Ukraine (Zelensky): week 1", timeout=WAIT)
        shoot(kyiv, "class-student")
        for page in (kyiv, moscow, teacher):
            expect(page.locator(".event-log")).to_contain_text("week 1: shock: Kyiv holds the line", timeout=WAIT)
        kyiv.get_by_role("button", name="Propose").click()
        expect(teacher.locator(".round-counter")).to_have_text("week 1 of 52", timeout=WAIT)
        teacher.get_by_role("button", name="Pause").click()

        teacher.get_by_role("button", name="End and debrief").click()
        # the end waits for the round under way (up to 120 s, ClassRoom._finish), then writes the folder
        expect(teacher.get_by_text("The debrief")).to_be_visible(timeout=3 * WAIT)
        expect(teacher.locator(".story")).to_contain_text("week 1: ukraine proposes")
        shoot(teacher, "class-debrief")
        browser.close()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["seats"] == ["ukraine", "russia"] and (out / "report.html").exists()
    assert outside(requests) == []
