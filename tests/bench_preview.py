"""The live preview's figures for ``make bench``: the real ``mkdocs serve`` on a project, timed from the
outside as a clerk meets it.

- **start**: from launching ``mkdocs serve`` to the first meeting page served;
- **save → shown**: from writing a changed dossier to that meeting's page loaded with the change in it,
  done as a browser showing the page does: it waits on the preview's reload call, then loads the page. The change is a new sentence at the end of the
  minutes, a different one each time, in dossiers spread over the archive (the most common edit while a
  meeting is written up), and last a changed title (the front matter: every list naming the meeting).
  The first save comes some seconds after the first page is served, as when a clerk opens a dossier and
  types; 3 s pass between saves, and the preview's background work of one save may still run at the next.

Nothing here is a pass or fail: the figures go into the bench's report, beside the baseline of the same run.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from generator.check import withheld
from generator.core.enums import Classification
from generator.domain.addresses import meeting_url
from generator.source.loader import load_file


@dataclass
class PreviewFigures:
    start_s: float | None = None  # launch → first page served
    saves_s: list[float] = field(default_factory=list)  # each save of the minutes → its page served with the change
    title_s: float | None = None  # a save of the front matter (the title, shown on many pages) → its page served
    error: str = ""

    @property
    def save_s(self) -> float | None:
        """The median save of the minutes → shown."""
        if not self.saves_s:
            return None
        s = sorted(self.saves_s)
        return s[len(s) // 2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 5) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:  # noqa: S310 - our own local server
            return r.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, text: str | None, deadline: float, proc: subprocess.Popen, poll: float = 0.02) -> float | None:
    """The moment the page at ``url`` is served (holding ``text``, when given); None at the deadline."""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return None
        body = _get(url)
        if body is not None and (text is None or text in body):
            return time.perf_counter()
        time.sleep(poll)
    return None


_EPOCH = re.compile(r"livereload\((\d+), \d+\)")


def _shown(base: str, url: str, token: str, epoch: int, deadline: float, proc: subprocess.Popen) -> float | None:
    """What a browser showing the page does after a save: it waits on the preview's reload call
    (``/livereload/<epoch>/…``, answered when a newer build is complete), then loads the page again;
    the moment the page it loads holds ``token``. None at the deadline."""
    while time.monotonic() < deadline and proc.poll() is None:
        answer = _get(f"{base}livereload/{epoch}/{int(time.time() * 1000)}", timeout=70)
        if answer is None or not answer.strip().isdigit():
            time.sleep(0.05)
            continue
        if int(answer) <= epoch:  # the reload call timed out with no newer build: ask again
            continue
        page = _get(base + url)
        if page is None:
            continue
        if token in page:
            return time.perf_counter()
        found = _EPOCH.search(page)  # a build of an earlier save: wait for the next one
        epoch = int(found.group(1)) if found else int(answer)
    return None


def _epoch_of(base: str, url: str) -> int:
    page = _get(base + url) or ""
    found = _EPOCH.search(page)
    return int(found.group(1)) if found else 0


def _spread(paths: list[Path], k: int) -> list[Path]:
    if not paths:
        return []
    step = max(1, len(paths) // (k + 1))
    return [paths[min(len(paths) - 1, step * (i + 1))] for i in range(k)]


def meeting_targets(dossiers: list[Path], k: int) -> list[tuple[Path, str]]:
    """``k`` dossiers spread over the archive that the default audience (内部) sees, with minutes, and
    the address of each one's page."""
    out = []
    for path in _spread(sorted(dossiers), k * 4):
        d = load_file(path)
        if d.fm is not None and d.body.strip() and not withheld.hidden(d, Classification.INTERNAL):
            out.append((path, meeting_url(d)))
        if len(out) == k:
            break
    return out


def page_targets(docs: Path, pages: list[Path], k: int) -> list[tuple[Path, str]]:
    """Plain MkDocs pages (the baseline) and their addresses (use_directory_urls)."""
    return [(p, p.relative_to(docs).with_suffix("").as_posix() + "/") for p in _spread(sorted(pages), k)]


def _edited(text: str, token: str, what: str) -> str:
    if what == "minutes":  # a sentence at the end of the minutes
        return text.rstrip("\n") + f"\n\n{token}。\n"
    if text.startswith("---\n"):  # the dossier's title, in its front matter
        return text.replace("\ntitle: ", f"\ntitle: {token}", 1)
    return text.replace("# ", f"# {token}", 1)  # a plain page's title


def measure(project: Path, targets: list[tuple[Path, str]], env: dict[str, str], log_file: Path,
            edits: tuple[str, ...] = ("minutes", "minutes", "minutes", "title"), settle_s: float = 20.0,
            timeout_s: float = 1800.0) -> PreviewFigures:
    """Start ``mkdocs serve`` in ``project``, then make ``edits`` one after another, each to the next of
    ``targets`` (a file and the address of its page), and time each from the save to the page served
    with the change. The files are restored afterwards."""
    fig = PreviewFigures()
    if not targets:
        fig.error = "nothing to edit"
        return fig
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    originals = {path: path.read_bytes() for path, _ in targets}
    with open(log_file, "wb") as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
                                 "--livereload"], cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            first = _wait_for(base + targets[0][1], None, time.monotonic() + timeout_s, proc)
            if first is None:
                fig.error = "the preview served no page; see " + log_file.name
                return fig
            fig.start_s = first - t0
            time.sleep(settle_s)
            for i, what in enumerate(edits):
                path, url = targets[i % len(targets)]
                token = f"预览计时第{i + 1}次{os.getpid()}"
                changed = _edited(path.read_bytes().decode("utf-8"), token, what)
                epoch = _epoch_of(base, url)  # the page as the browser has it before the save
                saved = time.perf_counter()
                path.write_bytes(changed.encode("utf-8"))
                shown = _shown(base, url, token, epoch, time.monotonic() + timeout_s, proc)
                if shown is None:
                    fig.error = f"save {i + 1} was not shown; see {log_file.name}"
                    break
                if what == "minutes":
                    fig.saves_s.append(shown - saved)
                else:
                    fig.title_s = shown - saved
                time.sleep(3)  # a clerk reads the page before the next save
        finally:
            for path, data in originals.items():
                path.write_bytes(data)
            try:
                os.killpg(proc.pid, signal.SIGINT)
                proc.wait(timeout=30)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    return fig
