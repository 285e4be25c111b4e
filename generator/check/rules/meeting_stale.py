"""会议日期已过，状态仍是“筹备”或“已通知”时提示：会议召开后应把状态改为“已召开”并补记签到和纪要；会议延期的，
改写会议日期。"""

from __future__ import annotations

from ...core.enums import Status
from ...core.settings import MIN_YEAR

ID = "meeting-stale"
SEVERITY = "warning"
WHEN = "dated"


def check(d, e, facts, as_of, settings) -> None:
    # (a date in the year 0204 is a typing slip that date-implausible reports; nothing is stale about it)
    if facts.status in (Status.PLANNED, Status.NOTIFIED) and MIN_YEAR <= facts.date.year and facts.date < as_of:
        e.report(("status",), "meeting_stale", status=facts.status.zh, days=(as_of - facts.date).days)
