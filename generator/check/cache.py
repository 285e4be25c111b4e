"""The check cache: what each dossier file gave, kept on disk and keyed by the file's content.

Loading a file and the rules that look at that dossier alone are a pure function of the file's bytes, of
the files it names (attachments, linked files), of the settings (kinds, units, attachment limit) and of
this program. So ``check`` and ``make site`` keep, per file, in ``.cache/meeting-archive/`` beside
``mkdocs.yml``:

- the content hash of the file, and for each file it names where that resolves, whether it is a file
  and its size (what the rules look at);
- the diagnostics of those rules, the few facts the date-dependent rules read (``rules.DatedFacts``),
  and the action ids the rules across dossiers read;
- the front matter (as the plain data it was validated from: pickling the model took three times as
  long, and reading it back as long as validating the data again) and body, pickled, read only when
  something reads them (``CachedDossier``).
  The worker processes of a large first run write these pickles themselves, into shard files beside the
  index (``blobs-….bin``), and send back only where each one lies: the parent then neither receives nor
  writes again a hundred megabytes at 10,000 dossiers, and a later ``check``, which never reads them,
  loads an index of a few megabytes. A shard no entry names is removed by the next save (an hour after
  it was written, so that another run's shards are left alone until its index is saved).

A run reads each file, hashes it and uses the entry when everything above matches; any change to the
program's own source starts an empty cache. The rules that depend on the as-of date run every time,
from the kept facts. Nothing here ever writes into the dossiers folder.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, BinaryIO, Callable

from ..core.settings import Settings
from ..source.loader import Dossier
from ..source.model import front_matter
from .rules import DatedFacts

FILE_NAME = "check.pickle"
SHARD_PREFIX, SHARD_SUFFIX = "blobs-", ".bin"
ORPHAN_AGE_S = 3600  # a shard no index names is removed once it is this old


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


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> bool:
    """Write ``path`` in the (private) cache folder through a temporary file swapped in whole; False
    when it could not be written (a read-only project: then only a slower next run)."""
    tmp = None
    try:
        private_dir(path.parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
        return True
    except OSError:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        return False


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
    blob: bytes | None  # pickle of (the front matter's data, fm_text, body); None when it lies in a shard:
    spot: tuple[str, int, int] | None = None  # (shard file, offset, length)

    def full(self) -> tuple[Any, str, str]:
        """(fm, fm_text, body), unpickled once per process (a live preview reads them every build).
        Raises ShardGone when its shard has gone (another run removed it)."""
        got = self.__dict__.get("_full")
        if got is None:
            blob = self.blob if self.blob is not None else _shard_read(self.spot)  # type: ignore[arg-type]
            data, fm_text, body = pickle.loads(blob)
            # The data validated when the file was loaded: it gives the same model again.
            fm = None if data is None else front_matter(data)
            got = self.__dict__["_full"] = (fm, fm_text, body)
        return got

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_full"}

    @classmethod
    def of(cls, d: Dossier, raw_digest: bytes, facts: DatedFacts | None) -> "Entry":
        return cls(
            raw_digest, dep_signature(d.deps), d.id, d.folder, d.is_folder_dossier, d.body_line, d.ok,
            list(d.diagnostics), list(d.deps), facts, d.action_ids(), d.carried_refs(),
            pickle.dumps((d.data if d.fm is not None else None, d.fm_text, d.body), protocol=pickle.HIGHEST_PROTOCOL),
        )


class ShardGone(Exception):
    """The shard holding an entry's pickle is no longer there, or not whole."""


# The shards this process has opened, by path, kept open: reading one pickle reads only its bytes, and
# (where the system allows it) a shard another run removes stays readable here.
_shards: dict[str, BinaryIO] = {}
_shard_lock = threading.Lock()  # one reader at a time moves a file's position


def _shard(path: str) -> BinaryIO:
    got = _shards.get(path)
    if got is None:
        try:
            got = _shards[path] = open(path, "rb")  # noqa: SIM115 - kept open for this process
        except OSError as exc:
            raise ShardGone(path) from exc
    return got


def close_shards() -> None:
    """Close every shard this process opened (what it read of them stays read)."""
    with _shard_lock:
        for fh in _shards.values():
            fh.close()
        _shards.clear()


def _shard_read(spot: tuple[str, int, int]) -> bytes:
    path, offset, length = spot
    with _shard_lock:
        fh = _shard(path)
        try:
            fh.seek(offset)
            data = fh.read(length)
        except (OSError, ValueError) as exc:
            raise ShardGone(path) from exc
    if len(data) != length:
        raise ShardGone(path)
    return data


