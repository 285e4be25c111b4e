"""Chinese full-text search (Pagefind) as a reader uses it, in Chromium, on the sample archive."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import Watch

RESULT = ".pagefind-ui__result"
MEETING_HREF = re.compile(r"^/meetings/\d{4}/[^/]+/(#.*)?$")


def _result(page: Page, title: str):
    return page.locator(RESULT).filter(has=page.locator(".pagefind-ui__result-title", has_text=title))


def test_deep_link_shows_meetings_with_date_and_kind(page: Page, watch: Watch) -> None:
    page.goto("/?q=防汛")
    expect(page.locator(".pagefind-ui__message")).to_have_text(re.compile(r"^与“防汛”相关的会议共 \d+ 次$"))
    results = page.locator(RESULT)
    expect(results.first).to_be_visible()
    assert results.count() >= 1
    # Only meetings are in the index: every result links to a meeting page.
    hrefs = page.locator(f"{RESULT} .pagefind-ui__result-link").evaluate_all(
        "as => as.map(a => a.getAttribute('href'))"
    )
    assert hrefs and all(MEETING_HREF.match(h) for h in hrefs), hrefs
    hit = _result(page, "2025年防汛抗旱工作专题会议")
    expect(hit).to_be_visible()
    expect(hit.locator(".pagefind-ui__result-tag", has_text="日期")).to_have_text("日期: 2025年5月22日")
    expect(hit.locator(".pagefind-ui__result-tag", has_text="类型")).to_have_text("类型: 专题会议")
    expect(hit.locator("mark").first).to_have_text("防汛")
    # Fetched only pieces of the index, never the whole thing.
    fetched = [url.removeprefix(watch.origin) for url, _ in watch.fetched]
    assert any(p.startswith("/search/b/") for p in fetched), fetched
    assert any(p.startswith("/search/p/") for p in fetched), fetched

    hit.locator(".pagefind-ui__result-link").first.click()
    expect(page).to_have_url(re.compile(r"/meetings/2025/2025-05-22-fangxun-zhuanti/"))
    expect(page.locator("article h1")).to_have_text("2025年防汛抗旱工作专题会议")


def test_typing_in_the_header_box_on_a_meeting_page(page: Page) -> None:
    page.goto("/meetings/2025/2025-01-14-changwu-1/", wait_until="networkidle")
    page.get_by_placeholder("搜索会议档案").click()
    box = page.locator(".pagefind-ui__search-input")
    expect(box).to_be_focused()
    box.fill("值班")
    # 值班 stands inside sentences of the minutes (…落实领导带班和24小时值班制度…) of two meetings.
    expect(page.locator(".pagefind-ui__message")).to_have_text(re.compile(r"^与“值班”相关的会议共 2 次$"))
    expect(_result(page, "县人民政府2025年第1次常务会议")).to_be_visible()
    expect(_result(page, "县人民政府2026年第6次常务会议")).to_be_visible()
    # Links are right from a page deep in the site.
    href = _result(page, "县人民政府2026年第6次常务会议").locator(".pagefind-ui__result-link").first.get_attribute("href")
    assert href and href.startswith("/meetings/2026/2026-06-16-changwu-6/"), href
    # A click elsewhere closes the results, the box brings them back, Escape clears them.
    drawer = page.locator(".pagefind-ui__drawer")
    page.mouse.click(20, 800)  # the empty left margin
    expect(drawer).to_be_hidden()
    box.click()
    expect(drawer).to_be_visible()
    page.keyboard.press("Escape")
    expect(drawer).to_be_hidden()


def test_word_only_in_the_minutes_is_found(page: Page) -> None:
    # 易涝 is in the minutes and tables of one meeting only (城区19处易涝点7月5日前完成清淤), not its header.
    page.goto("/archive/?q=易涝")
    expect(page.locator(".pagefind-ui__message")).to_have_text("与“易涝”相关的会议共 1 次")
    expect(_result(page, "县人民政府2026年第6次常务会议")).to_be_visible()


def test_no_result_says_so_in_chinese(page: Page) -> None:
    page.goto("/?q=潜水艇")
    expect(page.locator(".pagefind-ui__message")).to_have_text("没有找到与“潜水艇”相关的会议")
    expect(page.locator(RESULT)).to_have_count(0)


def test_an_old_browser_is_told_in_chinese(page: Page) -> None:
    page.add_init_script("delete window.DecompressionStream")
    page.goto("/?q=防汛")
    expect(page.locator(".pagefind-ui__message")).to_contain_text("此浏览器版本过旧，不能使用站内检索")


def test_a_long_query_is_cut_and_still_answers(page: Page) -> None:
    page.goto("/?q=" + "防汛" * 60)
    expect(page.locator(".pagefind-ui__message")).to_have_text(re.compile("^没有找到与“"))
    assert page.locator(".pagefind-ui__search-input").get_attribute("maxlength") == "64"
