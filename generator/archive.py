"""The archive: all dossiers loaded and validated, with the indexes pages and exports are made from.

Data flows one way: files → dossiers (loader) → diagnostics (rules) → Archive (indexes, audience
filter) → pages and exports. Both the CLI and the MkDocs plugin start here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

from . import rules
from .config import Settings
from .diagnostics import ERROR, Diagnostic
from .enums import Classification
from .loader import Dossier, discover
from .model import Action


@dataclass
class CheckResult:
    dossiers: list[Dossier]  # the dossiers reported on
    universe: list[Dossier]  # every dossier loaded (for cross references)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == ERROR)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors


def expand(paths: Iterable[Path]) -> list[Path]:
    """Dossier files named directly or found in the folders named."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(discover(p))
        else:
            out.append(p.resolve())
    seen: set[Path] = set()
    unique = []
    for p in out:
        if p not in seen:
            seen.add(p)
            unique.append(p)
    return unique


def load_many(files: list[Path], settings: Settings) -> list[Dossier]:
    """Load each file and apply the rules that need only that dossier."""
    from .parallel import load_files  # noqa: PLC0415

    return load_files(files, settings)


def check(settings: Settings, paths: list[Path] | None = None) -> CheckResult:
    """Load and validate. With ``paths``, report on those only, but resolve ids against the archive
    they belong to (the configured dossiers folder) when they lie inside it."""
    root = settings.dossiers_dir.resolve()
    if paths:
        targets = expand(paths)
        missing = [p for p in targets if not p.exists()]
        targets = [p for p in targets if p.exists()]
        inside = all(p.is_relative_to(root) for p in targets) and root.is_dir()
        universe_files = expand([root]) if inside else []
        by_path = {p: None for p in universe_files}
        for p in targets:
            by_path.setdefault(p, None)
        loaded = load_many(list(by_path), settings)
        target_set = set(targets)
        reported = [d for d in loaded if d.path in target_set]
        result = CheckResult(reported, loaded)
        for p in missing:
            result.diagnostics.append(Diagnostic(p, 1, 1, ERROR, "invalid", "", {"detail": "文件不存在 / no such file"}))
    else:
        loaded = load_many(expand([root]), settings) if root.is_dir() else []
        result = CheckResult(loaded, loaded)
    validate(result.dossiers, result.universe, settings)
    for d in result.dossiers:
        result.diagnostics.extend(d.diagnostics)
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


def validate(reported: list[Dossier], universe: list[Dossier], settings: Settings) -> None:
    """The rules across dossiers (each dossier's own rules ran when it was loaded)."""
    index: dict[str, list[Dossier]] = defaultdict(list)
    for d in universe:
        index[d.id].append(d)
    rules.check_archive(reported, index)


# ---------------------------------------------------------------------------------------------------


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

    @property
    def key(self) -> ActionKey:
        return ActionKey(self.dossier.id, self.action.id)

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
            overdue = rules.is_overdue(a.status, a.due, bool(carried_to), self.as_of)
            out.append(ActionView(dossier, a, i, overdue, carried_to))
        return out

    def all_actions(self) -> Iterator[ActionView]:
        for d in self.visible:
            yield from self.actions(d)
