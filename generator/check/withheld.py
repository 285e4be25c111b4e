"""What a build may say about the dossiers it withholds: how many, never which.

A site build logs the diagnostics of the dossiers it publishes, one line each. The diagnostics of a
dossier above the build's audience would name it (its path is its id) and quote its values, so they
are only counted; ``make check`` (run by a clerk on the archive itself) still lists them in full. A
dossier whose classification cannot be read (no front matter, not UTF-8, a misspelt 密级) is treated
the same way unless the build is for the highest audience, since it may be anything.
"""

from __future__ import annotations

from ..core.diagnostics import ERROR, INFO, WARNING, Diagnostic
from ..core.enums import Classification
from ..source.loader import Dossier


def level_of(d: Dossier) -> Classification | None:
    """The dossier's classification, from its checked front matter or, failing that, from its raw YAML."""
    if d.fm is not None:
        return d.fm.classification
    data = d.source.data if d.source is not None else None
    if isinstance(data, dict):
        return Classification.parse(data.get("classification"))  # type: ignore[return-value]
    return None


def hidden(d: Dossier, audience: Classification) -> bool:
    level = level_of(d)
    if level is None:
        return audience < max(Classification)
    return level > audience


def split(dossiers: list[Dossier], diagnostics: list[Diagnostic], audience: Classification) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(diagnostics that may be logged, diagnostics to be counted only): those of withheld dossiers, and
    those of other dossiers that speak of a withheld one (its actions, its date, its path)."""
    secret = {str(d.path) for d in dossiers if hidden(d, audience)}
    if audience < max(Classification):
        secret.add("?")  # a dossier nobody has read: it may be anything

    def withheld(x: Diagnostic) -> bool:
        return str(x.file) in secret or any(ref in secret for ref in x.refs)

    shown = [x for x in diagnostics if not withheld(x)]
    kept = [x for x in diagnostics if withheld(x)]
    return shown, kept


def summary(kept: list[Diagnostic]) -> tuple[str, str]:
    """(the severity of the worst, the one log line that stands for the withheld diagnostics)."""
    errors = sum(1 for x in kept if x.severity == ERROR)
    warnings = sum(1 for x in kept if x.severity == WARNING)
    files = len({x.file for x in kept if x.severity != INFO})  # notes are not reported, so not counted
    worst = ERROR if errors else (WARNING if warnings else INFO)
    return worst, (
        f"另有 {errors} 个错误、{warnings} 个警告出现在（或涉及）{files} 份密级高于本站读者范围（或密级无法识别）的档案中，"
        f"为保密不在构建日志中列出；请运行 make check 查看 "
        f"({errors} errors and {warnings} warnings in (or about) {files} dossiers above this build's audience are not "
        f"listed here; run make check)"
    )
