"""mammoth's HTML → the dossier's Markdown, as Python-Markdown (MkDocs) reads it.

Our own small converter, not a general one: mammoth writes a handful of tags (p, h1–h6, strong, em, a,
img, br, ul/ol/li, table/tr/td with colspan and rowspan), and what matters is how the minutes read
afterwards:

- every character that Markdown would take for markup is escaped: ``* _ ` [ ] { } | \\``, ``<`` as
  ``&lt;`` (so ``<R-Pet>`` stays text), and at the start of a line ``#``, ``>``, ``-``, ``+``, ``1.``,
  ``!!!``;
- a table with merged cells is written as an HTML table (the body allows table, colspan and rowspan),
  any other as a pipe table; a "layout" table that only holds paragraphs (one column, or one row of long
  text) becomes those paragraphs;
- the HTML is first read into blocks (``Block``) so that the import can look at the text (dates,
  attendees, the title) before it writes anything.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote

from .wordxml import MARKERS, PAGE_BREAK, PROMINENT


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Node | str"] = field(default_factory=list)


_VOID = {"br", "img", "hr"}


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(markup: str) -> Node:
    tree = _Tree()
    tree.feed(markup)
    tree.close()
    return tree.root


# ---------------------------------------------------------------------------------------------------
# Text


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f]+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u000b\u000c\u2028\u2029\u0085]")


def normal(text: str) -> str:
    """Text as read: markers and invisible characters gone, runs of spaces one space (a full-width
    space U+3000 is kept: it is written on purpose in Chinese text)."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", MARKERS.sub("", text)))


def plain(node: Node | str) -> str:
    """The text of a node, a line break for each <br> and between paragraphs and items."""
    if isinstance(node, str):
        return normal(node)
    if node.tag == "br":
        return "\n"
    if node.tag == "img":
        return ""
    parts = [plain(c) for c in node.children]
    if node.tag in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "ul", "ol", "td", "th"):
        return "\n".join(x for x in parts if x.strip()) if any(
            isinstance(c, Node) and c.tag in _BLOCKISH for c in node.children) else "".join(parts)
    return "".join(parts)


_BLOCKISH = {"p", "ul", "ol", "li", "table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "thead", "tbody"}


def escape(text: str) -> str:
    """Text as Markdown that shows exactly this text (inline: no line-start rules here)."""
    text = text.replace("\\", "\\\\")
    text = re.sub(r"([`*_\[\]{}|])", r"\\\1", text)
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
    return text.replace("<", "&lt;")


_LINE_START = [
    (re.compile(r"^(#)"), r"\\\1"),
    (re.compile(r"^(>)"), r"\\\1"),
    (re.compile(r"^([-+])(?=\s|$)"), r"\\\1"),
    (re.compile(r"^([-+=]{2,})"), lambda m: "\\" + m.group(1) if m.group(1)[0] != "=" else "&#61;" + m.group(1)[1:]),
    (re.compile(r"^(\d{1,9})([.)])(?=\s|$)"), r"\1\\\2"),
    (re.compile(r"^(!!!)"), r"\\\1"),
    (re.compile(r"^(~{3,})"), lambda m: "&#126;" + m.group(1)[1:]),
    (re.compile(r"^(:)"), r"\\\1"),
]


def escape_line_starts(md: str) -> str:
    out = []
    for line in md.split("\n"):
        stripped = line.lstrip(" \t")
        for pattern, repl in _LINE_START:
            new = pattern.sub(repl, stripped, count=1)
            if new != stripped:
                stripped = new
                break
        out.append(stripped)
    return "\n".join(out)


def _wrap(mark: str, inner: str) -> str:
    """**inner** with its spaces outside the marks (``** x**`` is no emphasis)."""
    if not inner.strip():
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()):]
    return f"{lead}{mark}{inner.strip()}{mark}{trail}"


def _href(url: str) -> str:
    return quote(url, safe=":/?#[]@!$&'*+,;=%~.-_")


def _image(node: Node, images: list[str] | None) -> str:
    """An image's source, noted in ``images`` (they are written as files beside the dossier)."""
    src = node.attrs.get("src", "")
    if src and images is not None:
        images.append(src)
    return src


