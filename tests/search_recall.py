"""Recall of the site's search, measured the way a reader searches: in Chromium, with the site's own
index and the site's own ``search.js`` searching it, exactly as the header box does.

The truth does not come from the search record or the pages: it comes from the dossier files. A
meeting's own text is every string value of its front matter (what the clerk wrote: names, units,
topics, tasks, feedback; not ids, references to other dossiers or file paths) and its minutes. For a
word, the meetings whose text holds it are the ones a search must find.

The words are drawn as the issue drew them: jieba words of 2–4 Chinese characters that occur on 2–40
meetings, plus the people and units of the attendee lists and the ledger (the names as written, of
any length). The draw is fixed by the text and a seed (each word's hash), so the same archive always
gives the same list. ``tests/browser/test_search_recall.py`` asserts on it; ``make bench`` prints it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.source.loader import dossier_id

HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]+$")
_SKIP_KEYS = {"id", "file", "carried_from", "decision", "date", "start", "end", "time", "due", "closed_on",
              "returned_on", "destroyed_on"}
_PEOPLE = {"name", "substitute", "owner", "chair", "recorder", "presenter", "supervisor", "approved_by", "witness",
           "keeper"}
_UNITS = {"unit", "organizer", "co_units", "to"}
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _values(node, key: str = "", out: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    """(field name, text) for every string value of a front matter."""
    out = [] if out is None else out
    if isinstance(node, dict):
        for k, v in node.items():
            if str(k) not in _SKIP_KEYS:
                _values(v, str(k), out)
    elif isinstance(node, list):
        for item in node:
            _values(item, key, out)
    elif isinstance(node, str):
        out.append((key, node))
    return out


@dataclass
class Meeting:
    url: str  # /meetings/<YYYY>/<id>/
    text: str  # its own text
    people: list[str]
    units: list[str]


def meetings(dossiers: Path) -> list[Meeting]:
    """Every meeting of a dossiers folder with its own text (a flat dossier or a folder's index.md)."""
    out = []
    for path in sorted(dossiers.rglob("*.md")):
        rel = path.relative_to(dossiers)
        if rel.parts[0].startswith("_"):
            continue
        ident = dossier_id(path)
        raw = path.read_text(encoding="utf-8-sig")
        _, front, body = raw.split("---\n", 2)
        fm = yaml.safe_load(front)
        values = _values(fm)
        text = "\n".join(v for _, v in values) + "\n" + _COMMENT.sub("", body)
        people = [v for k, v in values if k in _PEOPLE]
        units = [v for k, v in values if k in _UNITS]
        out.append(Meeting(f"/meetings/{str(fm['date'])[:4]}/{ident}/", text, people, units))
    return out


def _rank(word: str) -> str:
    return hashlib.blake2b(word.encode("utf-8"), digest_size=8).hexdigest()


def draw(ms: list[Meeting], n_words: int = 70, n_names: int = 20, least: int = 2, most: int = 40) -> list[str]:
    """The fixed list of words: ``n_words`` jieba words and ``n_names`` names of people and units, each
    on ``least``–``most`` meetings, taken in the order of their hash."""
    import jieba  # noqa: PLC0415

    jieba.setLogLevel(60)
    words: set[str] = set()
    for m in ms:
        for w in jieba.cut(m.text):
            if 2 <= len(w) <= 4 and HAN.match(w):
                words.add(w)
    names = {x for m in ms for x in (*m.people, *m.units) if HAN.match(x) and len(x) >= 2}

    def spread(w: str) -> bool:
        return least <= sum(1 for m in ms if w in m.text) <= most

    def first(candidates, n: int) -> list[str]:  # in hash order, the first n that are spread as asked
        out = []
        for w in sorted(candidates, key=_rank):
            if len(out) == n:
                break
            if spread(w):
                out.append(w)
        return out

    picked_names = first(names, n_names)
    return first(words - set(picked_names), n_words) + picked_names


def truth(ms: list[Meeting], word: str) -> set[str]:
    return {m.url for m in ms if word in m.text}


def record_urls(site: Path) -> dict[int, str]:
    """A result's id (its meeting's number in the index) → the page's address, from the records."""
    return {int(f.stem): "/" + json.loads(f.read_text(encoding="utf-8"))["u"]
            for f in (site / "search" / "p").glob("*.json")}


SEARCH_ALL = """async (words) => {
  const out = {};
  for (const w of words) out[w] = (await window.__maSearchText.find(w)).map((x) => x.id);
  return out;
}"""


@dataclass
class Recall:
    words: list[str]
    per_word: dict[str, float]
    found: dict[str, int]
    expected: dict[str, int]
    extra: dict[str, int]  # results that are not in the truth (precision)

    @property
    def mean(self) -> float:
        return sum(self.per_word.values()) / len(self.per_word) if self.per_word else 0.0

    @property
    def worst(self) -> list[tuple[str, float]]:
        return sorted(self.per_word.items(), key=lambda kv: kv[1])[:5]

    def summary(self) -> str:
        low = sum(1 for v in self.per_word.values() if v < 0.5)
        return (f"mean recall {self.mean:.3f} over {len(self.words)} words, {low} under 0.5; worst: "
                + ", ".join(f"{w} {v:.2f} ({self.found[w]}/{self.expected[w]})" for w, v in self.worst))


def measure(page, site: Path, ms: list[Meeting], words: list[str]) -> Recall:
    """Search every word in ``page`` (a page of the served ``site``, its search script loaded)."""
    page.wait_for_function("() => window.__maSearchText !== undefined")
    ids = page.evaluate(SEARCH_ALL, words)
    urls = record_urls(site)
    per, found, expected, extra = {}, {}, {}, {}
    for w in words:
        want = truth(ms, w)
        got = {urls.get(i, i) for i in ids[w]}
        expected[w], found[w] = len(want), len(got & want)
        extra[w] = len(got - want)
        per[w] = found[w] / len(want) if want else 1.0
    return Recall(words, per, found, expected, extra)


# ---------------------------------------------------------------------------------------------------
# For make bench: the same measure on a built site, and what a reader waits for and fetches


@dataclass
class BrowserFigures:
    recall: Recall
    first_ms: float  # typing the first word into the header box → the first result shown (loads the search)
    next_ms: list[float]  # each later word → its first result
    first_bytes: int  # fetched for the first word, from the click into the box
    next_bytes: list[int]


def browser_figures(site: Path, dossiers: Path, chromium: str = "/usr/bin/chromium", sample: int = 600) -> BrowserFigures:
    """Recall over the drawn words (drawn from ``sample`` meetings, truth over all that are published)
    and the reader's wait, in Chromium, on ``site`` served by a local http.server."""
    import functools  # noqa: PLC0415
    import threading  # noqa: PLC0415
    import time  # noqa: PLC0415
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer  # noqa: PLC0415

    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:  # noqa: D102
            pass

    published = {"/" + p.parent.relative_to(site).as_posix() + "/" for p in site.glob("meetings/*/*/index.html")}
    ms = [m for m in meetings(dossiers) if m.url in published]
    step = max(1, len(ms) // sample)
    words = draw(ms[::step])
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--headless"])
            page = browser.new_page(locale="zh-CN")
            fetched: list[int] = []
            page.on("requestfinished", lambda req: fetched.append(req.sizes()["responseBodySize"]))
            page.goto(origin + "/", wait_until="networkidle")
            timed: list[tuple[float, int]] = []
            # Four words of the list, then two that most meetings hold (the most the index has to send).
            common = [w for w in ("会议", "县人民政府", "工作") if sum(1 for m in ms if w in m.text) > len(ms) / 2]
            for word in words[:4] + common[:2]:
                fetched.clear()
                started = time.perf_counter()
                if not timed:
                    page.get_by_placeholder("搜索会议档案").click()
                    page.wait_for_selector(".pagefind-ui__search-input")
                box = page.locator(".pagefind-ui__search-input")
                box.fill(word)
                page.wait_for_function("(w) => { const m = document.querySelector('.pagefind-ui__message');"
                                       " return m && m.textContent.includes(w) && !m.textContent.startsWith('正在');"
                                       " }", arg=word, timeout=60000)
                page.wait_for_selector(".pagefind-ui__result", timeout=60000)
                timed.append(((time.perf_counter() - started) * 1000, sum(fetched)))
            recall = measure(page, site, ms, words)
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return BrowserFigures(recall, timed[0][0], [t for t, _ in timed[1:]], timed[0][1], [b for _, b in timed[1:]])
