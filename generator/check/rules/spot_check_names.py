"""会中抽查（spot_checks）记下的不在场人员（absent）应是本次会议参会人员名单（attendees）中的姓名或代会人
姓名，这样才能计入各单位的抽查情况；抽查的在场人数与不在场人数之和不应超过应到会场的人数（不含工作人员和
请假人员）。"""

from __future__ import annotations

from ...core.enums import Role, Rsvp
from ...core.messages import Msg, Q
from ...source.errors import closest

ID = "spot-check-names"
SEVERITY = "warning"
WHEN = "static"


def check(d, e, facts) -> None:
    fm = d.fm
    # Who may be in the room: each attendee, or the one who came in their place.
    names = [a.name for a in fm.attendees] + [a.substitute for a in fm.attendees if a.substitute]
    expected = sum(1 for a in fm.attendees if a.role != Role.STAFF and a.rsvp != Rsvp.LEAVE)
    for i, sc in enumerate(fm.spot_checks):
        for j, name in enumerate(sc.absent):
            if name not in names:
                hit = closest(name, names, cutoff=0.5)
                hint = Msg("unit_hint", suggest=Q(hit)) if hit else Msg("name_nohint")
                e.report(("spot_checks", i, "absent", j), "spot_check_unknown_name", name=Q(name), hint=hint)
        if sc.present is not None and expected and sc.present + len(sc.absent) > expected:
            e.report(("spot_checks", i, "present"), "spot_check_too_many", present=sc.present,
                     absent=len(sc.absent), expected=expected)