def inline(node: Node | str, images: list[str] | None = None) -> str:
    """A node's inline content as Markdown (a <br> as a hard line break)."""
    if isinstance(node, str):
        return escape(normal(node))
    tag = node.tag
    if tag == "br":
        return "  \n"
    if tag == "img":
        src = _image(node, images)
        return f"![{escape(node.attrs.get('alt', '').strip())}]({_href(src)})" if src else ""
    inner = "".join(inline(c, images) for c in node.children)
    if tag in ("strong", "b"):
        return _wrap("**", inner)
    if tag in ("em", "i"):
        return _wrap("*", inner)
    if tag in ("s", "del", "strike"):
        return f"<del>{inner}</del>" if inner.strip() else inner
    if tag in ("sup", "sub"):
        return f"<{tag}>{inner}</{tag}>" if inner.strip() else inner
    if tag == "a":
        href = node.attrs.get("href", "")
        if not href or href.startswith("#") or not inner.strip():
            return inner
        return f"[{inner}]({_href(href)})"
    return inner


def inline_html(node: Node | str, images: list[str] | None = None) -> str:
    """A node's content as HTML (inside an HTML table, where Markdown is not read)."""
    if isinstance(node, str):
        return html.escape(normal(node), quote=False)
    tag = node.tag
    if tag == "br":
        return "<br>"
    if tag == "img":
        src = _image(node, images)
        return f'<img src="{html.escape(_href(src))}" alt="{html.escape(node.attrs.get("alt", "").strip())}">' if src else ""
    inner = "".join(inline_html(c, images) for c in node.children)
    if tag in ("strong", "b", "em", "i", "sup", "sub", "del", "s", "u"):
        t = {"b": "strong", "i": "em", "s": "del"}.get(tag, tag)
        return f"<{t}>{inner}</{t}>" if inner.strip() else inner
    if tag == "a":
        href = node.attrs.get("href", "")
        if not href or href.startswith("#"):
            return inner
        return f'<a href="{html.escape(_href(href))}">{inner}</a>'
    if tag in ("ul", "ol"):
        items = "".join(f"<li>{inline_html(c, images).strip()}</li>" for c in node.children
                        if isinstance(c, Node) and c.tag == "li")
        return f"<{tag}>{items}</{tag}>"
    if tag == "li":
        return "<br>".join(x for x in (inline_html(c, images).strip() for c in _pieces(node)) if x)
    if tag == "p":
        return inner.strip()
    if tag == "table":
        return Table(node).html(images)
    return inner


def _pieces(node: Node) -> list[Node | str]:
    """A node's children, with runs of inline children grouped into one paragraph each."""
    out: list[Node | str] = []
    run = Node("p")
    for c in node.children:
        if isinstance(c, Node) and c.tag in _BLOCKISH:
            if run.children:
                out.append(run)
                run = Node("p")
            out.append(c)
        else:
            run.children.append(c)
    if run.children:
        out.append(run)
    return out


# ---------------------------------------------------------------------------------------------------
# Blocks


@dataclass
class Block:
    kind: str  # para · heading · list · table · pagebreak
    node: Node
    level: int = 0  # a heading's level (from the Word style, before the title is taken out)
    text: str = ""  # plain text
    prominent: bool = False  # centred or large in Word
    title_style: bool = False  # Word's Title style
    bold: bool = False  # all its text bold
    heading_from: str = ""  # why it is a heading: style · numbering
    table: "Table | None" = None

    @property
    def short(self) -> bool:
        return len(self.text) <= 60 and "\n" not in self.text.strip()


def _all_bold(node: Node) -> bool:
    """Whether every visible character of a paragraph is inside <strong> (a leading number may not be)."""
    total, bold = [0], [0]

    def walk(n: Node | str, inside: bool) -> None:
        if isinstance(n, str):
            t = re.sub(r"\s", "", normal(n))
            total[0] += len(t)
            if inside:
                bold[0] += len(t)
            return
        for c in n.children:
            walk(c, inside or n.tag in ("strong", "b"))

    walk(node, False)
    text = re.sub(r"\s", "", plain(node))
    label = NUMBERING.match(text)
    unbold = total[0] - bold[0]
    return total[0] > 0 and (unbold == 0 or (label is not None and unbold <= len(label.group())))


NUMBERING = re.compile(r"^(?:[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十百]+[）)]|\d{1,2}(?:[、．]|\.(?!\d))"
                       r"|[（(]\d{1,2}[）)]|第[一二三四五六七八九十百]+[章部分节条]|[①-⑳])")


def blocks(root: Node) -> list[Block]:
    out: list[Block] = []
    for c in _pieces(root):
        if isinstance(c, str):
            continue
        out.extend(_block(c))
    return out


