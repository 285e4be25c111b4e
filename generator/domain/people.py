"""Who owes and who oversees: each person named as an action's owner (责任人) or its supervising leader
(督办领导), with the actions they owe and those they oversee, and the split that keeps their page bounded
as a unit's is (every open action, the settled ones of the last year; older ones by the year they were
due). A field holding several names (张三、李四) counts for each of them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .archive import Archive, names_in
from .ledger import Counts, LedgerRow, count, is_recent, ledger


@dataclass
class PersonView:
    name: str
    owes: list[LedgerRow] = field(default_factory=list)  # as an owner (责任人)
    oversees: list[LedgerRow] = field(default_factory=list)  # as the supervising leader (督办领导)

    @property
    def counts(self) -> Counts:
        return count(list({id(r): r for r in self.owes + self.oversees}.values()))


def people(archive: Archive) -> dict[str, PersonView]:
    views: dict[str, PersonView] = {}
    for row in ledger(archive):
        for name in names_in(row.view.action.owner):
            views.setdefault(name, PersonView(name)).owes.append(row)
        for name in names_in(row.view.supervisor):
            views.setdefault(name, PersonView(name)).oversees.append(row)
    return views


def split(view: PersonView, as_of) -> tuple[PersonView, dict[int, PersonView]]:
    """(what the person's own page shows, the older settled actions by the year they were due)."""
    recent = PersonView(view.name)
    older: dict[int, PersonView] = defaultdict(lambda: PersonView(view.name))
    for which in ("owes", "oversees"):
        for r in getattr(view, which):
            target = recent if is_recent(r, as_of) else older[r.view.action.due.year]
            getattr(target, which).append(r)
    return recent, dict(older)
