"""core.tree.walk lists what os.walk (without following links) lists, with the site's relative paths."""

from __future__ import annotations

import os
from pathlib import Path

from generator.core import tree


def _os_walk(root: Path) -> tuple[set[str], set[str]]:
    files, folders = set(), set()
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath).relative_to(root).as_posix()
        prefix = "" if here == "." else here + "/"
        folders.update(prefix + n for n in dirnames)
        files.update(prefix + n for n in filenames)
    return files, folders


def test_it_lists_what_os_walk_lists(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for rel in ("index.html", "meetings/2024/会议-一/index.html", "meetings/2024/会议-一/minutes/index.html",
                "assets/app.js", "空 格/a b.txt"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("x", encoding="utf-8")
    (site / "empty").mkdir()
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "secret.txt").write_text("s", encoding="utf-8")
    (site / "linked").symlink_to(outside, target_is_directory=True)  # listed, not followed
    (site / "file-link").symlink_to(site / "index.html")
    (site / "dangling").symlink_to(tmp_path / "nowhere")
    files, folders = tree.walk(str(site))
    assert len(files) == len(set(files)) and len(folders) == len(set(folders))
    assert (set(files), set(folders)) == _os_walk(site)
    assert "linked" in folders and not any(f.startswith("linked/") for f in files)
    assert {"file-link", "dangling", "空 格/a b.txt", "meetings/2024/会议-一/minutes/index.html"} <= set(files)


def test_a_missing_folder_lists_nothing(tmp_path: Path) -> None:
    assert tree.walk(str(tmp_path / "none")) == ([], [])
