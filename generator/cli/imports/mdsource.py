"""A Markdown file of minutes (a minutes repository's ``meetings/2023-05-18.md``) → one meeting.

- Front matter that fits the format is kept; each key that does not (unknown, or a value the model
  refuses) goes into the body, under 原头部中未能保留的内容, and the clerk is told.
- Local files the text links to (``../images/x.png``) are copied into the dossier's own folder and the
  links rewritten; files of a type the site may not publish (Markdown, web pages, SVG) and missing files
  keep their text without the link. Images from outside are left out with a warning (nothing is
  fetched); links to outside stay links.
- The date and title come from the front matter, the first heading or the file name (the heading wins
  over the file name, and the clerk is told when they disagree).
"""

from __future__ import annotations

import posixpath
import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml
from pydantic import ValidationError

from ...core.enums import Classification, Status
from ...core.html import is_external
from ...source import attachments
from ...source.model import FrontMatter
from . import dates, fields
from .meeting import Meeting, Outcome
from .word import UNIT_NOT_GIVEN, _file_title

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_LINK = re.compile(r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\((?P<url><[^>\n]*>|[^)\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_IMG_TAG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*(?P<q>[\"']?)(?P<url>[^\"'\s>]+)(?P=q)[^>]*>", re.IGNORECASE)
_REF = re.compile(r"^(?P<lead> {0,3}\[[^\]\n]+\]:[ \t]*)(?P<url><[^>\n]+>|\S+)(?P<rest>.*)$", re.MULTILINE)


def read_text(path: Path) -> tuple[str | None, str]:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "文件是 GBK 编码，已按 GBK 读入，写出的档案是 UTF-8"
    except UnicodeDecodeError:
        return None, ""


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, the line the body starts on, 1-based)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    return None, "\n".join(lines), 1


def read(path: Path, settings_kinds: list[str], units: list[str]) -> Outcome:
    outcome = Outcome(path)
    text, note = read_text(path)
    if text is None:
        outcome.refused = "文件不是 UTF-8 或 GBK 编码的文本，无法读取；请另存为 UTF-8 后再导入"
        return outcome
    if note:
        outcome.notes.append(note)
    fm_text, body, body_line = split_front_matter(text)
    data: dict[str, Any] = {}
    moved: dict[str, Any] = {}
    if fm_text is not None:
        try:
            loaded = yaml.safe_load(fm_text) if fm_text.strip() else {}
        except yaml.YAMLError:
            loaded = None
        if isinstance(loaded, dict):
            data = {str(k): v for k, v in loaded.items()}
        else:
            moved["原头部"] = fm_text
            outcome.notes.append(f"{_pos(path, 1)}: warning: 头部不是可读的 YAML，整段移入正文")
    lines = body.split("\n")
    heading_at, heading = _first_heading(lines)

    # Date: the front matter, the first heading, the file name, the first lines.
    day: date | None = None
    raw_date = data.pop("date", None)
    if raw_date is not None:
        if isinstance(raw_date, date):
            day = raw_date
        else:
            found = dates.find_all(str(raw_date))
            if found:
                day = found[0].day
                if found[0].ambiguous:
                    outcome.notes.append(_ambiguous(found[0]))
            else:
                moved["date"] = raw_date
                outcome.notes.append(f"{_pos(path, 1)}: warning: 头部的 date“{raw_date}”不是日期，移入正文")
    name_date = dates.from_file_name(path.stem)
    if day is None:
        found_h = dates.find_all(heading or "")
        if found_h:
            day = found_h[0].day
            if name_date and name_date.day != day:
                outcome.notes.append(f"第一个标题中的日期 {day.isoformat()} 与文件名中的 {name_date.day.isoformat()} 不一致，"
                                     f"按标题记为 {day.isoformat()}；如有误请改 date")
            elif found_h[0].ambiguous:
                outcome.notes.append(_ambiguous(found_h[0]))
        elif name_date:
            day = name_date.day
        else:
            for line in lines[:15]:
                if re.search(r"下次|下一次|截止|完成|next|due|deadline", line, re.IGNORECASE):
                    continue
                found_t = dates.find_all(line)
                if found_t:
                    day = found_t[0].day
                    if found_t[0].ambiguous:
                        outcome.notes.append(_ambiguous(found_t[0]))
                    break
    if day is None:
        outcome.refused = "找不到会议日期（头部、第一个标题、文件名和开头几行都没有年月日）；请在文件名中写上日期后再导入"
        return outcome

    # Title: the front matter, the first heading (then left out of the body), the file name.
    title = data.pop("title", None)
    drop_line = None
    if title is None or not str(title).strip():
        if heading and re.sub(r"\s+", "", dates.strip_dates(heading)).strip("#*_ ，,:：-—"):
            title = re.sub(r"\s+", " ", dates.strip_dates(heading)).strip("*_ ，,:：-—")
            if heading_at is not None and lines[heading_at].lstrip().startswith("# "):
                drop_line = heading_at
        else:
            title = _file_title(path)
    title = re.sub(r"[*_`]+", "", str(title)).strip()[:120] or "会议纪要"
    m = Meeting(path, title, day)

    # The rest of the front matter: kept when it fits, else into the body.
    for key in ("kind", "classification", "status"):
        if key in data:
            value = data.pop(key)
            ok = (value in settings_kinds) if key == "kind" else (
                (Classification if key == "classification" else Status).parse(value) is not None)
            if ok:
                m.kept[key] = value
            else:
                moved[key] = value
                outcome.notes.append(f"{_pos(path, 1)}: warning: 头部的 {key}“{value}”不是本站可用的值，移入正文")
    probe = {"title": "t", "kind": "k", "date": "2000-01-01", "classification": "内部", "status": "已召开"}
    for key, value in data.items():
        if key not in FrontMatter.model_fields or key in probe:
            moved[key] = value
            outcome.notes.append(f"{_pos(path, 1)}: warning: 头部的“{key}”不是档案格式中的字段，移入正文")
            continue
        try:
            FrontMatter.model_validate({**probe, key: value})
        except ValidationError:
            moved[key] = value
            outcome.notes.append(f"{_pos(path, 1)}: warning: 头部的“{key}”不符合档案格式，移入正文")
            continue
        m.kept[key] = value
    m.moved = moved

    if drop_line is not None:
        lines = lines[:drop_line] + lines[drop_line + 1:]
    lines = _shift_headings(lines)
    text_body = "\n".join(lines).strip("\n")
    text_body = _links(text_body, path, m, outcome, body_line)
    m.body = text_body
    if "attendees" not in m.kept:
        _roster(m, lines, units)
    m.tables = sum(1 for line in lines if re.match(r"^\s*\|?\s*:?-{3,}", line))
    return _done(outcome, m)


def _done(outcome: Outcome, m: Meeting) -> Outcome:
    outcome.meetings.append(m)
    return outcome


def _ambiguous(found: dates.Found) -> str:
    return (f"日期“{found.text}”的日和月无法区分，按 日/月/年 记为 {found.day.isoformat()}；"
            f"如是 {found.other.isoformat() if found.other else '另一种读法'}，请改 date")


def _pos(path: Path, line: int, col: int = 1) -> str:
    return f"{path}:{line}:{col}"


def _unfenced(lines: list[str]):
    """(index, line, whether the line is code: inside a fence or a fence itself)."""
    fence = None
    for i, line in enumerate(lines):
        if fence:
            if line.strip().startswith(fence):
                fence = None
            yield i, line, True
            continue
        f = _FENCE.match(line)
        if f:
            fence = f.group(1)[:3]
        yield i, line, bool(f)


def _first_heading(lines: list[str]) -> tuple[int | None, str | None]:
    for i, line, code in _unfenced(lines):
        if code:
            continue
        h = _HEADING.match(line)
        if h:
            return i, h.group(2).strip()
        if line.strip() and i > 30:
            break
    return None, None


def _shift_headings(lines: list[str]) -> list[str]:
    """# headings left in the body become ##: the page's own title is the dossier's title."""
    if not any(re.match(r"^# \S", line) and not code for _, line, code in _unfenced(lines)):
        return lines
    return [line if code or not re.match(r"^(#{1,5})(\s)", line) else "#" + line for _, line, code in _unfenced(lines)]


def _roster(m: Meeting, lines: list[str], units: list[str]) -> None:
    clean = [re.sub(r"[*_`]|^\s*[-+]\s+|^#+\s*", "", line).strip() for line in lines[:40]]
    for p in fields.pairs_from_lines(clean):
        if p.key in ("venue", "chair", "recorder") and p.key not in m.kept and p.key not in m.fields:
            value = p.value.strip(" ，,。;；")
            if value and len(value) <= 40 and not re.search(r"[\[\]()<>|]", value):
                m.fields[p.key] = value
        if p.key == "attendees" and not m.attendees and p.value:
            roster = fields.split_names(p.value, units)
            if roster.problem:
                m.notes.append(f"“{p.label.strip(' ：:')}”一栏{roster.problem}，参会人员未写入 attendees（原文在正文中）")
                continue
            m.attendees = [{"name": x["name"], "unit": x.get("unit") or UNIT_NOT_GIVEN} for x in roster.people]
            missing = sum(a["unit"] == UNIT_NOT_GIVEN for a in m.attendees)
            if missing:
                m.notes.append(f"参会人员中 {missing} 人原文没有写单位，unit 记为“{UNIT_NOT_GIVEN}”（检查会提示），知道的请改为单位全称")


# ---------------------------------------------------------------------------------------------------
# Links


def _links(body: str, path: Path, m: Meeting, outcome: Outcome, body_line: int) -> str:
    copied: dict[Path, str] = {}
    masked = _mask_code(body)

    def where(offset: int) -> str:
        line = body.count("\n", 0, offset)
        col = offset - (body.rfind("\n", 0, offset) + 1) + 1
        return _pos(path, body_line + line, col)

    def local(url: str, offset: int, image: bool) -> str | None:
        """The new address of a local file, copied into the folder; None: drop the link."""
        target = unquote(urlsplit(url).path).replace("\\", "/")
        if not target:
            return url
        fragment = "#" + urlsplit(url).fragment if urlsplit(url).fragment else ""
        if attachments.is_absolute(target):
            outcome.notes.append(f"{where(offset)}: warning: “{url}”是本机的绝对路径，链接已去掉（文字保留）")
            return None
        resolved = (path.parent / Path(*posixpath.normpath(target).split("/"))).resolve()
        if not resolved.is_file():
            outcome.notes.append(f"{where(offset)}: warning: 找不到链接的文件“{url}”，链接已去掉（文字保留）")
            return None
        if not attachments.type_allowed(resolved.name):
            what = "Markdown 文件" if resolved.suffix.lower() in (".md", ".markdown") else f"{resolved.suffix or '无扩展名'} 文件"
            outcome.notes.append(f"{where(offset)}: warning: “{url}”是{what}，不能作为档案附件发布，链接已去掉（文字保留）")
            return None
        if resolved not in copied:
            name = _free_name(resolved.name, set(m.files))
            m.files[name] = resolved.read_bytes()
            copied[resolved] = name
            if image:
                m.images += 1
        return _quote_path(copied[resolved]) + fragment

    def replace_link(match: re.Match[str]) -> str:
        if masked[match.start()] == " " and body[match.start()] != " ":
            return match.group(0)
        url = match.group("url").strip("<>")
        image = bool(match.group("bang"))
        text = match.group("text")
        if url.startswith(("#", "mailto:", "tel:")) or not url:
            return match.group(0)
        if is_external(url):
            if image:
                outcome.notes.append(f"{where(match.start())}: warning: 站外图片“{_short(url)}”未带入（内网不能访问外网，也不下载）")
                return text and f"（图片：{text}）" or ""
            return match.group(0)
        new = local(url, match.start("url"), image)
        if new is None:
            return text
        return f"{match.group('bang')}[{text}]({new})"

    body = _LINK.sub(replace_link, body)

    def replace_img(match: re.Match[str]) -> str:
        url = match.group("url")
        if is_external(url):
            outcome.notes.append(f"{where(match.start())}: warning: 站外图片“{_short(url)}”未带入（内网不能访问外网，也不下载）")
            return ""
        new = local(url, match.start("url"), True)
        if new is None:
            return ""
        return match.group(0).replace(url, new)

    body = _IMG_TAG.sub(replace_img, body)

    def replace_ref(match: re.Match[str]) -> str:
        url = match.group("url").strip("<>")
        if url.startswith(("#", "mailto:")) or is_external(url):
            return match.group(0)
        new = local(url, match.start("url"), False)
        return match.group(0) if new is None and False else (f"{match.group('lead')}{new}{match.group('rest')}" if new else "")

    body = _REF.sub(replace_ref, body)
    return body


def _mask_code(text: str) -> str:
    out = list(text)
    for m in re.finditer(r"(?ms)^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1|(`+)[^`\n]+?\2", text):
        for i in range(m.start(), m.end()):
            if out[i] != "\n":
                out[i] = " "
    return "".join(out)


def _free_name(name: str, taken: set[str]) -> str:
    safe = re.sub(r"[\\/:*?\"<>|\s]+", "-", name).strip("-.") or "file"
    if safe not in taken:
        return safe
    stem, dot, ext = safe.rpartition(".")
    if not dot:
        stem, ext = safe, ""
    n = 2
    while f"{stem}-{n}{'.' + ext if ext else ''}" in taken:
        n += 1
    return f"{stem}-{n}{'.' + ext if ext else ''}"


def _quote_path(name: str) -> str:
    from urllib.parse import quote  # noqa: PLC0415

    return quote(name, safe="/-_.~")


def _short(url: str, n: int = 60) -> str:
    return url if len(url) <= n else url[: n - 1] + "…"
