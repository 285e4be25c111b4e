"""会议日期 date 的年份须在 1900—2099 年之间：0204、2204 之类多半是年份输错了。"""

from __future__ import annotations

from ...core.settings import MAX_YEAR, MIN_YEAR

ID = "date-implausible"
SEVERITY = "error"
WHEN = "static"


def check(d, e, facts) -> None:
    if not MIN_YEAR <= d.fm.date.year <= MAX_YEAR:
        e.report(("date",), "date_implausible", value=d.fm.date, low=MIN_YEAR, high=MAX_YEAR)
