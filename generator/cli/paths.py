"""Paths as clerks type them."""

from __future__ import annotations

from pathlib import Path


def windows_path(path: Path) -> Path:
    """A path written the Windows way (``dossiers\\2024\\a.md``), as a clerk copies it from Explorer, names
    the same file here; on Windows itself pathlib reads both already."""
    text = str(path)
    if "\\" in text and not path.exists():
        return Path(text.replace("\\", "/"))
    return path
