"""办理反馈的日期不应晚于基准日期：反馈记录已经发生的事，计划的时间写在 note 里。"""

from __future__ import annotations

ID = "update-in-future"
SEVERITY = "warning"
WHEN = "dated"


def check(d, e, facts, as_of, settings) -> None:
    for day, i, j in facts.updates:
        if day > as_of:
            e.report(("actions", i, "updates", j, "date"), "update_in_future", value=day, as_of=as_of)
