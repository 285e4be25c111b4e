"""The quick reader: the front matter nearly every dossier holds, read in a few lines of Python.

A cold ``check`` of a large archive spent most of its time in libyaml's composer: PyYAML makes a Python
object for every event and node, about 1.5 ms for a dossier's front matter. This reader takes the
shapes dossiers are written in and nothing else:

- block mappings and sequences indented with spaces; keys that are plain names (``due``, ``signed_in``);
- values on one line: plain text, ``'single'`` or ``"double"`` quoted text without escapes, and flow
  lists and mappings of plain text (``tags: [预算, 年度重点]``, ``- {name: 白云飞, unit: 县财政局}``);
- literal and folded block scalars (``|``, ``|-``, ``>``, ``>-``);
- comments and blank lines.

It gives the data exactly as ``yamlsrc`` does (every scalar is text, an empty value or ``~``/``null`` is
None), with no positions. Whatever it is not sure it reads as libyaml would (a multi-line plain value, a
tab, a backslash, an anchor, a key written in Chinese, a duplicate key…) raises ``Unsure``, and the caller
reads the text with libyaml, which also explains every real mistake at its line. So this reader never
decides that a dossier is wrong, nor what a doubtful one means. ``tests/test_quickyaml.py`` checks with
Hypothesis that whatever it accepts, libyaml reads the same.
"""

from __future__ import annotations

import re
from typing import Any


class Unsure(Exception):
    """Not a shape this reader knows for certain: read the text with libyaml."""


