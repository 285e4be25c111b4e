"""make serve: exports and the search index follow the pages in the background (generator/mkdocs/background.py)."""

from __future__ import annotations

import threading
from pathlib import Path

from generator.domain import archive as archive_mod
from generator.check import run as checking
from generator.mkdocs.background import PreviewExtras

from .conftest import dossier_text


def _archive(settings, write):
    write("2024/a.md", dossier_text())
    return archive_mod.Archive(checking.check(settings).dossiers, settings)


def test_the_exports_and_index_arrive_whole_after_the_build(settings, write, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "search" / "p").mkdir(parents=True)
    (site / "search" / "p" / "0.json").write_text("{}", encoding="utf-8")  # the record the pages' worker wrote
    calls = []

    def index(output):
        calls.append(output)
        (output / "b").mkdir(parents=True)
        (output / "index.json").write_text("{}", encoding="utf-8")

    extras = PreviewExtras(_archive(settings, write), str(site), index)
    extras.thread.join(timeout=60)
    from generator import exports  # noqa: PLC0415

    expected = set(exports.build_files(extras.archive))
    assert len(expected) == 5  # archive.json, actions.csv, actions.xlsx, the calendar, the feed
    for rel in expected:
        assert (site / rel).is_file() and (site / rel).stat().st_size > 0, rel
    assert (site / "search" / "index.json").is_file() and (site / "search" / "b").is_dir()
    assert (site / "search" / "p" / "0.json").is_file()  # the records stay where the pages' worker put them
    assert not calls[0].exists()  # made aside, then moved in


def test_a_new_build_stops_them_and_they_leave_nothing(settings, write, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    gate = threading.Event()

    def index(output):
        gate.wait(timeout=60)  # still indexing when the next build starts
        output.mkdir(parents=True, exist_ok=True)
        (output / "index.json").write_text("{}", encoding="utf-8")

    extras = PreviewExtras(_archive(settings, write), str(site), index)
    extras.cancel()  # returns at once; the thread drops what it made
    gate.set()
    extras.thread.join(timeout=60)
    assert not extras.thread.is_alive()
    assert list(site.iterdir()) == []
