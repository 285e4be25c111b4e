"""``exports/calendar.ics``: the meetings and the due dates of the actions (icalendar), with UIDs derived
from the dossier and action ids, so importing it again updates the events instead of duplicating them.
Only ``archive.visible`` is read."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..core.enums import ActionStatus, Classification, Status
from ..domain.addresses import meeting_url
from ..domain.archive import Archive
from ..domain.ledger import STATE_LABELS, LedgerRow, ledger
from ..source.loader import Dossier

TIMEZONE = "Asia/Shanghai"  # meeting times in dossiers are local (Beijing) time
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:meeting-archive")


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


def ics_export(archive: Archive) -> dict[str, str | bytes]:
    return {"exports/calendar.ics": calendar_ics(archive)}
