"""Loading many dossiers: both cores for large archives, and a cache keyed on file content.

Loading a file is a pure function of its bytes and its path, so results are cached per process by
(path, size, mtime) — ``make serve`` reloads only what changed — and a large first load is spread over
worker processes.
"""

from __future__ import annotations

import dataclasses
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .loader import Dossier, load_file

PARALLEL_THRESHOLD = 400  # below this, starting workers costs more than it saves

_cache: dict[Path, tuple[tuple[int, int], Dossier]] = {}


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def _load_chunk(paths: list[Path]) -> list[Dossier]:
    return [load_file(p) for p in paths]


def _fresh_copy(d: Dossier) -> Dossier:
    """Rules add diagnostics to a dossier; a cached one must start again from the loader's own."""
    return dataclasses.replace(d, diagnostics=list(d.diagnostics))


def load_files(paths: list[Path]) -> list[Dossier]:
    result: dict[Path, Dossier] = {}
    todo: list[Path] = []
    stamps: dict[Path, tuple[int, int] | None] = {}
    for p in paths:
        stamp = _stamp(p)
        stamps[p] = stamp
        hit = _cache.get(p)
        if stamp is not None and hit is not None and hit[0] == stamp:
            result[p] = _fresh_copy(hit[1])
        else:
            todo.append(p)
    workers = min(os.cpu_count() or 1, 8)
    if len(todo) >= PARALLEL_THRESHOLD and workers > 1:
        chunks = [todo[i::workers * 4] for i in range(workers * 4)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for chunk_result in pool.map(_load_chunk, chunks):
                for d in chunk_result:
                    result[d.path] = d
    else:
        for p in todo:
            result[p] = load_file(p)
    for p in todo:
        d = result[p]
        if stamps[p] is not None:
            _cache[p] = (stamps[p], _fresh_copy(d))  # type: ignore[index]
    return [result[p] for p in paths]
