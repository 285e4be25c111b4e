"""Search over an index built in parts (``search_shard_pages``, generator/exports/search.py): the browser merges
the parts, so a meeting in an older part is found like any other."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Page, expect

from generator.exports import search

from .. import search_recall
from ..synth import AS_OF, write_archive
from .conftest import Watch, build_samples, serve

MEETINGS = 80
PART = 25
_SITE: dict[str, Path] = {}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    source = tmp_path_factory.mktemp("generated")
    write_archive(source, MEETINGS, seed=11)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(search, "SHARD_PAGES", PART)
        site = build_samples(tmp_path_factory.mktemp("parts"), source=source / "dossiers", as_of=AS_OF.isoformat())
    _SITE["path"] = site
    yield from serve(site)


def test_the_index_is_in_parts(server: str) -> None:
    site = _SITE["path"]
    parts = json.loads((site / "pagefind" / search.SHARDS_FILE).read_text(encoding="utf-8"))
    assert len(parts) == len(search.plan_shards(site, PART)) - 1 >= 2
    for part in parts:
        assert (site / "pagefind" / part / "pagefind-entry.json").is_file()


def test_results_come_from_every_part(page: Page, watch: Watch) -> None:
    """A word most meetings hold in their own text: all of them are found, not only the main part's."""
    site = _SITE["path"]
    pages = {"/" + p.parent.relative_to(site).as_posix() + "/" for p in site.glob("meetings/*/*/index.html")}
    main_part = sum(len(list((site / "meetings" / y).glob("*/index.html"))) for y in search.plan_shards(site, PART)[0])
    word = "县人民政府"
    holding = {m.url for m in search_recall.meetings(site.parent / "dossiers") if word in m.text} & pages
    assert main_part < len(holding)
    page.goto(f"/?q={word}")
    message = page.locator(".pagefind-ui__message")
    expect(message).to_have_text(re.compile(f"^与“{word}”相关的会议共 \\d+ 次$"), timeout=15000)
    assert int(re.search(r"\d+", message.inner_text()).group()) == len(holding)
    assert watch.problems() == []
