"""表彰大会等仪式性会议（mkdocs.yml 中的 rehearsal_kinds，默认只有表彰大会）应在会前进行模拟演练：会议在
rehearsal_days（默认 3）天内召开、状态仍为筹备或已通知，而 rehearsal 没有记录或 done 不为 true 时提示。"""

from __future__ import annotations

from ...core.enums import Status

ID = "rehearsal-due"
SEVERITY = "warning"
WHEN = "dated"


def check(d, e, facts, as_of, settings) -> None:
    if facts.kind not in settings.rehearsal_kinds or facts.status not in (Status.PLANNED, Status.NOTIFIED):
        return
    days = (facts.date - as_of).days
    if 0 <= days <= settings.rehearsal_days and not facts.rehearsed:
        at = ("rehearsal",) if facts.rehearsed is not None else ("kind",)
        e.report(at, "rehearsal_due", days=days, kind=facts.kind)
