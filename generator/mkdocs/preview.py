"""``make serve``: what a save costs, kept small by keeping what the last build of the preview made.

MkDocs builds a preview anew on every save: it empties the site folder, renders every page through the
theme, and the plugin writes every meeting page again. At a few thousand meetings that is most of a
minute for one changed sentence. MkDocs makes a new plugin for each of those builds, so what carries
over lives here, in the serving process (``STATE``), and only while serving:

- **the files of the last build stay** (``set_aside`` before MkDocs empties the site, ``restore``
  after): a meeting page, search record, attachment or page whose key is the one the last build wrote
  is left as it is (``keep``); what no build makes any more is removed (``finish``); the theme's own
  files, the exports and the search index are made anew;
- **a page whose Markdown did not change is not rendered again** (``Pages``): MkDocs is not handed it
  and its file stays. A page's key holds its address and Markdown, and what else the theme writes into
  every page (the configuration, the navigation, the theme overrides, this program);
- **the pages are made again only when the front matter changed** (``front_key``): no page but a
  meeting's own (and its printables and search record) reads a meeting's minutes, so while a clerk
  writes the minutes the listing pages and every other meeting page are what the last build made.
  ``tests/test_preview.py`` checks that claim against the pages themselves;
- **the leak guard reads only what was written** (``verified``), as long as what it looks for is the same
  as for the last build: a kept file was read by the last guard, looking for the same things.

A build of the site (``mkdocs build``) never goes through this module.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import jinja2
import jinja2.bccache

from . import render
from .reuse import front_key  # noqa: F401 - the key a preview reuses its pages by
from ..check import leakguard
from ..check.cache import files_stamp, program_version
from ..core import tree



@dataclass
class Pages:
    """The theme's HTML of the pages MkDocs rendered in the last build: src_uri → (key, html)."""

    html: dict[str, tuple[str, str]] = field(default_factory=dict)

    def get(self, src_uri: str, key: str) -> str | None:
        found = self.html.get(src_uri)
        return found[1] if found is not None and found[0] == key else None


@dataclass
class State:
    pages: Pages = field(default_factory=Pages)
    written: dict[str, str] = field(default_factory=dict)  # site-relative path → key of what the last build left in it
    now: dict[str, str] = field(default_factory=dict)  # the same, for the build under way
    untouched: set[str] = field(default_factory=set)  # files this build left as the last one wrote them
    verified: set[str] = field(default_factory=set)  # files the last leak guard read (and found clean)
    guard_marks: str = ""  # a digest of what that guard looked for
    gather: leakguard.GatherMemo = field(default_factory=leakguard.GatherMemo)  # what the guard looks for
    kept_dir: str | None = None  # where the site waits while MkDocs empties its folder
    front: str = ""  # front_key of the last build
    listing: dict[str, str] | None = None  # the Markdown of the pages build_pages made for it
    sources: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (id, kind) → (minutes, key)
    sources_epoch: str = ""  # front_key and the shells the keys of ``sources`` were made with
    plan: tuple | None = None  # (the pages, their configuration and navigation keys, plan()) of the last build


STATE = State()


