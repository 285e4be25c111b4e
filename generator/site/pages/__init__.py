"""The site's pages, one module each; every provider takes the Archive and returns {docs path: Markdown}.

The meeting pages are not here: there are thousands, and ``mkdocs.render`` renders them (from
``meeting.meeting_page``) outside MkDocs' page loop.
"""

from __future__ import annotations

from typing import Callable

from ...domain.archive import Archive
from .actions import actions_page
from .browse import archive_pages
from .documents import documents_page
from .guide import guide_page
from .home import home_page
from .lessons import lessons_page
from .people import people_pages
from .printables import printable_pages
from .stats import stats_page
from .units import unit_pages

PageProvider = Callable[[Archive], dict[str, str]]

PROVIDERS: list[PageProvider] = [
    home_page, archive_pages, actions_page, unit_pages, people_pages, lessons_page, guide_page,
    printable_pages, documents_page, stats_page,
]


def build_pages(archive: Archive) -> dict[str, str]:
    out: dict[str, str] = {}
    for provider in PROVIDERS:
        out.update(provider(archive))
    return out
