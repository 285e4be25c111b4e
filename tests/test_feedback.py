"""`python -m generator feedback`: the workbook a unit filled in, read back into the dossiers.

Tested three ways: a workbook edited with openpyxl; the same workbook re-saved by LibreOffice (as a
unit's office suite would save it); and dossiers written in every layout a clerk uses (block and flow
style, comments, an empty list, CRLF line ends and a BOM), whose bytes must stay the same outside the
new lines. The exported workbook is also printed to PDF by LibreOffice: landscape A4, one page wide.
"""

from __future__ import annotations

import io
import os
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from generator.check import run as checking
from generator.cli.feedback import run
from generator.core.enums import Classification
from generator.domain.archive import Archive
from generator.exports.xlsx import actions_xlsx

SOFFICE = Path("/usr/bin/soffice")

HEAD = """\
---
title: 县政府第3次常务会议
kind: 常务会议
date: 2024-05-06
venue: 第一会议室
classification: 内部
status: 已召开
"""
BODY = "---\n## 会议概况\n\n会议研究了防汛工作。\n"

# Block style, with comments and an updates list; a second action without updates.
BLOCK = HEAD + """\
actions:  # 督办事项
  - id: A1
    task: 清理河道
    unit: 县水利局  # 牵头
    owner: 罗水一
    due: 2024-05-30
    status: 未启动  # 尚未开始
    updates:
      - date: 2024-05-10
        note: 已制定方案
  - id: A2
    task: 落实资金
    unit: 县财政局
    due: 2024-06-30
    status: 推进中
lessons: []
""" + BODY
# Flow style: one line per action; one with updates: [].
FLOW = HEAD.replace("2024-05-06", "2024-05-07") + """\
actions:
  - {id: B1, task: "检查堤防", unit: 县水利局, due: 2024-05-31}
  - {id: B2, task: 整改隐患, unit: 县教育局, due: 2024-06-15, updates: []}
""" + BODY


def _archive(settings) -> Archive:
    return Archive(checking.check(settings).dossiers, settings)


@pytest.fixture
def office(settings, write, tmp_path: Path):
    """Three dossiers (block, flow, CRLF with a BOM), one 秘密 dossier, and the workbook exported for 内部."""
    settings.units = ["县水利局", "县财政局", "县教育局"]
    write("2024/2024-05-06-block.md", BLOCK)
    write("2024/2024-05-07-flow.md", FLOW)
    crlf = BLOCK.replace("2024-05-06", "2024-05-08").replace("A1", "C1").replace("A2", "C2")
    (settings.dossiers_dir / "2024" / "2024-05-08-crlf.md").write_bytes(b"\xef\xbb\xbf" + crlf.replace("\n", "\r\n").encode())
    write("2024/2024-05-09-secret.md", HEAD.replace("内部", "秘密").replace("2024-05-06", "2024-05-09")
          + "actions:\n  - {id: S1, task: 保密事项, unit: 县水利局, due: 2024-06-30}\n" + BODY)
    book = tmp_path / "actions.xlsx"
    book.write_bytes(actions_xlsx(_archive(settings)))
    return settings, book


def fill(book: Path, rows: dict[str, tuple], out: Path, sheet: str = "督办台账", edit: dict | None = None) -> Path:
    """Fill the three feedback columns of the rows named by 编号键 (and change other cells with ``edit``)."""
    wb = openpyxl.load_workbook(book)
    ws = wb[sheet]
    col = {c.value: c.column for c in ws[2]}
    for r in range(3, ws.max_row + 1):
        key = ws.cell(r, col["编号键"]).value
        if key in rows:
            note, day, close = rows[key]
            ws.cell(r, col["本次反馈"]).value = note
            ws.cell(r, col["反馈日期"]).value = day
            ws.cell(r, col["申请办结"]).value = close
        for (k, header), value in (edit or {}).items():
            if key == k:
                ws.cell(r, col[header]).value = value
    wb.save(out)
    return out


