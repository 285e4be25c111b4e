"""督办事项标为“已办结”时，应在 updates 中写明办理反馈。"""

from __future__ import annotations

from ...core.enums import ActionStatus

ID = "done-without-updates"
SEVERITY = "warning"
WHEN = "static"


def check(d, e, facts) -> None:
    for i, act in enumerate(d.fm.actions):
        if act.status == ActionStatus.DONE and not act.updates:
            e.report(("actions", i, "status"), "done_without_updates")
