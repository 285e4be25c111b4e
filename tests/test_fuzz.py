"""Fuzzing: the sample dossiers, mutated as a hurried clerk or an attacker would, never make ``check``
raise or write a file, and a mutant that checks clean never makes the pages or the exports raise.

Hypothesis (https://hypothesis.readthedocs.io) takes a sample dossier's bytes and applies a few
mutations: bytes inserted, deleted or overwritten, lines inserted (from an alphabet rich in what clerks
paste and attackers type: invisible characters, full-width punctuation, YAML's own marks), deleted,
swapped or doubled. ``make test`` runs ``FUZZ_EXAMPLES`` (default 2,000) examples; ``make fuzz`` runs
100,000.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st

from generator.domain import archive
from generator.check import run as checking
from generator.core.settings import Settings
from generator.core.diagnostics import format_github, format_text, to_json

from .conftest import ROOT

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2000"))
SAMPLE_FILES = [p for p in sorted((ROOT / "dossiers").rglob("*")) if p.is_file() and "_templates" not in p.parts]
SAMPLES = [p.read_bytes() for p in SAMPLE_FILES if p.suffix == ".md"]

# What clerks paste and attackers type, besides ordinary text.
TRICKY = [
    "\u200b", "\ufeff", "\u00a0", "\u3000", "\x00", "\x0b", "\u2028", "\u2029", "\u0085", "\t", "\r", "\x1b",
    "\u202e", "\u00ad", "：", "，", "“", "”", "‘", "’", "、", "#", "!!", "!!python/object/apply:os.system ['x']",
    "&a", "*a", "<<", "{", "}", "[", "]", "---", "...", "|", ">", "- ", "  ", "    ", ": ", "'", '"', "\\",
    "9999-12-31", "0001-01-01", "2024-02-30", "24:61", "010", "yes", "~", "null", "1e999", "0x1F", "²",
    "MAHTMLBLOCK000000", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{: #__x onclick=a }",
    "[x](javascript:alert(1))", "../../mkdocs.yml", "file:///etc/passwd", "县水利局", "秘密", "已办结",
    "carried_from: x#A1", "documents:\n  - id: F1\n    title: t\n    file: a.pdf", "\ud7ff", "𠀀",
]
_line = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(max_size=6)), max_size=6).map("".join)


@st.composite
def mutants(draw) -> tuple[int, bytes]:
    which = draw(st.integers(0, len(SAMPLES) - 1))
    data = bytearray(SAMPLES[which])
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "overwrite", "line", "drop", "swap", "double",
                                     "value", "value", "value", "text", "text"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind in ("value", "text"):  # a value, or a run of text anywhere, swapped for something tricky
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            line = lines[i].decode("utf-8", "surrogateescape")
            new = draw(_line)
            if kind == "value" and ": " in line:
                key = line.split(": ", 1)[0]
                line = f"{key}: {new}"
            else:
                cut = draw(st.integers(0, len(line)))
                line = line[:cut] + new + line[cut + draw(st.integers(0, 4)):]
            lines[i] = line.encode("utf-8", "surrogateescape")
            data = bytearray(b"\n".join(lines))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 16))]
        elif kind == "overwrite":
            data[at:at + 1] = draw(st.binary(min_size=1, max_size=1))
        else:
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if kind == "line":
                lines.insert(i, draw(_line).encode("utf-8", "surrogatepass"))
            elif kind == "drop":
                del lines[i]
            elif kind == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines.insert(i, lines[j])
            data = bytearray(b"\n".join(lines))
    return which, bytes(data)


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A copy of the sample archive (so that a mutant's references to the others resolve)."""
    root = tmp_path_factory.mktemp("fuzz")
    for p in SAMPLE_FILES:
        target = root / "dossiers" / p.relative_to(ROOT / "dossiers")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(p.read_bytes())
    return root


_SAMPLE_PATHS = [p.relative_to(ROOT / "dossiers") for p in SAMPLE_FILES if p.suffix == ".md"]
_UNITS = None


def _run(which: int, raw: bytes, folder: Path, fuzzing: bool = True) -> None:
    global _UNITS
    if _UNITS is None:
        from generator.core.settings import load_settings  # noqa: PLC0415

        _UNITS = load_settings(ROOT / "mkdocs.yml").units
    dossiers = folder / "dossiers"
    target = dossiers / _SAMPLE_PATHS[which]
    target.write_bytes(raw)
    try:
        _check(folder, dossiers, fuzzing)
    finally:
        target.write_bytes(SAMPLES[which])


def _check(folder: Path, dossiers: Path, fuzzing: bool = True) -> None:
    s = Settings(dossiers_dir=dossiers, units=list(_UNITS or []), as_of=date(2026, 11, 27))
    before = _tree(folder)
    result = checking.check(s)  # settings without cache_dir: nothing is written anywhere
    for lang in ("zh", "en"):
        format_text(result.diagnostics, lang)
        format_github(result.diagnostics, lang)
        to_json(result.diagnostics, lang, {"errors": result.errors})
    assert _tree(folder) == before, "check wrote into the dossiers folder"
    if fuzzing:
        event("checks clean: pages and exports made" if result.errors == 0 else "errors reported")
    if result.errors == 0:
        _build_outputs(result, s)


def _build_outputs(result: checking.CheckResult, s: Settings) -> None:
    """A dossier that checks clean: every page's Markdown, the meeting page's HTML and every export."""
    import markdown  # noqa: PLC0415

    from generator import exports
    from generator.mkdocs import htmlstash
    from generator.site import pages  # noqa: PLC0415
    from generator.core import html as sanitize  # noqa: PLC0415
    from generator.mkdocs.render import clean_minutes, toc_html  # noqa: PLC0415
    from generator.site.pages.meeting import meeting_page  # noqa: PLC0415

    arc = archive.Archive(result.dossiers, s)
    pages.build_pages(arc)
    exports.build_files(arc)
    md = markdown.Markdown(extensions=["tables", "attr_list", "toc", sanitize.SafeMarkdown()])
    for d in arc.visible:
        text, blocks = htmlstash.stash(meeting_page(arc, d, "ma-minutes-fuzz"))
        html = htmlstash.unstash(md.reset().convert(text), blocks)
        clean_minutes(html, "ma-minutes-fuzz", bool(d.body.strip()))
        toc_html(getattr(md, "toc_tokens", []))


@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=EXAMPLES <= 5000,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(mutant=mutants())
def test_check_never_raises_and_never_writes(mutant: tuple[int, bytes], folder: Path) -> None:
    _run(*mutant, folder)


def test_the_samples_themselves_pass_the_same_way(folder: Path) -> None:
    for i, raw in enumerate(SAMPLES):
        _run(i, raw, folder, fuzzing=False)
