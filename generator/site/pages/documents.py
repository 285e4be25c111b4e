"""The documents register (``/documents/``): every meeting document, its disposition and whether it is
settled, unsettled documents of held meetings first (the ones to chase); ``/documents/<YYYY>/`` holds
every document of that year's meetings, so the page stays bounded as the archive grows. Documents
classified above the build's audience are left out, only counted (``domain.documents``)."""

from __future__ import annotations

from ...core.settings import SETTLE_DAYS
from ...domain import documents
from ...domain.archive import Archive
from ..render import ctx, render


def documents_page(archive: Archive) -> dict[str, str]:
    """``/documents/``: every unsettled document and the others of the last RECENT_DAYS; ``/documents/<YYYY>/``:
    every document of that year's meetings (so a page's size stays bounded as the archive grows)."""
    items, withheld = documents.register(archive)
    years = sorted({r.dossier.fm.date.year for r in items}, reverse=True)  # type: ignore[union-attr]
    current = [r for r in items if r.settled is False or r.days_since <= documents.RECENT_DAYS]
    common_args = {"withheld": withheld, "settle_days": SETTLE_DAYS, "recent_days": documents.RECENT_DAYS, "years": years}
    out = {
        "documents/index.md": render(
            "documents.md.j2", rows=current, counts=documents.counts(items), year=None, **common_args,
            **ctx(archive, "documents/"),
        )
    }
    for year in years:
        mine = [r for r in items if r.dossier.fm.date.year == year]  # type: ignore[union-attr]
        url = f"documents/{year}/"
        out[f"{url}index.md"] = render(
            "documents.md.j2", rows=mine, counts=documents.counts(mine), year=year, **common_args, **ctx(archive, url),
        )
    return out
