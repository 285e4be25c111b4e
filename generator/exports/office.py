"""Exports for office software, from the same data as the pages and honouring the audience.

- ``exports/actions.xlsx``: the follow-up ledger as an Excel workbook (openpyxl): one sheet for the
  whole ledger, one per responsible unit, header row frozen, dates as dates, overdue rows marked.
- ``exports/calendar.ics``: the meetings and the due dates of the actions (icalendar), with UIDs
  derived from the dossier and action ids, so importing it again updates the events instead of
  duplicating them.
- ``feed.xml``: an Atom feed of the meetings held most recently.

Only ``archive.visible`` is read; documents (which may be classified above their meeting's readers)
go into none of these files.
"""

from __future__ import annotations

import io
import re
import uuid
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..domain.archive import Archive
from ..core.enums import ActionStatus, Classification, Status
from ..site.listing import STATE_LABELS, LedgerRow, ledger
from ..source.loader import Dossier
from ..site.pages import href, meeting_url, render

TIMEZONE = "Asia/Shanghai"  # meeting times in dossiers are local (Beijing) time
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:meeting-archive")
FEED_ENTRIES = 30

# ---------------------------------------------------------------------------------------------------
# Excel

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


# ---------------------------------------------------------------------------------------------------
# iCalendar


def stable_uid(*parts: str) -> str:
    """The same dossier (and action) id always gives the same UID: re-importing updates the event."""
    return f"{uuid.uuid5(UID_NAMESPACE, '#'.join(parts))}@meeting-archive"


def _zone():
    try:
        return ZoneInfo(TIMEZONE)
    except ZoneInfoNotFoundError:  # pragma: no cover - no time zone data: floating local times
        return None


def _at(day: date, hhmm: str, tz) -> datetime:
    h, m = (int(x) for x in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, h, m, tzinfo=tz)


_ICS_CLASS = {
    Classification.PUBLIC: "PUBLIC",
    Classification.INTERNAL: "PRIVATE",
}


def _all_day(ev, day: date) -> None:
    """An all-day event; on the last day the calendar can hold (9999-12-31, "no deadline") without a
    DTEND, which RFC 5545 reads as that one day."""
    ev.add("dtstart", day)
    if day < date.max:
        ev.add("dtend", day + timedelta(days=1))


def meeting_event(d: Dossier, stamp: datetime, tz):
    from icalendar import Event  # noqa: PLC0415

    fm = d.fm
    assert fm is not None
    ev = Event()
    ev.add("uid", stable_uid("meeting", d.id))
    ev.add("dtstamp", stamp)
    ev.add("summary", fm.title)
    if fm.start:
        ev.add("dtstart", _at(fm.date, fm.start, tz))
        if fm.end:
            ev.add("dtend", _at(fm.date, fm.end, tz))
    else:
        _all_day(ev, fm.date)
    if fm.venue:
        ev.add("location", fm.venue)
    lines = [f"会议类型：{fm.kind}", f"状态：{fm.status.zh}", f"密级：{fm.classification.zh}"]
    if fm.organizer:
        lines.append(f"承办单位：{fm.organizer}")
    if fm.chair:
        lines.append(f"主持人：{fm.chair}")
    if fm.agenda:
        lines.append("议程：")
        lines += [f"{i}. {item.topic}" for i, item in enumerate(fm.agenda, start=1)]
    lines.append(f"网站页面：{meeting_url(d)}")
    ev.add("description", "\n".join(lines))
    ev.add("categories", [fm.kind])
    ev.add("status", "TENTATIVE" if fm.status == Status.PLANNED else "CONFIRMED")
    ev.add("class", _ICS_CLASS.get(fm.classification, "CONFIDENTIAL"))
    ev.add("sequence", 0)
    return ev


