"""`make bench`: how the archive scales, against a plain MkDocs + Material site built in the same run.

    python -m tests.bench [--sizes 1000,3000] [--out bench-out/] [--profile 3000] [--seed 0]
    make bench BENCH_ARGS="--sizes 1000,3000,10000 --profile 3000"

For each N it writes N synthetic dossiers (``tests/synth.py``) into a temporary project (a copy of
``mkdocs.yml`` and ``overrides/``, built as of ``synth.AS_OF``) and measures, each in its own process:

- ``python -m generator check`` (what ``make check`` runs): wall time and peak memory;
- ``mkdocs build --clean`` (what ``make site`` runs): wall time, peak memory (the largest process, from
  ``wait4``, and the whole process tree, sampled from /proc), output size, page count, largest meeting
  page and largest page;
- the search index alone (``generator.search.index_site`` on the built site, its earlier index removed);
- the leak guard (``generator.leakguard``), from its line in the build's log: its time and share of the
  build (target under 5 % at 3,000 dossiers, every tenth of them withheld);
- the baseline: a plain MkDocs + Material build of N Markdown pages carrying the same titles and minutes,
  same theme and language, a short explicit ``nav`` (bounded sidebar) and Material's search plugin with
  ``lang: zh`` segmenting Chinese with jieba; and the ratio build / baseline.

With ``--profile N`` it also profiles that build and a serial ``check`` with cProfile and prints where the
time goes. Results go to stdout (Markdown) and to ``--out``: ``report.md``, ``results.json``, build logs
and ``.prof`` files (read them with ``python -m pstats``).
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from generator.check.cache import program_version
from tests import bench_preview, synth

ROOT = Path(__file__).resolve().parent.parent
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

# Targets of issue 6.
TARGET_CHECK_10K_S = 5.0
TARGET_BUILD_10K_S = 45.0
TARGET_MEMORY_10K_B = 1.5 * 1024**3
TARGET_MEETING_PAGE_B = 100 * 1024
TARGET_RATIO_3K = 1.0
TARGET_RATIO_CACHED_3K = 0.5  # a build with the previous build's caches
TARGET_PREVIEW_3K_S = 3.0  # make serve at 3,000: a saved dossier → its page shown
TARGET_GUARD_SHARE = 0.05  # the leak guard, as a share of the cold build at 3,000 dossiers


# ---------------------------------------------------------------------------------------------------
# Running one command and measuring it


@dataclass
class Run:
    seconds: float
    returncode: int
    max_rss: int  # bytes: the largest single process (the command or any descendant), from wait4
    tree_rss: int  # bytes: the largest sum over the process tree, sampled every 100 ms
    log: str = ""
    cpu: float = 0.0  # user + system seconds of the command and every process it waited for


def _children(pid: int) -> list[int] | None:
    """The child processes of ``pid`` (None where the kernel does not list them)."""
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    kids: list[int] = []
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", "rb") as fh:
                kids.extend(int(x) for x in fh.read().split())
        except FileNotFoundError:
            return None
        except OSError:
            continue
    return kids


def _all_children() -> dict[int, list[int]]:
    """Every process's children, from /proc/*/stat (slower; for kernels without the children files)."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as fh:
                    stat = fh.read().decode("ascii", "replace")
            except OSError:
                continue
            ppid = int(stat[stat.rfind(")") + 2 :].split()[1])
            children.setdefault(ppid, []).append(int(name))
    return children


def _pss(pid: int) -> int | None:
    """A process's proportional set size (its own pages, and its share of pages shared with others, as
    forked workers share their parent's): summed over a tree it counts each page once."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _tree_rss(root_pid: int) -> int:
    """Memory of a process and all its descendants, from /proc (0 where /proc is missing): the sum of
    their proportional set sizes, or of their resident sizes where the kernel gives no PSS (which counts
    the pages forked workers share with the build once in each of them)."""
    if not os.path.isdir("/proc"):
        return 0
    table: dict[int, list[int]] | None = None
    total, todo, seen = 0, [root_pid], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        pss = _pss(pid)
        if pss is not None:
            total += pss
        else:
            try:
                with open(f"/proc/{pid}/statm", "rb") as fh:
                    total += int(fh.read().split()[1]) * PAGE_SIZE
            except (OSError, IndexError, ValueError):
                continue
        kids = _children(pid)
        if kids is None:
            table = table if table is not None else _all_children()
            kids = table.get(pid, [])
        todo.extend(kids)
    return total


def run(cmd: list[str], cwd: Path, env: dict[str, str], log_file: Path | None = None) -> Run:
    """Run ``cmd``; wall time, exit code, and peak memory of it and everything it starts."""
    out = open(log_file, "wb") if log_file else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _tree_rss(proc.pid))
                done.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if log_file:
            out.close()  # type: ignore[union-attr]
    max_rss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    log = log_file.read_text(encoding="utf-8", errors="replace") if log_file else ""
    return Run(seconds, proc.returncode, max_rss, max(peak[0], max_rss), log, usage.ru_utime + usage.ru_stime)


def best(cmd: list[str], cwd: Path, env: dict[str, str], log_file: Path, repeat: int, cold: bool = False) -> Run:
    """Run ``cmd`` ``repeat`` times: the shortest time, the largest memory, the first failure (if any).
    ``cold``: remove the project's caches (``.cache/``) before each run."""
    runs = []
    for _ in range(max(1, repeat)):
        if cold:
            shutil.rmtree(cwd / ".cache", ignore_errors=True)
        runs.append(run(cmd, cwd, env, log_file))
    failed = [r for r in runs if r.returncode != 0]
    fastest = min(runs, key=lambda r: r.seconds)
    return Run(fastest.seconds, failed[0].returncode if failed else 0, max(r.max_rss for r in runs),
               max(r.tree_rss for r in runs), (failed[0] if failed else fastest).log, fastest.cpu)


def child_env() -> dict[str, str]:
    """The environment ``make`` gives its commands, building as of synth.AS_OF for the default audience."""
    env = {k: v for k, v in os.environ.items() if k not in ("AS_OF", "AUDIENCE")}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", AS_OF=synth.AS_OF.isoformat())
    env.pop("PYTHONPATH", None)
    return env


# ---------------------------------------------------------------------------------------------------
# The two projects


def make_project(where: Path, n: int, seed: int) -> list[Path]:
    """A copy of this project's site config and theme overrides, with N generated dossiers."""
    where.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", where / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", where / "overrides")
    return synth.write_archive(where, n, seed)


