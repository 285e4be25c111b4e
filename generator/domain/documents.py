"""Meeting documents: the level each is classified at, whether a build's audience may see it, and the
register (``/documents/``) of every document with its disposition and whether it is settled.

Whether a document is settled is the model's (``Document.settled``); whether it is unsettled too long
after its meeting is ``model.unsettled_too_long``, which the validator's warning uses as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.enums import Classification
from ..source.loader import Dossier
from ..source.model import unsettled_too_long
from .archive import Archive

RECENT_DAYS = 365  # /documents/ lists settled documents of meetings this recent; older ones by year


def level(doc: Any, d: Dossier) -> Classification:
    """A document's classification: its own, else its dossier's."""
    return doc.classification or d.fm.classification  # type: ignore[union-attr]


def visible(archive: Archive, doc: Any, d: Dossier) -> bool:
    """Whether the build's audience may see this document (its title, its file)."""
    return archive.allows(level(doc, d))


@dataclass
class DocRow:
    dossier: Dossier
    doc: Any  # model.Document
    level: Classification
    settled: bool | None  # None: no disposition given
    days_since: int  # days from the meeting to the as-of date
    late: bool  # held more than SETTLE_DAYS ago and still not settled

    @property
    def held(self) -> bool:
        return self.dossier.fm.status.took_place  # type: ignore[union-attr]

    @property
    def group(self) -> int:
        if self.settled is False and self.held:
            return 0
        if self.settled is False:
            return 1
        return 2


def register(archive: Archive) -> tuple[list[DocRow], int]:
    """The register's rows in order, and how many documents were left out for their classification.
    Unsettled documents of held meetings first, oldest first; then unsettled of meetings to come; then
    the settled ones, newest first."""
    out: list[DocRow] = []
    withheld = 0
    for d in archive.visible:
        fm = d.fm
        for doc in fm.documents:  # type: ignore[union-attr]
            if not visible(archive, doc, d):
                withheld += 1
                continue
            late = unsettled_too_long(fm.status.took_place, fm.date, archive.as_of, doc.settled)  # type: ignore[union-attr]
            out.append(DocRow(d, doc, level(doc, d), doc.settled, (archive.as_of - fm.date).days, late))  # type: ignore[union-attr]

    def key(r: DocRow) -> tuple:
        when = r.dossier.fm.date.toordinal()  # type: ignore[union-attr]
        return (r.group, when if r.group < 2 else -when, r.dossier.id, r.doc.id)

    out.sort(key=key)
    return out, withheld


def counts(items: list[DocRow]) -> dict[str, int]:
    return {
        "total": len(items),
        "unsettled_held": sum(1 for r in items if r.group == 0),
        "late": sum(1 for r in items if r.late),
        "unsettled_planned": sum(1 for r in items if r.group == 1),
        "settled": sum(1 for r in items if r.settled),
        "none": sum(1 for r in items if r.settled is None),
    }
