"""Printable pages per meeting and attendance figures.

For a meeting not yet held the build shows the notice (会议通知), the sign-in sheet (签到表) and the
table name cards (桌签), at ``meetings/<YYYY>/<id>/notice/``, ``…/signin/`` and ``…/cards/``; for a
meeting that took place and recorded sign-in, the attendance report (参会情况通报) as a section of
the meeting page itself. They print on A4 from any browser (``overrides/assets/stylesheets/print.css``).
``attendance_by_unit`` gives the per-unit figures across meetings for the unit pages; readiness of
meetings not yet held is in ``readiness.py``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..domain.archive import Archive
from ..core.enums import Classification, Disposition, Role, Rsvp
from ..source.loader import Dossier
from ..source.model import Attendee
from .pages import Attendance, attendance, common, meeting_url, render
from ..check.rules import SOON_DAYS

PRINTABLES = ("notice", "signin", "cards")
WEEKDAYS = "一二三四五六日"
NUMERALS = "一二三四五六七八九十"


def printable_url(d: Dossier, which: str) -> str:
    return f"{meeting_url(d)}{which}/"


def zh_weekday(day: date) -> str:
    return f"星期{WEEKDAYS[day.weekday()]}"


# ---------------------------------------------------------------------------------------------------
# Who attends


def unit_order(archive: Archive, names: list[str]) -> list[str]:
    """Units in the order of the site's configured list, then the others in order of appearance."""
    configured = {u: i for i, u in enumerate(archive.settings.units)}
    first = {u: i for i, u in enumerate(dict.fromkeys(names))}
    return sorted(first, key=lambda u: (0, configured[u]) if u in configured else (1, first[u]))


def invited(d: Dossier) -> list[Attendee]:
    """The people the meeting expects: everyone but the staff (工作人员)."""
    return [a for a in d.fm.attendees if a.role != Role.STAFF]  # type: ignore[union-attr]


def by_unit(archive: Archive, people: list[Attendee]) -> list[tuple[str, list[Attendee]]]:
    groups: dict[str, list[Attendee]] = defaultdict(list)
    for a in people:
        groups[a.unit].append(a)
    return [(u, groups[u]) for u in unit_order(archive, [a.unit for a in people])]


@dataclass
class Card:
    name: str
    unit: str
    substitute_for: str | None = None


def cards(archive: Archive, d: Dossier) -> list[Card]:
    """A name card for everyone expected in the room: substitutes under their own name, not those on leave."""
    out = []
    for _, people in by_unit(archive, invited(d)):
        for a in people:
            if a.rsvp == Rsvp.LEAVE:
                continue
            if a.rsvp == Rsvp.SUBSTITUTE and a.substitute:
                out.append(Card(a.substitute, a.unit, a.name))
            else:
                out.append(Card(a.name, a.unit))
    return out


# ---------------------------------------------------------------------------------------------------
# The notice


def rsvp_deadline(d: Dossier) -> date:
    """The due date of the preparation task that collects the replies (回执), else before the warning window."""
    fm = d.fm
    for t in fm.preparation:  # type: ignore[union-attr]
        if "回执" in t.task and t.due is not None and t.due <= fm.date:  # type: ignore[union-attr]
            return t.due
    return fm.date - timedelta(days=SOON_DAYS + 1)  # type: ignore[union-attr]


def contacts(d: Dossier) -> list[Attendee]:
    """The office's staff on the list are the contacts; else nobody (the organizer is named instead)."""
    return [a for a in d.fm.attendees if a.role == Role.STAFF]  # type: ignore[union-attr]


def requirements(d: Dossier) -> list[str]:
    fm = d.fm
    assert fm is not None
    out = ["请参会人员提前 15 分钟到达会场签到，会议期间将手机调至静音。"]
    if fm.classification >= Classification.SECRET:
        out.append(f"本次会议密级为{fm.classification.zh}，请勿携带手机等电子设备进入会场，不得记录、传播会议涉密内容。")
    dispositions = {doc.disposition for doc in fm.documents}
    if Disposition.RECALL in dispositions or Disposition.DESTROY in dispositions:
        out.append("会议文件会后当场清退，请勿带离会场，不得复印、拍照。")
    if any(item.presenter for item in fm.agenda):
        out.append("请汇报单位提前准备汇报材料，汇报时间控制在议程所列时长以内。")
    out.append("确因特殊情况不能参会的，须提前履行请假手续；由他人代会的，请在回执中写明代会人姓名。")
    return out


