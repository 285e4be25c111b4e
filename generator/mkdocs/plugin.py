"""The MkDocs plugin: wires MkDocs events to the loader, the validator and the page builder.

No logic lives here beyond handing data along, so that moving to ProperDocs or to a pre-build step
stays cheap. ``docs_dir`` is the dossiers folder: MkDocs watches it in ``mkdocs serve``, and this plugin
replaces its raw files with the generated pages, so no dossier file is ever published as it is.
"""

from __future__ import annotations

import logging

import os
import shutil
import time
from html import escape as html_escape
from datetime import date
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_build_date

from ..domain import archive as archive_mod
from ..check import run as checking
from . import background, htmlstash, listing, preview, render as meeting_render, reuse
from .progress import Progress
from ..check import built_mark, leakguard, withheld
from ..core import html as sanitize
from ..exports import search
from ..check.cache import private_dir
from ..core.settings import (
    DEFAULT_KINDS,
    DEFAULT_REHEARSAL_KINDS,
    DUE_SOON_DAYS,
    FEEDBACK_STATUS,
    REHEARSAL_DAYS,
    ConfigProblem,
    office_of,
    require_dossiers,
    settings_from_block,
)
from ..core.diagnostics import ERROR, WARNING, format_text
from ..site.pages import build_pages
from ..site.pages.meeting import attachments as build_attachments
from ..domain.addresses import meeting_url

log = get_plugin_logger(__name__)


def _nav_pages(nav) -> set[str]:
    """Every page mkdocs.yml's ``nav`` names, at any depth."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(_nav_pages(v) for v in nav.values()))
    if isinstance(nav, list):
        return set().union(*(_nav_pages(v) for v in nav))
    return set()


class _ShellsQuiet(logging.Filter):
    """MkDocs says "Page skipped … Generated empty output." for the shells the meeting pages are filled
    into (they are rendered, kept in memory and left unwritten on purpose): not a line for the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("Page skipped: ") and
                    (any(f"'{spec.src}'" in message for spec in meeting_render.SHELLS)
                     or f"/{listing.SHELL_DIR}" in message))


for _engine in ("mkdocs", "properdocs"):  # ProperDocs, the continuation of MkDocs 1.x, logs under its own name
    logging.getLogger(f"{_engine}.commands.build").addFilter(_ShellsQuiet())