BASELINE_CONFIG = """\
site_name: 会务档案（基线）
docs_dir: docs
site_dir: site
use_directory_urls: true
theme:
  name: material
  language: zh
  font: false
  features:
    - navigation.tabs
    - navigation.top
    - search.highlight
  palette:
    primary: red
    accent: red
markdown_extensions:
  - tables
  - attr_list
  - md_in_html
  - admonition
  - toc:
      permalink: false
plugins:
  - search:
      lang: zh
# A bounded sidebar: only the section pages are in the nav, the meeting pages are reached by links.
nav:
  - 首页: index.md
{years}
not_in_nav: |
  /*/*-*.md
"""


def make_baseline(where: Path, dossiers: list[Path]) -> int:
    """N plain Markdown pages with the same titles and minutes as the dossiers; returns the page count."""
    docs = where / "docs"
    years: dict[str, list[str]] = {}
    for path in dossiers:
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        title = re.search(r"^title: (.*)$", front, re.M).group(1)  # type: ignore[union-attr]
        day = re.search(r"^date: (.*)$", front, re.M).group(1)  # type: ignore[union-attr]
        year = path.parent.name
        target = docs / year / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# {title}\n\n会议日期：{day}\n\n{body.lstrip()}", encoding="utf-8")
        years.setdefault(year, []).append(f"- [{title}]({path.name})")
    for year, links in years.items():
        (docs / year / "index.md").write_text(f"# {year} 年\n\n" + "\n".join(links) + "\n", encoding="utf-8")
    (docs / "index.md").write_text("# 会务档案\n\n" + "\n".join(f"- [{y} 年]({y}/index.md)" for y in sorted(years)) + "\n",
                                   encoding="utf-8")
    nav = "\n".join(f"  - {y} 年: {y}/index.md" for y in sorted(years))
    (where / "mkdocs.yml").write_text(BASELINE_CONFIG.format(years=nav), encoding="utf-8")
    return len(dossiers) + len(years) + 1


# ---------------------------------------------------------------------------------------------------
# What a built site holds


@dataclass
class SiteStats:
    bytes: int = 0
    files: int = 0
    pages: int = 0  # HTML files
    meeting_pages: int = 0
    largest_page: int = 0
    largest_page_path: str = ""
    largest_meeting_page: int = 0
    largest_meeting_page_path: str = ""
    meeting_pages_over_limit: int = 0
    search_bytes: int = 0  # the search index shipped: search/ (ours; the baseline's search/search_index.json)


def site_stats(site: Path) -> SiteStats:
    s = SiteStats()
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        rel = path.relative_to(site).as_posix()
        s.bytes += size
        s.files += 1
        if rel.startswith(("pagefind/", "search/")):
            s.search_bytes += size
        if path.suffix != ".html":
            continue
        s.pages += 1
        if size > s.largest_page:
            s.largest_page, s.largest_page_path = size, rel
        if rel.startswith("meetings/") or re.match(r"\d{4}/\d{4}-", rel):  # this project / the baseline
            s.meeting_pages += 1
            if size > TARGET_MEETING_PAGE_B:
                s.meeting_pages_over_limit += 1
            if size > s.largest_meeting_page:
                s.largest_meeting_page, s.largest_meeting_page_path = size, rel
    return s


# ---------------------------------------------------------------------------------------------------
# One size


@dataclass
class SizeResult:
    n: int
    check_s: float = 0.0
    check_rss: int = 0
    check_summary: str = ""
    check_ok: bool = False
    check_warm_s: float | None = None  # again, with the check cache of the first run
    build_s: float = 0.0
    build_warm_s: float | None = None  # again, with the caches the first build left (checks, pages, search index)
    build_rss: int = 0
    build_tree_rss: int = 0
    build_ok: bool = False
    build_cpu: float = 0.0
    build_includes_search: bool = False
    site: SiteStats = field(default_factory=SiteStats)
    search_s: float | None = None
    search_rss: int = 0
    search_in_build_s: float | None = None  # the search index's time inside the cold build (its log line)
    search_in_warm_s: float | None = None  # the same, in the cached build
    build_warm_tree_rss: int = 0  # the cached build's process tree at its peak
    recall: str = ""  # tests/search_recall.py on the built site, in Chromium
    recall_mean: float | None = None
    recall_low: int = 0  # words under 0.5
    first_ms: float | None = None  # typing a word → first result, search not loaded yet
    next_ms: float | None = None  # the slowest of the later words
    first_kb: float | None = None  # fetched for the first word
    next_kb: float | None = None  # the most fetched for a later word
    guard_s: float | None = None  # the leak guard's share of the cold build (from its log line)
    guard_warm_s: float | None = None
    guard_scan: str = ""  # what it read: files and MB
    baseline_s: float = 0.0
    baseline_rss: int = 0
    baseline_tree_rss: int = 0
    baseline_ok: bool = False
    baseline_cpu: float = 0.0
    baseline_pages: int = 0
    baseline_site: SiteStats = field(default_factory=SiteStats)
    notes: list[str] = field(default_factory=list)
    check_only: bool = False
    preview: bench_preview.PreviewFigures | None = None  # make serve (tests/bench_preview.py), no cache
    preview_warm_start_s: float | None = None  # make serve started again, with the caches
    baseline_preview: bench_preview.PreviewFigures | None = None  # plain mkdocs serve of the baseline

    @property
    def ratio(self) -> float | None:
        return self.build_s / self.baseline_s if self.baseline_s and self.build_ok and self.baseline_ok else None

    @property
    def search_share(self) -> float | None:
        return self.search_in_build_s / self.build_s if self.search_in_build_s is not None and self.build_s else None

    @property
    def search_share_warm(self) -> float | None:
        if self.search_in_warm_s is None or not self.build_warm_s:
            return None
        return self.search_in_warm_s / self.build_warm_s

    @property
    def guard_share(self) -> float | None:
        return self.guard_s / self.build_s if self.guard_s is not None and self.build_s else None

    @property
    def ratio_warm(self) -> float | None:
        if self.build_warm_s is None or not self.ratio:
            return None
        return self.build_warm_s / self.baseline_s


_SEARCH = re.compile(r"全文检索索引：.*?用时 ([0-9.]+) 秒")
_GUARD = re.compile(r"保密检查：(\d+) 个输出文件（(\d+) MB）.*?用时 ([0-9.]+) 秒")


def guard_of(log: str) -> tuple[float, str] | None:
    """The leak guard's time and what it read, from a build's log."""
    m = _GUARD.search(log)
    return (float(m.group(3)), f"{int(m.group(1)):,} files, {m.group(2)} MB") if m else None


def _program_changed(version: str) -> str:
    """A note when the program's source changed since ``version`` was taken: its caches are then not used,
    and a "cached" figure is a cold one."""
    if program_version.__wrapped__() == version:
        return ""
    return ("the program's source changed during the run (generator/ edited?): the cached figures are of a build "
            "with no usable cache; run the bench again")


