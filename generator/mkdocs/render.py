"""Meeting pages, rendered outside MkDocs' page loop and written straight into the site.

An archive holds thousands of meeting pages and a hundred or so other pages. MkDocs renders pages one
at a time, each through the theme's whole template, and keeps every page in memory. Yet every meeting
page has the same frame: the same depth in the site (``meetings/<YYYY>/<id>/``), the same navigation and
header; only the title, the table of contents and the content differ. So:

1. the plugin adds one *shell* page (``SHELL_SRC``) whose title, table of contents and content are
   markers; MkDocs renders it through the theme like any page, and the plugin keeps that HTML instead
   of writing it (``Shell``);
2. each meeting's Markdown (``pages.meeting_page``) becomes HTML with the same Markdown extensions as
   every page, the minutes are cleaned (``sanitize.clean``), and the result is filled into the shell
   (``Renderer``); the table of contents is written as Material's ``partials/toc-item.html`` writes it
   (``toc_html``; ``tests/test_meeting_render.py`` renders the partial itself and compares). It is not
   rendered through the partial because the partial writes each heading's name as HTML, unescaped, and
   the names come from the minutes before they are cleaned: here each goes through the sanitiser as text.
   (The cost is the same, about 0.25 ms a page either way, so nothing is saved or lost by it);
3. for a large archive, worker processes forked from the build (``RenderPool``) do step 2 while MkDocs
   renders the other pages, each writing its pages into ``site_dir``.

Every rendered page is kept, keyed by the shell and the page's Markdown (``PageStore``): in the process
for ``make serve``, so a save re-renders only the meetings whose page changed, and on disk between
builds, so a build after a few edits renders only those.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import re
import secrets
from dataclasses import dataclass
from html import escape as html_escape
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import NamedTuple, Any, Callable

import markdown
from markupsafe import Markup

from . import htmlstash
from .. import exports
from ..core import html as sanitize
from ..domain.archive import Archive
from ..check.cache import program_version
from ..source.loader import Dossier
from ..domain.addresses import meeting_url, minutes_url, printable_url
from ..site.pages import PROVIDERS as PAGE_PROVIDERS
from ..site.pages.meeting import meeting_page
from ..site.pages.printables import has_minutes_page, has_report_page, minutes_page, report_page
from ..site.pages.search import search_record
from ..exports.search import BUNDLE_DIR as SEARCH_DIR, RECORDS as SEARCH_RECORDS
from ..site.render import TEMPLATES

_RECORD_TEMPLATE = TEMPLATES / "search_record.html.j2"

@dataclass(frozen=True)
class ShellSpec:
    """A frame the theme renders once, for pages written outside MkDocs' loop: at the same depth in the
    site as the pages filled into it (their relative links are the shell's)."""

    kind: str  # "meeting": meetings/<YYYY>/<id>/; "printable": a paper of a meeting, …/<id>/<which>/
    src: str
    url: str
    toc: bool  # a table of contents (the meeting page) or none (a printable: no sidebars, no footer)


SHELLS = (
    ShellSpec("meeting", "meetings/0000/ma-shell/index.md", "meetings/0000/ma-shell/", toc=True),
    ShellSpec("printable", "meetings/0000/ma-shell/paper/index.md", "meetings/0000/ma-shell/paper/", toc=False),
)
SHELL_SRC = SHELLS[0].src


@dataclass(frozen=True)
class MeetingPage:
    """A page each meeting may have, written outside MkDocs' loop into one of the shells."""

    shell: str  # the ShellSpec kind it is filled into
    has: Callable[[Dossier], bool]
    url: Callable[[Dossier], str]
    source: Callable[[Archive, Dossier, str], str]  # its Markdown (archive, dossier, the minutes' marker)
    title: str  # "{}": the meeting's title
    minutes: bool = True  # it shows the minutes (between the markers); else nothing on it is the clerk's HTML


PAGES: dict[str, MeetingPage] = {
    "meeting": MeetingPage("meeting", lambda d: True, meeting_url, meeting_page, "{}"),
    "minutes": MeetingPage("printable", has_minutes_page, minutes_url, minutes_page, "{} · 会议纪要"),
    "report": MeetingPage("printable", has_report_page, lambda d: printable_url(d, "report"), report_page,
                          "{} · 督办情况通报", minutes=False),
}
SHELL_URL = SHELLS[0].url
_TITLE = "MASHELLTITLEq7"
_TOC = "MASHELLTOCq7"
_TOC_ID = _TOC.lower()
_BODY = "MASHELLBODYq7"

PARALLEL_THRESHOLD = 300  # visible meetings; below this, forking workers costs more than it saves
CHUNK = 40  # meetings per task handed to a worker


class ShellError(RuntimeError):
    """The theme's page did not keep the markers where they were expected (a theme update?)."""


def shell_markdown(spec: ShellSpec = SHELLS[0]) -> str:
    if spec.toc:
        # The <h1> stops Material from adding its own.
        return f"---\ntitle: {_TITLE}\n---\n\n## {_TOC}\n\n<h1>{_BODY}</h1>\n"
    # A printable: no sidebars or footer (as the other printables), and not in the search index.
    return (f"---\ntitle: {_TITLE}\nhide:\n  - navigation\n  - toc\n  - footer\nsearch:\n  exclude: true\n---\n\n"
            f"<h1>{_BODY}</h1>\n")


class Shell:
    """The theme's HTML of a shell page, cut at the markers, ready to be filled for each page."""

    def __init__(self, html: str, spec: ShellSpec | str = SHELLS[0]) -> None:
        if isinstance(spec, str):  # a shell's address (tests of the meeting shell)
            spec = ShellSpec("meeting", "", spec, toc=True)
        self.spec = spec
        shell_url = spec.url
        toc = re.compile(r'<li class="md-nav__item">\s*<a href="#' + _TOC_ID + r'"[^>]*>.*?</li>', re.DOTALL)
        if spec.toc:
            # (the heading may hold a permalink: toc's permalink setting)
            content = re.compile(r'<h2 id="' + _TOC_ID + r'">(?:(?!</h2>).)*' + _TOC + r"(?:(?!</h2>).)*</h2>\s*<h1>"
                                 + _BODY + "</h1>", re.DOTALL)
            slots = (("toc", toc), ("content", content))
        else:
            slots = (("content", re.compile(r"<h1>" + _BODY + "</h1>")),)
        marked = html
        for slot, pattern in slots:
            found = pattern.findall(marked)
            if len(found) != 1:
                raise ShellError(f"会议页面框架中找不到{slot}标记 (the theme's page has no single {slot} marker); "
                                 "Material 的模板可能已更新，请检查 generator/mkdocs/render.py")
            marked = pattern.sub(f"\0{slot}\0", marked)
        marked = marked.replace("#" + _TOC_ID, "\0anchor\0").replace(_TITLE, "\0title\0")
        marked = marked.replace(shell_url, "\0url\0")
        if "MASHELL" in marked:
            raise ShellError("会议页面框架中仍有未替换的标记 (a marker is left in the theme's page); "
                             "Material 的模板可能已更新，请检查 generator/mkdocs/render.py")
        self.parts = marked.split("\0")  # text, slot, text, slot, …, text
        self.key = hashlib.blake2b(html.encode("utf-8"), digest_size=16).hexdigest()

    def fill(self, *, title: str, content: str, url: str, toc: str = "", anchor: str = "#") -> str:
        return fill_parts(self.parts, {"toc": toc, "content": content, "anchor": anchor, "title": title, "url": url})


def fill_parts(parts: list[str], values: dict[str, str]) -> str:
    """A shell cut at its markers (text, slot, text, …, text) with each slot's value put in."""
    out = [parts[0]]
    for i in range(1, len(parts), 2):
        out.append(values[parts[i]])
        out.append(parts[i + 1])
    return "".join(out)


def toc_html(tokens: list[dict[str, Any]]) -> str:
    """The items of Material's table of contents (``partials/toc.html`` and ``toc-item.html``)."""
    if tokens and tokens[0]["level"] == 1:  # the page title is not listed
        tokens = tokens[0]["children"]
    return _items(tokens)


def _items(tokens: list[dict[str, Any]]) -> str:
    """The names and ids come from the minutes' headings: each name goes through the sanitiser as text,
    each id is escaped, so nothing a heading holds can become markup here."""
    out: list[str] = []
    for t in tokens:
        name = sanitize.text(t["name"])
        out.append(f'<li class="md-nav__item"><a href="#{sanitize.attribute(t["id"])}" class="md-nav__link">'
                   f'<span class="md-ellipsis">\n{name}\n</span></a>')
        if t["children"]:
            label = sanitize.attribute(Markup(name).striptags())
            out.append(f'<nav class="md-nav" aria-label="{label}"><ul class="md-nav__list">'
                       f'{_items(t["children"])}</ul></nav>')
        out.append("</li>")
    return "".join(out)


def _strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[end + 5:]
    return text


def clean_minutes(html: str, marker: str, has_body: bool, deeper: bool = False) -> str:
    """Clean the minutes (between the markers) with the allow-list; the rest of the page is made by
    templates that escape every value. Where the markers are not found once each and in order (a body
    whose open code block swallowed one), the whole page is cleaned instead. ``deeper``: the page is a
    folder below the meeting's (its printable minutes), so the minutes' relative links, written from the
    meeting's folder, get a ``../``."""
    return split_minutes(html, marker, has_body, deeper)[0]


def split_minutes(html: str, marker: str, has_body: bool, deeper: bool = False) -> tuple[str, str | None]:
    """``clean_minutes``, and the cleaned minutes alone (None where the markers were not found)."""
    start, end = f"<!--{marker}:start-->", f"<!--{marker}:end-->"
    if not has_body:
        return html, ""
    a, b = html.find(start), html.find(end)
    if a < 0 or b < a or html.count(start) != 1 or html.count(end) != 1:
        return sanitize.clean(html), None
    minutes = sanitize.clean(html[a + len(start):b])
    if deeper:
        minutes = _RELATIVE.sub(lambda m: f'{m.group(1)}="../{m.group(2)}"', minutes)
    return html[:a] + minutes + html[b + len(end):], minutes


# A link or source written relative to the page (the sanitiser writes every attribute in double quotes).
_RELATIVE = re.compile(r'\b(href|src)="(?![#/]|[A-Za-z][A-Za-z0-9+.-]*:)([^"]*)"')


@dataclass(frozen=True)
class Page:
    url: str  # meetings/<YYYY>/<id>/
    html: str
    minutes: str = ""  # the cleaned minutes alone, as the page shows them (for the search record)


def config_key(extensions: list, extension_configs: dict) -> str:
    """What besides its Markdown decides a page's HTML: this program, the extensions and their settings."""
    names = [e if isinstance(e, str) else f"{type(e).__module__}.{type(e).__qualname__}" for e in extensions]
    return program_version() + json.dumps([names, extension_configs], sort_keys=True, default=str)


class Renderer:
    """Renders the pages of each meeting (its page, and once held its printable minutes): Markdown with the
    site's extensions, the minutes cleaned, the shell of the page's kind filled."""

    def __init__(self, archive: Archive, extensions: list, extension_configs: dict,
                 shells: Shell | dict[str, Shell]) -> None:
        self.archive = archive
        self.shells = shells if isinstance(shells, dict) else {"meeting": shells}
        self.shell = self.shells["meeting"]
        self.md = markdown.Markdown(extensions=extensions, extension_configs=extension_configs)
        self.config_key = config_key(extensions, extension_configs)
        # Where the minutes start and end; a clerk cannot know it, so cannot write it.
        self.marker = "ma-minutes-" + secrets.token_hex(8)
        # A record's key starts from its template's (``_record_key``): hashed once, not for every meeting.
        self.record_base = hashlib.blake2b(_RECORD_TEMPLATE.read_bytes(), digest_size=20)

    def kinds(self, d: Dossier) -> list[str]:
        """The pages this meeting has (``PAGES``): its page; once held, its printable minutes; with
        actions, its printable 督办情况通报."""
        return [k for k, p in PAGES.items() if p.shell in self.shells and p.has(d)]

    def source(self, d: Dossier, kind: str = "meeting") -> str:
        return PAGES[kind].source(self.archive, d, self.marker)

    def render(self, d: Dossier, source: str | None = None, kind: str = "meeting") -> Page:
        text = _strip_front_matter(source if source is not None else self.source(d, kind))
        stashed, blocks = htmlstash.stash(text)
        self.md.reset()
        html = htmlstash.unstash(self.md.convert(stashed), blocks)
        page = PAGES[kind]
        shell = self.shells[page.shell]
        html, minutes = split_minutes(html, self.marker, page.minutes and bool(d.body.strip()),
                                      deeper=not shell.spec.toc)
        if minutes is None:  # the markers were lost: the record has the minutes as their text
            minutes = "<p>" + html_escape(d.body) + "</p>"
        title = page.title.format(d.fm.title)  # type: ignore[union-attr]
        url = page.url(d)
        if not shell.spec.toc:
            return Page(url, shell.fill(title=html_escape(title), content=html, url=url), minutes)
        tokens = getattr(self.md, "toc_tokens", [])
        return Page(url, shell.fill(
            title=html_escape(title),
            toc=toc_html(tokens),
            anchor="#" + sanitize.attribute(tokens[0]["id"]) if tokens else "#",
            content=html,
            url=url,
        ), minutes)


# ---------------------------------------------------------------------------------------------------
# Pages kept between builds


class PageStore:
    """Rendered meeting pages, keyed by the theme's shell and the page's Markdown (which holds everything
    the page shows): in this process (``make serve``) and, with a folder, on disk between builds of one
    audience (``.cache/meeting-archive/pages/<audience>/``). A page whose Markdown did not change is
    copied, not rendered again; pages no build asked for are removed at the end (``prune``). Only a
    preview (``remember``) keeps them in memory as well: a build's workers would hold every page they
    made until the end (220 MB at 3,000 meetings) for nothing."""

    def __init__(self, folder: Path | None, remember: bool = False) -> None:
        self.folder = folder
        self.remember = remember or folder is None
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)

    @staticmethod
    def key(renderer: Renderer, source: str, kind: str = "meeting") -> str:
        h = hashlib.blake2b(digest_size=20)
        for part in (renderer.config_key, kind, renderer.shells[PAGES[kind].shell].key, source):
            h.update(part.encode("utf-8") + b"\0")
        return h.hexdigest()

    def get(self, key: str) -> bytes | None:
        data = _memory.get(key)
        if data is None and self.folder is not None:
            try:
                data = (self.folder / f"{key}.html").read_bytes()
            except OSError:
                return None
        return data

    def put(self, key: str, data: bytes) -> None:
        if self.remember:
            _memory[key] = data
        if self.folder is not None:
            tmp = self.folder / f".{key}.{os.getpid()}.tmp"
            try:
                tmp.write_bytes(data)
                os.replace(tmp, self.folder / f"{key}.html")
            except OSError:
                pass  # only a slower next build

    def prune(self, keep: set[str]) -> None:
        for key in set(_memory) - keep:
            del _memory[key]
        if self.folder is not None:
            for path in self.folder.iterdir():
                if path.name.endswith(".html") and path.name[:-5] not in keep:
                    path.unlink(missing_ok=True)


