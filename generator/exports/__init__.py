"""The archive's exports, one module each; every provider takes the Archive and returns {site path: str |
bytes}. Each is one task for the build's workers (``mkdocs.render.RenderPool``): the slowest first."""

from __future__ import annotations

from typing import Callable

from ..domain.archive import Archive
from .feed import feed_export
from .ics import ics_export
from .tables import build_exports
from .xlsx import xlsx_export

FileProvider = Callable[[Archive], dict[str, "str | bytes"]]

PROVIDERS: list[FileProvider] = [xlsx_export, ics_export, build_exports, feed_export]


def build_files(archive: Archive) -> dict[str, str | bytes]:
    out: dict[str, str | bytes] = {}
    for provider in PROVIDERS:
        out.update(provider(archive))
    return out
