"""What a build keeps for the next build of the same audience, while no dossier's front matter changed:
the listing pages' Markdown, the exports, and the store keys of the meeting pages (a meeting whose
minutes are unchanged then has its pages copied from the store without its Markdown being made).

No page but a meeting's own (with its printables and search record) reads a meeting's minutes, and no
export does: ``tests/test_preview.py`` and ``tests/test_reuse.py`` check this on the pages and files
themselves. So what the front matter of every dossier, the settings, the as-of date and this program
decide (``front_key``) decides the listing pages and the exports whole. A build whose key is the last
build's takes them from ``.cache/meeting-archive/front/<audience>/`` instead of making them again: after
an edit of the minutes, or a build with nothing changed. Any change of a front matter makes everything
again. The folder holds what the site holds (it is in the private cache folder); the leak guard reads the
site's files whichever way they were made.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from pathlib import Path
from typing import Callable

from ..check.cache import files_stamp, program_version

PAGES = "pages.pickle"
PAGE_KEYS = "page-keys.pickle"
EXPORTS = "exports"
MANIFEST = "exports.json"


def front_key(dossiers: list, archive) -> str:
    """Everything the pages are made of but the minutes: each dossier's place, name and front matter as
    read, whether it loaded without errors, the files it names (by size and time), the settings, the
    as-of date and the audience, and the errors a preview shows."""
    h = hashlib.blake2b(digest_size=20)
    h.update(program_version().encode())
    h.update(repr([archive.settings, archive.as_of, archive.audience, archive.problems]).encode("utf-8", "surrogatepass"))
    for d in sorted(dossiers, key=lambda d: str(d.path)):
        h.update(f"\0{d.path}\0{d.id}\0{d.ok}\0{d.has_errors}\0".encode("utf-8", "surrogatepass"))
        h.update(d.fm_text.encode("utf-8", "surrogatepass"))
        h.update(files_stamp(d.deps))
    return h.hexdigest()


class Kept:
    """The last build's listing pages and exports, when made under the same ``front`` key (``folder``:
    None keeps nothing)."""

    def __init__(self, folder: Path | None, front: str) -> None:
        self.folder, self.front = folder, front
        self.pages_reused = self.exports_reused = False

    def _same(self, path: Path) -> dict | None:
        try:
            with path.open("rb") as fh:
                kept = pickle.load(fh) if path.suffix == ".pickle" else json.load(fh)
        except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None
        return kept if isinstance(kept, dict) and kept.get("front") == self.front else None

    def pages(self, build: Callable[[], dict[str, str]]) -> dict[str, str]:
        """The listing pages' Markdown: the last build's when its key is this one, else ``build()``, kept."""
        if self.folder is None:
            return build()
        kept = self._same(self.folder / PAGES)
        if kept is not None and isinstance(kept.get("pages"), dict):
            self.pages_reused = True
            return kept["pages"]
        pages = build()
        self._write(PAGES, {"front": self.front, "pages": pages})
        return pages

    def page_keys(self) -> tuple[str, dict] | None:
        """The last build's meeting page keys, with the epoch they were made under (``render.KnownPages``)."""
        kept = self._same(self.folder / PAGE_KEYS) if self.folder is not None else None
        if kept is None or not isinstance(kept.get("keys"), dict):
            return None
        return kept.get("epoch", ""), kept["keys"]

    def keep_page_keys(self, epoch: str, keys: dict) -> None:
        if self.folder is not None:
            self._write(PAGE_KEYS, {"front": self.front, "epoch": epoch, "keys": keys})

    def exports_into(self, site_dir: str) -> bool:
        """Copy the last build's exports into the site, when its key is this one; whether they were."""
        if self.folder is None:
            return False
        kept = self._same(self.folder / MANIFEST)
        if kept is None or not isinstance(kept.get("files"), list):
            return False
        source = self.folder / EXPORTS
        try:
            for rel in kept["files"]:
                target = Path(site_dir, rel)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source / rel, target)
        except OSError:
            return False  # a file gone from the cache: the exports are made again
        self.exports_reused = True
        return True

    def keep_exports(self, site_dir: str, files: list[str]) -> None:
        """Keep the exports this build wrote (``files``: their paths in the site) for the next build."""
        if self.folder is None or self.exports_reused:
            return
        target = self.folder / EXPORTS
        try:
            (self.folder / MANIFEST).unlink(missing_ok=True)
            shutil.rmtree(target, ignore_errors=True)
            for rel in files:
                (target / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(site_dir, rel), target / rel)
        except OSError:
            return  # only a slower next build
        self._write(MANIFEST, json.dumps({"front": self.front, "files": sorted(files)}, ensure_ascii=False).encode())

    def _write(self, name: str, data: bytes | dict) -> None:
        """Write a file of the folder whole or not at all; a dict is pickled straight into it (the pages
        of a large archive are some hundred MB: never held twice)."""
        assert self.folder is not None
        tmp = self.folder / f".{name}.{os.getpid()}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tmp.open("wb") as fh:
                if isinstance(data, dict):
                    pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
                else:
                    fh.write(data)
            os.replace(tmp, self.folder / name)
        except OSError:
            tmp.unlink(missing_ok=True)
