"""``python -m generator feedback FILE.xlsx [--dry-run]``: read back the workbook a unit filled in.

The exported workbook (``exports/actions.xlsx``) has three columns a unit fills in for each action:
本次反馈 (this feedback), 反馈日期 (its date) and 申请办结 (asks to close). This command reads them and
writes into the dossiers:

- a new ``updates`` entry (date and note) for each row with feedback, never one that is already there;
- a status change where the office allows it (``feedback_status`` in ``mkdocs.yml``): ``progress``
  (the default) turns 未启动 into 推进中 when feedback comes; ``close`` also turns the action 已办结 with
  ``closed_on`` when the unit asks to close (the leader's ``approved_by`` is still the office's to add);
  ``none`` changes no status. A request to close that is not applied is kept in the note（申请办结）.

It is one of the three commands that write dossiers (with ``new`` and ``import``), so it is careful:

- it refuses the whole workbook when it is not one this archive exported (its 说明 sheet names the
  audience it was made for), and refuses each row whose key (编号键) is unknown, whose meeting is
  classified above the workbook's audience, whose dossier has errors now, whose date cannot be read or
  is before the meeting, or which changed a column it may not change (the task, the unit, the due date,
  the ids);
- it edits the dossier's text in place: only the new lines (and a changed status value) differ, so the
  clerk's comments, key order, flow or block style, quotes, line ends and BOM all stay;
- it prints every change, and with ``--dry-run`` writes nothing;
- it runs ``check`` on every dossier it wrote and prints what that finds.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..check import run as checking
from ..core import chars
from ..core.diagnostics import format_text
from ..core.enums import ActionStatus, Classification
from ..core.settings import ConfigProblem, Settings, load_settings, parse_audience
from ..exports.xlsx import AUDIENCE_LABEL, FEEDBACK_HEADERS, NOTES_SHEET
from ..source.loader import Dossier, load_file
from .new import scalar
from .paths import windows_path

KEY_HEADER = "编号键"
# The columns a unit may not change, by header, and how each is read from the action.
FIXED = {
    "督办事项": lambda d, a: a.task,
    "责任单位": lambda d, a: a.unit,
    "办理时限": lambda d, a: a.due,
    "督办编号": lambda d, a: a.id,
    "会议编号": lambda d, a: d.id,
}
YES = {"是", "yes", "y", "true", "1", "√", "✓", "申请办结", "办结"}
NO = {"", "否", "no", "n", "false", "0", "×"}


class FeedbackError(Exception):
    """The workbook as a whole cannot be read; the message is for the clerk (Chinese)."""


@dataclass
class Row:
    sheet: str
    line: int  # the row number in the sheet, as Excel shows it
    key: str
    cells: dict[str, Any]

    @property
    def where(self) -> str:
        return f"{self.sheet}!第 {self.line} 行"


@dataclass
class Entry:
    """One piece of feedback to write: an update, and maybe a status change."""

    row: Row
    day: date
    note: str
    close: bool


@dataclass
class Plan:
    refused: list[str] = field(default_factory=list)  # one line each: where, and why
    skipped: list[str] = field(default_factory=list)  # already there
    entries: dict[Path, list[tuple[int, Entry]]] = field(default_factory=dict)  # dossier → (action index, entry)


# ---------------------------------------------------------------------------------------------------
# Reading the workbook


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


_DATE_TEXT = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def read_date(value: Any) -> date | None:
    """A date as a unit writes it: a date cell, 2026-12-01, 2026/12/1, 2026.12.1 or 2026年12月1日."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    m = _DATE_TEXT.match(_text(value))
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def read_workbook(path: Path) -> tuple[Classification, list[Row]]:
    """The audience the workbook was made for, and every row a unit filled in."""
    import openpyxl  # noqa: PLC0415
    from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415
    from zipfile import BadZipFile  # noqa: PLC0415

    from xml.etree.ElementTree import ParseError  # noqa: PLC0415

    unreadable = FeedbackError(f"{path}：不是可以读取的 Excel 工作簿（.xlsx）；请用 Excel 或 WPS 打开后另存为 .xlsx 再试")
    try:
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except (OSError, InvalidFileException, BadZipFile, KeyError, ValueError, ParseError, TypeError, IndexError):
        raise unreadable from None
    try:
        return _read(wb, path)
    except FeedbackError:
        raise
    except (OSError, BadZipFile, KeyError, ValueError, ParseError, TypeError, IndexError, AttributeError):
        raise unreadable from None  # a part of the file is damaged (openpyxl reads the sheets lazily)
    finally:
        wb.close()


