"""开始时间 start 须早于结束时间 end。"""

from __future__ import annotations

ID = "start-after-end"
SEVERITY = "error"
WHEN = "static"


def check(d, e, facts) -> None:
    fm = d.fm
    if fm.start and fm.end and fm.end <= fm.start:
        e.report(("end",), "start_after_end", start=fm.start, end=fm.end)
