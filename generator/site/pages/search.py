"""A meeting's search record: the one document the full-text index reads for a meeting.

The index does not read the meeting page. It reads this record (``templates/search_record.html.j2``
made into plain text here), written as ``search/p/<n>.json`` by ``mkdocs.render`` beside the page. So
the index holds the meeting's own text and nothing of the page's frame: no navigation, print links,
labels, table headers or headings the templates add; a word found only there finds nothing. The
record is also what a result shows: its title, date and kind, and the excerpt cut from its text.

    {"u": "meetings/2025/<id>/", "t": title, "d": "2025年5月22日", "k": kind,
     "x": title + "\\n" + the values + "\\n" + the minutes, "m": where the minutes start in x,
     "s": [[offset in x, heading, anchor], …]}

The minutes come as the meeting page's own rendering of them, cleaned (``mkdocs.render``), so their
headings keep the page's ids: ``s`` lists them, and a result found in a section links to it. Nothing of
the minutes' markup (links, pictures, attributes) reaches the record, only their text.
"""

from __future__ import annotations

import html
import json
import re

from ...core.zh import zh_date
from ...domain.addresses import meeting_url
from ...domain.archive import Archive
from ...source.loader import Dossier
from ..render import common, render
from .meeting import MeetingView

_PIECE = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>/"]+(?:="[^"]*")?)*)\s*/?>|<!--.*?-->|([^<]+)|<',
                    re.DOTALL)
_ID = re.compile(r'\sid="([^"]*)"')
_BLOCK = frozenset("p div li tr table thead tbody ul ol dl dt dd blockquote pre br hr h1 h2 h3 h4 h5 h6 section".split())
_CELL = frozenset(("td", "th"))
_HEADING = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0\u3000]+")


def text_of(markup: str, start: int = 0) -> tuple[str, list[list]]:
    """The text of ``markup`` (one line per block, cells apart by a space) and its sections: each
    heading with an id, as [offset in the text + ``start``, heading, id]."""
    out: list[str] = []
    size = 0
    sections: list[list] = []
    heading: list | None = None

    def put(piece: str) -> None:
        nonlocal size
        out.append(piece)
        size += len(piece)

    def newline() -> None:
        if out and not out[-1].endswith("\n"):
            put("\n")

    for m in _PIECE.finditer(markup):
        closing, name, attrs, text = m.group(1), m.group(2), m.group(3), m.group(4)
        if text is not None:
            piece = _SPACE.sub(" ", html.unescape(text))
            if not out or out[-1].endswith("\n"):
                piece = piece.lstrip(" ")
            if piece:
                put(piece)
                if heading is not None:
                    heading[1] += piece
            continue
        if name is None:  # a comment, or a lone <
            continue
        name = name.lower()
        if name in _BLOCK:
            newline()
        elif name in _CELL and closing:
            put(" ")
        if name in _HEADING:
            if not closing:
                found = _ID.search(attrs or "")
                heading = [start + size, "", html.unescape(found.group(1))] if found else None
            elif heading is not None:
                heading[1] = heading[1].strip()
                sections.append(heading)
                heading = None
    return "".join(out).rstrip(), sections


def search_record(archive: Archive, d: Dossier, minutes: str) -> str:
    """The record of one meeting, as JSON (``minutes``: the page's cleaned minutes)."""
    fm = d.fm
    fields = render("search_record.html.j2", m=MeetingView(archive, d), fm=fm, **common(archive))
    title = fm.title  # type: ignore[union-attr]
    head, _ = text_of(fields)
    start = len(title) + 1 + len(head) + 1
    body, sections = text_of(minutes, start=start)
    record = {"u": meeting_url(d), "t": title, "d": zh_date(fm.date), "k": fm.kind,  # type: ignore[union-attr]
              "x": f"{title}\n{head}\n{body}", "m": start, "s": sections}
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
