"""The archive: the dossiers that passed the checks, with what pages and exports are made from (the
audience's visible dossiers, each action's view with its overdue state and successors).

Data flows one way: files → dossiers (``source``) → diagnostics (``check``) → Archive (here) → pages
(``site``) and exports (``exports``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Iterator

from ..core.enums import ActionStatus, Classification
from ..core.settings import Settings
from ..source.loader import Dossier
from ..source.model import Action


def is_overdue(status: ActionStatus, due: date, carried_forward: bool, as_of: date) -> bool:
    """Open or in progress, due before the as-of date, and not carried forward by a later meeting."""
    return status.is_open and due < as_of and not carried_forward


def is_due_soon(status: ActionStatus, due: date, carried_forward: bool, as_of: date, days: int) -> bool:
    """临期 (the yellow light): open or in progress, not carried forward, due today or within ``days``."""
    return status.is_open and not carried_forward and 0 <= (due - as_of).days <= days


NAME_SEPARATORS = re.compile(r"\s*[、，,;；/／]\s*|\s{2,}")


def names_in(text: str | None) -> list[str]:
    """The people a name field holds: 张三、李四 (or 张三，李四 / 张三; 李四) counts for each of them."""
    return [n for n in (part.strip() for part in NAME_SEPARATORS.split(text or "")) if n]


@dataclass(frozen=True)
class ActionKey:
    dossier: str
    action: str

    @classmethod
    def parse(cls, ref: str) -> "ActionKey":
        d, a = ref.split("#", 1)
        return cls(d, a)

    def __str__(self) -> str:
        return f"{self.dossier}#{self.action}"


@dataclass
class ActionView:
    """An action with what the archive knows about it."""

    dossier: Dossier
    action: Action
    index: int
    overdue: bool
    carried_to: list[ActionKey]
    due_soon: bool = False

    @property
    def key(self) -> ActionKey:
        return ActionKey(self.dossier.id, self.action.id)

    @property
    def supervisor(self) -> str | None:
        """The action's supervising leader (督办领导), or the meeting's."""
        return self.action.supervisor or self.dossier.fm.supervisor  # type: ignore[union-attr]

    @property
    def units(self) -> list[str]:
        """The lead unit, then the supporting ones (each once)."""
        return list(dict.fromkeys([self.action.unit, *self.action.co_units]))

    def role_of(self, unit: str) -> str | None:
        """"lead" (牵头), "co" (配合) or None: what ``unit`` is to this action."""
        if unit == self.action.unit:
            return "lead"
        return "co" if unit in self.action.co_units else None

    @property
    def carried_forward(self) -> bool:
        return bool(self.carried_to)


class Archive:
    """Valid dossiers, the as-of date and the audience; everything a page or export needs."""

    def __init__(self, dossiers: list[Dossier], settings: Settings, problems: list[str] | None = None) -> None:
        self.settings = settings
        self.problems = problems or []  # diagnostics shown on the home page of a live preview
        self.as_of: date = settings.today()
        self.audience: Classification = settings.audience
        ok = [d for d in dossiers if d.ok and not d.has_errors]
        ok.sort(key=lambda d: (d.fm.date, d.fm.start or "", d.id))  # type: ignore[union-attr]
        self.all = ok
        self.by_id = {d.id: d for d in ok}
        successors: dict[ActionKey, list[ActionKey]] = defaultdict(list)
        for d in ok:
            for a in d.fm.actions:  # type: ignore[union-attr]
                if a.carried_from:
                    successors[ActionKey.parse(a.carried_from)].append(ActionKey(d.id, a.id))
        self.successors = successors
        self.visible = [d for d in ok if self.allows(d.fm.classification)]  # type: ignore[union-attr]
        self.withheld_count = len(ok) - len(self.visible)
        self.visible_ids = {d.id for d in self.visible}
        self._neighbours: dict[str, tuple[Dossier | None, Dossier | None]] | None = None

    def neighbours_by_kind(self) -> dict[str, tuple[Dossier | None, Dossier | None]]:
        """Previous and next visible meeting of the same kind, for every visible meeting (made once)."""
        if self._neighbours is None:
            by_kind: dict[str, list[Dossier]] = defaultdict(list)
            for d in self.visible:
                by_kind[d.fm.kind].append(d)  # type: ignore[union-attr]
            self._neighbours = {}
            for same in by_kind.values():
                for i, d in enumerate(same):
                    self._neighbours[d.id] = (same[i - 1] if i else None, same[i + 1] if i + 1 < len(same) else None)
        return self._neighbours

    def allows(self, level: Classification) -> bool:
        return level <= self.audience

    def actions(self, dossier: Dossier) -> list[ActionView]:
        out = []
        for i, a in enumerate(dossier.fm.actions):  # type: ignore[union-attr]
            carried_to = self.successors.get(ActionKey(dossier.id, a.id), [])
            overdue = is_overdue(a.status, a.due, bool(carried_to), self.as_of)
            soon = is_due_soon(a.status, a.due, bool(carried_to), self.as_of, self.settings.due_soon_days)
            out.append(ActionView(dossier, a, i, overdue, carried_to, soon))
        return out

    def all_actions(self) -> Iterator[ActionView]:
        for d in self.visible:
            yield from self.actions(d)
