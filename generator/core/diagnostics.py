"""Diagnostics: one problem, one line, like a compiler; and the formats they are reported in."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path
from typing import Any, Iterable

from .messages import render

ERROR = "error"
WARNING = "warning"
INFO = "info"  # shown, never counted against the build (a rule an office set to "info")


@dataclass
class Diagnostic:
    file: Path
    line: int
    col: int
    severity: str  # "error", "warning" or "info"
    code: str
    field: str = ""  # the path of the field at fault, spelled as in the file: actions[0].due
    args: dict[str, Any] = dc_field(default_factory=dict)
    # The other dossiers the message speaks of (their paths; "?" for one whose classification nobody
    # knows): a build for a lower audience must not list it when any of them is withheld.
    refs: tuple[str, ...] = ()
    rule: str = ""  # the rule that found it (check/rules/); "" for a problem of the file itself
    # Each item of a list the path goes through, as a person counts it: (list key, index, its name or "").
    items: tuple[tuple[str, int, str], ...] = ()

    def message(self, lang: str = "zh") -> str:
        text = render(self.code, lang, self.args)
        return f"{self.field}{count_items(self.items, lang)}: {text}" if self.field else text

    def sort_key(self) -> tuple:
        return (str(self.file), self.line, self.col, self.severity != ERROR, self.code)


def display_path(path: Path) -> str:
    """The path as a clerk would type it: relative to the current folder when inside it. Bytes of a
    name that is not UTF-8 are shown as \\xNN (they could not be printed otherwise)."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        rel = str(path)
    shown = Path(path if rel.startswith("..") else rel).as_posix()
    if any("\udc80" <= ch <= "\udcff" for ch in shown):
        shown = os.fsencode(shown).decode("utf-8", errors="backslashreplace")
    return shown


# How a person counts the items of each list (the rest are 项).
_MEASURE = {"attendees": "位", "absent": "位", "updates": "条", "reminders": "次", "tags": "个"}


def count_items(items: Iterable[tuple[str, int, str]], lang: str) -> str:
    """``attendees[2]`` is the third person: （第 3 位，白云飞）; nested, （第 1 项，A1；第 2 条，2024-05-10）."""
    parts = []
    for key, index, name in items:
        if lang == "zh":
            parts.append(f"第 {index + 1} {_MEASURE.get(key, '项')}" + (f"，{name}" if name else ""))
        else:
            parts.append(f"no. {index + 1}" + (f", {name}" if name else ""))
    if not parts:
        return ""
    return f"（{'；'.join(parts)}）" if lang == "zh" else f" ({'; '.join(parts)})"


def field_path(path: Iterable[str | int]) -> str:
    """("actions", 0, "due") → actions[0].due"""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def format_text(diags: list[Diagnostic], lang: str) -> list[str]:
    return [f"{display_path(d.file)}:{d.line}:{d.col}: {d.severity}: {d.message(lang)}" for d in diags]


def format_github(diags: list[Diagnostic], lang: str) -> list[str]:
    """GitHub Actions workflow commands: annotations on the changed files."""
    out = []
    for d in diags:
        msg = d.message(lang).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        kind = "notice" if d.severity == INFO else d.severity
        out.append(f"::{kind} file={display_path(d.file)},line={d.line},col={d.col}::{msg}")
    return out


def to_json(diags: list[Diagnostic], lang: str, summary: dict[str, Any]) -> str:
    items = [
        {
            "file": display_path(d.file),
            "line": d.line,
            "column": d.col,
            "severity": d.severity,
            "code": d.code,
            "rule": d.rule,
            "field": d.field,
            "message": d.message(lang),
        }
        for d in diags
    ]
    return json.dumps({"diagnostics": items, "summary": summary}, ensure_ascii=False, indent=2)


def count(diags: Iterable[Diagnostic]) -> tuple[int, int]:
    errors = warnings = 0
    for d in diags:
        if d.severity == ERROR:
            errors += 1
        elif d.severity == WARNING:
            warnings += 1
    return errors, warnings
