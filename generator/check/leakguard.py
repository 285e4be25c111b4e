"""The leak guard: before anything is published, every output of a build is searched for the dossiers the
build withholds.

Each page, export and index is made only from the visible dossiers, so nothing of a withheld dossier
can be in the output. This guard does not trust that: it is the second wall, and it would have caught
every leak this project has had (a dossier naming a sibling's file, a kept search index bringing back a
page, a publish built into the wrong place). At the end of a build it

1. gathers what identifies each withheld dossier (``Withheld``): its id (also as a web address), runs of
   the text of its front matter and its minutes, and the bytes of the files it names. Text that a
   visible dossier, the site's configuration or the site's own templates also hold is not
   distinctive and is left out, as is text too short to tell anything apart;
2. reads every file the build is about to publish (``scan``): HTML, CSS and scripts, the search index
   (gzip opened), the exports (xlsx opened as a zip, the calendar unfolded), the sitemap and the feed,
   attachments (zip members opened), and every file and folder name;
3. fails the build when it finds any, naming the output file, never the withheld text.

Runs of text are cut where an output format might change the text (line breaks, runs of spaces,
``& < > " ' \\ ; ,``, Markdown's marks) and where a clause ends (，。；…), so the same run is found in
HTML, JSON, CSV, iCalendar and the search index as written; Pagefind's zero-width spaces between
Chinese words are ignored, and JSON's ``\\uXXXX`` and HTML's numeric character references are read as
what they stand for. The search is one Aho–Corasick automaton over the UTF-8 bytes (ahocorasick-rs,
Rust's aho-corasick), so its cost is one pass over the output, whatever the number of withheld
dossiers; a large build's output is read by both cores.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import AbstractSet, Any, Iterable, Iterator
from urllib.parse import quote, unquote

import ahocorasick_rs
from pydantic import BaseModel

from ..core import chars, tree
from .cache import files_stamp

MIN_WEIGHT = 20  # a run of text counts when it is at least 10 Chinese characters or 20 letters
TITLE_WEIGHT = 12  # a title, and an attachment's name, from 6 Chinese characters
CHUNK = 32  # longer runs are looked for in pieces of this many characters
PER_DOSSIER = 120  # at most this many runs of text per withheld dossier (the longest)
MAX_READ = 256 * 1024 * 1024  # bytes read of one compressed member (a zip bomb is cut off here)

# Where an output format may change the text: line breaks and runs of whitespace (collapsed, folded),
# what HTML, XML, JSON, CSV and iCalendar escape, and the marks Markdown turns into markup; and where a
# clause ends, so that a leak of one clause is found on its own.
_BREAK = re.compile(r"(?:[\t\r\n\f\v]|\s{2,}|[&<>\"'\\;,*_`#\[\]()!~|^{}=\u200b\ufeff，。；：！？、“”‘’（）《》【】…—])+")
_SKIP_FIELDS = frozenset({"carried_from", "decision"})  # references, shown only as links when visible


_NO_DIGITS = str.maketrans("", "", "0123456789")


def weight(run: str) -> float:
    """How much a run of text tells: a Chinese character 2 (any character beyond ASCII is counted by its
    UTF-8 bytes: 3 bytes, 2 points), a digit ½ (dates and counts are made by the pages themselves), a
    space nothing, anything else 1."""
    n = len(run)
    digits = n - len(run.translate(_NO_DIGITS))
    return n + (len(run.encode("utf-8", "surrogateescape")) - n) / 2 - 0.5 * digits - run.count(" ")


def runs(text: str, least: float = MIN_WEIGHT) -> Iterator[str]:
    """The runs of ``text`` worth looking for."""
    for part in _BREAK.split(text):
        if 2 * len(part) < least:  # too short whatever it holds
            continue
        part = part.strip()
        if weight(part) < least:
            continue
        if len(part) <= CHUNK:
            yield part
            continue
        for i in range(0, len(part), CHUNK // 2):  # overlapping: a leak of 1½ pieces holds a whole one
            piece = part[i:i + CHUNK]
            if weight(piece) >= least:
                yield piece


def model_texts(value: Any) -> Iterator[str]:
    """Every piece of text a front matter model holds (not its references to other dossiers)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in _SKIP_FIELDS:
                yield from model_texts(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from model_texts(item)


_KEY_VALUE = re.compile(r"^[ \t-]*[A-Za-z_][A-Za-z0-9_]*[ \t]*[:：][ \t]*(.*?)(?:[ \t]+#.*)?$")


def dossier_texts(d) -> Iterator[str]:
    """The text of a dossier: its front matter values and its minutes. A dossier whose front matter did
    not load gives the values of its raw lines (comments left out)."""
    if d.fm is not None:
        yield from model_texts(d.fm)
    else:
        for line in (d.fm_text or "").split("\n"):
            if line.lstrip().startswith("#"):
                continue
            m = _KEY_VALUE.match(line)
            yield m.group(1) if m else line
    yield d.body or ""


def _title(d) -> str | None:
    if d.fm is not None:
        return d.fm.title
    m = re.search(r"^title[ \t]*:[ \t]*[\"']?(.*?)[\"']?[ \t]*$", d.fm_text or "", re.MULTILINE)
    return m.group(1) if m else None


@dataclass
class Withheld:
    """What identifies the dossiers a build withholds: runs of text to look for, and files."""

    count: int = 0
    needles: set[str] = field(default_factory=set)
    files: dict[int, set[bytes]] = field(default_factory=dict)  # size → digests of the files they name

    def empty(self) -> bool:
        return not self.needles and not self.files


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


def _automaton(words: Iterable[str]) -> ahocorasick_rs.AhoCorasick | None:
    words = list(words)
    return ahocorasick_rs.AhoCorasick(words) if words else None


def _bytes_automaton(words: AbstractSet[str]) -> ahocorasick_rs.BytesAhoCorasick | None:
    """The automaton of ``words``; the last one made is kept, as a live preview looks for the same words
    build after build (a tenth of a second to make at 300 withheld dossiers)."""
    if _LAST_AUTOMATON and _LAST_AUTOMATON[0] == words:
        return _LAST_AUTOMATON[1]
    encoded = [w.encode("utf-8") for w in words]
    automaton = (ahocorasick_rs.BytesAhoCorasick(encoded, implementation=ahocorasick_rs.Implementation.DFA)
                 if encoded else None)
    _LAST_AUTOMATON[:] = [frozenset(words), automaton]
    return automaton


_LAST_AUTOMATON: list = []  # [the words, their automaton]


@dataclass
class GatherMemo:
    """What ``gather`` found last time, for a caller that gathers again and again over mostly the same
    dossiers (a live preview): the candidates of the same withheld dossiers, and the candidates each
    unchanged visible dossier (or text) holds, are not searched for again."""

    key: bytes = b""
    words: list[str] = field(default_factory=list)
    automaton: Any = None
    files: dict[int, set[bytes]] = field(default_factory=dict)
    found: dict[bytes, frozenset[int]] = field(default_factory=dict)  # digest of a text → candidates in it


def _withheld_key(withheld: list) -> bytes:
    h = hashlib.blake2b(digest_size=20)
    for d in withheld:
        h.update(f"{d.path}\0{d.id}\0{d.fm_text}\0{d.body}\0".encode("utf-8", "surrogatepass"))
        h.update(files_stamp(d.deps))
    return h.digest()


def gather(withheld: list, visible: list, allowed_text: Iterable[str] = (), memo: GatherMemo | None = None) -> Withheld:
    """What identifies ``withheld`` and is not also in ``visible`` or in ``allowed_text`` (the site's
    configuration and templates). ``memo``: what an earlier call found (kept up to date here)."""
    out = Withheld(count=len(withheld))
    key = _withheld_key(withheld) if memo is not None else b""
    if memo is not None and memo.key == key:
        words, automaton, out.files = memo.words, memo.automaton, memo.files
    else:
        candidates: dict[str, None] = {}
        for d in withheld:
            for ident in (d.id, quote(d.id)):
                if weight(ident) >= 8:  # ids are dates and a name: distinctive even when short
                    candidates[ident] = None
            for run in runs(_title(d) or "", TITLE_WEIGHT):
                candidates[run] = None
            rest: dict[str, None] = {}
            for text in dossier_texts(d):
                for run in runs(text):
                    rest[run] = None
            for dep in list(dict.fromkeys(d.deps)):
                _note_file(dep, out, rest)
            for run in sorted(rest, key=weight, reverse=True)[:PER_DOSSIER]:
                candidates[run] = None
        words = list(candidates)
        automaton = _automaton(words)
        if memo is not None:
            memo.key, memo.words, memo.automaton, memo.files, memo.found = key, words, automaton, out.files, {}
    if automaton is not None:
        shared: set[int] = set()
        found: dict[bytes, frozenset[int]] = {}
        for raw, texts in _visible_parts(visible, allowed_text):
            digest = _digest(raw) if memo is not None else b""
            hits = memo.found.get(digest) if memo is not None else None
            if hits is None:
                hits = frozenset(index for text in texts()
                                 for index, _, _ in automaton.find_matches_as_indexes(text, overlapping=True))
            found[digest] = hits
            shared |= hits
        if memo is not None:
            memo.found = found
        out.needles = set(words) - {words[i] for i in shared}
    return out


def _visible_parts(visible: list, allowed_text: Iterable[str]) -> Iterator[tuple[bytes, Any]]:
    """(what a part is made from, a function giving its texts): the site's own texts, then each visible dossier."""
    for text in allowed_text:
        yield text.encode("utf-8", "surrogatepass"), lambda text=text: [_flat(text)]
    for d in visible:
        raw = f"{d.path}\0{d.fm_text}\0{d.body}".encode("utf-8", "surrogatepass")
        yield raw, lambda d=d: list(_dossier_visible_texts(d))


def _dossier_visible_texts(d) -> Iterator[str]:
    # The front matter as written holds every value (and a little more: keys and comments, which
    # only make fewer runs count), and is read much faster than the model is walked.
    yield _flat(f"{d.fm_text}\n{d.body}\n{chars.clean_body(d.body)}")  # the minutes also as published
    if d.fm is not None:
        # What the pages make of it besides: attachment names as they stand in links, and a person
        # with their unit as the attendance report writes them (县水利局张三).
        yield "\n".join(quote(doc.file.replace("\\", "/")) for doc in d.fm.documents if doc.file)
        yield "\n".join(f"{a.unit}{a.name}\n{a.unit}{a.substitute or ''}" for a in d.fm.attendees)


def _note_file(path: str, out: Withheld, mine: dict[str, None]) -> None:
    """A file a withheld dossier names: its bytes (looked for whole), its name, and if it is text, its runs."""
    try:
        if not os.path.isfile(path) or os.path.getsize(path) > 512 * 1024 * 1024:
            return
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return
    if data:
        out.files.setdefault(len(data), set()).add(_digest(data))
    name = os.path.basename(path)
    for run in (*runs(name, TITLE_WEIGHT), *runs(quote(name), TITLE_WEIGHT)):
        mine[run] = None
    if path.lower().endswith((".txt", ".csv")):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            for run in runs(text):
                mine[run] = None
            break


def _flat(text: str) -> str:
    return text.replace("\u200b", "")


_ZWSP = "\u200b".encode("utf-8")  # Pagefind puts one between Chinese words


_JSON_ESCAPE = re.compile(r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})")
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{2,6})|([0-9]{3,7}));")
_CHAR_REF_BYTES = re.compile(rb"&#(?:[xX][0-9a-fA-F]{2,6}|[0-9]{3,7});")
_THEME_CONFIG = re.compile(rb'<script id="__config" type="application/json">[^<]*</script>')


