"""What mammoth leaves out of a Word file, read from its XML with the standard library.

Before mammoth reads the file, its ``word/document.xml`` is rewritten in memory (the file on disk is
never touched):

- each paragraph numbered by Word (一、 （一） 1. （1） a) …, from ``numbering.xml``, directly or through
  its style) gets its label written into its text, as the reader saw it; mammoth would keep only "a list
  item" and lose the number. Bullets stay lists.
- a page break between paragraphs becomes a marker paragraph (several meetings in one file are often
  one per page);
- a paragraph that stands out (centred, or in a large font) starts with a marker, for the title.

The headers and footers are read as text, without the page numbers.
"""

from __future__ import annotations

import io
import re
import zipfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"
PAGE_BREAK = "\ue000"  # a paragraph holding only this: a page break stood here
PROMINENT = "\ue001"  # at the start of a paragraph: centred or in a large font
MARKERS = re.compile("[\ue000\ue001]")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class WordParts:
    document: bytes  # the rewritten word/document.xml
    headers: list[str] = field(default_factory=list)  # the text of the headers, page numbers left out
    footers: list[str] = field(default_factory=list)
    numbered: int = 0  # paragraphs whose Word numbering was written into the text
    page_breaks: int = 0


# ---------------------------------------------------------------------------------------------------
# Numbering labels

_CN = "〇一二三四五六七八九"


def chinese(n: int, legal: bool = False) -> str:
    digits = "零壹贰叁肆伍陆柒捌玖" if legal else "零一二三四五六七八九"
    ten, hundred = ("拾", "佰") if legal else ("十", "百")
    if n <= 0:
        return digits[0]
    if n < 10:
        return digits[n]
    if n < 20:
        return ten + (digits[n - 10] if n > 10 else "")
    if n < 100:
        return digits[n // 10] + ten + (digits[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else (digits[0] + digits[rest] if rest < 10 else
                                      (digits[1] + chinese(rest, legal) if rest < 20 else chinese(rest, legal)))
        return digits[n // 100] + hundred + tail
    return str(n)


def _letters(n: int) -> str:
    # Word: a … z, aa … zz
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                       (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += sym
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt in ("decimal", "decimalHalfWidth", ""):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(c)) for c in str(n))
    if fmt in ("lowerLetter",):
        return _letters(n)
    if fmt in ("upperLetter",):
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographDigital", "japaneseDigitalTenThousand"):
        if fmt == "ideographDigital":
            return "".join(_CN[int(c)] for c in str(n))
        return chinese(n)
    if fmt in ("chineseLegalSimplified", "japaneseLegal"):
        return chinese(n, legal=True)
    if fmt == "ideographTraditional":
        return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return "子丑寅卯辰巳午未申酉戌亥"[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x245F + n)
    if fmt in ("decimalEnclosedParen",) and 1 <= n <= 20:
        return chr(0x2473 + n)
    if fmt in ("decimalEnclosedFullstop",) and 1 <= n <= 20:
        return chr(0x2487 + n)
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"
    legal: bool = False
    style: str | None = None


