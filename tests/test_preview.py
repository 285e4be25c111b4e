"""make serve keeps what its last build made (generator/mkdocs/preview.py): a save makes again only what
changed, and the preview it leaves is the one a fresh preview would make."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check import run as checking
from generator.core.settings import load_settings
from generator.domain import archive as archive_mod
from generator.mkdocs import preview
from generator.mkdocs.render import PAGES
from generator.site.pages import build_pages

from . import synth
from .conftest import build_site

SERVE_URL = "http://127.0.0.1:8000/"


def _made(root: Path) -> tuple[str, dict[str, str], dict[tuple[str, str], str]]:
    """The front key, the listing pages and every meeting page's Markdown, for the dossiers under root."""
    settings = load_settings(root / "mkdocs.yml")
    result = checking.check(settings)
    archive = archive_mod.Archive(result.dossiers, settings)
    sources = {(d.id, kind): page.source(archive, d, "M") for d in archive.visible
               for kind, page in PAGES.items() if page.has(d)}
    return preview.front_key(result.dossiers, archive), build_pages(archive), sources


@pytest.fixture
def archive_root(tmp_path: Path) -> Path:
    synth.write_archive(tmp_path, 40, seed=3, units=["县政府办公室", "县财政局", "县水利局", "县教育局"])
    build_site(tmp_path)  # writes the test site's mkdocs.yml
    return tmp_path


def _with_actions(root: Path) -> Path:
    """A held meeting with actions and minutes, somewhere in the middle."""
    for path in sorted((root / "dossiers").rglob("*.md"))[10:]:
        text = path.read_text(encoding="utf-8")
        if "actions:" in text and "status: 已召开" in text and text.count("---") >= 2:
            return path
    raise AssertionError("no held meeting with actions in the generated archive")


def test_no_page_but_the_meetings_own_reads_its_minutes(archive_root: Path) -> None:
    """The claim the preview rests on: the minutes of one meeting change its own pages and nothing else."""
    before = _made(archive_root)
    path = _with_actions(archive_root)
    path.write_text(path.read_text(encoding="utf-8") + "\n\n## 补充\n\n会后补记一句：**加粗**与[链接](https://example.org)。\n",
                    encoding="utf-8")
    after = _made(archive_root)
    assert after[0] == before[0]  # the front key leaves the minutes out
    assert after[1] == before[1]  # every listing page as it was
    changed = {k for k in before[2] if before[2][k] != after[2].get(k)}
    assert changed and {d for d, _ in changed} == {path.stem}
    # and the front matter is in the key: a changed title changes it
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", "title: 改名的", 1), encoding="utf-8")
    assert _made(archive_root)[0] != before[0]