FILLED = {
    "2024-05-06-block#A1": ("河道清理完成 80%", "2024-05-20", None),
    "2024-05-06-block#A2": ("资金已拨付", date(2024, 5, 21), "是"),
    "2024-05-07-flow#B1": ("堤防检查完成", "2024/5/22", ""),
    "2024-05-07-flow#B2": ("隐患已整改", "2024年5月23日", "否"),
    "2024-05-08-crlf#C1": ("完成一半", "2024-05-24", None),
}


def snapshot(settings) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((settings.dossiers_dir / "2024").glob("*.md"))}


def only_added(before: bytes, after: bytes, changed: tuple[str, ...] = ()) -> list[str]:
    """The lines ``after`` has that ``before`` has not, checking every line of ``before`` is still there, in
    order and byte for byte, except those containing one of ``changed`` (a status value)."""
    old = before.split(b"\n")
    new = after.split(b"\n")
    added, i = [], 0
    for line in new:
        if i < len(old) and line == old[i]:
            i += 1
        elif i < len(old) and any(c.encode() in old[i] for c in changed) and line.split(b":")[0] == old[i].split(b":")[0]:
            i += 1  # the one line whose value was set (status: 未启动 → 推进中)
            added.append("~" + line.decode("utf-8-sig"))
        else:
            added.append(line.decode("utf-8-sig"))
    assert i == len(old), f"lines of the dossier were lost or changed: {old[i:i + 3]}"
    return added


def test_feedback_goes_into_every_layout_and_nothing_else_moves(office, tmp_path: Path) -> None:
    settings, book = office
    before = snapshot(settings)
    out = io.StringIO()
    assert run(settings, fill(book, FILLED, tmp_path / "filled.xlsx"), out=out) == 0, out.getvalue()
    after = snapshot(settings)
    assert only_added(before["2024-05-06-block.md"], after["2024-05-06-block.md"], ("未启动",)) == [
        "~    status: 推进中  # 尚未开始",
        "      - date: 2024-05-20", "        note: 河道清理完成 80%",
        "    updates:", "      - date: 2024-05-21", "        note: 资金已拨付（申请办结）",
    ]
    # A flow-style action is one line: the new update (and status) go inside its braces, as flow too;
    # every other line stays as it was.
    old_lines, new_lines = before["2024-05-07-flow.md"].split(b"\n"), after["2024-05-07-flow.md"].split(b"\n")
    assert len(old_lines) == len(new_lines)
    changed = [(a.decode(), b.decode()) for a, b in zip(old_lines, new_lines) if a != b]
    assert changed == [
        ('  - {id: B1, task: "检查堤防", unit: 县水利局, due: 2024-05-31}',
         '  - {id: B1, task: "检查堤防", unit: 县水利局, due: 2024-05-31, updates: [{date: 2024-05-22, note: 堤防检查完成}], status: 推进中}'),
        ("  - {id: B2, task: 整改隐患, unit: 县教育局, due: 2024-06-15, updates: []}",
         "  - {id: B2, task: 整改隐患, unit: 县教育局, due: 2024-06-15, updates: [{date: 2024-05-23, note: 隐患已整改}], status: 推进中}"),
    ]
    crlf = after["2024-05-08-crlf.md"]
    assert crlf.startswith(b"\xef\xbb\xbf") and b"\r\n" in crlf and b"\n" not in crlf.replace(b"\r\n", b"")
    assert b"      - date: 2024-05-24\r\n        note: \xe5\xae\x8c\xe6\x88\x90\xe4\xb8\x80\xe5\x8d\x8a\r\n" in crlf
    assert after["2024-05-09-secret.md"] == before["2024-05-09-secret.md"]
    printed = out.getvalue()
    assert "2024-05-06-block.md: A1 新增反馈 2024-05-20：河道清理完成 80%（督办台账!第" in printed
    assert "A1 状态 未启动 → 推进中" in printed and "读取 5 行反馈：已写入 5 条（3 份档案）" in printed
    # Everything written checks clean, and reading the same workbook again adds nothing.
    assert checking.check(settings).errors == 0
    again = io.StringIO()
    assert run(settings, tmp_path / "filled.xlsx", out=again) == 0
    assert snapshot(settings) == after and "已写入 0 条" in again.getvalue() and "已有而跳过 5 行" in again.getvalue()


