"""What a dossier may name as a file: one answer for ``documents[].file``, for links in the minutes and
for what the build publishes.

A dossier may name only files inside its own folder, which only a folder dossier has
(``<id>/index.md`` with its attachments beside it). A flat dossier (``2024/<id>.md``) shares its year
folder with other dossiers, so any file it names there could be one of theirs: naming a file is an
error that says to make it a folder. Within the folder, a path may not climb out (``..``, a symlink
that leads out), may not be the dossier's own source, and, to be published, must be of a type that a
browser shows or downloads without running it: no web pages, SVG, scripts or Markdown, which would run
in a reader's browser or be rendered as a page of the site.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

# Attachment types that may be published, by extension (lower case), with what a clerk calls them.
TYPES: dict[str, str] = {
    "pdf": "PDF", "ofd": "OFD 版式文件",
    "doc": "Word", "docx": "Word", "wps": "WPS 文字", "rtf": "RTF", "odt": "ODF 文本",
    "xls": "Excel", "xlsx": "Excel", "et": "WPS 表格", "csv": "CSV 表格", "ods": "ODF 表格",
    "ppt": "PowerPoint", "pptx": "PowerPoint", "dps": "WPS 演示", "odp": "ODF 演示",
    "txt": "纯文本",
    "jpg": "图片", "jpeg": "图片", "png": "图片", "gif": "图片", "webp": "图片", "bmp": "图片", "tif": "图片", "tiff": "图片",
    "mp3": "音频", "m4a": "音频", "wav": "音频", "mp4": "视频", "webm": "视频",
    "zip": "压缩包", "rar": "压缩包", "7z": "压缩包",
}


# A part of a file name that makes some web servers serve the file as a page or a script, wherever it
# stands in the name (Apache gives ``通知.html.pdf`` the type of both): refused in any position.
ACTIVE = frozenset({
    "htm", "html", "xhtml", "shtml", "mht", "mhtml", "svg", "svgz", "xml", "xsl", "xslt", "js", "mjs", "css",
    "swf", "php", "phtml", "asp", "aspx", "jsp", "cgi", "pl", "py", "sh", "md", "markdown", "htaccess", "wasm",
})
COMPRESSED = "gz"  # 纪要.txt.gz: a compressed file of an allowed type


def type_allowed(name: str) -> bool:
    """Whether a file of this name may be published: its type is one of TYPES (or TYPES compressed with
    gzip), and no part of its name is of a type a web server would serve as a page or script."""
    suffixes = [x.lstrip(".").lower() for x in PurePosixPath(name).suffixes]
    if not suffixes or any(x in ACTIVE for x in suffixes):
        return False
    if suffixes[-1] == COMPRESSED:
        return len(suffixes) >= 2 and suffixes[-2] in TYPES
    return suffixes[-1] in TYPES


def types_text() -> str:
    """The allowed types, grouped as a clerk reads them: PDF（.pdf）、Word（.doc .docx）…"""
    groups: dict[str, list[str]] = {}
    for ext, label in TYPES.items():
        groups.setdefault(label, []).append(f".{ext}")
    return "、".join(f"{label}（{' '.join(exts)}）" for label, exts in groups.items())


@dataclass(frozen=True)
class Named:
    """A path as a dossier wrote it, judged: ``problem`` is None when it is a file the dossier may name."""

    raw: str
    rel: str = ""  # the normalized path inside the folder (a/b.pdf)
    target: Path | None = None  # where it leads, resolved (None when it leads nowhere allowed)
    problem: str | None = None  # absolute · outside · flat · own_source · type · missing · too_large
    size: int = 0


_DRIVE = re.compile(r"^[A-Za-z]:[/\\]")


def is_absolute(path: str) -> bool:
    """A path on the clerk's own machine or at the root of the site (``//host/…`` is another site)."""
    path = path.replace("\\", "/")
    if path.startswith("//"):
        return False
    return path.startswith("/") or bool(_DRIVE.match(path)) or path.lower().startswith("file:")


def judge(d, raw: str, *, published: bool, limit_mb: float = 50.0, url: bool = False,
          deps: list[str] | None = None) -> Named:
    """Judge ``raw`` (a ``documents[].file``, or with ``url`` the path of a link in the minutes) for the
    dossier ``d``. ``published``: it will be copied into the site, so its type and size count too.
    ``deps``: where to note the file looked at (the check cache is keyed on it)."""
    path = unquote(raw) if url else raw
    path = path.replace("\\", "/")
    if is_absolute(path) or path.startswith("//") or "://" in path:
        return Named(raw, problem="absolute")
    norm = posixpath.normpath(path)
    if norm == ".." or norm.startswith("../"):
        return Named(raw, problem="outside")
    if norm in ("", "."):
        return Named(raw, problem="outside" if not url else None)
    if not d.is_folder_dossier:
        return Named(raw, rel=norm, problem="flat")
    folder = Path(d.folder)
    if deps is not None:
        deps.append(str(folder / Path(*PurePosixPath(norm).parts)))
    try:
        target = (folder / Path(*PurePosixPath(norm).parts)).resolve()
        root = folder.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return Named(raw, rel=norm, problem="outside")
    if not target.is_relative_to(root):  # a symlink that leads out
        return Named(raw, rel=norm, problem="outside")
    if not published:
        return Named(raw, rel=norm, target=target)
    if target == Path(d.path).resolve():
        return Named(raw, rel=norm, problem="own_source")
    if not type_allowed(PurePosixPath(norm).name):
        return Named(raw, rel=norm, problem="type")
    try:
        if not target.is_file():
            return Named(raw, rel=norm, problem="missing")
        size = target.stat().st_size
    except OSError:
        return Named(raw, rel=norm, problem="missing")
    if size > limit_mb * 1024 * 1024:
        return Named(raw, rel=norm, target=target, problem="too_large", size=size)
    return Named(raw, rel=norm, target=target, size=size)