def action_event(row: LedgerRow, stamp: datetime):
    from icalendar import Event  # noqa: PLC0415

    v, a = row.view, row.view.action
    d = v.dossier
    ev = Event()
    ev.add("uid", stable_uid("action", d.id, a.id))
    ev.add("dtstamp", stamp)
    prefix = {"overdue": "【逾期】", "done": "【已办结】", "carried": "【已结转】", "cancelled": "【已取消】"}.get(row.state, "")
    ev.add("summary", f"{prefix}督办到期：{a.task}（{a.unit}）")
    _all_day(ev, a.due)
    lines = [
        f"督办事项：{a.id} {a.task}",
        f"责任单位：{a.unit}",
        *([f"责任人：{a.owner}"] if a.owner else []),
        f"状态：{STATE_LABELS[row.state]}",
        f"会议：{d.fm.title}（{d.fm.date.isoformat()}）",  # type: ignore[union-attr]
        f"网站页面：{meeting_url(d)}#action-{a.id}",
    ]
    if row.latest:
        lines.append(f"最新反馈：{row.latest.date.isoformat()} {row.latest.note}")
    ev.add("description", "\n".join(lines))
    ev.add("categories", ["督办"])
    ev.add("status", "CANCELLED" if a.status == ActionStatus.CANCELLED else "CONFIRMED")
    ev.add("transp", "TRANSPARENT")  # a due date does not block the day
    ev.add("class", _ICS_CLASS.get(d.fm.classification, "CONFIDENTIAL"))  # type: ignore[union-attr]
    ev.add("sequence", 0)
    return ev


def calendar_ics(archive: Archive) -> bytes:
    from icalendar import Calendar  # noqa: PLC0415

    tz = _zone()
    stamp = datetime.combine(archive.as_of, time(), tzinfo=timezone.utc)
    cal = Calendar()
    cal.add("prodid", "-//会务档案//meeting-archive//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "会务档案：会议与督办时限")
    cal.add("x-wr-timezone", TIMEZONE)
    for d in archive.visible:
        cal.add_component(meeting_event(d, stamp, tz))
    for row in ledger(archive):
        cal.add_component(action_event(row, stamp))
    if tz is not None:
        years = [d.fm.date.year for d in archive.visible] or [archive.as_of.year]  # type: ignore[union-attr]
        cal.add_missing_timezones(first_date=date(min(years), 1, 1), last_date=date(min(max(years) + 1, date.max.year), 12, 31))
    return cal.to_ical()


# ---------------------------------------------------------------------------------------------------
# Atom feed


def _rfc3339(day: date, hhmm: str | None) -> str:
    h, m = (int(x) for x in (hhmm or "00:00").split(":"))
    return datetime(day.year, day.month, day.day, h, m, tzinfo=timezone(timedelta(hours=8))).isoformat()


def feed_xml(archive: Archive) -> str:
    held = [d for d in archive.visible if d.fm.status.took_place]  # type: ignore[union-attr]
    held.sort(key=lambda d: (d.fm.date, d.fm.start or "", d.id), reverse=True)  # type: ignore[union-attr]
    entries = []
    for d in held[:FEED_ENTRIES]:
        fm = d.fm
        entries.append({
            "d": d,
            "fm": fm,
            "id": f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, 'meeting#' + d.id)}",
            "href": href("", meeting_url(d)),
            "updated": _rfc3339(fm.date, fm.end or fm.start),  # type: ignore[union-attr]
            "decisions": len(fm.decisions),  # type: ignore[union-attr]
            "actions": len(fm.actions),  # type: ignore[union-attr]
        })
    updated = entries[0]["updated"] if entries else _rfc3339(archive.as_of, None)
    return render(
        "feed.xml.j2", entries=entries, updated=updated, audience=archive.audience,
        feed_id=f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, 'feed')}",
    )


def xlsx_export(archive: Archive) -> dict[str, str | bytes]:
    return {"exports/actions.xlsx": actions_xlsx(archive)}


def ics_export(archive: Archive) -> dict[str, str | bytes]:
    return {"exports/calendar.ics": calendar_ics(archive)}


def feed_export(archive: Archive) -> dict[str, str | bytes]:
    return {"feed.xml": feed_xml(archive)}


def build_office_exports(archive: Archive) -> dict[str, str | bytes]:
    return {**xlsx_export(archive), **ics_export(archive), **feed_export(archive)}
