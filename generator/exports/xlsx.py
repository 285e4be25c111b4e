"""``exports/actions.xlsx``: the follow-up ledger as an Excel workbook that prints as a 督办台账 and that
the units fill in and send back (``python -m generator feedback``).

Written with XlsxWriter (the library made for writing workbooks; openpyxl reads them back). Every sheet:

- a title row (the office, the as-of date, the audience) and the header row, repeated on every printed
  page; landscape A4, fit to one page wide, page numbers in the footer;
- 序号, then the columns of ``records.ACTION_COLUMNS`` (dates as dates, long text wrapped, the whole
  feedback trail as dated lines in one column), then three columns for the unit to fill in: 本次反馈,
  反馈日期 and 申请办结 (是/否, from a list);
- overdue rows in red, due-soon (临期) rows in yellow, the state in bold.

One sheet for the whole ledger, one per unit with every action it leads or supports (配合, marked in
序号). The sheet 说明 says how to fill it in and records the build's audience and as-of date, which
``feedback`` checks. No cell is ever a formula or a link: text is written as text.
"""

from __future__ import annotations

import io
import re
from datetime import datetime, time
from typing import Any

from ..check.cache import private_dir
from ..core.zh import zh_date
from ..domain.archive import Archive
from ..domain.ledger import LedgerRow, count, ledger
from .records import ACTION_COLUMNS, action_cells

LEDGER_SHEET = "督办台账"
NOTES_SHEET = "说明"
NUMBER_HEADER = "序号"
# The columns a unit fills in; ``cli.feedback`` reads them back by these headers.
FEEDBACK_HEADERS = ("本次反馈", "反馈日期", "申请办结")
FEEDBACK_WIDTHS = (26, 11, 8)
# Columns kept in the workbook (the one record of an action) but hidden, so that the sheet printed on
# landscape A4, one page wide, stays readable: the ids (编号键 is read back by ``feedback``), dates and
# references a printed 督办台账 does not carry. Unhide them in Excel to see them.
HIDDEN = {"days_overdue", "co_units", "meeting_date", "meeting", "key", "status", "closed_on", "approved_by",
          "latest_date", "latest", "decision", "carried_from", "carried_to", "supervisor", "id"}
PRINT_WIDTHS = {"state": 8, "due": 11, "unit": 16, "owner": 8, "task": 28, "meeting_title": 18, "trail": 36}
AUDIENCE_LABEL, AS_OF_LABEL = "读者范围", "基准日期"
OVERDUE_FILL, OVERDUE_FONT = "#FFEBEE", "#B71C1C"
DUE_SOON_FILL, DUE_SOON_FONT = "#FFF8E1", "#8D6E00"
INPUT_FILL = "#F1F8E9"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
# Characters an XML 1.0 document cannot hold (what openpyxl's ILLEGAL_CHARACTERS_RE removes).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def sheet_title(name: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique (case-insensitive)."""
    base = _SHEET_BAD.sub("-", _ILLEGAL.sub("", name)).strip("'") or "单位"
    title, n = base[:31], 2
    while title.lower() in taken:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def headers() -> list[str]:
    """Every column of a sheet, in order."""
    return [NUMBER_HEADER, *(c.header for c in ACTION_COLUMNS), *FEEDBACK_HEADERS]


class _Formats:
    """The workbook's cell formats, made once each (XlsxWriter shares a format between cells)."""

    def __init__(self, wb) -> None:
        self.wb = wb
        self.made: dict[tuple, Any] = {}

    def get(self, *, header=False, title=False, date=False, wrap=False, state="", bold=False, entry=False):
        key = (header, title, date, wrap, state, bold, entry)
        if key not in self.made:
            props: dict[str, Any] = {"valign": "top", "font_size": 10, "border": 1, "border_color": "#9E9E9E"}
            if title:
                props = {"bold": True, "font_size": 14, "valign": "vcenter"}
            elif header:
                props.update(bold=True, bg_color="#EEEEEE", align="center", valign="vcenter", text_wrap=True)
            if wrap:
                props["text_wrap"] = True
            if date:
                props["num_format"] = "yyyy-mm-dd"
            if state == "overdue":
                props["bg_color"] = OVERDUE_FILL
            elif state == "due-soon":
                props["bg_color"] = DUE_SOON_FILL
            if bold and state in ("overdue", "due-soon"):
                props.update(bold=True, font_color=OVERDUE_FONT if state == "overdue" else DUE_SOON_FONT)
            if entry:
                props["bg_color"] = INPUT_FILL
            self.made[key] = self.wb.add_format(props)
        return self.made[key]


