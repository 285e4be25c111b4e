"""What a reader sees in Chromium: the home page, a meeting page, the follow-up ledger's filters.

Every test here also fails when its page requested anything outside the site or logged an error
(see conftest.py).
"""

from __future__ import annotations

import re

import pytest

from pathlib import Path

from playwright.sync_api import Page, expect

from ..conftest import ROOT
from .conftest import Watch

MEETING = "/meetings/2026/2026-06-16-changwu-6/"


def test_home_page_renders_with_the_audience_banner(page: Page) -> None:
    page.goto("/", wait_until="networkidle")
    expect(page.locator(".ma-audience")).to_have_text("本站内容：内部")
    expect(page.locator(".ma-audience")).to_be_visible()
    expect(page.locator("article h1")).to_have_text("会务档案")
    expect(page.locator(".ma-card-label").first).to_be_visible()
    # The header carries the site's own search box, not Material's.
    expect(page.get_by_placeholder("搜索会议档案")).to_be_visible()
    assert page.locator(".md-search").count() == 0


def test_meeting_page_shows_title_facts_and_tables(page: Page, watch: Watch) -> None:
    page.goto(MEETING, wait_until="networkidle")
    expect(page.locator("article h1")).to_have_text("县人民政府2026年第6次常务会议")
    facts = page.locator("dl.ma-facts")
    expect(facts).to_be_visible()
    expect(facts.locator("dt", has_text="会议类型").locator("+ dd")).to_have_text("常务会议")
    expect(facts.locator("dt", has_text="时间").locator("+ dd")).to_have_text(re.compile(r"^2026年6月16日 08:30"))
    expect(facts.locator("dt", has_text="主持人").locator("+ dd")).to_have_text("周建国")
    agenda = page.locator("table.ma-agenda")
    expect(agenda).to_be_visible()
    expect(agenda.locator("tbody tr")).to_have_count(4)
    expect(agenda.locator("tbody tr").first).to_contain_text("研究主汛期防汛准备工作")
    expect(page.locator("table.ma-attendees tbody tr").first).to_be_visible()
    expect(page.locator("table.ma-actions tbody tr").first).to_be_visible()
    expect(page.get_by_role("heading", name="会议纪要")).to_be_visible()
    # A meeting page loads no part of the search until the reader uses it.
    paths = [url.removeprefix(watch.origin) for url, _ in watch.fetched]
    assert not [p for p in paths if p.startswith("/search/")], paths
    assert len(paths) <= 20, paths  # the page, the theme's and the site's own CSS/JS, the favicon


def test_ledger_filters_hide_the_other_rows(page: Page) -> None:
    """The unit filter keeps what a unit leads and what it supports (配合); the state filter has 逾期 and 临期."""
    page.goto("/actions/", wait_until="networkidle")
    rows = page.locator("tr[data-unit][data-status][data-overdue]")
    total = rows.count()
    assert total > 0
    owed = rows.evaluate_all("rs => rs.map(r => [r.dataset.unit].concat((r.dataset.coUnits || '').split('|')))")
    units = [u for names in owed for u in names if u]
    unit = max(set(units), key=units.count)  # the unit with the most rows, led or supported
    supported = sum(1 for names in owed if unit in names[1:])
    assert supported > 0, "the samples have a unit that supports an action (co_units)"
    page.select_option("#filter-unit", unit)
    shown = page.locator("tr[data-unit][data-status][data-overdue]:not([hidden])")
    expect(shown).to_have_count(units.count(unit))
    assert all(unit in names for names in shown.evaluate_all(
        "rs => rs.map(r => [r.dataset.unit].concat((r.dataset.coUnits || '').split('|')))"))
    expect(page.locator("tr[data-unit][hidden]")).to_have_count(total - units.count(unit))

    page.select_option("#filter-unit", "")
    page.select_option("#filter-status", "overdue")
    overdue = rows.evaluate_all("rs => rs.filter(r => r.dataset.overdue === 'true').length")
    assert overdue > 0  # the samples have overdue actions as of their date
    expect(shown).to_have_count(overdue)
    assert set(shown.evaluate_all("rs => rs.map(r => r.dataset.overdue)")) == {"true"}
    expect(shown.first.locator(".ma-overdue")).to_be_visible()

    page.select_option("#filter-status", "due-soon")
    soon = rows.evaluate_all("rs => rs.filter(r => r.dataset.status === 'due-soon').length")
    assert soon > 0  # the samples have an action due within seven days of their date
    expect(shown).to_have_count(soon)
    expect(shown.first.locator(".ma-due-soon")).to_be_visible()
    assert shown.first.evaluate("r => getComputedStyle(r.querySelector('td')).backgroundColor") == "rgba(255, 193, 7, 0.1)"  # yellow

    page.select_option("#filter-status", "")
    expect(shown).to_have_count(total)
    page.goto("/actions/?status=due-soon", wait_until="networkidle")  # the home page's 临期 card links here
    expect(shown).to_have_count(soon)


