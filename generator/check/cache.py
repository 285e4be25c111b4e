"""The check cache: what each dossier file gave, kept on disk and keyed by the file's content.

Loading a file and the rules that look at that dossier alone are a pure function of the file's bytes, of
the files it names (attachments, linked files), of the settings (kinds, units, attachment limit) and of
this program. So ``check`` and ``make site`` keep, per file, in ``.cache/meeting-archive/`` beside
``mkdocs.yml``:

- the content hash of the file, and for each file it names where that resolves, whether it is a file
  and its size (what the rules look at);
- the diagnostics of those rules, the few facts the date-dependent rules read (``rules.DatedFacts``),
  and the action ids the rules across dossiers read;
- the front matter and body, pickled, unpickled only when something reads them (``CachedDossier``).

A run reads each file, hashes it and uses the entry when everything above matches; any change to the
program's own source starts an empty cache. The rules that depend on the as-of date run every time,
from the kept facts. Nothing here ever writes into the dossiers folder.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from ..core.settings import Settings
from ..source.loader import Dossier
from .rules import DatedFacts

FILE_NAME = "check.pickle"


@lru_cache(maxsize=1)
def program_version() -> str:
    """A hash of this package's source and the templates and texts its pages are made of: a new version
    of the rules never reuses old results, nor a new template the pages made with the old one."""
    h = hashlib.blake2b(digest_size=16)
    package = Path(__file__).parent.parent
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".j2", ".md") and p.is_file()):
        h.update(path.relative_to(package).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def private_dir(folder: Path) -> Path:
    """Create ``folder`` (the cache) readable by its owner only: it holds what the dossiers hold."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        folder.chmod(0o700)
    except OSError:
        pass
    return folder


def digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def fingerprint(settings: Settings) -> tuple:
    return (tuple(settings.kinds), tuple(settings.units), settings.max_attachment_mb, tuple(sorted(settings.levels.items())))


def dep_signature(deps: list[str]) -> tuple:
    out = []
    for dep in deps:
        try:
            real = os.path.realpath(dep)
            st = os.stat(real)
            out.append((dep, real, os.path.isfile(real), st.st_size))
        except OSError:
            out.append((dep, None, False, -1))
    return tuple(out)


def files_stamp(paths: list[str]) -> bytes:
    """Each named file by its time and size (or that it is missing): for keys of what was made from them."""
    out = []
    for path in dict.fromkeys(paths):
        try:
            st = os.stat(path)
            out.append(f"\0{path}:{st.st_mtime_ns}:{st.st_size}")
        except OSError:
            out.append(f"\0{path}:-")
    return "".join(out).encode("utf-8", "surrogatepass")


def deps_unchanged(entry: "Entry") -> bool:
    return not entry.dep_paths or dep_signature(entry.dep_paths) == entry.deps


@dataclass
class Entry:
    """What one file gave: everything but the front matter and body as plain data, those pickled."""

    digest: bytes
    deps: tuple  # dep_signature() at the time
    id: str
    folder: Path
    is_folder_dossier: bool
    body_line: int
    ok: bool
    diagnostics: list  # the loader's and the dossier's own date-independent rules'
    dep_paths: list[str]
    facts: DatedFacts | None
    action_ids: list[str]
    carried: list[tuple[int, str]]
    blob: bytes  # pickle of (fm, fm_text, body)

    def full(self) -> tuple[Any, str, str]:
        """(fm, fm_text, body), unpickled once per process (a live preview reads them every build)."""
        got = self.__dict__.get("_full")
        if got is None:
            got = self.__dict__["_full"] = pickle.loads(self.blob)
        return got

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_full"}

    @classmethod
    def of(cls, d: Dossier, raw_digest: bytes, facts: DatedFacts | None) -> "Entry":
        return cls(
            raw_digest, dep_signature(d.deps), d.id, d.folder, d.is_folder_dossier, d.body_line, d.ok,
            list(d.diagnostics), list(d.deps), facts, d.action_ids(), d.carried_refs(),
            pickle.dumps((d.fm, d.fm_text, d.body), protocol=pickle.HIGHEST_PROTOCOL),
        )


class CachedDossier(Dossier):
    """A dossier made from a cache entry: the front matter and body are unpickled on first use."""

    def __init__(self, path: Path, entry: Entry) -> None:  # noqa: D107 - no dataclass __init__ here
        self.id, self.path, self.folder = entry.id, path, entry.folder
        self.is_folder_dossier, self.body_line = entry.is_folder_dossier, entry.body_line
        self._source = None
        self.diagnostics = list(entry.diagnostics)
        self.deps = list(entry.dep_paths)
        self._entry = entry

    # Read once each, then plain attributes (cached_property): pages read them many times.
    @cached_property
    def fm(self):  # type: ignore[override]  # noqa: ANN201
        return self._entry.full()[0]

    @cached_property
    def fm_text(self) -> str:  # type: ignore[override]
        return self._entry.full()[1]

    @cached_property
    def body(self) -> str:  # type: ignore[override]
        return self._entry.full()[2]

    @property
    def ok(self) -> bool:
        return self._entry.ok

    @property
    def facts(self) -> DatedFacts | None:
        return self._entry.facts

    def action_ids(self) -> list[str]:
        return list(self._entry.action_ids)

    def carried_refs(self) -> list[tuple[int, str]]:
        return list(self._entry.carried)


# The cache as this process last read or wrote it, by file: (its stamp, key, entries). A live preview checks
# on every save; the entries (and the front matter each one unpickled) are then not read from disk again.
_read: dict[str, tuple[tuple[int, int, int], tuple, dict[str, "Entry"]]] = {}


def _stamp(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class CheckCache:
    """The entries of one dossiers folder, read at the start of a run and written back at its end."""

    def __init__(self, directory: Path | None, settings: Settings) -> None:
        self.file = directory / FILE_NAME if directory is not None else None
        self.key = (program_version(), fingerprint(settings))
        self.entries: dict[str, Entry] = {}
        self.dirty = False
        if self.file is not None and self.file.is_file():
            kept = _read.get(str(self.file))
            if kept is not None and kept[0] == _stamp(self.file) and kept[1] == self.key:
                self.entries = dict(kept[2])  # this process read or wrote it, and it is unchanged since
                return
            try:
                with self.file.open("rb") as fh:
                    stored = pickle.load(fh)
                if isinstance(stored, dict) and stored.get("key") == self.key:
                    self.entries = stored["entries"]
                    _read[str(self.file)] = (_stamp(self.file), self.key, self.entries)
            except Exception:  # noqa: BLE001 - a damaged or foreign cache is only a slower run
                self.entries = {}

    def get(self, path: Path, raw_digest: bytes) -> Entry | None:
        entry = self.entries.get(str(path))
        if entry is None or entry.digest != raw_digest or not deps_unchanged(entry):
            return None
        return entry

    def put(self, path: Path, entry: Entry) -> None:
        self.entries[str(path)] = entry
        self.dirty = True

    def save(self) -> None:
        """Write the entries back (atomically) when this run added any; files gone are dropped."""
        if self.file is None or not self.dirty:
            return
        self.entries = {k: v for k, v in self.entries.items() if os.path.exists(k)}
        tmp = None
        try:
            private_dir(self.file.parent)
            fd, tmp = tempfile.mkstemp(dir=self.file.parent, prefix=".check-", suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump({"key": self.key, "entries": self.entries}, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.file)
            _read[str(self.file)] = (_stamp(self.file), self.key, dict(self.entries))
        except OSError:  # a read-only project is checked all the same, only without a cache
            if tmp is not None and os.path.exists(tmp):
                os.unlink(tmp)