# What libyaml does not take as plain text (a tab, CR, control characters, the BOM, surrogates, the NEL,
# U+2028 and U+2029 that YAML 1.1 counts as line breaks), and the backslash of double-quoted escapes.
_ODD = re.compile("[\x00-\x09\x0b-\x1f\\\\\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_LINE = re.compile(r"^( *)(-(?: +|$))?(?:([A-Za-z_][A-Za-z0-9_-]*):(?: +|$))?(.*)$", re.MULTILINE)
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?: +#.*| *)")
_DOUBLE = re.compile(r'"([^"]*)"(?: +#.*| *)')
# One-line [ ] and { }: items of plain text (a colon only inside a word, as in 10:35; no # and no
# brackets) or of quoted text, and keys that are plain names.
_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_FLOW_TEXT = r"""(?:"[^"]*"|'(?:[^']|'')*'|[^-?:,\[\]{}#&*!|>'"%@` ](?:[^,:\[\]{}# ]++|:(?=[^ ,\[\]{}])| ++(?=[^ ,\[\]{}]))*+)"""
_FLOW_SEQ = re.compile(r"\[((?: *%s *, *)* *%s *| *)\](?: +#.*| *)" % (_FLOW_TEXT, _FLOW_TEXT))
_FLOW_MAP = re.compile(r"\{((?: *%s: +%s *, *)* *%s: +%s *| *)\}(?: +#.*| *)" % ((_KEY, _FLOW_TEXT) * 2))
_FLOW_ITEM = re.compile(r"(%s) *(?:,|$)" % _FLOW_TEXT)
_FLOW_PAIR = re.compile(r"(%s): +(%s) *(?:,|$)" % (_KEY, _FLOW_TEXT))
_BLOCK = re.compile(r"([|>])(-?)")
# What a plain value may not start with (YAML's indicators, and those libyaml reserves).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_NULLS = frozenset(["~", "null", "Null", "NULL"])
# Real dossiers nest four deep; deeper front matter goes to libyaml, which refuses absurd depths.
_MAX_DEPTH = 8


def read(text: str) -> dict[str, Any]:
    """The data of front matter ``text``; raises Unsure for anything but the shapes above."""
    if _ODD.search(text):
        raise Unsure
    lines = text.split("\n")
    rows = _LINE.findall(text)  # one (indent, dash, key, rest) for each line
    if len(rows) != len(lines):
        raise Unsure
    root: dict[str, Any] = {}
    # The open collections, innermost last: (column, the dict or list).
    stack: list[tuple[int, Any]] = [(0, root)]
    # A key or a dash with nothing after it: its value is the block on the lines below, if any.
    # (column, container, key or index, may a list stand at the same column)
    pending: tuple[int, Any, Any, bool] | None = None
    n = len(rows)
    i = 0
    while i < n:
        indent, dash, key, rest = rows[i]
        if not dash and not key and (not rest or rest[0] == "#"):
            i += 1  # blank, or a comment
            continue
        col = len(indent)
        if pending is not None:
            pcol, owner, slot, same = pending
            pending = None
            if col > pcol or (col == pcol and same and dash):
                if len(stack) >= _MAX_DEPTH:
                    raise Unsure
                opened: Any = [] if dash else {}
                owner[slot] = opened
                stack.append((col, opened))
        while stack[-1][0] > col:
            stack.pop()
        top_col, top = stack[-1]
        if top_col != col:
            raise Unsure  # a value continued on the next line, or misaligned keys
        if dash:
            if top.__class__ is not list:
                raise Unsure
            if key:  # - key: value, a mapping whose keys stand where this first key stands
                if len(stack) >= _MAX_DEPTH:
                    raise Unsure
                col += len(dash)
                item: dict[str, Any] = {}
                top.append(item)
                stack.append((col, item))
                top, slot, same = item, key, True
            elif rest[:1] == "-" and (len(rest) == 1 or rest[1] == " "):
                raise Unsure  # - - x
            else:
                top.append(None)
                slot, same = len(top) - 1, False
        elif key:
            if top.__class__ is list:  # the list that stood under a key (key:\n- a) ends at the next key
                stack.pop()
                top_col, top = stack[-1]
                if top_col != col or top.__class__ is not dict:
                    raise Unsure  # a key among list items
            slot, same = key, True
        else:
            raise Unsure  # text with no key: a value continued, or a stray line
        if key:
            if key in top or key in _NULLS:
                raise Unsure  # a duplicate key is libyaml's to explain; a null key is no name
            top[key] = None
        if rest and rest[0] not in _INDICATORS:  # plain text, the usual case
            cut = rest.find(" #")
            if cut >= 0:
                rest = rest[:cut]
            rest = rest.rstrip(" ")
            if ": " in rest or rest[-1] == ":":
                raise Unsure  # libyaml refuses "mapping values are not allowed here"
            if rest not in _NULLS:
                top[slot] = rest
            i += 1
            continue
        value, i = _value(lines, i, rest, col)
        if value is _EMPTY:
            pending = (col, top, slot, same)
        else:
            top[slot] = value
    if not root:
        raise Unsure  # nothing, or only comments: libyaml says what that is
    return root


_EMPTY = object()


def _value(lines: list[str], i: int, rest: str, col: int) -> tuple[Any, int]:
    """The value written after a key or a dash on line ``i`` (``rest``), and the next line to read;
    _EMPTY when nothing is written there (the value may be the block below)."""
    if not rest or rest[0] == "#":
        return _EMPTY, i + 1
    first = rest[0]
    if first == "'":
        m = _SINGLE.fullmatch(rest)
        if m is None:
            raise Unsure
        return m[1].replace("''", "'"), i + 1
    if first == '"':
        m = _DOUBLE.fullmatch(rest)
        if m is None:
            raise Unsure
        return m[1], i + 1
    if first == "[":
        m = _FLOW_SEQ.fullmatch(rest)
        if m is None:
            raise Unsure
        return _flow_list(m[1]), i + 1
    if first == "{":
        m = _FLOW_MAP.fullmatch(rest)
        if m is None:
            raise Unsure
        return _flow_mapping(m[1]), i + 1
    if first == "|" or first == ">":
        m = _BLOCK.fullmatch(rest)
        if m is None:
            raise Unsure
        return _block_scalar(lines, i, col, m[1] == ">", m[2] == "-")
    raise Unsure  # an anchor, alias, tag, directive or reserved character: libyaml's to read


def _flow_list(inner: str) -> list[str | None]:
    """The items of a one-line list that ``_FLOW_SEQ`` has matched."""
    if not inner.strip(" "):
        return []
    if "'" in inner or '"' in inner:
        return [_flow_text(v) for v in _FLOW_ITEM.findall(inner)]
    items = [v.strip(" ") for v in inner.split(",")]  # no comma inside unquoted items
    return items if _NULLS.isdisjoint(items) else [None if v in _NULLS else v for v in items]


def _flow_mapping(inner: str) -> dict[str, str | None]:
    """The pairs of a one-line mapping that ``_FLOW_MAP`` has matched."""
    if not inner.strip(" "):
        return {}
    if "'" in inner or '"' in inner:
        pairs = [(k, _flow_text(v)) for k, v in _FLOW_PAIR.findall(inner)]
    else:  # no comma inside a value and no ": " but the one after each key
        pairs = [(k.strip(" "), v.strip(" ")) for k, v in (p.split(": ", 1) for p in inner.split(","))]
    result = dict(pairs)
    if len(result) != len(pairs) or not _NULLS.isdisjoint(result):
        raise Unsure  # a duplicate key, or a null key
    if not _NULLS.isdisjoint(result.values()):
        return {k: None if v in _NULLS else v for k, v in pairs}
    return result


def _flow_text(v: str) -> str | None:
    if v[0] == '"':
        return v[1:-1]
    if v[0] == "'":
        return v[1:-1].replace("''", "'")
    return None if v in _NULLS else v


def _block_scalar(lines: list[str], i: int, indent: int, folded: bool, strip: bool) -> tuple[str, int]:
    """A ``|`` or ``>`` scalar whose header ends line ``i``; its text must be indented past ``indent``."""
    n = len(lines)
    j = i + 1
    if j >= n:
        raise Unsure
    first = lines[j]
    at = len(first) - len(first.lstrip(" "))
    if at <= indent or at == len(first):
        raise Unsure  # empty, or opened by blank lines: libyaml's rules there are subtle
    body: list[str] = []
    while j < n:
        line = lines[j]
        s = line.lstrip(" ")
        if not s:
            if len(line) > at:
                raise Unsure  # a line of spaces longer than the indentation is text, not a blank line
            body.append("")
        elif len(line) - len(s) < at:
            break
        else:
            text = line[at:]
            if folded and text[0] == " ":
                raise Unsure  # more-indented lines keep their breaks in a folded scalar
            body.append(text)
        j += 1
    while body[-1] == "":
        body.pop()
    if folded:
        out = [body[0]]
        empties = 0
        for text in body[1:]:
            if not text:
                empties += 1
                continue
            out.append("\n" * empties if empties else " ")
            out.append(text)
            empties = 0
        value = "".join(out)
    else:
        value = "\n".join(body)
    return (value if strip else value + "\n"), j
