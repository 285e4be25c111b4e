"""A Word file (.docx) → one meeting, or one per meeting when a file holds several.

mammoth reads the file (after ``wordxml`` has written Word's numbering into the text and marked the page
breaks), ``html2md`` makes blocks of its HTML; here the blocks are read as minutes: the headings (Word's
heading styles, and the numbered lines 一、 （一） 1. （1） that offices use as headings), the title, the
date, where one meeting ends and the next begins, the values stated plainly (``fields``), and the body.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import mammoth

from . import dates, fields
from .html2md import NUMBERING, Block, block_markdown, blocks, parse
from .meeting import Meeting, Outcome
from .wordxml import prepared

STYLE_MAP = """
p[style-name='Title'] => p.docx-title:fresh
p[style-name='标题'] => p.docx-title:fresh
p[style-name='Subtitle'] => p:fresh
p[style-name='副标题'] => p:fresh
"""

_IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/jpg": "jpg", "image/gif": "gif", "image/bmp": "bmp",
                "image/tiff": "tif", "image/webp": "webp"}

_DECORATIVE = re.compile(r"^[\W_]*(?:end|the end|完|结束|以上|over)?[\W_]*$", re.IGNORECASE)
_END_PUNCT = re.compile(r"[。；;，,：:！!？?]$")
_TITLE_WORDS = re.compile(r"会|纪要|记录|例会|周|meeting|minutes|scrum|sprint|week|agenda", re.IGNORECASE)

# The numbered lines that offices use as headings, by rank: 一、 （一） 1. （1）
_RANKS = [
    re.compile(r"^[一二三四五六七八九十百]+[、．.]"),
    re.compile(r"^[（(][一二三四五六七八九十百]+[）)]"),
    re.compile(r"^\d{1,2}(?:[、．]|\.(?!\d))"),
    re.compile(r"^[（(]\d{1,2}[）)]"),
]


def decorative(text: str) -> bool:
    """——— END ———, ======, ***: a line that draws, not a heading (three or more marks in a row)."""
    t = text.strip()
    return bool(t) and bool(_DECORATIVE.match(t)) and bool(re.search(r"([^\w\s])\1\1|[—─━=＝*~_]{3,}", t))


def _rank(text: str) -> int | None:
    for i, pattern in enumerate(_RANKS):
        if pattern.match(text.strip()):
            return i
    return None


def _heading_like(b: Block) -> bool:
    t = b.text.strip()
    limit = 40 if b.bold else 30
    return "\n" not in t and len(t) <= limit and not _END_PUNCT.search(t)


# ---------------------------------------------------------------------------------------------------
# Reading


def read(path: Path, units: list[str]) -> Outcome:
    outcome = Outcome(path)
    data = path.read_bytes()
    try:
        doc, parts = prepared(data)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        outcome.refused = f"不是可以读取的 Word 文件（.docx）：{exc.__class__.__name__}；如是 .doc 或 WPS 格式，请先另存为 .docx"
        return outcome
    except Exception as exc:  # noqa: BLE001  (a damaged XML part)
        outcome.refused = f"Word 文件内容无法解析（{exc.__class__.__name__}）；请用 Word 打开后另存为 .docx 再导入"
        return outcome
    images: dict[str, bytes] = {}
    dropped: list[str] = []

    def convert_image(image) -> dict[str, str]:
        kind = (image.content_type or "").lower()
        ext = _IMAGE_TYPES.get(kind)
        if ext is None:
            dropped.append(kind or "未知格式")
            return {}
        with image.open() as fh:
            content = fh.read()
        name = f"image-{len(images) + 1}.{ext}"
        images[name] = content
        return {"src": name, "alt": (image.alt_text or "").strip()}

    try:
        result = mammoth.convert_to_html(io.BytesIO(doc), style_map=STYLE_MAP,
                                         convert_image=mammoth.images.img_element(convert_image))
    except Exception as exc:  # noqa: BLE001  (mammoth on a file it cannot read)
        outcome.refused = f"Word 文件内容无法转换（{exc.__class__.__name__}）；请用 Word 打开后另存为 .docx 再导入"
        return outcome
    for kind in dict.fromkeys(dropped):
        outcome.notes.append(f"有图片是 {kind} 格式，网页无法显示，未带入正文（原件作为附件保存，其中仍有）")
    bs = blocks(parse(result.value))
    _decide_headings(bs)
    text_all = "\n".join(b.text for b in bs)
    day_first = dates.day_order(text_all)
    segments = _split(bs, day_first)
    name_date = dates.from_file_name(path.stem)
    doc_title, _ = _title(bs, path)
    extra = _headers_footers(parts.headers, parts.footers)
    organizer = next((h for h in parts.headers + parts.footers if h in units), None)
    for n, (seg, header_date) in enumerate(segments, 1):
        m = _meeting(path, seg, header_date, doc_title, day_first, name_date if len(segments) == 1 else None,
                     units, images, outcome)
        if m is None:
            continue
        if extra:
            m.body = (m.body + "\n\n" + extra).strip()
        if organizer:
            m.fields["organizer"] = organizer
        m.part = (n, len(segments))
        m.files[path.name] = data
        m.documents.append({"id": "F1", "title": f"会议纪要原件（{path.name}）", "file": path.name, "disposition": "归档"})
        outcome.meetings.append(m)
    if len(segments) > 1:
        outcome.notes.insert(0, f"一个文件中有 {len(segments)} 次会议（各有自己的日期），分别写成档案")
    return outcome


def _headers_footers(headers: list[str], footers: list[str]) -> str:
    lines = [f"页眉：{fields_escape(h)}" for h in headers] + [f"页脚：{fields_escape(f)}" for f in footers]
    if not lines:
        return ""
    return "## 原文页眉页脚\n\n" + "\n\n".join(lines)


def fields_escape(text: str) -> str:
    from .html2md import escape, escape_line_starts  # noqa: PLC0415

    return escape_line_starts(escape(text))


# ---------------------------------------------------------------------------------------------------
# Headings


def _decide_headings(bs: list[Block]) -> None:
    # Word heading styles: a drawn line is no heading; levels shift so the highest is ## (the page's
    # title is the dossier's title).
    for b in bs:
        if b.kind == "heading" and decorative(b.text):
            b.kind, b.level = "para", 0
    # Numbered lines: those of one rank between two headings of a higher rank are headings together,
    # when each is short and has text under it (a run of numbered lines with nothing between is a list).
    candidates = [(i, _rank(b.text)) for i, b in enumerate(bs) if b.kind == "para" and _rank(b.text) is not None]
    groups: list[list[int]] = []
    current: dict[int, list[int]] = {}
    for i, r in candidates:
        for deeper in [k for k in current if k > r]:
            groups.append(current.pop(deeper))
        current.setdefault(r, []).append(i)  # type: ignore[arg-type]
    groups.extend(current.values())
    chosen: dict[int, int] = {}
    for group in groups:
        r = _rank(bs[group[0]].text)
        members = set(group)
        like = [i for i in group if _heading_like(bs[i])]
        followed = [i for i in group if i + 1 < len(bs) and i + 1 not in members and bs[i + 1].kind != "pagebreak"]
        if len(like) == len(group) and len(followed) * 2 >= len(group):
            for i in group:
                chosen[i] = r  # type: ignore[assignment]
        else:
            for i in like:
                if bs[i].bold and i in followed:
                    chosen[i] = r  # type: ignore[assignment]
    present = sorted(set(chosen.values()))
    level_of: dict[int, int] = {}
    nxt = 2
    for r in present:
        level = 2 if r == 0 else 3 if r == 1 else max(nxt, 2)
        level_of[r] = level
        nxt = level + 1
    for i, r in chosen.items():
        bs[i].kind, bs[i].level, bs[i].heading_from = "heading", level_of[r], "numbering"
    styled = [b.level for b in bs if b.kind == "heading" and b.heading_from == "style"]
    if styled:
        shift = 2 - min(styled)
        for b in bs:
            if b.kind == "heading" and b.heading_from == "style":
                b.level = max(2, min(6, b.level + shift))


# ---------------------------------------------------------------------------------------------------
# Title


def _title(bs: list[Block], path: Path) -> tuple[str, int | None]:
    """(the title, index of the block to leave out of the body, or None)."""
    for i, b in enumerate(bs[:12]):
        if b.title_style and b.text.strip():
            return _clean_title(b.text), i if not dates.find_all(b.text) else None
    for p in _pairs(bs[:15]):
        if p.key == "title" and p.value and len(p.value) <= 80:
            return _clean_title(p.value), None
    texts = [(i, b) for i, b in enumerate(bs[:8]) if b.kind in ("para", "heading") and b.text.strip()]
    for n, (i, b) in enumerate(texts[:2]):
        t = b.text.strip()
        rest = re.sub(r"\s+", " ", dates.strip_dates(t)).strip(" ，,:：-—")
        if decorative(t) or fields.label_of(t):
            break
        if not rest:  # a line that is only a date: the title may be on the next line
            continue
        if len(t) > 60 or "\n" in t or _END_PUNCT.search(t) or _LABEL_VALUE.match(t):
            break
        if n == 0 or b.kind == "heading" or b.bold or b.prominent:
            return _clean_title(rest), (i if rest == t else None)
        break
    return _file_title(path), None


_LABEL_VALUE = re.compile(r"^[^:：]{1,15}[:：]\s*\S")


def _clean_title(text: str) -> str:
    t = re.sub(r"\s+", " ", dates.strip_dates(text) if dates.strip_dates(text).strip() else text).strip(" ，,:：-—")
    return t[:120]


def _file_title(path: Path) -> str:
    stem = dates.strip_dates(path.stem)
    stem = re.sub(r"(?<!\d)(19|20)\d{6}(?!\d)", " ", stem)
    stem = re.sub(r"[_\s]+", " ", stem).strip(" -_.，,")
    return stem or "会议纪要"


# ---------------------------------------------------------------------------------------------------
# Dates and meetings


def _pairs(bs: list[Block]) -> list[fields.Pair]:
    out: list[fields.Pair] = []
    lines: list[str] = []
    for b in bs:
        if b.kind == "table" and b.table is not None:
            out.extend(fields.pairs_from_lines(lines))
            lines = []
            out.extend(fields.pairs_from_grid(b.table.texts()))
        elif b.kind == "list":
            # a label whose value is the list after it ("Meeting Attendees" + a numbered list)
            key = fields.label_of(lines[-1]) if lines else None
            items = [x.strip() for x in b.text.split("\n") if x.strip()]
            if key in ("attendees", "leave", "observers"):
                label = lines.pop()
                out.extend(fields.pairs_from_lines(lines))
                lines = []
                out.append(fields.Pair(key, "", label, items=items))
            else:
                lines.extend(items)
        else:
            lines.extend(b.text.split("\n"))
    out.extend(fields.pairs_from_lines(lines))
    return out


def _header_date(b: Block, day_first: bool | None) -> tuple[dates.Found, str] | None:
    """The date a block opens a meeting with, and what kind of opening it is."""
    if b.kind == "table" and b.table is not None:
        for p in fields.pairs_from_grid(b.table.texts()[:4]):
            if p.key == "date":
                found = dates.find_all(p.value, day_first)
                if found:
                    return found[0], "table"
        return None
    if b.kind not in ("para", "heading") or len(b.text) > 60:
        return None
    t = b.text.strip()
    found = dates.find_all(t, day_first)
    if not found or re.search(r"下次|下一次|截止|完成|next|due|deadline|before", t, re.IGNORECASE):
        return None
    rest = re.sub(r"[\s,，:：()（）\[\]【】|*_\-–—]+", " ", dates.strip_dates(t)).strip()
    rest = re.sub(r"(星期|周|礼拜)[一二三四五六日天]|\b(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?\b|"
                  r"\d{1,2}[:：.]\d{2}\s*(am|pm)?|上午|下午|晚上", " ", rest, flags=re.IGNORECASE).strip()
    rest = re.sub(r"\s+", " ", rest)
    if not rest:
        return found[0], "date"
    m = re.match(r"^([^:：]{1,12})[:：]", t)
    if m and fields.label_of(m.group(1)) == "date":
        return found[0], "label"
    if len(rest) <= 30 and _TITLE_WORDS.search(rest):
        return found[0], "title"
    return None


def _split(bs: list[Block], day_first: bool | None) -> list[tuple[list[Block], dates.Found | None]]:
    headers: dict[str, list[tuple[int, dates.Found]]] = {}
    for i, b in enumerate(bs):
        got = _header_date(b, day_first)
        if got:
            headers.setdefault(got[1], []).append((i, got[0]))
    best: list[tuple[int, dates.Found]] = []
    for kind, found in headers.items():
        distinct = {f.day for _, f in found}
        if len(distinct) >= 2 and len(found) > len(best):
            best = found
    if not best:
        return [(bs, None)]
    # One meeting per header, a repeated date (the same meeting named twice) is no new meeting.
    starts: list[tuple[int, dates.Found]] = []
    for i, f in best:
        if starts and starts[-1][1].day == f.day:
            continue
        starts.append((i, f))
    first = starts[0][0]
    lead = 0
    for j in range(first - 1, -1, -1):
        if _lead_block(bs[j]):
            lead += 1
        else:
            break
    cuts = [0]
    for n, (i, _) in enumerate(starts[1:], 1):
        prev = starts[n - 1][0]
        cut = i
        breaks = [j for j in range(prev + 1, i) if bs[j].kind == "pagebreak"]
        if breaks:
            cut = breaks[-1] + 1
        else:
            for j in range(i - 1, max(prev, i - 1 - lead), -1):
                if _lead_block(bs[j]):
                    cut = j
                else:
                    break
        cuts.append(cut)
    cuts.append(len(bs))
    return [(bs[cuts[n]:cuts[n + 1]], starts[n][1]) for n in range(len(starts))]


def _lead_block(b: Block) -> bool:
    """A block that can open a meeting's part of the file before its date (its title, a logo, 例会记录)."""
    if b.kind in ("list", "table"):
        return False
    t = b.text.strip()
    if re.match(r"^(?:[-–•·*]|\d{1,2}[.)、])\s", t):  # an item of the list before
        return False
    return (not t) or (len(t) <= 60 and "\n" not in t and not _END_PUNCT.search(t) and not t.endswith((".", "。")))


