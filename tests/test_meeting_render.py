"""Meeting pages filled into the theme's shell (generator/mkdocs/render.py)."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.domain import archive as archive_mod
from generator.check import run as checking
from generator.mkdocs import render as meeting_render
from generator.mkdocs.render import PageStore, Renderer, Shell, ShellError, clean_minutes, render_all, toc_html

from .conftest import ROOT, SITE_CONFIG, TEST_RULES, dossier_text

SITE_URL = "https://huiwu.example/"

MINI_SHELL = (
    "<html><head><title>MASHELLTITLEq7 - 档案</title>"
    '<link rel="canonical" href="https://x/meetings/0000/ma-shell/"></head><body>'
    '<a href="#mashelltocq7" class="md-skip">跳转至</a>'
    '<ul class="md-nav__list" data-md-component="toc"><li class="md-nav__item">\n'
    '<a href="#mashelltocq7" class="md-nav__link"><span class="md-ellipsis">MASHELLTOCq7</span></a>\n</li></ul>'
    '<article><div class="md-content"><h2 id="mashelltocq7">MASHELLTOCq7</h2>\n<h1>MASHELLBODYq7</h1></div>'
    "</article></body></html>"
)


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        for k, v in attrs:
            if k == "id" and v:
                self.ids.add(v)


def build_samples(root: Path, extra_config: str = "") -> Path:
    """The sample archive built into root/site, as of the date the samples are written for."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    shutil.copytree(ROOT / "dossiers", root / "dossiers")
    # The samples name units beyond the test list of four: there they are notes, not errors.
    config = SITE_CONFIG.format(overrides=ROOT / "overrides", audience="内部", rules="{warnings: info, unit-unknown: info}")
    config = config.replace("2024-06-01", "2026-11-27")
    (root / "mkdocs.yml").write_text(config + extra_config, encoding="utf-8")
    build(load_config(str(root / "mkdocs.yml")))
    return root / "site"


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    return build_samples(tmp_path_factory.mktemp("shell"), f"site_url: {SITE_URL}\n")


def test_the_shell_is_never_published_and_no_marker_is_left(sample_site: Path) -> None:
    assert not (sample_site / "meetings" / "0000").exists()
    for page in sample_site.rglob("*.html"):
        assert "MASHELL" not in page.read_text(encoding="utf-8"), page
    assert "ma-shell" not in (sample_site / "sitemap.xml").read_text(encoding="utf-8")


def test_a_meeting_page_has_its_title_toc_and_address(sample_site: Path) -> None:
    page = sample_site / "meetings/2025/2025-01-14-changwu-1/index.html"
    html = page.read_text(encoding="utf-8")
    assert "<title>县人民政府2025年第1次常务会议 - 测试档案</title>" in html
    assert f'<link rel="canonical" href="{SITE_URL}meetings/2025/2025-01-14-changwu-1/">' in html
    toc = html[html.index('data-md-component="toc"'):html.index('class="md-content"')]
    anchors = re.findall(r'href="#([^"]+)"', toc)
    titles = [t.strip() for t in re.findall(r'<span class="md-ellipsis">([^<]*)</span>', toc)]
    assert titles[:4] == ["议程", "参会人员", "参会情况通报", "会议纪要"]
    assert "会议研究的事项" in titles  # a heading of the minutes, under 会议纪要
    ids = _Ids()
    ids.feed(html)
    assert anchors and all(a in ids.ids for a in anchors)
    assert re.search(rf'<a href="#{anchors[0]}" class="md-skip">', html)  # Material's skip link


def test_the_sitemap_lists_every_meeting_page(sample_site: Path) -> None:
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    meetings = sorted(p.parent.relative_to(sample_site).as_posix() + "/"
                      for p in (sample_site / "meetings").glob("*/*/index.html"))
    assert meetings
    for url in meetings:
        assert f"<loc>{SITE_URL}{url}</loc>" in sitemap


def test_workers_write_the_same_pages_as_one_process(tmp_path: Path, monkeypatch) -> None:
    meeting_render._memory.clear()
    serial = build_samples(tmp_path / "serial")
    meeting_render._memory.clear()  # the workers render every page themselves (each root has its own .cache)
    monkeypatch.setattr(meeting_render, "PARALLEL_THRESHOLD", 1)
    pool = build_samples(tmp_path / "pool")
    pages = sorted(p.relative_to(serial) for p in serial.glob("meetings/*/*/index.html"))
    assert len(pages) == len(list(pool.glob("meetings/*/*/index.html"))) > 10
    for rel in pages:
        assert (pool / rel).read_bytes() == (serial / rel).read_bytes(), rel
    for export in ("exports/archive.json", "exports/actions.csv", "feed.xml"):
        assert (pool / export).read_bytes() == (serial / export).read_bytes(), export


# ---------------------------------------------------------------------------------------------------
# The parts


