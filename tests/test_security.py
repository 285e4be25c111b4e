"""Hostile and careless content: reported at its line, removed from the page, never run, never fetched.

``tests/fixtures/hostile`` holds one dossier full of such content, in its front matter (which Jinja
escapes) and in its body (which the allow-list cleans). The site built from it is opened in Chromium
(tests/browser/test_hostile.py): nothing runs, nothing is fetched from outside, the rest still renders.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from markupsafe import escape

from generator.domain import archive
from generator.check import run as checking
from generator.core import html as sanitize
from generator.core.settings import Settings
from generator.core.diagnostics import ERROR, WARNING

from .conftest import FIXTURES, ROOT, SITE_CONFIG, TEST_RULES, build_site, dossier_text

HOSTILE = FIXTURES / "hostile"
HOSTILE_PAGE = "meetings/2024/2024-05-06-hostile/index.html"


def _check(folder: Path) -> checking.CheckResult:
    settings = Settings(dossiers_dir=folder, units=["县政府办公室", "县水利局"], as_of=date(2024, 6, 1))
    return checking.check(settings)


def _diags(result: checking.CheckResult) -> list[tuple[int, int, str, str]]:
    return [(d.line, d.col, d.severity, d.code) for d in result.diagnostics]


# ---------------------------------------------------------------------------------------------------
# Validation: each removal is a warning at its line; links out of the folder are errors


def test_each_removal_is_a_warning_at_its_line() -> None:
    result = _check(HOSTILE)
    assert result.errors == 0
    assert _diags(result) == [
        (55, 1, WARNING, "body_tag_content_removed"),  # <script>
        (57, 22, WARNING, "body_handler_removed"),  # onerror=
        (59, 4, WARNING, "body_url_removed"),  # <a href="javascript:…">
        (61, 17, WARNING, "body_url_removed"),  # [..](javascript:…)
        (63, 1, WARNING, "body_tag_content_removed"),  # <iframe>
        (65, 9, WARNING, "body_external_removed"),  # ![..](https://…)
        (67, 6, WARNING, "body_external_removed"),  # <img src="//…">
        (69, 1, WARNING, "body_tag_removed"),  # <link rel=stylesheet>
        (71, 1, WARNING, "body_tag_content_removed"),  # <style>
        (73, 1, WARNING, "body_tag_removed"),  # <form>
        (73, 43, WARNING, "body_tag_removed"),  # <input>
        (73, 60, WARNING, "body_tag_removed"),  # <button>
        (75, 1, WARNING, "body_tag_content_removed"),  # <object>
        (77, 1, WARNING, "body_tag_content_removed"),  # <embed>
        (79, 8, WARNING, "body_external_removed"),  # <video src="https://…">
        (81, 6, WARNING, "body_attr_removed"),  # style=
        (81, 57, WARNING, "body_handler_removed"),  # onclick=
        (83, 1, WARNING, "body_tag_content_removed"),  # <svg onload>
        (85, 1, WARNING, "body_tag_removed"),  # <meta http-equiv=refresh>
        (87, 1, WARNING, "body_tag_removed"),  # <base>
        (89, 6, WARNING, "body_attr_removed"),  # id="__config"
        (92, 4, WARNING, "body_attr_list_removed"),  # {: onclick=… }
    ]
    # Code (inline and indented) is shown as written, never run: nothing reported there.
    text = (HOSTILE / "2024/2024-05-06-hostile/index.md").read_text(encoding="utf-8").split("\n")
    assert "行内代码" in text[93] and "indented code" in text[95]


def test_messages_say_what_and_where_in_both_languages() -> None:
    result = _check(HOSTILE)
    first = result.diagnostics[0]
    assert first.message("zh") == "正文中不允许使用<script>，发布时会连同其中内容一起删除"
    assert first.message("en") == "<script> is not allowed in the minutes; it is removed with its content when published"
    ext = [d for d in result.diagnostics if d.code == "body_external_removed"][0]
    assert "“https://evil.example/track.png”" in ext.message("zh")


BODY_LINKS = """\
## 纪要

[上级文件](../../机密/通知.pdf)

![照片](/etc/passwd)

<a href="C:\\Users\\秘书\\纪要.docx">本机文件</a>

