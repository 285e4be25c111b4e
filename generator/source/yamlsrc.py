"""YAML front matter with positions: parse it safely and remember where every key and value stands.

PyYAML's composer (libyaml) gives nodes with marks; we build plain Python data from those nodes
ourselves, so that each path (``("actions", 0, "due")``) keeps the line and column of its key and of
its value. Along the way we refuse what a clerk never means and what an attacker likes: aliases, tags
(``!!python/…``), merge keys, duplicate keys, absurd nesting.

Every scalar is text, exactly as written. YAML 1.1 would turn ``id: 010`` into 8, ``title: yes`` into
true, ``archive_ref: 2024.10`` into 2024.1 and ``start: 9:30`` into 570; here they stay ``"010"``,
``"yes"``, ``"2024.10"`` and ``"9:30"``, and the model's own parsers (``model.py``) read dates, times,
numbers and true/false from text. Only an empty value (``venue:``, ``~``, ``null``) is "nothing".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import quickyaml

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

    def items(self, path: Path) -> tuple[tuple[str, int, str], ...]:
        """Each list item ``path`` goes through, with the name a person knows it by (the attendee's
        name, the action's id…), read from the data as written: ``(("attendees", 2, "白云飞"),)``."""
        out: list[tuple[str, int, str]] = []
        node, key = self.data, ""
        for part in path:
            if isinstance(part, int):
                item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
                out.append((key, part, _item_name(key, item)))
                node = item
            else:
                key = str(part)
                node = node.get(part) if isinstance(node, dict) else None
        return tuple(out)


# The key that names an item of each list, for messages (an item of a list of text is its own name).
ITEM_NAMES = {"attendees": "name", "actions": "id", "decisions": "id", "documents": "id", "agenda": "topic",
              "preparation": "task", "checklist": "item", "incidents": "time", "lessons": "category",
              "updates": "date", "reminders": "date", "spot_checks": "time"}
_NAME_CHARS = 16


def _item_name(key: str, item: Any) -> str:
    value = item.get(ITEM_NAMES.get(key, "")) if isinstance(item, dict) else item  # a list of text: the text
    if value is None or isinstance(value, (dict, list)):
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= _NAME_CHARS else text[: _NAME_CHARS - 1] + "…"


# libyaml when present: the pure-Python parser is ten times slower and the archive has many dossiers.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_NULL_WORDS = frozenset(["", "~", "null", "Null", "NULL"])


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """libyaml's composer with one resolver: a plain scalar is text unless it is empty or null."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return _NULL_TAG if implicit[0] and value in _NULL_WORDS else _STR_TAG
        return super().resolve(kind, value, implicit)


def _pos(mark: Any, offset: int) -> Pos:
    return Pos(mark.line + 1 + offset, mark.column + 1)


_BRACKETS = re.compile(r"[\[\]{}]")
_DEEP_INDENT = re.compile(r"^[ \t]{%d,}\S" % MAX_DEPTH, re.MULTILINE)
_DASHES = re.compile(r"^[ \t]*(?:-[ \t]+){%d,}" % MAX_DEPTH, re.MULTILINE)


def _may_be_deep(text: str) -> bool:
    """Cheap and generous: could this text nest deeper than MAX_DEPTH? (Brackets inside quotes count
    here; the exact check in ``_screen`` knows they are text.)"""
    if _DEEP_INDENT.search(text) or ("- -" in text and _DASHES.search(text)):
        return True
    depth = 0
    for m in _BRACKETS.finditer(text):
        depth = depth + 1 if m.group() in "[{" else max(0, depth - 1)
        if depth > MAX_DEPTH:
            return True
    return False


def _screen(text: str, off: int) -> None:
    """Refuse aliases, tags and deep nesting from libyaml's events, before any node is composed (the
    composer recurses; the event parser does not)."""
    if not ("*" in text or "!" in text or "&" in text or _may_be_deep(text)):
        return
    depth = 0
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, AliasEvent):
            raise YamlProblem("yaml_alias", _pos(event.start_mark, off), name=event.anchor)
        if isinstance(event, NodeEvent) and getattr(event, "tag", None) is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!", 1)
            raise YamlProblem("yaml_tag", _pos(event.start_mark, off), tag=tag)
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlProblem("yaml_too_deep", _pos(event.start_mark, off), limit=MAX_DEPTH)
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def _compose(text: str, off: int) -> Node | None:
    _screen(text, off)
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _syntax(exc: yaml.YAMLError, off: int) -> YamlProblem:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        # An unclosed quote is found at the end of the text: say where it opens.
        if exc.context_mark is not None and "quoted scalar" in (exc.context or ""):
            mark = exc.context_mark
        pos = _pos(mark, off) if mark else Pos(off + 1, 1)
        return YamlProblem("yaml_syntax", pos, problem=exc.problem or "", context=exc.context or "")
    first = str(exc).splitlines()[0] if str(exc) else ""
    return YamlProblem("yaml_syntax", Pos(off + 1, 1), problem=first, context="")


def parse(text: str, line_offset: int) -> Source:
    """Parse front matter ``text`` whose first line is line ``line_offset + 1`` of the file.

    Raises YamlProblem for anything that is not plain, safe YAML.
    """
    try:
        node = _compose(text, line_offset)
    except yaml.YAMLError as exc:
        raise _syntax(exc, line_offset) from None
    except RecursionError:
        raise YamlProblem("yaml_too_deep", Pos(line_offset + 1, 1), limit=MAX_DEPTH) from None
    src = Source(data=None)
    if node is not None:
        src.data = _build(node, (), src, line_offset)
    return src


class SlowPath(Exception):
    """The fast reader met something only the careful one can explain (or refuse) precisely."""


def load_fast(text: str, line_offset: int) -> Any:
    """The data of clean front matter, without positions; raises SlowPath (or YamlProblem) otherwise.

    The quick reader takes the shapes dossiers are written in (``quickyaml``); libyaml's composer reads
    whatever it is unsure of."""
    try:
        return quickyaml.read(text)
    except quickyaml.Unsure:
        pass
    try:
        node = _compose(text, line_offset)
    except (yaml.YAMLError, RecursionError):
        raise SlowPath from None
    return None if node is None else _plain(node)


def _plain(node: Node) -> Any:
    """Nodes to data, as ``_build`` does but without positions (the hot path of a large check)."""
    cls = node.__class__
    if cls is ScalarNode:
        return None if node.tag == _NULL_TAG else node.value
    if cls is SequenceNode:
        return [_plain(item) for item in node.value]
    if cls is MappingNode:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode or (key_node.value == "<<" and not key_node.style):
                raise SlowPath
            key = key_node.value if key_node.tag == _STR_TAG else ""
            if key in result:
                raise SlowPath
            result[key] = _plain(value_node)
        return result
    raise SlowPath


def _build(node: Node, path: Path, src: Source, off: int) -> Any:
    src.value_pos[path] = _pos(node.start_mark, off)
    if isinstance(node, ScalarNode):
        return None if node.tag == _NULL_TAG else node.value
    if isinstance(node, SequenceNode):
        return [_build(item, path + (i,), src, off) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            kpos = _pos(key_node.start_mark, off)
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem("yaml_complex_key", kpos)
            if key_node.value == "<<" and not key_node.style:
                raise YamlProblem("yaml_merge", kpos)
            key = key_node.value if key_node.tag == _STR_TAG else ""
            if key in result:
                first = src.key_pos[path + (key,)]
                raise YamlProblem("yaml_duplicate_key", kpos, key=key, first_line=first.line)
            src.key_pos[path + (key,)] = kpos
            result[key] = _build(value_node, path + (key,), src, off)
        return result
    raise YamlProblem("yaml_syntax", _pos(node.start_mark, off), problem="unknown node", context="")


# ---------------------------------------------------------------------------------------------------
# Typing mistakes that YAML either rejects with a baffling message or silently accepts wrongly.

FULLWIDTH_COLON_KEY = re.compile(r"^(?P<indent>[ \t]*(?:-[ \t]+)?)(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ \t]*：[ \t]*")
FLOW_LIST = re.compile(r"^(?P<head>[ \t]*(?:-[ \t]+)?[A-Za-z_][A-Za-z0-9_]*:[ \t]*)\[(?P<body>.*)\][ \t]*$")
SPACE_AFTER_COLON = re.compile(r"^(?P<head>[ \t]*(?:-[ \t]+)?[A-Za-z_][A-Za-z0-9_]*:)(?P<sp>\u3000[ \t\u3000]*)")
DASH_FULLWIDTH = re.compile(r"^(?P<head>[ \t]*-)(?P<sp>\u3000[ \t\u3000]*)")
WRAPPED_QUOTES = re.compile(
    r"^(?P<head>[ \t]*(?:-[ \t]+)?[A-Za-z_][A-Za-z0-9_]*:[ \t]*)(?P<open>[“‘])(?P<body>[^“”‘’]*)(?P<close>[”’])[ \t]*$"
)


_TYPO_LINE = re.compile("^[^\n]*[\t\u3000：，“‘][^\n]*", re.MULTILINE)


@dataclass(frozen=True)
class Typo:
    code: str
    line: int
    col: int
    fixed: str  # the corrected line, shown to the clerk


def scan_typos(text: str, line_offset: int) -> list[Typo]:
    """Full-width punctuation where YAML needs ASCII, and tab or full-width-space indentation (or a full-width
    space where YAML needs the space after a colon or a dash)."""
    found: list[Typo] = []
    lineno, last = line_offset + 1, 0
    # Only a line holding one of these characters can hold a typo: the others are skipped in C.
    for hit in _TYPO_LINE.finditer(text):
        lineno += text.count("\n", last, hit.start())
        last = hit.start()
        line = hit.group()
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
        if "\u3000" in line:
            for pattern, code in ((DASH_FULLWIDTH, "fullwidth_space_indent"), (SPACE_AFTER_COLON, "fullwidth_space_after_colon")):
                m = pattern.match(line)
                if m:
                    fixed = f"{m.group('head')} {line[m.end():]}"
                    found.append(Typo(code, lineno, m.start("sp") + 1, fixed))
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
