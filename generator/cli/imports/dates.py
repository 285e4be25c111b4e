"""Dates as old minutes write them: 2022年10月15日, ``2023年   9月   13日``, 二〇二二年十月十五日, 2025.4.30,
2018/4/22, 2021-6-15, 04/12/2018 (day and month ambiguous), "August 4th, 2017", "18th March 2015", and in
file names 20230518 or 2022-10-15. Only full dates count (a year, a month and a day): "12月7日" or "3/18"
are not enough to date a meeting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ...core.settings import MAX_YEAR, MIN_YEAR


@dataclass(frozen=True)
class Found:
    day: date
    start: int  # offsets in the text searched
    end: int
    text: str  # as written
    ambiguous: bool = False  # 04/12/2018: day and month could be either
    other: date | None = None  # the other reading of an ambiguous date


_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_ORD = r"(?:st|nd|rd|th)?"
_CN_DIGIT = "〇零○Ｏ一二三四五六七八九"
_CN_NUM = "一二三四五六七八九十"

PATTERNS = [
    # 2022年10月15日, 2023年   9月   13日 (padded with spaces), 2022 年 10 月 15 号
    ("ymd", re.compile(r"(?<!\d)(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?(?!\d)")),
    # 二〇二二年十月十五日 (the date under a signature)
    ("cn", re.compile(rf"(?P<y>[{_CN_DIGIT}]{{4}})\s*年\s*(?P<m>[{_CN_NUM}]{{1,3}})\s*月\s*(?P<d>[{_CN_NUM}]{{1,3}})\s*[日号]")),
    # 2025.4.30, 2018/4/22, 2021-6-15, 2021_06_15 (not a version number: no digit or dot around it)
    ("ymd", re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})\s?(?P<sep>[./\-_])\s?(?P<m>\d{1,2})\s?(?P=sep)\s?(?P<d>\d{1,2})(?![\d]|\.\d)")),
    # 04/12/2018, 27.03.2023, 3-29-2023: day-month or month-day
    ("dmy", re.compile(r"(?<![\d./\-])(?P<a>\d{1,2})(?P<sep>[./\-])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d{2})(?![\d]|\.\d)")),
    # August 4th, 2017 · Aug 4 2017 · Wednesday, 15 September 2021 · 18th March 2015 · 4 of August, 2017
    ("mdy", re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}}){_ORD},?\s+(?P<y>(?:19|20)\d{{2}})\b", re.IGNORECASE)),
    ("dmy_en", re.compile(rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH},?\s+(?P<y>(?:19|20)\d{{2}})\b", re.IGNORECASE)),
]
# A file name: the same, and 20230518 written without separators.
_COMPACT = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?!\d)")


def _cn_number(text: str) -> int | None:
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    digits.update({"零": 0, "○": 0, "Ｏ": 0})
    if all(c in digits for c in text) and len(text) == 4:
        return int("".join(str(digits[c]) for c in text))
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = digits.get(tens, 0) if tens else 1
        o = digits.get(ones, 0) if ones else 0
        if (tens and tens not in digits) or (ones and ones not in digits):
            return None
        return t * 10 + o
    if len(text) == 1 and text in digits:
        return digits[text]
    return None


def _make(y: int, m: int, d: int) -> date | None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_all(text: str, day_first: bool | None = None) -> list[Found]:
    """Every full date in ``text``, in order. ``day_first`` settles 04/12/2018 when the document
    itself shows which order it writes (a 14/12/2018 elsewhere); None: day first, marked ambiguous."""
    out: list[Found] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            found = _read(kind, m, day_first)
            if found is not None:
                out.append(found)
                taken.append((m.start(), m.end()))
    out.sort(key=lambda f: f.start)
    return out


def _read(kind: str, m: re.Match[str], day_first: bool | None) -> Found | None:
    g = m.groupdict()
    if kind == "ymd":
        day = _make(int(g["y"]), int(g["m"]), int(g["d"]))
        return Found(day, m.start(), m.end(), m.group()) if day else None
    if kind == "cn":
        y, mo, d = _cn_number(g["y"]), _cn_number(g["m"]), _cn_number(g["d"])
        day = _make(y, mo, d) if None not in (y, mo, d) else None  # type: ignore[arg-type]
        return Found(day, m.start(), m.end(), m.group()) if day else None
    if kind in ("mdy", "dmy_en"):
        mon = _MONTHS[g["mon"].lower().rstrip(".")[:4] if g["mon"].lower().startswith("sept") else g["mon"].lower()[:3]]
        day = _make(int(g["y"]), mon, int(g["d"]))
        return Found(day, m.start(), m.end(), m.group()) if day else None
    a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
    dmy, mdy = _make(y, b, a), _make(y, a, b)
    if dmy and not mdy:
        return Found(dmy, m.start(), m.end(), m.group())
    if mdy and not dmy:
        return Found(mdy, m.start(), m.end(), m.group())
    if not dmy:
        return None
    if dmy == mdy:
        return Found(dmy, m.start(), m.end(), m.group())
    if day_first is None:
        return Found(dmy, m.start(), m.end(), m.group(), ambiguous=True, other=mdy)
    return Found(dmy if day_first else mdy, m.start(), m.end(), m.group())  # type: ignore[arg-type]


def day_order(text: str) -> bool | None:
    """Whether the text writes numeric dates day first (True), month first (False), or cannot tell:
    one unambiguous date (14/12/2018 or 03/27/2023) decides for all the others."""
    votes = {True: 0, False: 0}
    for m in PATTERNS[3][1].finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if a > 12 >= b:
            votes[True] += 1
        elif b > 12 >= a:
            votes[False] += 1
    if votes[True] == votes[False]:
        return None
    return votes[True] > votes[False]


def from_file_name(name: str) -> Found | None:
    """The date in a file name (会议纪要2023-9-13, WBS对接 20230518, 2022年10月15日例会)."""
    found = find_all(name, None)
    if found:
        return found[0]
    m = _COMPACT.search(name)
    if m:
        day = _make(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if day:
            return Found(day, m.start(), m.end(), m.group())
    return None


def strip_dates(text: str) -> str:
    """The text without the dates in it (a title such as 第一次会议 2021年3月17日 → 第一次会议)."""
    spans = [(f.start, f.end) for f in find_all(text)]
    m = _COMPACT.search(text)
    if m and not spans:
        spans.append((m.start(), m.end()))
    for s, e in sorted(spans, reverse=True):
        text = text[:s] + " " + text[e:]
    return text
