"""Full-text search: a static index of character pairs, built in the build, fetched in pieces by the browser.

Every meeting has a *search record* (``site.pages.search``): its own text and nothing of the page's
frame, written as ``search/p/<n>.json`` by the page workers (``mkdocs.render``) beside its page. This
module reads the records and writes the index beside them:

- Chinese is indexed as overlapping character pairs (``core.searchtext``), and ``search.js`` cuts the
  reader's query the same way: the index and the query never disagree on where words end, which is what
  made Pagefind miss (its jieba and the browser's ``Intl.Segmenter`` cut differently). Latin words and
  numbers are indexed whole, lower-cased. Each occurrence keeps its place in the record's text, so the
  browser can require a word's pairs to stand together, rank a title match first and cut the excerpt.
- ``search/b/<k>.bin``: the pairs and words whose hash falls in bucket ``k``, with the meetings holding
  each and the places (gzip'd arrays of 32-bit integers, ``_bucket`` says the layout). A query fetches
  only the buckets of its pairs: a few tens of KB, whatever the size of the archive.
- ``search/c/<k>.bin``: for a query of one character, the meetings holding each character.
- ``search/lengths.bin``: each record's length and its title's length (for ranking);
  ``search/index.json``: the counts the browser needs to find the rest.

It runs in the build's own process with numpy, in seconds and a few hundred MB at 10,000 meetings
(Pagefind, which this replaces, took a minute and 5 GB there). Only visible meetings have records, so
nothing above the build's audience can be in the index; the leak guard reads every file of it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..core.searchtext import BUCKET_MUL, HAN_RANGES, WORD_HI, bucket_of, word_hash

BUNDLE_DIR = "search"
RECORDS = "p"  # search/p/<n>.json: the records, written by the page workers
INDEX_VERSION = 1
_WORD = re.compile(r"[0-9a-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]+")


class SearchIndexError(RuntimeError):
    """The search index could not be made."""


@dataclass(frozen=True)
class IndexSummary:
    pages: int
    words: int  # distinct pairs and words
    bundle_bytes: int  # the whole search/ folder (records, index)


def _buckets(entries: int, least: int = 16, most: int = 8192) -> int:
    """A power of two: about 4,000 entries (a meeting holding a pair) per bucket."""
    b = least
    while b < most and entries / b > 4000:
        b *= 2
    return b


def _is_han(codes: np.ndarray) -> np.ndarray:
    mask = np.zeros(codes.shape, dtype=bool)
    for lo, hi in HAN_RANGES:
        mask |= (codes >= lo) & (codes <= hi)
    return mask


def tokens(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(hi, lo, place) of every pair and word of ``text``, and its distinct Han characters."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    han = _is_han(codes)
    at = np.flatnonzero(han[:-1] & han[1:]).astype(np.uint32)
    hi, lo = codes[at], codes[at + 1]
    words = [(m.start(), word_hash(m.group())) for m in _WORD.finditer(text.lower())]
    if words:
        w_at = np.array([w[0] for w in words], dtype=np.uint32)
        w_lo = np.array([w[1] for w in words], dtype=np.uint32)
        hi = np.concatenate([hi, np.full(len(words), WORD_HI, dtype=np.uint32)])
        lo = np.concatenate([lo, w_lo])
        at = np.concatenate([at, w_at])
    return hi, lo, at, np.unique(codes[han])


INDEX_FILES = ("b", "c", "lengths.bin", "index.json")  # what build_index writes besides the records


def build_index(site_dir: Path | str, count: int, output: Path | None = None, reuse: Path | None = None) -> IndexSummary:
    """Index the ``count`` records in ``site_dir/search/p/`` (0 … count-1) into ``site_dir/search/`` (or
    ``output``: a live preview makes it aside and moves it in). Any other file in the records' folder
    (left by an earlier build of more meetings) is removed first: only this build's records are published.

    ``reuse``: a folder kept between builds of one audience. The index made from the same records (the
    same bytes, in the same order, by this version of the program) is copied from there instead of being
    made again; any other index kept there is removed when this one is kept."""
    records = Path(site_dir) / BUNDLE_DIR / RECORDS
    wanted = {f"{n}.json" for n in range(count)}
    for path in records.iterdir() if records.is_dir() else []:
        if path.name not in wanted:
            path.unlink() if path.is_file() or path.is_symlink() else shutil.rmtree(path)
    root = Path(output) if output is not None else Path(site_dir) / BUNDLE_DIR
    for sub in ("b", "c"):
        if (root / sub).is_dir():
            shutil.rmtree(root / sub)
    raw = []  # each record read once: for the kept index's key and, when it is not kept, for the index
    for n in range(count):
        try:
            raw.append((records / f"{n}.json").read_bytes())
        except OSError as exc:
            raise SearchIndexError(f"全文检索索引未能生成：检索记录 {n} 缺失或损坏 (search record {n}: {exc})") from None
    key = _records_key(raw) if reuse is not None else None
    if key is not None and reuse is not None and (reuse / key / "index.json").is_file():
        for name in INDEX_FILES:
            _copy(reuse / key / name, root / name)
        return _summary(root, count)
    summary = _build(raw, root)
    if key is not None and reuse is not None:
        _keep(root, reuse, key)
    return summary


def _records_key(raw: list[bytes]) -> str:
    """A digest of every record's bytes, in order, and of this program."""
    from ..check.cache import program_version  # noqa: PLC0415

    h = hashlib.blake2b(f"{INDEX_VERSION}:{program_version()}:{len(raw)}".encode(), digest_size=20)
    for data in raw:
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _copy(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def _keep(root: Path, reuse: Path, key: str) -> None:
    """Keep this index as ``reuse/<key>/`` (made aside, then renamed), and nothing else there."""
    try:
        reuse.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".new-", dir=reuse))
        for name in INDEX_FILES:
            _copy(root / name, tmp / name)
        for old in reuse.iterdir():
            if old.name != tmp.name:
                shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink(missing_ok=True)
        os.replace(tmp, reuse / key)
    except OSError:
        pass  # only a slower next build


