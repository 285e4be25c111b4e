"""A build takes the listing pages and exports of the last build while no front matter changed
(generator/mkdocs/reuse.py): the site it makes is the one a build from nothing makes."""

from __future__ import annotations

import logging
import pickle
import shutil
from pathlib import Path

import pytest

from generator.mkdocs import render as meeting_render, reuse

from . import synth
from .conftest import build_site

UNITS = ["县政府办公室", "县财政局", "县水利局", "县教育局"]


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


REUSED = "列表页面和导出文件沿用上次的结果"


def _fresh(root: Path, tmp: Path, monkeypatch) -> dict[str, bytes]:
    """The site a build of root's dossiers makes with no cache at all (an empty cache folder of its own)."""
    fresh = tmp / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(root / "dossiers", fresh / "dossiers")
    meeting_render._memory.clear()
    with monkeypatch.context() as m:
        m.setenv("MEETING_ARCHIVE_CACHE_DIR", str(fresh / "cache"))
        return _files(build_site(fresh))


def _build(root: Path, caplog) -> tuple[dict[str, bytes], bool]:
    """The site a build makes with the caches of root's last build; whether it reused its pages and exports."""
    caplog.clear()
    caplog.set_level(logging.INFO)
    meeting_render._memory.clear()
    site = _files(build_site(root))
    return site, REUSED in caplog.text


def _held_with_actions(root: Path) -> Path:
    for path in sorted((root / "dossiers").rglob("*.md"))[10:]:
        text = path.read_text(encoding="utf-8")
        if "actions:" in text and "status: 已召开" in text:
            return path
    raise AssertionError("no held meeting with actions in the generated archive")


@pytest.mark.parametrize("workers", [False, True])
def test_a_build_with_the_last_ones_caches_makes_the_site_a_fresh_build_makes(tmp_path: Path, monkeypatch, caplog,
                                                                             workers: bool) -> None:
    if workers:
        monkeypatch.setattr(meeting_render, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setenv("MEETING_ARCHIVE_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "archive"
    synth.write_archive(root, 40, seed=11, units=UNITS)
    first, reused = _build(root, caplog)
    kept = next((tmp_path / "cache" / "front").iterdir())
    assert not reused and (kept / reuse.PAGES).is_file()
    # every meeting page's key is kept for the next build, by the workers too
    keys = pickle.loads((kept / reuse.PAGE_KEYS).read_bytes())["keys"]
    assert len(keys) == sum(1 for rel in first if rel.startswith("meetings/") and rel.endswith("/index.html"))
    # 1. nothing changed: the listing pages and exports are the last build's, and a fresh build's
    site, reused = _build(root, caplog)
    assert reused and site == first == _fresh(root, tmp_path, monkeypatch)
    # 2. the minutes of one meeting changed: still reused, and still right
    path = _held_with_actions(root)
    path.write_text(path.read_text(encoding="utf-8") + "\n\n## 补充\n\n会后补记：加粗与链接。\n", encoding="utf-8")
    site, reused = _build(root, caplog)
    assert reused and site == _fresh(root, tmp_path, monkeypatch) and site != first
    # 3. a front matter changed (a title): made again, and right
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", "title: 改名的", 1), encoding="utf-8")
    site, reused = _build(root, caplog)
    assert not reused and site == _fresh(root, tmp_path, monkeypatch)
    assert any("改名的".encode() in data for rel, data in site.items() if rel.startswith("exports/"))


def test_a_kept_file_gone_from_the_cache_makes_the_exports_again(tmp_path: Path, monkeypatch, caplog) -> None:
    monkeypatch.setenv("MEETING_ARCHIVE_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "archive"
    synth.write_archive(root, 12, seed=2, units=UNITS)
    first, _ = _build(root, caplog)
    folder = next((tmp_path / "cache" / "front").iterdir())
    for path in (folder / reuse.EXPORTS).rglob("*"):
        if path.is_file():
            path.unlink()
            break
    (folder / reuse.PAGES).write_bytes(b"not a pickle")
    site, reused = _build(root, caplog)
    assert site == first and not reused


def test_a_meeting_whose_minutes_did_not_change_is_copied_without_its_markdown(tmp_path: Path, monkeypatch,
                                                                              caplog) -> None:
    """The store keys of the last build's meeting pages are kept too (render.KnownPages): with no front
    matter changed, only the meeting whose minutes changed has its pages' Markdown made."""
    monkeypatch.setenv("MEETING_ARCHIVE_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "archive"
    synth.write_archive(root, 30, seed=4, units=UNITS)
    made: list[str] = []
    source = meeting_render.Renderer.source

    def counted(self, d, kind="meeting"):
        made.append(d.id)
        return source(self, d, kind)

    monkeypatch.setattr(meeting_render.Renderer, "source", counted)
    _build(root, caplog)
    assert len(set(made)) > 20
    made.clear()
    _build(root, caplog)
    assert made == []
    path = _held_with_actions(root)
    path.write_text(path.read_text(encoding="utf-8") + "\n\n会后补记一句。\n", encoding="utf-8")
    site, reused = _build(root, caplog)
    assert reused and set(made) == {path.stem}
    assert site == _fresh(root, tmp_path, monkeypatch)
