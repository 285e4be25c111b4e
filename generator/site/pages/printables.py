"""Printable pages of a meeting not yet held, A4 from any browser (``overrides/assets/stylesheets/print.css``):
the notice (会议通知), the sign-in sheet (签到表) and the table name cards (桌签), at
``meetings/<YYYY>/<id>/notice/``, ``…/signin/`` and ``…/cards/``. Once held, the attendance report
(参会情况通报) is a section of the meeting page itself (``domain.attendance.attendance_report``).
"""

from __future__ import annotations

from typing import Any

from ...core.enums import Classification, Disposition
from ...core.zh import NUMERALS, zh_weekday
from ...domain.addresses import meeting_url, printable_url
from ...domain.archive import Archive
from ...domain.attendance import by_unit, cards, invited, staff
from ...domain.readiness import rsvp_deadline
from ...source.loader import Dossier
from ..render import common, render

PRINTABLES = ("notice", "signin", "cards")


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
# Pages


def _context(archive: Archive, d: Dossier, which: str) -> dict[str, Any]:
    base = common(archive)
    url = printable_url(d, which)
    base.update(
        d=d, fm=d.fm, url=url, meeting_href="../", which=which, weekday=zh_weekday, numerals=NUMERALS,
        people=by_unit(archive, invited(d)),
    )
    return base


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
                "print_notice.md.j2", deadline=rsvp_deadline(d), contacts=staff(d), requirements=requirements(d),
                **_context(archive, d, "notice"),
            )
        if "signin" in which:
            out[f"{base}signin.md"] = render("print_signin.md.j2", **_context(archive, d, "signin"))
        if "cards" in which:
            out[f"{base}cards.md"] = render("print_cards.md.j2", cards=cards(archive, d), **_context(archive, d, "cards"))
    return out