def test_a_request_to_close_closes_only_where_the_office_allows(office, tmp_path: Path) -> None:
    settings, book = office
    settings.feedback_status = "close"
    rows = {"2024-05-06-block#A2": ("资金已拨付到位", "2024-05-21", "是")}
    assert run(settings, fill(book, rows, tmp_path / "f.xlsx"), out=io.StringIO()) == 0
    d = _archive(settings).by_id["2024-05-06-block"]
    a2 = d.fm.actions[1]
    assert (a2.status.zh, a2.closed_on, a2.approved_by) == ("已办结", date(2024, 5, 21), None)
    assert a2.updates[-1].note == "资金已拨付到位"
    # The leader's sign-off is still the office's to add: check says so.
    assert any(x.code == "closing_signoff" for x in checking.check(settings).diagnostics)
    settings.feedback_status = "none"
    rows = {"2024-05-06-block#A1": ("进展顺利", "2024-05-22", None)}
    assert run(settings, fill(book, rows, tmp_path / "g.xlsx"), out=io.StringIO()) == 0
    assert _archive(settings).by_id["2024-05-06-block"].fm.actions[0].status.zh == "未启动"


def test_rows_that_cannot_be_trusted_are_refused_one_by_one(office, tmp_path: Path) -> None:
    settings, book = office
    before = snapshot(settings)
    rows = {
        "2024-05-06-block#A1": ("改了时限", "2024-05-20", None),
        "2024-05-06-block#A2": ("日期不对", "下周一", None),
        "2024-05-07-flow#B1": ("早于会议", "2024-05-01", None),
        "2024-05-07-flow#B2": ("", "2024-05-20", "是"),
    }
    edit = {("2024-05-06-block#A1", "办理时限"): "2024-12-31"}
    book2 = fill(book, rows, tmp_path / "bad.xlsx", edit=edit)
    # Two rows a unit could not have: an unknown key, and the 秘密 meeting's key in a workbook for 内部.
    wb = openpyxl.load_workbook(book2)
    ws = wb["督办台账"]
    col = {c.value: c.column for c in ws[2]}
    for key in ("2024-05-06-block#A9", "2024-05-09-secret#S1"):
        r = ws.max_row + 1
        ws.cell(r, col["编号键"]).value = key
        ws.cell(r, col["本次反馈"]).value = "伪造的反馈"
        ws.cell(r, col["反馈日期"]).value = "2024-05-20"
    wb.save(book2)
    out = io.StringIO()
    assert run(settings, book2, out=out) == 1
    text = out.getvalue()
    assert "改动了“办理时限”列（档案中为“2024-05-30”，表中为“2024-12-31”），这一列不能在表中修改，未读入" in text
    assert "反馈日期“下周一”无法识别（请写 2026-12-01），未读入" in text
    assert "反馈日期 2024-05-01 早于会议日期 2024-05-07，未读入" in text
    assert "申请办结，但没有填写本次反馈（请写明办结情况），未读入" in text
    assert "会议档案 2024-05-06-block 中没有督办事项“A9”，未读入" in text
    assert "会议 2024-05-09-secret 的密级高于这份台账的读者范围（内部），不能从这份台账读入，未读入" in text
    assert "已写入 0 条" in text and "未读入 6 行" in text
    assert snapshot(settings) == before


def test_a_workbook_from_elsewhere_is_refused_whole(office, tmp_path: Path, capsys, monkeypatch) -> None:
    from generator.cli.main import main  # noqa: PLC0415

    settings, _ = office
    other = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["编号键", "本次反馈"])
    wb.save(other)
    (settings.dossiers_dir.parent / "mkdocs.yml").write_text(
        "site_name: x\ndocs_dir: dossiers\nplugins:\n  - meeting-archive:\n      units: [县水利局, 县财政局, 县教育局]\n",
        encoding="utf-8")
    monkeypatch.chdir(settings.dossiers_dir.parent)
    assert main(["feedback", str(other)]) == 2
    assert "不是本系统导出的督办台账" in capsys.readouterr().err
    (tmp_path / "not.xlsx").write_text("不是表格", encoding="utf-8")
    assert main(["feedback", str(tmp_path / "not.xlsx")]) == 2
    assert "不是可以读取的 Excel 工作簿" in capsys.readouterr().err


