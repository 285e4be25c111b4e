"""The one sanitiser: an allow-list of HTML, applied at render, reported at validation.

A dossier's body is Markdown, and Markdown lets raw HTML through. Two halves share the allow-list here:

- ``check.body.scan_body`` reads the body source when the dossier is checked and reports, at its line and
  column, each thing the render will remove (a warning: a tag, an attribute, an unsafe URL, an image or
  medium from outside the site) and each link that leaves the dossier's folder or is an absolute path.
- ``clean`` runs nh3 (the Ammonia sanitiser) over the rendered HTML of a meeting page: only the tags and
  attributes below stay, ``javascript:`` and other schemes go, and images, media and the like whose
  address is outside the site lose that address, since the intranet has no internet and a request out
  would tell who read what. Ordinary links out stay, with rel="noopener noreferrer"; the stylesheet marks
  them as external. Front matter values never need this: Jinja escapes them.
"""

from __future__ import annotations

import re
from html import escape as html_escape
from html import unescape as html_unescape
from urllib.parse import urlsplit

import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


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
