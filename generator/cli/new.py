"""``python -m generator new KIND DATE TITLE``: a new dossier from the template of its kind.

The template ``dossiers/_templates/<kind>.md`` is copied line by line, so its Chinese comments stay:
only the values of ``title``, ``date`` and ``status`` change, the placeholder due dates of the
preparation tasks move with the meeting date, and the 不足 (improve) lessons of the last three meetings
of the same kind are inserted into the checklist as unchecked items that name their source. The new
file goes to ``dossiers/<YYYY>/<YYYY-MM-DD>-<slug>.md``; an existing file is never overwritten.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml
from pypinyin import lazy_pinyin

from ..check import run as checking
from ..core import chars
from ..core.settings import MAX_YEAR, MIN_YEAR, ConfigProblem, Settings, load_settings
from ..core.diagnostics import format_text
from ..core.enums import Classification, LessonType
from ..source.loader import Dossier

LESSON_MEETINGS = 3  # the lessons of this many earlier meetings of the same kind are carried over

_KEY = re.compile(r"^(?P<key>[a-z_]+):(?P<gap>[ \t]*)(?P<value>.*?)(?P<comment>[ \t]+#.*)?$")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_SLUG_DROP = re.compile(r"[^\w\-]+")


class ScaffoldError(Exception):
    """Why a new dossier was not written; the message is for the clerk (Chinese)."""


@dataclass
class Carried:
    source: str  # dossier id
    category: str
    text: str

    @property
    def item(self) -> str:
        return f"{self.category}：{self.text}"

    @property
    def note(self) -> str:
        return f"来自 {self.source} 经验总结（不足）"


@dataclass
class NewDossier:
    path: Path
    id: str
    carried: list[Carried] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------
# YAML scalars


def scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when it reads back the same, else double-quoted (JSON style)."""
    plain = text.strip()
    if plain and plain == text and "#" not in text and ": " not in text:
        try:
            if yaml.safe_load(f"k: {text}") == {"k": text}:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def slugify(text: str) -> str:
    """A file-name-safe slug: letters (Chinese too), digits, '-' and '_'."""
    out = _SLUG_DROP.sub("-", text.strip()).strip("-_")
    return out[:60]


# ---------------------------------------------------------------------------------------------------
# Lessons from earlier meetings


def lessons_for(dossiers: list[Dossier], kind: str, before: date, level: Classification) -> list[Carried]:
    """The 不足 lessons of the last LESSON_MEETINGS held meetings of ``kind`` before ``before``.

    Lessons of a meeting classified above the new dossier are left out: copying them would put
    classified text into a less classified file. Repeated texts are carried once (newest first).
    """
    earlier = [
        d for d in dossiers
        if d.fm is not None and d.fm.kind == kind and d.fm.status.took_place and d.fm.date < before
    ]
    earlier.sort(key=lambda d: (d.fm.date, d.fm.start or "", d.id), reverse=True)  # type: ignore[union-attr]
    out: list[Carried] = []
    seen: set[str] = set()
    for d in earlier[:LESSON_MEETINGS]:
        if d.fm.classification > level:  # type: ignore[union-attr]
            continue
        for lesson in d.fm.lessons:  # type: ignore[union-attr]
            if lesson.type == LessonType.IMPROVE and lesson.text not in seen:
                seen.add(lesson.text)
                out.append(Carried(d.id, lesson.category, lesson.text))
    return out


# ---------------------------------------------------------------------------------------------------
# Editing the template text


def _front_matter_span(lines: list[str]) -> tuple[int, int]:
    """Indexes of the opening and closing ``---`` lines."""
    start = next((i for i, line in enumerate(lines) if line.strip() == "---"), None)
    if start is None:
        raise ScaffoldError("模板缺少开头的 --- 行")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is None:
        raise ScaffoldError("模板缺少头部结尾的 --- 行")
    return start, end


def _top_level(lines: list[str], start: int, end: int) -> dict[str, int]:
    keys: dict[str, int] = {}
    for i in range(start + 1, end):
        m = _KEY.match(lines[i])
        if m and m.group("key") not in keys:
            keys[m.group("key")] = i
    return keys


def _set_value(lines: list[str], i: int, value: str) -> None:
    m = _KEY.match(lines[i])
    assert m is not None
    lines[i] = f"{m.group('key')}: {value}{m.group('comment') or ''}"


