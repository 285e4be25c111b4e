"""回执为“请假”的参会人不应标记为已签到。"""

from __future__ import annotations

from ...core.enums import Rsvp

ID = "signed-in-on-leave"
SEVERITY = "warning"
WHEN = "static"


def check(d, e, facts) -> None:
    for i, att in enumerate(d.fm.attendees):
        if att.rsvp == Rsvp.LEAVE and att.signed_in:
            e.report(("attendees", i, "signed_in"), "signed_in_on_leave")
