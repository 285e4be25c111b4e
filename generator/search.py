"""Full-text search: Pagefind indexes the built site, offline, after MkDocs has written it.

Pagefind (PyPI ``pagefind[extended]``; its binary ships in the wheel, nothing is downloaded) reads the
HTML of ``site_dir`` and writes ``site_dir/pagefind/``: the index split into small fragments that a
reader's browser fetches only for the words it searches, plus Pagefind's own UI scripts. The extended
binary segments Chinese text into words, so a two-character word in the middle of a sentence is found.

Only elements marked ``data-pagefind-body`` are indexed: the meeting pages wrap their whole content in
one (``templates/meeting.md.j2``), so every other page (lists, ledger, guide) stays out of the index and
a search answers with meetings. Within a meeting page, the tables that repeat what is said elsewhere or
only count (preparation, checklist, attendance figures) are ``data-pagefind-ignore``: at 3,000
meetings that made the index about a quarter faster to build. Pages of meetings above the build's audience do not exist, so their
words cannot be in the index either.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

BUNDLE_DIR = "pagefind"


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


@dataclass(frozen=True)
class IndexSummary:
    pages: int
    words: int
    bundle_bytes: int  # the whole pagefind/ folder (index, fragments, UI scripts)


def _require_extended() -> None:
    try:
        import pagefind_bin_extended  # noqa: F401, PLC0415
    except ImportError:
        raise SearchIndexError(
            "缺少 Pagefind 扩展版（中文分词）；请运行 .venv/bin/pip install -e . 安装 pagefind[extended] "
            "(pagefind[extended] is missing: Chinese word segmentation needs it)"
        ) from None


def index_site(site_dir: Path | str, timeout: float = 600,
               started: Callable[[subprocess.Popen], None] | None = None, output: Path | None = None) -> IndexSummary:
    """Index the built site in ``site_dir`` into ``site_dir/pagefind/`` (or ``output``); returns what was
    indexed. ``started`` is handed the Pagefind process (a live preview stops it when a build starts)."""
    site = Path(site_dir).resolve()
    _require_extended()
    # Only meeting pages carry data-pagefind-body: the other pages (some large) are not even read.
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--glob", "meetings/**/*.html"]
    command += ["--output-path", str(output)] if output is not None else ["--output-subdir", BUNDLE_DIR]
    try:
        # cwd is the site: Pagefind would read a pagefind.yml from the working folder, and the site has none.
        process = subprocess.Popen(command, cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True, encoding="utf-8", errors="replace")
    except OSError as exc:
        raise SearchIndexError(f"全文检索索引未能生成 (Pagefind failed to run): {exc}") from None
    if started is not None:
        started(process)
    try:
        log, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        process.kill()
        process.communicate()
        raise SearchIndexError(f"全文检索索引未能生成 (Pagefind failed to run): {exc}") from None
    log = log or ""
    if process.returncode != 0:
        raise SearchIndexError(f"全文检索索引未能生成 (Pagefind exited with {process.returncode}):\n{log.strip()}")
    bundle = output if output is not None else site / BUNDLE_DIR
    return IndexSummary(
        pages=_count(log, "page"),
        words=_count(log, "word"),
        bundle_bytes=sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file()),
    )


def _count(output: str, what: str) -> int:
    match = re.search(rf"Indexed (\d+) {what}s?\b", output)
    return int(match.group(1)) if match else 0
