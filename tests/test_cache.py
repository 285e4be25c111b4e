"""The check cache (generator/check/cache.py): a second run reads no dossier again, yet says the same."""

from __future__ import annotations

import pickle
from datetime import date
from pathlib import Path

import pytest
from generator.check import run as checking
from generator.check import cache, workers as parallel
from generator.source import loader
from generator.core.diagnostics import format_text

from .conftest import dossier_text

HELD_UNSETTLED = """\
documents:
  - id: W1
    title: 征求意见稿
    copies: 10
    disposition: 清退
"""


@pytest.fixture
def cached(settings, tmp_path: Path):
    settings.cache_dir = tmp_path / ".cache" / "meeting-archive"
    parallel._memory.clear()  # the in-process layer would hide the disk cache
    yield settings
    parallel._memory.clear()


@pytest.fixture
def loads(monkeypatch) -> list[Path]:
    """Every file the loader parses (a cache hit parses nothing)."""
    seen: list[Path] = []
    real = loader.load_file

    def counting(path, raw=None):
        seen.append(path)
        return real(path, raw)

    monkeypatch.setattr(parallel, "load_file", counting)
    return seen


def _lines(settings) -> list[str]:
    parallel._memory.clear()
    result = checking.check(settings)
    return format_text(result.diagnostics, "zh")


def test_second_run_parses_nothing_and_reports_the_same(cached, write, loads) -> None:
    write("2024/a.md", dossier_text("venue: 会议室\n"))
    write("2024/b.md", dossier_text(HELD_UNSETTLED, status="已召开").replace("title: 县政府第3次", "title: 县政府第4次"))
    write("2024/c.md", "---\ntitle: 坏\nkind: 常务会议\ndate: 2024年5月1日\n---\n")
    first = _lines(cached)
    assert len(loads) == 3 and first  # warnings and an error to compare
    loads.clear()
    assert _lines(cached) == first
    assert loads == []


def test_an_edited_file_alone_is_read_again(cached, write, loads) -> None:
    a = write("2024/a.md", dossier_text())
    write("2024/b.md", dossier_text().replace("第3次", "第4次"))
    _lines(cached)
    loads.clear()
    a.write_text(dossier_text("venue: 新会议室\n"), encoding="utf-8")
    _lines(cached)
    assert loads == [a.resolve()]


def test_date_dependent_rules_run_again_from_the_kept_facts(cached, write, loads) -> None:
    write("2024/b.md", dossier_text(HELD_UNSETTLED))
    first = _lines(cached)
    assert any("会议已召开 26 天" in line for line in first)
    loads.clear()
    cached.as_of = date(2024, 6, 11)
    later = _lines(cached)
    assert any("会议已召开 36 天" in line for line in later)
    assert loads == []  # the front matter was not parsed again


def test_a_changed_attachment_is_checked_again(cached, write, loads) -> None:
    docs = "documents:\n  - id: F1\n    title: 材料\n    file: 材料.pdf\n"
    path = write("2024/2024-05-06-a/index.md", dossier_text(docs))
    attachment = path.parent / "材料.pdf"
    attachment.write_bytes(b"x" * 1000)
    cached.max_attachment_mb = 0.1
    assert _lines(cached) == []
    attachment.write_bytes(b"x" * 200_000)  # the dossier file is the same; what it names is not
    assert any("超过 0.1 MB 的上限" in line for line in _lines(cached))
    attachment.unlink()
    assert any("材料.pdf" in line for line in _lines(cached))


def test_settings_and_program_changes_start_afresh(cached, write, loads, monkeypatch) -> None:
    write("2024/a.md", dossier_text())
    _lines(cached)
    loads.clear()
    cached.units = ["县政府办公室"]
    _lines(cached)
    assert len(loads) == 1
    loads.clear()
    cache.program_version.cache_clear()
    monkeypatch.setattr(cache, "program_version", lambda: "another version")
    _lines(cached)
    assert len(loads) == 1


def test_a_damaged_cache_is_only_a_slower_run(cached, write) -> None:
    write("2024/a.md", dossier_text("venue: [\n"))
    first = _lines(cached)
    cache_file = cached.cache_dir / cache.FILE_NAME
    cache_file.write_bytes(b"not a pickle")
    assert _lines(cached) == first
    assert pickle.loads(cache_file.read_bytes())["entries"]  # written anew


def test_the_cache_never_writes_into_the_dossiers_folder(cached, write) -> None:
    path = write("2024/a.md", dossier_text())
    before = sorted(p.name for p in cached.dossiers_dir.rglob("*"))
    _lines(cached)
    _lines(cached)
    assert sorted(p.name for p in cached.dossiers_dir.rglob("*")) == before
    assert path.read_text(encoding="utf-8") == dossier_text()
    assert (cached.cache_dir / cache.FILE_NAME).is_file()
    assert cached.cache_dir.stat().st_mode & 0o777 == 0o700  # it holds what the dossiers hold


def test_the_archive_rules_read_no_cached_front_matter(cached, write, monkeypatch) -> None:
    """A closed meeting with an open action, an action carried from a later meeting, a cycle, and a clean
    meeting: the second run says the same from what the cache keeps (dated facts, action ids, carried
    refs). Only a dossier that is reported is read again, for the positions of its lines."""
    import shutil  # noqa: PLC0415

    bad = Path(__file__).parent / "fixtures" / "bad"
    for name in ("carried-from-later", "carried-cycle"):
        shutil.copytree(bad / name, cached.dossiers_dir / name)
    shutil.copy(bad / "warn-closed-actions-open.md", cached.dossiers_dir / "warn-closed-actions-open.md")
    write("2024/clean.md", dossier_text(status="已办结").replace("title: 县政府第3次", "title: 县政府第9次"))
    first = _lines(cached)
    assert any("更晚的会议" in line for line in first) and any("会议已办结" in line for line in first)
    assert any("→" in line for line in first)
    unpickled: list[str] = []
    real = cache.Entry.full
    monkeypatch.setattr(cache.Entry, "full", lambda self: unpickled.append(self.id) or real(self))
    assert _lines(cached) == first
    reported = {line.split(":", 1)[0].rsplit("/", 1)[-1].removesuffix(".md") for line in first if ": " in line}
    assert "clean" not in unpickled and set(unpickled) <= reported, (unpickled, first)
