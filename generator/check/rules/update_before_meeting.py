"""办理反馈 updates 的日期不得早于会议日期。"""

from __future__ import annotations

ID = "update-before-meeting"
SEVERITY = "error"
WHEN = "static"


def check(d, e, facts) -> None:
    for i, act in enumerate(d.fm.actions):
        for j, upd in enumerate(act.updates):
            if upd.date < d.fm.date:
                e.report(("actions", i, "updates", j, "date"), "update_before_meeting", value=upd.date, date=d.fm.date)
