"""Every output of one build, gathered from its providers.

A page provider takes the Archive and returns {docs path: Markdown} (every page but the meetings'); a file provider returns
{site path: str | bytes}. Each provider honours the audience itself (it only ever sees
``archive.visible``). The MkDocs plugin asks this module for everything and adds it to the site.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..exports import tables as exports
from ..site import guide, listing, pages
from ..domain.archive import Archive

PageProvider = Callable[[Archive], dict[str, str]]
FileProvider = Callable[[Archive], dict[str, "str | bytes"]]

# The meeting pages are not here: there are thousands, and generator/meeting_render.py renders them
# outside MkDocs' page loop.
PAGE_PROVIDERS: list[PageProvider] = [
    listing.home_page,
    listing.archive_pages,
    listing.actions_page,
    listing.unit_pages,
    listing.lessons_page,
    guide.guide_page,
]

FILE_PROVIDERS: list[FileProvider] = [
    exports.build_exports,
]

# The closed loop: printables per meeting, the documents register, statistics; Excel, calendar, feed.
from ..site import documents_page, printables, stats  # noqa: E402
from ..exports import office as office_exports  # noqa: E402

PAGE_PROVIDERS += [printables.printable_pages, documents_page.documents_page, stats.stats_page]
# Each provider is one task for the build's workers (meeting_render.RenderPool): the slowest first.
FILE_PROVIDERS[:0] = [office_exports.xlsx_export, office_exports.ics_export]
FILE_PROVIDERS += [office_exports.feed_export]


def build_pages(archive: Archive) -> dict[str, str]:
    out: dict[str, str] = {}
    for provider in PAGE_PROVIDERS:
        out.update(provider(archive))
    return out


def build_files(archive: Archive) -> dict[str, str | bytes]:
    out: dict[str, str | bytes] = {}
    for provider in FILE_PROVIDERS:
        out.update(provider(archive))
    return out


def build_attachments(archive: Archive) -> dict[str, Path]:
    return pages.attachments(archive)
