"""Listing pages (a person's, a unit's, a year's…) filled into a shell the theme renders, as the meeting
pages are (``mkdocs/render.py``).

An archive of 3,000 meetings has about 2,300 listing pages besides its 8,000 meeting pages: a page per
person and per unit, and per year of each. MkDocs renders each through Material's whole template, in the
build's own process, one after the other; that was a third of a cold build. Yet they come in a few
*frames*: pages of one top folder, at one depth, with the same front matter but their title, and with or
without headings below their title (a table of contents) look alike but for their title, table of
contents, content and address. So, in a build (not in a preview, which renders only the pages that
changed):

1. ``plan`` sorts the pages: a frame of at least ``FRAME_MIN`` pages gets a shell page (``Plan.shells``),
   whose title, table of contents and content are markers, rendered by the theme like any page and kept,
   not written (``shell_markdown``, ``ListingShell``);
2. the first page of each frame, its *witness*, stays a page of MkDocs, rendered as every page is; after
   the build, the same page filled into the shell must be its HTML byte for byte (``Filler.verify``), or the
   build stops: a theme, an override or a plugin that makes pages differ by more than these would
   otherwise make the filled pages wrong;
3. every other page of the frame is filled (``Filler``): Markdown with the site's extensions (and the HTML
   blocks kept out of its way, ``htmlstash``), the headings of its table of contents cleaned as every
   page's are (``render.toc_html``), the title escaped as ``plugin.on_page_markdown`` escapes it. A large
   build's workers (``render.RenderPool``) do this while MkDocs renders the rest; each filled page is kept
   by its key (``render.PageStore``), so the next build copies the pages whose Markdown did not change.

The filled pages are not MkDocs pages: the plugin lists them in the sitemap itself.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from html import escape as html_escape
from typing import Any, Callable

import markdown
from mkdocs.utils.meta import get_data

from . import htmlstash
from . import render
from ..core import html as sanitize

FRAME_MIN = 20  # pages of one frame; a smaller frame is left to MkDocs (its shell and witness cost two pages)
CHUNK = 60  # pages per task handed to a worker

_TITLE = "MASHELLTITLEq7"
_TOC, _TOC2 = "MASHELLTOCq7", "MASHELLTOCq8"  # two headings: an entry of the TOC, and what is between two
_BODY = "MASHELLBODYq7"
_TOC_ID, _TOC2_ID, _BODY_ID = _TOC.lower(), _TOC2.lower(), _BODY.lower()
SHELL_DIR = "ma-shell-"  # a shell's folder below its frame's top folder: <top>/ma-shell-<n>/…

# A line that Markdown would make a heading (ATX), a setext underline, and a code fence: a page with either
# of the last two is left to MkDocs, as its headings are not told by its lines alone.
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]|$)")
_SETEXT_OR_FENCE = re.compile(r" {0,3}(?:=+|-+|```|~~~)[ \t]*$|\s{0,3}(?:```|~~~)")


@dataclass(frozen=True)
class Frame:
    top: str  # the page's first folder
    depth: int  # folders from the site's root to the page (owners/<name>/<year>/index.md: 3)
    meta: str  # its front matter but its title, as JSON
    sections: bool  # headings below the page's title: its table of contents has entries


@dataclass(frozen=True)
class Listing:
    """A page filled into its frame's shell rather than rendered by MkDocs."""

    src: str  # its docs path (owners/<name>/index.md)
    dest: str  # its file in the site (owners/<name>/index.html)
    url: str  # its address, as MkDocs writes it (quoted)
    title: str  # its front matter's title
    markdown: str  # its Markdown, front matter included, as the page provider made it
    frame: int  # its frame's number (Plan.shells)


@dataclass
class Plan:
    shells: list[tuple[str, str]] = field(default_factory=list)  # per frame: (its shell's docs path, Markdown)
    witnesses: dict[str, Listing] = field(default_factory=dict)  # rendered by MkDocs as well, and compared
    listings: list[Listing] = field(default_factory=list)  # the pages to fill

    def frame_of_shell(self, src: str) -> int | None:
        for n, (shell_src, _) in enumerate(self.shells):
            if shell_src == src:
                return n
        return None


