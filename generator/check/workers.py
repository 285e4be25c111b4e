"""Loading and checking many dossiers: a cache keyed on file content, and both cores for what is new.

Loading a file and the rules that look at one dossier alone (``rules.check_static``) are a pure function
of the file and the settings. Their results are kept per file (``generator/cache.py``): on disk beside
``mkdocs.yml`` across runs, and in this process by (path, size, mtime) for ``make serve``. What is not
in either runs in worker processes for a large first load. The rules that depend on the as-of date run
every time, from the facts kept; the rules across dossiers run afterwards, in ``archive.validate``.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import rules
from .cache import CachedDossier, CheckCache, Entry, deps_unchanged, digest, write_shard
from ..core import gc_pause
from ..core.settings import Settings
from ..source.loader import MAX_FILE_BYTES, Dossier, load_file

PARALLEL_THRESHOLD = 400  # files to load; below this, starting workers costs more than it saves

_memory: dict[Path, tuple[tuple, Entry]] = {}  # this process: (size, mtime, cache key) → entry


def _read(path: Path) -> bytes | None:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None  # load_file reports it without reading it
        return path.read_bytes()
    except OSError:
        return None


def make_entry(path: Path, settings: Settings) -> Entry | Dossier:
    """Load one file and run its own rules; a Dossier (not cached) when the file could not be read."""
    raw = _read(path)
    d = load_file(path, raw)
    if raw is None:
        return d
    facts = None
    if d.ok:
        rules.check_static(d, settings)
        facts = rules.dated_facts(d)
    return Entry.of(d, digest(raw), facts)


def _chunk(args: tuple[list[Path], Settings, Path | None]) -> list[tuple[Path, Entry | Dossier]]:
    """A worker's share: its entries, their pickles written to a shard of the cache when there is one."""
    paths, settings, shards = args
    with gc_pause.paused():
        out = [(p, make_entry(p, settings)) for p in paths]
    if shards is not None:
        write_shard(shards, [e for _, e in out if isinstance(e, Entry)])
    return out


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def load_files(paths: list[Path], settings: Settings) -> list[Dossier]:
    disk = CheckCache(settings.cache_dir, settings)
    found: dict[Path, Entry | Dossier] = {}
    todo: list[Path] = []
    stamps: dict[Path, tuple | None] = {}
    for p in paths:
        stamp = _stamp(p)
        stamps[p] = None if stamp is None else (stamp, disk.key)
        hit = _memory.get(p)
        if stamps[p] is not None and hit is not None and hit[0] == stamps[p] and deps_unchanged(hit[1]):
            found[p] = hit[1]
            continue
        if not disk.has(p):
            todo.append(p)  # nothing kept for it: the worker reads it
            continue
        raw = _read(p)
        entry = disk.get(p, digest(raw)) if raw is not None else None
        if entry is not None:
            found[p] = entry
        else:
            todo.append(p)
    workers = min(os.cpu_count() or 1, 8)
    if len(todo) >= PARALLEL_THRESHOLD and workers > 1:
        n = workers * 4
        with ProcessPoolExecutor(max_workers=workers) as pool:
            shards = disk.file.parent if disk.file is not None else None
            for chunk in pool.map(_chunk, [(todo[i::n], settings, shards) for i in range(n)]):
                found.update(chunk)
    else:
        found.update((p, make_entry(p, settings)) for p in todo)
    out: list[Dossier] = []
    fresh = set(todo)  # a set: looking each path up in the list made a cold check quadratic
    for p in paths:
        got = found[p]
        if isinstance(got, Dossier):  # unreadable: reported, never cached
            out.append(got)
            continue
        if p in fresh:
            disk.put(p, got)
        if stamps[p] is not None:
            _memory[p] = (stamps[p], got)  # type: ignore[assignment]
        d = CachedDossier(p, got)
        if got.facts is not None:
            rules.check_dated(d, got.facts, settings)
        out.append(d)
    disk.save()
    return out
