"""The pages of the sample site served by nginx with deploy/nginx.conf, opened in Chromium under its
Content-Security-Policy: no violation (listened to in the page and in the console), nothing requested
outside the site, Material's scripts running, and the site's search answering.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import pytest

from ..test_nginx import serving


@pytest.fixture(scope="module")
def nginx(sample_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(sample_site, tmp_path_factory.mktemp("nginx-csp")) as base:
        yield base


@pytest.fixture(scope="module")
def chromium_page(browser):
    context = browser.new_context()
    # Record every violation the page itself sees, before any of its scripts run.
    context.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));"
    )
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def representative(site: Path) -> list[str]:
    """One page of each shape: a path's plain lower-case words kept (archive, tag, units, signin…), any
    other part (a year, an id, a unit, a tag) a wildcard; the first page of each shape."""
    seen: dict[tuple[str, ...], str] = {}
    for p in sorted(site.rglob("*.html")):
        parts = p.relative_to(site).parts
        key = tuple(x if re.fullmatch(r"[a-z]+(\.html)?", x) else "*" for x in parts)
        seen.setdefault(key, p.relative_to(site).as_posix().removesuffix("index.html"))
    return sorted(seen.values())


def _open(page, url: str, origin: str) -> tuple[list[str], list[str], list[str]]:
    console: list[str] = []
    outside: list[str] = []
    on_console = lambda m: console.append(m.text) if m.type in ("error", "warning") else None  # noqa: E731
    on_request = lambda r: outside.append(r.url) if not r.url.startswith((origin, "data:", "blob:")) else None  # noqa: E731
    page.on("console", on_console)
    page.on("request", on_request)
    try:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(150)
        violations = page.evaluate("() => window.__csp")
    finally:
        page.remove_listener("console", on_console)
        page.remove_listener("request", on_request)
    return violations, [c for c in console if "Content Security Policy" in c or "Refused" in c], outside


def test_pages_load_under_the_policy_without_violations(chromium_page, nginx: str, sample_site: Path) -> None:
    pages = representative(sample_site)
    assert len(pages) >= 10 and any(p.startswith("meetings/") for p in pages)
    for rel in pages:
        violations, console, outside = _open(chromium_page, nginx + rel, nginx)
        assert violations == [] and console == [], (rel, violations, console)
        assert outside == [], (rel, outside)
        # Material's own script ran (it reads its config and marks the page), so scripts did load.
        assert chromium_page.evaluate("() => typeof __md_scope !== 'undefined' && !!document.querySelector('[data-md-component=header]')")


def test_search_works_under_the_policy(chromium_page, nginx: str) -> None:
    """The search fetches its index from the site itself: allowed by 'self', with no eval of any kind."""
    violations, console, outside = _open(chromium_page, nginx + "?q=防汛", nginx)
    chromium_page.wait_for_selector(".pagefind-ui__result", timeout=15000)
    assert chromium_page.locator(".pagefind-ui__result").count() >= 1
    violations = chromium_page.evaluate("() => window.__csp")
    assert violations == [] and console == [] and outside == []


def test_the_ledger_filter_works_under_the_policy(chromium_page, nginx: str, sample_site: Path) -> None:
    """The ledger filter is script from a file (no inline handler): it filters, and submitting the form
    (Enter in a field) does not navigate."""
    assert "onsubmit" not in (sample_site / "actions" / "index.html").read_text(encoding="utf-8")
    _open(chromium_page, nginx + "actions/", nginx)
    chromium_page.select_option("#filter-status", "overdue")
    shown = chromium_page.locator("tr[data-status]:not([hidden])")
    assert shown.count() >= 1
    assert all(v == "true" for v in shown.evaluate_all("rows => rows.map(r => r.dataset.overdue)"))
    chromium_page.evaluate("() => document.querySelector('form[data-ledger-filter]').requestSubmit()")
    chromium_page.wait_for_timeout(100)
    assert chromium_page.url == nginx + "actions/"
    assert chromium_page.evaluate("() => window.__csp") == []


def test_the_print_button_works_under_the_policy(chromium_page, nginx: str, sample_site: Path) -> None:
    """The printables' print button is script from a file (no inline handler) and runs under the policy."""
    printable = sorted(sample_site.glob("meetings/*/*/signin/index.html"))
    assert printable, "the samples have a meeting not yet held, so a sign-in sheet"
    assert "onclick" not in printable[0].read_text(encoding="utf-8")
    rel = printable[0].relative_to(sample_site).as_posix().removesuffix("index.html")
    _open(chromium_page, nginx + rel, nginx)
    chromium_page.evaluate("() => { window.print = () => { window.__printed = true; }; }")
    chromium_page.click("button[data-print]")
    assert chromium_page.evaluate("() => window.__printed === true")
    assert chromium_page.evaluate("() => window.__csp") == []