def test_dry_run_writes_nothing(office, tmp_path: Path) -> None:
    settings, book = office
    before = snapshot(settings)
    out = io.StringIO()
    run(settings, fill(book, FILLED, tmp_path / "filled.xlsx"), dry_run=True, out=out)
    assert snapshot(settings) == before
    assert "would write" in out.getvalue() and "试运行，未修改任何档案" in out.getvalue()


def _soffice(*args: str, cwd: Path) -> None:
    if not SOFFICE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{SOFFICE} is missing: apt-get install libreoffice-calc (.ci/run installs it)")
        pytest.skip(f"{SOFFICE} is missing: apt-get install libreoffice-calc")
    profile = cwd / "lo-profile"
    subprocess.run([str(SOFFICE), f"-env:UserInstallation=file://{profile}", "--headless", *args],
                   cwd=cwd, check=True, capture_output=True, timeout=180)


def test_a_workbook_resaved_by_libreoffice_reads_back_the_same(office, tmp_path: Path) -> None:
    settings, book = office
    filled = fill(book, FILLED, tmp_path / "filled.xlsx")
    keep = snapshot(settings)
    first = io.StringIO()
    run(settings, filled, dry_run=True, out=first)
    resaved = tmp_path / "lo"
    resaved.mkdir()
    _soffice("--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(resaved), str(filled), cwd=tmp_path)
    again = io.StringIO()
    run(settings, resaved / "filled.xlsx", dry_run=True, out=again)
    assert again.getvalue() == first.getvalue() and "将写入 5 条" in again.getvalue()
    assert snapshot(settings) == keep


def test_the_workbook_prints_as_a_ledger_on_landscape_a4_one_page_wide(settings, write, tmp_path: Path) -> None:
    """Printed by LibreOffice: every page landscape A4; the header row on every page of the ledger sheet
    and every printed column on the first page (one page wide); the feedback columns among them."""
    from pypdf import PdfReader  # noqa: PLC0415

    from .conftest import dossier_text  # noqa: PLC0415

    settings.units = ["县水利局"]
    items = "".join(f"  - {{id: A{i}, task: 第{i}项督办任务需要较长的文字说明才能写清楚, unit: 县水利局, due: 2024-07-{i % 28 + 1:02d}}}\n"
                    for i in range(60))
    write("2024/2024-05-06-many.md", dossier_text("actions:\n" + items))
    book = tmp_path / "actions.xlsx"
    book.write_bytes(actions_xlsx(_archive(settings)))
    _soffice("--convert-to", "pdf", "--outdir", str(tmp_path), str(book), cwd=tmp_path)
    reader = PdfReader(tmp_path / "actions.pdf")
    assert len(reader.pages) >= 3  # 60 rows do not fit one page: the header must repeat
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - 841.9) < 2 and abs(h - 595.3) < 2, (w, h)  # landscape A4
    texts = [p.extract_text() for p in reader.pages]
    ledger_pages = [t for t in texts if "督办台账（截至" in t]
    assert len(ledger_pages) >= 2
    for t in ledger_pages:
        for header in ("序号", "状态", "办理时限", "督办事项", "办理过程", "本次反馈", "反馈日期", "申请办结"):
            assert header in t, header
    assert "第 1 页" in texts[0]
    assert all("编号键" not in t for t in ledger_pages)  # hidden: kept in the workbook, not printed


def test_the_workbook_records_its_audience_and_never_holds_a_formula(office) -> None:
    _, book = office
    wb = openpyxl.load_workbook(book)
    notes = {row[0].value: row[1].value for row in wb["说明"].iter_rows(max_col=2)}
    assert notes["读者范围"] == Classification.INTERNAL.zh and notes["基准日期"] is not None
    ws = wb["督办台账"]
    assert [c.value for c in ws[2]][-3:] == ["本次反馈", "反馈日期", "申请办结"]
    assert ws.print_title_rows == "$1:$2" and ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)  # 1 is the default
    assert ws.page_setup.fitToHeight == 0  # as many pages down as it takes
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert "保密事项" not in " ".join(str(c.value) for s in wb.worksheets for row in s.iter_rows() for c in row)


