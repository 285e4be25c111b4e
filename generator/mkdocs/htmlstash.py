"""Raw HTML blocks kept out of Python-Markdown's way.

Generated pages are mostly HTML (tables, lists) made by Jinja, with a little Markdown (headings, the
minutes). Python-Markdown re-parses every raw HTML block with its HTML parser, which was the largest
single cost of a build. ``stash`` swaps each top-level HTML block for a one-word paragraph before
Markdown runs, and ``unstash`` puts the blocks back into the rendered HTML, unchanged. Headings stay
Markdown, so the table of contents is as before.
"""

from __future__ import annotations

import re
import secrets

_START = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*|/[A-Za-z][A-Za-z0-9-]*)(?:[\s>/]|$)")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_PREFIX, _HEX_BYTES = "MAHTMLBLOCK", 5  # a token: the prefix and 10 hex digits, drawn for each page
# One pattern for every page's tokens (a pattern per page, compiled anew each time, doubled the cost of
# stashing); a match counts only with this page's own token.
_BACK = re.compile(rf"<p>({_PREFIX}[0-9a-f]{{{2 * _HEX_BYTES}}})x(\d{{6}})</p>")


class Blocks(list):
    """The HTML blocks taken out of one page, and the token that stands for them in its Markdown: drawn
    anew for each page and absent from its text, so nothing a clerk writes can be taken for one."""

    def __init__(self, text: str) -> None:
        super().__init__()
        token = _PREFIX + secrets.token_hex(_HEX_BYTES)
        while token in text:  # pragma: no cover - 1 in 2**40
            token = _PREFIX + secrets.token_hex(_HEX_BYTES)
        self.token = token

    def mark(self, block: str) -> str:
        self.append(block)
        return f"{self.token}x{len(self) - 1:06d}"


def stash(markdown: str) -> tuple[str, Blocks]:
    """(Markdown with HTML blocks replaced by tokens, the blocks)."""
    lines = markdown.split("\n")
    out: list[str] = []
    blocks = Blocks(markdown)
    i = 0
    if lines and lines[0].strip() == "---":  # front matter stays as it is
        end = next((k for k in range(1, len(lines)) if lines[k].strip() == "---"), -1)
        if end > 0:
            out.extend(lines[: end + 1])
            i = end + 1
    fenced = False
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            fenced = not fenced
        starts_block = not fenced and _START.match(line) and (not out or not out[-1].strip())
        if not starts_block:
            out.append(line)
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].strip():
            j += 1
        out.append(blocks.mark("\n".join(lines[i:j])))
        i = j
    return "\n".join(out), blocks


def unstash(html: str, blocks: Blocks | None) -> str:
    if not blocks:
        return html
    token = blocks.token
    return _BACK.sub(lambda m: blocks[int(m.group(2))] if m.group(1) == token else m.group(0), html)