class Numbering:
    def __init__(self, numbering: ET.Element | None, styles: ET.Element | None) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, str] = {}  # numId → abstractNumId
        self.overrides: dict[str, dict[int, int]] = {}  # numId → ilvl → start
        self.style_num: dict[str, tuple[str | None, int | None]] = {}
        self.style_based: dict[str, str] = {}
        self.style_names: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.seen_nums: set[str] = set()
        links: dict[str, str] = {}
        if styles is not None:
            for st in styles.iter(w("style")):
                sid = st.get(w("styleId")) or ""
                name = st.find(w("name"))
                if name is not None:
                    self.style_names[sid] = name.get(w("val")) or ""
                based = st.find(w("basedOn"))
                if based is not None:
                    self.style_based[sid] = based.get(w("val")) or ""
                num_pr = st.find(f"{w('pPr')}/{w('numPr')}")
                if num_pr is not None:
                    num_id = num_pr.find(w("numId"))
                    ilvl = num_pr.find(w("ilvl"))
                    self.style_num[sid] = (num_id.get(w("val")) if num_id is not None else None,
                                           int(ilvl.get(w("val")) or 0) if ilvl is not None else None)
        if numbering is None:
            return
        for ab in numbering.iter(w("abstractNum")):
            aid = ab.get(w("abstractNumId")) or ""
            link = ab.find(w("numStyleLink"))
            if link is not None:
                links[aid] = link.get(w("val")) or ""
            levels: dict[int, _Level] = {}
            for lvl in ab.findall(w("lvl")):
                level = _Level()
                for tag, attr in (("start", "start"), ("numFmt", "fmt"), ("lvlText", "text"), ("suff", "suffix"),
                                  ("pStyle", "style")):
                    el = lvl.find(w(tag))
                    if el is not None and el.get(w("val")) is not None:
                        value = el.get(w("val"))
                        setattr(level, attr, int(value) if attr == "start" and value.isdigit() else value)  # type: ignore[union-attr]
                level.legal = lvl.find(w("isLgl")) is not None
                levels[int(lvl.get(w("ilvl")) or 0)] = level
            self.abstract[aid] = levels
        for num in numbering.iter(w("num")):
            nid = num.get(w("numId")) or ""
            ab = num.find(w("abstractNumId"))
            if ab is not None:
                self.nums[nid] = ab.get(w("val")) or ""
            for ov in num.findall(w("lvlOverride")):
                so = ov.find(w("startOverride"))
                if so is not None and (so.get(w("val")) or "").isdigit():
                    self.overrides.setdefault(nid, {})[int(ov.get(w("ilvl")) or 0)] = int(so.get(w("val")))  # type: ignore[arg-type]
        # An abstract numbering that only links to a numbering style: use the style's numbering.
        for aid, style in links.items():
            num_id, _ = self.style_num.get(style, (None, None))
            target = self.nums.get(num_id or "")
            if target and target != aid and not self.abstract.get(aid):
                self.abstract[aid] = self.abstract.get(target, {})

    def style_chain(self, sid: str | None):
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            yield sid
            sid = self.style_based.get(sid)

    def effective(self, p: ET.Element) -> tuple[str, int, str | None] | None:
        """(numId, level, style id) of a paragraph's numbering, directly or through its style."""
        ppr = p.find(w("pPr"))
        style = None
        if ppr is not None:
            ps = ppr.find(w("pStyle"))
            style = ps.get(w("val")) if ps is not None else None
            num_pr = ppr.find(w("numPr"))
            if num_pr is not None:
                nid_el, ilvl_el = num_pr.find(w("numId")), num_pr.find(w("ilvl"))
                if nid_el is not None:
                    nid = nid_el.get(w("val")) or "0"
                    return (nid, int(ilvl_el.get(w("val")) or 0) if ilvl_el is not None else 0, style)
        for sid in self.style_chain(style):
            if sid in self.style_num and self.style_num[sid][0]:
                nid, ilvl = self.style_num[sid]
                if ilvl is None:
                    ilvl = next((i for i, lv in self.abstract.get(self.nums.get(nid or "", ""), {}).items()
                                 if lv.style == sid), 0)
                return (nid or "0", ilvl, style)
        return None

    def level(self, nid: str, ilvl: int) -> _Level | None:
        aid = self.nums.get(nid)
        if aid is None:
            return None
        return self.abstract.get(aid, {}).get(ilvl)

    def label(self, nid: str, ilvl: int) -> str | None:
        """The label Word shows for the next paragraph of list ``nid`` at ``ilvl``; None for a bullet or
        when the numbering is unknown (the counters move on either way)."""
        aid = self.nums.get(nid)
        if aid is None or nid == "0":
            return None
        levels = self.abstract.get(aid, {})
        counters = self.counters.setdefault(aid, {})
        if nid not in self.seen_nums:
            self.seen_nums.add(nid)
            for lv, start in self.overrides.get(nid, {}).items():
                counters[lv] = start - 1
        here = levels.get(ilvl, _Level())
        counters[ilvl] = counters.get(ilvl, here.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if here.fmt in ("bullet", "none"):
            return None

        def one(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            lv = levels.get(k, _Level())
            n = counters.get(k, lv.start)
            return format_number(n, "decimal" if here.legal else lv.fmt)

        text = re.sub(r"%(\d)", one, here.text or "")
        if not text.strip():
            return None
        if here.suffix != "nothing" and not text.endswith(("、", "）", "．", "，")):
            text += " "
        return text

    def is_bullet(self, nid: str, ilvl: int) -> bool:
        lv = self.level(nid, ilvl)
        return lv is not None and lv.fmt == "bullet"


# ---------------------------------------------------------------------------------------------------
# The rewrite


def _text_run(text: str, rpr: ET.Element | None) -> ET.Element:
    r = ET.Element(w("r"))
    if rpr is not None:
        r.append(_copy(rpr))
    t = ET.SubElement(r, w("t"))
    t.set(f"{{{XML_NS}}}space", "preserve")
    t.text = text
    return r


def _copy(el: ET.Element) -> ET.Element:
    return ET.fromstring(ET.tostring(el))


def _marker_paragraph(text: str) -> ET.Element:
    p = ET.Element(w("p"))
    p.append(_text_run(text, None))
    return p


def _set_no_numbering(p: ET.Element) -> None:
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = ET.Element(w("pPr"))
        p.insert(0, ppr)
    old = ppr.find(w("numPr"))
    if old is not None:
        ppr.remove(old)
    num_pr = ET.Element(w("numPr"))
    ET.SubElement(num_pr, w("ilvl")).set(w("val"), "0")
    ET.SubElement(num_pr, w("numId")).set(w("val"), "0")
    # numPr comes after pStyle, keepNext, keepLines, pageBreakBefore, framePr, widowControl
    order = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl")
    at = 0
    for i, child in enumerate(list(ppr)):
        if child.tag in {w(t) for t in order}:
            at = i + 1
    ppr.insert(at, num_pr)


def _insert_first(p: ET.Element, run: ET.Element) -> None:
    ppr = p.find(w("pPr"))
    p.insert(1 if ppr is not None and list(p)[0] is ppr else 0, run)


def _size(p: ET.Element) -> int:
    sizes = [int(el.get(w("val")) or 0) for el in p.iter(w("sz")) if (el.get(w("val")) or "").isdigit()]
    return max(sizes) if sizes else 0


def _prominent(p: ET.Element) -> bool:
    ppr = p.find(w("pPr"))
    jc = ppr.find(w("jc")) if ppr is not None else None
    centred = jc is not None and jc.get(w("val")) == "center"
    return centred or _size(p) >= 30  # 15 pt and more; body text is 10.5–14 pt


def _has_text(p: ET.Element) -> bool:
    return any((t.text or "").strip() for t in p.iter(w("t")))


def _page_break_inside(p: ET.Element) -> bool:
    return any(br.get(w("type")) == "page" for br in p.iter(w("br")))


def _page_break_before(p: ET.Element) -> bool:
    ppr = p.find(w("pPr"))
    if ppr is None:
        return False
    el = ppr.find(w("pageBreakBefore"))
    return el is not None and (el.get(w("val")) or "true") not in ("0", "false")


def _register_namespaces(raw: bytes) -> None:
    for prefix, uri in re.findall(rb'xmlns:([A-Za-z0-9_]+)="([^"]+)"', raw[:20000]):
        try:
            ET.register_namespace(prefix.decode(), uri.decode())
        except ValueError:
            pass


def rewrite(zf: zipfile.ZipFile) -> WordParts:
    raw = zf.read("word/document.xml")
    _register_namespaces(raw)
    doc = ET.fromstring(raw)

    def part(name: str) -> ET.Element | None:
        try:
            data = zf.read(name)
        except KeyError:
            return None
        _register_namespaces(data)
        try:
            return ET.fromstring(data)
        except ET.ParseError:
            return None

    numbering = Numbering(part("word/numbering.xml"), part("word/styles.xml"))
    parts = WordParts(b"")
    body = doc.find(w("body"))
    if body is None:
        parts.document = raw
        return parts
    for p in list(doc.iter(w("p"))):
        found = numbering.effective(p)
        if found is None or found[0] == "0":
            continue
        nid, ilvl, _ = found
        if numbering.is_bullet(nid, ilvl):
            continue
        label = numbering.label(nid, ilvl)
        if label is None:
            continue
        if not _has_text(p):
            continue
        ppr = p.find(w("pPr"))
        first_run = p.find(w("r"))
        rpr = first_run.find(w("rPr")) if first_run is not None else None
        if rpr is None and ppr is not None:
            rpr = ppr.find(w("rPr"))
        _insert_first(p, _text_run(label, rpr))
        _set_no_numbering(p)
        parts.numbered += 1
    children = list(body)
    for i in range(len(children) - 1, -1, -1):
        child = children[i]
        if child.tag != w("p"):
            continue
        if _page_break_inside(child) and i + 1 < len(children):
            body.insert(i + 1, _marker_paragraph(PAGE_BREAK))
            parts.page_breaks += 1
        if _page_break_before(child) and i > 0:
            body.insert(i, _marker_paragraph(PAGE_BREAK))
            parts.page_breaks += 1
        if _has_text(child) and _prominent(child):
            _insert_first(child, _text_run(PROMINENT, None))
    parts.document = ET.tostring(doc, encoding="utf-8", xml_declaration=True)
    for name in sorted(zf.namelist()):
        m = re.fullmatch(r"word/(header|footer)\d*\.xml", name)
        if not m:
            continue
        el = part(name)
        if el is None:
            continue
        for line in _lines(el):
            target = parts.headers if m.group(1) == "header" else parts.footers
            if line not in target and line not in parts.headers + parts.footers:
                target.append(line)
    return parts


_PAGE_NO = re.compile(
    r"第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页|Page\s+\d+(\s+of\s+\d+)?\b|^\s*[-—–]?\s*\d+\s*[-—–]?\s*$"
    r"|(?<![\d/])\d{1,4}\s*/\s*\d{1,4}(?![\d/])",
    re.IGNORECASE)


def _lines(root: ET.Element) -> list[str]:
    out = []
    for p in root.iter(w("p")):
        text = "".join(t.text or "" for t in p.iter(w("t")))
        text = _PAGE_NO.sub("", text).strip()
        if text and re.search(r"\w", text):
            out.append(re.sub(r"\s+", " ", text))
    return out


def prepared(data: bytes) -> tuple[bytes, WordParts]:
    """The Word file with its numbering written out and its page breaks marked (a new file in memory),
    and what was read besides."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = rewrite(zf)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
            for item in zf.infolist():
                content = parts.document if item.filename == "word/document.xml" else zf.read(item.filename)
                new.writestr(item, content)
    return out.getvalue(), parts