def _read(wb, path: Path) -> tuple[Classification, list[Row]]:
    if True:
        if NOTES_SHEET not in wb.sheetnames:
            raise FeedbackError(f"{path}：找不到“{NOTES_SHEET}”工作表，不是本系统导出的督办台账；请用网站上下载的台账填写")
        audience = None
        for label, value, *_ in wb[NOTES_SHEET].iter_rows(min_row=1, max_row=40, values_only=True):
            if _text(label) == AUDIENCE_LABEL:
                audience = Classification.parse(_text(value))
        if audience is None:
            raise FeedbackError(f"{path}：“{NOTES_SHEET}”工作表中没有读者范围，无法确认这份台账可以读入哪些会议")
        rows: list[Row] = []
        for name in wb.sheetnames:
            if name == NOTES_SHEET:
                continue
            rows += _sheet_rows(wb[name], name)
        return audience, rows  # type: ignore[return-value]


def _sheet_rows(ws, name: str) -> list[Row]:
    grid = ws.iter_rows(values_only=True)
    header: list[str] | None = None
    out: list[Row] = []
    for n, values in enumerate(grid, start=1):
        if header is None:
            if values and KEY_HEADER in [_text(v) for v in values]:
                header = [_text(v) for v in values]
                missing = [h for h in (*FIXED, *FEEDBACK_HEADERS) if h not in header]
                if missing:
                    raise FeedbackError(f"工作表“{name}”缺少“{'”“'.join(missing)}”列，不是导出时的格式；"
                                        "请用网站上下载的台账填写，不要删除或改名列")
            continue
        cells = {h: values[i] if i < len(values) else None for i, h in enumerate(header) if h}
        note, day, close = (_text(cells.get(h)) for h in FEEDBACK_HEADERS)
        if not note and not day and close.lower() in NO:  # untouched (否 is the list's first choice)
            continue
        out.append(Row(name, n, _text(cells.get(KEY_HEADER)), cells))
    return out


# ---------------------------------------------------------------------------------------------------
# Deciding what to write


def plan(rows: list[Row], audience: Classification, dossiers: dict[str, Dossier]) -> Plan:
    out = Plan()
    seen: set[tuple[str, date, str]] = set()
    for row in rows:
        why = _refusal(row, audience, dossiers)
        if isinstance(why, str):
            out.refused.append(f"{row.where}：{why}，未读入")
            continue
        d, index, entry = why
        action = d.fm.actions[index]  # type: ignore[union-attr]
        mark = (row.key, entry.day, entry.note)
        if mark in seen or any(u.date == entry.day and _same_note(u.note, entry.note) for u in action.updates):
            out.skipped.append(f"{row.where}：{row.key} {entry.day.isoformat()} 的这条反馈已经在档案中，未重复添加")
            continue
        seen.add(mark)
        out.entries.setdefault(d.path, []).append((index, entry))
    return out


def _same_note(written: str, note: str) -> bool:
    """The feedback already in the dossier (a request to close not applied is kept as（申请办结）)."""
    return " ".join(written.split()).removesuffix("（申请办结）") == note.removesuffix("（申请办结）")


