"""How a rule reports: at the key or value at fault (worked out only when there is something to say),
with the severity the site gives the rule."""

from __future__ import annotations

from ...core.diagnostics import Diagnostic, field_path
from ...source import yamlsrc
from ...source.loader import Dossier


class Emitter:
    def __init__(self, dossier: Dossier, rule: str, severity: str) -> None:
        self.d, self.rule, self.severity = dossier, rule, severity

    def report(self, path: tuple, code: str, at: tuple | None = None, refs: tuple = (), **args) -> None:
        """A diagnostic about the field at ``path`` (placed at ``at`` when given), speaking of the dossiers
        ``refs`` besides this one."""
        src = self.d.source
        pos = src.locate(at if at is not None else path) if src else yamlsrc.Pos(1, 1)
        self.add(pos.line, pos.col, code, field_path(path), refs, _items=src.items(path) if src else (), **args)

    def add(self, line: int, col: int, code: str, field: str = "", refs: tuple = (),
            _items: tuple = (), **args) -> None:
        """A diagnostic at a line and column of the file (the whole file: 1, 1; the minutes: their line)."""
        self.d.diagnostics.append(Diagnostic(self.d.path, line, col, self.severity, code, field, args, tuple(refs),
                                             self.rule, _items))