# ---------------------------------------------------------------------------------------------------
# Attendance


def sign_in_recorded(d: Dossier) -> bool:
    return any(a.signed_in is not None for a in invited(d))


@dataclass
class AttendanceReport:
    figures: Attendance
    leave: list[Attendee]
    substitutes: list[Attendee]
    absent: list[Attendee]  # absent without leave


def attendance_report(d: Dossier) -> AttendanceReport:
    people = invited(d)
    return AttendanceReport(
        figures=attendance(d),
        leave=[a for a in people if a.rsvp == Rsvp.LEAVE],
        substitutes=[a for a in people if a.rsvp == Rsvp.SUBSTITUTE],
        absent=[a for a in people if not a.signed_in and a.rsvp != Rsvp.LEAVE],
    )


@dataclass
class UnitAttendance:
    """A unit's attendance across the held meetings it was expected at (those with sign-in recorded)."""

    meetings: int = 0
    expected: int = 0
    signed_in: int = 0
    leave: int = 0
    substitutes: int = 0
    absent: int = 0  # not signed in and not on leave

    @property
    def rate(self) -> float | None:
        return self.signed_in / self.expected if self.expected else None


def attendance_by_unit(archive: Archive) -> dict[str, UnitAttendance]:
    """Per unit, over the visible meetings that took place and recorded sign-in; units in site order."""
    stats: dict[str, UnitAttendance] = {}
    for d in archive.visible:
        if not d.fm.status.took_place or not sign_in_recorded(d):  # type: ignore[union-attr]
            continue
        for unit, people in by_unit(archive, invited(d)):
            s = stats.setdefault(unit, UnitAttendance())
            s.meetings += 1
            s.expected += len(people)
            s.signed_in += sum(1 for a in people if a.signed_in)
            s.leave += sum(1 for a in people if a.rsvp == Rsvp.LEAVE)
            s.substitutes += sum(1 for a in people if a.rsvp == Rsvp.SUBSTITUTE)
            s.absent += sum(1 for a in people if not a.signed_in and a.rsvp != Rsvp.LEAVE)
    return {u: stats[u] for u in unit_order(archive, list(stats))}


# ---------------------------------------------------------------------------------------------------
# Pages


def _context(archive: Archive, d: Dossier, which: str) -> dict[str, Any]:
    ctx = common(archive)
    url = printable_url(d, which)
    ctx.update(
        d=d, fm=d.fm, url=url, meeting_href="../", which=which, weekday=zh_weekday, numerals=NUMERALS,
        people=by_unit(archive, invited(d)),
    )
    return ctx


def printables_of(d: Dossier) -> tuple[str, ...]:
    """Which printables a meeting has: the notice, sign-in sheet and name cards before it takes place,
    none once it has: the attendance report (参会情况通报) is then a section of the meeting page, which
    prints cleanly. (Separate papers for every meeting of the archive would double the site's page count
    for papers nobody prints again.)"""
    return () if d.fm.status.took_place else PRINTABLES  # type: ignore[union-attr]


def printable_pages(archive: Archive) -> dict[str, str]:
    out: dict[str, str] = {}
    for d in archive.visible:
        base = meeting_url(d)
        which = printables_of(d)
        if "notice" in which:
            out[f"{base}notice.md"] = render(
                "print_notice.md.j2", deadline=rsvp_deadline(d), contacts=contacts(d), requirements=requirements(d),
                **_context(archive, d, "notice"),
            )
        if "signin" in which:
            out[f"{base}signin.md"] = render("print_signin.md.j2", **_context(archive, d, "signin"))
        if "cards" in which:
            out[f"{base}cards.md"] = render("print_cards.md.j2", cards=cards(archive, d), **_context(archive, d, "cards"))
    return out
