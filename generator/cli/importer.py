"""``python -m generator import [--kind K] [--classification L] [--status S] [--dry-run] SOURCE...``

Brings the office's old minutes in: each SOURCE is a Word file (.docx), a Markdown file (.md) or a folder
(read recursively). Each meeting found becomes a dossier in the archive's dossiers folder (from
``mkdocs.yml``, as ``check`` reads it): ``<year>/<date>-<slug>.md``, or ``<year>/<date>-<slug>/index.md``
with its files beside it (a Word file's original is always kept there, listed in ``documents`` as 归档).
Nothing is ever overwritten: a dossier that is there already is left as it is and said so, so running
the same import twice writes nothing the second time. One line for each dossier written and one for each
thing not carried over; everything written is checked first in a staging folder, so ``make check``
reports no error on it. The conversion itself is ``generator/cli/imports/``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..check import run as checking
from ..core.diagnostics import ERROR, format_text
from ..core.enums import Classification, Status
from ..core.settings import ConfigProblem, load_settings
from .imports import mdsource, word
from .imports.dossier import existing_ids, plan, stage_and_check, write
from .imports.meeting import Meeting, Outcome
from .new import _shown

SUFFIXES = {".docx": "word", ".md": "markdown", ".markdown": "markdown"}
_REFUSED_SUFFIX = {".doc": "Word 97-2003 格式（.doc）", ".wps": "WPS 格式（.wps）", ".rtf": "RTF 格式", ".odt": "ODF 格式",
                   ".pdf": "PDF"}


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="导入已有的会议纪要（Word .docx、Markdown）/ import old minutes")
    p.add_argument("sources", nargs="+", type=Path, metavar="SOURCE", help=".docx 或 .md 文件，或文件夹（含子文件夹）")
    p.add_argument("--kind", help="会议类型（默认：本站配置的第一种）")
    p.add_argument("--classification", help="密级（默认 内部）")
    p.add_argument("--status", help="会议状态（默认 已召开）")
    p.add_argument("--dry-run", action="store_true", help="只列出将写入的档案，不写任何文件")
    p.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="站点配置（默认 ./mkdocs.yml）")


class ImportProblem(Exception):
    pass


def _options(args: argparse.Namespace, kinds: list[str]) -> tuple[str, str, str]:
    kind = (args.kind or (kinds[0] if kinds else "")).strip()
    if kind not in kinds:
        raise ImportProblem(f"未知的会议类型“{kind}”；可选：{'、'.join(kinds)}")
    level = Classification.parse(args.classification or "内部")
    if level is None:
        raise ImportProblem(f"未知的密级“{args.classification}”；可选：{Classification.choices_text()}")
    status = Status.parse(args.status or "已召开")
    if status is None:
        raise ImportProblem(f"未知的会议状态“{args.status}”；可选：{'、'.join(s.zh for s in Status)}")
    if status == Status.CLOSED:
        raise ImportProblem("导入的档案不能直接记为“已办结”：原件按“归档”登记，已办结的会议须写明归档卷号（archive_ref）；"
                            "请按“已召开”导入，填好卷号后再改为“已办结”")
    if status in (Status.PLANNED, Status.NOTIFIED):
        raise ImportProblem(f"导入的是已经开过的会议的纪要，状态不能是“{status.zh}”；请用 已召开（默认）")
    return kind, level.zh, status.zh


def sources(paths: list[Path], dossiers_dir: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The files to read, in a stable order, and those refused with why."""
    found: list[Path] = []
    refused: list[tuple[Path, str]] = []
    root = dossiers_dir.resolve()
    for p in paths:
        if not p.exists():
            refused.append((p, "文件或文件夹不存在"))
            continue
        if p.resolve().is_relative_to(root) or root.is_relative_to(p.resolve()):
            refused.append((p, "这是档案文件夹本身（或包含它），不能从这里导入"))
            continue
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if any(part.startswith((".", "_")) for part in rel[:-1]) or f.name.startswith(("~$", ".")):
                    continue
                if f.is_file() and f.suffix.lower() in SUFFIXES:
                    found.append(f)
        elif p.suffix.lower() in SUFFIXES:
            found.append(p)
        elif p.suffix.lower() in _REFUSED_SUFFIX:
            refused.append((p, f"是{_REFUSED_SUFFIX[p.suffix.lower()]}，请先用 Word 或 WPS 另存为 .docx 再导入"))
        else:
            refused.append((p, "不是 .docx 或 .md 文件"))
    unique = list(dict.fromkeys(f.resolve() for f in found))
    return unique, refused


