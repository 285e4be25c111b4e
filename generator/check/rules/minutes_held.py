"""状态为“已召开”的会议应有会议纪要。"""

from __future__ import annotations

from ...core.enums import Status

ID = "minutes-held"
SEVERITY = "warning"
WHEN = "static"


def check(d, e, facts) -> None:
    if d.fm.status == Status.HELD and not d.body.strip():
        e.add(d.body_line, 1, "held_without_minutes")
