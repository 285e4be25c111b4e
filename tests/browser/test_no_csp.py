"""Script in a reader's browser, with no Content-Security-Policy at all (a plain static web server): each
way dossier text once reached a live element is tried in Chromium, with real hovers and the search.

- the table of contents: a heading whose tags Python-Markdown's tag stripping would splice into an
  element, and an attribute-list id that would break out of its attribute;
- Pagefind's attributes written in the minutes: a meta value as a result's link (``javascript:``) or as
  result text, a filter value drawn as HTML;
- what the search UI shows: a title and an excerpt holding markup, a deep link ``?q=<img …>``;
- Material's tooltips, which write a title attribute and the text of a cut-off navigation entry into
  the page as HTML (the plugin turns them off).
"""

from __future__ import annotations

import shutil
from typing import Iterator
from urllib.parse import quote

import pytest

from ..conftest import ROOT, SITE_CONFIG, TEST_RULES, dossier_text
from .conftest import serve

WORD = "狐狸獾子"  # in every hostile meeting, so one search finds them all

MEETINGS = {
    "2024-05-06-toc": (
        "目录注入" + WORD,
        f"## 会议概况\n\n{WORD}出现在正文。\n\n"
        "## <<b></b>img src=x onerror=\"window.__pwned='toc-splice'\">拼接标题\n\n正文。\n\n"
        "## 属性标题 {: #x\"><img src=x onerror=window.__pwned='toc-id'> }\n\n正文。\n\n"
        "## 很长很长很长很长很长很长很长很长很长很长很长很长很长的标题 &lt;img src=# onerror=window.__pwned='ellipsis'&gt;\n\n"
        "会议研究了<abbr title=\"<img src=# onerror=window.__pwned='abbr-title'>\">防汛</abbr>工作。\n",
    ),
    "2024-05-07-pagefind": (
        "检索注入" + WORD,
        f"## 会议概况\n\n{WORD}出现在正文。\n\n"
        "<div data-pagefind-meta=\"url:javascript:window.__pwned='meta-url'\">链接</div>\n\n"
        "<div data-pagefind-meta=\"title:<img src=x onerror=window.__pwned='meta-title'>\">标题</div>\n\n"
        "<span data-pagefind-filter=\"类型:<img src=x onerror=window.__pwned='filter'>\">筛选</span>\n\n"
        "代码 `<img src=x onerror=window.__pwned='excerpt'>` " + WORD + " 摘要。\n",
    ),
    "2024-05-08-title": (
        "<img src=x onerror=\"window.__pwned='result-title'\">" + WORD,
        f"## 会议概况\n\n{WORD}出现在正文。\n",
    ),
}


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from mkdocs.commands.build import build  # noqa: PLC0415
    from mkdocs.config import load_config  # noqa: PLC0415

    root = tmp_path_factory.mktemp("no-csp")
    for ident, (title, body) in MEETINGS.items():
        path = root / "dossiers" / "2024" / ident / "index.md"  # a folder: <img src=x> names a file of its own
        path.parent.mkdir(parents=True, exist_ok=True)
        front = dossier_text(title=title.replace('"', '\\"'), date=ident[:10]).rsplit("---\n", 1)[0]
        front = front.replace(f"title: {title.replace(chr(34), chr(92) + chr(34))}", f'title: "{title.replace(chr(34), chr(92) + chr(34))}"')
        path.write_text(front + "---\n" + body, encoding="utf-8")
    config = SITE_CONFIG.format(overrides=ROOT / "overrides", audience="内部", rules=TEST_RULES)
    # The office turned on Material's tooltips: the plugin must turn them off again.
    config = config.replace("  custom_dir:", "  features: [content.tooltips, navigation.tabs]\n  custom_dir:")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    build(load_config(str(root / "mkdocs.yml"), strict=False))
    site = root / "site"
    assert (site / "search" / "index.json").is_file()
    yield from serve(site)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def visit(browser, origin):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    def go(path: str):
        page.goto(origin + path, wait_until="load")
        page.wait_for_timeout(200)
        return page

    go.dialogs = dialogs  # type: ignore[attr-defined]
    try:
        yield go
    finally:
        context.close()


def _hover_everything(page, selector: str) -> int:
    """Move the real mouse over each element matched (tooltips and handlers listen to the pointer)."""
    n = 0
    for el in page.locator(selector).all():
        if el.is_visible():
            try:
                el.hover(timeout=500)
                n += 1
            except Exception:  # noqa: BLE001 - an element that moved away: the next one
                continue
    page.wait_for_timeout(300)
    return n


def _pwned(page) -> str | None:
    return page.evaluate("() => window.__pwned === undefined ? null : String(window.__pwned)")


def test_headings_in_the_table_of_contents_run_nothing(visit) -> None:
    page = visit("/meetings/2024/2024-05-06-toc/")
    hovered = _hover_everything(page, ".md-nav__link, [title], abbr, article h2, article h3")
    assert hovered >= 5
    assert _pwned(page) is None and visit.dialogs == []
    toc = page.locator("nav.md-nav--secondary").inner_text()
    assert "拼接标题" in toc and "属性标题" in toc  # the headings are listed, as text


def test_the_plugin_turns_materials_tooltips_off(visit) -> None:
    page = visit("/meetings/2024/2024-05-06-toc/")
    features = page.evaluate("() => JSON.parse(document.querySelector('#__config').textContent).features")
    assert "content.tooltips" not in features and "navigation.tabs" in features


def test_pagefind_attributes_in_the_minutes_do_nothing(visit, origin) -> None:
    page = visit("/meetings/2024/2024-05-07-pagefind/")
    assert page.locator("[data-pagefind-meta*='javascript'], [data-pagefind-filter]").count() == 0
    assert _pwned(page) is None


@pytest.mark.parametrize("term", [WORD, "<img src=x onerror=window.__pwned='q'>"], ids=["results", "deep-link"])
def test_search_results_and_deep_links_run_nothing(visit, term: str) -> None:
    page = visit(f"/?q={quote(term)}")
    if term == WORD:
        page.wait_for_selector(".pagefind-ui__result", timeout=15000)
        results = page.locator(".pagefind-ui__result")
        assert results.count() == len(MEETINGS)
        for link in page.locator(".pagefind-ui__result-link").all():
            href = link.get_attribute("href") or ""
            assert href.startswith("/meetings/2024/"), href
        text = page.locator(".ma-search__ui").inner_text()
        assert "<img src=x onerror" in text  # the hostile title is shown as the text it is
        assert page.locator(".pagefind-ui__filter-panel input").count() == 0  # no filter from dossier text
        _hover_everything(page, ".pagefind-ui__result *")
    else:
        page.wait_for_selector(".pagefind-ui__message", timeout=15000)
    assert _pwned(page) is None and visit.dialogs == []


def test_no_page_runs_anything_when_hovered(visit, origin) -> None:
    for path in ("/", "/archive/2024/", "/lessons/", "/units/", "/actions/"):
        page = visit(path)
        _hover_everything(page, ".md-nav__link, [title], .md-ellipsis")
        assert _pwned(page) is None, path
