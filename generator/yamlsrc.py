"""YAML front matter with positions: parse it safely and remember where every key and value stands.

PyYAML's composer gives nodes with marks; we build plain Python data from those nodes ourselves so that
each path (``("actions", 0, "due")``) keeps the line and column of its key and of its value. Along the
way we refuse what a clerk never means and what an attacker likes: aliases, merge keys, duplicate keys,
absurd nesting. Times written without quotes (``start: 9:30``) stay text instead of YAML 1.1's
sexagesimal integers, and impossible dates (``2024-02-30``) stay text so the validator can say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Path = tuple[str | int, ...]

MAX_DEPTH = 12


class Pos(NamedTuple):
    line: int  # 1-based, in the file
    col: int  # 1-based


class YamlProblem(Exception):
    """A problem in the YAML itself; ``code`` picks the message, ``args_`` fill it."""

    def __init__(self, code: str, pos: Pos, **args: Any) -> None:
        super().__init__(code)
        self.code = code
        self.pos = pos
        self.args_ = args


@dataclass
class Source:
    """Parsed front matter: the data and where each path stands in the file."""

    data: Any
    key_pos: dict[Path, Pos] = field(default_factory=dict)
    value_pos: dict[Path, Pos] = field(default_factory=dict)

    def locate(self, path: Path) -> Pos:
        """The key of ``path`` if it has one, else its value; else the nearest enclosing path."""
        for n in range(len(path), 0, -1):
            sub = tuple(path[:n])
            if sub in self.key_pos:
                return self.key_pos[sub]
            if sub in self.value_pos:
                return self.value_pos[sub]
        return Pos(1, 1)

    def value_at(self, path: Path) -> Pos:
        return self.value_pos.get(tuple(path)) or self.locate(path)


# libyaml when present: the pure-Python parser is ten times slower and the archive has many dossiers.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _pos(mark: Any, offset: int) -> Pos:
    return Pos(mark.line + 1 + offset, mark.column + 1)


_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_TS_TAG = "tag:yaml.org,2002:timestamp"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_DASHES = re.compile(r"^[ \t]*(?:-[ \t]+){%d,}" % (MAX_DEPTH + 1))


_BRACKETS = re.compile(r"[\[\]{}]")


def _check_nesting(text: str, off: int) -> None:
    """Refuse absurd nesting before the parser (which recurses) sees it."""
    if "- -" in text:
        for i, line in enumerate(text.split("\n")):
            if _DASHES.match(line):
                raise YamlProblem("yaml_too_deep", Pos(off + i + 1, 1), limit=MAX_DEPTH)
    depth = 0
    for m in _BRACKETS.finditer(text):
        depth = depth + 1 if m.group() in "[{" else max(0, depth - 1)
        if depth > MAX_DEPTH:
            line = text.count("\n", 0, m.start())
            col = m.start() - (text.rfind("\n", 0, m.start()) + 1)
            raise YamlProblem("yaml_too_deep", Pos(off + line + 1, col + 1), limit=MAX_DEPTH)


def _check_aliases(text: str, off: int) -> None:
    if "*" not in text:
        return
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, AliasEvent):
            raise YamlProblem("yaml_alias", _pos(event.start_mark, off), name=event.anchor)


def parse(text: str, line_offset: int) -> Source:
    """Parse front matter ``text`` whose first line is line ``line_offset + 1`` of the file.

    Raises YamlProblem for anything that is not plain, safe YAML.
    """
    try:
        _check_nesting(text, line_offset)
        _check_aliases(text, line_offset)
        loader = _FastLoader(text)
        try:
            node = loader.get_single_node()
            src = Source(data=None)
            if node is not None:
                src.data = _build(node, (), src, loader, line_offset, 0)
            return src
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = _pos(mark, line_offset) if mark else Pos(line_offset + 1, 1)
        raise YamlProblem("yaml_syntax", pos, problem=exc.problem or "", context=exc.context or "") from None
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        raise YamlProblem("yaml_syntax", Pos(line_offset + 1, 1), problem=str(exc).splitlines()[0], context="") from None
    except RecursionError:
        raise YamlProblem("yaml_too_deep", Pos(line_offset + 1, 1), limit=MAX_DEPTH) from None


class SlowPath(Exception):
    """The fast reader met something only the careful one can explain (or refuse) precisely."""


_BOOL_WORDS = frozenset("yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF".split())
_NULL_WORDS = frozenset(["null", "Null", "NULL"])
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"


class _FastLoader(_Loader):  # type: ignore[misc, valid-type]
    """Builds plain data straight from libyaml's nodes, without positions, for the common clean file.

    Anything unusual (duplicate or complex keys, merge keys) hands over to ``parse``.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        # Most plain scalars here are Chinese text or plain words: decide those without the regex tour.
        if kind is ScalarNode and implicit[0] and value:
            first = value[0]
            if first.isalpha() and first.isascii():
                if value in _BOOL_WORDS:
                    return _BOOL_TAG
                return _NULL_TAG if value in _NULL_WORDS else _STR_TAG
            if not first.isascii():
                return _STR_TAG
        return super().resolve(kind, value, implicit)


def load_fast(text: str, line_offset: int) -> Any:
    """The data of clean front matter, fast; raises SlowPath (or YamlProblem) otherwise."""
    if "*" in text or "&" in text or "!" in text:
        raise SlowPath  # aliases, anchors and tags: let the careful reader decide
    _check_nesting(text, line_offset)
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _plain(node, loader)
    except (yaml.YAMLError, RecursionError, TypeError, ValueError):
        raise SlowPath from None
    finally:
        loader.dispose()