def read_source(path: Path, kinds: list[str], units: list[str]) -> Outcome:
    try:
        if SUFFIXES[path.suffix.lower()] == "word":
            return word.read(path, units)
        return mdsource.read(path, kinds, units)
    except OSError as exc:
        out = Outcome(path)
        out.refused = f"无法读取：{exc.strerror or exc}"
        return out


def cmd_import(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(args.config)
        kind, level, status = _options(args, settings.kinds)
    except (ConfigProblem, ImportProblem) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    files, refused = sources(args.sources, settings.dossiers_dir)
    failed = 0
    for p, why in refused:
        print(f"{_shown(p)}: error: {why}")
        failed += 1
    meetings: list[Meeting] = []
    for f in files:
        outcome = read_source(f, settings.kinds, settings.units)
        shown = _shown(f)
        for note in outcome.notes:
            print(note if note.startswith(str(f)) else f"{shown}: {note}")
        if outcome.refused or not outcome.meetings:
            print(f"{shown}: error: 未导入：{outcome.refused or '找不到会议日期（正文和文件名中都没有年月日）'}；"
                  "请在文件名或正文开头写上会议日期后再导入")
            failed += 1
            continue
        meetings.extend(outcome.meetings)
    planned, skipped = plan(meetings, settings, kind, level, status, existing_ids(settings))
    for m, where in skipped:
        print(f"{_shown(m.source)}: 未写入：{_shown(Path(where))} 已存在，未覆盖（同一会议已导入过？如是另一次会议，请改其标题后再导入）")
    stage_and_check(planned, settings, kind, level, status)
    written = []
    for p in planned:
        m = p.meeting
        shown = _shown(m.source)
        if p.errors:
            for line in format_text(p.errors, "zh"):
                print(line)
            print(f"{shown}: error: 未写入 {_shown(p.path)}：检查有错误（见上）")
            failed += 1
            continue
        what = [f"{m.date.isoformat()}，{m.title}"]
        if m.part[1] > 1:
            what.append(f"第 {m.part[0]}/{m.part[1]} 次")
        if m.tables:
            what.append(f"表格 {m.tables}")
        if m.images:
            what.append(f"图片 {m.images}")
        if m.attendees and "attendees" not in p.taken_out:
            what.append(f"参会 {len(m.attendees)} 人")
        if m.actions and "actions" not in p.taken_out:
            what.append(f"督办 {len(m.actions)} 项")
        verb = "将写入" if args.dry_run else "已写入"
        print(f"{verb} {_shown(p.path)} ← {shown}（{'，'.join(what)}）")
        for note in m.notes:
            print(f"  {_shown(p.path)}: {note}")
        for key in p.taken_out:
            print(f"  {_shown(p.path)}: {key} 未写入头部（检查不通过），原文在正文中")
        if not args.dry_run:
            try:
                write(p)
            except FileExistsError as exc:
                print(f"{shown}: error: {exc.filename} 已存在，未覆盖")
                failed += 1
                continue
            written.append(p.path)
    if args.dry_run:
        print(f"试运行：{len(planned) - sum(1 for p in planned if p.errors)} 份档案可以导入，未写入任何文件")
        return 1 if failed else 0
    if written:
        result = checking.check(settings, written)
        errors = [d for d in result.diagnostics if d.severity == ERROR]
        for line in format_text(errors, "zh"):
            print(line)
        print(f"导入了 {len(written)} 份会议档案；检查：{result.errors} 个错误，{result.warnings} 个警告"
              + ("（make check 可看警告详情）" if result.warnings else ""))
        if result.errors:
            failed += 1
    else:
        print("没有写入任何档案")
    return 1 if failed else 0
