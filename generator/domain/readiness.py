"""Readiness of a meeting not yet held: RSVPs in, preparation and checklist done, warnings when close."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from datetime import timedelta

from ..core.enums import Rsvp
from ..core.settings import SOON_DAYS
from ..source.loader import Dossier
from .attendance import invited


@dataclass
class Readiness:
    invited: int  # attendees other than staff
    confirmed: int
    leave: int
    substitute: int
    pending: int
    prep_done: int
    prep_total: int
    check_done: int
    check_total: int
    days_left: int
    prep_late: int = 0  # preparation tasks past their due date and not done

    @property
    def replied(self) -> int:
        return self.confirmed + self.leave + self.substitute

    @property
    def open_items(self) -> int:
        return self.pending + (self.prep_total - self.prep_done) + (self.check_total - self.check_done)

    @property
    def soon(self) -> bool:
        return 0 <= self.days_left <= SOON_DAYS

    @property
    def warning(self) -> bool:
        """Within two days and something still open: the office must act now."""
        return self.soon and self.open_items > 0

    @property
    def ready(self) -> bool:
        return self.open_items == 0


def readiness(d: Dossier, as_of: date) -> Readiness:
    fm = d.fm
    assert fm is not None
    people = invited(d)
    return Readiness(
        invited=len(people),
        confirmed=sum(a.rsvp == Rsvp.CONFIRMED for a in people),
        leave=sum(a.rsvp == Rsvp.LEAVE for a in people),
        substitute=sum(a.rsvp == Rsvp.SUBSTITUTE for a in people),
        pending=sum(a.rsvp == Rsvp.PENDING for a in people),
        prep_done=sum(t.done for t in fm.preparation),
        prep_total=len(fm.preparation),
        check_done=sum(c.done for c in fm.checklist),
        check_total=len(fm.checklist),
        days_left=(fm.date - as_of).days,
        prep_late=len(late_tasks(d, as_of)),
    )


def late_tasks(d: Dossier, as_of: date) -> list:
    """The preparation tasks (筹备分工) of a meeting not yet held that are past their due date and not
    done: the one test ``check``'s warning and the home page's flag share."""
    fm = d.fm
    if fm is None or fm.status.took_place:
        return []
    return [t for t in fm.preparation if not t.done and t.due is not None and t.due < as_of]


def rsvp_deadline(d: Dossier) -> date:
    """The due date of the preparation task that collects the replies (回执), else before the warning window."""
    fm = d.fm
    assert fm is not None
    for t in fm.preparation:
        if "回执" in t.task and t.due is not None and t.due <= fm.date:
            return t.due
    return fm.date - timedelta(days=SOON_DAYS + 1)