def frame_of(src: str, text: str) -> tuple[Frame, str] | None:
    """The frame of a page and its title, or None when MkDocs should render it: not a folder's page at
    depth 2 or more, no title of its own, or a body that does not open with the page's one ``# `` heading."""
    if not src.endswith("/index.md") or src.count("/") < 2 or not text.startswith("---"):
        return None
    body, meta = get_data(text)  # as MkDocs reads it
    title = meta.get("title")
    if not isinstance(title, str) or not title:
        return None
    stashed, _ = htmlstash.stash(body)  # the HTML blocks are not Markdown's: no heading is in them
    levels: list[int] = []
    first = True
    for line in stashed.split("\n"):
        if not line.strip():
            continue
        if _SETEXT_OR_FENCE.match(line):
            return None
        m = _HEADING.match(line)
        if first and (m is None or len(m.group(1)) != 1):
            return None  # the first thing on the page is its title heading
        first = False
        if m is not None:
            levels.append(len(m.group(1)))
    if not levels or levels.count(1) != 1 or max(levels) > 2:
        return None  # one title; its sections, if any, one level below it (a flat table of contents)
    rest = {k: v for k, v in meta.items() if k != "title"}
    try:
        meta_json = json.dumps(rest, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):
        return None
    return Frame(src.split("/", 1)[0], src.count("/"), meta_json, len(levels) > 1), title


def plan(pages: dict[str, str], listed: Callable[[str], bool], file_of: Callable[[str], Any],
         frame_min: int | None = None) -> Plan:
    """Which of ``pages`` (docs path → Markdown) are filled into a shell; ``listed``: whether a page is in
    the nav (those stay MkDocs'), ``file_of``: a page's MkDocs file (its address and its file in the site)."""
    frame_min = FRAME_MIN if frame_min is None else frame_min
    groups: dict[Frame, list[tuple[str, str]]] = {}
    for src, text in pages.items():
        if listed(src):
            continue
        found = frame_of(src, text)
        if found is not None:
            groups.setdefault(found[0], []).append((src, found[1]))
    out = Plan()
    folders = {src.rsplit("/", 1)[0] + "/" for src in pages}  # every folder a page of the site is in, at any depth
    taken = {f + "/" for folder in folders for f in _prefixes(folder)}
    number = 0
    for frame, members in groups.items():
        if len(members) < frame_min:
            continue
        n = len(out.shells)
        # the shell's folder: one no page of the site's own is in (a person or unit might be so named)
        while f"{frame.top}/{SHELL_DIR}{number}/" in taken:
            number += 1
        folder = f"{frame.top}/{SHELL_DIR}{number}/"
        number += 1
        shell_src = folder + "ma-shell/" * (frame.depth - 2) + "index.md"
        out.shells.append((shell_src, shell_markdown(frame)))
        for i, (src, title) in enumerate(members):
            f = file_of(src)
            page = Listing(src, f.dest_uri, f.url, title, pages[src], n)
            if i == 0:
                out.witnesses[src] = page
            else:
                out.listings.append(page)
    return out


def _prefixes(folder: str) -> list[str]:
    """``a/b/c/`` → ``a``, ``a/b``, ``a/b/c``."""
    parts = folder.rstrip("/").split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def shell_markdown(frame: Frame) -> str:
    meta = {"title": _TITLE, **json.loads(frame.meta)}
    # JSON is YAML: the front matter reads back as the frame's.
    return (f"---\n{json.dumps(meta, ensure_ascii=False)}\n---\n\n# {_BODY}\n"
            + (f"\n## {_TOC}\n\n## {_TOC2}\n" if frame.sections else ""))


