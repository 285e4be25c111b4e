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
import subprocess
import sys
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from .. import exports
from .render import RenderPool, export, write_files
from .reuse import Kept
from ..check import leakguard, run as checking
from ..check.withheld import hidden
from ..core.settings import Settings
from ..domain.archive import Archive
from ..exports import search


BACKGROUND_THRESHOLD = 200  # visible meetings

log = logging.getLogger("mkdocs.plugins.generator.background")


def _export_pickled(payload: bytes, site_dir: str) -> list[str]:
    return export(pickle.loads(payload), site_dir)


class Exports:
    """Started when the pages are handed to MkDocs, finished before the search index is built. ``kept``:
    the last build's exports, copied instead when no front matter changed since (mkdocs/reuse.py)."""

    def __init__(self, archive: Archive, site_dir: str, pool: RenderPool | None = None,
                 kept: Kept | None = None) -> None:
        self.archive, self.site_dir, self.kept = archive, site_dir, kept
        self.executor: ProcessPoolExecutor | None = None
        self.future: Future | None = None
        self.tasks: list = []
        self.in_pool = pool is not None
        self.done = kept is not None and kept.exports_into(site_dir)
        if self.done:
            return
        if pool is not None:
            self.tasks = pool.export()  # waited for with the pool's other work
        elif len(archive.visible) >= BACKGROUND_THRESHOLD:
            self.executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            # Pickled here, before the pages are made: the executor would pickle it in a thread of its own
            # while the build goes on filling the archive's caches.
            payload = pickle.dumps(archive, protocol=pickle.HIGHEST_PROTOCOL)
            self.future = self.executor.submit(_export_pickled, payload, site_dir)

    def finish(self) -> None:
        """Wait for the exports (in a large build, after the pool's workers finished) and keep them."""
        if self.done:
            return
        if self.in_pool:
            files = [rel for task in self.tasks for rel in task.get()]
        elif self.future is None:
            files = export(self.archive, self.site_dir)
        else:
            try:
                files = self.future.result()
            finally:
                assert self.executor is not None
                self.executor.shutdown()
        if self.kept is not None:
            self.kept.keep_exports(self.site_dir, files)


class PreviewExtras:
    """``make serve``: the exports and the search index of a preview are made after the build, in a
    process of its own, so the browser reloads as soon as the pages are written and the next save is
    not slowed by them; exports and search follow some seconds later. The process reads the dossiers
    again (through the check's cache, so in a second or two) rather than being handed the archive, which
    would cost the preview the time to pickle it. It makes everything in a folder of its own, checks it
    with the leak guard, and moves it into the site when complete, so a new build never waits for it: it
    stops the process (``cancel``) and its folder is removed."""

    def __init__(self, settings: Settings, problems: list[str], site_dir: str, config_texts: str) -> None:
        self.site_dir = site_dir
        self.tmp = tempfile.mkdtemp(prefix="huiwu-preview-")
        # A new interpreter (the server's threads make forking unsafe), handed its work on stdin; run as a
        # module, so that nothing of the program that started the preview is run again in it. In a session
        # of its own: Ctrl-C in the terminal stops the preview, which ends this process (on_shutdown →
        # cancel); sent to it as well, it would print a traceback on the clerk's terminal.
        self.process = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                        start_new_session=True)
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(pickle.dumps((settings, problems, site_dir, self.tmp, config_texts)))
            self.process.stdin.close()
        except OSError:  # it ended at once (its error is on the terminal)
            pass

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the exports and index (tests); True when they were made and moved in."""
        try:
            return self.process.wait(timeout) == 0
        except subprocess.TimeoutExpired:
            return False

    def cancel(self) -> None:
        """Stop at once: the process is ended, and what it had made is removed."""
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)


def _make_extras(settings: Settings, problems: list[str], site_dir: str, tmp: str, config_texts: str) -> None:
    if hasattr(os, "nice"):
        os.nice(10)  # the preview's next build comes first
    try:
        result = checking.check(settings, whole=True)
        archive = Archive(result.dossiers, settings, problems)
        for provider in exports.PROVIDERS:
            write_files(provider(archive), tmp)
        if archive.visible:  # the index, beside the records the pages wrote
            search.build_index(site_dir, len(archive.visible), output=Path(tmp) / search.BUNDLE_DIR)
        withheld = [d for d in result.dossiers if hidden(d, settings.audience)]
        marks = leakguard.gather(withheld, archive.visible, [config_texts, *leakguard.site_texts()])
        leakguard.check(tmp, marks)  # what the guard refuses never reaches the preview
        for item in Path(tmp).iterdir():  # each folder whole: nothing of an earlier one stays
            target = Path(site_dir) / item.name
            if item.name == search.BUNDLE_DIR:  # the index, into the folder of the records
                target.mkdir(exist_ok=True)
                for part in item.iterdir():
                    _replace(part, target / part.name)
                continue
            _replace(item, target)
    except Exception as exc:  # noqa: BLE001 - a preview's extras never stop the preview
        log.warning(f"预览的导出文件或全文检索未能生成 (preview exports or search index failed): {exc}")
        raise SystemExit(1) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _replace(item: Path, target: Path) -> None:
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    os.replace(item, target)


if __name__ == "__main__":  # PreviewExtras: its work on stdin
    logging.basicConfig(format="WARNING -  %(message)s")
    _make_extras(*pickle.loads(sys.stdin.buffer.read()))