# ---------------------------------------------------------------------------------------------------
# What a hostile or hurried unit hands back


def test_the_workbooks_own_audience_is_never_trusted_above_the_archives(office, tmp_path: Path) -> None:
    """A unit edits the 说明 sheet to say 秘密 and adds a row for a 秘密 meeting: nothing is written, and no
    text of that meeting is printed; the office can still read a 秘密 workbook with --audience 秘密."""
    from generator.cli.feedback import FeedbackError  # noqa: PLC0415

    settings, book = office
    forged = fill(book, {"2024-05-06-block#A1": ("进展", "2024-05-20", None)}, tmp_path / "forged.xlsx")
    wb = openpyxl.load_workbook(forged)
    notes = wb["说明"]
    for row in notes.iter_rows():
        if row[0].value == "读者范围":
            row[1].value = "秘密"
    ws = wb["督办台账"]
    col = {c.value: c.column for c in ws[2]}
    at = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, col["编号键"]).value == "2024-05-06-block#A1")
    ws.cell(at, col["编号键"]).value = "2024-05-09-secret#S1"
    wb.save(forged)
    before = snapshot(settings)
    with pytest.raises(FeedbackError, match="高于本站的“内部”.*--audience 秘密"):
        run(settings, forged, out=io.StringIO())
    assert snapshot(settings) == before
    # Left at 内部 but naming the 秘密 meeting: refused, and the refusal names none of its text.
    for row in notes.iter_rows():
        if row[0].value == "读者范围":
            row[1].value = "内部"
    wb.save(forged)
    out = io.StringIO()
    assert run(settings, forged, out=out) == 1
    assert "密级高于" in out.getvalue() and "保密事项" not in out.getvalue()
    assert snapshot(settings) == before
    settings.audience = Classification.SECRET  # the office, cleared, reads a 秘密 workbook on purpose
    for row in notes.iter_rows():
        if row[0].value == "读者范围":
            row[1].value = "秘密"
    ws.cell(at, col["督办事项"]).value = "保密事项"
    ws.cell(at, col["责任单位"]).value = "县水利局"
    ws.cell(at, col["办理时限"]).value = date(2024, 6, 30)
    ws.cell(at, col["督办编号"]).value = "S1"
    ws.cell(at, col["会议编号"]).value = "2024-05-09-secret"
    wb.save(forged)
    out = io.StringIO()
    assert run(settings, forged, out=out) == 0, out.getvalue()
    assert "date: 2024-05-20" in (settings.dossiers_dir / "2024" / "2024-05-09-secret.md").read_text(encoding="utf-8")


def test_a_sheet_without_the_fixed_columns_is_refused(office, tmp_path: Path) -> None:
    from generator.cli.feedback import FeedbackError  # noqa: PLC0415

    settings, book = office
    wb = openpyxl.load_workbook(fill(book, {"2024-05-06-block#A1": ("进展", "2024-05-20", None)}, tmp_path / "f.xlsx"))
    ws = wb["督办台账"]
    for cell in ws[2]:
        if cell.value == "督办事项":
            cell.value = "事项"  # renamed: the check of that column would be skipped
    wb.save(tmp_path / "renamed.xlsx")
    before = snapshot(settings)
    with pytest.raises(FeedbackError, match="缺少“督办事项”列"):
        run(settings, tmp_path / "renamed.xlsx", out=io.StringIO())
    assert snapshot(settings) == before


def test_what_check_would_refuse_never_reaches_a_dossier(office, tmp_path: Path) -> None:
    """Invisible characters pasted from a chat (zero-width space, soft hyphen, BOM, RTL override, DEL)
    are dropped; a family emoji keeps its people; the dossier still checks clean."""
    settings, book = office
    note = "已\u200b完成\u00ad整改\ufeff\u202e，\u2028见附件\x7f👨\u200d👩\u200d👧"
    out = io.StringIO()
    assert run(settings, fill(book, {"2024-05-06-block#A1": (note, "2024-05-20", None)}, tmp_path / "f.xlsx"),
               out=out) == 0, out.getvalue()
    text = (settings.dossiers_dir / "2024" / "2024-05-06-block.md").read_text(encoding="utf-8")
    assert "note: 已完成整改， 见附件 👨👩👧" in text  # the line separator became a space
    assert checking.check(settings).errors == 0


