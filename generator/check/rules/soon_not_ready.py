"""筹备中（筹备、已通知）的会议两天内召开时，仍有回执未回复或会前检查未完成的，提醒落实。"""

from __future__ import annotations

from ...core.enums import Status
from ...core.settings import SOON_DAYS

ID = "soon-not-ready"
SEVERITY = "warning"
WHEN = "dated"


def _some(names: list[str], limit: int = 5) -> list[str]:
    return names if len(names) <= limit else names[:limit] + ["…"]


def check(d, e, facts, as_of, settings) -> None:
    days = (facts.date - as_of).days
    if facts.status not in (Status.PLANNED, Status.NOTIFIED) or not 0 <= days <= SOON_DAYS:
        return
    if facts.pending:
        e.report(("attendees",), "soon_rsvp_pending", days=days, count=len(facts.pending), names=_some(list(facts.pending)))
    if facts.undone:
        e.report(("checklist",), "soon_checklist_open", days=days, count=len(facts.undone), items=_some(list(facts.undone)))
