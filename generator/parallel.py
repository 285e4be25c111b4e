"""Loading and checking many dossiers: both cores for large archives, and a cache of what is unchanged.

Loading a file and the rules that look at one dossier alone are a pure function of the file and the
settings, so they run in worker processes for a large first load, and their results are kept per
process by (path, size, mtime, settings) — ``make serve`` re-reads only the dossiers that changed.
The rules across dossiers run afterwards, in ``archive.validate``.
"""

from __future__ import annotations

import dataclasses
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import rules
from .config import Settings
from .loader import Dossier, load_file

PARALLEL_THRESHOLD = 400  # below this, starting workers costs more than it saves

_cache: dict[Path, tuple[tuple, Dossier]] = {}


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def _fingerprint(settings: Settings) -> tuple:
    return (settings.today(), tuple(settings.kinds), tuple(settings.units), settings.max_attachment_mb)


def load_and_check(path: Path, settings: Settings) -> Dossier:
    d = load_file(path)
    if d.ok:
        rules.check_dossier(d, settings)
    d._source = None  # positions are cheap to find again and costly to ship between processes
    return d


def _chunk(args: tuple[list[Path], Settings]) -> list[Dossier]:
    paths, settings = args
    return [load_and_check(p, settings) for p in paths]


def _fresh_copy(d: Dossier) -> Dossier:
    """Archive rules add diagnostics to a dossier; a cached one must start again from its own."""
    return dataclasses.replace(d, diagnostics=list(d.diagnostics))


def load_files(paths: list[Path], settings: Settings) -> list[Dossier]:
    fingerprint = _fingerprint(settings)
    result: dict[Path, Dossier] = {}
    todo: list[Path] = []
    keys: dict[Path, tuple | None] = {}
    for p in paths:
        stamp = _stamp(p)
        keys[p] = None if stamp is None else (stamp, fingerprint)
        hit = _cache.get(p)
        if keys[p] is not None and hit is not None and hit[0] == keys[p]:
            result[p] = _fresh_copy(hit[1])
        else:
            todo.append(p)
    workers = min(os.cpu_count() or 1, 8)
    if len(todo) >= PARALLEL_THRESHOLD and workers > 1:
        n = workers * 4
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for chunk in pool.map(_chunk, [(todo[i::n], settings) for i in range(n)]):
                for d in chunk:
                    result[d.path] = d
    else:
        for p in todo:
            result[p] = load_and_check(p, settings)
    for p in todo:
        if keys[p] is not None:
            _cache[p] = (keys[p], _fresh_copy(result[p]))  # type: ignore[index]
    return [result[p] for p in paths]