def _refusal(row: Row, audience: Classification, dossiers: dict[str, Dossier]):
    """Why the row cannot be read (a sentence), or (dossier, action index, entry)."""
    if "#" not in row.key:
        return "编号键为空或格式不对（应为 <会议编号>#<督办编号>）"
    ident, action_id = row.key.split("#", 1)
    d = dossiers.get(ident)
    if d is None:
        return f"找不到编号为“{ident}”的会议档案"
    if d.fm is None or d.has_errors:
        return f"会议档案 {ident} 当前有错误，请先修正（make check）"
    if d.fm.classification > audience:
        return f"会议 {ident} 的密级高于这份台账的读者范围（{audience.zh}），不能从这份台账读入"
    index = next((i for i, a in enumerate(d.fm.actions) if a.id == action_id), None)
    if index is None:
        return f"会议档案 {ident} 中没有督办事项“{action_id}”"
    action = d.fm.actions[index]
    for header, value_of in FIXED.items():
        if header not in row.cells:
            continue
        now, was = value_of(d, action), row.cells[header]
        same = read_date(was) == now if isinstance(now, date) else _text(was) == _text(now)
        if not same:
            shown = now.isoformat() if isinstance(now, date) else now
            return f"改动了“{header}”列（档案中为“{shown}”，表中为“{_text(was)}”），这一列不能在表中修改"
    note = _text(row.cells.get(FEEDBACK_HEADERS[0]))
    raw_day = row.cells.get(FEEDBACK_HEADERS[1])
    close_text = _text(row.cells.get(FEEDBACK_HEADERS[2])).lower()
    if close_text not in YES and close_text not in NO:
        return f"“申请办结”写的是“{close_text}”；请选“是”或“否”"
    close = close_text in YES
    # What the checker would refuse in a dossier never gets there: characters of no width dropped, the
    # other invisible ones (odd spaces, controls, line separators) a plain space.
    note = " ".join(chars.blank_out(note, chars.FRONT_MATTER_BAD).split())
    if not note:
        return "没有填写本次反馈（办理进展）" if not close else "申请办结，但没有填写本次反馈（请写明办结情况）"
    day = read_date(raw_day)
    if day is None:
        return "反馈日期没有填写或无法识别（请写 2026-12-01）" if _text(raw_day) == "" else f"反馈日期“{_text(raw_day)}”无法识别（请写 2026-12-01）"
    if day < d.fm.date:
        return f"反馈日期 {day.isoformat()} 早于会议日期 {d.fm.date.isoformat()}"
    if day > date.today():
        return f"反馈日期 {day.isoformat()} 还没有到；反馈记录已经发生的事"
    return d, index, Entry(row, day, note, close)


# ---------------------------------------------------------------------------------------------------
# Editing a dossier's text in place


def _find_close(text: str, start: int, opening: str, closing: str) -> int:
    """Offset of the bracket that closes the one at ``start``, skipping quoted text."""
    depth, i, quote = 0, start, ""
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote:
                if quote == "'" and text[i + 1:i + 2] == "'":
                    i += 2
                    continue
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1] in " \t\n"):
            nl = text.find("\n", i)
            i = len(text) if nl < 0 else nl
            continue
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("unclosed bracket")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _flow_item(day: date, note: str) -> str:
    return f"{{date: {day.isoformat()}, note: {scalar(note)}}}"


