"""make serve: exports and the search index follow the pages, made by a process of their own
(generator/mkdocs/background.py)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from generator import exports
from generator.check import run as checking
from generator.domain import archive as archive_mod
from generator.exports.search import BUNDLE_DIR, RECORDS
from generator.mkdocs.background import PreviewExtras
from generator.site.pages.search import search_record

from .conftest import dossier_text


def _site_with_record(settings, write, tmp_path: Path) -> Path:
    """A preview's site as the pages leave it: the meeting's search record, no exports, no index."""
    write("2024/a.md", dossier_text())
    archive = archive_mod.Archive(checking.check(settings).dossiers, settings)
    site = tmp_path / "site"
    records = site / BUNDLE_DIR / RECORDS
    records.mkdir(parents=True)
    (records / "0.json").write_text(search_record(archive, archive.visible[0], "<p>纪要</p>"), encoding="utf-8")
    return site


def test_the_exports_and_index_arrive_whole_after_the_build(settings, write, tmp_path: Path) -> None:
    site = _site_with_record(settings, write, tmp_path)
    extras = PreviewExtras(settings, [], str(site), "测试档案")
    assert extras.wait(120)
    archive = archive_mod.Archive(checking.check(settings).dossiers, settings)
    expected = set(exports.build_files(archive))
    assert len(expected) == 5  # archive.json, actions.csv, actions.xlsx, the calendar, the feed
    for rel in expected:
        assert (site / rel).is_file() and (site / rel).stat().st_size > 0, rel
    assert (site / BUNDLE_DIR / "index.json").is_file() and (site / BUNDLE_DIR / "b").is_dir()
    assert (site / BUNDLE_DIR / RECORDS / "0.json").is_file()  # the records stay where the pages put them
    assert not Path(extras.tmp).exists()  # made aside, then moved in


def test_a_new_build_stops_them_and_they_leave_nothing(settings, write, tmp_path: Path) -> None:
    site = _site_with_record(settings, write, tmp_path)
    extras = PreviewExtras(settings, [], str(site), "测试档案")
    extras.cancel()  # the next build starts: the process is ended at once
    assert extras.process.poll() is not None
    assert not Path(extras.tmp).exists()
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [
        BUNDLE_DIR, f"{BUNDLE_DIR}/{RECORDS}", f"{BUNDLE_DIR}/{RECORDS}/0.json"]


def test_ctrl_c_in_the_terminal_reaches_the_preview_not_them(settings, write, tmp_path: Path) -> None:
    """The terminal sends Ctrl-C to its foreground process group: the extras are not in it (the preview
    ends them), so no traceback of theirs lands on the clerk's terminal."""
    site = _site_with_record(settings, write, tmp_path)
    extras = PreviewExtras(settings, [], str(site), "测试档案")
    try:
        assert os.getpgid(extras.process.pid) != os.getpgid(0)
        assert os.getsid(extras.process.pid) == extras.process.pid
    finally:
        extras.cancel()
    assert extras.process.returncode == -signal.SIGTERM or extras.process.returncode == 0
