"""Characters a clerk cannot see: what each one is called, where it is a problem, and how it is cleaned.

Text pasted from Word, WeChat or a web page brings characters that look like nothing or like a space:
zero-width spaces, a byte order mark in the middle of a line, no-break spaces, Word's manual line break
(a vertical tab), NUL bytes, Unicode line separators. In the front matter they silently change a value
(``县水利局`` with a zero-width space is another unit, another id, another kind) or break YAML in ways
its parser explains badly, so each one is an error at its own line and column, named for what it is.
In the minutes they are warnings, and the published page drops them (``clean_body``).

The full-width space U+3000 is ordinary Chinese typography inside a value (``张　三``); it is a problem
only as indentation or right after a colon, where YAML needs an ASCII space (``yamlsrc.scan_typos``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# code point → (Chinese name, English name)
NAMES: dict[int, tuple[str, str]] = {
    0x0000: ("空字符 NUL", "NUL character"),
    0x0009: ("制表符 Tab", "tab"),
    0x000A: ("换行符", "line break"),
    0x000B: ("垂直制表符 VT，即 Word 的手动换行符", "vertical tab, Word's manual line break"),
    0x000C: ("换页符", "form feed"),
    0x007F: ("删除符 DEL", "DEL character"),
    0x0085: ("下一行符 NEL", "next line (NEL)"),
    0x00A0: ("不换行空格 NBSP", "no-break space (NBSP)"),
    0x00AD: ("软连字符", "soft hyphen"),
    0x180E: ("蒙古文元音分隔符", "Mongolian vowel separator"),
    0x200B: ("零宽空格", "zero-width space"),
    0x200C: ("零宽非连接符", "zero-width non-joiner"),
    0x200D: ("零宽连接符", "zero-width joiner"),
    0x200E: ("从左至右标记", "left-to-right mark"),
    0x200F: ("从右至左标记", "right-to-left mark"),
    0x2028: ("行分隔符", "line separator"),
    0x2029: ("段分隔符", "paragraph separator"),
    0x202F: ("窄不换行空格", "narrow no-break space"),
    0x205F: ("数学中空格", "medium mathematical space"),
    0x2060: ("零宽不换行符", "word joiner"),
    0x3000: ("全角空格", "full-width space"),
    0xFEFF: ("字节顺序标记 BOM", "byte order mark (BOM)"),
}
for _cp in range(0x202A, 0x202F):
    NAMES[_cp] = ("文字方向控制符", "bidirectional control")
for _cp in range(0x2066, 0x206A):
    NAMES[_cp] = ("文字方向控制符", "bidirectional control")
for _cp in range(0x2000, 0x200B):
    NAMES.setdefault(_cp, ("特殊宽度空格", "special-width space"))

# Look like nothing: removed from the published minutes.
ZERO_WIDTH = frozenset([0x00AD, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF,
                        *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Look like a space.
SPACES = frozenset([0x00A0, 0x202F, 0x205F, *range(0x2000, 0x200B)])
# Break a line where the clerk sees none (YAML counts U+0085, U+2028 and U+2029 as line breaks).
BREAKS = frozenset([0x000B, 0x000C, 0x0085, 0x2028, 0x2029])


def is_control(cp: int) -> bool:
    """C0 and C1 controls other than tab and newline (carriage returns are gone by now)."""
    return (cp < 0x20 and cp not in (0x09, 0x0A)) or cp == 0x7F or 0x80 <= cp <= 0x9F


def name(ch: str, lang: str = "zh") -> str:
    cp = ord(ch)
    zh, en = NAMES.get(cp) or (("控制字符", "control character") if is_control(cp) else ("不可见字符", "invisible character"))
    return f"{zh if lang == 'zh' else en}（U+{cp:04X}）" if lang == "zh" else f"{en} (U+{cp:04X})"


_CONTROLS = "\\x00-\\x08\\x0e-\\x1f\\x7f-\\x9f"


def _class(codepoints: frozenset[int]) -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(chr(c) for c in sorted(codepoints))) + _CONTROLS + "]")


# Every character the front matter may not hold (U+3000 is judged by where it stands: yamlsrc.scan_typos).
FRONT_MATTER_BAD = _class(ZERO_WIDTH | SPACES | BREAKS)
# What the minutes should not hold (characters that look like a space are fine there).
BODY_BAD = _class(ZERO_WIDTH | BREAKS)


@dataclass(frozen=True)
class Found:
    line: int  # 0-based within the text scanned
    col: int  # 1-based
    char: str


def find(text: str, pattern: re.Pattern[str], skip_comments: bool = False) -> list[Found]:
    """The first offending character of each kind on each line (a pasted block reports once a line)."""
    out: list[Found] = []
    if not pattern.search(text):
        return out
    for i, line in enumerate(text.split("\n")):
        if skip_comments and line.lstrip(" \t\u3000").startswith("#"):
            continue
        seen: set[str] = set()
        for m in pattern.finditer(line):
            ch = m.group()
            if ch not in seen:
                seen.add(ch)
                out.append(Found(i, m.start() + 1, ch))
    return out


def blank_out(text: str, pattern: re.Pattern[str]) -> str:
    """The text as the clerk sees it, to read on after the error: characters of no width gone, the
    others (spaces, controls, line separators) an ASCII space, so the columns after them stay put."""
    return pattern.sub(lambda m: "" if ord(m.group()) in ZERO_WIDTH else " ", text)


_BODY_DROP = re.compile("[" + re.escape("".join(chr(c) for c in sorted(ZERO_WIDTH))) + "]")
_BODY_SPACE = _class(BREAKS)


def clean_body(text: str) -> str:
    """The minutes as published: invisible characters dropped, controls and stray line breaks as spaces."""
    if not BODY_BAD.search(text):
        return text
    return _BODY_SPACE.sub(" ", _BODY_DROP.sub("", text))


def fold(text: str) -> str:
    """The form two names are compared in: invisible characters gone, compatibility forms folded
    (``县水利局`` with a zero-width space, or with a full-width letter, is the same name)."""
    text = unicodedata.normalize("NFKC", _BODY_DROP.sub("", text))
    return text.casefold()