class Editor:
    """A dossier's text, edited at the positions the loader found: new lines in, nothing else moved."""

    def __init__(self, path: Path) -> None:
        raw = path.read_bytes()
        self.path = path
        self.bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode("utf-8-sig")
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.lines = text.replace("\r\n", "\n").split("\n")
        self.dossier = load_file(path)
        if self.dossier.fm is None:
            raise FeedbackError(f"{path}：档案当前有错误，请先修正")
        self.src = self.dossier.source
        self.fm_end = next(i for i in range(1, len(self.lines)) if self.lines[i].rstrip() == "---")  # index of the closing ---

    def text(self) -> bytes:
        body = self.newline.join(self.lines).encode("utf-8")
        return (b"\xef\xbb\xbf" if self.bom else b"") + body

    # positions ------------------------------------------------------------------------------------
    def _key(self, path: tuple) -> tuple[int, int] | None:
        p = self.src.key_pos.get(path)
        return (p.line - 1, p.col - 1) if p else None  # 0-based line index, column

    def _value(self, path: tuple) -> tuple[int, int] | None:
        p = self.src.value_pos.get(path)
        return (p.line - 1, p.col - 1) if p else None

    def _offset(self, line: int, col: int) -> int:
        return sum(len(x) + 1 for x in self.lines[:line]) + col

    def _at(self, offset: int) -> tuple[int, int]:
        line = 0
        while offset > len(self.lines[line]):
            offset -= len(self.lines[line]) + 1
            line += 1
        return line, offset

    def _item_end(self, line: int, col: int) -> int:
        """The last line (index) of the list item whose keys sit at column ``col`` and whose first key
        is on ``line``: every later line indented at least as far (blank lines and comments inside)."""
        last = line
        for i in range(line + 1, self.fm_end):
            text = self.lines[i]
            if not text.strip():
                continue
            if _indent(text) < col:
                break
            last = i
        return last

    def _key_end(self, line: int, col: int) -> int:
        """The last line (index) of the value of the key at ``line``/``col``: lines indented deeper, and
        list items ("- ") at the key's own column."""
        last = line
        for i in range(line + 1, self.fm_end):
            text = self.lines[i]
            if not text.strip():
                continue
            deeper = _indent(text) > col or (_indent(text) == col and text.lstrip().startswith("- "))
            if not deeper:
                break
            last = i
        return last

    def _is_flow_item(self, index: int) -> bool:
        first = next((p for p in self.src.key_pos if p[:2] == ("actions", index) and len(p) == 3), None)
        if first is None:
            return True
        line, col = self._key(first)  # type: ignore[misc]
        return "{" in self.lines[line][:col]

    # edits ----------------------------------------------------------------------------------------
    def add_update(self, index: int, day: date, note: str) -> None:
        if self._is_flow_item(index):
            self._add_update_flow(index, day, note)
        else:
            self._add_update_block(index, day, note)
        self._reparse()

    def _add_update_block(self, index: int, day: date, note: str) -> None:
        base = ("actions", index)
        updates = self._key(base + ("updates",))
        if updates is not None:
            key_line, key_col = updates
            value = self._value(base + ("updates",))
            line_text = self.lines[key_line]
            if value is not None and value[0] == key_line and line_text[value[1]:value[1] + 1] == "[":
                # updates: [...] in flow style on the key line: add an item before its ]
                start = self._offset(*value)
                full = "\n".join(self.lines)
                end = _find_close(full, start, "[", "]")
                inner = full[start + 1:end].strip()
                insert = (", " if inner else "") + _flow_item(day, note)
                full = full[:end] + insert + full[end:]
                self.lines = full.split("\n")
                return
            items = [p for p in self.src.key_pos if p[:3] == base + ("updates",) and len(p) == 5]
            items += [p for p in self.src.value_pos if p[:3] == base + ("updates",) and len(p) == 4]
            dash_col = key_col + 2
            flow = False
            if items:
                first = min(items, key=lambda p: self.src.key_pos.get(p, self.src.value_pos.get(p)))
                pos = self._key(first) or self._value(first)
                assert pos is not None
                text = self.lines[pos[0]]
                dash_col = text.rfind("-", 0, pos[1] + 1) if "-" in text[:pos[1] + 1] else key_col + 2
                flow = "{" in text[:pos[1] + 1]
            last = self._key_end(key_line, key_col)
            if flow:
                new = [" " * dash_col + "- " + _flow_item(day, note)]
            else:
                new = [" " * dash_col + f"- date: {day.isoformat()}", " " * (dash_col + 2) + f"note: {scalar(note)}"]
            self.lines[last + 1:last + 1] = new
            return
        # No updates yet: a new key after the action's last line, indented as its keys are.
        first = min((p for p in self.src.key_pos if p[:2] == base and len(p) == 3), key=lambda p: self.src.key_pos[p])
        line, col = self._key(first)  # type: ignore[misc]
        last = self._item_end(line, col)
        self.lines[last + 1:last + 1] = [" " * col + "updates:", " " * (col + 2) + f"- date: {day.isoformat()}",
                                         " " * (col + 4) + f"note: {scalar(note)}"]

    def _add_update_flow(self, index: int, day: date, note: str) -> None:
        base = ("actions", index)
        full = "\n".join(self.lines)
        value = self._value(base + ("updates",))
        if value is not None and self.lines[value[0]][value[1]:value[1] + 1] == "[":
            start = self._offset(*value)
            end = _find_close(full, start, "[", "]")
            inner = full[start + 1:end].strip()
            full = full[:end] + (", " if inner else "") + _flow_item(day, note) + full[end:]
        else:
            first = min((p for p in self.src.key_pos if p[:2] == base and len(p) == 3), key=lambda p: self.src.key_pos[p])
            line, col = self._key(first)  # type: ignore[misc]
            start = self.lines[line].rfind("{", 0, col)
            end = _find_close(full, self._offset(line, start), "{", "}")
            full = full[:end].rstrip(" ") + f", updates: [{_flow_item(day, note)}]" + full[end:]
        self.lines = full.split("\n")

    def set_field(self, index: int, key: str, value: str) -> None:
        """Set ``actions[index].key``: its value token replaced where it is written, else a new key."""
        base = ("actions", index)
        pos = self._value(base + (key,))
        if pos is not None and self._key(base + (key,)) is not None:
            line, col = pos
            text = self.lines[line]
            end = col
            if text[col:col + 1] in "\"'":
                q = text[col]
                end = text.index(q, col + 1) + 1
                value = f"{q}{value}{q}"  # written as the clerk wrote it: quoted stays quoted
            else:
                while end < len(text) and text[end] not in ",}]#" and not (text[end] == " " and text[end + 1:end + 2] == "#"):
                    end += 1
                while end > col and text[end - 1] == " ":
                    end -= 1
            self.lines[line] = text[:col] + value + text[end:]
        elif self._is_flow_item(index):
            full = "\n".join(self.lines)
            first = min((p for p in self.src.key_pos if p[:2] == base and len(p) == 3), key=lambda p: self.src.key_pos[p])
            line, col = self._key(first)  # type: ignore[misc]
            start = self.lines[line].rfind("{", 0, col)
            end = _find_close(full, self._offset(line, start), "{", "}")
            full = full[:end].rstrip(" ") + f", {key}: {value}" + full[end:]
            self.lines = full.split("\n")
        else:
            first = min((p for p in self.src.key_pos if p[:2] == base and len(p) == 3), key=lambda p: self.src.key_pos[p])
            line, col = self._key(first)  # type: ignore[misc]
            # closed_on right under the status line (a one-line value), anything else after the action
            status = self._key(base + ("status",))
            at = status[0] if status and key == "closed_on" else self._item_end(line, col)
            self.lines[at + 1:at + 1] = [" " * col + f"{key}: {value}"]
        self._reparse()

    def _reparse(self) -> None:
        from ..source.loader import parse_text  # noqa: PLC0415

        d = Dossier(self.dossier.id, self.path, self.path.parent, self.dossier.is_folder_dossier)
        parse_text(d, "\n".join(self.lines))
        if d.fm is None:
            raise FeedbackError(f"{self.path}：写入后无法解析（这是本程序的问题，请报告），未写入")
        self.dossier, self.src = d, d.source
        self.fm_end = next(i for i in range(1, len(self.lines)) if self.lines[i].rstrip() == "---")