def test_a_dossier_it_cannot_edit_is_left_alone_and_the_others_are_written(office, tmp_path: Path, write) -> None:
    settings, book = office
    odd = HEAD.replace("2024-05-06", "2024-05-10") + "actions:\n  - id: D1\n    task: 修路\n    unit: 县教育局\n" \
        "    due: 2024-06-30\n    updates: ~\n" + BODY
    write("2024/2024-05-10-odd.md", odd)
    book.write_bytes(actions_xlsx(_archive(settings)))
    before = snapshot(settings)
    out = io.StringIO()
    rows = {"2024-05-10-odd#D1": ("开工", "2024-05-20", None), "2024-05-06-block#A1": ("进展", "2024-05-20", None)}
    code = run(settings, fill(book, rows, tmp_path / "f.xlsx"), out=out)
    text = out.getvalue()
    assert code == 1 and "2024-05-10-odd.md 的写法无法安全地自动加入反馈" in text
    assert "读取 2 行反馈：已写入 1 条（1 份档案），未读入 1 行" in text
    after = snapshot(settings)
    assert after["2024-05-10-odd.md"] == before["2024-05-10-odd.md"]
    assert after["2024-05-06-block.md"] != before["2024-05-06-block.md"]


def test_a_damaged_workbook_is_one_chinese_line(office, tmp_path: Path) -> None:
    import zipfile  # noqa: PLC0415

    from generator.cli.feedback import FeedbackError  # noqa: PLC0415

    settings, book = office
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[: len(data) // 2] if item.filename.startswith("xl/worksheets/") else data)
    with pytest.raises(FeedbackError) as err:
        run(settings, damaged, out=io.StringIO())
    assert "不是可以读取的 Excel 工作簿" in str(err.value) and "Error" not in str(err.value)


def test_a_request_to_close_closes_only_an_open_action(office, tmp_path: Path, write) -> None:
    settings, book = office
    settings.feedback_status = "close"
    write("2024/2024-05-11-cancel.md", HEAD.replace("2024-05-06", "2024-05-11")
          + "actions:\n  - {id: E1, task: 撤销的事项, unit: 县教育局, due: 2024-06-30, status: 已取消}\n" + BODY)
    book.write_bytes(actions_xlsx(_archive(settings)))
    out = io.StringIO()
    run(settings, fill(book, {"2024-05-11-cancel#E1": ("不再办理", "2024-05-20", "是")}, tmp_path / "f.xlsx"), out=out)
    text = (settings.dossiers_dir / "2024" / "2024-05-11-cancel.md").read_text(encoding="utf-8")
    assert "status: 已取消" in text and "closed_on" not in text and "不再办理（申请办结）" in text


def test_an_untouched_row_and_a_quoted_status(office, tmp_path: Path) -> None:
    """A row with nothing but 否 (the list's default) is not a row of feedback; a status written in quotes
    stays in quotes when it changes."""
    settings, book = office
    path = settings.dossiers_dir / "2024" / "2024-05-06-block.md"
    path.write_text(path.read_text(encoding="utf-8").replace("status: 未启动  # 尚未开始", 'status: "未启动"  # 尚未开始'),
                    encoding="utf-8")
    book.write_bytes(actions_xlsx(_archive(settings)))
    rows = {"2024-05-06-block#A1": ("进展", "2024-05-20", None), "2024-05-06-block#A2": (None, None, "否")}
    out = io.StringIO()
    assert run(settings, fill(book, rows, tmp_path / "f.xlsx"), out=out) == 0
    assert "读取 1 行反馈" in out.getvalue()
    assert 'status: "推进中"  # 尚未开始' in path.read_text(encoding="utf-8")
