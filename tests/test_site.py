"""Tiny sites built in tmp_path with the real MkDocs build, asserted on their HTML and exports."""

from __future__ import annotations

import csv
import re
import io
import json
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from .conftest import ROOT, build_site, dossier_text, site_text

ACTIONS = """\
tags: [防汛]
attendees:
  - name: 张三
    unit: 县水利局
    rsvp: 确认
    signed_in: true
  - name: 李四
    unit: 县财政局
    rsvp: 请假
decisions:
  - id: D1
    text: 同意《防汛应急预案》
actions:
  - id: A1
    task: 清理河道<script>alert(1)</script>
    unit: 县水利局
    due: 2024-05-20
    decision: D1
    status: 推进中
    updates:
      - date: 2024-05-10
        note: 已清理 3 公里
  - id: A2
    task: 采购防汛物资
    unit: 县财政局
    due: 2024-05-10
"""

LATER = """\
actions:
  - id: A1
    task: 继续采购防汛物资
    unit: 县财政局
    due: 2024-06-30
    carried_from: 2024-05-06-changwu-3#A2
"""


def write(root: Path, rel: str, text: str) -> None:
    p = root / "dossiers" / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")


@pytest.fixture
def archive_root(tmp_path: Path) -> Path:
    write(tmp_path, "2024/2024-05-06-changwu-3.md", dossier_text(ACTIONS, title="县政府第3次常务会议"))
    write(tmp_path, "2024/2024-05-27-changwu-4.md", dossier_text(LATER, date="2024-05-27", title="县政府第4次常务会议"))
    write(tmp_path, "2024/2024-05-08-mimi.md", dossier_text(title="CANARY秘密会议标题", classification="秘密"))
    write(tmp_path, "_templates/常务会议.md", "模板不是档案")
    return tmp_path


def test_every_visible_dossier_gets_a_page(archive_root: Path) -> None:
    site = build_site(archive_root)
    page = (site / "meetings/2024/2024-05-06-changwu-3/index.html").read_text(encoding="utf-8")
    assert '<h1>县政府第3次常务会议</h1>' in page
    assert "2024年5月6日" in page  # dates in Chinese form
    assert "同意《防汛应急预案》" in page
    assert "已清理 3 公里" in page  # the feedback trail
    assert "会议研究了防汛工作。" in page  # the body as the minutes
    assert "本站内容：内部" in page  # the audience banner
    assert (site / "meetings/2024/2024-05-27-changwu-4/index.html").is_file()
    assert not (site / "meetings/2024/2024-05-08-mimi").exists()
    assert not list(site.rglob("*常务会议.md*")) and not list(site.rglob("*.md"))


