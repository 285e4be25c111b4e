"""The hostile fixture (tests/fixtures/hostile) built and opened in Chromium, served without any CSP:
the sanitising alone keeps everything from running and from reaching outside the site, and the rest of
the page still renders. Hover and click events are dispatched on every element, so a handler that
survived would run.
"""

from __future__ import annotations

import functools
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

from ..test_security import HOSTILE_PAGE, build_hostile
from .conftest import _QuietHandler


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    site = build_hostile(tmp_path_factory.mktemp("hostile-browser"))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", site
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def open_page(browser):
    """open_page(url, origin) → what the page at ``url`` requested outside ``origin``, ran, or alerted."""
    context = browser.new_context()
    page = context.new_page()
    outside: list[str] = []
    dialogs: list[str] = []
    origin_of: dict[str, str] = {}

    def route(r) -> None:  # nothing outside the loopback exists here: refuse it at once, and note it
        if r.request.url.startswith(origin_of["origin"]):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort("blockedbyclient")

    context.route("**/*", route)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    def visit(url: str, origin: str) -> dict:
        origin_of["origin"] = origin
        outside.clear()
        dialogs.clear()
        response = page.goto(url, wait_until="load")
        page.wait_for_timeout(100)  # deferred scripts, lazy requests
        page.evaluate(
            """() => document.querySelectorAll("article *").forEach(e => {
                 e.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
                 // a click inside a link or a form would leave the page; elsewhere it only runs handlers
                 if (!e.closest("a, form, button, label, summary")) e.dispatchEvent(new MouseEvent("click", {bubbles: true}));
               })"""
        )
        page.wait_for_timeout(50)
        return {
            "status": response.status if response else None,
            "pwned": page.evaluate("() => window.__pwned === undefined ? null : String(window.__pwned)"),
            "outside": list(outside),
            "dialogs": list(dialogs),
            "page": page,
        }

    try:
        yield visit
    finally:
        context.close()


def test_nothing_runs_nothing_is_fetched_and_the_page_renders(open_page, hostile) -> None:
    origin, _ = hostile
    state = open_page(origin + HOSTILE_PAGE.removesuffix("index.html"), origin)
    page = state["page"]
    assert state["status"] == 200
    assert state["pwned"] is None, f"hostile script ran: {state['pwned']}"
    assert state["outside"] == [] and state["dialogs"] == []
    # The rest of the page renders: title, facts, the minutes' table and last paragraph, the decisions,
    # the action, the lessons, the local photo, the audience banner.
    assert page.locator("article h1").inner_text().startswith("县政府第9次常务会议<img src=x")
    text = page.locator("article").inner_text()
    for kept in ("第一会议室", "清理河道", "最后一段：页面其余部分照常显示。", "同意<script>", "材料回收不及时"):
        assert kept in text, kept
    assert page.locator("article table td", has_text="县水利局").count() >= 1
    assert page.evaluate("() => document.querySelector('img[alt=本地照片]').naturalWidth") == 1
    assert "本站内容：内部" in page.inner_text("body")
    # The link out stays, marked as external.
    link = page.locator("a", has_text="普通站外链接")
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert "↗" in page.evaluate("e => getComputedStyle(e, '::after').content", link.element_handle())
    assert page.title().startswith("县政府第9次常务会议<img src=x onerror=")


def test_no_page_of_the_hostile_site_runs_anything(open_page, hostile) -> None:
    """Every page: each shows dossier text in its own way (lists, tags, units, ledger, printables…)."""
    origin, site = hostile
    pages = sorted(p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html"))
    assert len(pages) > 5 and len([p for p in pages if p.startswith("archive/tag/")]) == 3
    for rel in pages:
        state = open_page(origin + rel, origin)
        assert state["pwned"] is None, (rel, state["pwned"])
        assert state["outside"] == [] and state["dialogs"] == [], (rel, state["outside"])