def _write(ws, r: int, c: int, value: Any, fmt) -> None:
    """One cell: text as text (never a formula, a number or a link), dates as dates."""
    if value is None or value == "":
        ws.write_blank(r, c, None, fmt)
    elif isinstance(value, str):
        ws.write_string(r, c, _ILLEGAL.sub("", value), fmt)
    elif isinstance(value, bool):
        ws.write_boolean(r, c, value, fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(r, c, value, fmt)
    elif hasattr(value, "isoformat"):
        ws.write_datetime(r, c, datetime.combine(value, time()), fmt)
    else:
        ws.write_string(r, c, _ILLEGAL.sub("", str(value)), fmt)


LINE_HEIGHT = 13.5  # points, a line of 10-point text


def _cells(text: str) -> int:
    """How wide ``text`` is in Excel's column units: a Chinese character is two."""
    import unicodedata  # noqa: PLC0415

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _height(values: list[Any]) -> float:
    """A row's height for its wrapped text (Excel and LibreOffice do not always fit it on opening):
    the most lines any of its wrapped cells (``values``: ``action_cells``) needs in its column's width."""
    lines = 1
    for col, value in zip(ACTION_COLUMNS, values, strict=True):
        if col.kind != "long" or not value or col.key in HIDDEN:
            continue
        width = PRINT_WIDTHS.get(col.key, col.width) - 1
        need = sum(max(1, -(-_cells(part) // width)) for part in str(value).split("\n"))
        lines = max(lines, need)
    return LINE_HEIGHT * min(lines, 30) + 2


def _sheet(wb, fmt: _Formats, name: str, rows: list[LedgerRow], archive: Archive, title: str,
           memo: dict[int, tuple[list[Any], float]], unit: str | None = None) -> None:
    """``memo``: each row's cells and height, by the row (an action is on the ledger's sheet and on the
    sheet of each of its units: made once)."""
    ws = wb.add_worksheet(name)
    cols = headers()
    last = len(cols) - 1
    ws.write_string(0, 0, title, fmt.get(title=True))  # runs on over the empty cells to its right
    ws.set_row(0, 26)
    for c, h in enumerate(cols):
        ws.write_string(1, c, h, fmt.get(header=True, entry=h in FEEDBACK_HEADERS))
    ws.set_column(0, 0, 5)
    for c, col in enumerate(ACTION_COLUMNS, start=1):
        ws.set_column(c, c, PRINT_WIDTHS.get(col.key, col.width), None, {"hidden": col.key in HIDDEN})
    for i, width in enumerate(FEEDBACK_WIDTHS):
        ws.set_column(len(ACTION_COLUMNS) + 1 + i, len(ACTION_COLUMNS) + 1 + i, width)
    for n, row in enumerate(rows, start=1):
        r = n + 1
        state = row.state if row.state in ("overdue", "due-soon") else ""
        role = row.view.role_of(unit) if unit else None
        _write(ws, r, 0, f"{n} 配合" if role == "co" else n, fmt.get(state=state))
        made = memo.get(id(row))
        if made is None:
            values = action_cells(row, archive)
            made = memo[id(row)] = (values, _height(values))
        for c, (col, value) in enumerate(zip(ACTION_COLUMNS, made[0], strict=True), start=1):
            _write(ws, r, c, value, fmt.get(date=col.kind == "date" and value is not None, wrap=col.kind == "long",
                                            state=state, bold=c <= 2))
        ws.set_row(r, made[1])
        first = len(ACTION_COLUMNS) + 1
        _write(ws, r, first, None, fmt.get(wrap=True, entry=True))
        _write(ws, r, first + 1, None, fmt.get(date=True, entry=True))
        _write(ws, r, first + 2, None, fmt.get(entry=True))
    if rows:
        first = len(ACTION_COLUMNS) + 1
        end = len(rows) + 1
        ws.data_validation(2, first + 1, end, first + 1, {
            "validate": "date", "criteria": ">=", "value": datetime(2000, 1, 1),
            "input_title": "反馈日期", "input_message": "填写本次反馈的日期，如 2026-12-01",
            "error_message": "请填写日期，如 2026-12-01"})
        ws.data_validation(2, first + 2, end, first + 2, {
            "validate": "list", "source": ["是", "否"], "input_title": "申请办结",
            "input_message": "已办结、申请销号的填“是”", "error_message": "请选“是”或“否”"})
        ws.autofilter(1, 0, end, last)
    ws.freeze_panes(2, 2)
    # Printed as a 督办台账: landscape A4, one page wide, the title and header rows on every page.
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0, 1)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.center_horizontally()
    ws.set_footer("&C第 &P 页，共 &N 页")


def actions_xlsx(archive: Archive) -> bytes:
    import xlsxwriter  # noqa: PLC0415

    rows = ledger(archive)
    buf = io.BytesIO()
    # constant_memory: each row goes out to the sheet's file when the next one starts (the sheets are
    # written row by row, in order), instead of every cell staying in memory to the end (370 MB at 10,000
    # meetings); its text is then written in the cells (inline strings), which Excel, WPS, LibreOffice and
    # openpyxl all read. Those files are made in the private cache folder when there is one: they hold what
    # the dossiers hold.
    tmpdir = archive.settings.cache_dir
    try:
        tmpdir = private_dir(tmpdir) if tmpdir is not None else None
    except OSError:
        tmpdir = None  # a read-only project: the system's temporary folder
    wb = xlsxwriter.Workbook(buf, {
        "constant_memory": True, "tmpdir": str(tmpdir) if tmpdir is not None else None,
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
    })
    stamp = datetime.combine(archive.as_of, time())
    wb.set_properties({"title": "督办台账", "author": "会务档案", "created": stamp, "company": archive.settings.office})
    wb.set_custom_property("huiwu_audience", archive.audience.value)
    wb.set_custom_property("huiwu_as_of", archive.as_of.isoformat())
    fmt = _Formats(wb)
    office = archive.settings.office
    heading = f"{office + ' ' if office else ''}督办台账（截至{zh_date(archive.as_of)} · 读者范围：{archive.audience.zh}）"
    taken = {LEDGER_SHEET.lower(), NOTES_SHEET.lower()}
    memo: dict[int, tuple[list[Any], float]] = {}  # by id(row): every row stays in ``rows`` meanwhile
    _sheet(wb, fmt, LEDGER_SHEET, rows, archive, heading, memo)
    units: dict[str, list[LedgerRow]] = {}
    for r in rows:
        for unit in r.view.units:
            units.setdefault(unit, []).append(r)
    configured = {u: i for i, u in enumerate(archive.settings.units)}
    for unit in sorted(units, key=lambda u: (configured.get(u, len(configured)), u)):
        _sheet(wb, fmt, sheet_title(unit, taken), units[unit], archive,
               f"{unit} 督办事项（含配合办理，截至{zh_date(archive.as_of)} · 读者范围：{archive.audience.zh}）", memo,
               unit=unit)
    _notes(wb, fmt, archive, rows)
    wb.close()
    return buf.getvalue()


def _notes(wb, fmt: _Formats, archive: Archive, rows: list[LedgerRow]) -> None:
    ws = wb.add_worksheet(NOTES_SHEET)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, 90)
    plain = wb.add_format({"valign": "top", "text_wrap": True})
    c = count(rows)
    lines: list[tuple[str, Any]] = [
        (AS_OF_LABEL, archive.as_of),
        (AUDIENCE_LABEL, archive.audience.zh),
        ("督办事项", len(rows)),
        ("逾期", c.overdue),
        ("临期", c.due_soon),
        ("颜色", f"红色：逾期；黄色：临期（{archive.settings.due_soon_days} 天内到期）。逾期、临期均按基准日期计算。"),
        ("填写反馈", "只在绿色的三列中填写：本次反馈（办理进展）、反馈日期、申请办结（已办结、申请销号的选“是”）。"
                     "只读回这三列：其他各列请勿修改，其中的改动不会写回档案；改动了编号、督办事项、责任单位或办理时限的行"
                     "整行不读入。一次交回可填多行，一行一项。"),
        ("交回", "填好后原样交回（可另存为，文件名不限）。档案管理员用 make feedback FILE=… 读回，"
                 "每一处改动都会列出，并重新检查档案。"),
        ("编号键", "“编号键”是 <会议编号>#<督办编号>，读回时据此找到督办事项，请勿修改。"),
        ("隐藏的列", "为便于横向打印，编号、会议编号、编号键、配合单位、督办领导、办结日期等列已隐藏，"
                     "选中两侧的列后“取消隐藏”即可查看。"),
        ("打印", "每张工作表按 A4 横向、一页宽打印，每页重复标题行和表头。"),
    ]
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd", "align": "left"})
    for r, (label, value) in enumerate(lines):
        ws.write_string(r, 0, label, plain)
        _write(ws, r, 1, value, date_fmt if hasattr(value, "isoformat") else plain)


def xlsx_export(archive: Archive) -> dict[str, str | bytes]:
    return {"exports/actions.xlsx": actions_xlsx(archive)}