def _block(node: Node) -> list[Block]:
    tag = node.tag
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "p"):
        raw = "".join(x if isinstance(x, str) else "" for x in _strings(node))
        text = plain(node).strip()
        if raw.strip() == PAGE_BREAK:
            return [Block("pagebreak", node)]
        if not text and not _has_img(node):
            return []
        b = Block("heading" if tag != "p" else "para", node, level=int(tag[1]) if tag != "p" else 0, text=text,
                  prominent=raw.lstrip().startswith(PROMINENT), title_style="docx-title" in node.attrs.get("class", ""),
                  bold=_all_bold(node))
        if b.kind == "heading":
            b.heading_from = "style"
        return [b]
    if tag in ("ul", "ol"):
        return [Block("list", node, text=plain(node).strip())]
    if tag == "table":
        t = Table(node)
        if t.empty:
            return []
        if t.layout:
            out: list[Block] = []
            for cell in t.cells_in_order():
                for piece in _pieces(cell):
                    if isinstance(piece, Node):
                        out.extend(_block(piece))
            return out
        return [Block("table", node, text=plain(node).strip(), table=t)]
    if tag in ("div", "blockquote", "section"):
        out = []
        for piece in _pieces(node):
            if isinstance(piece, Node):
                out.extend(_block(piece))
        return out
    return [Block("para", Node("p", children=[node]), text=plain(node).strip())]


def _strings(node: Node):
    for c in node.children:
        if isinstance(c, str):
            yield c
        else:
            yield from _strings(c)


def _has_img(node: Node) -> bool:
    return any(isinstance(c, Node) and (c.tag == "img" or _has_img(c)) for c in node.children)


# ---------------------------------------------------------------------------------------------------
# Tables


@dataclass
class Cell:
    node: Node
    colspan: int = 1
    rowspan: int = 1
    header: bool = False

    @property
    def text(self) -> str:
        return plain(self.node).strip()


class Table:
    def __init__(self, node: Node) -> None:
        self.node = node
        self.rows: list[list[Cell]] = []
        for tr in _iter(node, "tr"):
            row = []
            for c in tr.children:
                if isinstance(c, Node) and c.tag in ("td", "th"):
                    row.append(Cell(c, _int(c.attrs.get("colspan")), _int(c.attrs.get("rowspan")), c.tag == "th"))
            self.rows.append(row)
        self.grid = self._grid()

    def _grid(self) -> list[list[Cell | None]]:
        """Each row as the columns a reader sees: a merged cell stands in its first slot, None in the others."""
        grid: list[list[Cell | None]] = []
        pending: dict[int, int] = {}  # column → rows still covered by a rowspan above
        for row in self.rows:
            line: list[Cell | None] = []
            col = 0
            cells = iter(row)
            cell = next(cells, None)
            while cell is not None or any(c >= col and n > 0 for c, n in pending.items()):
                if pending.get(col, 0) > 0:
                    pending[col] -= 1
                    line.append(None)
                    col += 1
                    continue
                if cell is None:
                    break
                line.append(cell)
                for k in range(cell.colspan):
                    if k:
                        line.append(None)
                    if cell.rowspan > 1:
                        pending[col + k] = cell.rowspan - 1
                col += cell.colspan
                cell = next(cells, None)
            grid.append(line)
        width = max((len(r) for r in grid), default=0)
        for r in grid:
            r.extend([None] * (width - len(r)))
        return grid

    @property
    def merged(self) -> bool:
        return any(c.colspan > 1 or c.rowspan > 1 for row in self.rows for c in row)

    @property
    def nested(self) -> bool:
        return any(_iter_any(c.node, "table") for row in self.rows for c in row)

    @property
    def empty(self) -> bool:
        return not any(c.text or _has_img(c.node) for row in self.rows for c in row)

    def filled_columns(self) -> int:
        width = len(self.grid[0]) if self.grid else 0
        return sum(1 for k in range(width) if any(r[k] is not None and (r[k].text or _has_img(r[k].node)) for r in self.grid))

    @property
    def layout(self) -> bool:
        """A table used for layout: one column of text, or one row of long paragraphs side by side."""
        if self.filled_columns() <= 1:
            return True
        filled_rows = [row for row in self.rows if any(c.text for c in row)]
        if len(filled_rows) == 1:
            cells = [c for c in filled_rows[0] if c.text]
            return any(len(c.text) > 120 or c.text.count("\n") >= 2 for c in cells)
        return False

    def cells_in_order(self) -> list[Node]:
        return [c.node for row in self.rows for c in row]

    def texts(self) -> list[list[str]]:
        """The visible grid as text (a merged cell's text in each slot it covers)."""
        out = []
        last: dict[int, str] = {}
        for r, row in enumerate(self.grid):
            line = []
            for k, cell in enumerate(row):
                if cell is not None:
                    last[k] = cell.text
                    for j in range(1, cell.colspan):
                        last[k + j] = cell.text
                line.append(last.get(k, "") if cell is None else cell.text)
            out.append(line)
        return out

    # -- writing
    def markdown(self, images: list[str]) -> str:
        if self.merged or self.nested:
            return self.html(images)
        rows = [row for row in self.rows if any(c.text or _has_img(c.node) for c in row)]
        width = max(len(r) for r in rows)
        lines = []
        for i, row in enumerate(rows):
            cells = [self._pipe_cell(c, images) for c in row] + [""] * (width - len(row))
            lines.append("| " + " | ".join(cells) + " |")
            if i == 0:
                lines.append("|" + "|".join(["---"] * width) + "|")
        return "\n".join(lines)

    def _pipe_cell(self, cell: Cell, images: list[str]) -> str:
        parts = []
        for piece in _pieces(cell.node):
            if isinstance(piece, str):
                continue
            if piece.tag in ("ul", "ol"):
                for n, li in enumerate((x for x in piece.children if isinstance(x, Node) and x.tag == "li"), 1):
                    mark = f"{n}." if piece.tag == "ol" else "•"
                    parts.append(f"{mark} " + _one_line(li, images))
            else:
                text = _one_line(piece, images)
                if text:
                    parts.append(text)
        return "<br>".join(parts)

    def html(self, images: list[str]) -> str:
        out = ["<table>"]
        for row in self.rows:
            if not row:
                continue
            cells = []
            for c in row:
                tag = "th" if c.header else "td"
                attrs = (f' colspan="{c.colspan}"' if c.colspan > 1 else "") + (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "")
                content = "<br>".join(x for x in (_trim_breaks(inline_html(p, images)) for p in _pieces(c.node)) if x)
                cells.append(f"<{tag}{attrs}>{content}</{tag}>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</table>")
        return "\n".join(out)


