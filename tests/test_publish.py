"""make publish / make rollback: a new release swapped in at once, a failed build changing nothing.

Every build here is a real MkDocs build (in a child process, as ``make publish`` runs it).
"""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

import pytest

from generator.cli import publish as pub

from .conftest import ROOT, SITE_CONFIG, TEST_RULES, dossier_text


def _archive(root: Path, audience: str = "内部") -> Path:
    """root/mkdocs.yml and one dossier; returns the config file."""
    folder = root / "dossiers" / "2024"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2024-05-06-a.md").write_text(dossier_text(title="第一次会议"), encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(SITE_CONFIG.format(overrides=ROOT / "overrides", audience=audience, rules=TEST_RULES), encoding="utf-8")
    return config


def _add(root: Path, name: str, text: str) -> None:
    (root / "dossiers" / "2024" / name).write_text(text, encoding="utf-8")


def _home(dest: Path) -> str:
    return (dest / "index.html").read_text(encoding="utf-8")


def test_publish_swaps_in_a_new_release_and_keeps_the_previous(tmp_path: Path) -> None:
    config = _archive(tmp_path)
    dest = tmp_path / "srv" / "neibu"
    first = pub.publish(dest, pub.mkdocs_builder(config))
    assert dest.is_symlink() and dest.resolve() == first
    assert os.readlink(dest) == f"neibu.releases/{first.name}"  # relative: the tree can move
    assert "第一次会议" in _home(dest) and "本站内容：内部" in _home(dest)
    assert not pub.previous_link(dest).exists()

    _add(tmp_path, "2024-05-20-b.md", dossier_text(title="第二次会议", date="2024-05-20"))
    second = pub.publish(dest, pub.mkdocs_builder(config))
    assert dest.resolve() == second != first
    assert "第二次会议" in _home(dest)
    assert pub.previous_link(dest).resolve() == first and "第二次会议" not in _home(first)


def test_a_failed_build_leaves_the_published_site_untouched(tmp_path: Path) -> None:
    config = _archive(tmp_path)
    dest = tmp_path / "neibu"
    first = pub.publish(dest, pub.mkdocs_builder(config))
    before = {p.relative_to(first): p.read_bytes() for p in first.rglob("*") if p.is_file()}
    _add(tmp_path, "2024-05-20-bad.md", dossier_text(date="2024/5/20"))  # an error: the build stops
    with pytest.raises(pub.PublishError, match="网站生成失败"):
        pub.publish(dest, pub.mkdocs_builder(config))
    assert dest.resolve() == first
    assert {p.relative_to(first): p.read_bytes() for p in first.rglob("*") if p.is_file()} == before
    assert [p.name for p in pub.releases_dir(dest).iterdir() if not p.name.startswith(".")] == [first.name]


def test_readers_never_see_a_half_built_site(tmp_path: Path) -> None:
    """While a release is being built and swapped in, DEST always leads to a complete site."""
    config = _archive(tmp_path)
    dest = tmp_path / "neibu"
    pub.publish(dest, pub.mkdocs_builder(config))
    _add(tmp_path, "2024-05-20-b.md", dossier_text(title="第二次会议", date="2024-05-20"))
    seen: list[tuple[str, bool]] = []
    done = threading.Event()

    def reader() -> None:
        while not done.is_set():
            try:
                home = (dest / "index.html").read_text(encoding="utf-8")
                page = (dest / "meetings/2024/2024-05-06-a/index.html").is_file()
            except FileNotFoundError:
                home, page = "", False
            seen.append(("第二次会议" in home, bool(home) and page and home.rstrip().endswith("</html>")))
            done.wait(0.005)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        pub.publish(dest, pub.mkdocs_builder(config))
        after = len(seen)
        while len(seen) < after + 3 and thread.is_alive():  # a few reads after the swap, too
            threading.Event().wait(0.01)
    finally:
        done.set()
        thread.join()
    assert len(seen) > 20
    assert all(complete for _, complete in seen), "a reader saw a missing or partial site"
    new = [is_new for is_new, _ in seen]
    assert new[0] is False and new[-1] is True and new == sorted(new)  # old, then new, never back


def test_rollback_restores_the_previous_release_and_back(tmp_path: Path) -> None:
    config = _archive(tmp_path)
    dest = tmp_path / "neibu"
    with pytest.raises(pub.PublishError, match="没有可恢复的上一版本"):
        pub.rollback(dest)
    first = pub.publish(dest, pub.mkdocs_builder(config))
    _add(tmp_path, "2024-05-20-b.md", dossier_text(title="第二次会议", date="2024-05-20"))
    second = pub.publish(dest, pub.mkdocs_builder(config))
    assert pub.rollback(dest) == first and dest.resolve() == first and "第二次会议" not in _home(dest)
    assert pub.previous_link(dest).resolve() == second
    assert pub.rollback(dest) == second and "第二次会议" in _home(dest)


def test_another_audience_is_never_published_over_one(tmp_path: Path) -> None:
    config = _archive(tmp_path)
    dest = tmp_path / "neibu"
    first = pub.publish(dest, pub.mkdocs_builder(config))
    secret = _archive(tmp_path / "other", audience="秘密")
    with pytest.raises(pub.PublishError, match="读者范围「内部」.*「秘密」"):
        pub.publish(dest, pub.mkdocs_builder(secret))
    assert dest.resolve() == first and "本站内容：内部" in _home(dest)
    assert len([p for p in pub.releases_dir(dest).iterdir() if not p.name.startswith(".")]) == 1


def test_a_folder_published_by_hand_becomes_the_previous_release(tmp_path: Path) -> None:
    config = _archive(tmp_path)
    dest = tmp_path / "neibu"
    dest.mkdir()
    (dest / "index.html").write_text('<div data-audience="内部">旧网站</div>', encoding="utf-8")
    release = pub.publish(dest, pub.mkdocs_builder(config))
    assert dest.resolve() == release and "旧网站" in (pub.previous_link(dest) / "index.html").read_text(encoding="utf-8")


def test_old_releases_are_pruned_but_never_current_or_previous(tmp_path: Path) -> None:
    """Pruning works on release folders whatever made them: here they are made by hand, in name order."""
    dest = tmp_path / "neibu"
    releases = pub.releases_dir(dest)
    for i in range(6):
        (releases / f"2024010{i}-000000-000000").mkdir(parents=True)
    pub._point(dest, releases / "20240100-000000-000000")  # the oldest is served (after a rollback)
    pub._point(pub.previous_link(dest), releases / "20240101-000000-000000")
    pub._prune(dest, keep=2)
    assert sorted(p.name[:8] for p in releases.iterdir()) == ["20240100", "20240101", "20240104", "20240105"]


def test_make_publish_and_rollback(tmp_path: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    run = lambda *args: subprocess.run(["make", "-s", "-C", str(ROOT), *args], capture_output=True, text=True, env=env)  # noqa: E731
    usage = run("publish")
    assert usage.returncode != 0 and "make publish DEST=" in usage.stderr
    dest = tmp_path / "gongkai"
    done = run("publish", f"DEST={dest}", "AUDIENCE=公开")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "已发布" in done.stdout and "本站内容：公开" in _home(dest)
    back = run("rollback", f"DEST={dest}")
    assert back.returncode != 0 and "没有可恢复的上一版本" in back.stderr