def _json_char(m: re.Match) -> str:
    if m.group(3):
        return chr(int(m.group(3), 16))
    high, low = int(m.group(1), 16), int(m.group(2), 16)
    return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


def _ref_char(m: re.Match) -> str:
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else m.group(0)


def _decode_escapes(text: str) -> str:
    """``text`` with JSON's \\uXXXX and HTML's numeric character references read as the characters they
    stand for (only looked at when there are any)."""
    if "\\u" in text:
        text = _JSON_ESCAPE.sub(_json_char, text)
    if "&#" in text and _CHAR_REF.search(text):
        text = _CHAR_REF.sub(_ref_char, text)
    return text


# ---------------------------------------------------------------------------------------------------
# The scan


@dataclass(frozen=True)
class Finding:
    path: str  # the output file, relative to the site, with any part that would tell withheld text hidden
    what: str  # "text", "name" or "file"


class Scanner:
    """Searches output for the withheld dossiers, in the bytes of each file as UTF-8. ``boilerplate``:
    long pieces of text every page repeats (the theme's frame of the meeting pages), each searched once
    here and then cut out of every page before the search, which is most of a large site's bytes; a
    piece that itself held anything would simply be searched in every page."""

    def __init__(self, withheld: Withheld, boilerplate: Iterable[str] = ()) -> None:
        self.automaton = _bytes_automaton(withheld.needles)
        self.files = withheld.files
        self.bytes_read = 0
        self.files_read = 0
        self.rels: list[str] = []  # every file of the site scanned (read, or skipped as read before)
        pieces = sorted({b.encode("utf-8") for b in boilerplate if len(b) >= 200}, key=len, reverse=True)
        self.boilerplate = [b for b in pieces if not self.has_bytes(b)]

    def has_bytes(self, data: bytes) -> bool:
        """Whether ``data`` holds any run of a withheld dossier."""
        if self.automaton is None or not data:
            return False
        if _ZWSP in data:
            data = data.replace(_ZWSP, b"")
        if self.automaton.find_matches_as_indexes(data, overlapping=False):
            return True
        # The same text escaped as JSON (\u4f1a) or as HTML character references (&#20250;). The theme's
        # own settings block in every page (its translations escaped as JSON, made from mkdocs.yml, not from
        # any dossier) is searched as it is above, but does not on its own make the page worth decoding.
        probe = _THEME_CONFIG.sub(b"", data) if b'id="__config"' in data else data
        if b"\\u" in probe or (b"&#" in probe and _CHAR_REF_BYTES.search(probe)):
            decoded = _decode_escapes(data.decode("utf-8", "replace")).encode("utf-8", "replace").replace(_ZWSP, b"")
            return bool(self.automaton.find_matches_as_indexes(decoded, overlapping=False))
        return False

    def has_text(self, text: str) -> bool:
        return self.has_bytes(text.encode("utf-8", "surrogateescape"))

    def has_file(self, data: bytes) -> bool:
        digests = self.files.get(len(data))
        return bool(digests) and _digest(data) in digests

    def content(self, data: bytes, name: str, depth: int = 0) -> str | None:
        """What in ``data`` (a file called ``name``) gives a withheld dossier away: "file", "text" or None."""
        self.bytes_read += len(data)
        if self.has_file(data):
            return "file"
        if data[:2] == b"\x1f\x8b" and depth < 3:  # gzip: the search index, sitemap.xml.gz, a .txt.gz
            try:
                with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
                    inner = fh.read(MAX_READ)
            except (OSError, EOFError):
                inner = b""
            return self.content(inner, name[:-3] if name.endswith(".gz") else name, depth + 1)
        if data[:4] == b"PK\x03\x04" and depth < 3:  # zip: the xlsx, a zip or docx attachment
            found = self._zip(data, depth)
            if found:
                return found
        if name.endswith(".ics"):
            data = data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")  # lines folded at 75 octets
        elif name.endswith(".html"):
            for piece in self.boilerplate:
                if piece in data:
                    data = data.replace(piece, b"\x00")
        return "text" if self.has_bytes(data) else None

    def _zip(self, data: bytes, depth: int) -> str | None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for info in zf.infolist():
                    if self.has_text(info.filename):
                        return "name"
                    if info.is_dir():
                        continue
                    with zf.open(info) as member:
                        inner = member.read(MAX_READ)
                    found = self.content(inner, info.filename, depth + 1)
                    if found:
                        return found
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, NotImplementedError):
            return None  # not a zip we can open (encrypted, damaged): its bytes were searched as they are
        return None

    def name(self, rel: str) -> bool:
        return self.has_text(rel) or self.has_text(unquote(rel))

    def shown(self, rel: str) -> str:
        """``rel`` with every part that would give withheld text away replaced by …"""
        return "/".join("…" if self.name(part) else part for part in rel.split("/"))

    def files_of(self, root: Path, rels: list[str]) -> tuple[list[Finding], int, int]:
        """Search the files ``rels``; returns what was found, and how many files and bytes were read."""
        found: list[Finding] = []
        files, read = self.files_read, self.bytes_read
        top = str(root)
        for rel in rels:
            try:
                with open(os.path.join(top, rel), "rb") as fh:
                    data = fh.read()
            except OSError:
                continue
            self.files_read += 1
            what = self.content(data, rel.rsplit("/", 1)[-1])
            if what:
                found.append(Finding(self.shown(rel), what))
        return found, self.files_read - files, self.bytes_read - read