class ArchiveConfig(Config):
    dossiers = c.Optional(c.Type(str))  # default: the docs_dir
    audience = c.Optional(c.Type(str))  # 公开 · 内部 · 秘密 · 机密 · 绝密 (default 内部)
    # YYYY-MM-DD (default today); !ENV [AS_OF, ""] hands over a date when the variable is set.
    as_of = c.Optional(c.Type((str, date)))
    kinds = c.ListOfItems(c.Type(str), default=list(DEFAULT_KINDS))
    units = c.ListOfItems(c.Type(str), default=[])
    max_attachment_mb = c.Type((int, float), default=50)
    # 表彰大会 and the like are rehearsed (模拟演练): a warning this many days before, when not done.
    rehearsal_kinds = c.ListOfItems(c.Type(str), default=list(DEFAULT_REHEARSAL_KINDS))
    rehearsal_days = c.Type(int, default=REHEARSAL_DAYS)
    # An open action due within this many days is 临期 (due soon), shown in yellow before it turns red.
    due_soon_days = c.Type(int, default=DUE_SOON_DAYS)
    # What a unit's answer in the workbook may change (python -m generator feedback): none · progress · close.
    feedback_status = c.Choice(FEEDBACK_STATUS, default="progress")
    # The office's name on the workbook and the printables (default: site_name before its first " · ").
    office = c.Optional(c.Type(str))
    # The severity of a rule (check/rules/): {unit-unknown: error, done-without-updates: off}; "warnings"
    # sets every rule that is a warning by default.
    rules = c.Type(dict, default={})
    lang = c.Choice(("zh", "en"), default="zh")
    # The person, unit and year pages are filled into a frame the theme renders once (generator/mkdocs/listing.py);
    # false: MkDocs renders each, for a theme or plugin whose pages differ by more than their text.
    listing_shells = c.Type(bool, default=True)
    # No longer used (the search index was once made in parts by Pagefind); accepted so old settings still build.
    search_shard_pages = c.Optional(c.Type(int))


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    supports_multiple_instances = False
    serving = False
    pool: meeting_render.RenderPool | None = None
    shell_html: dict[str, str] = {}  # the theme's HTML of each shell (mkdocs.render.SHELLS), by kind
    listings = listing.Build()  # the listing pages filled into shells (mkdocs/listing.py)
    kept: reuse.Kept | None = None  # the last build's listing pages and exports, when still valid
    extras: background.PreviewExtras | None = None
    exports: background.Exports | None = None
    withheld_dossiers: list = []
    withheld_marks: leakguard.Withheld | None = None
    config_texts = ""
    progress = Progress(0)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if self.serving:
            preview.reset()  # a new preview keeps nothing of an earlier one (mkdocs/preview.py)

    def on_shutdown(self) -> None:
        self._stop_extras()
        self.serving = False  # MkDocs may reuse this instance for another build in the same process

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._stop_extras()  # a preview's exports and search index still being made: MkDocs empties the site now
        if self.serving:
            preview.set_aside(config.site_dir)  # the last build's files stay; each is written again only when changed

    def _stop_extras(self) -> None:
        if self.extras is not None:
            self.extras.cancel()
            self.extras = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # The settings the checks and pages read (core.settings reads the same block for the CLI).
        block = {key: self.config[key] for key in self.config if key not in ("lang", "search_shard_pages")}
        block["dossiers"] = self.config.dossiers or config.docs_dir
        block["office"] = office_of(self.config.office, config.site_name)
        block["site_url"] = config.site_url or ""
        try:
            self.settings = settings_from_block(block, Path(config.config_file_path or ".").parent)
            require_dossiers(self.settings)
            checking.known_rules(self.settings)
        except ConfigProblem as exc:
            raise PluginError(str(exc)) from None
        # Material's tooltips (content.tooltips) write a title attribute, and the text of a cut-off
        # navigation entry, into the page as HTML: dossier text (a heading, a unit) would run as script.
        features = config.theme.get("features") or []
        if "content.tooltips" in features:
            features.remove("content.tooltips")
            log.warning("已关闭 Material 的 content.tooltips：它把提示文字当作 HTML 写入页面，档案中的文字可能因此执行脚本 "
                        "(content.tooltips is turned off: it writes tooltip text into the page as HTML)")
        config.extra["archive_audience"] = self.settings.audience.zh
        # What Markdown makes from dossier text on any page keeps no handler, script URL or outside fetch.
        config.markdown_extensions.append(sanitize.SafeMarkdown())  # type: ignore[arg-type]
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.serving:
            preview.restore(config.site_dir)
        self.page_keys: dict[str, str] = {}  # a preview: the key of each page MkDocs renders (mkdocs/preview.py)
        self.reused: dict[str, tuple[str, str, str]] = {}  # a preview: src_uri → (key, html, url) kept as it was
        self.rendered: dict[str, tuple[str, str]] = {}
        self.progress = Progress(0)
        started = time.perf_counter()
        result = checking.check(self.settings, whole=True)
        # A large build says how far it is on a terminal (nothing when logging to a file).
        self.progress = Progress(len(result.dossiers))
        self.progress.started = started
        self.progress.done(f"已检查 {len(result.dossiers)} 份档案")
        # The diagnostics of withheld dossiers would name them: they are counted, never listed.
        shown, kept_back = withheld.split(result.dossiers, result.diagnostics, self.settings.audience)
        lines = format_text(shown, self.config.lang)
        for line, diag in zip(lines, shown):
            {ERROR: log.error, WARNING: log.warning}.get(diag.severity, log.info)(line)
        if kept_back:
            worst, line = withheld.summary(kept_back)
            {ERROR: log.error, WARNING: log.warning}.get(worst, log.info)(line)
        problems: list[str] = []
        if result.errors:
            if not self.serving:
                raise PluginError(
                    f"会议档案有 {result.errors} 个错误，网站未生成；请按上面每行提示修改后重试 "
                    f"(the dossiers have {result.errors} errors; fix them and build again)"
                )
            # A live preview stays up: dossiers with errors are left out and the errors shown on the home page.
            problems = [line for line, d in zip(lines, shown) if d.severity == ERROR]
            log.error(f"预览中暂不显示有错误的档案（{result.errors} 个错误）")
        self.archive = archive_mod.Archive(result.dossiers, self.settings, problems)
        # What every page but the meetings' own, and every export, is made of (mkdocs/reuse.py).
        self.front = reuse.front_key(result.dossiers, self.archive)
        # A build takes the listing pages and exports of the last one when that key is unchanged.
        self.kept = None if self.serving else reuse.Kept(self._cache("front"), self.front)
        self.withheld_dossiers = [d for d in result.dossiers if withheld.hidden(d, self.settings.audience)]
        self.withheld_marks = None
        self.config_texts = "\n".join([config.site_name or "", config.site_description or "",
                                        *self.settings.units, *self.settings.kinds])
        meetings = len(self.archive.visible)
        config.extra["archive_search"] = bool(meetings)  # header search box: only with an index
        log.info(
            f"会议档案 {len(self.archive.visible)} 份已生成页面；读者范围「{self.archive.audience.zh}」，"
            f"{self.archive.withheld_count} 份密级更高的档案未收录；基准日期 {self.archive.as_of.isoformat()}"
        )
        # A large build forks its workers now, sharing the archive: they write the exports at once, and
        # the meeting pages once the theme has rendered the shell (on_post_page).
        self.shell_html = {}
        self.pool = None
        if not self.serving and meetings >= meeting_render.PARALLEL_THRESHOLD and (os.cpu_count() or 1) > 1:
            self.pool = meeting_render.RenderPool(self.archive, list(config.markdown_extensions),
                                                  dict(config.mdx_configs), config.site_dir, self._cache("pages"),
                                                  records=True, front=self.front,
                                                  known=self.kept.page_keys() if self.kept is not None else None)
        docs_dir = os.path.abspath(config.docs_dir)
        kept = Files([f for f in files if not _inside(f.abs_src_path, docs_dir)])
        if meetings:
            # The frames of the meeting pages and their printable minutes, rendered first by the theme;
            # see generator/mkdocs/render.py.
            for spec in meeting_render.SHELLS:
                kept.append(File.generated(config, spec.src, content=meeting_render.shell_markdown(spec),
                                           inclusion=InclusionLevel.NOT_IN_NAV))
        self.html_blocks: dict[str, list[str]] = {}
        # The pages mkdocs.yml's nav names are in the nav (without a nav: the section index pages); every
        # other page is reached by links, which MkDocs need not report.
        in_nav = _nav_pages(config.nav) if config.nav else None

        def listed(src_uri: str) -> bool:
            return (src_uri in in_nav if in_nav is not None else
                    src_uri == "index.md" or (src_uri.count("/") == 1 and src_uri.endswith("/index.md")))

        if self.serving:  # a preview renders only the pages whose Markdown changed (mkdocs/preview.py)
            chosen = preview.sort_pages(preview.listing_pages(self.front, lambda: build_pages(self.archive)), config,
                                        listed, lambda src: File.generated(config, src, content=""))
            self.page_keys, self.reused, pages = chosen.keys, chosen.reused, chosen.render
            for dest_uri, html in chosen.rewrite.items():  # kept as it was, but its file is gone
                kept.append(File.generated(config, dest_uri, content=html))
        else:
            assert self.kept is not None
            # A large build's workers make the pages (while this process waits), then the exports.
            pages = self.kept.pages(lambda: self.pool.build_pages() if self.pool is not None else build_pages(self.archive))
        # A live preview makes the exports after the pages (on_post_build), in the background.
        self.exports = None if self.serving else background.Exports(self.archive, config.site_dir, self.pool, self.kept)
        # A build fills most listing pages into a few shells (mkdocs/listing.py); a preview renders what changed.
        self.listings = listing.Build()
        if not self.serving and self.config.listing_shells:
            self.listings = listing.Build(listing.plan(pages, listed, lambda src: File.generated(config, src, content="")))
            for src_uri, content in self.listings.plan.shells:
                kept.append(File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
        for src_uri, content in pages.items():
            if src_uri in self.listings.filled:
                continue
            in_the_nav = listed(src_uri)
            content, self.html_blocks[src_uri] = htmlstash.stash(content)  # HTML skips Markdown's parser
            inclusion = InclusionLevel.UNDEFINED if in_the_nav else InclusionLevel.NOT_IN_NAV
            kept.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
        for src_uri, abs_path in build_attachments(self.archive).items():
            if self.serving and preview.keep_file(src_uri, str(abs_path)):
                continue  # a preview: copied by the last build, and not changed since
            kept.append(File.generated(config, src_uri, abs_src_path=str(abs_path)))
        return kept

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if self.serving:
            env.bytecode_cache = preview.BYTECODE
        return env

    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        # Material prints page.meta.title as HTML (in <title> and the header); our titles are dossier
        # text (a meeting's title, a unit, a tag), so they are escaped here, once, for every page.
        if isinstance(page.meta.get("title"), str):
            page.meta["title"] = html_escape(page.meta["title"])
        return markdown

    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        sanitize.clean_toc(page.toc)  # headings may hold dossier text (a unit, a tag): the TOC shows it as text
        return htmlstash.unstash(html, self.html_blocks.get(page.file.src_uri))

    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        try:
            kept = self.listings.rendered(page.file.src_uri, output, page.file.url)  # a listing shell or witness
        except meeting_render.ShellError as exc:
            raise PluginError(str(exc)) from None
        if kept is not None:
            if self.pool is not None and self.listings.ready():
                for task in self.listings.tasks():
                    self.pool.render_pages(listing.fill_chunk, *task)
            return kept
        spec = next((s for s in meeting_render.SHELLS if s.src == page.file.src_uri), None)
        if spec is None:
            if page.file.src_uri in self.page_keys:
                self.rendered[page.file.src_uri] = (self.page_keys[page.file.src_uri], output)
            return output
        try:
            meeting_render.Shell(output, spec)  # the markers are where they should be, or the build stops here
        except meeting_render.ShellError as exc:
            raise PluginError(str(exc)) from None
        self.shell_html[spec.kind] = output
        if self.pool is not None and len(self.shell_html) == len(meeting_render.SHELLS):
            self.progress.start()
            self.pool.render_meetings(dict(self.shell_html))
        return ""  # MkDocs writes nothing for an empty page: a shell itself is never published

    def on_template_context(self, context, *, template_name: str, config: MkDocsConfig):
        if template_name == "sitemap.xml":  # the meeting pages are not MkDocs pages: overrides/sitemap.xml
            context["archive_meeting_urls"] = [meeting_url(d) for d in self.archive.visible]
            # and in a preview, the pages kept as its last build made them (not MkDocs' pages this time)
            # and the listing pages filled into shells (mkdocs/listing.py)
            context["archive_kept_urls"] = [url for _, _, url in self.reused.values()] + self.listings.urls()
            context["archive_build_date"] = get_build_date()
            context["archive_shell_srcs"] = [spec.src for spec in meeting_render.SHELLS] + self.listings.shell_srcs()
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        extensions, configs = list(config.markdown_extensions), dict(config.mdx_configs)
        try:
            keep: set[str] = set()
            if self.pool is None:  # a large build's workers fill them (on_post_page)
                keys, fresh = self.listings.write(extensions, configs, meeting_render.PageStore(self._cache("pages"), self.serving),
                                                 meeting_render.Writer(config.site_dir))
                keep = set(keys)
                if self.listings.plan.listings:
                    self._listed(fresh, len(keys))
            self._meeting_pages(config, keep)
            self.listings.verify(extensions, configs)
        except meeting_render.ShellError as exc:
            raise PluginError(str(exc)) from None
        if self.serving:
            preview.STATE.pages = preview.Pages({**self.rendered,
                                                 **{s: (k, html) for s, (k, html, _) in self.reused.items()}})
            preview.finish(config.site_dir)
            self._guard(config.site_dir)
            # The pages are written and the browser may reload; exports and search follow in the background.
            self.extras = background.PreviewExtras(self.settings, self.archive.problems, config.site_dir,
                                                   self.config_texts)
            log.info("预览：导出文件和全文检索索引在后台生成，稍后可用")
            return
        assert self.exports is not None
        self.exports.finish()
        self.progress.done("导出文件已生成")
        assert self.kept is not None
        if self.kept.pages_reused or self.kept.exports_reused:
            log.info("各档案的前置信息与上次生成时相同：列表页面和导出文件沿用上次的结果"
                     "（the front matter is unchanged: the listing pages and exports are the last build's）")
        # Full-text search: the index of the search records the pages' workers wrote; see generator/exports/search.py.
        if not self.archive.visible:  # no meeting, no index; the header then has no search box
            log.info("没有会议页面，未建立全文检索索引")
        else:
            started = time.perf_counter()
            try:
                summary = search.build_index(config.site_dir, len(self.archive.visible), reuse=self._cache("search"))
            except search.SearchIndexError as exc:
                raise PluginError(str(exc)) from None
            self.progress.done(f"全文检索索引 {summary.pages} 个会议")
            log.info(f"全文检索索引：{summary.pages} 个会议，{summary.words} 个字对与词，共 {summary.bundle_bytes // 1024} KB，"
                     f"用时 {time.perf_counter() - started:.1f} 秒")
        self._guard(config.site_dir)
        # Last, the mark that the plugin ran to the end: publishing refuses a site without it (an engine
        # that skipped this plugin would otherwise publish the dossiers unfiltered).
        built_mark.write(config.site_dir, self.archive)

    def _withheld(self) -> leakguard.Withheld:
        """What identifies the dossiers this build withholds (gathered once per build)."""
        if self.withheld_marks is None:
            texts = [self.config_texts, *leakguard.site_texts()]
            # A preview searches again only the dossiers that changed since its last build.
            memo = preview.STATE.gather if self.serving else None
            self.withheld_marks = leakguard.gather(self.withheld_dossiers, self.archive.visible, texts, memo)
        return self.withheld_marks

    def _guard(self, site_dir: str) -> None:
        """The leak guard (generator/check/leakguard.py): the build fails, and its output is removed, when any
        file of it holds something of a dossier it withholds."""
        started = time.perf_counter()
        frame = [part for shell in meeting_render.shells_of(self.shell_html).values() for part in shell.parts[0::2]]
        frame += self.listings.frame_parts()
        workers = 1 if self.serving else min(os.cpu_count() or 1, 4)
        skip: set[str] = set()
        if self.serving:  # a preview: what the last guard read, looking for the same, and no build changed since
            marks = preview.marks_key(self._withheld())
            if preview.STATE.guard_marks == marks:
                skip = preview.STATE.verified & preview.STATE.untouched
            preview.STATE.guard_marks, preview.STATE.verified = "", set()
        try:
            scanner = leakguard.check(site_dir, self._withheld(), frame, workers, skip)
        except leakguard.LeakFound as exc:
            leakguard.wipe(site_dir)
            raise PluginError(str(exc)) from None
        if self.serving:
            preview.STATE.guard_marks, preview.STATE.verified = marks, set(scanner.rels)
        self.progress.done(f"保密检查 {scanner.files_read} 个输出文件")
        if self.withheld_dossiers:
            log.info(f"保密检查：{scanner.files_read} 个输出文件（{scanner.bytes_read // 1024 // 1024} MB）中没有"
                     f"这 {len(self.withheld_dossiers)} 份未收录档案的内容（用时 {time.perf_counter() - started:.2f} 秒）")

    def _cache(self, what: str) -> Path | None:
        """Where the previous build of this audience left its meeting pages or search index."""
        if self.settings.cache_dir is None:
            return None
        private_dir(self.settings.cache_dir)
        obsolete = self.settings.cache_dir / "pagefind"  # the search index of earlier versions: its text goes
        if obsolete.is_dir():
            shutil.rmtree(obsolete, ignore_errors=True)
        return self.settings.cache_dir / what / self.archive.audience.value

    def _listed(self, fresh: int, total: int) -> None:
        self.progress.done(f"列表页面 {total} 页")
        log.info(f"列表页面（按框架生成）：{total} 页，其中 {fresh} 页重新生成，{total - fresh} 页与上次相同")

    def _meeting_pages(self, config: MkDocsConfig, keep: set[str]) -> None:
        if not self.archive.visible:
            if self.pool is not None:  # pragma: no cover - a pool is made only for visible meetings
                self.pool.finish()
            return
        if len(self.shell_html) < len(meeting_render.SHELLS):
            raise PluginError("会议页面框架未生成 (the meeting page shell was not rendered); 请勿使用 --dirty")
        try:
            if self.pool is not None:
                fresh = self.pool.finish(lambda done, n: self.progress.update(f"会议页面 {done}/{n} …"))
                if self.kept is not None:
                    renderer = meeting_render.Renderer(self.archive, list(config.markdown_extensions),
                                                       dict(config.mdx_configs), meeting_render.shells_of(self.shell_html))
                    self.kept.keep_page_keys(meeting_render.pages_epoch(self.front, renderer), self.pool.made)
                if self.listings.plan.listings:
                    self._listed(*self.pool.pages_written)
            else:
                renderer = meeting_render.Renderer(self.archive, list(config.markdown_extensions),
                                                   dict(config.mdx_configs), meeting_render.shells_of(self.shell_html))
                store = meeting_render.PageStore(self._cache("pages"), self.serving)
                writer = None
                epoch = meeting_render.pages_epoch(self.front, renderer)
                if self.serving:
                    writer = preview.Writer(config.site_dir)
                    known: meeting_render.KnownPages = preview.Sources(epoch)
                else:
                    assert self.kept is not None
                    known = meeting_render.KnownPages(epoch, self.kept.page_keys())
                fresh = meeting_render.render_all(renderer, config.site_dir, store, records=True, writer=writer,
                                                  known=known, keep=keep)
                if isinstance(known, preview.Sources):
                    known.finish()
                else:
                    assert self.kept is not None
                    self.kept.keep_page_keys(epoch, known.now)
            self.progress.done(f"会议页面 {len(self.archive.visible)}/{len(self.archive.visible)}，共 {fresh.total} 页")
            log.info(f"会议页面（含打印页）：{fresh.total} 页，其中 {fresh.fresh} 页重新生成，"
                     f"{fresh.total - fresh.fresh} 页与上次相同")
        except meeting_render.ShellError as exc:
            raise PluginError(str(exc)) from None

    def on_build_error(self, *, error: Exception) -> None:
        if self.serving:
            preview.reset()  # what a failed build left is not known: the next one makes everything again
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        from ..site.render import TEMPLATES  # noqa: PLC0415

        server.watch(str(TEMPLATES))  # edits to page templates refresh the preview too
        return server


def _inside(path: str | None, folder: str) -> bool:
    if not path:
        return False
    return os.path.abspath(path).startswith(folder + os.sep)
