"""办结（销号）须有审批：状态为“已办结”的督办事项应写明办结日期 closed_on 和批准销号的领导 approved_by，
台账和统计按 closed_on 计算办结用时和按期办结率。默认是警告，机关可在 mkdocs.yml 中设为错误
（rules: {closing-signoff: error}）。办结日期不应早于会议日期；没有办结的事项不写办结日期。"""

from __future__ import annotations

from ...core.enums import ActionStatus
from ...core.messages import Bi

ID = "closing-signoff"
SEVERITY = "warning"
WHEN = "static"


def check(d, e, facts) -> None:
    for i, a in enumerate(d.fm.actions):
        if a.status != ActionStatus.DONE:
            if a.closed_on is not None:
                e.report(("actions", i, "closed_on"), "closed_on_not_done", status=a.status)
            continue
        missing = [k for k in ("closed_on", "approved_by") if getattr(a, k) in (None, "")]
        if missing:
            e.report(("actions", i, "status"), "closing_signoff", missing=Bi("、".join(missing), ", ".join(missing)))
        if a.closed_on is not None and a.closed_on < d.fm.date:
            e.report(("actions", i, "closed_on"), "closed_before_meeting", value=a.closed_on, date=d.fm.date)
