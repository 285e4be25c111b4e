"""Every file and folder below a folder, listed fast: a site of a few thousand meetings has some ten
thousand folders (one per page), and the leak guard and the preview list it on every build.

``os.walk`` asks the file system about every folder a second time (``islink``, an ``lstat`` each) and
joins every path; here each entry's type comes with the listing of its folder (``d_type``), and the paths
are the site's own (relative, with ``/``) from the start. What is listed is what ``os.walk`` without
``followlinks`` lists: a link to a folder is a folder, and is not followed.
"""

from __future__ import annotations

import os


def walk(root: str) -> tuple[list[str], list[str]]:
    """(the files, the folders) below ``root``, relative to it with ``/``; a folder that cannot be read
    is listed but not its content (as ``os.walk`` does)."""
    files: list[str] = []
    folders: list[str] = []
    stack = [("", root)]
    while stack:
        prefix, path = stack.pop()
        try:
            entries = os.scandir(path)
        except OSError:
            continue
        with entries:
            for entry in entries:
                rel = prefix + entry.name
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if not is_dir:
                    files.append(rel)
                    continue
                folders.append(rel)
                if not entry.is_symlink():
                    stack.append((rel + "/", entry.path))
    return files, folders
