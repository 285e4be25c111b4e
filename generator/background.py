"""The exports of a large archive, made in a second process while MkDocs renders the pages.

The Excel workbook and the calendar are pure Python and take seconds at a few thousand meetings; the
page rendering that runs at the same time uses one core. So for a large archive the file providers
run in a worker process (``spawn``: nothing of the parent's threads is inherited), which writes the
files straight into the site folder; the plugin waits for it before the search index is built. A small
archive is exported in-process, where starting a worker would cost more than it saves.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from .archive import Archive

BACKGROUND_THRESHOLD = 200  # visible meetings


def write_files(files: dict[str, str | bytes], site_dir: str) -> None:
    root = Path(site_dir)
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        target.write_bytes(data)


def _export(archive: Archive, site_dir: str) -> None:
    from .build import build_files  # noqa: PLC0415

    write_files(build_files(archive), site_dir)


class Exports:
    """Started when the pages are handed to MkDocs, finished before the search index is built."""

    def __init__(self, archive: Archive, site_dir: str) -> None:
        self.archive, self.site_dir = archive, site_dir
        self.pool: ProcessPoolExecutor | None = None
        self.future: Future | None = None
        if len(archive.visible) >= BACKGROUND_THRESHOLD:
            self.pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            self.future = self.pool.submit(_export, archive, site_dir)

    def finish(self) -> None:
        if self.future is None:
            _export(self.archive, self.site_dir)
            return
        try:
            self.future.result()
        finally:
            assert self.pool is not None
            self.pool.shutdown()
