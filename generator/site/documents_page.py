"""The documents register (``/documents/``): every meeting document, its disposition and whether it is settled.

Unsettled documents of meetings that took place come first, oldest first: those are the ones to chase.
``/documents/`` holds every unsettled document and the rest of the last year; ``/documents/<YYYY>/``
holds every document of that year's meetings.
A closed meeting with an unsettled document is an error of the validator (so it never reaches the
site); a held meeting whose documents are still unsettled 7 days after it is flagged here
(``unsettled_past``, which a validator rule can use as well). Documents classified above the build's
audience are left out, only counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..domain.archive import Archive
from ..core.enums import Classification, Disposition
from ..source.loader import Dossier
from .pages import render, settled
from .listing import ctx
from ..check.rules import SETTLE_DAYS

RECENT_DAYS = 365  # /documents/ lists settled documents of meetings this recent; older ones by year


@dataclass
class DocRow:
    dossier: Dossier
    doc: Any  # model.Document
    level: Classification
    settled: bool | None  # None: no disposition given
    days_since: int  # days from the meeting to the as-of date

    @property
    def held(self) -> bool:
        return self.dossier.fm.status.took_place  # type: ignore[union-attr]

    @property
    def late(self) -> bool:
        """Held more than SETTLE_DAYS ago and still not settled."""
        return self.held and self.settled is False and self.days_since > SETTLE_DAYS

    @property
    def group(self) -> int:
        if self.settled is False and self.held:
            return 0
        if self.settled is False:
            return 1
        return 2

    @property
    def progress(self) -> str:
        d = self.doc
        if d.disposition == Disposition.RECALL:
            return f"已清退 {d.returned or 0}/{d.copies if d.copies is not None else '?'} 份"
        if d.disposition == Disposition.DESTROY:
            return f"已销毁 {d.destroyed or 0}/{d.copies if d.copies is not None else '?'} 份"
        if d.disposition == Disposition.ARCHIVE:
            return f"卷号 {d.archive_ref}" if d.archive_ref else "未登记卷号"
        return ""


def unsettled_past(d: Dossier, as_of: date, days: int = SETTLE_DAYS) -> list[int]:
    """Indexes of the documents of a held meeting still unsettled more than ``days`` after it."""
    fm = d.fm
    assert fm is not None
    if not fm.status.took_place or (as_of - fm.date).days <= days:
        return []
    return [i for i, doc in enumerate(fm.documents) if settled(doc) is False]


def rows(archive: Archive) -> tuple[list[DocRow], int]:
    """The register's rows in order, and how many documents were left out for their classification."""
    out: list[DocRow] = []
    withheld = 0
    for d in archive.visible:
        fm = d.fm
        for doc in fm.documents:  # type: ignore[union-attr]
            level = doc.classification or fm.classification  # type: ignore[union-attr]
            if not archive.allows(level):
                withheld += 1
                continue
            out.append(DocRow(d, doc, level, settled(doc), (archive.as_of - fm.date).days))  # type: ignore[union-attr]

    def key(r: DocRow) -> tuple:
        when = r.dossier.fm.date.toordinal()  # type: ignore[union-attr]
        # Unsettled: oldest meeting first; settled: newest first.
        return (r.group, when if r.group < 2 else -when, r.dossier.id, r.doc.id)

    out.sort(key=key)
    return out, withheld


def _counts(items: list[DocRow]) -> dict[str, int]:
    return {
        "total": len(items),
        "unsettled_held": sum(1 for r in items if r.group == 0),
        "late": sum(1 for r in items if r.late),
        "unsettled_planned": sum(1 for r in items if r.group == 1),
        "settled": sum(1 for r in items if r.settled),
        "none": sum(1 for r in items if r.settled is None),
    }


def documents_page(archive: Archive) -> dict[str, str]:
    """``/documents/``: every unsettled document and the others of the last RECENT_DAYS; ``/documents/<YYYY>/``:
    every document of that year's meetings (so a page's size stays bounded as the archive grows)."""
    items, withheld = rows(archive)
    years = sorted({r.dossier.fm.date.year for r in items}, reverse=True)  # type: ignore[union-attr]
    current = [r for r in items if r.settled is False or r.days_since <= RECENT_DAYS]
    common_args = {"withheld": withheld, "settle_days": SETTLE_DAYS, "recent_days": RECENT_DAYS, "years": years}
    out = {
        "documents/index.md": render(
            "documents.md.j2", rows=current, counts=_counts(items), year=None, **common_args,
            **ctx(archive, "documents/"),
        )
    }
    for year in years:
        mine = [r for r in items if r.dossier.fm.date.year == year]  # type: ignore[union-attr]
        url = f"documents/{year}/"
        out[f"{url}index.md"] = render(
            "documents.md.j2", rows=mine, counts=_counts(mine), year=year, **common_args, **ctx(archive, url),
        )
    return out
