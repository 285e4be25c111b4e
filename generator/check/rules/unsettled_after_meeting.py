"""已召开的会议，会议文件应在会后 7 天内清退、销毁或归档完毕；超过仍未处置完毕的逐份提醒。"""

from __future__ import annotations

from ...core.enums import Status
from ...core.settings import SETTLE_DAYS
from ...source.model import unsettled_too_long

ID = "unsettled-after-meeting"
SEVERITY = "warning"
WHEN = "dated"


def check(d, e, facts, as_of, settings) -> None:
    for i in facts.unsettled:
        if unsettled_too_long(facts.status == Status.HELD, facts.date, as_of, False):
            e.report(("documents", i, "disposition"), "unsettled_after_meeting", days=(as_of - facts.date).days,
                     limit=SETTLE_DAYS)
