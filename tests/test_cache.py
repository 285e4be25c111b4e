"""The check cache (generator/check/cache.py): a second run reads no dossier again, yet says the same."""

from __future__ import annotations

import os
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
    cache.close_shards()


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


# ---------------------------------------------------------------------------------------------------
# The shards: what the workers of a large first run keep of each file, beside the index


def _new_process() -> None:
    """Forget what this process holds of the cache, as a new run would start."""
    parallel._memory.clear()
    cache._read.clear()
    cache.close_shards()


def _index(settings) -> dict:
    return pickle.loads((settings.cache_dir / cache.FILE_NAME).read_bytes())["entries"]


@pytest.fixture
def sharded(cached, write, monkeypatch):
    """Twelve dossiers (one with an error) checked by the workers, which write the shards."""
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 2)
    for i in range(11):
        write(f"2024/m{i:02}.md", dossier_text(f"venue: 第{i}会议室\n").replace("第3次", f"第{i + 10}次"))
    write("2024/bad.md", "---\ntitle: 坏\nkind: 常务会议\ndate: 2024年5月1日\n---\n")
    first = _lines(cached)
    assert first
    _new_process()
    # Later runs load in this process, where the loads fixture sees what is parsed.
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 10**9)
    return cached, first


def test_the_workers_keep_the_front_matter_in_shards_and_the_index_only_where(sharded, loads) -> None:
    settings, first = sharded
    shards = sorted(settings.cache_dir.glob(f"{cache.SHARD_PREFIX}*{cache.SHARD_SUFFIX}"))
    entries = _index(settings)
    assert shards and len(entries) == 12
    assert all(e.blob is None and e.spot[0] in {str(s) for s in shards} for e in entries.values())
    assert sum(s.stat().st_size for s in shards) == sum(e.spot[2] for e in entries.values())
    # A new run reads nothing again, says the same, and gives each dossier as the loader gives it.
    result = checking.check(settings)
    assert format_text(result.diagnostics, "zh") == first and loads == []
    for d in result.dossiers:
        fresh = loader.load_file(d.path)
        assert (d.fm, d.fm_text, d.body) == (fresh.fm, fresh.fm_text, fresh.body), d.path
        assert d.ok == fresh.ok


def test_a_shard_another_run_removed_is_read_from_the_file_again(sharded) -> None:
    settings, _ = sharded
    result = checking.check(settings)
    cache.close_shards()  # as if this run had not opened them yet
    for shard in settings.cache_dir.glob(f"{cache.SHARD_PREFIX}*"):
        shard.unlink()
    one, two = (d for d in result.dossiers if d.ok and d.path.name in ("m01.md", "m02.md"))
    assert one.fm == loader.load_file(one.path).fm  # the file is what the entry was made from
    two.path.write_text(dossier_text("venue: 改过了\n"), encoding="utf-8")
    with pytest.raises(RuntimeError, match="档案在检查之后又被修改"):
        _ = two.body


def test_entries_whose_shard_is_gone_are_made_again(sharded, loads) -> None:
    settings, first = sharded
    for shard in settings.cache_dir.glob(f"{cache.SHARD_PREFIX}*"):
        shard.unlink()
    assert _lines(settings) == first
    assert len(loads) == 12  # every file parsed again, the error's too
    assert all(e.blob is not None and e.spot is None for e in _index(settings).values())  # made here: inline


def test_a_save_removes_the_old_shards_no_entry_names(sharded, write) -> None:
    settings, _ = sharded
    folder = settings.cache_dir
    old, young = folder / f"{cache.SHARD_PREFIX}old{cache.SHARD_SUFFIX}", folder / f"{cache.SHARD_PREFIX}young{cache.SHARD_SUFFIX}"
    old.write_bytes(b"x")
    young.write_bytes(b"x")
    an_hour_ago = old.stat().st_mtime - cache.ORPHAN_AGE_S - 1
    os.utime(old, (an_hour_ago, an_hour_ago))
    named = {Path(e.spot[0]) for e in _index(settings).values()}
    write("2024/new.md", dossier_text().replace("第3次", "第99次"))  # a change, so that the index is saved
    _lines(settings)
    left = set(folder.glob(f"{cache.SHARD_PREFIX}*"))
    assert not old.exists() and young.exists()  # another run's, perhaps: left for an hour
    assert named <= left


def test_a_cache_folder_that_cannot_be_written_keeps_the_pickles_in_the_entries(cached, write, tmp_path) -> None:
    parallel._memory.clear()
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    entries = [cache.Entry.of(loader.load_file(write("2024/a.md", dossier_text())), b"d", None)]
    cache.write_shard(blocked / "cache", entries)  # a folder inside a file: not writable
    assert entries[0].blob is not None and entries[0].spot is None
    assert entries[0].full()[0] == loader.load_file(cached.dossiers_dir / "2024/a.md").fm


def test_a_check_leaves_the_cycle_collector_as_it_found_it(cached, write, monkeypatch) -> None:
    """The collector is paused while the archive loads (core/gc_pause.py), and back on after, even when
    the check fails."""
    import gc  # noqa: PLC0415

    write("2024/a.md", dossier_text())
    seen: list[bool] = []
    real = checking.validate
    monkeypatch.setattr(checking, "validate", lambda *a: seen.append(gc.isenabled()) or real(*a))
    assert gc.isenabled()
    checking.check(cached)
    assert seen == [False] and gc.isenabled()
    monkeypatch.setattr(checking, "validate", lambda *a: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        checking.check(cached)
    assert gc.isenabled()