def _summary(root: Path, count: int) -> IndexSummary:
    meta = json.loads((root / "index.json").read_text(encoding="utf-8"))
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    return IndexSummary(pages=count, words=int(meta.get("keys", 0)), bundle_bytes=size)


def _build(raw: list[bytes], root: Path) -> IndexSummary:
    count = len(raw)
    his, los, ats, pages, chars, char_pages = [], [], [], [], [], []
    lengths = np.zeros(count, dtype=np.uint32)
    titles = np.zeros(count, dtype=np.uint32)
    for n in range(count):
        try:
            record = json.loads(raw[n].decode("utf-8"))
            text = record["x"]
        except (ValueError, KeyError, TypeError) as exc:
            raise SearchIndexError(f"全文检索索引未能生成：检索记录 {n} 缺失或损坏 (search record {n}: {exc})") from None
        hi, lo, at, cs = tokens(text)
        his.append(hi), los.append(lo), ats.append(at)
        pages.append(np.full(len(hi), n, dtype=np.uint32))
        chars.append(cs.astype(np.uint32)), char_pages.append(np.full(len(cs), n, dtype=np.uint32))
        lengths[n] = len(hi)
        titles[n] = len(record.get("t", ""))
    hi = np.concatenate(his) if his else np.zeros(0, np.uint32)
    lo = np.concatenate(los) if los else np.zeros(0, np.uint32)
    at = np.concatenate(ats) if ats else np.zeros(0, np.uint32)
    page = np.concatenate(pages) if pages else np.zeros(0, np.uint32)
    del his, los, ats, pages

    n_buckets = _buckets(len(hi) // 8 or 1)
    bucket = bucket_of(hi, lo, n_buckets)
    # Sorted by bucket, then key (hi, lo); within a key the meetings and places keep their order.
    key = (bucket.astype(np.uint64) << np.uint64(50)) | (hi.astype(np.uint64) << np.uint64(32)) | lo.astype(np.uint64)
    order = np.argsort(key, kind="stable")
    key, page, at, bucket = key[order], page[order], at[order], bucket[order]
    del order, hi, lo
    entries = int(np.count_nonzero(key[1:] != key[:-1])) + 1 if len(key) else 0  # distinct keys
    (root / "b").mkdir(parents=True, exist_ok=True)
    bounds = np.searchsorted(bucket, np.arange(n_buckets + 1, dtype=np.uint32))

    def write_bucket(b: int) -> None:
        s, e = bounds[b], bounds[b + 1]
        (root / "b" / f"{b}.bin").write_bytes(_bucket(key[s:e], page[s:e], at[s:e]))

    # Each bucket on its own: numpy and gzip let go of the interpreter's lock, so threads use every core.
    with ThreadPoolExecutor(max_workers=min(os.cpu_count() or 1, 4)) as threads:
        list(threads.map(write_bucket, range(n_buckets)))
    del key, page, at, bucket

    ch = np.concatenate(chars) if chars else np.zeros(0, np.uint32)
    chp = np.concatenate(char_pages) if char_pages else np.zeros(0, np.uint32)
    n_cbuckets = _buckets(len(ch) or 1)
    cb = bucket_of(ch, np.zeros_like(ch), n_cbuckets)
    order = np.argsort((cb.astype(np.uint64) << np.uint64(32)) | ch.astype(np.uint64), kind="stable")
    ch, chp, cb = ch[order], chp[order], cb[order]
    (root / "c").mkdir(parents=True, exist_ok=True)
    cbounds = np.searchsorted(cb, np.arange(n_cbuckets + 1, dtype=np.uint32))

    def write_char_bucket(b: int) -> None:
        s, e = cbounds[b], cbounds[b + 1]
        (root / "c" / f"{b}.bin").write_bytes(_char_bucket(ch[s:e], chp[s:e]))

    with ThreadPoolExecutor(max_workers=min(os.cpu_count() or 1, 4)) as threads:
        list(threads.map(write_char_bucket, range(n_cbuckets)))

    (root / "lengths.bin").write_bytes(gzip.compress(np.concatenate([lengths, titles]).astype("<u4").tobytes(), 6, mtime=0))
    avgdl = float(lengths.mean()) if count else 0.0
    (root / "index.json").write_text(json.dumps({"v": INDEX_VERSION, "pages": count, "b": n_buckets, "cb": n_cbuckets,
                                                 "avgdl": round(avgdl, 3), "mul": BUCKET_MUL, "keys": entries}),
                                     encoding="utf-8")
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    return IndexSummary(pages=count, words=entries, bundle_bytes=size)


def _bucket(key: np.ndarray, page: np.ndarray, at: np.ndarray) -> bytes:
    """One bucket, gzip'd little-endian uint32: [keys, entries, places], keys' hi[keys], lo[keys],
    the first entry of each key[keys + 1], each entry's meeting[entries], its first place[entries + 1],
    the places[places] (character offsets in the record's text). Within a key the meetings, and within
    an entry the places, are ascending and written as differences (the first as it is): they compress
    to about four fifths."""
    n = len(key)
    if n == 0:
        return gzip.compress(np.zeros(3, dtype="<u4").tobytes(), 6, mtime=0)
    new_key = np.ones(n, dtype=bool)
    new_key[1:] = key[1:] != key[:-1]
    new_entry = new_key.copy()
    new_entry[1:] |= page[1:] != page[:-1]
    key_at = np.flatnonzero(new_key)
    entry_at = np.flatnonzero(new_entry)
    keys = key[key_at]
    # Which entry each key starts at: entries are numbered in order, so count the entry starts before it.
    entry_index = np.cumsum(new_entry) - 1
    key_start = np.append(entry_index[key_at], len(entry_at))
    entry_start = np.append(entry_at, n)
    pages = _differences(page[entry_at], key_start[:-1])
    places = _differences(at, entry_at)
    parts = [np.array([len(keys), len(entry_at), n], dtype=np.uint32),
             ((keys >> np.uint64(32)) & np.uint64(0x3FFFF)).astype(np.uint32), (keys & np.uint64(0xFFFFFFFF)).astype(np.uint32),
             key_start.astype(np.uint32), pages, entry_start.astype(np.uint32), places]
    return gzip.compress(np.concatenate(parts).astype("<u4").tobytes(), 6, mtime=0)


def _differences(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """``values`` (ascending within each run that starts at one of ``starts``) as differences, each
    run's first value as it is."""
    out = values.astype(np.int64)
    out[1:] -= values[:-1].astype(np.int64)
    out[starts] = values[starts]
    return out.astype(np.uint32)


def _char_bucket(ch: np.ndarray, page: np.ndarray) -> bytes:
    """One bucket of characters: [keys, entries], the characters[keys], the first entry of each
    [keys + 1], the meetings[entries] (ascending)."""
    n = len(ch)
    if n == 0:
        return gzip.compress(np.zeros(2, dtype="<u4").tobytes(), 6, mtime=0)
    new_key = np.ones(n, dtype=bool)
    new_key[1:] = ch[1:] != ch[:-1]
    at = np.flatnonzero(new_key)
    parts = [np.array([len(at), n], dtype=np.uint32), ch[at], np.append(at, n).astype(np.uint32), page]
    return gzip.compress(np.concatenate(parts).astype("<u4").tobytes(), 6, mtime=0)
