"""The front-matter values old minutes state plainly — only those: "label: value" lines and label cells
of tables (时间, 地点, 主持人, 记录人, 参会人员 …), the attendees' names, a task table's rows.

Nothing is guessed. A value that is not plainly one thing (a roster that says 全体成员, a unit that is
not in the site's list, a due date without a year) stays where it is, in the body, and the clerk is told.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from . import dates

# label words (lower case for the English ones), longest first where one is in another
LABELS: dict[str, tuple[str, ...]] = {
    "title": ("会议名称", "会议题目", "meeting title", "meeting name", "title"),
    "date": ("会议时间", "会议日期", "召开时间", "开会时间", "时间", "日期", "meeting date", "date", "time", "when"),
    "venue": ("会议地点", "开会地点", "地点", "地址", "会场", "venue", "location", "place", "where"),
    "chair": ("主持人", "会议主持", "主持", "chairperson", "chair", "facilitator"),
    "recorder": ("会议纪要人", "记录人", "纪要人", "记录员", "记录", "scribe", "recorder", "note taker", "minutes done by",
                 "minutes taken by", "minute taker"),
    "attendees": ("参会人员", "参加人员", "出席人员", "与会人员", "到会人员", "参会人", "参与人员", "参与者", "出席学生",
                  "出席", "meeting attendees", "attendees", "attendance", "members present", "present", "participants"),
    "observers": ("列席人员", "列席"),
    "leave": ("请假人员", "请假", "缺席人员", "缺席", "apologies", "absent"),
    "start": ("开始时间", "start time", "start"),
    "end": ("结束时间", "end time", "end"),
}
_NOT_THE_MEETING = re.compile(r"下次|下一次|截止|完成|期限|时限|next|due|deadline|before|前完成", re.IGNORECASE)
_LABEL_LINE = re.compile(r"^\s*[*_]*(?P<label>[^:：|]{1,20}?)[*_]*\s*(?:[:：|]|\s{2,})\s*(?P<value>.*)$")


def label_of(text: str) -> str | None:
    """Which label a cell or the start of a line is (会议时间 → date), or None."""
    t = re.sub(r"[\s*_:：|]+$", "", text.strip()).strip().lower()
    t = re.sub(r"\s+", " ", t)
    t = t.replace(" ", "") if re.search(r"[\u4e00-\u9fff]", t) else t  # 会 议 时 间
    if not t or len(t) > 20 or _NOT_THE_MEETING.search(t) and not t.startswith(("时间", "会议时间")):
        return None
    for key, words in LABELS.items():
        if t in words:
            return key
    return None


@dataclass
class Pair:
    key: str
    value: str
    label: str  # as written
    source: str = "line"  # line · cell
    items: list[str] | None = None  # a list that followed the label (Meeting Attendees + a numbered list)


def pairs_from_lines(lines: list[str]) -> list[Pair]:
    """Pairs from lines of text: ``label：value``, or a label alone with its value on the next line."""
    out: list[Pair] = []
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        m = _LABEL_LINE.match(line)
        key = label_of(m.group("label")) if m else label_of(line)
        if m and key:
            value = m.group("value").strip()
            if not value and i + 1 < len(lines) and lines[i + 1].strip() and not _is_label_line(lines[i + 1]):
                value = lines[i + 1].strip()
                i += 1
            out.append(Pair(key, value, m.group("label")))
        elif key and i + 1 < len(lines) and _ITEM.match(lines[i + 1].strip()):
            items = []
            while i + 1 < len(lines) and _ITEM.match(lines[i + 1].strip()):
                items.append(lines[i + 1].strip())
                i += 1
            out.append(Pair(key, "、".join(items), line, items=items))
        elif key and i + 1 < len(lines) and lines[i + 1].strip() and not _is_label_line(lines[i + 1]):
            out.append(Pair(key, lines[i + 1].strip(), line))
            i += 1
        i += 1
    return out


_ITEM = re.compile(r"^(?:\d{1,3}[.)、]|[（(]\d{1,3}[）)]|[-•·*])\s*\S")


def _is_label_line(line: str) -> bool:
    m = _LABEL_LINE.match(line.strip())
    return bool((m and label_of(m.group("label"))) or label_of(line))


def pairs_from_grid(grid: list[list[str]]) -> list[Pair]:
    """Pairs from a table's cells: a label cell, its value in the next cell (the value's further lines in
    the rows below when their label cell is empty, as rosters are laid out)."""
    out: list[Pair] = []
    for r, row in enumerate(grid):
        for k, cell in enumerate(row[:-1]):
            key = label_of(cell)
            if not key:
                continue
            value = next((v for v in row[k + 1:] if v.strip() and v != cell), "")
            if value and label_of(value):
                continue
            pair = Pair(key, value.strip(), cell, "cell")
            if key in ("attendees", "leave", "observers"):
                extra = []
                for below in grid[r + 1:]:
                    if k < len(below) and not below[k].strip() and k + 1 < len(below) and below[k + 1].strip():
                        extra.append(below[k + 1].strip())
                    else:
                        break
                if extra:
                    pair.items = [value.strip(), *extra] if value.strip() else extra
            out.append(pair)
    return out


_NAME_COL = re.compile(r"^(姓名|参会人员|参会人|出席人员|name|attendee)s?$", re.IGNORECASE)
_UNIT_COL = re.compile(r"^(单位|所在单位|工作单位|部门|unit|organi[sz]ation|department)$", re.IGNORECASE)


def roster_table(grid: list[list[str]]) -> list[tuple[str, str]] | None:
    """(name, unit) rows of an attendance table: a header with a 姓名 column and a 单位 column."""
    if len(grid) < 2:
        return None
    header = [re.sub(r"\s+", "", c).lower() for c in grid[0]]
    name_col = next((k for k, c in enumerate(header) if _NAME_COL.match(c)), None)
    unit_col = next((k for k, c in enumerate(header) if _UNIT_COL.match(c)), None)
    if name_col is None or unit_col is None:
        return None
    rows = []
    for row in grid[1:]:
        name = row[name_col].strip() if name_col < len(row) else ""
        unit = row[unit_col].strip() if unit_col < len(row) else ""
        if name:
            rows.append((name, unit))
    return rows or None


# ---------------------------------------------------------------------------------------------------
# Names

_UNIT_SUFFIX = re.compile(r"(局|委|委员会|办|办公室|厅|部|院|所|中心|政府|公司|集团|学校|大学|学院|镇|乡|街道|处|科|队|站|署|行|社|馆)$")
_ROLE_WORDS = re.compile(r"全员|全体|成员|同学|老师|教师|组长|组员|等|各组|相关|人员|小组|领导|负责人|代表|学生|团队|所有|大家|暂无|无$")
_EN_ROLE = re.compile(r"\b(manager|officer|team|all|members?|director|lead|leader|chair|staff|group|everyone|"
                      r"committee|department|ceo|cio|cto|cfo|president|secretary|n/?a|none|tbd)\b", re.IGNORECASE)
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff]{1,2}[\u4e00-\u9fff·]{1,4}$")
_HANGUL_NAME = re.compile(r"^[\uac00-\ud7af]{2,4}$")
_EN_NAME = re.compile(r"^[A-Z][A-Za-z'’\-]*\.?(?: [A-Z][A-Za-z'’\-]*\.?){0,4}$")


def looks_like_name(text: str) -> bool:
    t = text.strip()
    if _CJK_NAME.match(t):
        return 2 <= len(t) <= 5 and not _ROLE_WORDS.search(t)
    if _HANGUL_NAME.match(t):
        return True
    return bool(_EN_NAME.match(t)) and not _EN_ROLE.search(t) and not t.isupper()


def _unit_like(text: str) -> bool:
    return bool(_UNIT_SUFFIX.search(text.strip())) and len(text.strip()) >= 3


@dataclass
class Roster:
    people: list[dict[str, str]]
    problem: str = ""  # why the names were not taken (empty when they were)


def split_names(value: str, units: list[str], items: list[str] | None = None) -> Roster:
    """The people a roster names, each with the unit it gives (县财政局：张三、李四 · 张三（县财政局）)."""
    raw = items if items else [value]
    people: list[dict[str, str]] = []
    for chunk in raw:
        chunk = re.sub(r"[。.;；]+$", "", chunk.strip())
        if items:  # a numbered list: 1. Garrett Guerrero
            chunk = re.sub(r"^(?:\d{1,3}[.)、]|[（(]\d{1,3}[）)]|[-•·*])\s*", "", chunk)
        if not chunk:
            continue
        # 县财政局：张三、李四；指导教师：史银雪，学生：伍启莲
        groups = re.split(r"[；;]|(?<=[，,、\s])(?=[^，,、\s：:]{2,20}[：:])", chunk)
        for group in groups:
            group = group.strip(" ，,、")
            if not group:
                continue
            unit = ""
            m = re.match(r"^([^：:]{2,20})[：:](.*)$", group)
            if m:
                head, group = m.group(1).strip(), m.group(2).strip()
                if head in units or _unit_like(head):
                    unit = head
            cjk = bool(re.search(r"[\u4e00-\u9fff\uac00-\ud7af]", group))
            sep = r"[、，,/／&＆]+|\s+and\s+" + (r"|\s+" if cjk else "")
            for token in re.split(sep, group):
                token = token.strip(" \t　.")
                if not token:
                    continue
                person_unit = unit
                p = re.match(r"^(.*?)\s*[（(]([^）)]*)[）)]\s*$", token)
                if p:
                    token, inside = p.group(1).strip(), p.group(2).strip()
                    if inside in units or _unit_like(inside):
                        person_unit = inside
                for known in sorted(units, key=len, reverse=True):
                    if token.startswith(known) and looks_like_name(token[len(known):].strip()):
                        person_unit, token = known, token[len(known):].strip()
                        break
                if not looks_like_name(token):
                    return Roster([], f"“{token}”不能确定是姓名")
                if all(x["name"] != token for x in people):
                    people.append({"name": token, **({"unit": person_unit} if person_unit else {})})
    if not people:
        return Roster([], "没有写出姓名")
    return Roster(people)


# ---------------------------------------------------------------------------------------------------
# Times

_RANGE = re.compile(r"(?P<h1>\d{1,2})\s*[:：]\s*(?P<m1>\d{2})\s*(?P<p1>[AaPp]\.?[Mm]\.?)?\s*[-–—~～至到]+\s*"
                    r"(?:(?:\d{4}[./\-]\d{1,2}[./\-]\d{1,2})\s*)?(?P<h2>\d{1,2})\s*[:：]\s*(?P<m2>\d{2})\s*(?P<p2>[AaPp]\.?[Mm]\.?)?")
_ONE = re.compile(r"^\s*(?P<h>\d{1,2})\s*[:：]\s*(?P<m>\d{2})\s*$")


def _clock(h: str, m: str, ampm: str | None) -> str | None:
    hour, minute = int(h), int(m)
    if ampm:
        p = ampm.lower().replace(".", "")
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if p == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def time_range(text: str) -> tuple[str, str] | None:
    """(start, end) of a "14:00 – 16:00" or "09:05 PM - 09:31 PM" beside the date, when start is before end."""
    m = _RANGE.search(text)
    if not m:
        return None
    start = _clock(m.group("h1"), m.group("m1"), m.group("p1") or m.group("p2"))
    end = _clock(m.group("h2"), m.group("m2"), m.group("p2"))
    if start and end and start < end:
        return start, end
    return None


def one_time(text: str) -> str | None:
    m = _ONE.match(text)
    return _clock(m.group("h"), m.group("m"), None) if m else None


# ---------------------------------------------------------------------------------------------------
# Tasks

_TASK = re.compile(r"任务|事项|工作内容|内容|行动|措施|action|task|item|description|actionable", re.IGNORECASE)
_OWNER = re.compile(r"责任人|负责人|执行人|承办人|owner|assignee|assigned|who|responsible|负责人员", re.IGNORECASE)
_UNIT = re.compile(r"责任单位|责任部门|牵头单位|承办单位|部门|单位|unit|department", re.IGNORECASE)
_DUE = re.compile(r"完成时间|完成时限|完成日期|截止|期限|时限|deadline|due|by when|^by$|when", re.IGNORECASE)


@dataclass
class TaskTable:
    rows: list[dict[str, str]]  # task, owner, unit, due_text
    header: list[str]


def task_table(grid: list[list[str]]) -> TaskTable | None:
    """The rows of a table of tasks: a header with a task column, an owner or unit column and a due column."""
    for h, header in enumerate(grid[:2]):
        cols: dict[str, int] = {}
        for k, cell in enumerate(header):
            c = cell.strip()
            if not c or len(c) > 20:
                continue
            if "unit" not in cols and _UNIT.search(c) and not _OWNER.search(c):
                cols["unit"] = k
            elif "owner" not in cols and _OWNER.search(c):
                cols["owner"] = k
            elif "due" not in cols and _DUE.search(c):
                cols["due"] = k
            elif "task" not in cols and _TASK.search(c):
                cols["task"] = k
        if "task" in cols and "due" in cols and ("owner" in cols or "unit" in cols):
            rows = []
            for row in grid[h + 1:]:
                got = {key: (row[k].strip() if k < len(row) else "") for key, k in cols.items()}
                if got.get("task"):
                    rows.append({"task": got["task"], "owner": got.get("owner", ""), "unit": got.get("unit", ""),
                                 "due_text": got.get("due", "")})
            return TaskTable(rows, header)
    return None


def actions_from(table: TaskTable, meeting_day: date, units: list[str], start: int,
                 day_first: bool | None) -> tuple[list[dict[str, str]], list[str]]:
    """The rows that are actions the archive can follow up (task, a unit of the site's list, a full due
    date not before the meeting), and for the others why not."""
    out, why = [], []
    for n, row in enumerate(table.rows, 1):
        task = re.sub(r"\s+", " ", row["task"]).strip()
        owner = "、".join(x for x in re.split(r"[\n、，,/]+|\s{2,}", row["owner"]) if x.strip())
        unit = row["unit"].strip()
        found = dates.find_all(row["due_text"], day_first)
        due = found[0].day if found else None
        lead = None
        if units:
            if unit in units:
                lead = unit
            elif row["owner"].strip() in units:
                lead, owner = row["owner"].strip(), ""
        elif unit:
            lead = unit
        if due is None:
            why.append(f"第 {n} 行“{_short(task)}”没有写明完成日期（年月日）")
            continue
        if due < meeting_day:
            why.append(f"第 {n} 行“{_short(task)}”的完成日期 {due.isoformat()} 早于会议日期")
            continue
        if lead is None:
            who = unit or row["owner"].strip()
            why.append(f"第 {n} 行“{_short(task)}”的责任单位" + (f"“{_short(who)}”不在本站单位名单中" if who else "没有写明"))
            continue
        item = {"id": f"A{start + len(out)}", "task": task, "unit": lead, "due": due.isoformat()}
        if owner.strip():
            item["owner"] = owner.strip()
        out.append(item)
    return out, why


def _short(text: str, n: int = 20) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= n else text[: n - 1] + "…"
