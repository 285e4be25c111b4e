"""Meetings → dossier files: the front matter (each value quoted as YAML needs, with ``new``'s
``scalar``), the id and path (pinyin of the title, as ``new`` names files), a check of everything in a
staging folder before anything is written (a value the check refuses is taken out again: its text is in
the body), and the writing itself, which never replaces a file.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from pypinyin import lazy_pinyin

from ...check import run as checking
from ...core import chars
from ...core.diagnostics import ERROR, Diagnostic
from ...core.settings import Settings
from ...source.loader import discover, dossier_id
from ..new import scalar, slugify
from .meeting import Meeting

_GENERIC = re.compile(r"(会议纪要|会议记录|纪要|记录|会议|minutes of meeting|meeting minutes|minutes)$", re.IGNORECASE)
ORDER = ("title", "kind", "date", "start", "end", "venue", "organizer", "chair", "recorder", "supervisor", "doc_no",
         "classification", "status", "tags")


def title_slug(title: str) -> str:
    """The title in pinyin for the file name (研究生小组会议 → yanjiushengxiaozu), as ``new`` names them."""
    core = _GENERIC.sub("", title.strip()).strip(" -_") or title.strip()
    parts: list[str] = []
    for piece in lazy_pinyin(core, errors=lambda s: [s]):
        if re.fullmatch(r"[a-z]+", piece) and parts and re.fullmatch(r"[a-z]+", parts[-1] or "") and len(parts[-1]) < 60:
            parts[-1] += piece
        else:
            parts.append(piece)
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")
    if len(slug) > 40:
        slug = slug[:40].rsplit("-", 1)[0] if "-" in slug[:40] else slug[:40]
    return slug or "huiyi"


@dataclass
class Planned:
    meeting: Meeting
    id: str
    path: Path  # the dossier file
    text: str = ""
    files: dict[str, bytes] = field(default_factory=dict)
    taken_out: list[str] = field(default_factory=list)  # front-matter keys the check refused
    errors: list[Diagnostic] = field(default_factory=list)

    @property
    def folder(self) -> Path | None:
        return self.path.parent if self.path.name == "index.md" else None


def _yaml_block(key: str, value: Any, indent: str = "") -> list[str]:
    """One key as YAML lines: scalars through ``scalar``, lists of mappings in block style."""
    if isinstance(value, list):
        if not value:
            return []
        lines = [f"{indent}{key}:"]
        for item in value:
            if isinstance(item, dict):
                first = True
                for k, v in item.items():
                    lead = f"{indent}  - " if first else f"{indent}    "
                    if isinstance(v, (list, dict)):
                        lines.append(f"{lead}{k}: {_flow(v)}")
                    else:
                        lines.append(f"{lead}{k}: {scalar(_text(v))}")
                    first = False
            else:
                lines.append(f"{indent}  - {scalar(_text(item))}")
        return lines
    if isinstance(value, dict):
        return [f"{indent}{key}: {_flow(value)}"]
    return [f"{indent}{key}: {scalar(_text(value))}"]


def _flow(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip()


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    return chars.blank_out(text, chars.FRONT_MATTER_BAD).strip()


def front_matter(m: Meeting, kind: str, classification: str, status: str, drop: set[str]) -> dict[str, Any]:
    fm: dict[str, Any] = {"title": m.title, "kind": kind, "date": m.date.isoformat()}
    fm.update({k: v for k, v in m.fields.items() if v})
    fm.update({"classification": classification, "status": status})
    for key, value in m.kept.items():
        fm.setdefault(key, value)
    if m.attendees:
        fm["attendees"] = m.attendees
    if m.documents:
        fm["documents"] = m.documents
    if m.actions:
        fm["actions"] = m.actions
    ordered = {k: fm[k] for k in ORDER if k in fm}
    ordered.update({k: v for k, v in fm.items() if k not in ordered})
    return {k: v for k, v in ordered.items() if k not in drop}


def render(m: Meeting, fm: dict[str, Any], moved: dict[str, Any]) -> str:
    lines = ["---", f"# 由 import 从 {m.source.name} 导入" + (f"（第 {m.part[0]} 次会议，共 {m.part[1]} 次）" if m.part[1] > 1 else "")]
    for key, value in fm.items():
        lines.extend(_yaml_block(key, value))
    lines.append("---")
    body = m.body.strip()
    if moved:
        dumped = yaml.safe_dump(moved, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000)
        body += ("\n\n" if body else "") + "## 原头部中未能保留的内容\n\n" + "\n".join(
            "    " + line for line in dumped.rstrip().split("\n"))
    return "\n".join(lines) + "\n" + body.strip() + "\n"


# ---------------------------------------------------------------------------------------------------
# Planning


def existing_ids(settings: Settings) -> set[str]:
    if not settings.dossiers_dir.is_dir():
        return set()
    return {dossier_id(p) for p in discover(settings.dossiers_dir)}


def plan(meetings: list[Meeting], settings: Settings, kind: str, classification: str, status: str,
         taken: set[str]) -> tuple[list[Planned], list[tuple[Meeting, str]]]:
    """Where each meeting goes, and those left out because a dossier is there already."""
    out: list[Planned] = []
    skipped: list[tuple[Meeting, str]] = []
    used: set[str] = set()
    for m in meetings:
        base = f"{m.date.isoformat()}-{title_slug(m.title)}"
        ident = base
        n = 2
        while ident in used:
            ident = f"{base}-{n}"
            n += 1
        year = settings.dossiers_dir / str(m.date.year)
        flat, folder = year / f"{ident}.md", year / ident / "index.md"
        if ident in taken or flat.exists() or folder.parent.exists():
            where = folder if folder.parent.exists() else flat
            skipped.append((m, str(where)))
            continue
        used.add(ident)
        path = folder if m.files else flat
        out.append(Planned(m, ident, path, files=dict(m.files)))
    for p in out:
        _compose(p, kind, classification, status)
    return out, skipped


def _compose(p: Planned, kind: str, classification: str, status: str) -> None:
    m = p.meeting
    fm = front_matter(m, kind, classification, status, set(p.taken_out))
    moved = {k: m.kept[k] for k in p.taken_out if k in m.kept}
    moved.update(m.moved)
    p.text = render(m, fm, moved)


REQUIRED = {"title", "kind", "date", "classification", "status"}


def stage_and_check(planned: list[Planned], settings: Settings, kind: str, classification: str,
                    status: str) -> None:
    """Write everything into a staging folder and check it there; a front-matter key the check finds an
    error in is taken out (its text is in the body) and the check runs again; a dossier that still has
    errors is marked and will not be written."""
    if not planned:
        return
    root = Path(tempfile.mkdtemp(prefix="huiwu-import-"))
    try:
        staged = replace(settings, dossiers_dir=root / "dossiers", cache_dir=None)
        for _ in range(4):
            shutil.rmtree(root / "dossiers", ignore_errors=True)
            where: dict[Path, Planned] = {}
            for p in planned:
                target = root / "dossiers" / p.path.relative_to(settings.dossiers_dir)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(p.text, encoding="utf-8")
                for name, data in p.files.items():
                    (target.parent / name).parent.mkdir(parents=True, exist_ok=True)
                    (target.parent / name).write_bytes(data)
                where[target.resolve()] = p
            result = checking.check(staged, list(where))
            again = False
            for p in planned:
                p.errors = []
            for d in result.diagnostics:
                if d.severity != ERROR:
                    continue
                p = where.get(Path(d.file).resolve())
                if p is None:
                    continue
                key = (re.match(r"[a-z_]+", d.field or "") or [""])[0]
                if key and key not in REQUIRED and key not in p.taken_out:
                    p.taken_out.append(key)
                    again = True
                else:
                    p.errors.append(d)
            if not again:
                break
            for p in planned:
                _compose(p, kind, classification, status)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def write(p: Planned) -> None:
    """Write the dossier and its files; an existing file is never replaced ("x" mode)."""
    p.path.parent.mkdir(parents=True, exist_ok=True)
    for name, data in p.files.items():
        target = p.path.parent / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as fh:
            fh.write(data)
    with open(p.path, "x", encoding="utf-8", newline="\n") as fh:
        fh.write(p.text)


__all__ = ["Planned", "plan", "stage_and_check", "write", "existing_ids", "title_slug", "slugify"]
