"""One segmentation of Chinese for the search index and for the reader's query: overlapping character pairs.

Pagefind cut Chinese into words one way when it indexed (jieba) and another way in the browser
(``Intl.Segmenter``); where the two disagreed a word was not found (每两周's 两周 on 2 of 33 pages). Here
nothing is cut into words at all. Every two Han characters that stand side by side are one *pair*::

    每两周一次  →  每两 · 两周 · 周一 · 一次

and the index (``exports/search.py``) records where in a meeting's text each pair stands. The reader's
query is cut the same way (``overrides/assets/javascripts/search.js``: ``pairsOf``): 两周 is the pair 两周;
每两周 the pairs 每两 and 两周, which must stand one place apart; a single character 周 is looked up in a
list of the meetings holding each character. So a word is found on exactly the meetings whose text holds
it, and on no other. Latin words and numbers are indexed whole, lower-cased (``word_hash``).

This module holds what the two sides must agree on, and ``tests/browser/test_search_recall.py`` checks
that search.js computes the same: which characters are Han, how a word is hashed, which bucket (file of
the index) a pair or word is in.
"""

from __future__ import annotations

import numpy as np

# Han characters: the CJK Unified Ideographs and their extensions A–I, the compatibility ideographs, 〇.
HAN_RANGES = ((0x3007, 0x3007), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x323AF))
HAN_CLASS = "".join(f"{chr(a)}-{chr(b)}" if a != b else chr(a) for a, b in HAN_RANGES)
WORD_HI = 0x3FFFF  # the first half of a word's key (a pair's is its first character, never this)
BUCKET_MUL = 0x9E3779B1
_MIX = 0x85EBCA6B


def word_hash(word: str) -> int:
    """FNV-1a (32 bits) of the word's UTF-8 bytes: the second half of its key."""
    h = 0x811C9DC5
    for byte in word.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def bucket_of(hi, lo, buckets: int):
    """The bucket of a key (hi, lo): numbers or numpy arrays of uint32; ``buckets`` a power of two."""
    if isinstance(hi, np.ndarray):
        h = (hi.astype(np.uint32) * np.uint32(BUCKET_MUL)) ^ lo.astype(np.uint32)
        h = h * np.uint32(_MIX)
        h ^= h >> np.uint32(13)
        return h & np.uint32(buckets - 1)
    h = ((hi * BUCKET_MUL) & 0xFFFFFFFF) ^ lo
    h = (h * _MIX) & 0xFFFFFFFF
    h ^= h >> 13
    return h & (buckets - 1)


def is_han(ch: str) -> bool:
    n = ord(ch)
    return any(a <= n <= b for a, b in HAN_RANGES)


def pairs(text: str) -> list[str]:
    """The pairs of ``text`` in order (the index's words for Chinese)."""
    return [text[i:i + 2] for i in range(len(text) - 1) if is_han(text[i]) and is_han(text[i + 1])]
