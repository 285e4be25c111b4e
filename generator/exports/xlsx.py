"""``exports/actions.xlsx``: the follow-up ledger as an Excel workbook (openpyxl): one sheet for the whole
ledger, one per responsible unit, header row frozen, dates as dates, overdue rows marked, and no cell
ever a formula. Only ``archive.visible`` is read."""

from __future__ import annotations

import io
import re
from datetime import datetime, time
from typing import Any

from ..domain.archive import Archive
from ..domain.ledger import STATE_LABELS, LedgerRow, ledger

LEDGER_SHEET = "督办台账"
COLUMNS: list[tuple[str, int]] = [  # header, width
    ("状态", 8), ("逾期天数", 9), ("办理时限", 12), ("责任单位", 22), ("责任人", 10), ("督办事项", 44),
    ("督办编号", 9), ("会议", 34), ("会议日期", 12), ("会议编号", 28), ("办理状态", 9), ("最新反馈日期", 13),
    ("最新反馈", 44),
]
DATE_COLUMNS = {"办理时限", "会议日期", "最新反馈日期"}
OVERDUE_FILL = "FFEBEE"
OVERDUE_FONT = "B71C1C"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def ledger_values(row: LedgerRow) -> list[Any]:
    a, d = row.view.action, row.view.dossier
    return [
        STATE_LABELS[row.state],
        row.days_overdue if row.view.overdue else None,
        a.due,
        a.unit,
        a.owner or "",
        a.task,
        a.id,
        d.fm.title,  # type: ignore[union-attr]
        d.fm.date,  # type: ignore[union-attr]
        d.id,
        a.status.zh,
        row.latest.date if row.latest else None,
        row.latest.note if row.latest else "",
    ]


def sheet_title(name: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique (case-insensitive)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: PLC0415

    base = _SHEET_BAD.sub("-", ILLEGAL_CHARACTERS_RE.sub("", name)).strip("'") or "单位"
    title, n = base[:31], 2
    while title.lower() in taken:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


class _Styles:
    """Named cell styles, made once per workbook: one assignment a cell instead of four (openpyxl
    spends most of a large export on per-cell style objects)."""

    def __init__(self, wb) -> None:
        self.wb = wb
        self.made: set[str] = set()

    def name(self, *, header: bool = False, date_: bool = False, wrap: bool = False, overdue: bool = False,
             red: bool = False) -> str:
        from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill  # noqa: PLC0415

        key = f"ma-{int(header)}{int(date_)}{int(wrap)}{int(overdue)}{int(red)}"
        if key not in self.made:
            style = NamedStyle(name=key)
            if header:
                style.font = Font(bold=True)
                style.fill = PatternFill("solid", fgColor="EEEEEE")
            else:
                style.alignment = Alignment(wrap_text=wrap, vertical="top")
                if date_:
                    style.number_format = "yyyy-mm-dd"
                if overdue:
                    style.fill = PatternFill("solid", fgColor=OVERDUE_FILL)
                if red:
                    style.font = Font(color=OVERDUE_FONT, bold=True)
            self.wb.add_named_style(style)
            self.made.add(key)
        return key


def _fill_sheet(ws, rows: list[LedgerRow], styles: _Styles) -> None:
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    for i, (_, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    header = styles.name(header=True)
    ws.append([_cell(ws, h, header) for h, _ in COLUMNS])
    for row in rows:
        overdue = row.view.overdue
        cells = []
        for n, ((name, _), value) in enumerate(zip(COLUMNS, ledger_values(row))):
            style = styles.name(
                date_=name in DATE_COLUMNS and value is not None,
                wrap=name in ("督办事项", "最新反馈", "会议"),
                overdue=overdue,
                red=overdue and n < 2,
            )
            cells.append(_cell(ws, value, style))
        ws.append(cells)


def _cell(ws, value, style: str):
    """A cell of the workbook. Text is always a string cell, never a formula: openpyxl would make
    ``=HYPERLINK(…)`` written in a dossier into one. Characters XML cannot hold are dropped."""
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: PLC0415

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    cell.style = style
    return cell


def actions_xlsx(archive: Archive) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415

    rows = ledger(archive)
    wb = Workbook(write_only=True)  # streamed: a large ledger is written row by row
    styles = _Styles(wb)
    taken = {LEDGER_SHEET.lower(), "说明"}
    _fill_sheet(wb.create_sheet(LEDGER_SHEET), rows, styles)
    units: dict[str, list[LedgerRow]] = {}
    for r in rows:
        units.setdefault(r.view.action.unit, []).append(r)
    configured = {u: i for i, u in enumerate(archive.settings.units)}
    for unit in sorted(units, key=lambda u: (configured.get(u, len(configured)), u)):
        _fill_sheet(wb.create_sheet(sheet_title(unit, taken)), units[unit], styles)
    notes = wb.create_sheet("说明")
    notes.column_dimensions["A"].width = 12
    notes.column_dimensions["B"].width = 60
    plain = styles.name()
    notes.append([_cell(notes, "基准日期", plain), _cell(notes, archive.as_of, styles.name(date_=True))])
    for label, value in (
        ("读者范围", archive.audience.zh),
        ("督办事项", len(rows)),
        ("逾期", sum(1 for r in rows if r.view.overdue)),
        ("说明", "逾期行以红色标出，逾期在前；“逾期天数”按基准日期计算。每个责任单位一张工作表。"),
    ):
        notes.append([_cell(notes, label, plain), _cell(notes, value, plain)])
    stamp = datetime.combine(archive.as_of, time())
    wb.properties.title = "督办台账"
    wb.properties.creator = "会务档案"
    wb.properties.created = stamp
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_export(archive: Archive) -> dict[str, str | bytes]:
    return {"exports/actions.xlsx": actions_xlsx(archive)}
