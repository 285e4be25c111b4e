"""附件和正文链接的文件不能与另一份档案的文件是同一个文件（硬链接、符号链接，或另一份档案本身）：每份档案只带自己的附件。"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

from ...core.messages import Q

ID = "shared-file"
SEVERITY = "error"
WHEN = "archive"


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


def _owners(universe) -> dict[tuple[int, int], set[str]]:
    """The file identity (device, inode) of every dossier source and every file a dossier names, and
    whose it is: two names for one file (a hard link, a symlink) are the same file here."""
    owners: dict[tuple[int, int], set[str]] = defaultdict(set)
    for same in universe.values():
        for d in same:
            for path in [str(d.path), *d.deps]:
                ident = _identity(path)
                if ident is not None:
                    owners[ident].add(str(d.path))
    return owners


def _named_where(d, dep: str) -> tuple | None:
    for i, doc in enumerate(d.fm.documents):
        if doc.file and os.path.normpath(str(Path(d.folder) / doc.file.replace("\\", "/"))) == os.path.normpath(dep):
            return ("documents", i, "file")
    return None


def check(dossiers, universe, emitter) -> None:
    owners = _owners(universe)
    for d in dossiers:
        if not d.ok:
            continue
        for dep in d.deps:
            ident = _identity(dep)
            if ident is None or not (owners.get(ident, set()) - {str(d.path)}):
                continue
            where = _named_where(d, dep)
            if where is not None:
                emitter(d).report(where, "file_other_dossier", value=Q(d.fm.documents[where[1]].file))
            else:
                emitter(d).add(d.body_line, 1, "body_link_other_dossier", value=Q(Path(dep).name))