_memory: dict[str, bytes] = {}


RECORD = "-record"  # a store key's ending for a meeting's search record (site/pages/search.py)


def _record_key(renderer: Renderer, page_key: str) -> str:
    # The record is made from the page's data (its key) by its own template, which no page key covers.
    h = renderer.record_base.copy()
    h.update(page_key.encode())
    return h.hexdigest() + RECORD


def render_into(renderer: Renderer, store: PageStore, site_dir: str, d: Dossier,
                record: int | None = None, writer: Writer | None = None, known: Any = None) -> tuple[list[str], int]:
    """Write one meeting's pages into the site, each from the store when its Markdown is unchanged, and
    with ``record`` (the meeting's number in the search index) its search record,
    ``search/p/<record>.json``; returns (their keys, how many pages were rendered anew). ``writer``: what
    writes each file, by its key (a preview skips a file that already holds it: mkdocs.preview).
    ``known``: a preview's keys of pages known to be unchanged (``mkdocs.preview.Sources``), whose
    Markdown is then not made again."""
    writer = writer or Writer(site_dir)
    keys, fresh = [], 0
    for kind in renderer.kinds(d):
        key = known.known(d, kind) if known is not None else None
        rel = PAGES[kind].url(d) + "index.html"
        record_rel = f"{SEARCH_DIR}/{SEARCH_RECORDS}/{record}.json"
        with_record = record is not None and kind == "meeting"
        if key is not None and writer.holds(rel, key) and (
                not with_record or writer.holds(record_rel, _record_key(renderer, key))):
            # a preview: the page is known unchanged and its file holds it; nothing to read or write
            writer.write(rel, key, b"")
            keys.append(key)
            if with_record:
                writer.write(record_rel, _record_key(renderer, key), b"")
                keys.append(_record_key(renderer, key))
            known.made(d, kind, key)
            continue
        data = store.get(key) if key is not None else None
        source = None
        if data is None:
            source = renderer.source(d, kind)
            # The marker is drawn anew for each Renderer: the key leaves it out so that a later build reuses pages.
            key = store.key(renderer, source.replace(renderer.marker, ""), kind)
            data = store.get(key)
        if known is not None:
            known.made(d, kind, key)
        record_key = found = None
        if with_record:
            record_key = _record_key(renderer, key)
            found = store.get(record_key) if data is not None else None
        if data is None or (record_key is not None and found is None):
            page = renderer.render(d, source if source is not None else renderer.source(d, kind), kind)
            data = page.html.encode("utf-8", errors="xmlcharrefreplace")
            store.put(key, data)
            fresh += 1
            if record_key is not None:
                found = search_record(renderer.archive, d, page.minutes).encode("utf-8", errors="replace")
                store.put(record_key, found)
        writer.write(rel, key, data)
        keys.append(key)
        if record_key is not None and found is not None:
            writer.write(record_rel, record_key, found)
            keys.append(record_key)
    return keys, fresh