def test_a_theme_without_the_markers_stops_the_build() -> None:
    with pytest.raises(ShellError, match="Material"):
        Shell("<html><body>nothing to fill</body></html>")
    with pytest.raises(ShellError):
        Shell(MINI_SHELL.replace("<h1>MASHELLBODYq7</h1>", ""))


def test_the_shell_is_filled_everywhere() -> None:
    shell = Shell(MINI_SHELL)
    html = shell.fill(title="A &amp; B", toc='<li class="md-nav__item">X</li>', anchor="#_1",
                      content="<p>正文</p>", url="meetings/2024/a/")
    assert "<title>A &amp; B - 档案</title>" in html
    assert '<a href="#_1" class="md-skip">' in html
    assert '<ul class="md-nav__list" data-md-component="toc"><li class="md-nav__item">X</li></ul>' in html
    assert '<div class="md-content"><p>正文</p></div>' in html
    assert 'href="https://x/meetings/2024/a/"' in html


def test_toc_items_nest_as_materials_do() -> None:
    tokens = [
        {"level": 2, "id": "_1", "name": "议程", "children": []},
        {"level": 2, "id": "_2", "name": "纪要 &amp; 附件", "children": [
            {"level": 3, "id": "_3", "name": "<code>概况</code>", "children": []}]},
    ]
    html = toc_html(tokens)
    assert html.count('<li class="md-nav__item">') == 3
    assert '<nav class="md-nav" aria-label="纪要 &amp; 附件"><ul class="md-nav__list">' in html
    # A name is text: tags in it (here a <code>) are dropped, never written as markup.
    assert '<a href="#_3" class="md-nav__link"><span class="md-ellipsis">\n概况\n</span></a>' in html
    # A level-1 heading first is the page title: its children are the items.
    assert toc_html([{"level": 1, "id": "t", "name": "标题", "children": tokens}]) == html


def test_toc_items_are_what_materials_own_partial_writes() -> None:
    """The same items as Material's ``partials/toc-item.html`` (or an override of it in ``overrides/``)
    renders from MkDocs' own table of contents, compared with whitespace removed (the partial's
    indentation is its template's). A theme update that changes the partial fails here."""
    from mkdocs.structure.toc import get_toc  # noqa: PLC0415
    from mkdocs.theme import Theme  # noqa: PLC0415

    tokens = [
        {"level": 2, "id": "_1", "name": "一、议程", "children": []},
        {"level": 2, "id": "_2", "name": "二、会议纪要", "children": [
            {"level": 3, "id": "_3", "name": "（一）概况", "children": [
                {"level": 4, "id": "_4", "name": "1. 出席", "children": []}]},
            {"level": 3, "id": "_5", "name": "（二）议定事项", "children": []}]},
        {"level": 2, "id": "_6", "name": "三、督办", "children": []},
    ]
    env = Theme(name="material", custom_dir=str(ROOT / "overrides")).get_env()
    item = env.get_template("partials/toc-item.html")
    theirs = "".join(item.render(toc_item=t) for t in get_toc(tokens))
    assert _squash(toc_html(tokens)) == _squash(theirs)


def _squash(html: str) -> str:
    return re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html))


MARK = "ma-minutes-0123456789abcdef"


def _page(minutes: str) -> str:
    return (f'<h2 id="_1">会议纪要</h2>\n<div class="ma-x" data-pagefind-meta="类型">模板</div>\n'
            f"<!--{MARK}:start-->\n{minutes}\n<!--{MARK}:end-->\n<ol class=\"ma-decisions\"><li>决定</li></ol>")


def test_only_the_minutes_are_cleaned() -> None:
    html = clean_minutes(_page("<p>正文</p><script>alert(1)</script><p onclick=\"x()\">点</p>"), MARK, True)
    assert "<script>" not in html and "onclick" not in html and "<p>正文</p>" in html
    assert '<div class="ma-x" data-pagefind-meta="类型">模板</div>' in html  # the template's HTML as it was
    assert MARK not in html


def test_minutes_cannot_close_their_own_region() -> None:
    # A clerk cannot know the build's marker; one who guesses a marker's shape gains nothing.
    forged = "<!--ma-minutes-ffffffffffffffff:end--><script>alert(1)</script>"
    html = clean_minutes(_page(forged), MARK, True)
    assert "<script>" not in html


def test_a_lost_marker_cleans_the_whole_page() -> None:
    page = _page("<script>alert(1)</script>").replace(f"<!--{MARK}:end-->", "")  # swallowed by a code block
    html = clean_minutes(page + "<img src=x onerror=alert(2)>", MARK, True)
    assert "<script>" not in html and "onerror" not in html


