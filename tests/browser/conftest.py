"""Browser harness: the sample archive built into tmp, served on 127.0.0.1, read with Debian's Chromium.

Playwright (PyPI ``playwright``, sync API) drives ``/usr/bin/chromium`` (``apt-get install chromium``;
``.ci/run`` installs it when missing). Playwright's own browser downloads are never used. Every request
is routed: anything not for the served site is aborted and recorded, and a test fails when its page
tried to reach outside, logged a console error or threw a page error.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

from ..conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The samples are written as of this day (their statuses depend on it): the build is pinned to it.
SAMPLE_AS_OF = "2026-11-27"


def build_samples(root: Path, audience: str = "内部", source: Path = ROOT / "dossiers", as_of: str = "") -> Path:
    """Build a copy of the sample dossiers (or of ``source``) with the project's own mkdocs.yml; returns
    the site folder.

    (``tests.conftest.build_site`` pins as_of 2024-06-01 and four units, which the samples do not fit.)
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    shutil.copytree(source, root / "dossiers")
    saved = {k: os.environ.get(k) for k in ("AS_OF", "AUDIENCE")}
    os.environ.update(AS_OF=as_of or SAMPLE_AS_OF, AUDIENCE=audience)
    try:
        # Not strict: the samples warn on purpose (a meeting tomorrow with replies still missing).
        cfg = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(root / "dossiers"), site_dir=str(root / "site"))
        build(cfg)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return root / "site"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_samples(tmp_path_factory.mktemp("samples"))


@pytest.fixture(scope="session")
def server(sample_site: Path) -> Iterator[str]:
    """The built samples served by a threaded http.server on 127.0.0.1 (random port); yields the origin."""
    yield from serve(sample_site)


def serve(site: Path) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: apt-get install chromium (.ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI installs it, so there a missing browser is a failure, not a skip
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        # launch() gives the browser a new, empty profile (user data dir) of its own.
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Watch:
    """What a page did that a test must not allow, plus what it fetched (for size checks)."""

    origin: str
    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    fetched: list[tuple[str, int]] = field(default_factory=list)  # (url, response body bytes)

    def problems(self) -> list[str]:
        return (
            [f"outside request: {u}" for u in self.outside]
            + [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
        )

    def reset_fetched(self) -> None:
        self.fetched.clear()

    @property
    def fetched_bytes(self) -> int:
        return sum(n for _, n in self.fetched)


@pytest.fixture
def watch(server: str) -> Watch:
    return Watch(server)


@pytest.fixture
def page(request: pytest.FixtureRequest, browser, server: str, watch: Watch):
    """A fresh browser context and page on the served site; ``page.goto("/x/")`` is relative to it."""
    context = browser.new_context(base_url=server, locale="zh-CN", viewport={"width": 1280, "height": 900})

    def route(r) -> None:
        url = r.request.url
        if url == server or url.startswith(server + "/"):
            r.continue_()
        else:
            watch.outside.append(url)
            r.abort("blockedbyclient")

    context.route("**/*", route)
    pg = context.new_page()
    pg.on("console", lambda msg: watch.console_errors.append(f"{msg.text} ({msg.location.get('url', '')})")
          if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))

    def finished(req) -> None:
        try:
            size = req.sizes()["responseBodySize"]
        except Exception:  # noqa: BLE001 — a request whose sizes are gone counts as 0 bytes
            size = 0
        watch.fetched.append((req.url, size))

    pg.on("requestfinished", finished)
    request.node.browser_watch = watch
    try:
        yield pg
    finally:
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """After a browser test's body: fail it if its page reached outside or reported an error."""
    result = yield
    watch = getattr(item, "browser_watch", None)
    if watch is not None and watch.problems():
        pytest.fail("the page did what no page of this site may do:\n  " + "\n  ".join(watch.problems()))
    return result