def minutes_key(d: Dossier) -> str:
    return hashlib.blake2b(d.body.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def pages_epoch(front: str, renderer: Renderer) -> str:
    """What a meeting's pages are made of but its minutes: the front key (``reuse.front_key``), the
    Markdown settings and the shells."""
    return front + renderer.config_key + "".join(sorted(s.key for s in renderer.shells.values()))


class KnownPages:
    """The store keys of an earlier build's meeting pages, given again for a meeting whose minutes did not
    change when nothing else did (``epoch``, from ``pages_epoch``; ``last``: that build's epoch and keys);
    a page's Markdown is then not made to find its key (``render_into``'s ``known``)."""

    def __init__(self, epoch: str, last: tuple[str, dict] | None) -> None:
        self.valid = last is not None and last[0] == epoch
        self.last: dict[tuple[str, str], tuple[str, str]] = last[1] if last is not None and self.valid else {}
        self.epoch = epoch
        self.now: dict[tuple[str, str], tuple[str, str]] = {}
        self._minutes: tuple | None = None

    def minutes(self, d: Dossier) -> str:
        if self._minutes is None or self._minutes[0] is not d:
            self._minutes = (d, minutes_key(d))  # the pages of one meeting are asked for one after another
        return self._minutes[1]

    def known(self, d: Dossier, kind: str) -> str | None:
        if not self.valid:
            return None
        found = self.last.get((d.id, kind))
        return found[1] if found is not None and found[0] == self.minutes(d) else None

    def made(self, d: Dossier, kind: str, key: str) -> None:
        self.now[(d.id, kind)] = (self.minutes(d), key)


class Writer:
    """Writes the files of meeting pages into the site (``rel``: the path in the site, ``key``: the
    store's key of ``data``)."""

    def __init__(self, site_dir: str) -> None:
        self.site_dir = site_dir
        # The folders made so far: on some file systems asking for a folder that exists costs as much as
        # writing the page (a meeting's three pages share one folder).
        self.folders: set[str] = set()

    def holds(self, rel: str, key: str) -> bool:
        """The file ``rel`` holds what ``key`` names already (never known here: a build writes every file)."""
        return False

    def write(self, rel: str, key: str, data: bytes) -> None:
        target = os.path.join(self.site_dir, *rel.split("/"))
        folder = os.path.dirname(target)
        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        with open(target, "wb") as fh:
            fh.write(data)


def pages_of(keys: list[str] | set[str]) -> int:
    """How many of these store keys are pages (not search records)."""
    return sum(1 for k in keys if not k.endswith(RECORD))


class Rendered(NamedTuple):
    """How many meeting pages (a meeting's own and its printables) were rendered anew, of how many written."""

    fresh: int
    total: int


def render_all(renderer: Renderer, site_dir: str, store: PageStore | None = None,
               records: bool = False, writer: Writer | None = None, known: Any = None,
               keep: set[str] | frozenset[str] = frozenset()) -> Rendered:
    """Render and write every visible meeting's pages (and with ``records`` their search records) in
    this process; ``keep``: the store's keys of other pages this build wrote (not pruned)."""
    store = store or PageStore(None)
    writer = writer or Writer(site_dir)
    keys: set[str] = set(keep)
    fresh = total = 0
    for n, d in enumerate(renderer.archive.visible):
        page_keys, new = render_into(renderer, store, site_dir, d, n if records else None, writer, known)
        keys.update(page_keys)
        fresh += new
        total += pages_of(page_keys)
    store.prune(keys)
    return Rendered(fresh, total)


# ---------------------------------------------------------------------------------------------------
# A large build: worker processes forked from the build, so the archive is shared, not copied


_job: dict[str, Any] = {}  # set in the parent before the workers are forked


def shells_of(html: dict[str, str]) -> dict[str, Shell]:
    """The shells the theme rendered, by kind (``html``: their pages' HTML, by kind)."""
    return {spec.kind: Shell(html[spec.kind], spec) for spec in SHELLS if spec.kind in html}


def _render_chunk(indices: list[int], shell_html: dict[str, str]) -> tuple[list[str], int, list]:
    renderer = _job.get("renderer")
    if renderer is None or _job.get("shell_html") != shell_html:  # one Renderer per worker and shell
        renderer = _job["renderer"] = Renderer(_job["archive"], _job["extensions"], _job["configs"],
                                               shells_of(shell_html))
        _job["shell_html"] = shell_html
    store = PageStore(_job["pages"])
    # the keys this build makes are kept for the next whether or not the last build's are still valid
    known = KnownPages(pages_epoch(_job["front"], renderer), _job["known"])
    writer = writer_of(_job)
    visible = renderer.archive.visible
    keys, fresh = [], 0
    for i in indices:
        page_keys, new = render_into(renderer, store, _job["site_dir"], visible[i], i if _job["records"] else None,
                                     writer=writer, known=known)
        keys.extend(page_keys)
        fresh += new
    return keys, fresh, list(known.now.items())


def writer_of(job: dict[str, Any]) -> Writer:
    """A worker's one Writer for this build (it remembers the folders it made)."""
    if "writer" not in job:
        job["writer"] = Writer(job["site_dir"])
    return job["writer"]


def _call(fn: Callable[..., Any], *args: Any) -> Any:
    return fn(*args)


def write_files(files: dict[str, str | bytes], site_dir: str) -> list[str]:
    """Write the files into the site; returns their paths in it."""
    root = Path(site_dir)
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        target.write_bytes(data)
    return list(files)


def export(archive: Archive, site_dir: str, provider: int | None = None) -> list[str]:
    """Write the exports (or only those of one provider of ``exports.PROVIDERS``); returns their paths."""
    return write_files(exports.build_files(archive) if provider is None else exports.PROVIDERS[provider](archive),
                       site_dir)


def _export(provider: int) -> list[str]:
    return export(_job["archive"], _job["site_dir"], provider)


def _pages_of(provider: int) -> dict[str, str]:
    return PAGE_PROVIDERS[provider](_job["archive"])


class RenderPool:
    """Worker processes for a large build: started when the pages are handed to MkDocs (they take the
    exports at once), given the meeting pages when the shell is rendered, waited for before the search
    index is built. Only for ``mkdocs build``: forking is safe there, as the build has no other threads."""

    def __init__(self, archive: Archive, extensions: list, configs: dict, site_dir: str,
                 pages: Path | None = None, workers: int = 2, records: bool = False, front: str = "",
                 known: tuple[str, dict] | None = None) -> None:
        """``front``, ``known``: the front key and the last build's page keys (``KnownPages``)."""
        _job.clear()
        _job.update(archive=archive, extensions=extensions, configs=configs, site_dir=site_dir, pages=pages,
                    records=records, front=front, known=known)
        self.made: dict[tuple[str, str], tuple[str, str]] = {}  # this build's page keys (after finish)
        self.archive = archive
        self.pages = pages
        # What this process holds (the archive) is moved out of the cycle collector's reach before the
        # workers fork, as Python's documentation of gc.freeze advises: no full pass here or in a worker
        # walks it again, and a worker's pass no longer writes into (and so copies) the pages it shares.
        gc.freeze()
        self.pool: Pool | None = multiprocessing.get_context("fork").Pool(workers)
        self.results: list[AsyncResult] = []
        self.meeting_results: list[AsyncResult] = []
        self.page_results: list[AsyncResult] = []  # other pages written by the workers (mkdocs/listing.py)
        self.pages_written = Rendered(0, 0)  # how many of those were rendered anew, of how many (after finish)

    def submit(self, fn: Callable[..., Any], *args: Any) -> AsyncResult:
        assert self.pool is not None
        result = self.pool.apply_async(_call, (fn, *args))
        self.results.append(result)
        return result

    def export(self) -> list[AsyncResult]:
        """The exports (xlsx, ics, json, csv, feed), one task each, written by the workers from the
        archive they share; each task's result is the paths it wrote."""
        return [self.submit(_export, i) for i in range(len(exports.PROVIDERS))]

    def render_meetings(self, shell_html: dict[str, str]) -> None:
        n = len(self.archive.visible)
        for start in range(0, n, CHUNK):
            self.meeting_results.append(
                self.submit(_render_chunk, list(range(start, min(start + CHUNK, n))), shell_html))

    def build_pages(self) -> dict[str, str]:
        """The site's pages (``site.pages.build_pages``), a provider a task, merged in the providers' order:
        the workers make them while this process waits, before they take the exports."""
        assert self.pool is not None
        tasks = [self.pool.apply_async(_call, (_pages_of, i)) for i in range(len(PAGE_PROVIDERS))]
        out: dict[str, str] = {}
        for task in tasks:
            out.update(task.get())
        return out

    def render_pages(self, fn: Callable[..., tuple[list[str], int]], *args: Any) -> None:
        """A task that writes pages into the site and returns (their store keys, how many were rendered
        anew): its keys are kept when the store is pruned."""
        self.page_results.append(self.submit(fn, *args))

    def finish(self, on_chunk: Callable[[int, int], None] | None = None) -> Rendered:
        """Wait for every task; returns how many meeting pages were rendered anew, of how many.
        ``on_chunk(meetings done, meetings)`` is called as the meetings' pages arrive (progress)."""
        try:
            keys: set[str] = set()
            fresh = total = 0
            n = len(self.archive.visible)
            for i, result in enumerate(self.meeting_results):
                chunk_keys, chunk_fresh, made = result.get()
                self.made.update(made)
                if on_chunk is not None:
                    on_chunk(min((i + 1) * CHUNK, n), n)
                keys.update(chunk_keys)
                fresh += chunk_fresh
                total += pages_of(chunk_keys)
            pages = fresh_pages = 0
            for result in self.page_results:
                page_keys, new = result.get()
                keys.update(page_keys)
                pages += len(page_keys)
                fresh_pages += new
            self.pages_written = Rendered(fresh_pages, pages)
            for result in self.results:  # the exports, and anything else handed to the workers
                result.get()
            PageStore(self.pages).prune(keys)
            return Rendered(fresh, total)
        finally:
            self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
            gc.unfreeze()