_JOB: dict[str, Any] = {}  # the scanner and root, set before the workers are forked


def _scan_part(rels: list[str]) -> tuple[list[Finding], int, int]:
    return _JOB["scanner"].files_of(_JOB["root"], rels)


def scan(site_dir: Path | str, withheld: Withheld, boilerplate: Iterable[str] = (),
         workers: int = 1, skip: AbstractSet[str] = frozenset()) -> tuple[list[Finding], Scanner]:
    """Every file under ``site_dir`` that holds something of the withheld dossiers. ``workers`` > 1:
    the files are read by that many processes forked from this one (only where forking is safe: a
    ``mkdocs build``, not the threads of ``mkdocs serve``). ``skip``: files (site-relative) whose content
    an earlier scan for the same withheld marks read and found clean (a preview's unchanged pages); their
    names are still searched. ``Scanner.rels`` lists every file, read or skipped."""
    root = Path(site_dir)
    scanner = Scanner(withheld, boilerplate)
    found: list[Finding] = []
    if withheld.empty():
        return found, scanner
    rels, names = tree.walk(str(root))
    # Every name at once (most builds have none to report), then each one when something was found.
    if scanner.has_text("\n".join(rels + names)) or scanner.has_text(unquote("\n".join(rels + names))):
        for rel in names + rels:
            if scanner.name(rel.rsplit("/", 1)[-1]):
                found.append(Finding(scanner.shown(rel), "name"))
    scanner.rels = rels
    if skip:
        rels = [rel for rel in rels if rel not in skip]
    if workers > 1 and len(rels) >= 400:
        import multiprocessing  # noqa: PLC0415

        _JOB.update(scanner=scanner, root=root)
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                parts = pool.map(_scan_part, [rels[i::workers * 4] for i in range(workers * 4)])
        finally:
            _JOB.clear()
        for part_found, files, read in parts:
            found += part_found
            scanner.files_read += files
            scanner.bytes_read += read
    else:
        found += scanner.files_of(root, rels)[0]
    return found, scanner


