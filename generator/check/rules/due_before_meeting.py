"""督办事项的办理时限 due 不得早于会议日期。"""

from __future__ import annotations

ID = "due-before-meeting"
SEVERITY = "error"
WHEN = "static"


def check(d, e, facts) -> None:
    for i, act in enumerate(d.fm.actions):
        if act.due < d.fm.date:
            e.report(("actions", i, "due"), "due_before_meeting", due=act.due, date=d.fm.date)