def has_search_module() -> bool:
    return (ROOT / "generator" / "exports" / "search.py").is_file()


def bench_size(n: int, seed: int, work: Path, out: Path, baseline: bool, repeat: int, say,
               check_only: bool = False, preview: bool = True) -> SizeResult:
    r = SizeResult(n, check_only=check_only)
    env = child_env()
    project = work / f"project-{n}"
    say(f"[{n}] writing {n} dossiers …")
    t0 = time.perf_counter()
    dossiers = make_project(project, n, seed)
    say(f"[{n}]   written in {time.perf_counter() - t0:.1f} s")

    version = program_version.__wrapped__()  # the caches of one version serve only that version
    say(f"[{n}] check …")
    check = best([sys.executable, "-m", "generator", "check"], project, env, out / f"check-{n}.log", repeat, cold=True)
    r.check_s, r.check_rss, r.check_ok = check.seconds, check.max_rss, check.returncode == 0
    r.check_summary = check.log.strip().splitlines()[-1] if check.log.strip() else ""
    say(f"[{n}]   {r.check_s:.2f} s: {r.check_summary}")
    warm = best([sys.executable, "-m", "generator", "check"], project, env, out / f"check-warm-{n}.log", repeat)
    r.check_warm_s = warm.seconds if warm.returncode == 0 else None
    say(f"[{n}]   again, with the cache: {warm.seconds:.2f} s")
    if check_only:
        return r

    say(f"[{n}] mkdocs build …")
    build = best([sys.executable, "-m", "mkdocs", "build", "--clean"], project, env, out / f"build-{n}.log", repeat,
                 cold=True)
    found = _SEARCH.search(build.log)
    r.search_in_build_s = float(found.group(1)) if found else None
    r.build_s, r.build_rss, r.build_tree_rss = build.seconds, build.max_rss, build.tree_rss
    r.build_ok, r.build_cpu = build.returncode == 0, build.cpu
    if not r.build_ok:
        r.notes.append(f"build of {n} failed (exit {build.returncode}); see build-{n}.log")
    guard = guard_of(build.log)
    if guard:
        r.guard_s, r.guard_scan = guard
        say(f"[{n}]   leak guard: {r.guard_s:.2f} s over {r.guard_scan}")
    site = project / "site"
    r.build_includes_search = (site / "search" / "index.json").is_file()
    r.site = site_stats(site) if site.is_dir() else SiteStats()
    say(f"[{n}]   {r.build_s:.1f} s, peak {mb(r.build_rss)} (tree {mb(r.build_tree_rss)}), {r.site.pages} pages")
    if r.build_ok:
        say(f"[{n}] mkdocs build again, with the caches of the first build …")
        changed = _program_changed(version)
        if changed:
            r.notes.append(f"{n}: {changed}")
        warm = best([sys.executable, "-m", "mkdocs", "build", "--clean"], project, env, out / f"build-warm-{n}.log", repeat)
        r.build_warm_s = warm.seconds if warm.returncode == 0 else None
        r.build_warm_tree_rss = warm.tree_rss
        found = _SEARCH.search(warm.log)
        r.search_in_warm_s = float(found.group(1)) if found else None
        warm_guard = guard_of(warm.log)
        r.guard_warm_s = warm_guard[0] if warm_guard else None
        say(f"[{n}]   {warm.seconds:.1f} s")

    if r.build_ok and preview:
        say(f"[{n}] make serve, no cache: start, then saves of the minutes and of a title …")
        targets = bench_preview.meeting_targets(dossiers, 3)
        shutil.rmtree(project / ".cache", ignore_errors=True)
        r.preview = bench_preview.measure(project, targets, env, out / f"serve-{n}.log")
        say(f"[{n}]   {describe_preview(r.preview)}")
        if r.preview.error:
            r.notes.append(f"make serve at {n}: {r.preview.error}")
        say(f"[{n}] make serve again, with the caches: start …")
        again = bench_preview.measure(project, targets, env, out / f"serve-warm-{n}.log", edits=(), settle_s=0)
        r.preview_warm_start_s = again.start_s
        say(f"[{n}]   started in {secs(again.start_s)}")

    if r.build_ok and has_search_module():
        say(f"[{n}] search index alone, from the records the build wrote …")
        code = ("import sys; from pathlib import Path; from generator.exports.search import build_index; "
                "site = Path(sys.argv[1]); print(build_index(site, len(list((site / 'search' / 'p').glob('*.json')))))")
        search = best([sys.executable, "-c", code, str(site)], project, env, out / f"search-{n}.log", repeat)
        if search.returncode == 0:
            r.search_s = search.seconds
            r.site.search_bytes = sum(p.stat().st_size for p in (site / "search").rglob("*") if p.is_file())
        else:
            r.notes.append(f"search index of {n} failed; see search-{n}.log")
        say(f"[{n}]   {search.seconds:.1f} s, peak {mb(search.max_rss)}")
        r.search_rss = search.max_rss

    if r.build_ok and Path("/usr/bin/chromium").exists():
        say(f"[{n}] search in Chromium: recall, time to the first result, bytes fetched …")
        try:
            from tests import search_recall  # noqa: PLC0415

            fig = search_recall.browser_figures(site, project / "dossiers")
            r.recall, r.recall_mean = fig.recall.summary(), fig.recall.mean
            r.recall_low = sum(1 for v in fig.recall.per_word.values() if v < 0.5)
            r.first_ms, r.first_kb = fig.first_ms, fig.first_bytes / 1024
            r.next_ms = max(fig.next_ms) if fig.next_ms else None
            r.next_kb = max(fig.next_bytes) / 1024 if fig.next_bytes else None
            say(f"[{n}]   {r.recall}")
            say(f"[{n}]   first word {r.first_ms:.0f} ms, {r.first_kb:.0f} KB; later words ≤ {r.next_ms or 0:.0f} ms, "
                f"≤ {r.next_kb or 0:.0f} KB")
        except Exception as exc:  # noqa: BLE001 - a figure missing is reported, the rest of the bench goes on
            r.notes.append(f"search in Chromium failed at {n}: {exc}")

    if baseline:
        base = work / f"baseline-{n}"
        r.baseline_pages = make_baseline(base, dossiers)
        say(f"[{n}] baseline: plain MkDocs + Material, {r.baseline_pages} pages …")
        b = best([sys.executable, "-m", "mkdocs", "build", "--clean"], base, env, out / f"baseline-{n}.log", repeat)
        r.baseline_s, r.baseline_rss, r.baseline_tree_rss = b.seconds, b.max_rss, b.tree_rss
        r.baseline_ok, r.baseline_cpu = b.returncode == 0, b.cpu
        if not r.baseline_ok:
            r.notes.append(f"baseline build of {n} failed; see baseline-{n}.log")
        r.baseline_site = site_stats(base / "site") if (base / "site").is_dir() else SiteStats()
        say(f"[{n}]   {r.baseline_s:.1f} s" + (f", ratio {r.ratio:.2f}" if r.ratio else ""))
        if preview and r.baseline_ok:
            say(f"[{n}] baseline: mkdocs serve, one save …")
            pages = [p for p in (base / "docs").rglob("*.md") if p.name != "index.md"]
            r.baseline_preview = bench_preview.measure(base, bench_preview.page_targets(base / "docs", pages, 1), env,
                                                       out / f"baseline-serve-{n}.log", edits=("minutes",))
            say(f"[{n}]   {describe_preview(r.baseline_preview)}")
        shutil.rmtree(base, ignore_errors=True)
    return r