def _choose_date(seg: list[Block], header: dates.Found | None, day_first: bool | None) -> dates.Found | None:
    if header is not None:
        return header
    for p in _pairs(seg[:30]):
        if p.key == "date":
            found = dates.find_all(p.value, day_first)
            if found:
                return found[0]
    for b in seg[:30]:
        got = _header_date(b, day_first)
        if got:
            return got[0]
    for b in seg:
        for line in b.text.split("\n"):
            if re.search(r"下次|下一次|截止|完成|next|due|deadline|before|前", line, re.IGNORECASE):
                continue
            found = dates.find_all(line, day_first)
            if found:
                return found[0]
    return None


def _meeting(path: Path, seg: list[Block], header: dates.Found | None, doc_title: str, day_first: bool | None,
             name_date: dates.Found | None, units: list[str], images: dict[str, bytes], outcome: Outcome) -> Meeting | None:
    seg = [b for b in seg if b.kind != "pagebreak"]
    found = _choose_date(seg, header, day_first)
    if found is None:
        if name_date is None:
            outcome.notes.append("找不到会议日期（正文和文件名中都没有年月日）" if len(outcome.meetings) == 0 else
                                 "有一段找不到会议日期，未写入")
            return None
        found = name_date
        outcome.notes.append(f"正文中没有会议日期，按文件名中的 {name_date.text} 记为 {name_date.day.isoformat()}")
    elif name_date is not None and name_date.day != found.day:
        outcome.notes.append(f"正文的日期“{found.text}”（{found.day.isoformat()}）与文件名中的“{name_date.text}”"
                             f"（{name_date.day.isoformat()}）不一致，按正文记为 {found.day.isoformat()}；如有误请改 date")
    elif found.ambiguous and name_date is not None and found.other == name_date.day:
        found = name_date
    if found.ambiguous and found.other is not None and not (name_date and name_date.day == found.day):
        outcome.notes.append(f"日期“{found.text}”的日和月无法区分，按 日/月/年 记为 {found.day.isoformat()}；"
                             f"如是 {found.other.isoformat()}，请改 date")
    title, drop = _title(seg, path)
    if title == _file_title(path) and doc_title:
        title = doc_title
    m = Meeting(path, title, found.day)
    pairs = _pairs(seg[:40])
    _take_fields(m, pairs, units)
    for b in seg:
        if b.kind == "table" and b.table is not None and not m.attendees:
            rows = fields.roster_table(b.table.texts())
            if rows and all(fields.looks_like_name(n) for n, _ in rows):
                m.attendees = [{"name": n, "unit": u or UNIT_NOT_GIVEN} for n, u in dict(rows).items()]
                m.notes[:] = [x for x in m.notes if "参会人员" not in x]
                _note_units(m)
    body_blocks = [b for k, b in enumerate(seg) if k != drop]
    pieces, used = [], []
    n_actions = 1
    for b in body_blocks:
        md = block_markdown(b, used)
        if md.strip():
            pieces.append(md)
        if b.kind == "table":
            m.tables += 1
            if b.table is not None:
                tt = fields.task_table(b.table.texts())
                if tt is not None:
                    acts, why = fields.actions_from(tt, m.date, units, n_actions, day_first)
                    m.actions.extend(acts)
                    n_actions += len(acts)
                    if why:
                        m.notes.append(f"任务表中有 {len(why)} 项未写入 actions（仍在正文表格中）：" + "；".join(why[:3])
                                       + ("……" if len(why) > 3 else ""))
    m.body = "\n\n".join(pieces)
    for src in dict.fromkeys(used):
        if src in images:
            m.files[src] = images[src]
    m.images = len([s for s in dict.fromkeys(used) if s in images])
    return m


