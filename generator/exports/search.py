"""Full-text search: Pagefind indexes the built site, offline, after MkDocs has written it.

Pagefind (PyPI ``pagefind[extended]``; its binary ships in the wheel, nothing is downloaded) reads the
HTML of ``site_dir`` and writes ``site_dir/pagefind/``: the index split into small fragments that a
reader's browser fetches only for the words it searches, plus Pagefind's own UI scripts. The extended
binary segments Chinese text into words, so a two-character word in the middle of a sentence is found.

Only elements marked ``data-pagefind-body`` are indexed: the meeting pages wrap their whole content in
one (``templates/meeting.md.j2``), so every other page (lists, ledger, guide) stays out of the index and
a search answers with meetings. Pages of meetings above the build's audience do not exist, so their
words cannot be in the index either. Within a meeting page, the tables that repeat what is said
elsewhere or only count (preparation, checklist, attendance figures) are ``data-pagefind-ignore``: at
3,000 meetings that made the index about a quarter faster to build.

Pagefind keeps a whole index in memory while it builds it (about 0.4 MB per meeting page: 1.1 GB at
3,000 pages, 4 GB at 10,000). With ``search_shard_pages: N`` in the plugin's settings, the archive is
indexed in parts of at most N pages, whole years each, newest first, one Pagefind run at a time: the
newest part is the main bundle ``pagefind/``, the others ``pagefind/shard-<n>/``, listed in
``pagefind/shards.json``; the browser merges them (``overrides/assets/javascripts/search.js``,
Pagefind's ``mergeIndex``). The price: each part ranks its own results, so a title match in one part
can come after body matches of another. So it is off unless a machine's memory needs it.
"""

from __future__ import annotations

import fcntl
import gzip
import json
import re
import shutil
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

BUNDLE_DIR = "pagefind"


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


@dataclass(frozen=True)
class IndexSummary:
    pages: int
    words: int
    bundle_bytes: int  # the whole pagefind/ folder (index, fragments, UI scripts)
    indexes: int = 1  # the main bundle and the shards merged into it in the browser


def _require_extended() -> None:
    try:
        import pagefind_bin_extended  # noqa: F401, PLC0415
    except ImportError:
        raise SearchIndexError(
            "缺少 Pagefind 扩展版（中文分词）；请运行 .venv/bin/pip install -e . 安装 pagefind[extended] "
            "(pagefind[extended] is missing: Chinese word segmentation needs it)"
        ) from None


SHARD_PAGES: int | None = None  # meeting pages per part of the index (None: one index); see the docstring
SHARDS_FILE = "shards.json"  # in the main bundle: the other bundles' folders, for the browser to merge


def plan_shards(site: Path, shard_pages: int) -> list[list[str]]:
    """Years of meetings grouped into indexes of at most ``shard_pages`` pages (a larger year is one
    index of its own), the newest first: the first group is the main bundle."""
    counts = []
    meetings = site / "meetings"
    for year in sorted((p for p in meetings.iterdir() if p.is_dir()), reverse=True) if meetings.is_dir() else []:
        n = sum(1 for page in year.iterdir() if (page / "index.html").is_file())
        if n:
            counts.append((year.name, n))
    shards: list[list[str]] = []
    size = 0
    for year, n in counts:
        if not shards or size + n > shard_pages:
            shards.append([])
            size = 0
        shards[-1].append(year)
        size += n
    return shards


def index_site(source: Path | str, timeout: float = 600, started: Callable[[subprocess.Popen], None] | None = None,
               output: Path | None = None, shard_pages: int | None = None, reuse: Path | None = None) -> IndexSummary:
    """Index the search records in ``source`` (``site.pages.search``: one per meeting page, at the page's
    address, written beside the site by ``mkdocs.render``) into ``output``, the site's ``pagefind/``
    (default ``source/pagefind/``); returns what was indexed. ``started`` is handed each Pagefind
    process (a live preview stops it when a build starts). ``reuse``: a folder kept between builds of one
    audience (see ``_reused``).

    However it was made, the bundle ends up holding exactly the files of this index: the main index,
    the parts this run made (``shard-<n>/``) and ``shards.json`` naming them, nothing else."""
    site = Path(source).resolve()
    _require_extended()
    bundle = output if output is not None else site / BUNDLE_DIR
    size = shard_pages or SHARD_PAGES
    shards = (plan_shards(site, size) if size else []) or [["*"]]
    pages = words = 0
    made: list[Path] = []
    with _kept(reuse) as kept_root:
        if bundle.exists():
            shutil.rmtree(bundle)
        for i in range(len(shards)):
            part = "main" if i == 0 else f"shard-{i}"
            target = bundle if i == 0 else bundle / part
            # Only meeting pages carry data-pagefind-body: the other pages (some large) are not even read.
            years = shards[i][0] if len(shards[i]) == 1 else "{" + ",".join(shards[i]) + "}"
            command = [sys.executable, "-m", "pagefind", "--site", str(site), "--glob", f"meetings/{years}/**/*.html"]
            if kept_root is None:
                log = _run(command + ["--output-path", str(target)], site, timeout, started)
            else:
                log = _reused(command, kept_root / part, target, site, timeout, started)
            made.append(target)
            pages += _count(log, "page")
            words += _count(log, "word")
        if kept_root is not None:  # parts of an earlier build in more parts, and anything else: gone
            wanted = {"main", ".lock"} | {f"shard-{i}" for i in range(1, len(shards))}
            for old in kept_root.iterdir():
                if old.name not in wanted:
                    shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink()
    (bundle / SHARDS_FILE).write_text(json.dumps([f"shard-{i}/" for i in range(1, len(shards))]), encoding="utf-8")
    return IndexSummary(
        pages=pages,
        words=words,
        bundle_bytes=sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file()),
        indexes=len(shards),
    )


