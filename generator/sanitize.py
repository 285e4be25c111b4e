"""Hostile and careless content in the minutes: an allow-list, reported at validation, applied at render.

A dossier's body is Markdown, and Markdown lets raw HTML through. Two halves share one allow-list:

- ``scan_body`` reads the body source when the dossier is checked and reports, at its line and column,
  each thing the render will remove (a warning: a tag, an attribute, an unsafe URL, an image or medium
  from outside the site) and each link that leaves the dossier's folder or is an absolute path (an error).
- ``clean`` runs nh3 (the Ammonia sanitiser) over the rendered HTML of a meeting page: only the tags and
  attributes below stay, ``javascript:`` and other schemes go, and images, media and the like whose
  address is outside the site lose that address, since the intranet has no internet and a request out
  would tell who read what. Ordinary links out stay, with rel="noopener noreferrer"; the stylesheet marks
  them as external. Front matter values never need this: Jinja escapes them.
"""

from __future__ import annotations

import posixpath
import re
from html import escape as html_escape
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from . import attachments, chars
from .diagnostics import ERROR, WARNING, Diagnostic
from .loader import Dossier
from .messages import Bi, Q

# ---------------------------------------------------------------------------------------------------
# The allow-list

ALLOWED_TAGS = frozenset({
    # text and structure
    "p", "br", "hr", "div", "span", "blockquote", "pre", "code", "kbd", "samp", "var",
    "h1", "h2", "h3", "h4", "h5", "h6", "nav", "section", "article", "aside", "header", "footer",
    # emphasis
    "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "abbr", "q", "cite",
    "dfn", "time", "wbr", "ruby", "rt", "rp",
    # lists and tables
    "ul", "ol", "li", "dl", "dt", "dd",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    # links, pictures and media that live in the site
    "a", "img", "figure", "figcaption", "details", "summary", "audio", "video", "source", "track",
})

# Removed together with everything inside them (the rest lose the tag and keep their text).
CLEAN_CONTENT_TAGS = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "template",
    "svg", "math", "textarea", "select", "title", "noembed", "noframes", "xmp", "plaintext",
})

GENERIC_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir"})
# No data-* at all: the site's own scripts, Material's and Pagefind's read data-* attributes
# (data-pagefind-meta becomes a search result's link, data-md-* drive the theme).
ATTRIBUTE_PREFIXES = frozenset({"aria-"})

