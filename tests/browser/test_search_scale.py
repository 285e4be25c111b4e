"""Search on a generated archive of a few hundred meetings, in Chromium (issue 6): Chinese words found,
titles ranked above body text, results with date and kind, and only pieces of the index fetched."""

from __future__ import annotations

import re
from typing import Iterator

import pytest
from playwright.sync_api import Page, expect

from ..synth import AS_OF, write_archive
from .conftest import Watch, build_samples, serve

MEETINGS = 300


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Overrides the samples' server for this module: a generated archive, built and served."""
    source = tmp_path_factory.mktemp("generated")
    write_archive(source, MEETINGS, seed=7)
    site = build_samples(tmp_path_factory.mktemp("scale"), source=source / "dossiers", as_of=AS_OF.isoformat())
    assert len(list(site.glob("meetings/*/*/index.html"))) >= MEETINGS * 0.85  # every tenth is 秘密
    yield from serve(site)


def test_chinese_query_on_a_generated_archive(page: Page, watch: Watch) -> None:
    page.goto("/?q=防汛抗旱")
    message = page.locator(".pagefind-ui__message")
    expect(message).to_have_text(re.compile(r"^与“防汛抗旱”相关的会议共 (\d+) 次$"), timeout=15000)
    found = int(re.search(r"\d+", message.inner_text()).group())
    assert found >= 3
    first = page.locator(".pagefind-ui__result").first
    # Titles weigh more than the minutes: a meeting named for the topic comes first.
    expect(first.locator(".pagefind-ui__result-title").first).to_contain_text("防汛抗旱")
    expect(first.locator(".pagefind-ui__result-tag", has_text="日期")).to_have_text(re.compile(r"^日期: \d{4}年\d{1,2}月\d{1,2}日\s*$"))
    expect(first.locator(".pagefind-ui__result-tag", has_text="类型")).to_be_visible()
    # Chunked index: a first search fetches a small part of it, far under 2 MB.
    assert watch.fetched_bytes < 2 * 1024 * 1024, watch.fetched_bytes
    assert watch.problems() == []


def test_a_word_inside_the_minutes_is_found(page: Page) -> None:
    page.goto("/?q=值班")
    expect(page.locator(".pagefind-ui__message")).to_have_text(re.compile(r"^与“值班”相关的会议共 \d+ 次$"), timeout=15000)
    expect(page.locator(".pagefind-ui__result mark").first).to_have_text("值班")
