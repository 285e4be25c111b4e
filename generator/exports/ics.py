"""``exports/calendar.ics``: the meetings (events) and the open actions (to-dos, due on their due date,
with an alarm ``due_soon_days`` before it), with UIDs derived from the dossier and action ids, so
importing it again updates them instead of duplicating them. Settled actions (done, cancelled, carried
forward) are not in it. With ``site_url`` set every link is a full address. Only ``archive.visible`` is
read."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..core.enums import ActionStatus, Classification, Status
from ..domain.addresses import absolute, meeting_url
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


def meeting_event(d: Dossier, stamp: datetime, tz, site_url: str = ""):
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
    lines.append(f"网站页面：{absolute(site_url, meeting_url(d))}")
    ev.add("description", "\n".join(lines))
    if site_url:
        ev.add("url", absolute(site_url, meeting_url(d)))
    ev.add("categories", [fm.kind])
    ev.add("status", "TENTATIVE" if fm.status == Status.PLANNED else "CONFIRMED")
    ev.add("class", _ICS_CLASS.get(fm.classification, "CONFIDENTIAL"))
    ev.add("sequence", 0)
    return ev


def action_todo(row: LedgerRow, stamp: datetime, alarm_days: int, site_url: str = ""):
    """An open action as a to-do (VTODO) due on its due date, with an alarm ``alarm_days`` before it."""
    from icalendar import Alarm, Todo  # noqa: PLC0415

    v, a = row.view, row.view.action
    d = v.dossier
    todo = Todo()
    todo.add("uid", stable_uid("action", d.id, a.id))
    todo.add("dtstamp", stamp)
    prefix = "【逾期】" if row.state == "overdue" else ("【临期】" if row.state == "due-soon" else "")
    todo.add("summary", f"{prefix}督办：{a.task}（{a.unit}）")
    if a.due < date.max:
        todo.add("due", a.due)
    link = absolute(site_url, f"{meeting_url(d)}#action-{a.id}")
    lines = [
        f"督办事项：{a.id} {a.task}",
        f"责任单位：{a.unit}" + (f"；配合：{'、'.join(a.co_units)}" if a.co_units else ""),
        *([f"责任人：{a.owner}"] if a.owner else []),
        *([f"督办领导：{v.supervisor}"] if v.supervisor else []),
        f"状态：{STATE_LABELS[row.state]}（按 {stamp.date().isoformat()} 计）",
        f"会议：{d.fm.title}（{d.fm.date.isoformat()}）",  # type: ignore[union-attr]
        f"网站页面：{link}",
    ]
    if row.latest:
        lines.append(f"最新反馈：{row.latest.date.isoformat()} {row.latest.note}")
    todo.add("description", "\n".join(lines))
    if site_url:
        todo.add("url", link)
    todo.add("categories", ["督办"])
    todo.add("status", "IN-PROCESS" if a.status == ActionStatus.IN_PROGRESS else "NEEDS-ACTION")
    todo.add("priority", 1 if row.state == "overdue" else (5 if row.state == "due-soon" else 9))
    todo.add("class", _ICS_CLASS.get(d.fm.classification, "CONFIDENTIAL"))  # type: ignore[union-attr]
    todo.add("sequence", 0)
    if a.due < date.max:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"督办事项将于 {a.due.isoformat()} 到期：{a.task}")
        alarm.add("trigger", timedelta(days=-alarm_days), parameters={"RELATED": "END"})
        todo.add_component(alarm)
    return todo


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
    site_url = archive.settings.site_url
    for d in archive.visible:
        cal.add_component(meeting_event(d, stamp, tz, site_url))
    for row in ledger(archive):
        if not row.settled:  # a settled action is not on anyone's calendar any more
            cal.add_component(action_todo(row, stamp, archive.settings.due_soon_days, site_url))
    if tz is not None:
        years = [d.fm.date.year for d in archive.visible] or [archive.as_of.year]  # type: ignore[union-attr]
        cal.add_missing_timezones(first_date=date(min(years), 1, 1), last_date=date(min(max(years) + 1, date.max.year), 12, 31))
    return cal.to_ical()


def ics_export(archive: Archive) -> dict[str, str | bytes]:
    return {"exports/calendar.ics": calendar_ics(archive)}
