"""What each unit owes and took part in: its rows of the ledger, the meetings it organized and those it
attended, and the split of a unit's page (what is recent, the rest by year) that keeps it bounded.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..source.loader import Dossier
from .archive import Archive
from .ledger import SETTLED_WINDOW_DAYS, Counts, LedgerRow, count, is_recent, ledger


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
        get(row.view.action.unit).rows.append(row)
    for d in archive.visible:
        fm = d.fm
        if fm.organizer:  # type: ignore[union-attr]
            get(fm.organizer).organized.append(d)  # type: ignore[union-attr]
        for unit in dict.fromkeys(a.unit for a in fm.attendees):  # type: ignore[union-attr]
            get(unit).attended.append(d)
    return views


def since(as_of: date) -> date:
    """The first day of what a page shows as recent."""
    return as_of - timedelta(days=SETTLED_WINDOW_DAYS)


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
