"""会议日期晚于基准日期时，状态不能是“已召开”或“已办结”：尚未召开的会议写“筹备”或“已通知”。"""

from __future__ import annotations

ID = "held-in-future"
SEVERITY = "error"
WHEN = "dated"


def check(d, e, facts, as_of, settings) -> None:
    if facts.status.took_place and facts.date > as_of:
        e.report(("status",), "held_in_future", date=facts.date, as_of=as_of, status=facts.status.zh,
                 status_en=facts.status.value)