def test_every_kind_of_page_stays_inside_the_site(page: Page, sample_site: Path, watch: Watch) -> None:
    """A page of each kind (section and depth) loads without an outside request or an error."""
    kinds: dict[tuple[str, int], str] = {}
    for p in sorted(sample_site.rglob("*.html")):
        parts = p.relative_to(sample_site).parts
        kinds.setdefault((parts[0] if len(parts) > 1 else parts[0].removesuffix(".html"), len(parts)),
                         "/".join(parts))
    assert len(kinds) >= 8, kinds
    for rel in kinds.values():
        page.goto("/" + rel.removesuffix("index.html"), wait_until="load")
        expect(page.locator(".ma-audience")).to_have_text("本站内容：内部")
    assert not [u for u, _ in watch.fetched if "/search/" in u]  # search is loaded only when used


def test_outside_requests_are_blocked_and_recorded(page: Page, watch: Watch) -> None:
    """The harness itself: a request to another host never leaves the browser, and it is recorded."""
    page.goto("/", wait_until="networkidle")
    page.evaluate("""() => { const img = document.createElement("img");
        img.src = "https://cdn.example.invalid/x.png"; document.body.appendChild(img); }""")
    page.wait_for_function("() => document.querySelector('img[src*=example]').complete")
    assert watch.outside == ["https://cdn.example.invalid/x.png"]
    assert any("ERR_BLOCKED_BY_CLIENT" in m for m in watch.console_errors), watch.console_errors
    watch.outside.clear()  # expected here: the guard must not fail this one test
    watch.console_errors.clear()


def test_the_guide_example_copied_in_the_browser_checks_clean(page: Page, server: str, tmp_path: Path) -> None:
    """A clerk selects the full example on /guide/ and copies it (the browser's own copy, read back from
    the clipboard); pasted into a new dossier, it passes check with the project's mkdocs.yml."""
    from generator.check import run as checking  # noqa: PLC0415
    from generator.core.settings import load_settings  # noqa: PLC0415

    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page.goto("/guide/")
    copied = page.evaluate("""async () => {
        const code = document.querySelector("pre code.language-yaml");
        window.getSelection().selectAllChildren(code);
        document.execCommand("copy");
        return await navigator.clipboard.readText();
    }""")
    assert copied.startswith("---\ntitle: ") and 'start: "09:00"' in copied
    settings = load_settings(ROOT / "mkdocs.yml")
    settings.dossiers_dir = tmp_path
    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "2024-05-06-changwu-3.md").write_text(copied, encoding="utf-8")
    settings.as_of = None
    assert [d.message() for d in checking.check(settings).diagnostics] == []


def _page_kinds(site: Path) -> list[str]:
    """One page of each kind: by section, depth and last folder's role (a meeting's printables included)."""
    kinds: dict[tuple, str] = {}
    for p in sorted(site.rglob("index.html")):
        parts = p.relative_to(site).parts[:-1]
        last = parts[-1] if parts else ""
        role = last if last in ("minutes", "notice", "signin", "cards") else ("year" if last.isdigit() else "")
        kinds.setdefault((parts[0] if parts else "", len(parts), role), "/".join(parts) + "/" if parts else "")
    return sorted(kinds.values())


@pytest.mark.parametrize("width", [390, 1400])
def test_no_page_scrolls_sideways(browser, server: str, sample_site: Path, width: int) -> None:
    """At a phone's 390 px and a desktop's 1,400 px, no page of any kind is wider than the window: wide
    tables scroll inside their own box. On the desktop the ledger uses the width it needs."""
    context = browser.new_context(base_url=server, locale="zh-CN", viewport={"width": width, "height": 900})
    try:
        pg = context.new_page()
        kinds = _page_kinds(sample_site)
        assert len(kinds) >= 18, kinds
        wide = {}
        for rel in kinds:
            pg.goto("/" + rel, wait_until="load")
            wide[rel] = pg.evaluate("document.documentElement.scrollWidth")
        assert {rel: w for rel, w in wide.items() if w > width} == {}
        if width == 1400:
            pg.goto("/actions/", wait_until="load")
            table = pg.evaluate("document.querySelector('table.ma-ledger').getBoundingClientRect().width")
            assert table > 1000  # not the ~640 px column between two sidebars
            assert pg.locator(".md-sidebar--secondary .md-nav__list").count() == 0  # no empty sidebar
    finally:
        context.close()
