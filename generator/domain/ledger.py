"""The follow-up ledger (督办台账): every visible action as a row with its state, in the ledger's order,
the counts of each state, and the split every page of it uses: what is still supervised (open, and
whatever was settled in the last year) on the page itself, older settled rows on a page per year.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable

from ..core.enums import ActionStatus
from .archive import ActionView, Archive

SETTLED_WINDOW_DAYS = 365  # settled actions older than this move to the yearly pages

STATE_LABELS = {
    "overdue": "逾期",
    "due-soon": "临期",
    "open": ActionStatus.OPEN.zh,
    "in-progress": ActionStatus.IN_PROGRESS.zh,
    "done": ActionStatus.DONE.zh,
    "cancelled": ActionStatus.CANCELLED.zh,
    "carried": "已结转",
}
SETTLED_STATES = frozenset({"done", "cancelled", "carried"})


@dataclass
class LedgerRow:
    view: ActionView
    days_overdue: int
    latest: Any  # the last Update or None
    as_of: date | None = None
    state: str = field(init=False)  # one word for the filter: overdue, carried, or the action's own status

    def __post_init__(self) -> None:
        if self.view.carried_forward:
            self.state = "carried"
        elif self.view.overdue:
            self.state = "overdue"
        elif self.view.due_soon:
            self.state = "due-soon"
        else:
            self.state = self.view.action.status.value

    @property
    def days_left(self) -> int:
        """Days until the due date (negative once past it)."""
        return (self.view.action.due - self.as_of).days if self.as_of else 0

    @property
    def closed(self) -> date | None:
        return closing_date(self.view)

    @property
    def days_to_close(self) -> int | None:
        """From the meeting to the day it was closed (销号), for a closed action whose day is known."""
        when = self.closed
        return (when - self.view.dossier.fm.date).days if when else None  # type: ignore[union-attr]

    @property
    def on_time(self) -> bool | None:
        """Closed by its due date (None: not closed, or its closing day unknown)."""
        when = self.closed
        return when <= self.view.action.due if when else None

    @property
    def trail(self) -> list[tuple[date, str, Any]]:
        return trail(self.view.action)

    @property
    def settled(self) -> bool:
        return self.state in SETTLED_STATES


def closing_date(view: ActionView) -> date | None:
    """The day a done action was closed: its ``closed_on`` (销号), else the day of its last feedback;
    None for an action not done, or done with neither."""
    a = view.action
    if a.status != ActionStatus.DONE:
        return None
    if a.closed_on is not None:
        return a.closed_on
    return max((u.date for u in a.updates), default=None)


def trail(action: Any) -> list[tuple[date, str, Any]]:
    """The feedback trail: every update and every reminder (催办), oldest first (a reminder before the
    feedback of the same day), as (date, "update" or "reminder", the entry)."""
    entries = [(u.date, "update", u) for u in action.updates] + [(r.date, "reminder", r) for r in action.reminders]
    return sorted(entries, key=lambda e: (e[0], e[1] == "update"))


def ledger(archive: Archive, views: Iterable[ActionView] | None = None) -> list[LedgerRow]:
    """Overdue first (longest overdue first), then open by due date, then the settled ones."""
    rows = []
    for v in archive.all_actions() if views is None else views:
        days = (archive.as_of - v.action.due).days if v.overdue else 0
        rows.append(LedgerRow(v, days, v.action.updates[-1] if v.action.updates else None, archive.as_of))
    rank = {"overdue": 0, "due-soon": 1, "open": 2, "in-progress": 2, "carried": 3, "done": 4, "cancelled": 5}
    rows.sort(key=lambda r: (rank[r.state], -r.days_overdue, r.view.action.due, r.view.dossier.id, r.view.action.id))
    return rows


@dataclass
class Counts:
    open: int = 0
    overdue: int = 0
    due_soon: int = 0
    done: int = 0
    carried: int = 0
    cancelled: int = 0
    total: int = 0


def count(rows: list[LedgerRow]) -> Counts:
    c = Counts(total=len(rows))
    for r in rows:
        if r.state == "overdue":
            c.overdue += 1
            c.open += 1
        elif r.state == "due-soon":
            c.due_soon += 1
            c.open += 1
        elif r.state in ("open", "in-progress"):
            c.open += 1
        elif r.state == "done":
            c.done += 1
        elif r.state == "carried":
            c.carried += 1
        else:
            c.cancelled += 1
    return c


def since(as_of: date) -> date:
    """The first day of what a bounded page (the ledger, a unit's, a person's) shows as recent."""
    return as_of - timedelta(days=SETTLED_WINDOW_DAYS)


def is_recent(row: LedgerRow, as_of: date) -> bool:
    """Still on the ledger's own page: open, or settled with a due date within the last year."""
    return not row.settled or (as_of - row.view.action.due).days <= SETTLED_WINDOW_DAYS


def split(rows: list[LedgerRow], as_of: date) -> tuple[list[LedgerRow], dict[int, list[LedgerRow]]]:
    """(the rows of the page itself, the older settled rows by the year they were due)."""
    recent: list[LedgerRow] = []
    older: dict[int, list[LedgerRow]] = defaultdict(list)
    for r in rows:
        if is_recent(r, as_of):
            recent.append(r)
        else:
            older[r.view.action.due.year].append(r)
    return recent, dict(older)


@dataclass
class UnitLine:
    """A unit's line of the archive-wide 督办通报: what it leads, as of the report's date."""

    unit: str
    open: int = 0
    due_soon: int = 0
    overdue: int = 0
    closed_this_month: int = 0


def report_by_unit(rows: list[LedgerRow], as_of: date) -> list[UnitLine]:
    """Per lead unit: open (of which due soon, overdue) and closed in the as-of date's month; the units
    with the most overdue first. Supporting units are not counted again (each action counts once)."""
    lines: dict[str, UnitLine] = {}
    for r in rows:
        line = lines.setdefault(r.view.action.unit, UnitLine(r.view.action.unit))
        if r.state in ("overdue", "due-soon", "open", "in-progress"):
            line.open += 1
            line.overdue += r.state == "overdue"
            line.due_soon += r.state == "due-soon"
        when = r.closed
        if when is not None and (when.year, when.month) == (as_of.year, as_of.month):
            line.closed_this_month += 1
    keep = [x for x in lines.values() if x.open or x.closed_this_month]
    return sorted(keep, key=lambda x: (-x.overdue, -x.due_soon, -x.open, x.unit))
