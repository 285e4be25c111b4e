"""Who a meeting expects and who came: the one definition of the figures every page, report and export
shows (expected, signed in, on leave, substitutes, absent, the rate), and of who is left out of them
(the staff, 工作人员).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..core.enums import Role, Rsvp
from ..source.loader import Dossier
from ..source.model import Attendee
from .archive import Archive


def invited(d: Dossier) -> list[Attendee]:
    """The people the meeting expects: everyone but the staff (工作人员)."""
    return [a for a in d.fm.attendees if a.role != Role.STAFF]  # type: ignore[union-attr]


def staff(d: Dossier) -> list[Attendee]:
    """The office's staff on the list: the contacts a notice names."""
    return [a for a in d.fm.attendees if a.role == Role.STAFF]  # type: ignore[union-attr]


def absent(a: Attendee) -> bool:
    """Recorded as not signed in, without leave (a substitute who did not sign in counts too)."""
    return a.signed_in is False and a.rsvp != Rsvp.LEAVE


def unrecorded(a: Attendee) -> bool:
    """Expected, not on leave, and nobody wrote down whether they signed in: not the same as absent."""
    return a.signed_in is None and a.rsvp != Rsvp.LEAVE


@dataclass
class Attendance:
    expected: int
    signed_in: int
    leave: int
    substitutes: int
    confirmed: int
    pending: int
    absent: int  # recorded as not signed in, not on leave (only meaningful once held)
    unrecorded: int = 0  # expected, not on leave, sign-in not recorded

    @property
    def counted(self) -> int:
        """Those the rate is taken over: everyone expected whose sign-in was recorded, or who was on leave."""
        return self.expected - self.unrecorded

    @property
    def rate(self) -> float | None:
        """Signed in ÷ expected, over those whose sign-in was recorded (an unrecorded sign-in is not an absence)."""
        return self.signed_in / self.counted if self.counted else None

    @property
    def rate_all(self) -> float | None:
        """Signed in ÷ everyone expected, as if every unrecorded sign-in were an absence."""
        return self.signed_in / self.expected if self.expected else None


def figures(people: list[Attendee]) -> Attendance:
    return Attendance(
        expected=len(people),
        signed_in=sum(1 for a in people if a.signed_in),
        leave=sum(1 for a in people if a.rsvp == Rsvp.LEAVE),
        substitutes=sum(1 for a in people if a.rsvp == Rsvp.SUBSTITUTE),
        confirmed=sum(1 for a in people if a.rsvp == Rsvp.CONFIRMED),
        pending=sum(1 for a in people if a.rsvp == Rsvp.PENDING),
        absent=sum(1 for a in people if absent(a)),
        unrecorded=sum(1 for a in people if unrecorded(a)),
    )


def attendance(d: Dossier) -> Attendance:
    return figures(invited(d))


def sign_in_recorded(d: Dossier) -> bool:
    return any(a.signed_in is not None for a in invited(d))


@dataclass
class AttendanceReport:
    figures: Attendance
    leave: list[Attendee]
    substitutes: list[Attendee]
    absent: list[Attendee]  # recorded as absent without leave
    unrecorded: list[Attendee]  # sign-in not recorded


def attendance_report(d: Dossier) -> AttendanceReport | None:
    """The attendance report (参会情况通报), once the meeting took place and sign-in was recorded."""
    if not d.fm.status.took_place or not sign_in_recorded(d):  # type: ignore[union-attr]
        return None
    people = invited(d)
    return AttendanceReport(
        figures=figures(people),
        leave=[a for a in people if a.rsvp == Rsvp.LEAVE],
        substitutes=[a for a in people if a.rsvp == Rsvp.SUBSTITUTE],
        absent=[a for a in people if absent(a)],
        unrecorded=[a for a in people if unrecorded(a)],
    )


def unit_order(archive: Archive, names: list[str]) -> list[str]:
    """Units in the order of the site's configured list, then the others in order of appearance."""
    configured = {u: i for i, u in enumerate(archive.settings.units)}
    first = {u: i for i, u in enumerate(dict.fromkeys(names))}
    return sorted(first, key=lambda u: (0, configured[u]) if u in configured else (1, first[u]))


def by_unit(archive: Archive, people: list[Attendee]) -> list[tuple[str, list[Attendee]]]:
    groups: dict[str, list[Attendee]] = defaultdict(list)
    for a in people:
        groups[a.unit].append(a)
    return [(u, groups[u]) for u in unit_order(archive, [a.unit for a in people])]


@dataclass
class Card:
    name: str
    unit: str
    substitute_for: str | None = None


def cards(archive: Archive, d: Dossier) -> list[Card]:
    """A name card for everyone expected in the room: substitutes under their own name, not those on leave."""
    out = []
    for _, people in by_unit(archive, invited(d)):
        for a in people:
            if a.rsvp == Rsvp.LEAVE:
                continue
            if a.rsvp == Rsvp.SUBSTITUTE and a.substitute:
                out.append(Card(a.substitute, a.unit, a.name))
            else:
                out.append(Card(a.name, a.unit))
    return out


@dataclass
class UnitAttendance:
    """A unit's attendance across the held meetings it was expected at (those with sign-in recorded)."""

    meetings: int = 0
    expected: int = 0
    signed_in: int = 0
    leave: int = 0
    substitutes: int = 0
    absent: int = 0  # recorded as not signed in, not on leave
    unrecorded: int = 0  # sign-in not recorded (not counted in the rate)
    spot_absent: int = 0  # times one of its people was not in the room at a spot check (会中抽查)

    @property
    def rate(self) -> float | None:
        counted = self.expected - self.unrecorded
        return self.signed_in / counted if counted else None


def attendance_by_unit(archive: Archive) -> dict[str, UnitAttendance]:
    """Per unit, over the visible meetings that took place and recorded sign-in; units in site order."""
    stats: dict[str, UnitAttendance] = {}
    for d in archive.visible:
        if not d.fm.status.took_place or not sign_in_recorded(d):  # type: ignore[union-attr]
            continue
        for unit, people in by_unit(archive, invited(d)):
            f = figures(people)
            s = stats.setdefault(unit, UnitAttendance())
            s.meetings += 1
            s.expected += f.expected
            s.signed_in += f.signed_in
            s.leave += f.leave
            s.substitutes += f.substitutes
            s.absent += f.absent
            s.unrecorded += f.unrecorded
    for d in archive.visible:
        if d.fm.status.took_place:  # type: ignore[union-attr]
            for unit, n in spot_absences(d).items():
                stats.setdefault(unit, UnitAttendance()).spot_absent += n
    return {u: stats[u] for u in unit_order(archive, list(stats))}


def spot_absences(d: Dossier) -> dict[str, int]:
    """Per unit, how many times one of its people was found out of the room at this meeting's spot checks
    (a name not on the attendee list counts for no unit: ``check`` warns of it)."""
    unit_of = {a.name: a.unit for a in d.fm.attendees}  # type: ignore[union-attr]
    unit_of.update({a.substitute: a.unit for a in d.fm.attendees if a.substitute})  # type: ignore[union-attr]
    out: dict[str, int] = defaultdict(int)
    for sc in d.fm.spot_checks:  # type: ignore[union-attr]
        for name in sc.absent:
            if name in unit_of:
                out[unit_of[name]] += 1
    return dict(out)
