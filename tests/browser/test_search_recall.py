"""Chinese search finds every meeting that holds the word (issue 15), in Chromium, on the site's bundle.

One archive: the samples, 150 generated meetings and, when ``../shared/corpus/docx/`` is beside the
project, its real Word minutes imported with ``python -m generator import``. Built for 绝密 so that
every meeting and document is in it. The words and their truth come from the dossier files
(``tests/search_recall.py``); the query is what the site's own ``search.js`` makes of the word.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Page, expect

from .. import search_recall
from ..conftest import ROOT
from ..synth import write_archive
from .conftest import Watch, build_samples, serve

GENERATED = 150


def _corpus() -> Path | None:
    for parent in ROOT.parents:
        candidate = parent / "shared" / "corpus" / "docx"
        if (candidate / "MANIFEST.tsv").is_file():
            return candidate
    return None


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the dossiers, the built site)."""
    root = tmp_path_factory.mktemp("recall")
    dossiers = root / "dossiers"
    shutil.copytree(ROOT / "dossiers", dossiers)
    generated = root / "generated"
    write_archive(generated, GENERATED, seed=15)
    shutil.copytree(generated / "dossiers", dossiers / "generated")
    corpus = _corpus()
    if corpus is not None:
        from generator.cli.main import main  # noqa: PLC0415

        config = root / "mkdocs.yml"
        shutil.copy(ROOT / "mkdocs.yml", config)
        (root / "imported").mkdir()
        text = config.read_text(encoding="utf-8").replace("docs_dir: dossiers", "docs_dir: imported")
        config.write_text(text, encoding="utf-8")
        assert main(["import", "--config", str(config), "--classification", "内部", str(corpus)]) == 0
        shutil.copytree(root / "imported", dossiers / "imported")
    site = build_samples(root / "build", audience="绝密", source=dossiers)
    return root / "build" / "dossiers", site


@pytest.fixture(scope="module")
def server(archive: tuple[Path, Path]) -> Iterator[str]:
    yield from serve(archive[1])


def test_every_meeting_holding_the_word_is_found(page: Page, archive: tuple[Path, Path]) -> None:
    dossiers, site = archive
    ms = search_recall.meetings(dossiers)
    words = search_recall.draw(ms)
    assert len(words) >= 80, words
    page.goto("/")
    result = search_recall.measure(page, site, ms, words)
    print(result.summary())
    assert result.mean >= 0.98, result.summary()
    assert all(v >= 0.5 for v in result.per_word.values()), result.summary()
    # What the issue found lost: 两周 inside 每两周, a name in the attendee table, a common word.
    for word in ("两周", "白云飞", "编程"):
        if search_recall.truth(ms, word):
            found = search_recall.measure(page, site, ms, [word])
            assert found.per_word[word] == 1.0, (word, found.summary())


def test_nothing_of_the_page_frame_is_found(page: Page, archive: tuple[Path, Path]) -> None:
    """Words that only the templates write (labels, headings, print links, navigation) find nothing."""
    dossiers, site = archive
    ms = search_recall.meetings(dossiers)
    frame = ["桌签", "签到表", "会议通知", "督办情况通报", "参会人员", "议定事项", "办理时限", "上一次", "下一次", "打印",
             "到会率", "应到", "实到", "筹备分工", "会前检查", "责任单位", "纪要文号", "计划时长", "汇报人", "办理反馈",
             "红头版式", "尚无会议纪要", "临期", "会务档案", "填写指南"]
    absent = [w for w in frame if not search_recall.truth(ms, w)]
    assert len(absent) >= 12, absent  # the archive's own text holds some of them
    page.goto("/")
    result = search_recall.measure(page, site, ms, absent)
    assert {w: n for w, n in result.extra.items() if n} == {}


def test_a_title_match_ranks_above_body_matches_and_results_read_as_written(page: Page, watch: Watch) -> None:
    page.goto("/?q=防汛抗旱")
    message = page.locator(".pagefind-ui__message")
    expect(message).to_have_text(re.compile(r"^与“防汛抗旱”相关的会议共 \d+ 次$"), timeout=15000)
    first = page.locator(".pagefind-ui__result").first
    expect(first.locator(".pagefind-ui__result-title").first).to_contain_text("防汛抗旱")
    expect(first.locator(".pagefind-ui__result-tag", has_text="日期")).to_have_text(
        re.compile(r"^日期: \d{4}年\d{1,2}月\d{1,2}日\s*$"))
    expect(first.locator(".pagefind-ui__result-tag", has_text="类型")).to_be_visible()
    # The excerpt is the real text, the whole word marked, no letters of the index's form left.
    excerpt = first.locator(".pagefind-ui__result-excerpt").first
    expect(excerpt.locator("mark").first).to_have_text(re.compile("^(防汛抗旱|防汛|抗旱)"))
    for text in page.locator(".pagefind-ui__result-excerpt, .pagefind-ui__result-title").all_inner_texts():
        assert not re.search(r"\bq[a-l][a-z]{7}\b", text), text
    assert watch.problems() == []


def test_the_query_is_cut_as_the_index_is(page: Page) -> None:
    """search.js cuts, hashes and finds buckets as generator/core/searchtext.py does."""
    from generator.core.searchtext import bucket_of, pairs, word_hash  # noqa: PLC0415

    samples = ["每两周", "周", "白云飞 罗水一", "2026年粮食安全", "QQ群 qr码 Quality", "𠀀字与〇", "县住房和城乡建设局（牵头）"]
    page.goto("/")
    page.wait_for_function("() => window.__maSearchText !== undefined")
    got = page.evaluate("(xs) => xs.map((x) => window.__maSearchText.pairsOf(x))", samples)
    assert got == [[p for run in s.split() for p in pairs(run)] for s in samples]
    words = ["qq", "2026", "quality", "gdp", "防汛"]
    assert page.evaluate("(ws) => ws.map((w) => window.__maSearchText.wordHash(w))", words) == [word_hash(w) for w in words]
    keys = [(0x4E24, 0x5468, 4096), (0x3FFFF, word_hash("gdp"), 64), (0x20000, 0x3007, 16), (0x9FFF, 0xFFFFFFFF, 8192)]
    assert page.evaluate("(ks) => ks.map((k) => window.__maSearchText.bucketOf(k[0], k[1], k[2]))", keys) == \
        [bucket_of(h, lo, n) for h, lo, n in keys]