# ---------------------------------------------------------------------------------------------------
# Profiles


PROFILE_CHECK = """\
import cProfile, sys
from pathlib import Path
import generator.check.workers as parallel
from generator.domain import archive
from generator.check import run as checking
from generator.core.settings import load_settings
parallel.PARALLEL_THRESHOLD = 10**9  # one process, so that the profile sees the loading itself
settings = load_settings(Path("mkdocs.yml"))
cProfile.run("checking.check(settings)", sys.argv[1])
"""


PAGE_TIMES = """\
import collections, json, os, sys, time
from mkdocs import plugins as P
from mkdocs.commands import build as B
from mkdocs.config import load_config
from mkdocs.structure import pages as S

PAGE = os.sysconf("SC_PAGE_SIZE")
pages = collections.defaultdict(lambda: [0.0, 0.0, ""])  # src_uri: Markdown s, theme + write s, dest_uri
events = collections.defaultdict(float)

def timed(fn, index, key_of, store):
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            store(key_of(*args), index, time.perf_counter() - t)
    return wrapper

def add_page(page, i, dt):
    row = pages[page.file.src_uri]
    row[i] += dt
    row[2] = page.file.dest_uri

rss_after = {}

def rss():
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * PAGE
    except OSError:
        return 0

def add_event(name, i, dt):
    events[name] += dt
    rss_after[name] = max(rss_after.get(name, 0), rss())

S.Page.render = timed(S.Page.render, 0, lambda page, *a: page, add_page)
B._build_page = timed(B._build_page, 1, lambda page, *a: page, add_page)
P.PluginCollection.run_event = timed(P.PluginCollection.run_event, 0, lambda self, name, *a: name, add_event)
config = load_config("mkdocs.yml")
start = time.perf_counter()
B.build(config)
total = time.perf_counter() - start
with open(sys.argv[1], "w", encoding="utf-8") as fh:
    json.dump({"total": total, "events": events, "pages": pages, "rss_after": rss_after}, fh, ensure_ascii=False)
"""


def describe_pages(data: dict, site: Path) -> str:
    total = data["total"]
    sections: dict[str, list[float]] = {}
    rows = []
    for uri, (md, theme, dest) in data["pages"].items():
        section = uri.split("/", 1)[0] if "/" in uri else uri
        if section.endswith(".md"):
            section = "(home)"
        agg = sections.setdefault(section, [0, 0.0, 0.0, 0])
        agg[0] += 1
        agg[1] += md
        agg[2] += theme
        size = (site / dest).stat().st_size if (site / dest).is_file() else 0
        agg[3] += size
        rows.append((uri, md, theme, size))
    lines = [f"Build without the profiler: {total:.1f} s.\n",
             "#### Plugin events (all plugins, all pages)\n", "| event | s | share |", "|---|---:|---:|"]
    for name, t in sorted(data["events"].items(), key=lambda r: -r[1]):
        if t >= 0.01:
            lines.append(f"| `{name}` | {t:.2f} | {100 * t / total:.1f} % |")
    if data.get("rss_after"):
        lines += ["", "#### Memory of the build process after each event (its largest value)\n",
                  "| after | resident memory |", "|---|---:|"]
        order = ["config", "pre_build", "files", "nav", "pre_page", "page_read_source", "page_markdown", "page_content",
                 "env", "pre_template", "template_context", "post_template", "page_context", "post_page", "post_build"]
        for name in sorted(data["rss_after"], key=lambda e: order.index(e) if e in order else len(order)):
            lines.append(f"| `{name}` | {mb(data['rss_after'][name])} |")
    lines += ["", "#### By section of the site\n",
              "| section | pages | Markdown → HTML | into the theme + write | HTML output | share of build |",
              "|---|---:|---:|---:|---:|---:|"]
    for name, (count, md, theme, size) in sorted(sections.items(), key=lambda r: -(r[1][1] + r[1][2])):
        lines.append(f"| `{name}/` | {count:,} | {md:.2f} s | {theme:.2f} s | {mb(size)} | {100 * (md + theme) / total:.1f} % |")
    lines += ["", "#### Slowest pages\n", "| page | Markdown → HTML | into the theme + write | HTML |", "|---|---:|---:|---:|"]
    for uri, md, theme, size in sorted(rows, key=lambda r: -(r[1] + r[2]))[:12]:
        lines.append(f"| `{uri}` | {md:.2f} s | {theme:.2f} s | {kb(size)} |")
    return "\n".join(lines)


def profile(project: Path, n: int, out: Path, say, with_cprofile: bool = True) -> str:
    env = child_env()
    say(f"[{n}] timing each page and plugin event …")
    times_file = out / f"page-times-{n}.json"
    run([sys.executable, "-c", PAGE_TIMES, str(times_file)], project, env, out / f"page-times-{n}.log")
    page_part = ""
    if times_file.is_file():
        page_part = describe_pages(json.loads(times_file.read_text(encoding="utf-8")), project / "site")
    if not with_cprofile:
        return "\n".join([f"## Where the time of the {n:,}-dossier build goes\n", "### Pages and events, timed\n", page_part])
    build_prof, check_prof = out / f"profile-build-{n}.prof", out / f"profile-check-{n}.prof"
    say(f"[{n}] profiling mkdocs build (cProfile) …")
    b = run([sys.executable, "-m", "cProfile", "-o", str(build_prof), "-m", "mkdocs", "build", "--clean"],
            project, env, out / f"profile-build-{n}.log")
    say(f"[{n}] profiling check, one process (cProfile) …")
    c = run([sys.executable, "-c", PROFILE_CHECK, str(check_prof)], project, env, out / f"profile-check-{n}.log")
    parts = [f"## Where the time of the {n:,}-dossier build goes\n", "### Pages and events, timed\n", page_part, "",
             "### cProfile\n",
             f"cProfile, one process; wall time under the profiler {b.seconds:.1f} s (the profiler slows Python "
             "code down, so compare shares, not seconds). Loading runs in worker processes in the real build, "
             "which the profile of the main process sees as waiting; the serial `check` profile below shows "
             "what the workers do.\n"]
    if build_prof.is_file():
        parts.append(describe_build(pstats.Stats(str(build_prof))))
    if check_prof.is_file():
        parts.append(f"\n### `check` of {n:,} dossiers in one process (wall {c.seconds:.1f} s under the profiler)\n")
        parts.append(describe_check(pstats.Stats(str(check_prof))))
    return "\n".join(parts)


