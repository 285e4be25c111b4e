"""What each unit owes and took part in: its rows of the ledger, the meetings it organized and those it
attended, and the split of a unit's page (what is recent, the rest by year) that keeps it bounded.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ..source.loader import Dossier
from .archive import Archive
from .ledger import Counts, LedgerRow, count, is_recent, ledger, since


@dataclass
class UnitView:
    name: str
    rows: list[LedgerRow] = field(default_factory=list)
    organized: list[Dossier] = field(default_factory=list)
    attended: list[Dossier] = field(default_factory=list)

    @property
    def counts(self) -> Counts:
        return count(self.rows)


def units(archive: Archive) -> dict[str, UnitView]:
    views: dict[str, UnitView] = {}

    def get(name: str) -> UnitView:
        return views.setdefault(name, UnitView(name))

    for row in ledger(archive):
        for unit in row.view.units:  # the lead unit and each supporting one (配合) see the action
            get(unit).rows.append(row)
    for d in archive.visible:
        fm = d.fm
        if fm.organizer:  # type: ignore[union-attr]
            get(fm.organizer).organized.append(d)  # type: ignore[union-attr]
        for unit in dict.fromkeys(a.unit for a in fm.attendees):  # type: ignore[union-attr]
            get(unit).attended.append(d)
    return views


def split(view: UnitView, as_of: date) -> tuple[UnitView, dict[int, UnitView]]:
    """(what the unit's own page shows: every open action, the last year's settled ones and meetings;
    the older ones by year): the ledger's split for the actions, the meeting's date for the meetings."""
    recent = UnitView(view.name)
    older: dict[int, UnitView] = defaultdict(lambda: UnitView(view.name))
    for r in view.rows:
        if is_recent(r, as_of):
            recent.rows.append(r)
        else:
            older[r.view.action.due.year].rows.append(r)
    start = since(as_of)
    for field_name in ("organized", "attended"):
        for d in getattr(view, field_name):
            day = d.fm.date  # type: ignore[union-attr]
            getattr(recent if day >= start else older[day.year], field_name).append(d)
    return recent, dict(older)


@dataclass
class Chase:
    """What a 催办通知单 (reminder notice) to a unit lists: its overdue actions, then those due soon, the
    ones it leads and the ones it supports (配合), as of the build's date."""

    unit: str
    overdue: list[LedgerRow]
    due_soon: list[LedgerRow]

    @property
    def rows(self) -> list[LedgerRow]:
        return self.overdue + self.due_soon


def chase(view: UnitView) -> Chase | None:
    """The notice a unit gets, or None when it has nothing overdue or due soon."""
    overdue = [r for r in view.rows if r.state == "overdue"]
    soon = [r for r in view.rows if r.state == "due-soon"]
    return Chase(view.name, overdue, soon) if overdue or soon else None
