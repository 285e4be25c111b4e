"""会议已召开（或已办结）时，每位应到的参会人员（工作人员与请假者除外）都应记录签到（signed_in: true 或
false）。没有记录的不算缺席，也不计入到会率，参会情况通报单列为“未记录签到”；全体都没有记录时只提示一次。"""

from __future__ import annotations

from ...core.enums import Role, Rsvp

ID = "sign-in-unrecorded"
SEVERITY = "warning"
WHEN = "static"


def check(d, e, facts) -> None:
    fm = d.fm
    if not fm.status.took_place:
        return
    expected = [(i, a) for i, a in enumerate(fm.attendees) if a.role != Role.STAFF]
    missing = [(i, a) for i, a in expected if a.signed_in is None and a.rsvp != Rsvp.LEAVE]
    if not missing:
        return
    if all(a.signed_in is None for _, a in expected):
        e.report(("attendees",), "sign_in_none", count=len(missing))
        return
    for i, _ in missing:
        e.report(("attendees", i), "sign_in_unrecorded")
