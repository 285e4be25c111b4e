"""Readiness of a meeting not yet held: RSVPs in, preparation and checklist done, warnings when close."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..core.enums import Role, Rsvp
from ..source.loader import Dossier
from ..check.rules import SOON_DAYS


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
    people = [a for a in fm.attendees if a.role != Role.STAFF]
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
    )
