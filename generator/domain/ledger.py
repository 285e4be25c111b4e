"""The follow-up ledger (督办台账): every visible action as a row with its state, in the ledger's order,
the counts of each state, and the split every page of it uses: what is still supervised (open, and
whatever was settled in the last year) on the page itself, older settled rows on a page per year.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

from ..core.enums import ActionStatus
from .archive import ActionView, Archive

SETTLED_WINDOW_DAYS = 365  # settled actions older than this move to the yearly pages

STATE_LABELS = {
    "overdue": "逾期",
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
    state: str = field(init=False)  # one word for the filter: overdue, carried, or the action's own status

    def __post_init__(self) -> None:
        if self.view.carried_forward:
            self.state = "carried"
        elif self.view.overdue:
            self.state = "overdue"
        else:
            self.state = self.view.action.status.value

    @property
    def settled(self) -> bool:
        return self.state in SETTLED_STATES


def ledger(archive: Archive, views: Iterable[ActionView] | None = None) -> list[LedgerRow]:
    """Overdue first (longest overdue first), then open by due date, then the settled ones."""
    rows = []
    for v in archive.all_actions() if views is None else views:
        days = (archive.as_of - v.action.due).days if v.overdue else 0
        rows.append(LedgerRow(v, days, v.action.updates[-1] if v.action.updates else None))
    rank = {"overdue": 0, "open": 1, "in-progress": 1, "carried": 2, "done": 3, "cancelled": 4}
    rows.sort(key=lambda r: (rank[r.state], -r.days_overdue, r.view.action.due, r.view.dossier.id, r.view.action.id))
    return rows


@dataclass
class Counts:
    open: int = 0
    overdue: int = 0
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
        elif r.state in ("open", "in-progress"):
            c.open += 1
        elif r.state == "done":
            c.done += 1
        elif r.state == "carried":
            c.carried += 1
        else:
            c.cancelled += 1
    return c


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
