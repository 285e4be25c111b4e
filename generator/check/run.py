"""Checking a folder of dossiers: load every file (``source.loader``, through the cache and the workers),
apply each dossier's own rules and the rules across dossiers (``check.rules``); the CLI's ``check`` and
the MkDocs plugin both start here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from . import rules
from ..core import gc_pause
from ..core.diagnostics import ERROR, INFO, WARNING, Diagnostic
from ..core.settings import Settings
from ..source.loader import Dossier, discover


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
        return sum(1 for d in self.diagnostics if d.severity == WARNING)

    @property
    def infos(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == INFO)


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
    from .workers import load_files  # noqa: PLC0415

    return load_files(files, settings)


def check(settings: Settings, paths: list[Path] | None = None, whole: bool = False) -> CheckResult:
    """Load and validate. With ``paths``, report on those only, but resolve ids against the archive
    they belong to (the configured dossiers folder) when they lie inside it. ``whole``: also read every
    dossier's front matter and body from the cache now (a build reads them all; ``check`` none)."""
    with gc_pause.paused():
        result = _check(settings, paths)
        if whole:
            for d in result.dossiers:
                d.fm, d.body  # noqa: B018 - read once here, while the collector is paused
        return result


def _check(settings: Settings, paths: list[Path] | None) -> CheckResult:
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
    rules.check_archive(reported, index, settings)




def known_rules(settings: Settings) -> None:
    """Every rule the office named in mkdocs.yml exists (a misspelt id would silently change nothing)."""
    from ..core.settings import ConfigProblem  # noqa: PLC0415
    from ..source.errors import closest  # noqa: PLC0415

    for rule in settings.levels:
        if rule != "warnings" and rule not in rules.BY_ID:
            hit = closest(rule, list(rules.BY_ID))
            raise ConfigProblem(
                f"没有名为 {rule} 的规则{f'；是否应为 {hit}' if hit else ''}（可用的规则见“填写指南”） "
                f"/ no rule named {rule}" + (f"; did you mean {hit}?" if hit else "")
            )