HASHED_DIRS = ("fragment", "index", "filter")  # Pagefind's folders of files named by their content


@contextmanager
def _kept(reuse: Path | None) -> Iterator[Path | None]:
    """The folder of kept indexes of one audience, locked for this build (another build of the same
    audience waits): two Pagefind runs must not write into one kept index at once."""
    if reuse is None:
        yield None
        return
    reuse.mkdir(parents=True, exist_ok=True)
    with open(reuse / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield reuse
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _reused(command: list[str], kept: Path, target: Path, site: Path, timeout: float,
            started: Callable[[subprocess.Popen], None] | None) -> str:
    """Pagefind into ``kept``, a folder left by the previous build of the same audience, then exactly the
    files of the new index copied to ``target``.

    Pagefind does not write again a file that is already there, and the names of its index files are
    hashes of their content: a meeting page that did not change costs no compressing and writing, which
    is half of Pagefind's time. Before the run, everything in ``kept`` that is not such a file is removed
    (Pagefind's scripts and entry file, which it writes anew each time; any folder of its own); after
    it, every index file the new index does not name (in its ``pf_meta``) is removed, and what is left
    is copied. So a page changed, deleted or now withheld can never come back from ``kept``. When the
    index cannot be read that way, ``kept`` is dropped and the index made from scratch.
    """
    if kept.is_dir():
        for path in kept.iterdir():
            if path.is_dir():
                if path.name not in HASHED_DIRS:
                    shutil.rmtree(path)
            elif not path.name.endswith(".pf_meta"):
                path.unlink()
    log = _run(command + ["--output-path", str(kept)], site, timeout, started)
    wanted = _index_files(kept)
    if wanted is None:
        shutil.rmtree(kept, ignore_errors=True)
        return _run(command + ["--output-path", str(target)], site, timeout, started)
    for sub in HASHED_DIRS:
        for path in (kept / sub).iterdir() if (kept / sub).is_dir() else []:
            if path.is_dir():
                shutil.rmtree(path)
            elif path.name.split(".")[0] not in wanted.names:
                path.unlink()
    for path in kept.glob("*.pf_meta"):
        if path.name not in wanted.metas:
            path.unlink()
    # Copied, not linked: Pagefind rewrites some files in place, and a published release must not change.
    target.mkdir(parents=True, exist_ok=True)
    for path in kept.rglob("*"):
        if path.is_file():
            dest = target / path.relative_to(kept)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
    return log


@dataclass(frozen=True)
class _IndexFiles:
    metas: set[str]  # pagefind.<hash>.pf_meta of each language
    names: set[str]  # <lang>_<hash> of each fragment and index chunk


def _index_files(bundle: Path) -> _IndexFiles | None:
    """The files Pagefind's index in ``bundle`` uses, or None when that cannot be told for sure."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        metas, names = set(), set()
        for lang, info in entry["languages"].items():
            meta = f"pagefind.{info['hash']}.pf_meta"
            raw = gzip.decompress((bundle / meta).read_bytes())
            found = {m.decode() for m in re.findall(re.escape(lang.encode()) + rb"_[0-9a-f]{7,}", raw)}
            fragments = [n for n in found if (bundle / "fragment" / f"{n}.pf_fragment").is_file()]
            if len(fragments) != int(info["page_count"]):
                return None
            metas.add(meta)
            names |= found
        return _IndexFiles(metas, names)
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None


def _run(command: list[str], site: Path, timeout: float, started: Callable[[subprocess.Popen], None] | None) -> str:
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
    return log


def _count(output: str, what: str) -> int:
    match = re.search(rf"Indexed (\d+) {what}s?\b", output)
    return int(match.group(1)) if match else 0
