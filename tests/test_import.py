"""`python -m generator import`: old minutes (Word .docx made here with python-docx, and Markdown) as
dossiers that pass `check` with no error. Every fixture is made in tmp_path; no .docx is committed."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import docx
import pytest
import yaml
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from generator.check import run as checking
from generator.cli.imports import dates
from generator.cli.main import main
from generator.core.settings import load_settings

CONFIG = """\
site_name: 测试档案
docs_dir: dossiers
plugins:
  - meeting-archive:
      as_of: "2026-06-30"
      kinds: [工作会议, 常务会议]
      units: [县政府办公室, 县财政局, 县水利局]
"""

# A 1×1 PNG.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "dossiers").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return root


def run_import(project: Path, capsys, *args: str) -> tuple[int, str]:
    code = main(["import", "--config", str(project / "mkdocs.yml"), *args])
    return code, capsys.readouterr().out


def written(project: Path) -> list[Path]:
    return sorted(p for p in (project / "dossiers").rglob("*.md"))


def split(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, fm, body = text.split("---\n", 2)
    return yaml.safe_load(fm), body


def assert_checks_clean(project: Path) -> None:
    settings = load_settings(project / "mkdocs.yml")
    result = checking.check(settings)
    errors = [f"{d.file}:{d.line}: {d.message()}" for d in result.diagnostics if d.severity == "error"]
    assert not errors, errors
    assert result.dossiers, "nothing was written"


def only(project: Path) -> tuple[Path, dict, str]:
    files = written(project)
    assert len(files) == 1, files
    fm, body = split(files[0])
    return files[0], fm, body


# ---------------------------------------------------------------------------------------------------
# Making Word files


def numbering_for(document, fmt: str, text: str) -> str:
    """A numbering definition in the document (chineseCounting with "%1、" …); its numId."""
    numbering = document.part.numbering_part.element
    ab_id = str(90 + len(numbering.findall(qn("w:abstractNum"))))
    ab = OxmlElement("w:abstractNum")
    ab.set(qn("w:abstractNumId"), ab_id)
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), "0")
    for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text), ("w:suff", "nothing")):
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        lvl.append(el)
    ab.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(ab)
    else:
        numbering.append(ab)
    num_id = str(90 + len(numbering.findall(qn("w:num"))))
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), num_id)
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), ab_id)
    num.append(ref)
    numbering.append(num)
    return num_id


def numbered(paragraph, num_id: str) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "0")
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), num_id)
    num_pr.append(ilvl)
    num_pr.append(nid)
    ppr.append(num_pr)


def bold(document, text: str):
    p = document.add_paragraph()
    p.add_run(text).bold = True
    return p


def save(document, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    document.save(str(path))
    return path


def simple_minutes(title: str = "县政府第3次常务会议纪要", day: str = "2024年5月6日") -> docx.Document:
    d = docx.Document()
    d.add_paragraph(title, style="Title")
    d.add_paragraph(f"会议时间：{day}")
    d.add_paragraph("会议研究了防汛工作。")
    return d


# ---------------------------------------------------------------------------------------------------
# Word: headings, title, dates


def test_headings_from_styles_from_bold_typed_numbering_and_from_word_numbering(project, tmp_path, capsys) -> None:
    d = docx.Document()
    d.add_paragraph("县政府常务会议纪要", style="Title")
    d.add_paragraph("会议时间：2024年5月6日")
    d.add_heading("会议概况", level=1)
    d.add_paragraph("会议由县长主持。")
    bold(d, "一、关于防汛工作")
    d.add_paragraph("会议听取了县水利局的汇报。")
    bold(d, "（一）河道清理")
    d.add_paragraph("汛前完成。")
    cn = numbering_for(d, "chineseCounting", "%1、")
    numbered(d.add_paragraph("关于财政工作"), cn)
    d.add_paragraph("会议同意追加预算。")
    numbered(d.add_paragraph("关于教育工作"), cn)
    d.add_paragraph("会议研究了学校建设。")
    d.add_paragraph("——————— END ———————")
    code, out = run_import(project, capsys, str(save(d, tmp_path / "src", "纪要.docx")))
    assert code == 0, out
    _, fm, body = only(project)
    assert fm["title"] == "县政府常务会议纪要"
    assert "## 会议概况" in body
    assert "## 一、关于防汛工作" in body
    assert "### （一）河道清理" in body
    # Word's own numbering (mammoth would lose the label): the numbers as the reader saw them.
    # (its own list, so it counts from 一 again, as Word shows it)
    assert "## 一、关于财政工作" in body and "## 二、关于教育工作" in body
    # A drawn line is not a heading.
    assert "END" in body and not re.search(r"^#+ .*END", body, re.MULTILINE)
    assert_checks_clean(project)


def test_a_run_of_numbered_lines_with_nothing_between_is_a_list_not_headings(project, tmp_path, capsys) -> None:
    d = simple_minutes()
    for text in ("1. 张三负责河道清理", "2. 李四负责物资储备", "3. 王五负责值班安排"):
        d.add_paragraph(text)
    d.add_paragraph("一、会议听取了县财政局关于一季度预算执行情况的汇报，同意追加防汛经费五十万元，由县财政局会同县水利局落实。")
    run_import(project, capsys, str(save(d, tmp_path / "src", "a.docx")))
    _, _, body = only(project)
    assert "1\\. 张三负责河道清理" in body and not re.search(r"^#+ 1", body, re.MULTILINE)
    assert not re.search(r"^#+ 一、", body, re.MULTILINE)  # a long sentence numbered 一、 stays a paragraph


@pytest.mark.parametrize("how", ["style", "prominent", "file"])
def test_the_title_from_the_title_style_the_first_prominent_line_or_the_file_name(project, tmp_path, capsys, how) -> None:
    d = docx.Document()
    if how == "style":
        d.add_paragraph("党组会议纪要", style="Title")
    elif how == "prominent":
        p = d.add_paragraph()
        p.alignment = 1  # centred
        p.add_run("党组会议纪要")
    d.add_paragraph("时间：2024年5月6日")
    d.add_paragraph("会议学习了有关文件。")
    run_import(project, capsys, str(save(d, tmp_path / "src", "2024年党组第5次会议.docx")))
    path, fm, body = only(project)
    assert fm["title"] == ("党组会议纪要" if how != "file" else "2024年党组第5次会议")
    assert fm["date"] == "2024-05-06"
    assert "党组会议纪要" not in body  # the title line is the page's title, not the body's first line
    assert_checks_clean(project)


@pytest.mark.parametrize("written_as, meant", [
    ("2022年10月15日", "2022-10-15"),
    ("2023年   9月   13日", "2023-09-13"),
    ("2025.4.30", "2025-04-30"),
    ("2018/4/22", "2018-04-22"),
    ("August 4th, 2017", "2017-08-04"),
    ("二〇二二年十月十五日", "2022-10-15"),
    ("15 September 2021", "2021-09-15"),
])
def test_every_date_format_of_the_issue(project, tmp_path, capsys, written_as, meant) -> None:
    d = simple_minutes(day=written_as)
    code, out = run_import(project, capsys, str(save(d, tmp_path / "src", "纪要.docx")))
    assert code == 0, out
    _, fm, _ = only(project)
    assert fm["date"] == meant
    assert_checks_clean(project)


def test_an_ambiguous_day_and_month_is_said(project, tmp_path, capsys) -> None:
    code, out = run_import(project, capsys, str(save(simple_minutes(day="04/12/2018"), tmp_path / "src", "m.docx")))
    _, fm, _ = only(project)
    assert fm["date"] == "2018-12-04"
    assert "“04/12/2018”的日和月无法区分" in out and "2018-04-12" in out


def test_an_unambiguous_date_elsewhere_settles_the_order() -> None:
    order = dates.day_order("04/12/2018 … 14/12/2018")
    assert order is True
    assert dates.find_all("04/12/2018", order)[0].day.isoformat() == "2018-12-04"
    assert dates.find_all("04/12/2018", dates.day_order("03/27/2023"))[0].day.isoformat() == "2018-04-12"


def test_the_text_wins_over_the_file_name_and_the_line_says_so(project, tmp_path, capsys) -> None:
    code, out = run_import(project, capsys, str(save(simple_minutes(day="2024年5月6日"), tmp_path / "src",
                                                     "会议纪要2024-05-07.docx")))
    _, fm, _ = only(project)
    assert fm["date"] == "2024-05-06"
    assert "与文件名中的“2024-05-07”" in out and "按正文记为 2024-05-06" in out


def test_no_date_anywhere_is_reported_and_not_written(project, tmp_path, capsys) -> None:
    d = docx.Document()
    d.add_paragraph("会议纪要", style="Title")
    d.add_paragraph("会议研究了防汛工作。")
    code, out = run_import(project, capsys, str(save(d, tmp_path / "src", "纪要.docx")))
    assert code == 1
    assert "纪要.docx: error: 未导入" in out and "日期" in out
    assert written(project) == []


def test_several_meetings_in_one_file_become_one_dossier_each(project, tmp_path, capsys) -> None:
    d = docx.Document()
    for n, day in enumerate(("2024年3月4日", "2024年3月11日", "2024年3月18日"), 1):
        d.add_paragraph("周例会记录")
        d.add_paragraph(f"会议时间：{day}")
        d.add_paragraph(f"第{n}周：会议研究了本周工作。")
        if n < 3:
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    code, out = run_import(project, capsys, str(save(d, tmp_path / "src", "例会.docx")))
    assert code == 0, out
    files = written(project)
    assert [split(f)[0]["date"] for f in files] == ["2024-03-04", "2024-03-11", "2024-03-18"]
    assert "一个文件中有 3 次会议" in out
    for n, f in enumerate(files, 1):
        fm, body = split(f)
        assert f"第{n}周" in body and all(f"第{k}周" not in body for k in (1, 2, 3) if k != n)
        assert fm["title"] == "周例会记录"
    assert_checks_clean(project)


# ---------------------------------------------------------------------------------------------------
# Word: tables, images, headers, front matter, the original


def test_tables_stay_tables_merged_cells_included_and_layout_tables_become_paragraphs(project, tmp_path, capsys) -> None:
    d = simple_minutes()
    plain_table = d.add_table(rows=2, cols=2)
    plain_table.cell(0, 0).text, plain_table.cell(0, 1).text = "项目", "金额"
    plain_table.cell(1, 0).text, plain_table.cell(1, 1).text = "河道 | 清理", "50"
    merged = d.add_table(rows=3, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 2)).text = "2024年防汛物资"
    merged.cell(1, 0).merge(merged.cell(2, 0)).text = "县水利局"
    merged.cell(1, 1).text, merged.cell(1, 2).text = "沙袋", "1000"
    merged.cell(2, 1).text, merged.cell(2, 2).text = "铁锹", "200"
    layout = d.add_table(rows=1, cols=1)
    layout.cell(0, 0).text = "这段话放在一个只有一格的表格里，用来排版。"
    code, out = run_import(project, capsys, str(save(d, tmp_path / "src", "t.docx")))
    _, _, body = only(project)
    assert "| 项目 | 金额 |" in body and "河道 \\| 清理" in body
    assert '<td colspan="3">2024年防汛物资</td>' in body and '<td rowspan="2">县水利局</td>' in body
    assert "\n这段话放在一个只有一格的表格里，用来排版。\n" in body
    assert body.count("<table>") == 1
    assert "表格 2" in out
    assert_checks_clean(project)


def test_images_are_files_in_the_folder_not_base64(project, tmp_path, capsys) -> None:
    png = tmp_path / "pic.png"
    png.write_bytes(PNG)
    d = simple_minutes()
    d.add_picture(str(png))
    run_import(project, capsys, str(save(d, tmp_path / "src", "图.docx")))
    path, _, body = only(project)
    assert path.name == "index.md"
    assert "![](image-1.png)" in body and "base64" not in body
    assert (path.parent / "image-1.png").read_bytes() == PNG
    assert_checks_clean(project)


def test_headers_and_footers_are_kept(project, tmp_path, capsys) -> None:
    d = simple_minutes()
    d.sections[0].header.paragraphs[0].text = "青山县防汛抗旱指挥部"
    d.sections[0].footer.paragraphs[0].text = "县政府办公室印发 第 1 页"
    run_import(project, capsys, str(save(d, tmp_path / "src", "h.docx")))
    _, _, body = only(project)
    assert "页眉：青山县防汛抗旱指挥部" in body
    assert "页脚：县政府办公室印发" in body and "第 1 页" not in body


def test_attendees_from_a_line_and_from_a_table(project, tmp_path, capsys) -> None:
    d = simple_minutes()
    d.add_paragraph("参会人员：张三（县财政局）、李四（县水利局）、王五")
    d.add_paragraph("主持人：赵六")
    d.add_paragraph("会议地点：县政府第一会议室")
    run_import(project, capsys, str(save(d, tmp_path / "a", "line.docx")))
    _, fm, _ = only(project)
    assert fm["attendees"] == [{"name": "张三", "unit": "县财政局"}, {"name": "李四", "unit": "县水利局"},
                               {"name": "王五", "unit": "未注明"}]
    assert (fm["chair"], fm["venue"]) == ("赵六", "县政府第一会议室")
    assert_checks_clean(project)

    other = project.parent / "other"
    (other / "dossiers").mkdir(parents=True)
    (other / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    d = simple_minutes()
    t = d.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate((("姓名", "单位"), ("张三", "县财政局"), ("李四", "县水利局"))):
        t.cell(r, 0).text, t.cell(r, 1).text = a, b
    run_import(other, capsys, str(save(d, tmp_path / "b", "table.docx")))
    _, fm, _ = only(other)
    assert fm["attendees"] == [{"name": "张三", "unit": "县财政局"}, {"name": "李四", "unit": "县水利局"}]


def test_a_roster_that_is_not_plainly_names_stays_in_the_body(project, tmp_path, capsys) -> None:
    d = simple_minutes()
    d.add_paragraph("出席：全体班子成员")
    code, out = run_import(project, capsys, str(save(d, tmp_path / "src", "r.docx")))
    _, fm, body = only(project)
    assert "attendees" not in fm and "出席：全体班子成员" in body
    assert "不能确定是姓名" in out


def test_a_task_table_becomes_actions_only_where_unit_and_due_date_are_plain(project, tmp_path, capsys) -> None:
    d = simple_minutes()
    t = d.add_table(rows=4, cols=4)
    rows = (("任务", "责任单位", "责任人", "完成时间"),
            ("清理河道", "县水利局", "张三", "2024年5月20日"),
            ("追加预算", "财政", "李四", "2024年6月1日"),
            ("值班安排", "县政府办公室", "王五", "6月底"))
    for r, row in enumerate(rows):
        for k, text in enumerate(row):
            t.cell(r, k).text = text
    code, out = run_import(project, capsys, str(save(d, tmp_path / "src", "task.docx")))
    _, fm, body = only(project)
    assert fm["actions"] == [{"id": "A1", "task": "清理河道", "unit": "县水利局", "due": "2024-05-20", "owner": "张三"}]
    assert "“财政”不在本站单位名单中" in out and "没有写明完成日期" in out
    assert "| 追加预算 | 财政 | 李四 | 2024年6月1日 |" in body  # the table stays in the body
    assert_checks_clean(project)


def test_the_original_is_kept_as_an_archived_document(project, tmp_path, capsys) -> None:
    src = save(simple_minutes(), tmp_path / "src", "县政府第3次常务会议纪要.docx")
    run_import(project, capsys, str(src))
    path, fm, _ = only(project)
    assert fm["documents"] == [{"id": "F1", "title": "会议纪要原件（县政府第3次常务会议纪要.docx）",
                                "file": "县政府第3次常务会议纪要.docx", "disposition": "归档"}]
    assert (path.parent / src.name).read_bytes() == src.read_bytes()
    assert (fm["kind"], fm["classification"], fm["status"]) == ("工作会议", "内部", "已召开")
    assert_checks_clean(project)


def test_characters_that_would_break_markdown_are_escaped(project, tmp_path, capsys) -> None:
    d = docx.Document()
    d.add_paragraph("<R-Pet (Team 22)>：第 1 次会议", style="Title")
    d.add_paragraph("Date: April 16, 2022")
    d.add_paragraph("预算 | 执行 | 情况")
    d.add_paragraph("<script>alert(1)</script> 与 <R-Pet>")
    d.add_paragraph("议题：关于*重点*工作的 [说明] {#id}")
    d.add_paragraph("# 不是标题")
    code, out = run_import(project, capsys, str(save(d, tmp_path / "src", "e.docx")))
    path, fm, body = only(project)
    assert fm["title"] == "<R-Pet (Team 22)>：第 1 次会议"
    assert "预算 \\| 执行 \\| 情况" in body
    assert "&lt;script>alert(1)&lt;/script> 与 &lt;R-Pet>" in body
    assert "议题：关于\\*重点\\*工作的 \\[说明\\] \\{#id\\}" in body
    assert "\\# 不是标题" in body
    settings = load_settings(project / "mkdocs.yml")
    result = checking.check(settings)
    assert result.errors == 0 and not [d for d in result.diagnostics if d.code.startswith("body_")]


# ---------------------------------------------------------------------------------------------------
# The command


def test_never_overwrites_and_a_dry_run_writes_nothing(project, tmp_path, capsys) -> None:
    src = save(simple_minutes(), tmp_path / "src", "m.docx")
    code, out = run_import(project, capsys, "--dry-run", str(src))
    assert code == 0 and "将写入" in out and written(project) == []
    run_import(project, capsys, str(src))
    before = {p: p.read_bytes() for p in (project / "dossiers").rglob("*") if p.is_file()}
    code, out = run_import(project, capsys, str(src))
    assert "已存在，未覆盖" in out
    assert {p: p.read_bytes() for p in (project / "dossiers").rglob("*") if p.is_file()} == before


def test_the_flags_set_kind_classification_and_status(project, tmp_path, capsys) -> None:
    code, out = run_import(project, capsys, "--kind", "常务会议", "--classification", "秘密", str(
        save(simple_minutes(), tmp_path / "src", "m.docx")))
    _, fm, _ = only(project)
    assert (fm["kind"], fm["classification"], fm["status"]) == ("常务会议", "秘密", "已召开")
    code, out = run_import(project, capsys, "--kind", "运动会", str(tmp_path / "src"))
    assert code == 2


# ---------------------------------------------------------------------------------------------------
# Markdown


def test_markdown_front_matter_kept_and_what_does_not_fit_moved_to_the_body(project, tmp_path, capsys) -> None:
    src = tmp_path / "md" / "2024-05-06-weekly.md"
    src.parent.mkdir(parents=True)
    src.write_text("---\ntitle: 第19周例会\nvenue: 三楼会议室\nauthor: 张三\ntags: [周会]\nchair: [a, b]\n---\n"
                   "会议讨论了本周工作。\n", encoding="utf-8")
    code, out = run_import(project, capsys, str(src))
    assert code == 0, out
    _, fm, body = only(project)
    assert (fm["title"], fm["date"], fm["venue"], fm["tags"]) == ("第19周例会", "2024-05-06", "三楼会议室", ["周会"])
    assert "author" not in fm and "chair" not in fm
    assert "## 原头部中未能保留的内容" in body and "author: 张三" in body
    assert "“author”不是档案格式中的字段，移入正文" in out and "“chair”不符合档案格式" in out
    assert_checks_clean(project)


def test_markdown_local_files_copied_outside_images_left_out_outside_links_kept(project, tmp_path, capsys) -> None:
    repo = tmp_path / "repo"
    (repo / "images").mkdir(parents=True)
    (repo / "meetings").mkdir()
    (repo / "images" / "board.png").write_bytes(PNG)
    (repo / "meetings" / "notes.md").write_text("# other\n", encoding="utf-8")
    (repo / "meetings" / "2023-05-18.md").write_text(
        "# Weekly sync 2023-05-18\n\n![board](../images/board.png)\n\n"
        "![logo](https://example.com/logo.png)\n\nSee [the spec](https://example.com/spec) and [notes](notes.md).\n",
        encoding="utf-8")
    code, out = run_import(project, capsys, str(repo))
    path, fm, body = only(project)
    assert (fm["title"], fm["date"]) == ("Weekly sync", "2023-05-18")
    assert path.name == "index.md" and (path.parent / "board.png").read_bytes() == PNG
    assert "![board](board.png)" in body
    assert "example.com/logo.png" not in body and "站外图片" in out
    assert "[the spec](https://example.com/spec)" in body
    assert "notes.md" not in body and "Markdown 文件" in out
    assert "# Weekly sync" not in body
    assert_checks_clean(project)


def test_markdown_date_and_title_from_the_file_name_and_a_folder_read_recursively(project, tmp_path, capsys) -> None:
    repo = tmp_path / "minutes"
    (repo / "2024" / "q2").mkdir(parents=True)
    (repo / "2024" / "2024-04-01 周例会.md").write_text("讨论了工作。\n", encoding="utf-8")
    (repo / "2024" / "q2" / "notes.md").write_text("## 2024年5月6日 党组会议\n\n学习文件。\n", encoding="utf-8")
    (repo / "README.md").write_text("# 会议纪要仓库\n", encoding="utf-8")
    code, out = run_import(project, capsys, str(repo))
    assert code == 1  # README.md has no date: reported, not written
    got = {split(p)[0]["date"]: split(p)[0]["title"] for p in written(project)}
    assert got == {"2024-04-01": "周例会", "2024-05-06": "党组会议"}
    assert "README.md: error: 未导入" in out
    assert_checks_clean(project)


# ---------------------------------------------------------------------------------------------------
# The shared corpus of real minutes (beside the project; skipped when absent)


def _corpus() -> Path | None:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "corpus" / "docx"
        if (candidate / "MANIFEST.tsv").is_file():
            return candidate
    return None


@pytest.mark.skipif(_corpus() is None, reason="shared/corpus/docx is not beside the project")
def test_the_shared_corpus_of_real_minutes_imports_with_no_check_error(project, capsys) -> None:
    corpus = _corpus()
    assert corpus is not None
    rows = [line.split("\t") for line in (corpus / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    code, out = run_import(project, capsys, str(corpus))
    assert "error" not in out, out
    assert_checks_clean(project)
    by_source: dict[str, list[dict]] = {}
    for path in written(project):
        fm, body = split(path)
        source = re.search(r"# 由 import 从 (\S+?\.docx) 导入", path.read_text(encoding="utf-8")).group(1)
        by_source.setdefault(source, []).append(fm)
        assert "data:image" not in body
    for row in rows:
        name, stated = row[0], row[5]
        assert name in by_source, name
        assert stated in [fm["date"] for fm in by_source[name]], (name, stated)


def test_attendees_from_a_label_and_the_list_under_it(project, tmp_path, capsys) -> None:
    d = simple_minutes()
    d.add_paragraph("Meeting Attendees")
    for name in ("Garrett Guerrero", "Connor Hill"):
        d.add_paragraph(name, style="List Number")
    d.add_paragraph("We agreed on the plan.")
    run_import(project, capsys, str(save(d, tmp_path / "src", "list.docx")))
    _, fm, _ = only(project)
    assert [a["name"] for a in fm["attendees"]] == ["Garrett Guerrero", "Connor Hill"]
