"""One segmentation of Chinese for the search index and for the reader's query: overlapping character
pairs, written as plain letters so that no segmenter can cut them again.

Pagefind cuts Chinese into words one way when it indexes (jieba) and another way in the browser
(``Intl.Segmenter``); where the two disagree a word is not found (每两周's 两周 on 2 of 33 pages). So the
index is given text that is already cut, in a form both sides leave alone: every run of Han characters
becomes one *token* per character, the character and the one after it (its pair), each written in
letters::

    每两周一次  →  q<每><两> q<两><周> q<周><一> q<一><次> q<次>zzzz

where ``<c>`` is the character's code point in four letters a–z (base 26) and ``zzzz`` ends a run. The
reader's query is cut the same way (``overrides/assets/javascripts/search.js``, ``queryForm`` there,
``query_form`` here): 两周 is the one token q<两><周>; 每两周 the two tokens q<每><两> q<两><周>, both
required; a single character 周 is the four letters q<周>, which Pagefind matches as the start of every
token beginning with 周, so it finds every page holding 周. A word is found on exactly the pages whose
text holds all its pairs: none is lost to segmentation.

Everything that is not a Han character stays as written (Latin words, numbers), with one rule: a word
starting with ``q`` gets one more ``q`` in front, on both sides, so that no word of the text is ever the
start of a token (Pagefind, when a query word is not found, tries the longest indexed word that starts
it; a word ``q`` in the text would otherwise answer every query that is not found).

The page keeps its real text; only the search record (``site/pages/search.py``) is written this way, and
the reader sees it decoded (``decode`` here, ``decodeText`` in search.js).
"""

from __future__ import annotations

import re

# Han characters: the CJK Unified Ideographs and their extensions A–I, the compatibility ideographs, 〇.
HAN_CLASS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
_HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
_LEAD = "q"  # every token starts with it
END = "zzzz"  # the pair of a run's last character
_Q_WORD = re.compile(r"(?<![A-Za-z0-9])([qQ])")
_TOKEN = re.compile(r"(?<![A-Za-z0-9])q([a-l][a-z]{3})([a-z]{4})(?![a-z])")
_CODE_CACHE: dict[str, str] = {}


def code(ch: str) -> str:
    """A character's code point in four letters (base 26, most significant first)."""
    c = _CODE_CACHE.get(ch)
    if c is None:
        n = ord(ch)
        c = "".join(chr(97 + (n // 26**k) % 26) for k in (3, 2, 1, 0))
        _CODE_CACHE[ch] = c
    return c


def _char(letters: str) -> str:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 97
    return chr(n)


def _tokens(run: str, final: bool) -> list[str]:
    codes = [code(ch) for ch in run]
    out = [_LEAD + codes[i] + codes[i + 1] for i in range(len(codes) - 1)]
    if final:
        out.append(_LEAD + codes[-1] + END)
    elif len(codes) == 1:
        out.append(_LEAD + codes[0])
    return out


def _escape_q(text: str) -> str:
    return _Q_WORD.sub(r"q\1", text)


def index_form(text: str) -> str:
    """Text as the index is given it: each Han run as its tokens, set apart by spaces."""
    out: list[str] = []
    pos = 0
    for m in _HAN_RUN.finditer(text):
        out.append(_escape_q(text[pos:m.start()]))
        out.append(" " + " ".join(_tokens(m.group(), final=True)) + " ")
        pos = m.end()
    out.append(_escape_q(text[pos:]))
    return "".join(out)


def query_form(query: str) -> str:
    """A reader's query as the index is searched (search.js does the same): each Han run as its pairs
    (a single character alone, matched as a start), nothing for a run's end."""
    out: list[str] = []
    pos = 0
    for m in _HAN_RUN.finditer(query):
        out.append(_escape_q(query[pos:m.start()]))
        out.append(" " + " ".join(_tokens(m.group(), final=False)) + " ")
        pos = m.end()
    out.append(_escape_q(query[pos:]))
    return re.sub(r"\s+", " ", "".join(out)).strip()


_DECODE = re.compile(r"\s*" + _TOKEN.pattern + r"\s*")
_UNQ = re.compile(r"(?<![A-Za-z0-9])q([qQ])")


def decode(text: str) -> str:
    """Text of the index (Pagefind's fragments and excerpts) as it was written, save for spaces next to
    Han characters: each token becomes its character, and the spaces around tokens go (and the
    zero-width spaces Pagefind puts between words)."""
    text = text.replace("\u200b", "")
    return _UNQ.sub(r"\1", _DECODE.sub(lambda m: _char(m.group(1)), text))


def squeeze(text: str) -> str:
    """``text`` without the spaces next to Han characters: what ``decode(index_form(text))`` gives."""
    return _SPACES_BY_HAN.sub("", text)


_SPACES_BY_HAN = re.compile(f"\\s+(?=[{HAN_CLASS}])|(?<=[{HAN_CLASS}])\\s+")


def index_needle(text: str) -> str:
    """What ``text`` looks like inside the index's form of any longer text that holds it: its tokens, the
    last one without its pair (the character after ``text`` may be any), spaces as the index keeps them.
    The leak guard looks for this in the search index."""
    form = re.sub(r"\s+", " ", index_form(text)).strip()
    if form.endswith(END) and _TOKEN.search(form[-(len(END) + 5):]):
        form = form[:-len(END)]
    return form
