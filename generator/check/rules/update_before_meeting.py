"""办理反馈 updates、催办记录 reminders 的日期不得早于会议日期。"""

from __future__ import annotations

ID = "update-before-meeting"
SEVERITY = "error"
WHEN = "static"


def check(d, e, facts) -> None:
    for i, act in enumerate(d.fm.actions):
        for j, upd in enumerate(act.updates):
            if upd.date < d.fm.date:
                e.report(("actions", i, "updates", j, "date"), "update_before_meeting", value=upd.date, date=d.fm.date)
        for j, rem in enumerate(act.reminders):
            if rem.date < d.fm.date:
                e.report(("actions", i, "reminders", j, "date"), "reminder_before_meeting", value=rem.date, date=d.fm.date)
