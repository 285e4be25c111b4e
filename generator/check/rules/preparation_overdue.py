"""尚未召开的会议，筹备分工中过了完成时限（due）仍未完成（done 不是 true）的任务逐项提示，首页的近期会议也会标出。"""

from __future__ import annotations

ID = "preparation-overdue"
SEVERITY = "warning"
WHEN = "dated"


def check(d, e, facts, as_of, settings) -> None:
    if facts.status.took_place:
        return
    for due, i in facts.prep_due:
        if due < as_of:
            e.report(("preparation", i, "due"), "preparation_overdue", value=due, days=(as_of - due).days)