class _Bytecode(jinja2.BytecodeCache):
    """The theme's templates, compiled once per preview: MkDocs makes the theme's Jinja environment anew
    for every build (Jinja checks each template's source against what it compiled)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


BYTECODE = _Bytecode()


def reset() -> None:
    """A new preview (or a test): nothing carries over."""
    global STATE  # noqa: PLW0603
    if STATE.kept_dir:
        shutil.rmtree(STATE.kept_dir, ignore_errors=True)
    STATE = State()


def _kept_dir(site_dir: str) -> str:
    return os.path.abspath(site_dir).rstrip(os.sep) + ".kept"


def set_aside(site_dir: str) -> None:
    """Before MkDocs empties the site: move what it holds beside it (a rename for each entry)."""
    kept = _kept_dir(site_dir)
    shutil.rmtree(kept, ignore_errors=True)
    entries = os.listdir(site_dir) if os.path.isdir(site_dir) else []
    if entries:
        os.makedirs(kept)
        for name in entries:
            os.replace(os.path.join(site_dir, name), os.path.join(kept, name))
    STATE.kept_dir = kept if entries else None


def restore(site_dir: str) -> None:
    """After MkDocs emptied the site: what it held back in, but only the files this module knows the
    last build left as they are (``written``); the theme's files, the exports and the rest are made anew."""
    kept = STATE.kept_dir
    STATE.kept_dir = None
    STATE.now, STATE.untouched = {}, set()
    if kept is None:
        STATE.written.clear()
        return
    seen: set[str] = set()
    written = STATE.written
    for rel in tree.walk(kept)[0]:
        if rel in written:
            seen.add(rel)
        else:
            os.unlink(os.path.join(kept, rel))
    for name in os.listdir(kept):
        os.replace(os.path.join(kept, name), os.path.join(site_dir, name))
    shutil.rmtree(kept, ignore_errors=True)
    STATE.written = {rel: key for rel, key in written.items() if rel in seen}


def keep(rel: str, key: str) -> bool:
    """This build makes ``rel`` from what ``key`` names: True when the file already holds it (then it is
    left as it is), False when it must be written (it is then no longer the last build's)."""
    STATE.now[rel] = key
    if STATE.written.get(rel) == key:
        STATE.untouched.add(rel)
        return True
    STATE.written.pop(rel, None)
    return False


def keep_file(rel: str, path: str) -> bool:
    """``keep`` for a file copied into the site as it is (an attachment), by its size and time."""
    return keep(rel, "file:" + files_stamp([path]).decode("utf-8", "surrogatepass"))


def finish(site_dir: str) -> None:
    """The end of a build: remove what the last build wrote and this one did not make."""
    for rel in set(STATE.written) - set(STATE.now):
        path = os.path.join(site_dir, *rel.split("/"))
        try:
            os.unlink(path)
            os.removedirs(os.path.dirname(path))  # its folder, when nothing else is in it
        except OSError:
            pass
    STATE.written, STATE.now = STATE.now, {}


class Writer(render.Writer):
    """Writes a build's meeting pages and records, each only when the file does not already hold it."""

    def holds(self, rel: str, key: str) -> bool:
        return STATE.written.get(rel) == key

    def write(self, rel: str, key: str, data: bytes) -> None:
        if not keep(rel, key):
            super().write(rel, key, data)


class Sources(render.KnownPages):
    """The keys of the meeting pages of the last build of this preview (``render.KnownPages``)."""

    def __init__(self, epoch: str) -> None:
        super().__init__(epoch, (STATE.sources_epoch, STATE.sources))

    def finish(self) -> None:
        STATE.sources, STATE.sources_epoch = self.now, self.epoch


def config_key(config, theme_dirs: list[str]) -> str:
    """What the theme writes into every page besides its own Markdown: mkdocs.yml, the settings the
    plugin hands the theme, the theme's overrides, this program."""
    h = hashlib.blake2b(digest_size=20)
    h.update(program_version().encode())
    h.update(f"{config.theme.name}:{_versions()}".encode())
    if config.config_file_path and os.path.isfile(config.config_file_path):
        h.update(Path(config.config_file_path).read_bytes())
    h.update(json.dumps([config.site_url, config.extra, config.nav], sort_keys=True, default=str).encode())
    for folder in theme_dirs:  # the overrides (an installed theme changes only with its version, in the config)
        for dirpath, _, filenames in sorted(os.walk(folder)):
            for name in sorted(filenames):
                st = os.stat(os.path.join(dirpath, name))
                h.update(f"{dirpath}/{name}:{st.st_mtime_ns}:{st.st_size}\n".encode())
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    out = []
    for name in ("mkdocs", "mkdocs-material", "markdown", "jinja2"):
        try:
            out.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            out.append(f"{name}=-")
    return ",".join(out)