def test_values_are_escaped(archive_root: Path) -> None:
    site = build_site(archive_root)
    page = (site / "meetings/2024/2024-05-06-changwu-3/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "清理河道&lt;script&gt;" in page


def test_overdue_and_carried_links_both_ways(archive_root: Path) -> None:
    site = build_site(archive_root)
    first = (site / "meetings/2024/2024-05-06-changwu-3/index.html").read_text(encoding="utf-8")
    later = (site / "meetings/2024/2024-05-27-changwu-4/index.html").read_text(encoding="utf-8")
    assert first.count('class="ma-badge ma-overdue"') == 1  # A1: in progress and past due
    assert "已结转至" in first and "../2024-05-27-changwu-4/#action-A1" in first
    assert "结转自" in later and "../2024-05-06-changwu-3/#action-A2" in later
    assert "逾期按 <strong>2024年6月1日</strong> 计算" in first


def test_withheld_dossier_appears_nowhere(archive_root: Path) -> None:
    site = build_site(archive_root)
    text = site_text(site)
    assert "CANARY" not in text and "2024-05-08-mimi" not in text
    site = build_site(archive_root, audience="秘密")
    assert "CANARY" in site_text(site)


def test_exports(archive_root: Path) -> None:
    site = build_site(archive_root)
    data = json.loads((site / "exports/archive.json").read_text(encoding="utf-8"))
    assert data["as_of"] == "2024-06-01" and data["audience"] == "internal"
    assert [m["id"] for m in data["meetings"]] == ["2024-05-06-changwu-3", "2024-05-27-changwu-4"]
    actions = {a["id"]: a for a in data["meetings"][0]["actions"]}
    assert actions["A1"]["state"] == "overdue" and actions["A1"]["status"] == "in-progress"
    assert actions["A2"]["state"] == "carried" and actions["A2"]["carried_to"] == ["2024-05-27-changwu-4#A1"]
    assert data["meetings"][1]["actions"][0]["carried_from"] == "2024-05-06-changwu-3#A2"
    raw = (site / "exports/actions.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["状态", "逾期天数", "办理时限"]  # the site CSV has the days overdue too
    assert rows[1][0] == "逾期" and rows[1][1].isdigit() and rows[1][rows[0].index("督办编号")] == "A1"  # overdue first


def test_errors_stop_the_build_with_the_diagnostics(archive_root: Path, caplog) -> None:
    write(archive_root, "2024/bad.md", dossier_text(date="2024/5/6"))
    with pytest.raises((PluginError, Abort)):
        build_site(archive_root)
    assert any("bad.md:4:1: error: date:" in r.getMessage() for r in caplog.records)


def test_unknown_audience_refuses_to_build(archive_root: Path, caplog) -> None:
    with pytest.raises((PluginError, Abort)):
        build_site(archive_root, audience="领导")
    assert any("未知的读者范围（audience）“领导”" in r.getMessage() for r in caplog.records)
    assert not (archive_root / "site").exists()


def test_attachments_are_published_with_visible_dossiers_only(tmp_path: Path) -> None:
    docs = "documents:\n  - id: F1\n    title: 通知\n    file: 通知.txt\n"
    write(tmp_path, "2024/2024-05-06-a/index.md", dossier_text(docs))
    write(tmp_path, "2024/2024-05-06-a/通知.txt", "公开的通知")
    write(tmp_path, "2024/2024-05-07-b/index.md", dossier_text(docs, classification="秘密"))
    write(tmp_path, "2024/2024-05-07-b/通知.txt", "CANARY秘密附件")
    site = build_site(tmp_path)
    assert (site / "meetings/2024/2024-05-06-a/通知.txt").read_text(encoding="utf-8") == "公开的通知"
    assert "CANARY" not in site_text(site)
    assert not (site / "meetings/2024/2024-05-07-b").exists()


def test_index_pages(archive_root: Path) -> None:
    site = build_site(archive_root)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "逾期按 <strong>2024年6月1日</strong> 计算" in home
    assert '<span class="ma-card-num">1</span><span class="ma-card-label">逾期督办事项</span>' in home
    year = (site / "archive/2024/index.html").read_text(encoding="utf-8")
    assert "5 月" in year and "县政府第4次常务会议" in year and "CANARY" not in year
    kind = (site / "archive/kind/常务会议/index.html").read_text(encoding="utf-8")
    assert kind.index("县政府第4次常务会议") < kind.index("县政府第3次常务会议")  # newest first
    assert (site / "archive/tag/防汛/index.html").is_file()
    unit = (site / "units/县财政局/index.html").read_text(encoding="utf-8")
    assert "继续采购防汛物资" in unit and "已结转" in unit
    assert (site / "lessons/index.html").is_file()


def test_ledger_puts_overdue_first_and_carries_filter_data(archive_root: Path) -> None:
    site = build_site(archive_root)
    page = (site / "actions/index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-unit="([^"]+)" data-status="([^"]+)" data-overdue="(\w+)"', page)
    assert rows == [
        ("县水利局", "overdue", "true"),
        ("县财政局", "open", "false"),
        ("县财政局", "carried", "false"),
    ]
    assert 'id="filter-unit"' in page and 'id="filter-status"' in page
    assert "逾期 12 天" in page  # due 2024-05-20, as of 2024-06-01


def test_sidebar_does_not_list_meetings(archive_root: Path) -> None:
    site = build_site(archive_root)
    page = (site / "meetings/2024/2024-05-06-changwu-3/index.html").read_text(encoding="utf-8")
    nav = page[page.index('<nav class="md-nav md-nav--primary"'):]
    nav = nav[: nav.index("</nav>")]
    assert "2024-05-27-changwu-4" not in nav and "督办台账" in nav


def test_guide_is_generated_from_the_model(archive_root: Path) -> None:
    from generator.core.enums import ALL_ENUMS
    from generator.source.model import NESTED_MODELS, FrontMatter

    site = build_site(archive_root)
    guide = (site / "guide/index.html").read_text(encoding="utf-8")
    for name in FrontMatter.model_fields:
        assert f"<code>{name}</code>" in guide
    for model in NESTED_MODELS.values():
        for name in model.model_fields:
            assert f"<code>{name}</code>" in guide
    for cls in ALL_ENUMS:
        for member in cls:
            assert f"{member.zh} <code>{member.value}</code>" in guide


def test_guide_states_each_fields_name_type_and_description_in_its_row(archive_root: Path) -> None:
    """Row by row: the field's title, its ``Kind`` (what a clerk writes), whether it is required, and
    its description, each in its own cell of the row of that field in its own section's table."""
    import html as html_mod  # noqa: PLC0415
    import typing  # noqa: PLC0415

    from generator.source.model import NESTED_MODELS, FrontMatter, Kind  # noqa: PLC0415

    site = build_site(archive_root)
    guide = (site / "guide/index.html").read_text(encoding="utf-8")
    tables = re.findall(r'<table class="ma-table ma-guide-fields">(.*?)</table>', guide, re.DOTALL)
    models = [FrontMatter, *NESTED_MODELS.values()]
    assert len(tables) == len(models)
    for model, table in zip(models, tables, strict=True):
        rows = {}
        for tr in re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)[1:]:
            cells = [html_mod.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td>(.*?)</td>", tr, re.DOTALL)]
            rows[cells[0]] = cells
        assert list(rows) == list(model.model_fields), model.__name__
        for name, f in model.model_fields.items():
            _, label, kind, required, _, description = rows[name]
            assert label == f.title, name
            assert required == ("是" if f.is_required() else ""), name
            assert description == (f.description if f.description != f.title else ""), name
            kinds = [m.label for m in f.metadata if isinstance(m, Kind)]
            if kinds:
                assert kind == kinds[0], name
            elif typing.get_origin(f.annotation) is list:  # a list: of text, or of the items of a section below
                assert kind.startswith(("列表", "文字列表")), name
            else:  # one mapping of its own fields (rehearsal, devices), in a section below
                assert kind == "一组字段，见下方表格", name


def test_guide_says_what_a_clerk_may_name_as_an_attachment(archive_root: Path) -> None:
    from generator.source.attachments import TYPES  # noqa: PLC0415

    site = build_site(archive_root)
    guide = re.sub(r"<[^>]+>", "", (site / "guide/index.html").read_text(encoding="utf-8"))
    assert "可以带哪些附件" in guide and "只有文件夹形式的档案" in guide
    assert all(f".{ext}" in guide for ext in TYPES)
    assert "不能发布网页（.html）、SVG、脚本、Markdown（.md）" in guide and "不超过 50 MB" in guide


def guide_example(site: Path) -> str:
    """The full example as a reader copies it from the rendered guide: the code block's text."""
    import html as html_mod  # noqa: PLC0415

    page = (site / "guide/index.html").read_text(encoding="utf-8")
    code = re.search(r'<pre><code class="language-yaml">(.*?)</code></pre>', page, re.S)
    assert code, "the guide has no YAML example"
    return html_mod.unescape(re.sub(r"<[^>]+>", "", code.group(1)))


def test_guide_example_copied_from_the_page_is_a_valid_dossier(tmp_path: Path, archive_root: Path) -> None:
    """Copied from the rendered page (escaped once, not twice) and checked with this project's own
    mkdocs.yml settings (its kinds and units), it passes with no error and no warning."""
    from generator.check import run as checking  # noqa: PLC0415
    from generator.core.settings import load_settings  # noqa: PLC0415

    text = guide_example(build_site(archive_root))
    assert 'start: "09:00"' in text and "&#34;" not in text and "&amp;" not in text
    settings = load_settings(ROOT / "mkdocs.yml")
    settings.dossiers_dir = tmp_path / "pasted"
    (settings.dossiers_dir / "2024").mkdir(parents=True)
    (settings.dossiers_dir / "2024" / "2024-05-06-changwu-3.md").write_text(text, encoding="utf-8")
    settings.as_of = None
    result = checking.check(settings)
    assert [d.message() for d in result.diagnostics] == []


def test_live_preview_survives_errors_and_shows_them(archive_root: Path) -> None:
    """`mkdocs serve`: a dossier with errors is left out and its diagnostics shown; the preview stays up."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build_site(archive_root)  # writes mkdocs.yml
    write(archive_root, "2024/2024-05-28-bad.md", dossier_text(date="2024/5/28", title="出错的会议"))
    cfg = load_config(str(archive_root / "mkdocs.yml"))
    cfg.plugins.on_startup(command="serve", dirty=False)
    try:
        build(cfg, serve_url="http://127.0.0.1:8000/")
    finally:
        cfg.plugins.on_shutdown()
    home = (archive_root / "site/index.html").read_text(encoding="utf-8")
    assert "预览：档案有错误" in home
    assert "2024-05-28-bad.md:4:1: error: date: “2024/5/28”不是日期" in home
    assert not (archive_root / "site/meetings/2024/2024-05-28-bad").exists()
    assert (archive_root / "site/meetings/2024/2024-05-06-changwu-3/index.html").is_file()


def test_old_settled_actions_move_to_yearly_ledger_pages(tmp_path: Path) -> None:
    done = """\
actions:
  - id: A1
    task: 早已办结的事项
    unit: 县水利局
    due: 2021-06-01
    status: 已办结
    updates:
      - date: 2021-05-30
        note: 办结
  - id: A2
    task: 仍未办结的老事项
    unit: 县水利局
    due: 2021-06-01
"""
    write(tmp_path, "2021/2021-05-06-old.md", dossier_text(done, date="2021-05-06"))
    site = build_site(tmp_path)
    ledger = (site / "actions/index.html").read_text(encoding="utf-8")
    assert "仍未办结的老事项" in ledger and "早已办结的事项" not in ledger
    assert 'href="2021/"' in ledger
    yearly = (site / "actions/2021/index.html").read_text(encoding="utf-8")
    assert "早已办结的事项" in yearly and "仍未办结的老事项" not in yearly


def test_meeting_page_shows_readiness_before_the_meeting(tmp_path: Path) -> None:
    planned = """\
attendees:
  - name: 张三
    unit: 县水利局
    rsvp: 确认
  - name: 李四
    unit: 县财政局
preparation:
  - task: 印发会议通知
    owner: 王五
    done: true
checklist:
  - item: 视频会议调试
"""
    write(tmp_path, "2024/2024-06-02-plan.md", dossier_text(planned, date="2024-06-02", status="筹备"))
    site = build_site(tmp_path, strict=False)  # the "meeting soon" warnings are expected here
    page = (site / "meetings/2024/2024-06-02-plan/index.html").read_text(encoding="utf-8")
    assert "回执已回复 1/2（确认 1，请假 0，代会 0，未回复 1）" in page
    assert "筹备分工完成 1/1；会前检查完成 0/1" in page
    assert "1 天后召开，尚有 2 项未落实" in page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "已回复 1/2（未回复 1）" in home and "1 天后召开，尚有 2 项未落实" in home
    for target in ("documents/", "stats/", "exports/actions.xlsx", "exports/calendar.ics", "feed.xml"):
        assert f'href="{target}"' in home


def test_lessons_page_is_bounded_and_each_category_has_all(tmp_path: Path) -> None:
    from generator.site.pages.lessons import LESSONS_PER_GROUP

    lessons = "lessons:\n" + "".join(f"  - category: 会场保障\n    type: 不足\n    text: 第{i}条教训\n" for i in range(15))
    write(tmp_path, "2024/2024-05-06-a.md", dossier_text(lessons))
    site = build_site(tmp_path)
    main = (site / "lessons/index.html").read_text(encoding="utf-8")
    assert main.count("第") >= LESSONS_PER_GROUP and "第0条教训" not in main and "第14条教训" in main
    assert "会场保障：全部 15 条" in main
    every = (site / "lessons/会场保障/index.html").read_text(encoding="utf-8")
    assert all(f"第{i}条教训" in every for i in range(15))


def test_previous_and_next_meeting_of_the_same_kind(archive_root: Path) -> None:
    site = build_site(archive_root)
    first = (site / "meetings/2024/2024-05-06-changwu-3/index.html").read_text(encoding="utf-8")
    later = (site / "meetings/2024/2024-05-27-changwu-4/index.html").read_text(encoding="utf-8")
    assert "下一次常务会议：县政府第4次常务会议" in first and "上一次常务会议" not in first
    assert "上一次常务会议：县政府第3次常务会议" in later and "下一次常务会议" not in later
    assert "CANARY" not in first + later  # the withheld 秘密 meeting between them is skipped


def test_unit_page_shows_its_attendance(archive_root: Path) -> None:
    site = build_site(archive_root)
    page = (site / "units/县水利局/index.html").read_text(encoding="utf-8")
    assert "参会情况" in page
    assert "<tbody><tr><td>1</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>100%</td><td>0 人次</td></tr></tbody>" in page


OLD_DONE = """\
organizer: 县财政局
attendees:
  - {name: 王五, unit: 县财政局, role: 出席, rsvp: 确认, signed_in: true}
decisions:
  - {id: D1, text: 拨付春耕资金}
actions:
  - id: A1
    task: 拨付春耕资金
    unit: 县财政局
    due: 2022-03-31
    status: 已办结
    updates:
      - {date: 2022-03-30, note: 已拨付}
"""


def test_unit_pages_keep_older_years_on_pages_of_their_own(archive_root: Path) -> None:
    write(archive_root, "2022/2022-03-01-changwu-2.md",
          dossier_text(OLD_DONE, date="2022-03-01", title="县政府2022年第2次常务会议"))
    site = build_site(archive_root)
    unit = (site / "units/县财政局/index.html").read_text(encoding="utf-8")
    year = (site / "units/县财政局/2022/index.html").read_text(encoding="utf-8")
    assert "继续采购防汛物资" in unit and "拨付春耕资金" not in unit  # open / this year's; not 2022's
    assert "县政府2022年第2次常务会议" not in unit and '<a href="2022/">2022 年</a>' in unit
    assert "拨付春耕资金" in year and "县政府2022年第2次常务会议" in year
    assert "<title>县财政局 · 2022 年" in year and 'href="../">县财政局</a>' in year
    assert "督办事项 3 项（含配合办理的）：未办结 1 项" in unit and "已办结 1 项" in unit  # the counts cover every year


def test_the_guide_the_templates_and_check_agree_on_how_a_time_is_written(settings, write) -> None:
    """The templates and the guide's example write times "HH:MM" in quotes; the guide says the quotes may
    be left out; check accepts both."""
    from generator.check import run as checking  # noqa: PLC0415
    from generator.site.pages.guide import EXAMPLE, sections  # noqa: PLC0415

    pattern = re.compile(r"^\s*(?:#\s*-?\s*)?(?:start|end|time): (\S+)", re.M)
    written = [m.group(1) for p in [EXAMPLE, *sorted((ROOT / "dossiers/_templates").glob("*.md"))]
               for m in pattern.finditer(p.read_text(encoding="utf-8"))]
    assert written and all(re.fullmatch(r'"\d\d:\d\d"', w) for w in written), written
    kinds = {r["type"] for s in sections() for r in s["rows"] if r["key"] in ("start", "end", "time")}
    assert kinds == {'时间 "HH:MM"（引号可写可不写）'}
    write("2024/a.md", dossier_text('start: 9:30\nend: "11:30"\n'))
    assert [d.code for d in checking.check(settings).diagnostics] == []