class ListingShell:
    """The theme's HTML of a frame's shell, cut at the markers, ready to be filled for each page. The
    entries of the table of contents are written as the theme wrote the shell's two: each from the first
    (``item``), joined by what the theme put between the two (``between``), so they are its own to the byte."""

    def __init__(self, html: str, url: str) -> None:
        self.sections = f'id="{_TOC_ID}"' in html
        def heading(tag: str, slug: str, text: str) -> str:  # its text, and a permalink if toc writes one
            return rf'<{tag} id="{slug}">(?:(?!</{tag}>).)*{text}(?:(?!</{tag}>).)*</{tag}>'

        content = heading("h1", _BODY_ID, _BODY)
        if self.sections:
            content += r"\s*" + heading("h2", _TOC_ID, _TOC) + r"\s*" + heading("h2", _TOC2_ID, _TOC2)
        slots = [("content", re.compile(content, re.DOTALL))]
        self.item: list[str] = []
        self.between = ""
        if self.sections:
            entries = re.compile(r'(<li class="md-nav__item">\s*<a href="#' + _TOC_ID + r'".*?</li>)(.*?)'
                                 r'(<li class="md-nav__item">\s*<a href="#' + _TOC2_ID + r'".*?</li>)', re.DOTALL)
            found = entries.findall(html)
            if len(found) != 1 or found[0][2] != found[0][0].replace(_TOC_ID, _TOC2_ID).replace(_TOC, _TOC2) \
                    or "<li" in found[0][1]:
                raise render.ShellError("列表页面框架中找不到目录标记 (the theme's page has no single toc marker); "
                                        "Material 的模板可能已更新，请检查 generator/mkdocs/listing.py")
            self.item = re.split(f"(#{_TOC_ID}|{_TOC})", found[0][0])
            self.between = found[0][1]
            slots.insert(0, ("toc", entries))
        marked = html
        for slot, pattern in slots:
            if len(pattern.findall(marked)) != 1:
                raise render.ShellError(f"列表页面框架中找不到{slot}标记 (the theme's page has no single {slot} marker); "
                                        "Material 的模板可能已更新，请检查 generator/mkdocs/listing.py")
            marked = pattern.sub(f"\0{slot}\0", marked)
        marked = marked.replace("#" + _BODY_ID, "\0anchor\0").replace(_TITLE, "\0title\0").replace(url, "\0url\0")
        if "MASHELL" in marked:
            raise render.ShellError("列表页面框架中仍有未替换的标记 (a marker is left in the theme's page); "
                                    "Material 的模板可能已更新，请检查 generator/mkdocs/listing.py")
        self.parts = marked.split("\0")
        self.key = hashlib.blake2b(html.encode("utf-8"), digest_size=16).hexdigest()

    def toc(self, entries: list[tuple[str, str]]) -> str:
        """The table of contents' entries (anchor, name), as the theme writes them."""
        out = []
        for anchor, name in entries:
            out.append("".join(anchor if p == "#" + _TOC_ID else name if p == _TOC else p for p in self.item))
        return self.between.join(out)

    def fill(self, values: dict[str, str]) -> str:
        return render.fill_parts(self.parts, values)


class ShellMismatch(render.ShellError):
    """A page filled into its shell is not what MkDocs made of it."""


class Filler:
    """Fills listing pages into their shells (``shells``: frame → ListingShell)."""

    def __init__(self, extensions: list, extension_configs: dict, shells: dict[int, ListingShell]) -> None:
        self.shells = shells
        self.md = markdown.Markdown(extensions=extensions, extension_configs=extension_configs)
        self.config_key = render.config_key(extensions, extension_configs)

    def key(self, page: Listing) -> str:
        h = hashlib.blake2b(digest_size=20)
        for part in (self.config_key, "listing", self.shells[page.frame].key, page.url, page.markdown):
            h.update(part.encode("utf-8") + b"\0")
        return h.hexdigest()

    def html(self, page: Listing) -> str:
        body, _ = get_data(page.markdown)
        stashed, blocks = htmlstash.stash(body)
        self.md.reset()
        content = htmlstash.unstash(self.md.convert(stashed), blocks)
        tokens = getattr(self.md, "toc_tokens", [])
        shell = self.shells[page.frame]
        if (len(tokens) != 1 or tokens[0]["level"] != 1 or bool(tokens[0]["children"]) != shell.sections
                or any(t["children"] for t in tokens[0]["children"])):
            raise ShellMismatch(f"{page.src}: 页面标题结构与其框架不符 (its headings do not fit its frame)")
        # The names and ids come from headings that may hold dossier text (a unit, a person): each name as
        # text, each id escaped, as plugin.on_page_content has MkDocs' TOC cleaned.
        toc = shell.toc([("#" + sanitize.attribute(t["id"]), sanitize.text(t["name"])) for t in tokens[0]["children"]])
        return shell.fill({"title": html_escape(page.title), "toc": toc,
                           "anchor": "#" + sanitize.attribute(tokens[0]["id"]), "content": content, "url": page.url})

    def write(self, pages: list[Listing], store: render.PageStore, writer: render.Writer) -> tuple[list[str], int]:
        """Write each page into the site, from the store when its Markdown is unchanged; (keys, how many
        were rendered anew)."""
        keys, fresh = [], 0
        for page in pages:
            key = self.key(page)
            data = store.get(key)
            if data is None:
                data = self.html(page).encode("utf-8", errors="xmlcharrefreplace")
                store.put(key, data)
                fresh += 1
            writer.write(page.dest, key, data)
            keys.append(key)
        return keys, fresh

    def verify(self, witness: Listing, expected: str) -> None:
        """The witness filled into its shell is what MkDocs made of it, byte for byte."""
        made = self.html(witness)
        if made != expected:
            at = next((i for i, (a, b) in enumerate(zip(made, expected)) if a != b), min(len(made), len(expected)))
            raise ShellMismatch(
                f"列表页面 {witness.src} 按框架生成的结果与 MkDocs 生成的不同（第 {at} 个字符起："
                f"{expected[max(0, at - 40):at + 40]!r}），网站未生成。主题、overrides 或其他插件使页面之间的差别"
                "超出了标题、目录、正文和地址；请在 mkdocs.yml 的 meeting-archive 设置中写 listing_shells: false "
                "(a listing page filled into its shell differs from MkDocs' own; set listing_shells: false)")