# ---------------------------------------------------------------------------------------------------
# The command


def apply(path: Path, entries: list[tuple[int, Entry]], settings: Settings) -> tuple[bytes, list[str]]:
    """The dossier's new bytes and one line per change."""
    editor = Editor(path)
    lines: list[str] = []
    for index, entry in sorted(entries, key=lambda e: (e[0], e[1].day)):
        action = editor.dossier.fm.actions[index]  # type: ignore[union-attr]
        note = entry.note
        closing = entry.close and settings.feedback_status == "close" and action.status.is_open
        if entry.close and not closing and "申请办结" not in note:
            note += "（申请办结）"
        editor.add_update(index, entry.day, note)
        lines.append(f"{action.id} 新增反馈 {entry.day.isoformat()}：{note}（{entry.row.where}）")
        action = editor.dossier.fm.actions[index]  # type: ignore[union-attr]
        if closing:
            editor.set_field(index, "status", ActionStatus.DONE.zh)
            editor.set_field(index, "closed_on", entry.day.isoformat())
            lines.append(f"{action.id} 状态 {action.status.zh} → {ActionStatus.DONE.zh}，办结日期 {entry.day.isoformat()}"
                         "（销号审批人 approved_by 请办公室补写）")
        elif settings.feedback_status in ("progress", "close") and action.status == ActionStatus.OPEN:
            editor.set_field(index, "status", ActionStatus.IN_PROGRESS.zh)
            lines.append(f"{action.id} 状态 {ActionStatus.OPEN.zh} → {ActionStatus.IN_PROGRESS.zh}")
    return editor.text(), lines


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run(settings: Settings, workbook: Path, dry_run: bool = False, out=sys.stdout) -> int:
    claimed, rows = read_workbook(workbook)
    # The workbook's own word on its audience is never trusted above this archive's: a row is read only
    # for a meeting at or below both (a unit could edit the 说明 sheet; the office's setting it cannot).
    if claimed > settings.audience:
        raise FeedbackError(f"{workbook}：这份台账标明的读者范围是“{claimed.zh}”，高于本站的“{settings.audience.zh}”；"
                            f"确需读入时请加 --audience {claimed.zh}（须由有相应权限的人员操作）")
    result = checking.check(settings)
    dossiers = {d.id: d for d in result.dossiers}
    # A dossier with errors is in result.dossiers too (fm None or has_errors): refused row by row.
    p = plan(rows, min(claimed, settings.audience), dossiers)
    # Every dossier's new text is made before any is written: one that cannot be edited safely is left
    # as it is (its rows refused), and the others are still written.
    edits: list[tuple[Path, bytes, list[str]]] = []
    for path, entries in p.entries.items():
        try:
            data, lines = apply(path, entries, settings)
        except (FeedbackError, ValueError, IndexError, KeyError, StopIteration):
            p.refused += [f"{e.row.where}：{_shown(path)} 的写法无法安全地自动加入反馈（如 updates: ~ 或特殊的列表写法），"
                          "请手工添加这条反馈，未读入" for _, e in entries]
            continue
        edits.append((path, data, lines))
    for line in p.refused:
        print(f"refused  {line}", file=out)
    for line in p.skipped:
        print(f"skipped  {line}", file=out)
    written: list[Path] = []
    for path, data, lines in edits:
        shown = _shown(path)
        for line in lines:
            print(f"{'would ' if dry_run else ''}write    {shown}: {line}", file=out)
        if not dry_run:
            _write_atomically(path, data)
            written.append(path)
    n = sum(len(p.entries[path]) for path, _, _ in edits)
    verb = "将写入" if dry_run else "已写入"
    print(f"读取 {len(rows)} 行反馈：{verb} {n} 条（{len(edits)} 份档案），未读入 {len(p.refused)} 行，"
          f"已有而跳过 {len(p.skipped)} 行" + ("（试运行，未修改任何档案）" if dry_run else ""), file=out)
    if not written:
        return 1 if p.refused else 0
    check = checking.check(settings, written)
    for line in format_text(check.diagnostics, "zh"):
        print(line, file=out)
    return 1 if check.errors or p.refused else 0


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def cmd_feedback(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(args.config)
        if args.audience:
            settings.audience = parse_audience(args.audience)
        return run(settings, windows_path(args.workbook), dry_run=args.dry_run)
    except (ConfigProblem, FeedbackError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
