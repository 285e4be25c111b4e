"""办理反馈、催办记录和办结日期不应晚于基准日期：它们记录已经发生的事，计划的时间写在 note 里。"""

from __future__ import annotations

ID = "update-in-future"
SEVERITY = "warning"
WHEN = "dated"


def check(d, e, facts, as_of, settings) -> None:
    for day, i, j in facts.updates:
        if day > as_of:
            e.report(("actions", i, "updates", j, "date"), "update_in_future", value=day, as_of=as_of)
    for day, i, j in facts.reminders:
        if day > as_of:
            e.report(("actions", i, "reminders", j, "date"), "reminder_in_future", value=day, as_of=as_of)
    for day, i in facts.closed_on:
        if day > as_of:
            e.report(("actions", i, "closed_on"), "closed_in_future", value=day, as_of=as_of)