class LeakFound(Exception):
    """The build's output holds something of a withheld dossier; the message names only the files."""


def site_texts(config_texts: Iterable[str] = ()) -> list[str]:
    """Text the site itself holds whatever the dossiers say: the templates and theme overrides, the
    field descriptions of the guide, and the site's configuration (its name, units, kinds)."""
    from ..source.model import json_schema  # noqa: PLC0415

    package = Path(__file__).parent.parent
    out = [json_schema().__repr__(), *config_texts]
    # The generator's own source holds every sentence the pages write that no template does (the notice's
    # requirements, the statistics' headings, the messages); its templates are in it too.
    for folder in (package, package.parent / "overrides"):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and path.suffix in (".py", ".j2", ".md", ".html", ".xml", ".js", ".css"):
                out.append(path.read_text(encoding="utf-8", errors="replace"))
    return out


def check(site_dir: Path | str, withheld: Withheld, boilerplate: Iterable[str] = (), workers: int = 1,
          skip: AbstractSet[str] = frozenset()) -> Scanner:
    """Raise LeakFound when the output in ``site_dir`` holds anything of the withheld dossiers."""
    found, scanner = scan(site_dir, withheld, boilerplate, workers, skip)
    if found:
        raise LeakFound(report(found))
    return scanner


def report(findings: list[Finding], limit: int = 5) -> str:
    """The build's error message: which outputs, never what was found in them."""
    shown = "、".join(f.path for f in findings[:limit]) + (f" 等 {len(findings)} 个" if len(findings) > limit else "")
    return (
        f"保密检查未通过：输出文件 {shown} 含有密级高于本站读者范围的档案的内容（或其文件名、附件），"
        f"网站没有发布，输出已删除；这不应发生，请保留现场并联系系统管理员 "
        f"(leak guard: {len(findings)} output file(s) hold content of dossiers above this build's audience; "
        f"nothing was published and the output was removed)"
    )


def wipe(site_dir: Path | str) -> None:
    """Remove everything a failed build wrote, so that nothing of it can be served."""
    import shutil  # noqa: PLC0415

    root = Path(site_dir)
    for path in root.iterdir() if root.is_dir() else []:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
