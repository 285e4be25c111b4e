"""The home page: meetings coming up with their readiness, the meetings held most recently, the open and
overdue follow-ups."""

from __future__ import annotations

from ...domain.archive import Archive
from ...domain.ledger import STATE_LABELS, count, ledger
from ...domain.readiness import readiness
from ..render import ctx, render

RECENT = 10


def home_page(archive: Archive) -> dict[str, str]:
    upcoming = [d for d in archive.visible if not d.fm.status.took_place and d.fm.date >= archive.as_of]  # type: ignore[union-attr]
    held = [d for d in archive.visible if d.fm.status.took_place]  # type: ignore[union-attr]
    recent = list(reversed(held))[:RECENT]
    rows = ledger(archive)
    return {
        "index.md": render(
            "home.md.j2",
            upcoming=[(d, readiness(d, archive.as_of)) for d in upcoming],
            recent=recent,
            counts=count(rows),
            overdue=[r for r in rows if r.state == "overdue"][:10],
            due_soon=[r for r in rows if r.state == "due-soon"][:10],
            due_soon_days=archive.settings.due_soon_days,
            total=len(archive.visible),
            states=STATE_LABELS,
            archive_problems=archive.problems,
            **ctx(archive, ""),
        )
    }
