"""The mark a finished build leaves in the site: ``meeting-archive.json``, written by the plugin after the
leak guard has passed, and read by ``make site`` and ``make publish`` before they put a site in place.

A site without it was not made by this plugin: an engine that skips third-party plugins (Zensical does
today) would turn ``dossiers/`` into pages as written, every classification included. Such a site is
refused, never published. The mark says only what every page of the site already says: the audience,
the as-of date and how many meetings it holds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

NAME = "meeting-archive.json"
GENERATOR = "meeting-archive"


def write(site_dir: str | Path, archive: Any) -> None:
    data = {
        "generator": GENERATOR,
        "audience": archive.audience.value,
        "audience_zh": archive.audience.zh,
        "as_of": archive.as_of.isoformat(),
        "meetings": len(archive.visible),
        "leak_guard": "passed",
    }
    (Path(site_dir) / NAME).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def read(site: Path) -> dict[str, Any] | None:
    """The mark of a built site, or None when there is none (or it is not ours)."""
    try:
        data = json.loads((site / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generator") != GENERATOR or data.get("leak_guard") != "passed":
        return None
    return data