def _block_end(lines: list[str], key_line: int, end: int) -> int:
    """The index after the last line of the block that starts at ``key_line`` (indented lines)."""
    last = key_line
    for i in range(key_line + 1, end):
        line = lines[i]
        if line.strip() == "":
            continue
        if not line[0].isspace():
            break
        last = i
    return last + 1


def fill_template(text: str, *, title: str, day: date, carried: list[Carried]) -> str:
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.replace("\r\n", "\n").split("\n")
    start, end = _front_matter_span(lines)
    keys = _top_level(lines, start, end)
    for needed in ("title", "kind", "date", "status"):
        if needed not in keys:
            raise ScaffoldError(f"模板缺少 {needed} 字段")

    placeholder = _KEY.match(lines[keys["date"]]).group("value")  # type: ignore[union-attr]
    shift = day - date.fromisoformat(placeholder) if _ISO.fullmatch(placeholder) else timedelta(0)
    _set_value(lines, keys["title"], scalar(title))
    _set_value(lines, keys["date"], day.isoformat())
    _set_value(lines, keys["status"], "筹备")

    # Placeholder due dates of the preparation tasks keep their distance to the meeting date.
    if "preparation" in keys and shift:
        for i in range(keys["preparation"] + 1, _block_end(lines, keys["preparation"], end)):
            m = re.match(r"^(\s+(?:-\s+)?due:\s*)(\d{4}-\d{2}-\d{2})(.*)$", lines[i])
            if m:
                moved = date.fromisoformat(m.group(2)) + shift
                lines[i] = f"{m.group(1)}{moved.isoformat()}{m.group(3)}"

    if carried:
        lines = _insert_checklist(lines, start, end, carried)
    return newline.join(lines)


def _insert_checklist(lines: list[str], start: int, end: int, carried: list[Carried]) -> list[str]:
    keys = _top_level(lines, start, end)
    if "checklist" in keys:
        i = keys["checklist"]
        m = _KEY.match(lines[i])
        assert m is not None
        if m.group("value").strip() in ("[]", ""):
            lines[i] = f"checklist:{m.group('comment') or ''}"
        at = _block_end(lines, i, end)
        first_item = next((ln for ln in lines[i + 1:at] if re.match(r"^\s+-\s", ln)), None)
        indent = re.match(r"^(\s+)", first_item).group(1) if first_item else "  "  # type: ignore[union-attr]
    else:
        lines.insert(end, "checklist:")
        at, indent = end + 1, "  "
    inner = indent + "  "
    block = [f"{indent}# 以下 {len(carried)} 项来自此前同类会议经验总结中的“不足”，落实后改为 done: true"]
    for c in carried:
        block += [
            f"{indent}- item: {scalar(c.item)}",
            f"{inner}done: false",
            f"{inner}note: {scalar(c.note)}",
        ]
    return lines[:at] + block + lines[at:]


# ---------------------------------------------------------------------------------------------------
# The command


def template_path(settings: Settings, kind: str) -> Path:
    return settings.dossiers_dir / "_templates" / f"{kind}.md"


def _template_level(text: str) -> Classification:
    m = re.search(r"^classification:\s*([^\s#]+)", text, re.MULTILINE)
    level = Classification.parse(m.group(1)) if m else None
    return level or Classification.INTERNAL  # type: ignore[return-value]


_KIND_SUFFIX = re.compile(r"(会议|大会|会)$")


def kind_slug(kind: str) -> str:
    """The kind in pinyin, as the samples name their files: 常务会议 → changwu, 表彰大会 → biaozhang,
    座谈会 → zuotan (pypinyin; a kind with no Chinese in it is kept, made file-name safe)."""
    core = _KIND_SUFFIX.sub("", kind.strip()) or kind.strip()
    syllables = [s for s in lazy_pinyin(core, errors="ignore") if s.isascii()]
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(syllables).lower()).strip("-")
    return slug or slugify(kind).lower() or "huiyi"


def default_slug(dossiers: list[Dossier], kind: str, day: date) -> str:
    """``<kind in pinyin>-<n>``: the n-th meeting of this kind in that year, as the samples are named
    (2026-11-28-changwu-12); the next free number when that one is taken."""
    same = [d for d in dossiers if d.fm is not None and d.fm.kind == kind and d.fm.date.year == day.year]
    taken = {d.id for d in dossiers}
    n = len(same) + 1
    while f"{day.isoformat()}-{kind_slug(kind)}-{n}" in taken:
        n += 1
    return f"{kind_slug(kind)}-{n}"


