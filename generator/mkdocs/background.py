"""The exports of a large archive, made in a second process while MkDocs renders the pages.

The Excel workbook and the calendar are pure Python and take seconds at a few thousand meetings; the
page rendering that runs at the same time uses one core. So for a large archive the file providers
run in a worker process, which writes the files straight into the site folder; the plugin waits for it
before the search index is built. In ``mkdocs build`` that worker is one of the build's forked workers
(``mkdocs.render.RenderPool``), which share the archive instead of copying it; in ``mkdocs serve``
(whose server threads make forking unsafe) it is a ``spawn`` process. A small archive is exported
in-process, where starting a worker would cost more than it saves.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import shutil
import tempfile
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, Callable

from .. import exports
from .render import RenderPool, export, write_files
from ..domain.archive import Archive


BACKGROUND_THRESHOLD = 200  # visible meetings

log = logging.getLogger("mkdocs.plugins.generator.background")


def _export_pickled(payload: bytes, site_dir: str) -> None:
    export(pickle.loads(payload), site_dir)


class Exports:
    """Started when the pages are handed to MkDocs, finished before the search index is built."""

    def __init__(self, archive: Archive, site_dir: str, pool: RenderPool | None = None) -> None:
        self.archive, self.site_dir = archive, site_dir
        self.executor: ProcessPoolExecutor | None = None
        self.future: Future | None = None
        self.in_pool = pool is not None
        if pool is not None:
            pool.export()  # waited for with the pool's other work
        elif len(archive.visible) >= BACKGROUND_THRESHOLD:
            self.executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            # Pickled here, before the pages are made: the executor would pickle it in a thread of its own
            # while the build goes on filling the archive's caches.
            payload = pickle.dumps(archive, protocol=pickle.HIGHEST_PROTOCOL)
            self.future = self.executor.submit(_export_pickled, payload, site_dir)

    def finish(self) -> None:
        if self.in_pool:
            return
        if self.future is None:
            export(self.archive, self.site_dir)
            return
        try:
            self.future.result()
        finally:
            assert self.executor is not None
            self.executor.shutdown()


class PreviewExtras:
    """``make serve``: the exports and the search index of a preview are made after the build, in a
    thread, so the browser reloads as soon as the pages are written; exports and search follow a few
    seconds later. They are made in a folder of their own and moved into the site when complete, so a
    new build never waits for them: it stops them (``cancel``) and they leave nothing behind."""

    def __init__(self, archive: Archive, site_dir: str, index: Callable[..., Any] | None,
                 guard: Callable[[str], None] | None = None) -> None:
        self.archive, self.site_dir, self.index, self.guard = archive, site_dir, index, guard
        self.cancelled = threading.Event()
        self.thread = threading.Thread(target=self._run, name="preview-extras", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        with tempfile.TemporaryDirectory(prefix="huiwu-preview-") as tmp:
            try:
                for provider in exports.PROVIDERS:
                    if self.cancelled.is_set():
                        return
                    write_files(provider(self.archive), tmp)
                if self.index is not None and not self.cancelled.is_set():
                    self.index(output=Path(tmp) / "search")  # the index beside the records the pages wrote
                if self.guard is not None and not self.cancelled.is_set():
                    self.guard(tmp)  # the leak guard: what it refuses never reaches the preview
                if not self.cancelled.is_set():
                    for item in Path(tmp).iterdir():  # each folder whole: nothing of an earlier one stays
                        target = Path(self.site_dir) / item.name
                        if item.name == "search":  # the index, into the folder of the records
                            target.mkdir(exist_ok=True)
                            for part in item.iterdir():
                                _replace(part, target / part.name)
                            continue
                        _replace(item, target)
            except Exception as exc:  # noqa: BLE001 - a preview's extras never stop the preview
                if not self.cancelled.is_set():
                    log.warning(f"预览的导出文件或全文检索未能生成 (preview exports or search index failed): {exc}")

    def cancel(self) -> None:
        """Stop at once: the thread finishes the export or index it is making, then drops everything."""
        self.cancelled.set()


def _replace(item: Path, target: Path) -> None:
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    os.replace(item, target)
