"""The one loader: files → dossiers, each with the diagnostics of its own file.

Reading never writes: a dossier file is opened for reading only, and nothing here knows how to write.
Steps per file: bytes → text (UTF-8, BOM and CRLF accepted, GBK recognised and refused) → front matter
and body → YAML with positions → pydantic model. Every problem becomes a Diagnostic at its line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
from pydantic import ValidationError

from ..core import chars
from . import yamlsrc
from ..core.diagnostics import ERROR, Diagnostic
from ..core.messages import Bi, Got, Q
from .model import FrontMatter
from .errors import translate

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FRONT_MATTER_BYTES = 1024 * 1024

# python-frontmatter's own definition of the --- boundary line.
_BOUNDARY = re.compile(frontmatter.YAMLHandler.FM_BOUNDARY.pattern.replace(r"\s*$", r"[ \t]*$"))


@dataclass
class Dossier:
    id: str
    path: Path  # absolute
    folder: Path  # the folder its attachments live in
    is_folder_dossier: bool
    fm: FrontMatter | None = None  # None when the front matter has errors
    data: dict | None = None  # what fm was made from, as plain data: what the check cache keeps of it
    fm_text: str = ""  # the front matter as read (typos mended), for positions on demand
    _source: yamlsrc.Source | None = None
    body: str = ""
    body_line: int = 1  # the file line where the body starts
    diagnostics: list[Diagnostic] = field(default_factory=list)
    deps: list[str] = field(default_factory=list)  # files the rules looked at (attachments, linked files)

    def error(self, line: int, col: int, code: str, field_: str = "", **args) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, col, ERROR, code, field_, args))

    @property
    def ok(self) -> bool:
        return self.fm is not None

    @property
    def source(self) -> yamlsrc.Source:
        """Where each key and value stands: parsed again only when a diagnostic needs a position."""
        if self._source is None:
            try:
                self._source = yamlsrc.parse(self.fm_text, 1)
            except yamlsrc.YamlProblem:  # cannot happen for text that loaded; positions then say line 1
                self._source = yamlsrc.Source(data=None)
        return self._source

    def action_ids(self) -> list[str]:
        return [a.id for a in self.fm.actions] if self.fm is not None else []

    def carried_refs(self) -> list[tuple[int, str]]:
        """(index, carried_from) of each action carried from another meeting."""
        if self.fm is None:
            return []
        return [(i, a.carried_from) for i, a in enumerate(self.fm.actions) if a.carried_from]

    @property
    def has_errors(self) -> bool:
        return any(d.severity == ERROR for d in self.diagnostics)


def discover(root: Path) -> list[Path]:
    """Every dossier file under ``root``, in a stable order.

    ``<id>.md`` anywhere, or ``<id>/index.md``; a folder holding ``index.md`` is one dossier, so other
    Markdown files inside it are its attachments. Paths with a part starting ``_`` or ``.`` are skipped.
    """
    found: list[Path] = []
    root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(("_", ".")))
        if here != root and "index.md" in filenames:
            found.append(here / "index.md")
            dirnames[:] = []  # the rest of this folder belongs to that dossier
            continue
        for name in sorted(filenames):
            if name.endswith(".md") and not name.startswith(("_", ".")) and not (here == root and name == "index.md"):
                found.append(here / name)
    return found


def dossier_id(path: Path) -> str:
    return path.parent.name if path.name == "index.md" else path.stem


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _looks_utf16(raw: bytes) -> bool:
    """A UTF-16 file, with or without its byte order mark: every other byte of ASCII text is NUL."""
    if raw[:2] in _UTF16_BOMS:
        return True
    head = raw[:4096]
    if b"\x00" not in head or len(head) < 4:
        return False
    half = len(head) // 2
    return head[0::2].count(0) > half * 0.25 or head[1::2].count(0) > half * 0.25


def _utf8_with_errors(raw: bytes, limit: int = 8) -> tuple[str, list[tuple[int, int]], bool]:
    """(text with U+FFFD for each bad byte sequence, [(char offset, byte)] of each, whether all was read)."""
    parts: list[str] = []
    bad: list[tuple[int, int]] = []
    pos, chars = 0, 0
    while True:
        try:
            tail = raw[pos:].decode("utf-8")
        except UnicodeDecodeError as exc:
            good = raw[pos:pos + exc.start].decode("utf-8")
            parts.append(good)
            chars += len(good)
            bad.append((chars, raw[pos + exc.start]))
            parts.append("\ufffd")
            chars += 1
            pos += exc.end
            if len(bad) > limit:
                return "".join(parts), bad, False
            continue
        parts.append(tail)
        return "".join(parts), bad, True


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def decode(raw: bytes, dossier: Dossier) -> str | None:
    """The file's text. UTF-8 (a BOM and CRLF accepted); UTF-16 and GBK are refused with a line that says
    so; a few stray bytes in a UTF-8 file are each reported where they stand, and the rest is read on."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if _looks_utf16(raw):
        dossier.error(1, 1, "encoding_utf16")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        text, bad, whole = _utf8_with_errors(raw)
        multibyte = any(ord(ch) > 0x7F and ch != "\ufffd" for ch in text)
        if whole and multibyte:  # UTF-8 Chinese text with a stray byte or two
            for offset, byte in bad:
                line, col = _line_col(text, offset)
                dossier.error(line, col, "encoding_stray_byte", line_no=line, byte=f"0x{byte:02X}")
        else:
            line = raw.count(b"\n", 0, exc.start) + 1
            col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            try:
                raw.decode("gb18030")
                dossier.error(line, col, "encoding_gbk")
            except UnicodeDecodeError:
                dossier.error(line, col, "encoding_unknown", line_no=line)
            return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _escaped_invisible(value, path: tuple):
    """(path, character) of each value holding a character the front matter may not hold."""
    if isinstance(value, str):
        m = chars.FRONT_MATTER_BAD.search(value)
        if m:
            yield path, m.group()
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _escaped_invisible(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _escaped_invisible(v, path + (i,))


# Characters a file name may not hold: they mean something in a web address or in carried_from
# (<id>#<action>), or cannot be typed or shown.
_NAME_BAD = re.compile(r"[#?%\\\"<>|*:\x00-\x1f\x7f]")


def has_surrogates(text: str) -> bool:
    """A name the file system gave as bytes that are not UTF-8 (Python keeps them as lone surrogates)."""
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def name_ok(dossier: Dossier) -> bool:
    """The file's name can be an id and a web address: UTF-8, no character that means something in an
    address, nothing invisible in it. False: the file is not read at all."""
    if has_surrogates(str(dossier.path)):
        raw = os.fsencode(str(dossier.path))
        guess = raw.decode("gb18030", errors="replace").rsplit("/", 2)
        dossier.error(1, 1, "filename_not_utf8", guess="/".join(guess[-2:]))
        return False
    odd = _NAME_BAD.search(dossier.id)
    if odd and not chars.is_control(ord(odd.group())):
        dossier.error(1, 1, "filename_char", char=odd.group())
        return False
    bad = chars.FRONT_MATTER_BAD.search(dossier.id) or re.search("[\u3000\n\t]", dossier.id)
    if bad:
        dossier.error(1, 1, "filename_invisible", name=Bi(chars.name(bad.group(), "zh"), chars.name(bad.group(), "en")))
        # a newline, a tab or a control: not even a web address, and the search index refuses it
        return bad.group() not in "\n\t" and not chars.is_control(ord(bad.group()))
    return True


def load_file(path: Path, raw: bytes | None = None) -> Dossier:
    """Read one dossier file (or its bytes, already read); never raises for anything a clerk can type."""
    path = path.resolve() if not path.is_absolute() else path
    dossier = Dossier(
        id=dossier_id(path),
        path=path,
        folder=path.parent,
        is_folder_dossier=path.name == "index.md",
    )
    if not name_ok(dossier):
        return dossier
    try:
        size = path.stat().st_size if raw is None else len(raw)
        if size > MAX_FILE_BYTES:
            dossier.error(1, 1, "file_too_large", size=_mb(size), limit=_mb(MAX_FILE_BYTES))
            return dossier
        if raw is None:
            raw = path.read_bytes()
    except OSError as exc:
        dossier.error(1, 1, "invalid", detail=f"{exc.strerror}")
        return dossier
    text = decode(raw, dossier)
    if text is None:
        return dossier
    parse_text(dossier, text)
    return dossier


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def split(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, line where the body starts), or None when there is no front matter."""
    lines = text.split("\n")
    if not lines or not _BOUNDARY.match(lines[0]):
        return None
    for i in range(1, len(lines)):
        if _BOUNDARY.match(lines[i]):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return "\n".join(lines[1:]), "", -1


def parse_text(dossier: Dossier, text: str) -> None:
    parts = split(text)
    if parts is None:
        dossier.error(1, 1, "no_front_matter")
        return
    fm_text, body, body_line = parts
    if body_line < 0:
        dossier.error(1, 1, "unclosed_front_matter")
        return
    dossier.body, dossier.body_line = body, body_line
    if len(fm_text.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        dossier.error(2, 1, "front_matter_too_large", size=_mb(len(fm_text.encode())), limit=_mb(MAX_FRONT_MATTER_BYTES))
        return

    # Characters nobody can see: each named at its own line, then read on as if it were not there.
    # Every line, comments too: a line that starts with # may be text inside a block scalar (| or >).
    invisible = chars.find(fm_text, chars.FRONT_MATTER_BAD)
    for f in invisible:
        dossier.error(f.line + 2, f.col, "invisible_char", name=Bi(chars.name(f.char, "zh"), chars.name(f.char, "en")))
    if invisible:
        fm_text = chars.blank_out(fm_text, chars.FRONT_MATTER_BAD)
    typos = yamlsrc.scan_typos(fm_text, 1)
    for t in typos:
        dossier.error(t.line, t.col, t.code, fixed=t.fixed)
    if typos:
        # Read on as if each typo were mended, so the clerk sees the file's other problems too.
        lines = fm_text.split("\n")
        for t in typos:
            lines[t.line - 2] = t.fixed
        fm_text = "\n".join(lines)
    dossier.fm_text = fm_text
    try:
        data = yamlsrc.load_fast(fm_text, 1)
    except (yamlsrc.SlowPath, yamlsrc.YamlProblem):
        try:
            dossier._source = yamlsrc.parse(fm_text, 1)
        except yamlsrc.YamlProblem as problem:
            if (typos or invisible) and problem.code == "yaml_syntax":
                return  # most likely our guess at mending a typo; the typo line says what to do
            args = dict(problem.args_)
            if "key" in args:
                args["key"] = Q(args["key"])
            if problem.code == "yaml_syntax":
                args["problem"] = yaml_problem_text(f"{args.get('problem', '')} | {args.pop('context', '')}")
            dossier.error(problem.pos.line, problem.pos.col, problem.code, **args)
            return
        data = dossier._source.data
    if data is None:
        dossier.error(1, 1, "front_matter_empty")
        return
    if not isinstance(data, dict):
        dossier.error(2, 1, "front_matter_not_mapping", got=Got(data))
        return
    if "\\" in fm_text:  # a double-quoted "\u200b" or "\x01" makes a character the scan above never saw
        escaped = list(_escaped_invisible(data, ()))
        for path, ch in escaped:
            pos = dossier.source.value_at(path)
            dossier.error(pos.line, pos.col, "invisible_char", name=Bi(chars.name(ch, "zh"), chars.name(ch, "en")))
        if escaped:
            return
    try:
        fm = FrontMatter.model_validate(data)
    except ValidationError as exc:
        dossier.diagnostics.extend(translate(exc, dossier.source, dossier.path))
        return
    dossier.fm, dossier.data = fm, data  # even after typos: the rules may still find more to tell


# The parser's wording of every syntax error it gives (libyaml's, and pure-Python PyYAML's where it words
# it otherwise), said in the clerk's words. The first needle found in the parser's text wins.
_YAML_PROBLEMS = [
    ("found unexpected end of stream", "引号没有闭合，到文件头部结尾也没找到对应的引号", "a quote is not closed"),
    ("found unexpected document indicator", "引号没有闭合，一直延续到了 --- 或 ... 行", "a quote is not closed before a --- or ... line"),
    ("could not find expected ':'", "找不到应有的冒号“:”（字段名后要写半角冒号和空格）", "a key is missing its ':'"),
    ("mapping values are not allowed", "值里出现了“: ”（冒号加空格），会被当成又一个字段；请把整个值加引号，或改用全角冒号“：”",
     "': ' inside a value reads as another key; quote the whole value, or use a full-width '：'"),
    ("mapping keys are not allowed", "这里不能出现问号“? ”开头的字段；值以 ? 开头时请整个值加引号",
     "a '? ' key where none may be; quote a value that starts with ?"),
    ("block sequence entries are not allowed", "这里不能出现列表项“- ”（列表项应另起一行并比字段名多缩进）",
     "a '- ' list item where none may be (put items on their own lines, indented under the key)"),
    ("did not find expected key", "缩进不一致，找不到下一个字段（同一层的字段要对齐）",
     "the indentation is inconsistent (align keys of one level)"),
    ("expected <block end>", "缩进不一致（同一层的字段要对齐）", "the indentation is inconsistent (align keys of one level)"),
    ("did not find expected '-' indicator", "列表项缩进不一致（每项以“- ”开头并对齐）", "list items are not aligned"),
    ("found a tab character", "出现了 Tab 字符；请改用空格缩进", "a tab character; indent with spaces"),
    ("found character '\\t'", "出现了 Tab 字符；请改用空格缩进", "a tab character; indent with spaces"),
    ("found character that cannot start any token", "这里的字符（如 @、`、% 或 Tab）不能作为值的开头；请把整个值加引号",
     "a value cannot start with this character (@, `, % or a tab); quote the whole value"),
    ("that cannot start any token", "这里的字符（如 @、`、% 或 Tab）不能作为值的开头；请把整个值加引号",
     "a value cannot start with this character (@, `, % or a tab); quote the whole value"),
    ("found unexpected ':'", "值里有冒号，YAML 无法分辨；请把整个值加引号", "a colon inside a value; quote the whole value"),
    ("found undefined alias", "使用了未定义的别名", "an undefined alias"),
    ("did not find expected alphabetic or numeric character", "“&”或“*”后面少了名字；值以 & 或 * 开头时请整个值加引号",
     "'&' or '*' without a name; quote a value that starts with & or *"),
    ("expected alphabetic or numeric character", "“&”或“*”后面少了名字；值以 & 或 * 开头时请整个值加引号",
     "'&' or '*' without a name; quote a value that starts with & or *"),
    ("did not find expected tag URI", "“!”开头的值会被当作类型标记；请把整个值加引号", "a value starting with '!' is read as a tag; quote it"),
    ("did not find expected whitespace or line break", "“!”开头的值会被当作类型标记；请把整个值加引号",
     "a value starting with '!' is read as a tag; quote it"),
    ("expected ',' or ']'", "方括号列表没有闭合，或项之间少了半角逗号", "a [list] is not closed or lacks a ','"),
    ("did not find expected ',' or ']'", "方括号列表没有闭合，或项之间少了半角逗号", "a [list] is not closed or lacks a ','"),
    ("expected ',' or '}'", "花括号没有闭合，或项之间少了半角逗号", "a {mapping} is not closed or lacks a ','"),
    ("did not find expected ',' or '}'", "花括号没有闭合，或项之间少了半角逗号", "a {mapping} is not closed or lacks a ','"),
    ("did not find expected node content", "这里缺少值，或括号、逗号放错了位置", "a value is missing, or a bracket or comma is misplaced"),
    ("expected the node content", "这里缺少值，或括号、逗号放错了位置", "a value is missing, or a bracket or comma is misplaced"),
    ("did not find expected comment or line break", "“|”或“>”后面只能换行（多行文字从下一行开始写）",
     "after '|' or '>' only a line break may follow (start the text on the next line)"),
    ("expected a comment or a line break", "“|”或“>”后面只能换行（多行文字从下一行开始写）",
     "after '|' or '>' only a line break may follow (start the text on the next line)"),
    ("found unknown escape character", "双引号中有无法识别的反斜杠转义；路径请用单引号或正斜杠 /",
     "an unknown backslash escape; use single quotes or /"),
    ("but found another document", "头部中间出现了 --- 或 ... 行；头部只能有开头和结尾两条 ---",
     "a --- or ... line inside the front matter; it has only the opening and the closing ---"),
    ("did not find expected <document start>", "头部中间出现了 --- 或 ... 行，或多了一个顶格的值；请核对这一行",
     "a --- or ... line, or a stray unindented value, inside the front matter"),
    ("expected '<document start>'", "头部中间出现了 --- 或 ... 行，或多了一个顶格的值；请核对这一行",
     "a --- or ... line, or a stray unindented value, inside the front matter"),
    ("directive", "以“%”开头的行会被当作 YAML 指令；值以 % 开头时请整个值加引号",
     "a line starting with '%' is read as a YAML directive; quote a value that starts with %"),
]
_UNKNOWN = ("这一行无法按 YAML 解析", "this line cannot be parsed as YAML")


def yaml_problem_text(problem: str) -> Bi:
    for needle, zh, en in _YAML_PROBLEMS:
        if needle in problem:
            return Bi(zh, en)
    return Bi(*_UNKNOWN)  # never the parser's English in a Chinese message