Key = tuple[str, int, str]


class Profile:
    def __init__(self, stats: pstats.Stats) -> None:
        self.stats: dict[Key, tuple] = stats.stats  # type: ignore[attr-defined]
        self.total = max((v[3] for v in self.stats.values()), default=0.0)

    def find(self, file_end: str, name: str) -> list[Key]:
        return [k for k in self.stats if k[2] == name and k[0].replace("\\", "/").endswith(file_end)]

    def cum(self, file_end: str, name: str) -> float:
        return sum(self.stats[k][3] for k in self.find(file_end, name))

    def edge(self, callee: tuple[str, str], caller: tuple[str, str]) -> float:
        """Cumulative time of ``callee`` when called from ``caller``."""
        total = 0.0
        callers = self.find(*caller)
        for k in self.find(*callee):
            for c in callers:
                if c in self.stats[k][4]:
                    total += self.stats[k][4][c][3]
        return total

    def children(self, parent: tuple[str, str], limit: int = 12) -> list[tuple[str, float]]:
        """The functions ``parent`` calls, by cumulative time spent in them from there."""
        parents = set(self.find(*parent))
        rows = []
        for k, v in self.stats.items():
            t = sum(v[4][p][3] for p in parents if p in v[4])
            if t > 0:
                rows.append((label(k), t))
        rows.sort(key=lambda r: -r[1])
        return rows[:limit]

    def by_own_time(self, limit: int = 15) -> list[tuple[str, float]]:
        rows = sorted(((label(k), v[2]) for k, v in self.stats.items()), key=lambda r: -r[1])
        return rows[:limit]

    def by_library(self) -> list[tuple[str, float]]:
        groups: dict[str, float] = {}
        for k, v in self.stats.items():
            groups[library(k)] = groups.get(library(k), 0.0) + v[2]
        return sorted(groups.items(), key=lambda r: -r[1])