def shells_of(plan_: Plan, html: dict[int, str]) -> dict[int, ListingShell]:
    return {n: ListingShell(html[n], plan_.shells[n][0][: -len("index.md")]) for n in html}


class Build:
    """One build's listing pages, as the plugin hands them along: the plan, and the shells and witnesses
    as the theme rendered them. Every method raises ``render.ShellError`` (a ``ShellMismatch`` among them)
    with the message for the build's log."""

    def __init__(self, plan_: Plan | None = None) -> None:
        self.plan = plan_ or Plan()
        self.filled = {page.src for page in self.plan.listings}  # not handed to MkDocs
        self.shell_html: dict[int, str] = {}
        self.witness_html: dict[str, str] = {}
        self.filler: Filler | None = None

    def rendered(self, src: str, html: str, url: str) -> str | None:
        """MkDocs rendered the page ``src``: a shell is kept and "" returned (MkDocs writes nothing for it);
        a witness is kept to be compared; any other page: None."""
        frame = self.plan.frame_of_shell(src)
        if frame is None:
            if src in self.plan.witnesses:
                self.witness_html[src] = html
            return None
        ListingShell(html, url)  # the markers are where they should be, or the build stops here
        self.shell_html[frame] = html
        return ""

    def ready(self) -> bool:
        """Every shell is rendered: the pages can be filled."""
        return len(self.shell_html) == len(self.plan.shells)

    def tasks(self) -> list[tuple[int, str, str, list[Listing]]]:
        """The workers' tasks, ``fill_chunk``'s arguments each."""
        return [(n, self.shell_html[n], self.plan.shells[n][0][: -len("index.md")], chunk) for n, chunk in chunks(self.plan)]

    def _filler(self, extensions: list, configs: dict) -> Filler:
        """One Filler for the build's own process (the pages it fills, then the witnesses)."""
        if not self.ready():
            raise render.ShellError("列表页面框架未生成 (a listing page shell was not rendered); 请勿使用 --dirty")
        if self.filler is None:
            self.filler = Filler(extensions, configs, shells_of(self.plan, self.shell_html))
        return self.filler

    def write(self, extensions: list, configs: dict, store: render.PageStore,
              writer: render.Writer) -> tuple[list[str], int]:
        """Fill and write the pages in this process (a build without workers): (store keys, rendered anew)."""
        return self._filler(extensions, configs).write(self.plan.listings, store, writer) if self.plan.listings else ([], 0)

    def verify(self, extensions: list, configs: dict) -> None:
        """Each frame's witness, filled into its shell, is what MkDocs made of it."""
        if not self.plan.witnesses:
            return
        filler = self._filler(extensions, configs)
        for src, page in self.plan.witnesses.items():
            if src not in self.witness_html:
                raise render.ShellError(f"列表页面 {src} 未生成 (a witness page was not rendered); 请勿使用 --dirty")
            filler.verify(page, self.witness_html[src])

    def frame_parts(self) -> list[str]:
        """The text every filled page repeats (the leak guard's boilerplate)."""
        return [part for shell in shells_of(self.plan, self.shell_html).values() for part in shell.parts[0::2]]

    def urls(self) -> list[str]:
        """The filled pages' addresses (the sitemap: they are not MkDocs pages)."""
        return [page.url for page in self.plan.listings]

    def shell_srcs(self) -> list[str]:
        return [src for src, _ in self.plan.shells]


def chunks(plan_: Plan) -> list[tuple[int, list[Listing]]]:
    """The pages to fill, a frame's pages at a time, in tasks of ``CHUNK``."""
    by_frame: dict[int, list[Listing]] = {}
    for page in plan_.listings:
        by_frame.setdefault(page.frame, []).append(page)
    return [(n, pages[i:i + CHUNK]) for n, pages in by_frame.items() for i in range(0, len(pages), CHUNK)]


def fill_chunk(frame: int, shell_html: str, shell_url: str, pages: list[Listing]) -> tuple[list[str], int]:
    """A worker's task (``render.RenderPool.render_pages``): fill and write one chunk of a frame's pages."""
    job = render._job
    fillers = job.setdefault("listing_fillers", {})
    filler = fillers.get((frame, shell_html))
    if filler is None:
        filler = fillers[(frame, shell_html)] = Filler(job["extensions"], job["configs"],
                                                       {frame: ListingShell(shell_html, shell_url)})
    return filler.write(pages, render.PageStore(job["pages"]), render.writer_of(job))
