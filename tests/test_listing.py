"""Listing pages filled into a shell the theme renders (generator/mkdocs/listing.py): the site is the one
MkDocs makes page by page, byte for byte, and a theme that makes pages differ otherwise stops the build."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from generator.check import built_mark
from generator.mkdocs import listing
from generator.mkdocs import render as meeting_render
from generator.mkdocs.render import ShellError

from . import synth
from .conftest import ROOT, SITE_CONFIG, TEST_RULES

SITE_URL = "https://huiwu.example/"
UNITS = ["县政府办公室", "县财政局", "县水利局", "县教育局"]


def _build(root: Path, shells: bool, site: str, overrides: Path = ROOT / "overrides", permalink: bool = False) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = SITE_CONFIG.format(overrides=overrides, audience="内部", rules=TEST_RULES)
    if permalink:  # every heading with its permalink (toc's setting): the shells' markers hold one too
        config = config.replace("  - attr_list\n", "  - attr_list\n  - toc:\n      permalink: true\n")
    config = config.replace("  - meeting-archive:\n", f"  - meeting-archive:\n      listing_shells: {str(shells).lower()}\n")
    (root / "mkdocs.yml").write_text(config + f"site_url: {SITE_URL}\n", encoding="utf-8")
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(root / site)))
    return root / site


@pytest.fixture
def archive_root(tmp_path: Path) -> Path:
    synth.write_archive(tmp_path, 60, seed=5, units=UNITS)
    # a meeting whose owners are markup, so that person pages have hostile names and headings
    shutil.copytree(ROOT / "tests/fixtures/hostile/2024", tmp_path / "dossiers/2024", dirs_exist_ok=True)
    return tmp_path


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _sitemap_entries(data: bytes) -> list[str]:
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return sorted(re.findall(r"<url>.*?</url>", data.decode("utf-8"), re.DOTALL))


@pytest.mark.parametrize(("workers", "permalink"), [(False, False), (True, False), (False, True)])
def test_the_filled_pages_are_the_pages_mkdocs_makes(archive_root: Path, monkeypatch, workers: bool,
                                                     permalink: bool) -> None:
    monkeypatch.setattr(listing, "FRAME_MIN", 2)  # every frame of this small archive is filled
    if workers:
        monkeypatch.setattr(meeting_render, "PARALLEL_THRESHOLD", 1)
    meeting_render._memory.clear()
    mkdocs_site = _files(_build(archive_root, False, "site-mkdocs", permalink=permalink))
    meeting_render._memory.clear()
    shutil.rmtree(archive_root / ".cache", ignore_errors=True)
    filled_site = _files(_build(archive_root, True, "site-filled", permalink=permalink))
    if permalink:
        assert 'class="headerlink"' in filled_site["units/县财政局/index.html"].decode()
        meeting = next(rel for rel in filled_site if rel.startswith("meetings/") and rel.endswith("/index.html"))
        assert 'class="headerlink"' in filled_site[meeting].decode()
    assert set(filled_site) == set(mkdocs_site)
    owners = [rel for rel in mkdocs_site if rel.startswith("owners/") and rel.endswith("/index.html")]
    assert len(owners) > 20
    assert any("&lt;style&gt;" in mkdocs_site[rel].decode() for rel in owners)  # the hostile owner's page
    for rel, data in mkdocs_site.items():
        if rel in ("sitemap.xml", "sitemap.xml.gz"):  # the filled pages are listed after MkDocs' own
            assert _sitemap_entries(filled_site[rel]) == _sitemap_entries(data)
        else:
            assert filled_site[rel] == data, rel
    assert not any(listing.SHELL_DIR in rel for rel in filled_site)  # no shell is published
    assert listing.SHELL_DIR not in filled_site["sitemap.xml"].decode()


def test_a_theme_that_makes_pages_differ_otherwise_stops_the_build(archive_root: Path, monkeypatch, caplog) -> None:
    """An override that writes each page's own path into it: the witness filled into its shell is not
    MkDocs' page, so the build stops, naming the setting that renders each page instead."""
    monkeypatch.setattr(listing, "FRAME_MIN", 2)
    overrides = archive_root / "overrides"
    shutil.copytree(ROOT / "overrides", overrides)
    main = overrides / "main.html"
    main.write_text(main.read_text(encoding="utf-8") +
                    '\n{% block footer %}<p class="x">{{ page.file.src_uri if page and page.file }}</p>{{ super() }}{% endblock %}\n',
                    encoding="utf-8")
    with pytest.raises(Abort):
        _build(archive_root, True, "site", overrides)
    assert "按框架生成的结果与 MkDocs 生成的不同" in caplog.text and "listing_shells: false" in caplog.text
    assert not (archive_root / "site" / built_mark.NAME).exists()  # nothing to publish
    _build(archive_root, False, "site", overrides)  # rendered page by page, the same theme builds


