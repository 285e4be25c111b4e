"""A meeting's search record: the one document the full-text index reads for a meeting.

The index does not read the meeting page. It reads this record (``templates/search_record.html.j2``),
written beside the site, never into it (``mkdocs.render`` writes one per meeting page, Pagefind indexes
the folder, ``exports/search.py``). So the index holds the meeting's own text and nothing of the page's
frame: no navigation, print links, labels, table headers or headings the templates add; a word found
only there finds nothing. The record is written in the index's form (``core/searchtext.py``): every
run of Han characters as its character pairs, so that the index and the reader's query are cut into
words the same way. The result's title, kind and date are kept as written, in Pagefind's meta fields.

The minutes come as the meeting page's own rendering of them, cleaned (``mkdocs.render``), so their
headings keep the page's ids and a result in a section links to that section. Their markup is cut to
the tags alone (and the headings' ids): no link, picture or attribute of the minutes reaches the record.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

from ...core.searchtext import index_form
from ...domain.archive import Archive
from ...source.loader import Dossier
from ..render import common, render
from .meeting import MeetingView

# A tag of the cleaned minutes (the sanitiser writes every attribute value in double quotes).
_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>/"]+(?:="[^"]*")?)*)\s*/?>')
_ID = re.compile(r'\sid="([^"]*)"')
_TEXT = re.compile(r">([^<]+)<")
_MAIN = "<main>"


def _bare(minutes: str) -> str:
    """The minutes' tags without their attributes, a heading's id kept."""

    def tag(m: re.Match) -> str:
        closing, name, attrs = m.group(1), m.group(2).lower(), m.group(3)
        if name in ("img", "br", "hr", "input", "source", "wbr"):
            return " "
        if not closing and name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            found = _ID.search(attrs)
            if found:
                return f'<{name} id="{found.group(1)}">'
        return f"<{closing}{name}>"

    return _TAG.sub(tag, minutes)


def _encode_text(markup: str) -> str:
    """Every text node in the index's form (entities read, then written again)."""

    def node(m: re.Match) -> str:
        text = html.unescape(m.group(1))
        return ">" + html.escape(index_form(text), quote=False) + "<"

    return _TEXT.sub(node, markup)


def search_record(archive: Archive, d: Dossier, minutes: str) -> str:
    """The record of one meeting, as an HTML page for Pagefind (``minutes``: the page's cleaned minutes)."""
    inner = render("search_record.html.j2", m=MeetingView(archive, d), fm=d.fm,
                   minutes=Markup(_bare(minutes)), **common(archive))
    head, _, body = inner.partition(_MAIN)
    return ('<!doctype html><html lang="zh"><head><meta charset="utf-8"><title></title></head>'
            f'<body data-pagefind-body>{head}<main>{_encode_text(body)}</body></html>\n')