def label(k: Key) -> str:
    path = k[0].replace("\\", "/")
    for marker in ("/site-packages/", "/work/main/", "/lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    if path.startswith(str(ROOT)):
        path = path[len(str(ROOT)) + 1 :]
    return f"{path}:{k[2]}" if path != "~" else k[2]


FRIENDLY = {
    "markdown": "Python-Markdown (page Markdown → HTML)",
    "pymdownx": "PyMdown extensions",
    "jinja2": "Jinja2 runtime",
    "markupsafe": "MarkupSafe (Jinja escaping)",
    "mkdocs": "MkDocs core",
    "material": "Material (Python)",
    "yaml": "PyYAML",
    "pydantic": "pydantic",
    "pydantic_core": "pydantic-core",
    "openpyxl": "openpyxl (Excel export)",
    "icalendar": "icalendar (calendar export)",
}


def library(k: Key) -> str:
    """A name for where a function lives: a package, this project's code or templates, a built-in."""
    path = k[0].replace("\\", "/")
    if path == "~":  # a built-in: its own name (builtins.max, str.join, posix.waitpid …)
        name = k[2]
        m = re.match(r"<built-in method (\S+)>", name) or re.match(r"<method '(\S+)' of '(\S+)' objects>", name)
        if m and m.lastindex == 2:
            return f"built-in {m.group(2)}.{m.group(1)}"
        return f"built-in {m.group(1)}" if m else f"built-in {name}"
    if "/generator/templates/" in path:
        return "Jinja: this project's page templates (generator/templates)"
    if "/material/templates/" in path:
        return "Jinja: Material's theme templates (main.html, partials)"
    if "/overrides/" in path:
        return "Jinja: theme overrides (overrides/)"
    if "/site-packages/" in path:
        top = path.split("/site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
        if path.split("/site-packages/", 1)[1].startswith("material/plugins/search/"):
            return "Material search plugin"
        return FRIENDLY.get(top, top)
    if f"{ROOT.as_posix()}/generator/" in path or "/generator/" in path:
        return f"generator/{path.rsplit('/generator/', 1)[1]}"
    if "/lib/python3" in path:  # the standard library
        rest = path.split("/lib/python3", 1)[1].split("/", 1)[-1]
        return "stdlib " + rest.split("/", 1)[0].removesuffix(".py")
    return path


def _rows(rows: list[tuple[str, float]], total: float, header: tuple[str, str] = ("what", "seconds")) -> str:
    lines = [f"| {header[0]} | {header[1]} | share |", "|---|---:|---:|"]
    for name, t in rows:
        lines.append(f"| {name} | {t:.2f} | {100 * t / total:.1f} % |" if total else f"| {name} | {t:.2f} | |")
    return "\n".join(lines)


BUILD = "mkdocs/commands/build.py"
PLUGIN = "generator/mkdocs/plugin.py"


def describe_build(stats: pstats.Stats) -> str:
    p = Profile(stats)
    total = p.cum(BUILD, "build") or p.total
    on_files = p.cum(PLUGIN, "on_files")
    populate = p.cum(BUILD, "_populate_page")
    build_page = p.cum(BUILD, "_build_page")
    phases = [
        ("startup: Python, imports, `mkdocs.yml` (outside `build()`)", max(0.0, p.total - total)),
        ("`get_files` + theme files (scan docs_dir)", p.cum(BUILD, "get_files") + p.cum("mkdocs/structure/files.py", "add_files_from_theme")),
        ("plugin `on_files`: load, validate, make every page and export", on_files),
        ("`get_navigation`", p.cum("mkdocs/structure/nav.py", "get_navigation")),
        ("MkDocs reads pages + renders their Markdown (`_populate_page`)", populate),
        ("  of which Python-Markdown (`Page.render`)", p.cum("mkdocs/structure/pages.py", "render")),
        ("copy static files (theme assets)", p.cum("mkdocs/structure/files.py", "copy_static_files")),
        ("theme templates (404, sitemap)", p.cum(BUILD, "_build_theme_template")),
        ("pages into the theme + write (`_build_page`)", build_page),
        ("  of which Material's `main.html` (Jinja render)", p.edge(("jinja2/environment.py", "render"), (BUILD, "_build_page"))),
        ("  of which `get_context` (nav per page)", p.edge((BUILD, "get_context"), (BUILD, "_build_page"))),
        ("  of which `on_page_context` / `on_post_page` plugins", p.edge(("mkdocs/plugins.py", "on_page_context"), (BUILD, "_build_page"))
         + p.edge(("mkdocs/plugins.py", "on_post_page"), (BUILD, "_build_page"))),
        ("  of which writing the HTML files", p.edge(("mkdocs/utils/__init__.py", "write_file"), (BUILD, "_build_page"))),
        ("anchor link validation", p.cum("mkdocs/structure/pages.py", "validate_anchor_links")),
        ("`on_post_build` plugins (search index)", p.cum("mkdocs/plugins.py", "on_post_build")),
        ("clean site directory", p.cum("mkdocs/utils/__init__.py", "clean_directory")),
    ]
    whole = p.total
    out = [f"Whole process {whole:.1f} s under the profiler; `build()` {total:.1f} s.\n",
           "### By build step (inclusive)\n", _rows(phases, whole, ("step", "s")), ""]
    if on_files:
        out += ["### Inside the plugin's `on_files` (inclusive, top calls)\n", _rows(p.children((PLUGIN, "on_files")), whole, ("call", "s")), ""]
        for provider_parent in (("generator/site/pages/__init__.py", "build_pages"), ("generator/exports/__init__.py", "build_files")):
            rows = p.children(provider_parent, limit=10)
            if rows:
                out += [f"#### `{provider_parent[1]}`\n", _rows(rows, whole, ("call", "s")), ""]
    out += ["### By library or module (exclusive time)\n", _rows(p.by_library()[:18], whole, ("library", "s")), "",
            "### Functions with the most time of their own\n", _rows(p.by_own_time(), whole, ("function", "s")), ""]
    return "\n".join(out)


def describe_check(stats: pstats.Stats) -> str:
    p = Profile(stats)
    total = p.total
    out = ["#### `checking.check` (inclusive, top calls)\n",
           _rows(p.children(("generator/check/run.py", "check")), total, ("call", "s")), ""]
    for parent in (("generator/source/loader.py", "load_file"), ("generator/source/loader.py", "parse_text")):
        rows = p.children(parent, limit=10)
        if rows:
            out += [f"#### `{parent[1]}`\n", _rows(rows, total, ("call", "s")), ""]
    out += ["#### By library or module (exclusive time)\n", _rows(p.by_library()[:14], total, ("library", "s")), "",
            "#### Functions with the most time of their own\n", _rows(p.by_own_time(12), total, ("function", "s")), ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------------
# Report


def mb(b: float) -> str:
    return f"{b / 1024 / 1024:,.0f} MB" if b >= 1024 * 1024 else f"{b / 1024:,.0f} KB"


def kb(b: float) -> str:
    return f"{b / 1024:,.0f} KB"


def secs(s: float | None) -> str:
    return "—" if s is None else f"{s:.1f} s" if s >= 10 else f"{s:.2f} s"


def describe_preview(p: bench_preview.PreviewFigures | None) -> str:
    if p is None:
        return "not run"
    if p.start_s is None:
        return f"failed ({p.error})"
    saves = ", ".join(f"{v:.1f}" for v in p.saves_s)
    title = f"; a title {p.title_s:.1f} s" if p.title_s is not None else ""
    return (f"started in {p.start_s:.1f} s; minutes saved → shown {secs(p.save_s)} (median of {saves} s){title}"
            + (f" ({p.error})" if p.error else ""))


def preview_table(results: list[SizeResult]) -> str:
    rows = [r for r in results if r.preview is not None]
    if not rows:
        return ""
    lines = ["| dossiers | | start (first page served): no cache | with the caches | minutes saved → page shown | "
             "a title saved → page shown |",
             "|---:|---|---:|---:|---:|---:|"]
    for r in rows:
        for who, p in (("`make serve`", r.preview), ("baseline `mkdocs serve`", r.baseline_preview)):
            if p is None:
                continue
            saves = f"{secs(p.save_s)} (median of {len(p.saves_s)})" if p.saves_s else "—"
            warm = secs(r.preview_warm_start_s) if p is r.preview else "(no cache)"
            lines.append(f"| {r.n:,} | {who} | {secs(p.start_s)} | {warm} | {saves} | {secs(p.title_s)} |")
    return "\n".join(lines)


def table(results: list[SizeResult]) -> str:
    lines = [
        "| setup | dossiers | pages | check | build | search index | peak memory | output | largest meeting page | largest page | build / baseline |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if r.check_only:
            lines.append(f"| this project, `check` only | {r.n:,} | | {secs(r.check_s)} ({secs(r.check_warm_s)} cached) | not run | | {mb(r.check_rss)} (check) | | | | |")
            continue
        s = r.site
        search = secs(r.search_s) + (" (in build)" if r.build_includes_search and r.search_s is not None else "")
        lines.append(
            f"| this project (`make site`) | {r.n:,} | {s.pages:,} | {secs(r.check_s)} ({secs(r.check_warm_s)} cached) | "
            f"{secs(r.build_s) + f' (CPU {secs(r.build_cpu)}); {secs(r.build_warm_s)} cached' if r.build_ok else 'failed'} | {search} | {mb(r.build_rss)} (tree {mb(r.build_tree_rss)}) | "
            f"{mb(s.bytes)} (search {mb(s.search_bytes)}) | {kb(s.largest_meeting_page)} | "
            f"{kb(s.largest_page)} `{s.largest_page_path}` | {f'**{r.ratio:.2f}**' if r.ratio else '—'}"
            f"{f' ({r.ratio_warm:.2f} cached)' if r.ratio_warm else ''} |"
        )
        if r.baseline_s:
            b = r.baseline_site
            lines.append(
                f"| baseline: Material, sidebar bounded, Chinese search (jieba) | {r.n:,} | {b.pages:,} | | "
                f"{secs(r.baseline_s) + f' (CPU {secs(r.baseline_cpu)})' if r.baseline_ok else 'failed'} | (in build) | {mb(r.baseline_rss)} (tree {mb(r.baseline_tree_rss)}) | "
                f"{mb(b.bytes)} (search {mb(b.search_bytes)}) | {kb(b.largest_meeting_page)} | {kb(b.largest_page)} `{b.largest_page_path}` | |"
            )
    return "\n".join(lines)


def cold_and_cached(results: list[SizeResult]) -> str:
    """Per size, each figure cold (no cache: a fresh clone) and cached (the caches of the run before), and
    the baseline's of the same run beside it."""
    rows = [r for r in results if not r.check_only and r.build_ok]
    if not rows:
        return ""

    def pair(cold: str, warm: str) -> str:
        return f"{cold} / {warm}"

    def share(v: float | None) -> str:
        return f"{v:.0%}" if v is not None else "—"

    def ratio(v: float | None) -> str:
        return f"{v:.2f}" if v is not None else "—"

    lines = ["| dossiers | check | build | build / baseline | tree memory | search share of the build | "
             "preview start | minutes saved → shown | baseline: build, tree memory, save → shown |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        p, bp = r.preview, r.baseline_preview
        base = (f"{secs(r.baseline_s)}, {mb(r.baseline_tree_rss)}, {secs(bp.save_s) if bp else '—'}"
                if r.baseline_ok else "not run")
        lines.append(
            f"| {r.n:,} | {pair(secs(r.check_s), secs(r.check_warm_s))} | {pair(secs(r.build_s), secs(r.build_warm_s))} | "
            f"{pair(ratio(r.ratio), ratio(r.ratio_warm))} | {pair(mb(r.build_tree_rss), mb(r.build_warm_tree_rss) if r.build_warm_tree_rss else '—')} | "
            f"{pair(share(r.search_share), share(r.search_share_warm))} | "
            f"{pair(secs(p.start_s), secs(r.preview_warm_start_s)) if p else '— / —'} | {secs(p.save_s) if p else '—'} | {base} |")
    return "\n".join(lines)


def targets(results: list[SizeResult]) -> str:
    lines = []

    def line(ok: bool, text: str) -> None:
        lines.append(f"- {'met' if ok else '**missed**'}: {text}")

    for r in results:
        if r.n == 3000 and r.ratio is not None:
            line(r.ratio <= TARGET_RATIO_3K, f"3,000 dossiers: build / baseline = {r.ratio:.2f} (target ≤ {TARGET_RATIO_3K})")
            if r.ratio_warm is not None:
                line(r.ratio_warm <= TARGET_RATIO_CACHED_3K,
                     f"3,000 dossiers, caches of the previous build: build / baseline = {r.ratio_warm:.2f} (target ≤ {TARGET_RATIO_CACHED_3K})")
        if r.preview is not None and r.preview.save_s is not None:
            base = r.baseline_preview.save_s if r.baseline_preview is not None else None
            text = (f"{r.n:,}: `make serve`, minutes saved → page shown {r.preview.save_s:.1f} s"
                    + (f", a title {r.preview.title_s:.1f} s" if r.preview.title_s is not None else "")
                    + (f" (baseline `mkdocs serve` {base:.1f} s)" if base is not None else ""))
            if r.n == 3000:
                line(r.preview.save_s <= TARGET_PREVIEW_3K_S, f"{text} (target ≤ {TARGET_PREVIEW_3K_S:.0f} s)")
            else:
                lines.append(f"- figure: {text} (the target, ≤ {TARGET_PREVIEW_3K_S:.0f} s, is set at 3,000)")
        if r.guard_share is not None:
            warm = (f"; {r.guard_warm_s:.2f} s of the {r.build_warm_s:.1f} s cached build"
                    if r.guard_warm_s is not None and r.build_warm_s else "")
            text = (f"{r.n:,} dossiers: the leak guard takes {r.guard_s:.2f} s of the {r.build_s:.1f} s build = "
                    f"{r.guard_share:.1%}, reading {r.guard_scan}{warm}")
            if r.n >= 3000:
                line(r.guard_share < TARGET_GUARD_SHARE, f"{text} (target < {TARGET_GUARD_SHARE:.0%})")
            else:
                lines.append(f"- figure: {text} (the target, < {TARGET_GUARD_SHARE:.0%}, is set at 3,000)")
        if r.recall_mean is not None:
            line(r.recall_mean >= 0.98 and r.recall_low == 0, f"{r.n:,}: search {r.recall} (target ≥ 0.98, none under 0.5)")
        if r.first_ms is not None:
            ok = (r.first_ms <= 1000 and (r.next_ms or 0) <= 1000 and (r.first_kb or 0) < 2048
                  and (r.next_kb or 0) < 2048)
            text = (f"{r.n:,}: search in Chromium, first word {r.first_ms:.0f} ms and {r.first_kb:.0f} KB fetched "
                    f"(the search loaded on first use); later words ≤ {r.next_ms or 0:.0f} ms, ≤ {r.next_kb or 0:.0f} KB")
            if r.n >= 10000:
                line(ok, f"{text} (target ≤ 1 s, < 2 MB)")
            else:
                lines.append(f"- figure: {text}")
        if r.search_share is not None:
            text = (f"{r.n:,}: the search index takes {r.search_in_build_s:.1f} s of the {r.build_s:.1f} s cold build = "
                    f"{r.search_share:.1%}; alone, from scratch, {secs(r.search_s)}, peak {mb(r.search_rss)}")
            if r.n >= 10000:
                line(r.search_share <= 0.20 and r.search_rss < 1024**3, f"{text} (target ≤ 20 %, peak < 1 GB)")
            else:
                lines.append(f"- figure: {text}")
        if r.n >= 10000:
            line(r.check_ok and r.check_s < TARGET_CHECK_10K_S, f"check of {r.n:,}, no cache: {r.check_s:.2f} s (target < {TARGET_CHECK_10K_S:.0f} s)")
            if r.check_warm_s is not None:
                line(r.check_warm_s < TARGET_CHECK_10K_S,
                     f"check of {r.n:,}, cache of a previous run: {r.check_warm_s:.2f} s (target < {TARGET_CHECK_10K_S:.0f} s)")
            if r.build_ok:
                line(r.build_s < TARGET_BUILD_10K_S, f"build of {r.n:,}: {r.build_s:.1f} s (target < {TARGET_BUILD_10K_S:.0f} s)")
                if r.build_warm_s is not None:
                    line(r.build_warm_s < TARGET_BUILD_10K_S,
                         f"build of {r.n:,}, caches of the previous build: {r.build_warm_s:.1f} s (target < {TARGET_BUILD_10K_S:.0f} s)")
                line(r.build_tree_rss < TARGET_MEMORY_10K_B,
                     f"peak memory of the build of {r.n:,}: {mb(r.build_tree_rss)} for all its processes, {mb(r.build_rss)} the largest one (target < 1.5 GB)")
        if r.build_ok and not r.check_only:
            line(r.site.meeting_pages_over_limit == 0,
                 f"{r.n:,}: largest meeting page {kb(r.site.largest_meeting_page)} `{r.site.largest_meeting_page_path}`, "
                 f"{r.site.meeting_pages_over_limit} of {r.site.meeting_pages:,} over 100 KB")
    if not any(r.n >= 10000 and not r.check_only for r in results):
        lines.append("- not measured here: the build targets at 10,000 (run with `--sizes 1000,3000,10000`)")
    return "\n".join(lines)


def linear(results: list[SizeResult]) -> str:
    ok = [r for r in results if r.build_ok and not r.check_only]
    if len(ok) < 2:
        return ""
    rows = ["| dossiers | check per 1,000 | build per 1,000 | baseline per 1,000 |", "|---:|---:|---:|---:|"]
    for r in ok:
        k = r.n / 1000
        rows.append(f"| {r.n:,} | {r.check_s / k:.2f} s | {r.build_s / k:.2f} s | "
                    f"{(f'{r.baseline_s / k:.2f} s' if r.baseline_s else '—')} |")
    return "\n".join(rows)


def machine() -> str:
    import platform  # noqa: PLC0415

    from importlib.metadata import version  # noqa: PLC0415

    def v(name: str) -> str:
        try:
            return version(name)
        except Exception:  # noqa: BLE001
            return "absent"

    try:  # which code was measured (read only: rev-parse and status change nothing)
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=False).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "generator"], cwd=ROOT,
                               capture_output=True, text=True, check=False).stdout.strip()
        code = f"commit {head}{' with local changes to generator/' if dirty else ''}; " if head else ""
    except OSError:
        code = ""
    return (f"{code}{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores; "
            f"MkDocs {v('mkdocs')}, Material {v('mkdocs-material')}, pydantic {v('pydantic')}, "
            f"jieba {v('jieba')}, numpy {v('numpy')}")


# ---------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,3000", help="comma-separated numbers of dossiers (default 1000,3000)")
    parser.add_argument("--out", type=Path, default=Path("bench-out"), help="folder for report.md, results.json, logs, profiles")
    parser.add_argument("--check-sizes", default="", metavar="N,…",
                        help="numbers of dossiers for which only `check` is timed (e.g. 10000 when a build would take too long)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="also profile the build of N dossiers (one of --sizes)")
    parser.add_argument("--repeat", type=int, default=1, metavar="R",
                        help="run each timed command R times and keep the fastest (other work on the machine adds noise)")
    parser.add_argument("--times", type=int, default=0, metavar="N",
                        help="time each page and plugin event of the build of N dossiers (no profiler)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the plain MkDocs + Material build")
    parser.add_argument("--no-preview", action="store_true", help="skip the timing of make serve (and of the baseline's)")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects (under --out/work)")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    check_sizes = [int(s.replace("_", "")) for s in args.check_sizes.split(",") if s.strip()]
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    def say(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    # jieba builds its dictionary cache on first use: pay that once, outside any measurement.
    subprocess.run([sys.executable, "-c", "import jieba; jieba.initialize()"], env=child_env(),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    results: list[SizeResult] = []
    profile_text = ""
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
    work_parent = out / "work" if args.keep else Path(tempfile.mkdtemp(prefix="meeting-bench-"))
    try:
        for n in sizes:
            work = work_parent / f"n{n}"
            if work.exists():
                shutil.rmtree(work)
            results.append(bench_size(n, args.seed, work, out, not args.no_baseline, args.repeat, say,
                                      preview=not args.no_preview))
            if args.profile == n:
                profile_text = profile(work / f"project-{n}", n, out, say)
            elif args.times == n:
                profile_text = profile(work / f"project-{n}", n, out, say, with_cprofile=False)
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
        for n in check_sizes:
            work = work_parent / f"n{n}-check"
            if work.exists():
                shutil.rmtree(work)
            results.append(bench_size(n, args.seed, work, out, False, args.repeat, say, check_only=True))
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(work_parent, ignore_errors=True)

    load_after = os.getloadavg() if hasattr(os, "getloadavg") else None
    load = (f" Load average (1 min) {load_before[0]:.1f} before, {load_after[0]:.1f} after: anything above 0 is other "
            "work sharing the cores, and slows every figure here." if load_before and load_after else "")
    best_of = f" Each time is the fastest of {args.repeat} runs." if args.repeat > 1 else ""
    report = [
        "# make bench\n",
        machine() + f"; synthetic dossiers (tests/synth.py, seed {args.seed}), built as of {synth.AS_OF}, "
        f"audience of mkdocs.yml.{best_of}{load}\n",
        table(results), "",
        "Check and build: first with no cache (`.cache/` removed: a fresh clone), then run again "
        "(\"cached\": the dossiers unchanged since the previous run, whose caches answer: the check "
        "results per file and the rendered meeting pages and search records of the same audience). "
        "Build: wall time, and in brackets the CPU time of all its processes. Peak memory: the largest single process (wait4 maxrss), and in brackets the sum over the build's "
        "process tree (its worker processes; proportional set sizes, so a page the forked workers share with "
        "the build counts once), sampled every 100 ms. Output: every file of site/, the "
        "search index in brackets. The build includes the search index when the plugin runs it; the "
        "search index column times it alone, run again on the built site.\n",
        "## Cold and cached\n", cold_and_cached(results), "",
        "Each pair: no cache (a fresh clone) / the caches of the run before. The search share is the search "
        "index's time in the build's log over the build's time. The preview: `make serve` started (first page "
        "served), and the median of three saves of the minutes (see Live preview).\n",
        "## Targets\n", targets(results), "",
    ]
    pv = preview_table(results)
    if pv:
        report += ["## Live preview\n", pv, "",
                   "`make serve` timed from outside (tests/bench_preview.py): from launching it to the first meeting "
                   "page served (first with `.cache/` removed, as on a fresh clone; then started again with the "
                   "caches it left), then from saving a dossier to its page loaded "
                   "with the change, as a browser showing it does (it waits on the preview's reload call, then loads the page). Three saves add a sentence to the minutes of dossiers "
                   "spread over the archive; the last changes a title. The baseline serves its plain pages and "
                   "is saved once.\n"]
    lin = linear(results)
    if lin:
        report += ["## Growth\n", lin, ""]
    notes = [n for r in results for n in r.notes]
    if notes:
        report += ["## Notes\n", *[f"- {n}" for n in notes], ""]
    if profile_text:
        report += [profile_text, ""]
    text = "\n".join(report)
    print(text)
    (out / "report.md").write_text(text, encoding="utf-8")
    (out / "results.json").write_text(
        json.dumps([dict(asdict(r), ratio=r.ratio) for r in results], ensure_ascii=False, indent=2), encoding="utf-8"
    )
    say(f"report: {out / 'report.md'}")
    return 0 if all((r.build_ok or r.check_only) and r.check_ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