def _plain(node: Node, loader: Any) -> Any:
    """Nodes to data, the way ``_build`` does it but without positions and without PyYAML's
    general-purpose construction machinery (the hot path of a large check)."""
    if node.__class__ is ScalarNode:
        tag = node.tag
        if tag == _STR_TAG:
            return node.value
        if tag == _NULL_TAG:
            return None
        if tag == _BOOL_TAG:
            return node.value.lower() in ("yes", "true", "on")
        return _scalar(node, loader, 0)
    if node.__class__ is SequenceNode:
        return [_plain(item, loader) for item in node.value]
    if node.__class__ is MappingNode:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode or key_node.tag == _MERGE_TAG:
                raise SlowPath
            key = _plain(key_node, loader)
            key = "" if key is None else str(key)
            if key in result:
                raise SlowPath
            result[key] = _plain(value_node, loader)
        return result
    raise SlowPath


def _build(node: Node, path: Path, src: Source, loader: Any, off: int, depth: int) -> Any:
    src.value_pos[path] = _pos(node.start_mark, off)
    if depth > MAX_DEPTH:
        raise YamlProblem("yaml_too_deep", _pos(node.start_mark, off), limit=MAX_DEPTH)
    if isinstance(node, ScalarNode):
        return _scalar(node, loader, off)
    if isinstance(node, SequenceNode):
        out = []
        for i, item in enumerate(node.value):
            out.append(_build(item, path + (i,), src, loader, off, depth + 1))
        return out
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            kpos = _pos(key_node.start_mark, off)
            if key_node.tag == _MERGE_TAG:
                raise YamlProblem("yaml_merge", kpos)
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem("yaml_complex_key", kpos)
            key = _scalar(key_node, loader, off)
            key = "" if key is None else str(key)
            if key in result:
                first = src.key_pos[path + (key,)]
                raise YamlProblem("yaml_duplicate_key", kpos, key=key, first_line=first.line)
            src.key_pos[path + (key,)] = kpos
            result[key] = _build(value_node, path + (key,), src, loader, off, depth + 1)
        return result
    raise YamlProblem("yaml_syntax", _pos(node.start_mark, off), problem="unknown node", context="")


def _scalar(node: ScalarNode, loader: Any, off: int) -> Any:
    if node.tag in (_INT_TAG, _FLOAT_TAG) and ":" in node.value:
        return node.value  # 9:30 is a time, not YAML 1.1's base-60 number 570
    if node.tag == _TS_TAG:
        try:
            return loader.construct_object(node, deep=True)
        except ValueError:
            return node.value  # 2024-02-30: keep the text, the validator says it is no real date
    if node.tag == _STR_TAG:
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark or node.start_mark
        raise YamlProblem("yaml_tag", _pos(mark, off), tag=node.tag) from None


# ---------------------------------------------------------------------------------------------------
# Typing mistakes that YAML either rejects with a baffling message or silently accepts wrongly.

FULLWIDTH_COLON_KEY = re.compile(r"^(?P<indent>[ \t]*(?:-[ \t]+)?)(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ \t]*：[ \t]*")
FLOW_LIST = re.compile(r"^(?P<head>[ \t]*(?:-[ \t]+)?[A-Za-z_][A-Za-z0-9_]*:[ \t]*)\[(?P<body>.*)\][ \t]*$")
WRAPPED_QUOTES = re.compile(
    r"^(?P<head>[ \t]*(?:-[ \t]+)?[A-Za-z_][A-Za-z0-9_]*:[ \t]*)(?P<open>[“‘])(?P<body>[^“”‘’]*)(?P<close>[”’])[ \t]*$"
)


@dataclass(frozen=True)
class Typo:
    code: str
    line: int
    col: int
    fixed: str  # the corrected line, shown to the clerk


def scan_typos(text: str, line_offset: int) -> list[Typo]:
    """Full-width punctuation where YAML needs ASCII, and tab or full-width-space indentation."""
    found: list[Typo] = []
    for i, line in enumerate(text.split("\n")):
        lineno = line_offset + i + 1
        stripped = line.lstrip(" \t\u3000")
        if stripped.startswith("#") or not stripped:
            continue
        lead = line[: len(line) - len(stripped)]
        if "\t" in lead or "\u3000" in lead:
            bad = "\t" if "\t" in lead else "\u3000"
            code = "tab_indent" if bad == "\t" else "fullwidth_space_indent"
            fixed = lead.replace("\t", "  ").replace("\u3000", "  ") + line[len(lead):]
            found.append(Typo(code, lineno, lead.index(bad) + 1, fixed))
            line = fixed
        m = FULLWIDTH_COLON_KEY.match(line) if "：" in line else None
        if m:
            col = line.index("：", m.start("key")) + 1
            fixed = f"{m.group('indent')}{m.group('key')}: {line[m.end():]}".rstrip()
            found.append(Typo("fullwidth_colon", lineno, col, fixed))
            continue
        m = FLOW_LIST.match(line) if "，" in line else None
        if m and "，" in m.group("body") and "," not in m.group("body"):
            col = line.index("，") + 1
            items = ", ".join(part.strip() for part in m.group("body").split("，"))
            found.append(Typo("fullwidth_comma", lineno, col, f"{m.group('head')}[{items}]"))
            continue
        m = WRAPPED_QUOTES.match(line) if ("“" in line or "‘" in line) else None
        if m:
            quote = '"' if m.group("open") == "“" else "'"
            fixed = f"{m.group('head')}{quote}{m.group('body')}{quote}"
            found.append(Typo("fullwidth_quotes", lineno, m.start("open") + 1, fixed))
    return found