def _one_line(node: Node, images: list[str]) -> str:
    md = inline(node, images).replace("  \n", "<br>").replace("\n", " ").strip()
    return _trim_breaks(md)


def _trim_breaks(text: str) -> str:
    """No line break at the start or end of a cell's piece, none twice in a row (Word's empty lines)."""
    text = re.sub(r"(\s*<br>\s*){2,}", "<br>", text)
    return re.sub(r"^(\s*<br>\s*)+|(\s*<br>\s*)+$", "", text).strip()


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _iter(node: Node, tag: str):
    """The ``tag`` descendants of a table that are its own (not those of a table inside a cell)."""
    for c in node.children:
        if isinstance(c, Node):
            if c.tag == tag:
                yield c
            elif c.tag not in ("table", "td", "th"):
                yield from _iter(c, tag)


def _iter_any(node: Node, tag: str) -> bool:
    return any(isinstance(c, Node) and (c.tag == tag or _iter_any(c, tag)) for c in node.children)


# ---------------------------------------------------------------------------------------------------
# Writing blocks


def list_markdown(node: Node, images: list[str], depth: int = 0) -> str:
    lines = []
    n = 0
    for li in node.children:
        if not isinstance(li, Node) or li.tag != "li":
            continue
        n += 1
        mark = f"{n}." if node.tag == "ol" else "-"
        pad = "    " * depth
        text_parts, sub = [], []
        for piece in _pieces(li):
            if isinstance(piece, Node) and piece.tag in ("ul", "ol"):
                sub.append(list_markdown(piece, images, depth + 1))
            elif isinstance(piece, Node) and piece.tag == "table":
                sub.append(Table(piece).html(images).replace("\n", ""))
            elif isinstance(piece, Node):
                md = escape_line_starts(inline(piece, images).strip())
                if md:
                    text_parts.append(md.replace("\n", "\n" + pad + "    "))
        first = "  \n".join(text_parts) if text_parts else ""
        lines.append(f"{pad}{mark} {first}".rstrip())
        lines.extend(sub)
    return "\n".join(lines)


def paragraph_markdown(node: Node, images: list[str]) -> str:
    md = inline(node, images)
    md = "\n".join(line.strip() for line in md.split("\n"))
    md = md.strip()
    md = re.sub(r"(  \n)+$", "", md)
    return escape_line_starts(md)


def heading_markdown(level: int, node: Node, images: list[str]) -> str:
    md = inline(node, images).replace("  \n", " ").replace("\n", " ").strip()
    md = re.sub(r"^\*\*(.*)\*\*$", r"\1", md)  # a heading is bold already
    return "#" * max(2, min(level, 6)) + " " + md


def block_markdown(b: Block, images: list[str]) -> str:
    if b.kind == "heading":
        return heading_markdown(b.level, b.node, images)
    if b.kind == "list":
        return list_markdown(b.node, images)
    if b.kind == "table" and b.table is not None:
        return b.table.markdown(images)
    if b.kind == "pagebreak":
        return ""
    return paragraph_markdown(b.node, images)
