"""The scan of the minutes' source at validation: each thing the render will remove is a warning at its
line and column (a tag, an attribute, an unsafe URL, an image or medium from outside the site, a
character nobody can see), each link that leaves the dossier's folder or is an absolute path an error.

The allow-list itself, and the cleaning that applies it at render, are ``core.html``: the scan reports
exactly what that will remove.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from ..core import chars
from ..core.diagnostics import ERROR, WARNING, Diagnostic
from ..core.html import (
    ALLOWED_TAGS, ATTRIBUTE_PREFIXES, CLEAN_CONTENT_TAGS, FETCHED, GENERIC_ATTRIBUTES, RESERVED_CLASS, RESERVED_ID,
    TAG_ATTRIBUTES, URL_ATTRIBUTES, URL_SCHEMES, attribute_allowed, attribute_value, is_external, reserved_classes,
)
from ..core.messages import Bi, Q
from ..source import attachments
from ..source.loader import Dossier


def scan_body(d: Dossier) -> list[Diagnostic]:
    """Diagnostics for what the render will remove from the body, and for links leaving the folder."""
    if not d.body.strip():
        return []
    scan = _Scan(d)
    for f in chars.find(d.body, chars.BODY_BAD):
        scan.found.append(Diagnostic(d.path, d.body_line + f.line, f.col, WARNING, "body_invisible_char", "",
                                     {"name": Bi(chars.name(f.char, "zh"), chars.name(f.char, "en"))}))
    text = _mask_code(d.body)
    text = scan.markdown_links(text)
    scan.html(text)
    scan.found.sort(key=Diagnostic.sort_key)
    return scan.found


_VOID = frozenset({"embed", "frame", "input", "link", "meta", "base", "img", "br", "hr", "source", "track", "wbr", "col", "area", "param", "keygen"})
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^ {0,3}([-*+]|\d+[.)])\s")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)((?:(?!\n\s*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)


def _blank(s: str) -> str:
    return re.sub(r"[^\n]", " ", s)


def _mask_code(body: str) -> str:
    """The body with code (fenced, indented, inline) blanked out, lines and columns kept: code is shown
    as written, never run, so nothing in it is reported."""
    lines = body.split("\n")
    out: list[str] = []
    fence: str | None = None
    in_list = False
    prev_blank = True
    in_indented = False
    for line in lines:
        if fence is not None:
            out.append(_blank(line))
            if line.strip().startswith(fence):
                fence = None
            continue
        m = _FENCE.match(line)
        if m:
            fence = m.group(1)[0] * 3
            out.append(_blank(line))
            continue
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        if indented and not in_list and (prev_blank or in_indented):
            out.append(_blank(line))
            in_indented = True
        else:
            out.append(line)
            if not blank:
                in_indented = False
                if not indented:
                    in_list = bool(_LIST_ITEM.match(line))
        prev_blank = blank
    text = "\n".join(out)
    return _CODE_SPAN.sub(lambda m: _blank(m.group(0)), text)


_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)>?", re.MULTILINE)
_AUTOLINK = re.compile(r"<((?:[A-Za-z][A-Za-z0-9+.-]*):[^<>\s]*|[^<>\s@]+@[^<>\s]+)>")
# Python-Markdown's attribute lists: {: #id .class key=value }, also without the colon.
_ATTR_LIST = re.compile(r"\{:?[ \t]*((?:[#.][^\s{}]|[A-Za-z_:][-\w:.]*\s*=)[^{}\n]*)\}")
_ATTR_TOKEN = re.compile(r"""([#.])([^\s{}#.=]+)|([A-Za-z_:][-\w:.]*)\s*=\s*("[^"]*"|'[^']*'|[^\s}]+)""")
_LINK_OPEN = re.compile(r"(!?)\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\(")


class _Scan(HTMLParser):
    def __init__(self, d: Dossier) -> None:
        super().__init__(convert_charrefs=True)
        self.d = d
        self.text = ""
        self.found: list[Diagnostic] = []
        self.line_starts: list[int] = []
        self.inside: list[str] = []

    # -- positions
    def _index(self, text: str) -> None:
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def _at(self, offset: int) -> tuple[int, int]:
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.d.body_line + lo, offset - self.line_starts[lo] + 1

    def _add(self, offset: int, severity: str, code: str, **args) -> None:
        line, col = self._at(offset)
        self.found.append(Diagnostic(self.d.path, line, col, severity, code, "", args))

    # -- Markdown links, images, reference definitions, autolinks, attribute lists
    def markdown_links(self, text: str) -> str:
        self._index(text)
        for m in _LINK_OPEN.finditer(text):
            start = m.end()
            url, end = _link_target(text, start)
            if url is not None:
                self._check_url(start + (1 if text[start:start + 1] == "<" else 0), "img" if m.group(1) else "a",
                                "src" if m.group(1) else "href", url)
        for m in _REF_DEF.finditer(text):
            self._check_url(m.start(1), "a", "href", m.group(1))
        masked = list(text)
        for m in _AUTOLINK.finditer(text):
            target = m.group(1)
            if "@" in target and not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", target):
                target = "mailto:" + target  # <name@example.org>: Markdown makes it an e-mail link
            self._check_url(m.start(1), "a", "href", target)
            masked[m.start():m.end()] = _blank(m.group(0))  # not HTML: keep it from the HTML scan
        for m in _ATTR_LIST.finditer(text):
            for tok in _ATTR_TOKEN.finditer(m.group(1)):
                at = m.start(1) + tok.start()
                if tok.group(1):  # #id or .class
                    word = tok.group(2)
                    reserved = RESERVED_ID if tok.group(1) == "#" else RESERVED_CLASS
                    if reserved.match(word):
                        self._add(at, WARNING, "body_attr_list_removed", attr=Q(tok.group(1) + word))
                    continue
                name, value = tok.group(3).lower(), tok.group(4).strip("\"'")
                if name in ("id", "class"):
                    if attribute_value("", name, value) != value:
                        self._add(at, WARNING, "body_attr_list_removed", attr=Q(f"{name}={value}"))
                    continue
                if name in GENERIC_ATTRIBUTES or any(name.startswith(p) for p in ATTRIBUTE_PREFIXES):
                    continue
                if name in URL_ATTRIBUTES:
                    self._check_url(at, "", name, value)
                elif not any(name in names for names in TAG_ATTRIBUTES.values()):
                    self._add(at, WARNING, "body_attr_list_removed", attr=Q(name))
        return "".join(masked)

    # -- raw HTML
    def html(self, text: str) -> None:
        self._index(text)
        self.feed(text)
        self.close()

    def _tag_offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.inside:  # within an element removed with its content: said once, for the element
            if tag == self.inside[-1]:
                self.inside.append(tag)
            return
        start = self._tag_offset()
        if tag not in ALLOWED_TAGS:
            code = "body_tag_content_removed" if tag in CLEAN_CONTENT_TAGS else "body_tag_removed"
            self._add(start, WARNING, code, tag=tag)
            if tag in CLEAN_CONTENT_TAGS and tag not in _VOID and self.get_starttag_text()[-2:] != "/>":
                self.inside.append(tag)
            return
        raw = self.get_starttag_text() or ""
        for name, value in attrs:
            at = start + _attr_offset(raw, name)
            if not attribute_allowed(tag, name):
                code = "body_handler_removed" if name.startswith("on") else "body_attr_removed"
                self._add(at, WARNING, code, tag=tag, attr=Q(name))
            elif name in URL_ATTRIBUTES and value is not None:
                self._check_url(at, tag, name, value)
            elif name == "id" and value and RESERVED_ID.match(value.strip()):
                self._add(at, WARNING, "body_attr_removed", tag=tag, attr=Q(f"id={value}"))
            elif name == "class" and value and reserved_classes(value):
                self._add(at, WARNING, "body_attr_removed", tag=tag, attr=Q(f"class={' '.join(reserved_classes(value))}"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.inside:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.inside and tag == self.inside[-1]:
            self.inside.pop()

    # -- addresses
    def _check_url(self, at: int, tag: str, attr: str, url: str) -> None:
        raw = url.strip()
        if not raw or raw.startswith(("#", "?")):
            return
        path = unquote(raw).replace("\\", "/")
        if attachments.is_absolute(path):
            self._add(at, ERROR, "body_link_absolute", value=Q(raw))
            return
        if is_external(raw):
            scheme = urlsplit(raw.replace("\\", "/")).scheme.lower()
            if scheme and scheme not in URL_SCHEMES:
                self._add(at, WARNING, "body_url_removed", value=Q(_short(raw)), scheme=scheme)
            elif attr in FETCHED:
                self._add(at, WARNING, "body_external_removed", value=Q(_short(raw)), tag=tag or attr)
            return
        rel = urlsplit(raw.replace("\\", "/")).path
        if not rel:
            return
        named = attachments.judge(self.d, rel, published=False, url=True, deps=self.d.deps)
        if named.problem == "flat":
            self._add(at, ERROR, "body_link_flat_dossier", value=Q(raw), id=self.d.id)
        elif named.problem is not None:
            self._add(at, ERROR, "body_link_absolute" if named.problem == "absolute" else "body_link_outside", value=Q(raw))


def _short(url: str, limit: int = 60) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


def _attr_offset(raw: str, name: str) -> int:
    m = re.search(r"[\s/\"']" + re.escape(name) + r"(?=[\s=/>]|$)", raw, re.IGNORECASE)
    return m.start() + 1 if m else 0


def _link_target(text: str, start: int) -> tuple[str | None, int]:
    """The URL of an inline link whose ``(`` ends at ``start``: up to whitespace or the closing paren."""
    i = start
    n = len(text)
    while i < n and text[i] in " \t":
        i += 1
    if i < n and text[i] == "<":
        close = text.find(">", i)
        if close < 0:
            return None, start
        return text[i + 1:close], close
    depth = 0
    j = i
    while j < n:
        ch = text[j]
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                break
            depth -= 1
        elif ch in " \t\n":
            break
        j += 1
    return (text[i:j] or None), j