def create(settings: Settings, kind: str, day: date, title: str, slug: str | None = None) -> NewDossier:
    """Write the new dossier and return where; raises ScaffoldError and writes nothing on any problem."""
    title = title.strip()
    if not title:
        raise ScaffoldError("请给出会议名称（TITLE）")
    bad = chars.FRONT_MATTER_BAD.search(title) or re.search("[\n\r\t]", title)
    if bad:
        raise ScaffoldError(f"会议名称中有看不见的字符：{chars.name(bad.group())}；请重新输入会议名称")
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ScaffoldError(f"会议日期 {day.isoformat()} 的年份不在 {MIN_YEAR}—{MAX_YEAR} 年之间；请核对")
    if kind not in settings.kinds:
        raise ScaffoldError(f"未知的会议类型“{kind}”；可选：{'、'.join(settings.kinds)}")
    template = template_path(settings, kind)
    if not template.is_file():
        raise ScaffoldError(f"找不到模板 {template}")
    text = template.read_text(encoding="utf-8-sig")

    result = checking.check(settings)
    dossiers = result.universe
    if not slug:
        # A second run of the same command would quietly make a second dossier of the same meeting.
        twin = next((d for d in dossiers if d.fm is not None and d.fm.kind == kind and d.fm.date == day), None)
        if twin is not None:
            raise ScaffoldError(
                f"已有一份 {day.isoformat()} 的{kind}档案：{_shown(twin.path)}（{twin.fm.title}），未写入；"  # type: ignore[union-attr]
                "如确是同一天的另一次会议，请用 --slug 指定文件名（make new … SLUG=…）")
    ident = f"{day.isoformat()}-{slugify(slug) if slug else default_slug(dossiers, kind, day)}"
    if slug is not None and not slugify(slug):
        raise ScaffoldError(f"文件名“{slug}”不可用；请用字母、数字、汉字和 -")
    path = settings.dossiers_dir / str(day.year) / f"{ident}.md"
    taken = {d.id: d.path for d in dossiers}
    if path.exists() or (path.parent / ident / "index.md").exists():
        raise ScaffoldError(f"{path} 已存在，未覆盖；如需另建，请用 --slug 指定其他文件名")
    if ident in taken:
        raise ScaffoldError(f"档案编号 {ident} 已被 {taken[ident]} 使用，未写入；请用 --slug 指定其他文件名")

    carried = lessons_for(dossiers, kind, day, _template_level(text))
    content = fill_template(text, title=title, day=day, carried=carried)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="") as fh:  # "x": never overwrite, even in a race
            fh.write(content)
    except FileExistsError:
        raise ScaffoldError(f"{path} 已存在，未覆盖") from None
    return NewDossier(path, ident, carried)


def add_parser(sub: argparse._SubParsersAction) -> None:
    new = sub.add_parser("new", help="按模板新建会议档案 / create a dossier from the template of its kind")
    new.add_argument("kind", metavar="KIND", help="会议类型，如 常务会议")
    new.add_argument("date", metavar="DATE", help="会议日期 YYYY-MM-DD")
    new.add_argument("title", metavar="TITLE", help="会议名称")
    new.add_argument("--slug", help="文件名中日期之后的部分（默认：会议类型-序号）")
    new.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="站点配置（默认 ./mkdocs.yml）")


def cmd_new(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(args.config)
        try:
            day = date.fromisoformat(args.date.strip())
        except ValueError:
            raise ScaffoldError(f"会议日期“{args.date}”不是 YYYY-MM-DD 格式的日期") from None
        made = create(settings, args.kind.strip(), day, args.title, args.slug)
    except (ScaffoldError, ConfigProblem) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    shown = _shown(made.path)
    print(f"已新建会议档案：{shown}（状态 筹备）")
    if made.carried:
        print(f"会前检查中加入了此前同类会议的 {len(made.carried)} 条“不足”：")
        for c in made.carried:
            print(f"  - {c.item}（{c.note}）")
    check = checking.check(settings, [made.path])
    for line in format_text(check.diagnostics, "zh"):
        print(line)
    return 1 if check.errors else 0


def _shown(path: Path) -> str:
    """The path as the clerk would type it: from the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