def plan(pages: dict[str, str], config_key: str, nav_key: str, file_of, kept) -> dict[str, tuple[str, str, str]]:
    """For each page that may be kept (``kept(src_uri)``): its key, the file it is written to and its
    address (``file_of(src_uri)``: MkDocs' File of the page). The same pages as the last build (only minutes
    changed), in the same configuration and navigation, have the same plan: it is not made again."""
    if STATE.plan is not None and STATE.plan[0] is pages and STATE.plan[1] == (config_key, nav_key):
        return STATE.plan[2]
    out = {}
    for src_uri, content in pages.items():
        if kept(src_uri):
            page_file = file_of(src_uri)
            out[src_uri] = (page_key(config_key, nav_key, src_uri, content), page_file.dest_uri, page_file.url)
    STATE.plan = (pages, (config_key, nav_key), out)
    return out


def page_key(config_key: str, nav_key: str, src_uri: str, content: str) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in (config_key, nav_key, src_uri, content):
        h.update(part.encode("utf-8", errors="surrogatepass") + b"\0")
    return h.hexdigest()


def marks_key(marks) -> str:
    """A digest of what a leak guard looks for (leakguard.Withheld)."""
    h = hashlib.blake2b(digest_size=20)
    for needle in sorted(marks.needles):
        h.update(needle.encode("utf-8", errors="surrogatepass") + b"\0")
    for size in sorted(marks.files):
        h.update(f"{size}:".encode() + b"".join(sorted(marks.files[size])))
    return h.hexdigest()


def listing_pages(front: str, build: Callable[[], dict[str, str]]) -> dict[str, str]:
    """The Markdown of the site's pages (``build()``), or the last build's while the front matter of every
    dossier is unchanged (``front``, from ``front_key``): no page but a meeting's own reads the minutes."""
    if STATE.listing is not None and STATE.front == front:
        return STATE.listing
    STATE.front, STATE.listing = front, build()
    return STATE.listing


@dataclass
class Sorted:
    """A preview's pages, sorted by what this build does with each."""

    render: dict[str, str] = field(default_factory=dict)  # src_uri → Markdown: handed to MkDocs
    keys: dict[str, str] = field(default_factory=dict)  # src_uri → key, of the pages handed to MkDocs outside the nav
    reused: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # src_uri → (key, HTML, address) kept
    rewrite: dict[str, str] = field(default_factory=dict)  # file in the site → HTML kept, whose file is gone


def sort_pages(pages: dict[str, str], config, listed: Callable[[str], bool], file_of) -> Sorted:
    """Which pages MkDocs renders in this preview build: those in the nav (the nav is on every page), and
    those whose key changed since the last build. A page outside the nav with the same key keeps the theme's
    HTML of the last build, and its file stays (or is written again when gone). ``file_of(src_uri)``: MkDocs'
    File of a page; ``listed(src_uri)``: the page is in the nav."""
    custom = getattr(config.theme, "custom_dir", None)
    conf = config_key(config, [custom] if custom else [])
    nav = page_key(conf, "", "nav", "\0".join(f"{s}\0{c}" for s, c in pages.items() if listed(s)))
    planned = plan(pages, conf, nav, file_of, lambda src: not listed(src))
    out = Sorted()
    for src_uri, content in pages.items():
        if src_uri in planned:
            key, dest_uri, url = planned[src_uri]
            html = STATE.pages.get(src_uri, key)
            kept = keep(dest_uri, "page:" + key)  # rendered below, or kept as the last build made it
            if html is not None:
                out.reused[src_uri] = (key, html, url)
                if not kept:
                    out.rewrite[dest_uri] = html
                continue
            out.keys[src_uri] = key
        out.render[src_uri] = content
    return out