def _take_fields(m: Meeting, pairs: list[fields.Pair], units: list[str]) -> None:
    seen: set[str] = set()
    for p in pairs:
        if p.key in seen:
            continue
        value = re.sub(r"\s+", " ", p.value).strip(" ，,。;；")
        if p.key in ("venue", "chair", "recorder"):
            if value and len(value) <= 40 and "\n" not in p.value.strip() and not re.fullmatch(r"[-—/无]|n/?a|none|tbd", value, re.I):
                m.fields[p.key] = value
                seen.add(p.key)
        elif p.key == "date":
            rng = fields.time_range(p.value)
            if rng and "start" not in m.fields:
                m.fields["start"], m.fields["end"] = rng
            seen.add("date")
        elif p.key in ("start", "end"):
            t = fields.one_time(p.value)
            if t and p.key not in m.fields:
                m.fields[p.key] = t
        elif p.key in ("attendees", "observers", "leave"):
            if not value and not p.items:
                continue
            value = value or "、".join(p.items or [])
            seen.add(p.key)
            roster = fields.split_names(p.value, units, p.items)
            if roster.problem:
                m.notes.append(f"“{p.label.strip(' ：:')}”一栏{roster.problem}，参会人员未写入 attendees（原文在正文中）")
                continue
            for person in roster.people:
                if any(a["name"] == person["name"] for a in m.attendees):
                    continue
                entry = {"name": person["name"], "unit": person.get("unit") or UNIT_NOT_GIVEN}
                if p.key == "observers":
                    entry["role"] = "列席"
                if p.key == "leave":
                    entry["rsvp"] = "请假"
                m.attendees.append(entry)
    if "start" in m.fields and "end" in m.fields and m.fields["start"] >= m.fields["end"]:
        m.fields.pop("start")
        m.fields.pop("end")
    elif ("start" in m.fields) != ("end" in m.fields):
        m.fields.pop("start", None)
        m.fields.pop("end", None)
    _note_units(m)


def _note_units(m: Meeting) -> None:
    if any(a["unit"] == UNIT_NOT_GIVEN for a in m.attendees):
        m.notes.append(f"参会人员中 {sum(a['unit'] == UNIT_NOT_GIVEN for a in m.attendees)} 人原文没有写单位，"
                       f"unit 记为“{UNIT_NOT_GIVEN}”（检查会提示），知道的请改为单位全称")


UNIT_NOT_GIVEN = "未注明"


def first_date_of(day: date) -> str:
    return day.isoformat()