def _serve_build(root: Path, site: Path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cfg = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    cfg.site_url = SERVE_URL
    build(cfg, serve_url=SERVE_URL)
    plugin = cfg.plugins["meeting-archive"]
    if plugin.extras is not None:  # the preview's exports and search index, made in the background
        assert plugin.extras.wait(120)
    return plugin


def _files(site: Path) -> dict[str, bytes]:
    out = {}
    for p in sorted(site.rglob("*")):
        if not p.is_file() or p.name == "sitemap.xml.gz":
            continue
        data = p.read_bytes()
        if p.name == "sitemap.xml":  # the kept pages are listed after the others: the same addresses
            data = b"\n".join(sorted(data.splitlines()))
        out[p.relative_to(site).as_posix()] = data
    return out


def _fresh(root: Path, tmp: Path) -> dict[str, bytes]:
    """What a preview started now would show."""
    from mkdocs.config import load_config

    cfg = load_config(str(root / "mkdocs.yml"))
    cfg.plugins.on_startup(command="serve", dirty=False)
    try:
        _serve_build(root, tmp)
        return _files(tmp)
    finally:
        cfg.plugins.on_shutdown()


def test_each_save_leaves_the_preview_a_fresh_one_would_show(archive_root: Path, tmp_path: Path) -> None:
    from mkdocs.config import load_config

    site = tmp_path / "preview"
    cfg = load_config(str(archive_root / "mkdocs.yml"))
    cfg.plugins.on_startup(command="serve", dirty=False)
    path = _with_actions(archive_root)
    others = sorted(p for p in (archive_root / "dossiers").rglob("*.md") if p != path)
    try:
        _serve_build(archive_root, site)
        text = path.read_text(encoding="utf-8")
        edits = [
            # the minutes: only that meeting's pages and record are written again
            lambda: path.write_text(text + "\n\n预览中补记的一句。\n", encoding="utf-8"),
            # the front matter: the title, on every list that names the meeting
            lambda: path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 预览改名", 1),
                                    encoding="utf-8"),
            # a meeting removed: its pages go
            lambda: others[5].unlink(),
            # one raised above the audience: it leaves the preview, and the guard looks for it everywhere
            lambda: others[7].write_text(others[7].read_text(encoding="utf-8").replace("classification: 内部", "classification: 秘密", 1)
                                         .replace("classification: 公开", "classification: 秘密", 1), encoding="utf-8"),
            # one written with an error: it leaves the preview, and its error is on the home page
            lambda: others[6].write_text(others[6].read_text(encoding="utf-8").replace("date: ", "date: 2024/13/", 1),
                                         encoding="utf-8"),
        ]
        for n, edit in enumerate(edits):
            edit()
            _serve_build(archive_root, site)
            if n == 0:
                assert len(preview.STATE.untouched) > 100, "nothing was kept from the last build"
            shown = _files(site)
            kept = preview.STATE
            fresh = _fresh(archive_root, tmp_path / f"fresh-{n}")
            cfg.plugins.on_startup(command="serve", dirty=False)  # the same preview goes on, as it was
            preview.STATE = kept
            assert set(shown) == set(fresh), f"step {n}: files differ: {sorted(set(shown) ^ set(fresh))[:5]}"
            differing = [rel for rel in shown if shown[rel] != fresh[rel]]
            assert differing == [], f"step {n}: {differing[:5]}"
        page = (site / "meetings").rglob(f"{path.stem}/index.html")
        html = next(page).read_text(encoding="utf-8")
        assert "预览中补记的一句" in html and "预览改名" in html
        assert not any((site / "meetings").rglob(others[5].stem))
        assert not any((site / "meetings").rglob(others[7].stem))
        assert "2024/13/" in (site / "index.html").read_text(encoding="utf-8")
    finally:
        cfg.plugins.on_shutdown()


def test_an_attachment_is_copied_again_only_when_it_changed(archive_root: Path, tmp_path: Path) -> None:
    """A preview keeps the copy of an attachment whose size and time did not change, writes again the one
    that changed, and removes the one no dossier names any more."""
    import os  # noqa: PLC0415

    from mkdocs.config import load_config  # noqa: PLC0415

    from .conftest import dossier_text  # noqa: PLC0415

    folder = archive_root / "dossiers" / "2024" / "2024-05-06-fujian"
    folder.mkdir(parents=True)
    docs = ("documents:\n  - id: F1\n    title: 会议通知\n    file: 通知.pdf\n"
            "  - id: F2\n    title: 会议议程\n    file: 议程.pdf\n")
    (folder / "index.md").write_text(dossier_text(docs), encoding="utf-8")
    (folder / "通知.pdf").write_bytes(b"%PDF-1.4 notice v1")
    (folder / "议程.pdf").write_bytes(b"%PDF-1.4 agenda")
    site = tmp_path / "preview"
    cfg = load_config(str(archive_root / "mkdocs.yml"))
    cfg.plugins.on_startup(command="serve", dirty=False)
    try:
        _serve_build(archive_root, site)
        notice, agenda = (next(site.rglob(name)) for name in ("通知.pdf", "议程.pdf"))
        before = {p: os.stat(p) for p in (notice, agenda)}
        (folder / "通知.pdf").write_bytes(b"%PDF-1.4 notice, second version")
        _serve_build(archive_root, site)
        assert notice.read_bytes() == b"%PDF-1.4 notice, second version"
        assert (os.stat(agenda).st_ino, os.stat(agenda).st_mtime_ns) == (before[agenda].st_ino,
                                                                       before[agenda].st_mtime_ns)
        (folder / "index.md").write_text(dossier_text(docs.split("  - id: F2")[0]), encoding="utf-8")
        _serve_build(archive_root, site)
        assert notice.is_file() and not agenda.exists()
        assert _files(site) == _fresh(archive_root, tmp_path / "fresh")
    finally:
        cfg.plugins.on_shutdown()
