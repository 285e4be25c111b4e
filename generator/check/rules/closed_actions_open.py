"""状态为“已办结”（闭环）的会议，督办事项都应已办结、取消或结转：仍有未启动、推进中的事项时提示；要么继续督办
（把会议状态改回“已召开”），要么在以后的会议中结转（carried_from）。"""

from __future__ import annotations

from ...core.enums import Status

ID = "closed-actions-open"
SEVERITY = "warning"
WHEN = "static"


def check(d, e, facts) -> None:
    if d.fm.status != Status.CLOSED:
        return
    for i, a in enumerate(d.fm.actions):
        if a.status.is_open:
            e.report(("actions", i, "status"), "closed_action_open", status=a.status.zh, status_en=a.status.value)