TAG_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "audio": frozenset({"src", "controls", "loop", "muted", "preload"}),
    "video": frozenset({"src", "controls", "loop", "muted", "preload", "width", "height"}),
    "source": frozenset({"src", "type"}),
    "track": frozenset({"src", "kind", "srclang", "label", "default"}),
    "td": frozenset({"colspan", "rowspan", "align", "headers"}),
    "th": frozenset({"colspan", "rowspan", "align", "headers", "scope"}),
    "col": frozenset({"span", "align"}),
    "colgroup": frozenset({"span", "align"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "time": frozenset({"datetime"}),
    "del": frozenset({"datetime", "cite"}),
    "ins": frozenset({"datetime", "cite"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
    "abbr": frozenset(),
    "details": frozenset({"open"}),
}

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
# Attributes whose address the browser fetches by itself: these must stay inside the site.
FETCHED = frozenset({"src"})
# ids and classes the site's own scripts, the theme's and the search's look up or style, and anchors our
# pages link to: dossier text claiming one could pose as part of the site.
RESERVED_ID = re.compile(r"^(__|md-|ma-|pagefind|filter-|action-|decision-|updates-)", re.IGNORECASE)
RESERVED_CLASS = re.compile(r"^(__|md-|ma-|pagefind)", re.IGNORECASE)


def _attribute_map() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {"*": set(GENERIC_ATTRIBUTES)}
    for tag, names in TAG_ATTRIBUTES.items():
        out[tag] = set(names)
    return out


def attribute_allowed(tag: str, name: str) -> bool:
    return (
        name in GENERIC_ATTRIBUTES
        or name in TAG_ATTRIBUTES.get(tag, ())
        or any(name.startswith(p) for p in ATTRIBUTE_PREFIXES)
    )


def is_external(url: str) -> bool:
    """An address outside the site: it has a scheme or a host, or is protocol-relative (//host/…)."""
    url = url.strip().replace("\\", "/")
    if url.startswith("//"):
        return True
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def reserved_classes(value: str) -> list[str]:
    return [c for c in value.split() if RESERVED_CLASS.match(c)]


def attribute_value(tag: str, attr: str, value: str) -> str | None:
    """What an allowed attribute written in dossier text keeps of its value; None: it is dropped."""
    if attr in FETCHED and is_external(value):
        return None
    if attr == "id" and RESERVED_ID.match(value.strip()):
        return None
    if attr == "class":
        kept = [c for c in value.split() if not RESERVED_CLASS.match(c)]
        return " ".join(kept) or None
    return value


_filter = attribute_value


def clean(html: str) -> str:
    """The HTML of a page with only what the allow-list keeps."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(CLEAN_CONTENT_TAGS),
        attributes=_attribute_map(),
        generic_attribute_prefixes=set(ATTRIBUTE_PREFIXES),
        attribute_filter=_filter,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def text(html: str) -> str:
    """A piece of HTML made from dossier text (a heading's name for the table of contents), as text that
    is safe anywhere in a page: every tag gone (a script or style with its content), special characters
    escaped. Tag stripping that splices ``<<b></b>img …>`` into a live element cannot happen here: the
    parser reads it as text."""
    return nh3.clean(html, tags=set(), clean_content_tags=set(CLEAN_CONTENT_TAGS), attributes={}, strip_comments=True)


def attribute(value: str) -> str:
    """A value made from dossier text, escaped to sit inside an attribute's quotes."""
    return html_escape(html_unescape(value), quote=True)


def clean_toc(toc) -> None:
    """MkDocs' table of contents of a page, made safe in place: each title as text, each id escaped."""
    for link in toc:
        link.title = text(link.title)
        link.id = attribute(link.id)
        clean_toc(link.children)


# ---------------------------------------------------------------------------------------------------
# Every page: what Markdown itself makes from dossier text


# URL-valued attributes, and those of them that the browser fetches by itself.
URL_VALUED = frozenset({"href", "src", "srcset", "action", "formaction", "poster", "background", "cite", "data",
                        "ping", "xlink:href", "lowsrc", "dynsrc", "longdesc", "manifest", "codebase", "icon"})
FETCHED_ANY = URL_VALUED - {"href", "cite", "action", "formaction", "longdesc", "ping"}
_CSS_FETCH = re.compile(r"url\s*\(|image-set\s*\(|expression\s*\(|@import", re.IGNORECASE)


def unsafe_attribute(name: str, value: str) -> bool:
    """Whether an attribute would run script or fetch from outside the site."""
    name = name.lower()
    if name.startswith("on"):
        return True
    if name == "style":
        return bool(_CSS_FETCH.search(value))
    if name in URL_VALUED:
        url = value.strip().replace("\\", "/")
        scheme = urlsplit(url).scheme.lower() if not re.match(r"^[A-Za-z]:/", url) else ""
        if scheme and scheme not in URL_SCHEMES:
            return True
        return name in FETCHED_ANY and is_external(url)
    return False


class _SafeTree(Treeprocessor):
    def run(self, root):
        for el in root.iter():
            bad = [n for n, v in el.attrib.items()
                   if unsafe_attribute(n, v) or n.lower().startswith("data-")
                   or (n in ("id", "class") and attribute_value(str(el.tag), n, v) is None)]
            for name in bad:
                del el.attrib[name]
            if "class" in el.attrib:
                el.attrib["class"] = attribute_value(str(el.tag), "class", el.attrib["class"]) or ""
            # A link or picture without its address is shown as its text (MkDocs expects one on <a>, <img>).
            if el.tag == "a" and "href" in bad or el.tag == "img" and "src" in bad:
                if el.tag == "img":
                    el.text = el.attrib.get("alt", "")
                el.tag = "span"
                el.attrib.clear()


class SafeMarkdown(Extension):
    """A last step of every page's Markdown: the elements Markdown made (from a template's Markdown, in which
    dossier values are escaped HTML but may still spell Markdown, e.g. ``[x](javascript:…)``,
    ``![x](https://…)`` or ``{: onclick=… }`` in a tag or a title) lose any handler, any script URL and
    any address outside the site they would fetch. Raw HTML is not in this tree: templates escape their
    values, and meeting pages are cleaned whole by ``clean``."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Markdown's API
        md.treeprocessors.register(_SafeTree(md), "meeting_archive_safe", 0)


# ---------------------------------------------------------------------------------------------------
# The scan of the body source


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
            self._check_url(m.start(1), "a", "href", m.group(1))
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
