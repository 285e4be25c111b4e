"""状态为“已办结”的会议须有会议纪要（第二个 --- 之后的正文）。"""

from __future__ import annotations

from ...core.enums import Status

ID = "minutes-closed"
SEVERITY = "error"
WHEN = "static"


def check(d, e, facts) -> None:
    if d.fm.status == Status.CLOSED and not d.body.strip():
        e.add(d.body_line, 1, "closed_without_minutes")
