"""一个文件夹只放一份档案（index.md）和它的附件：文件夹形式的档案里若还有别的档案（以 --- 开头的 Markdown
文件），它们不会被读到，是错误（年份文件夹里不要放 index.md）。"""

from __future__ import annotations

import os
from pathlib import Path

ID = "folder-crowded"
SEVERITY = "error"
WHEN = "archive"


def markdown_beside(d) -> list[str]:
    """Dossiers inside a folder dossier's folder (Markdown files that open with front matter, other than
    its index.md): dossiers it would swallow unseen (a year folder's index.md swallows the whole year)."""
    folder = Path(d.folder)
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(n for n in dirnames if not n.startswith((".", "_")))
        for name in sorted(filenames):
            if name.lower().endswith((".md", ".markdown")) and not (Path(dirpath) == folder and name == "index.md"):
                if _opens_with_front_matter(Path(dirpath, name)):
                    found.append(Path(dirpath, name).relative_to(folder).as_posix())
    return found


def _opens_with_front_matter(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError:
        return False
    return head.removeprefix(b"\xef\xbb\xbf").startswith(b"---")


def check(dossiers, universe, emitter) -> None:
    for d in dossiers:
        if d.is_folder_dossier:
            crowded = markdown_beside(d)
            if crowded:
                names = crowded if len(crowded) <= 3 else crowded[:3] + ["…"]
                # The swallowed files were never read: nobody knows their classification ("?").
                emitter(d).add(1, 1, "folder_dossier_crowded", refs=("?",), names=names)