[本机](file:///home/secret.txt)

<img src="..%2F..%2Fsecret.png">

[本文件夹的附件](附件/签到表.txt) [锚点](#议定事项) [站外](https://www.gov.cn/) [邮件](mailto:a@b.cn)
"""


def test_links_leaving_the_folder_and_absolute_paths_are_errors(settings, write) -> None:
    path = write("2024/2024-05-06-a/index.md", dossier_text().replace("## 会议概况\n\n会议研究了防汛工作。\n", BODY_LINKS))
    write("2024/2024-05-06-a/附件/签到表.txt", "签到")
    result = checking.check(settings)
    body = 8  # the file line where the body starts
    assert _diags(result) == [
        (body + 2, 8, ERROR, "body_link_outside"),
        (body + 4, 7, ERROR, "body_link_absolute"),
        (body + 6, 4, ERROR, "body_link_absolute"),
        (body + 8, 6, ERROR, "body_link_absolute"),
        (body + 10, 6, ERROR, "body_link_outside"),
    ]
    assert result.diagnostics[0].message("zh") == (
        "正文中的链接“../../机密/通知.pdf”跳出了档案所在文件夹；正文只能链接档案文件夹中的文件"
    )
    assert path.read_text(encoding="utf-8").count("机密") == 1  # checking never writes


def test_body_symlink_leading_out_is_an_error(settings, write, tmp_path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"x")
    path = write("2024/2024-05-06-a/index.md", dossier_text() + "\n![照片](photo.png)\n")
    (path.parent / "photo.png").symlink_to(secret)
    assert [d[3] for d in _diags(checking.check(settings))] == ["body_link_outside"]


def test_attachment_over_the_size_limit_is_an_error(settings, write) -> None:
    docs = "documents:\n  - id: F1\n    title: 录像\n    file: 录像.mp4\n"
    path = write("2024/2024-05-06-a/index.md", dossier_text(docs))
    with open(path.parent / "录像.mp4", "wb") as fh:  # sparse: 51 MB on paper, nothing on disk
        fh.truncate(51 * 1024 * 1024)
    result = checking.check(settings)
    assert _diags(result) == [(10, 5, ERROR, "attachment_too_large")]  # at documents[0].file
    assert result.diagnostics[0].message("zh") == (
        "documents[0].file（第 1 项，F1）: 附件“录像.mp4”有 51.0 MB，超过 50 MB 的上限（mkdocs.yml 中的 max_attachment_mb）；请压缩或拆分后再放入档案"
    )
    settings.max_attachment_mb = 60
    assert checking.check(settings).errors == 0


def test_attachment_limit_comes_from_mkdocs_yml(tmp_path: Path, caplog) -> None:
    from mkdocs.exceptions import Abort, PluginError  # noqa: PLC0415

    docs = "documents:\n  - id: F1\n    title: 材料\n    file: 材料.pdf\n"
    folder = tmp_path / "dossiers/2024/2024-05-06-a"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(dossier_text(docs), encoding="utf-8")
    (folder / "材料.pdf").write_bytes(b"x" * 200_000)
    block = "      max_attachment_mb: 0.1\n"
    config = SITE_CONFIG.replace("      as_of:", block + "      as_of:")
    (tmp_path / "mkdocs.yml").write_text(config.format(overrides=ROOT / "overrides", audience="内部", rules=TEST_RULES), encoding="utf-8")
    from mkdocs.commands.build import build  # noqa: PLC0415
    from mkdocs.config import load_config  # noqa: PLC0415

    with pytest.raises((PluginError, Abort)):
        build(load_config(str(tmp_path / "mkdocs.yml")))
    assert any("附件“材料.pdf”有 0.2 MB，超过 0.1 MB 的上限" in r.getMessage() for r in caplog.records)
    assert not (tmp_path / "site" / "meetings").exists()


@pytest.mark.parametrize(
    "front, code",
    [
        ("base: &a {x: 1}\nvenue: *a\n", "yaml_alias"),
        ("<<: {venue: 会议室}\n", "yaml_merge"),
        ("venue: " + "[" * 40 + "]" * 40 + "\n", "yaml_too_deep"),
        ("venue:\n  " + "- " * 40 + "x\n", "yaml_too_deep"),
    ],
    ids=["alias", "merge", "deep-flow", "deep-block"],
)
def test_yaml_bombs_are_errors_not_crashes(settings, write, front: str, code: str) -> None:
    write("x.md", dossier_text(front))
    result = checking.check(settings)
    assert code in [d.code for d in result.diagnostics] and result.errors >= 1


def test_billion_laughs_is_refused_quickly(settings, write) -> None:
    lol = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lol += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 10)]
    write("x.md", dossier_text("\n".join(lol) + "\n"))
    assert "yaml_alias" in [d.code for d in checking.check(settings).diagnostics]


def test_oversized_front_matter_and_file_are_errors(settings, write) -> None:
    write("big-fm.md", dossier_text("venue: " + "会" * 400_000 + "\n"))  # 1.2 MB of front matter
    write("big-file.md", dossier_text() + "纪要" * 1_000_000)  # 6 MB
    codes = {d.file.name: d.code for d in checking.check(settings).diagnostics}
    assert codes == {"big-fm.md": "front_matter_too_large", "big-file.md": "file_too_large"}


# ---------------------------------------------------------------------------------------------------
# Render: the allow-list


def test_clean_removes_what_runs_and_what_reaches_out() -> None:
    html = (
        '<p onclick="x()">甲<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">乙</a><a href="https://www.gov.cn/">丙</a><a href="../x/">丁</a>'
        '<img src="https://evil.example/t.png" alt="外"><img src="//evil.example/t.png"><img src="data:image/png;base64,AA">'
        '<img src="photo.png" alt="本地"><iframe src="https://evil.example/">框</iframe>'
        '<div id="__config" class="ma-x" data-pagefind-body style="color:red">戊</div>'
        '<table><tr><td colspan="2">己</td></tr></table><br><em>庚</em><time datetime="2024-05-06">辛</time>'
    )
    out = sanitize.clean(html)
    assert "onclick" not in out and "script" not in out and "alert" not in out and "iframe" not in out
    assert "evil.example" not in out and "data:" not in out and "style" not in out and "__config" not in out
    assert '<a href="https://www.gov.cn/" rel="noopener noreferrer">丙</a>' in out
    assert '<a href="../x/" rel="noopener noreferrer">丁</a>' in out
    assert '<img src="photo.png" alt="本地">' in out and '<img alt="外">' in out
    assert '<div>戊</div>' in out  # no data-*, no class of the site's own (ma-x), no reserved id
    assert '<td colspan="2">己</td>' in out and "<br>" in out and "<em>庚</em>" in out
    assert '<time datetime="2024-05-06">辛</time>' in out


def test_markdown_made_from_dossier_text_keeps_no_handler_or_script_url() -> None:
    """Templates escape dossier values, but in a Markdown context a value can still spell a link, an
    image or an attribute list (a tag or a unit name in a heading): SafeMarkdown drops what would act."""
    import markdown  # noqa: PLC0415

    md = markdown.Markdown(extensions=["attr_list", sanitize.SafeMarkdown()])
    html = md.convert(
        "# 标签：[点我](javascript:alert(1)) {: onclick=alert(2) style=background:url(//evil.example/a.png) }\n\n"
        "![跟踪](https://evil.example/t.png) ![本地](photo.png) [站外](https://www.gov.cn/) [邮件](mailto:a@b.cn)"
    )
    assert "javascript" not in html and "onclick" not in html and "evil.example" not in html, html
    assert "<span>点我</span>" in html and "<span>跟踪</span>" in html
    assert '<img alt="本地" src="photo.png" />' in html
    assert '<a href="https://www.gov.cn/">站外</a>' in html and '<a href="mailto:a@b.cn">邮件</a>' in html


def test_allow_list_keeps_every_bit_of_the_meeting_template() -> None:
    """Sanitising the pages of the sample dossiers whole (as when the minutes' markers are lost) keeps every
    element and every word; only the site's own classes and anchors, data-* attributes and the rel of links
    change."""
    import markdown  # noqa: PLC0415
    from mkdocs.utils import meta  # noqa: PLC0415

    from generator.site.pages.meeting import meeting_page  # noqa: PLC0415

    settings = Settings(dossiers_dir=ROOT / "dossiers")
    result = checking.check(settings)
    arch = archive.Archive(result.dossiers, settings)
    assert len(arch.visible) >= 5
    for d in arch.visible:
        source, _ = meta.get_data(meeting_page(arch, d))
        html = markdown.markdown(source, extensions=["tables", "attr_list", "md_in_html", "admonition", "toc"])
        assert _elements(sanitize.clean(html)) == _elements(html), d.id


def _elements(html: str) -> list[tuple[str, tuple]]:
    from html.parser import HTMLParser  # noqa: PLC0415

    out: list[tuple[str, tuple]] = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            out.append((tag, tuple(sorted((k, v or "") for k, v in attrs
                                          if k not in ("rel", "class") and not k.startswith("data-")
                                          and not (k == "id" and sanitize.RESERVED_ID.match(v or ""))))))

        def handle_data(self, data):
            if data.strip():
                out.append(("#text", (data.strip(),)))

    P().feed(html)
    return out


# ---------------------------------------------------------------------------------------------------
# The built site


def build_hostile(root: Path) -> Path:
    """The hostile fixture built into root/site (not strict: its body warns on purpose)."""
    shutil.copytree(HOSTILE, root / "dossiers")
    return build_site(root, strict=False)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    return build_hostile(tmp_path_factory.mktemp("hostile"))


def test_front_matter_text_is_escaped_everywhere(hostile_site: Path) -> None:
    page = (hostile_site / HOSTILE_PAGE).read_text(encoding="utf-8")
    # Shown as text, exactly as written (escaped by the templates: ' is &#39;, " is &#34;).
    assert escape("</dd></dl><script>window.__pwned='venue'</script>第一会议室") in page
    assert escape("<b onmouseover=\"window.__pwned='chair'\">李四</b>") in page
    topic = escape("[议题链接](javascript:window.__pwned='topic')")
    assert f"<td>{topic}</td>" in page  # Markdown in a value stays text
    assert escape("同意<script>window.__pwned='decision'</script>《防汛应急预案》") in page
    # The title, which the theme prints in <title> and in the header, too.
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title.startswith("县政府第9次常务会议&lt;img src=x onerror=&quot;")
    for html in hostile_site.rglob("*.html"):
        assert _active(html.read_text(encoding="utf-8")) == [], html


def _active(html: str) -> list[str]:
    """What in this HTML could run or reach out: hostile scripts and handlers, javascript: URLs, and
    any address outside the site that is not an ordinary link."""
    from html.parser import HTMLParser  # noqa: PLC0415

    found: list[str] = []

    class P(HTMLParser):
        script = False

        def handle_starttag(self, tag, attrs):
            self.script = tag == "script"
            for name, value in attrs:
                value = (value or "").strip()
                if (name.startswith("on") and "__pwned" in value) or value.lower().startswith("javascript:"):
                    found.append(f"<{tag} {name}={value!r}>")
                if name in ("src", "action", "data", "poster", "srcset") or (name == "href" and tag != "a"):
                    if sanitize.is_external(value) and not value.startswith(("data:",)):
                        found.append(f"<{tag} {name}={value!r}>")

        def handle_data(self, data):
            if self.script and "__pwned" in data:
                found.append(f"<script>{data[:40]}")

        def handle_endtag(self, tag):
            self.script = False

    P().feed(html)
    return found


def test_body_is_cleaned_and_the_rest_stays(hostile_site: Path) -> None:
    page = (hostile_site / HOSTILE_PAGE).read_text(encoding="utf-8")
    body = page.split('会议概况</h3>')[1].split("议定事项</h2>")[0]
    for gone in ("window.__pwned='onerror'", "js-link", "evil.example/frame", "track.png", "pixel.gif",
                 "x.css", "bg.png", "steal", "x.swf", "v.mp4", "s.png", "svg", "refresh", "<base", "__config",
                 "attr-list", 'window.__pwned = "script"'):
        assert gone not in body, gone
    for kept in ("<strong>加粗</strong>", "<em>强调</em>", "<br>", "<td>清理河道</td>", "<li>第一项</li>",
                 '<img src="photo.png" alt="本地照片">', "带样式的段落", "冒充主题配置", "带属性的段落",
                 '<a href="https://www.gov.cn/" rel="noopener noreferrer">普通站外链接</a>', "最后一段"):
        assert kept in body, kept
    assert "<code>&lt;script&gt;window.__pwned='code'&lt;/script&gt;</code>" in body  # code shown as written


def test_hostile_names_write_nothing_outside_the_site(hostile_site: Path) -> None:
    root = hostile_site.parent
    # Beside the site nothing is written: the caches go to MEETING_ARCHIVE_CACHE_DIR in the test run.
    assert sorted(p.name for p in root.iterdir()) == ["dossiers", "mkdocs.yml", "site"]
    assert not [p for p in hostile_site.rglob("*") if p.name == "escape" and p.parent.name != "tag"]


DATA_ATTRS = """\
## 纪要

<div data-pagefind-meta="url:javascript:alert(1)">链接</div>

<span class="md-button ma-badge 普通" id="ma-search-input">冒充</span>

带属性的段落
{: data-pagefind-filter="类型" .md-typeset #__drawer }

<p data-md-component="header" aria-label="说明">段落</p>
"""


def test_attributes_the_sites_scripts_read_are_warnings_at_their_line(settings, write) -> None:
    write("2024/2024-05-06-a/index.md", dossier_text().replace("## 会议概况\n\n会议研究了防汛工作。\n", DATA_ATTRS))
    result = checking.check(settings)
    body = 8
    assert _diags(result) == [
        (body + 2, 6, WARNING, "body_attr_removed"),  # data-pagefind-meta
        (body + 4, 7, WARNING, "body_attr_removed"),  # class="md-button ma-badge …"
        (body + 4, 37, WARNING, "body_attr_removed"),  # id="ma-search-input"
        (body + 7, 4, WARNING, "body_attr_list_removed"),  # data-pagefind-filter=
        (body + 7, 30, WARNING, "body_attr_list_removed"),  # .md-typeset
        (body + 7, 42, WARNING, "body_attr_list_removed"),  # #__drawer
        (body + 9, 4, WARNING, "body_attr_removed"),  # data-md-component
    ]
    out = sanitize.clean('<div data-pagefind-meta="url:x" class="md-button 普通" id="ma-x" aria-label="说明">段</div>')
    assert out == '<div class="普通" aria-label="说明">段</div>'


MARKDOWNISH = "*甲乙*_丙丁_`戊己`[庚辛](http://x.test/)~~壬癸~~#子丑 {: .c}"


def test_markdown_in_any_value_is_shown_as_written_on_every_page(tmp_path: Path) -> None:
    """Every text field holding Markdown syntax: no page turns it into emphasis, code or a link, including
    the pages whose heading is a unit, a tag, a kind or a lesson category (read as Markdown there)."""
    import html as html_mod  # noqa: PLC0415

    m = MARKDOWNISH
    extra = "".join(f'{k}: "{m}"\n' for k in ("venue", "organizer", "chair", "recorder")) + f"""\
tags: ["{m}"]
attendees:
  - {{name: "{m}", unit: "{m}", rsvp: 确认, signed_in: true}}
agenda:
  - {{topic: "{m}", presenter: "{m}"}}
decisions:
  - {{id: D1, text: "{m}"}}
actions:
  - {{id: A1, task: "{m}", unit: "{m}", owner: "{m}", due: 2024-05-20, decision: D1,
      updates: [{{date: 2024-05-10, note: "{m}"}}]}}
documents:
  - {{id: W1, title: "{m}", disposition: 归档, archive_ref: "{m}"}}
lessons:
  - {{category: "{m}", type: 不足, text: "{m}"}}
incidents:
  - {{time: "10:00", description: "{m}", response: "{m}"}}
"""
    folder = tmp_path / "dossiers" / "2024"
    folder.mkdir(parents=True)
    (folder / "2024-05-06-a.md").write_text(dossier_text(extra, title=f'"{m}"'), encoding="utf-8")
    soon = extra.replace("2024-05-20", "2024-07-20").replace("2024-05-10", "2024-07-10")
    (folder / "2024-07-06-b.md").write_text(dossier_text(soon, title=f'"{m}"', date="2024-07-06", status="筹备"),
                                            encoding="utf-8")
    site = build_site(tmp_path, rules="{warnings: info, unit-unknown: info}")  # the units are not on the list
    headings = 0
    for path in site.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        for made in ("<em>甲乙", "<em>丙丁", "<code>戊己", 'href="http://x.test/"', "<del>壬癸"):
            assert made not in page, (path.relative_to(site), made)
        for h in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", page, re.S):
            text = html_mod.unescape(re.sub(r"<[^>]+>", "", h)).strip()
            if "甲乙" in text:
                # An owner's page is one name of the field (张三、李四 / 张三/李四 are two people): a part of it.
                whole = m if not str(path.relative_to(site)).startswith("owners/") else text.split(" · ")[0]
                assert whole in text and whole in m, (path.relative_to(site), text)
                headings += 1
    assert headings >= 5  # the unit's, the tag's, the lesson category's pages and the lessons page


def test_an_e_mail_address_in_angle_brackets_is_a_mail_link(settings, write, tmp_path) -> None:
    """`<name@example.org>` (common in imported minutes: "Joe Sepi @<sepi@joesepi.com>") is an e-mail link
    in Markdown, not a file the dossier names, so a flat dossier may hold one; the page links to it."""
    write("2024/2024-05-06-a.md", dossier_text().replace("会议研究了防汛工作。", "联系人 <sepi@example.org>，主页 <https://www.gov.cn/>。"))
    assert checking.check(settings).diagnostics == []
    root = settings.dossiers_dir.parent
    site = build_site(root)
    html = (site / "meetings" / "2024" / "2024-05-06-a" / "index.html").read_text(encoding="utf-8")
    assert '联系人 <a href="mailto:sepi@example.org" rel="noopener noreferrer">sepi@example.org</a>' in html