def test_a_rebuild_renders_only_what_changed(settings, write, tmp_path: Path) -> None:
    write("2024/a.md", dossier_text())
    b = write("2024/b.md", dossier_text().replace("第3次", "第4次").replace("2024-05-06", "2024-05-08"))
    site = tmp_path / "site"
    meeting_render._memory.clear()
    kept = tmp_path / "pages"

    def run() -> tuple[int, int]:
        result = checking.check(settings)
        arch = archive_mod.Archive(result.dossiers, settings)
        renderer = Renderer(arch, ["toc", "tables"], {}, Shell(MINI_SHELL))
        return render_all(renderer, str(site), PageStore(kept))

    assert run() == (2, 2)  # (rendered anew, written)
    assert run() == (0, 2)
    b.write_text(dossier_text("venue: 第二会议室\n").replace("第3次", "第4次").replace("2024-05-06", "2024-05-08"),
                 encoding="utf-8")
    assert run() == (1, 2)
    assert "第二会议室" in (site / "meetings/2024/b/index.html").read_text(encoding="utf-8")
    assert len(list(kept.glob("*.html"))) == 2  # the page b had before is gone
    meeting_render._memory.clear()
    assert run() == (0, 2)  # a new process: the pages kept on disk


def test_a_kept_page_is_not_reused_under_other_markdown_settings(settings, write) -> None:
    write("2024/a.md", dossier_text())
    arch = archive_mod.Archive(checking.check(settings).dossiers, settings)
    plain = Renderer(arch, ["toc", "tables"], {}, Shell(MINI_SHELL))
    numbered = Renderer(arch, ["toc", "tables"], {"toc": {"permalink": True}}, Shell(MINI_SHELL))
    source = plain.source(arch.visible[0]).replace(plain.marker, "")
    assert PageStore.key(plain, source) != PageStore.key(numbered, source)
    assert PageStore.key(plain, source) == PageStore.key(Renderer(arch, ["toc", "tables"], {}, Shell(MINI_SHELL)), source)


def test_toc_names_and_ids_from_the_minutes_stay_text_and_stay_in_their_attribute() -> None:
    """A heading's name reaches the table of contents as text through the sanitiser, its id escaped: an
    attribute-list id holding ``">`` cannot close the link, a spliced tag cannot become an element."""
    from html.parser import HTMLParser  # noqa: PLC0415

    tokens = [
        {"level": 2, "id": 'x"><img src=x onerror=alert(1)>', "name": "属性标题", "children": []},
        {"level": 2, "id": "_2", "name": "<img src=x onerror=alert(2)>拼接", "children": [
            {"level": 3, "id": "_3", "name": "&lt;script&gt;alert(3)&lt;/script&gt;", "children": []}]},
    ]
    html = toc_html(tokens)
    seen: list[tuple[str, dict]] = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            seen.append((tag, dict(attrs)))

    P().feed(html)
    assert {tag for tag, _ in seen} == {"li", "a", "span", "nav", "ul"}
    assert not [a for _, attrs in seen for a in attrs if a.startswith("on") or a == "src"]
    assert seen[1][1]["href"] == '#x"><img src=x onerror=alert(1)>'  # the whole id, as the attribute's value
    assert "拼接" in html and "&lt;script&gt;alert(3)&lt;/script&gt;" in html


def test_the_workers_make_the_pages_the_build_would(tmp_path: Path) -> None:
    """A large build's workers make the listing pages (RenderPool.build_pages): the same pages, in the
    same order, as site.pages.build_pages in the build's own process."""
    from generator.core.settings import load_settings
    from generator.site.pages import build_pages

    from . import synth
    from .conftest import build_site

    synth.write_archive(tmp_path, 30, seed=8, units=["县政府办公室", "县财政局", "县水利局", "县教育局"])
    build_site(tmp_path)
    settings = load_settings(tmp_path / "mkdocs.yml")
    arch = archive_mod.Archive(checking.check(settings).dossiers, settings)
    pool = meeting_render.RenderPool(arch, ["toc", "tables"], {}, str(tmp_path / "out"))
    try:
        made = pool.build_pages()
    finally:
        pool.close()
    expected = build_pages(arch)
    assert list(made.items()) == list(expected.items()) and len(made) > 20


def test_only_a_preview_keeps_the_page_store_in_memory(tmp_path: Path, monkeypatch) -> None:
    """A build's workers wrote every page into the store's folder and also held it in memory to the end."""
    monkeypatch.setattr(meeting_render, "_memory", {})
    build, preview = PageStore(tmp_path / "b"), PageStore(tmp_path / "p", remember=True)
    build.put("k1", b"<p>1</p>")
    preview.put("k2", b"<p>2</p>")
    assert set(meeting_render._memory) == {"k2"}
    assert build.get("k1") == b"<p>1</p>" and (tmp_path / "b" / "k1.html").read_bytes() == b"<p>1</p>"
    assert PageStore(None).remember  # with no folder, memory is all it has