def write_shard(folder: Path, entries: list["Entry"]) -> None:
    """Move the pickles of ``entries`` (a worker's) into one new shard in ``folder`` and note where each
    lies. When the shard cannot be written (a read-only project), the pickles stay in the entries."""
    blobs = [e for e in entries if e.blob is not None]
    if not blobs:
        return
    path = folder / f"{SHARD_PREFIX}{uuid.uuid4().hex}{SHARD_SUFFIX}"
    spots = []

    def write(fh: BinaryIO) -> None:
        offset = 0
        for e in blobs:
            fh.write(e.blob)  # type: ignore[arg-type]
            spots.append((str(path), offset, len(e.blob)))  # type: ignore[arg-type]
            offset += len(e.blob)  # type: ignore[arg-type]

    if not write_atomically(path, write):
        return
    for e, spot in zip(blobs, spots):
        e.blob, e.spot = None, spot


class CachedDossier(Dossier):
    """A dossier made from a cache entry: the front matter and body are unpickled on first use."""

    def __init__(self, path: Path, entry: Entry) -> None:  # noqa: D107 - no dataclass __init__ here
        self.id, self.path, self.folder = entry.id, path, entry.folder
        self.is_folder_dossier, self.body_line = entry.is_folder_dossier, entry.body_line
        self._source = None
        self.diagnostics = list(entry.diagnostics)
        self.deps = list(entry.dep_paths)
        self._entry = entry

    def _full(self) -> tuple[Any, str, str]:
        try:
            return self._entry.full()
        except ShardGone:
            # Another run removed the shard after this one read the index: read the file again, which
            # must still be what the entry was made from.
            from ..source.loader import load_file  # noqa: PLC0415

            raw = self.path.read_bytes()
            if digest(raw) != self._entry.digest:
                raise RuntimeError(
                    f"{self.path}: 档案在检查之后又被修改，请重新运行 / the file changed during this run; run it again"
                ) from None
            d = load_file(self.path, raw)
            got = self._entry.__dict__["_full"] = (d.fm, d.fm_text, d.body)
            return got

    # Read once each, then plain attributes (cached_property): pages read them many times.
    @cached_property
    def fm(self):  # type: ignore[override]  # noqa: ANN201
        return self._full()[0]

    @cached_property
    def fm_text(self) -> str:  # type: ignore[override]
        return self._full()[1]

    @cached_property
    def body(self) -> str:  # type: ignore[override]
        return self._full()[2]

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
                    self.entries = _whole(stored["entries"])
                    _read[str(self.file)] = (_stamp(self.file), self.key, self.entries)
            except Exception:  # noqa: BLE001 - a damaged or foreign cache is only a slower run
                self.entries = {}

    def has(self, path: Path) -> bool:
        return str(path) in self.entries

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
        self.entries = {k: v for k, v in _whole(self.entries).items() if os.path.exists(k)}  # files gone: dropped
        stored = {"key": self.key, "entries": self.entries}
        if not write_atomically(self.file, lambda fh: pickle.dump(stored, fh, protocol=pickle.HIGHEST_PROTOCOL)):
            return  # a read-only project is checked all the same, only without a cache
        _read[str(self.file)] = (_stamp(self.file), self.key, dict(self.entries))
        self._remove_orphans()

    def _remove_orphans(self) -> None:
        """Remove the shards the saved index does not name and that are old enough to be no other run's."""
        named = {e.spot[0] for e in self.entries.values() if e.spot is not None}
        now = time.time()
        try:
            found = list(os.scandir(self.file.parent))  # type: ignore[union-attr]
        except OSError:
            return
        for f in found:
            if not (f.name.startswith(SHARD_PREFIX) and f.name.endswith(SHARD_SUFFIX)) or f.path in named:
                continue
            try:
                if now - f.stat().st_mtime >= ORPHAN_AGE_S:
                    os.unlink(f.path)  # refused on Windows while a preview has it open: the next save
            except OSError:
                pass


def _whole(entries: dict[str, Entry]) -> dict[str, Entry]:
    """The entries whose pickle is still there (another run may have removed a shard): each shard is
    opened once here, so that this process can read it later whatever another run does then."""
    out = {}
    for k, e in entries.items():
        if e.spot is not None:
            try:
                _shard(e.spot[0])
            except ShardGone:
                continue
        out[k] = e
    return out
