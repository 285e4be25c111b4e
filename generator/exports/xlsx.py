"""``exports/actions.xlsx``: the follow-up ledger as an Excel workbook (openpyxl): one sheet for the whole
ledger, one per responsible unit, header row frozen, dates as dates, overdue rows marked, and no cell
ever a formula. Only ``archive.visible`` is read."""

from __future__ import annotations

import io
import re
from datetime import datetime, time

from ..domain.archive import Archive
from ..domain.ledger import LedgerRow, ledger
from .records import ACTION_COLUMNS, action_cells

LEDGER_SHEET = "督办台账"
OVERDUE_FILL = "FFEBEE"
OVERDUE_FONT = "B71C1C"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


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


def _fill_sheet(ws, rows: list[LedgerRow], archive: Archive, styles: _Styles) -> None:
    """One sheet: the columns of ``records.ACTION_COLUMNS`` (dates as dates, long text wrapped), overdue
    rows filled red and their state and days in red letters."""
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    for i, c in enumerate(ACTION_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = c.width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(ACTION_COLUMNS))}{len(rows) + 1}"
    header = styles.name(header=True)
    ws.append([_cell(ws, c.header, header) for c in ACTION_COLUMNS])
    for row in rows:
        overdue = row.view.overdue
        cells = []
        for n, (c, value) in enumerate(zip(ACTION_COLUMNS, action_cells(row, archive))):
            style = styles.name(date_=c.kind == "date" and value is not None, wrap=c.kind == "long",
                                overdue=overdue, red=overdue and n < 2)
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
    _fill_sheet(wb.create_sheet(LEDGER_SHEET), rows, archive, styles)
    units: dict[str, list[LedgerRow]] = {}
    for r in rows:
        units.setdefault(r.view.action.unit, []).append(r)
    configured = {u: i for i, u in enumerate(archive.settings.units)}
    for unit in sorted(units, key=lambda u: (configured.get(u, len(configured)), u)):
        _fill_sheet(wb.create_sheet(sheet_title(unit, taken)), units[unit], archive, styles)
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
