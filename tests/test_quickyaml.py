"""The quick reader (generator/source/quickyaml.py) reads front matter exactly as libyaml does, or not at all.

Whatever ``quickyaml.read`` accepts, libyaml's careful path (``yamlsrc.parse``) must accept too and give
the same data, key order included. Three sources of input: the sample dossiers and the templates,
synthetic dossiers, and Hypothesis, which writes front matter line by line from YAML's own marks (keys,
dashes, indents, quotes, brackets, block scalars, comments, anchors) and mutates the samples. A table of
hand-picked cases pins down what the reader refuses.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st

from generator.source import loader, quickyaml, yamlsrc
from tests import synth

from .conftest import ROOT

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2000"))


def ordered(value: Any) -> Any:
    """Data with the order of keys made part of equality."""
    if isinstance(value, dict):
        return ("map", [(k, ordered(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("seq", [ordered(v) for v in value])
    return value


def front_matter(text: str) -> str:
    parts = loader.split(text)
    assert parts is not None and parts[2] >= 0
    return parts[0]


def same_as_libyaml(text: str) -> bool:
    """True when the quick reader read ``text``, and read it as libyaml does; False when it was unsure."""
    try:
        quick = quickyaml.read(text)
    except quickyaml.Unsure:
        return False
    try:
        careful = yamlsrc.parse(text, 1).data
    except yamlsrc.YamlProblem as problem:
        raise AssertionError(f"quickyaml read {text!r} as {quick!r}, libyaml refuses it: {problem.code}") from None
    assert ordered(quick) == ordered(careful), text
    return True


SAMPLES = sorted(p for p in (ROOT / "dossiers").rglob("*.md") if p.name != "README.md")


def test_the_samples_read_the_same():
    taken = [same_as_libyaml(front_matter(p.read_text(encoding="utf-8"))) for p in SAMPLES]
    # Nearly all: a sample may hold a shape left to libyaml (a list inside a one-line mapping).
    assert sum(taken) >= 0.8 * len(SAMPLES), [p.name for p, t in zip(SAMPLES, taken) if not t]


def test_synthetic_dossiers_read_quickly_and_the_same():
    dossiers = synth.generate(300, seed=7)
    taken = sum(same_as_libyaml(front_matter(text)) for _, text in dossiers)
    assert taken == len(dossiers)


# (front matter, what the quick reader gives, or UNSURE)
UNSURE = "unsure"
CASES = [
    ("title: 会议\n", {"title": "会议"}),
    ("a: true\nb: 010\nc: 2024.10\nd: 9:30\n", {"a": "true", "b": "010", "c": "2024.10", "d": "9:30"}),
    ("a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: ''\ng: \"\"\n",
     {"a": None, "b": None, "c": None, "d": None, "e": None, "f": "", "g": ""}),
    ("a: x  # note\nb: x#y\nc: 'it''s' # c\n", {"a": "x", "b": "x#y", "c": "it's"}),
    ("a: 会议\u3000\n", {"a": "会议\u3000"}),
    ("a: [x, ~, 'y, z', \"q\"]\nb: []\nc: {}\n", {"a": ["x", None, "y, z", "q"], "b": [], "c": {}}),
    ("a: {time: \"15:10\", n: 7, note: 10:35 返回}\n", {"a": {"time": "15:10", "n": "7", "note": "10:35 返回"}}),
    ("a:\n- x\n- y\nb: 1\n", {"a": ["x", "y"], "b": "1"}),
    ("a:\n  - k: v\n    l:\n      - 1\n  -\n  - z\n", {"a": [{"k": "v", "l": ["1"]}, None, "z"]}),
    ("a: |\n  one\n   two\n\n  three\n\n\nb: x\n", {"a": "one\n two\n\nthree\n", "b": "x"}),
    ("a: |-\n  one\n  two\n", {"a": "one\ntwo"}),
    ("a: >\n  one\n  two\n\n  three\n", {"a": "one two\nthree\n"}),
    ("a: >-\n  one\n\n\n  two\n", {"a": "one\n\ntwo"}),
    ("# 注释\n\na: 1 # x\n  # indented comment\nb: 2\n", {"a": "1", "b": "2"}),
    # What it leaves to libyaml, which either reads it or says what is wrong.
    ("a: one\n  two\n", UNSURE),  # a plain value over two lines
    ("a: b: c\n", UNSURE),
    ("a: 1\na: 2\n", UNSURE),
    ("a: &x 1\nb: *x\n", UNSURE),
    ("a: !!python/object x\n", UNSURE),
    ("<<: {a: 1}\n", UNSURE),
    ("名称: x\n", UNSURE),
    ("null: x\n", UNSURE),
    ("a: \"x\\ty\"\n", UNSURE),
    ("a:\tx\n", UNSURE),
    ("a: x\r\n", UNSURE),
    ("a: @x\n", UNSURE),
    ("a: `x\n", UNSURE),
    ("a: %x\n", UNSURE),
    ("a: 'x\n  y'\n", UNSURE),
    ("a: [x,\n  y]\n", UNSURE),
    ("a: [x, [y]]\n", UNSURE),
    ("a: [x, ]\n", UNSURE),
    ("a: {x: 1, x: 2}\n", UNSURE),
    ("a: |+\n  x\n", UNSURE),
    ("a: |\n\n  x\n", UNSURE),
    ("a: >\n  x\n    y\n", UNSURE),
    ("- a\n", UNSURE),
    ("a: 1\n b: 2\n", UNSURE),
    ("a:\n  b: 1\n c: 2\n", UNSURE),
    ("a: 1\n---\nb: 2\n", UNSURE),
    ("", UNSURE),
    ("# only a comment\n", UNSURE),
    ("a:\n" + "".join("  " * d + "- x:\n" for d in range(1, 12)), UNSURE),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[repr(c[0])[:40] for c in CASES])
def test_cases(text, expected):
    if expected == UNSURE:
        with pytest.raises(quickyaml.Unsure):
            quickyaml.read(text)
    else:
        assert ordered(quickyaml.read(text)) == ordered(expected)
        assert same_as_libyaml(text)


# ---------------------------------------------------------------------------------------------------
# Hypothesis: front matter written line by line from YAML's marks, and the samples mutated.

KEYS = ["a", "b", "title", "x_y", "k-2", "null", "True", "y", "名称", "a b", "<<", "?", "-a"]
VALUES = [
    "", "x", "会议", "会 议", "10:35", "a:b", "a: b", "a:", "x #c", "x#c", "#c", "~", "null", "Null", "''", '""',
    "'a''b'", "'a'b", '"a"b', "'x", '"x', "'a # b'", '"a: b, c"', "[a, b]", "[ ]", "[a,b,]", "[a, [b]]",
    "[x:y]", "[x: y]", "['a, b', \"c\"]", "[~, null, '']", "{a: 1}", "{a: 1, b: ~}", "{a: 1, a: 2}", "{a:1}",
    "{a: \"x, y\"}", "{a: }", "{名: x}", "{a: [b]}", "{a: 'b'} #c", "{a: b", "[a", "|", "|-", ">", ">-", "|+",
    "|2", "| #c", "-", "- x", "-1", "--", "&a x", "*a", "!t x", "!!str x", "@x", "`x", "%x", "?x", "? x",
    "x?", ":x", ",x", "x,", "x ", "x\u3000", "\u3000x", "x  y", "a\\tb", '"a\\tb"', "x\ty", "x\r", "\u2028",
    "\ufeff", "\x85", "---", "...", "1e3", ".5", "0x1F", "yes", "'''", "''''", '"\'"', "x'y", 'x"y',
]
INDENTS = ["", " ", "  ", "   ", "    ", "      "]
DASHES = ["", "", "", "- ", "-", "-  ", "- - "]


@st.composite
def yaml_line(draw) -> str:
    kind = draw(st.sampled_from(["entry", "entry", "entry", "item", "text", "blank", "comment"]))
    indent = draw(st.sampled_from(INDENTS))
    if kind == "blank":
        return draw(st.sampled_from(["", " ", "   "]))
    if kind == "comment":
        return indent + "#" + draw(st.sampled_from(["", " c", " a: b"]))
    if kind == "text":  # content of a block scalar, or a continuation, or a stray word
        return indent + draw(st.one_of(st.sampled_from(VALUES), st.text(min_size=1, max_size=4)))
    dash = draw(st.sampled_from(DASHES)) if kind == "entry" else draw(st.sampled_from(["- ", "-", "-  "]))
    value = draw(st.one_of(st.sampled_from(VALUES), st.sampled_from(VALUES), st.text(max_size=4)))
    if kind == "item":
        return indent + dash + value
    key = draw(st.sampled_from(KEYS))
    colon = draw(st.sampled_from([": ", ":  ", ":", " : "]))
    return indent + dash + key + colon + value


@st.composite
def written(draw) -> str:
    lines = draw(st.lists(yaml_line(), min_size=1, max_size=14))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


FRONTS = [front_matter(p.read_text(encoding="utf-8")) for p in SAMPLES if p.parent.name != "_templates"]


def slip(draw, lines: list[str], hows: list[str]) -> list[str]:
    """One slip of a hurried clerk at a drawn line: indented or dedented by a space, a line inserted,
    replaced, dropped or written twice, or (``value``) another value after its key."""
    i = draw(st.integers(0, len(lines) - 1))
    how = draw(st.sampled_from(hows))
    if how == "indent":
        lines[i] = " " + lines[i]
    elif how == "dedent":
        lines[i] = lines[i][1:]
    elif how == "insert":
        lines.insert(i, draw(yaml_line()))
    elif how == "replace":
        lines[i] = draw(yaml_line())
    elif how == "drop":
        del lines[i]
    elif how == "double":
        lines.insert(i, lines[i])
    elif ": " in lines[i]:
        lines[i] = lines[i].split(": ", 1)[0] + ": " + draw(st.sampled_from(VALUES))
    return lines or [""]


@st.composite
def mutated(draw) -> str:
    lines = FRONTS[draw(st.integers(0, len(FRONTS) - 1))].split("\n")
    for _ in range(draw(st.integers(1, 3))):
        lines = slip(draw, lines, ["indent", "dedent", "insert", "replace", "drop", "double", "value"])
    return "\n".join(lines)


ODD_SCALARS = [v for v in VALUES if v not in ("", "|", "|-", ">", ">-", "-")]
GOOD_SCALARS = ["x", "会议", "会 议", "2026-01-01", "true", "15:10", "~", "null", "'a''b'", '"a: b, c"', "x #c",
                "a:b", "10:35 返回", "x\u3000", "''", "x'y", 'x"y', "1e3", "{x}", "a,b", "a [b]", "x?"]
NAMES = ["a", "b", "c", "title", "x_y", "k-2", "due", "y", "No"]
ODD_NAMES = ["名称", "null", "a b", "<<", "-a"]
BLOCK_LINES = ["x", "会议 纪要", "  more", "# not a comment", "a: b", "- c", "", "", "x ", "'q'", "\u3000y"]


@st.composite
def block_scalar(draw, indent: str) -> list[str]:
    """A | or > header and its lines, each indented past ``indent``."""
    head = draw(st.sampled_from(["|", "|-", ">", ">-", "|+", ">+", "|2", "| #c"]))
    pad = indent + draw(st.sampled_from([" ", "  ", "    "]))
    body = draw(st.lists(st.sampled_from(BLOCK_LINES), min_size=1, max_size=5))
    return [head] + [(pad + b) if b else draw(st.sampled_from(["", pad, pad + " "])) for b in body]


def scalar(draw) -> str:
    return draw(st.sampled_from(ODD_SCALARS if draw(st.integers(0, 9)) == 0 else GOOD_SCALARS))


def name(draw) -> str:
    return draw(st.sampled_from(ODD_NAMES if draw(st.integers(0, 19)) == 0 else NAMES))


def node(draw, indent: str, depth: int) -> tuple[str, list[str]]:
    """A value: what follows its key or dash on the same line, and the lines below it."""
    kinds = ["scalar", "scalar", "scalar", "block"] + (["map", "seq", "flowseq", "flowmap", "empty"] if depth < 4 else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "scalar":
        return scalar(draw), []
    if kind == "empty":
        return draw(st.sampled_from(["", " #c"])), []
    if kind == "block":
        head, *lines = draw(block_scalar(indent))
        return head, lines
    if kind == "flowseq":
        items = [scalar(draw) for _ in range(draw(st.integers(0, 4)))]
        return "[" + draw(st.sampled_from([", ", ",", " , "])).join(items) + "]", []
    if kind == "flowmap":
        keys = draw(st.lists(st.sampled_from(NAMES), max_size=4, unique=True))
        pairs = [k + draw(st.sampled_from([": ", ": ", ":  ", ":"])) + scalar(draw) for k in keys]
        return "{" + ", ".join(pairs) + "}", []
    step = draw(st.sampled_from(["  ", "  ", " ", "    "]))
    if kind == "map":
        return "", mapping_lines(draw, indent + step, depth + 1)
    same = draw(st.booleans())  # a list may stand at its key's own column
    return "", sequence_lines(draw, indent if same else indent + step, depth + 1)


def mapping_lines(draw, indent: str, depth: int) -> list[str]:
    out: list[str] = []
    keys = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
    if draw(st.integers(0, 9)) == 0:
        keys.append(name(draw))  # perhaps a duplicate, perhaps no name
    for key in keys:
        if draw(st.integers(0, 9)) == 0:
            out.append(draw(st.sampled_from(["", indent + "# c", "#", "   "])))
        head, below = node(draw, indent, depth)
        out.append(indent + key + ":" + (" " + head if head else ""))
        out.extend(below)
    return out


def sequence_lines(draw, indent: str, depth: int) -> list[str]:
    out: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        dash = draw(st.sampled_from(["- ", "- ", "-  "]))
        if depth < 4 and draw(st.integers(0, 2)) == 0:  # - key: value, and the keys under it
            inner = mapping_lines(draw, indent + " " * len(dash), depth + 1)
            out.append(indent + dash + inner[0].lstrip(" ") if inner[0].strip() else indent + "-")
            out.extend(inner[1:])
            continue
        head, below = node(draw, indent, depth)
        out.append(indent + ("-" if not head else dash + head))
        out.extend(below)
    return out


@st.composite
def structured(draw) -> str:
    lines = mapping_lines(draw, "", 1)
    for _ in range(draw(st.sampled_from([0, 0, 1, 2]))):  # and a slip or two
        lines = slip(draw, lines, ["indent", "dedent", "insert", "drop", "double"])
    return "\n".join(lines) + "\n"


_settings = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(written())
def test_written_front_matter_reads_as_libyaml_reads_it(text):
    event("read quickly" if same_as_libyaml(text) else "left to libyaml")


@_settings
@given(mutated())
def test_mutated_samples_read_as_libyaml_reads_them(text):
    event("read quickly" if same_as_libyaml(text) else "left to libyaml")


@_settings
@given(structured())
def test_structured_front_matter_reads_as_libyaml_reads_it(text):
    event("read quickly" if same_as_libyaml(text) else "left to libyaml")