def test_the_guide_pages_and_a_frame_too_small_stay_mkdocs_pages(archive_root: Path) -> None:
    from generator.check import run as checking
    from generator.core.settings import load_settings
    from generator.domain.archive import Archive
    from generator.site.pages import build_pages

    _build(archive_root, False, "site")
    settings = load_settings(archive_root / "mkdocs.yml")
    pages = build_pages(Archive(checking.check(settings).dossiers, settings))

    class _File:
        def __init__(self, src: str) -> None:
            self.dest_uri, self.url = src[:-2] + "html", src[: -len("index.md")]

    planned = listing.plan(pages, lambda src: src.count("/") == 1, _File, frame_min=2)
    filled = {p.src for p in planned.listings}
    assert any(src.startswith("owners/") for src in filled) and any(src.startswith("units/") for src in filled)
    assert not any(src.count("/") < 2 for src in filled)  # the nav's pages and the top pages stay MkDocs'
    assert set(planned.witnesses).isdisjoint(filled)
    assert len(planned.witnesses) == len(planned.shells)
    few = listing.plan(pages, lambda src: False, _File, frame_min=10 ** 6)
    assert not few.listings and not few.shells


@pytest.mark.parametrize("text", [
    "---\ntitle: 甲\n---\n\n<p>先有别的</p>\n\n# 甲\n",  # the title heading is not first
    "---\ntitle: 甲\n---\n\n# 甲\n\n## 一\n\n### 二\n",  # a deeper heading: not a flat table of contents
    "---\ntitle: 甲\n---\n\n# 甲\n\n```\n# 代码\n```\n",  # a code block: its lines are not headings
    "---\ntitle: 甲\n---\n\n# 甲\n\n乙\n---\n",  # a heading underlined
    "---\ntitle: 甲\n---\n\n# 甲\n\n# 又一个\n",  # two titles
    "---\nhide: [toc]\n---\n\n# 甲\n",  # no title of its own
    "# 甲\n",  # no front matter
])
def test_a_page_whose_headings_are_not_told_by_its_lines_is_left_to_mkdocs(text: str) -> None:
    assert listing.frame_of("owners/甲/index.md", text) is None


def test_a_frame_is_its_folder_depth_front_matter_and_sections() -> None:
    one = listing.frame_of("owners/甲/index.md", "---\ntitle: 甲\nhide: [toc]\n---\n\n# 甲\n\n## 负责的事项\n")
    two = listing.frame_of("owners/乙/index.md", "---\ntitle: \"乙\"\nhide: [toc]\n---\n\n# 乙\n\n<p>没有事项</p>\n")
    assert one is not None and two is not None
    assert one[1] == "甲" and two[1] == "乙"
    assert (one[0].top, one[0].depth, one[0].sections) == ("owners", 2, True)
    assert two[0].sections is False and one[0].meta == two[0].meta
    assert listing.frame_of("owners/index.md", "---\ntitle: 甲\n---\n\n# 甲\n") is None  # a top page


def test_a_theme_without_the_markers_stops_the_build() -> None:
    with pytest.raises(ShellError):
        listing.ListingShell("<html><body>nothing to fill</body></html>", "owners/ma-shell-0/")


def test_a_shell_takes_a_folder_no_page_of_the_site_is_in() -> None:
    class _File:
        def __init__(self, src: str) -> None:
            self.dest_uri, self.url = src[:-2] + "html", src[: -len("index.md")]

    page = "---\ntitle: {}\nhide: [toc]\n---\n\n# {}\n"
    pages = {f"units/单位{i}/index.md": page.format(f"单位{i}", f"单位{i}") for i in range(5)}
    assert len(listing.plan(pages, lambda src: False, _File, frame_min=2).listings) == 4
    pages[f"units/{listing.SHELL_DIR}0/index.md"] = page.format("同名", "同名")  # a unit named like the shell
    pages[f"units/{listing.SHELL_DIR}1/2024/index.md"] = page.format("又一个", "又一个")  # and a year of another
    planned = listing.plan(pages, lambda src: False, _File, frame_min=2)
    assert len(planned.shells) == 1 and len(planned.listings) == 5  # the frame is still filled,
    shell = planned.shells[0][0]
    assert shell == f"units/{listing.SHELL_DIR}2/index.md"  # its shell in a folder no page is in
