"""Printable pages of a meeting not yet held, A4 from any browser (``overrides/assets/stylesheets/print.css``):
the notice (会议通知), the sign-in sheet (签到表) and the table name cards (桌签), at
``meetings/<YYYY>/<id>/notice/``, ``…/signin/`` and ``…/cards/``. Once held, the attendance report
(参会情况通报) is a section of the meeting page itself (``domain.attendance.attendance_report``).
"""

from __future__ import annotations

from typing import Any

from ...core import chars
from ...core.enums import Classification, Disposition, Role, Rsvp
from ...core.zh import NUMERALS, zh_weekday
from ...domain.addresses import meeting_url, printable_url
from ...domain.archive import Archive
from ...domain.attendance import by_unit, cards, invited, staff
from ...domain.ledger import count, ledger
from ...domain.readiness import rsvp_deadline
from ...source.loader import Dossier
from ..render import common, render
from .meeting import demote_headings

PRINTABLES = ("notice", "signin", "cards")
#: The names every printable template gets besides ``render.COMMON`` and its own inputs.
PRINTABLE = ("d", "fm", "url", "meeting_href", "which", "weekday", "numerals", "people")


def notice_facts(d: Dossier) -> dict[str, bool]:
    """What decides the requirements the notice lists (the wording is the template's)."""
    fm = d.fm
    assert fm is not None
    dispositions = {doc.disposition for doc in fm.documents}
    return {
        "secret": fm.classification >= Classification.SECRET,
        "recalled": Disposition.RECALL in dispositions or Disposition.DESTROY in dispositions,
        "presenters": any(item.presenter for item in fm.agenda),
    }


# ---------------------------------------------------------------------------------------------------
# Pages


def _context(archive: Archive, d: Dossier, which: str) -> dict[str, Any]:
    base = common(archive)
    values = (d, d.fm, printable_url(d, which), "../", which, zh_weekday, NUMERALS, by_unit(archive, invited(d)))
    base.update(zip(PRINTABLE, values, strict=True))
    return base


def printables_of(d: Dossier) -> tuple[str, ...]:
    """Which printables a meeting has: the notice, sign-in sheet and name cards before it takes place,
    none once it has: the attendance report (参会情况通报) is then a section of the meeting page, which
    prints cleanly. (Separate papers for every meeting of the archive would double the site's page count
    for papers nobody prints again.)"""
    return () if d.fm.status.took_place else PRINTABLES  # type: ignore[union-attr]


def has_minutes_page(d: Dossier) -> bool:
    """The printable minutes (会议纪要) are a page of every meeting that took place."""
    return d.fm.status.took_place  # type: ignore[union-attr]


def minutes_page(archive: Archive, d: Dossier, marker: str = "") -> str:
    """The Markdown of the printable minutes, in the layout offices file them: the header with the number
    (``doc_no``), then who met where and when, the body, the decisions. Rendered by ``mkdocs.render`` into
    the printables' shell, as the meeting pages are, not by MkDocs (one for every held meeting)."""
    people = invited(d)
    groups = {
        "members": [a for a in people if a.role == Role.MEMBER and a.rsvp != Rsvp.LEAVE],
        "observers": [a for a in people if a.role == Role.OBSERVER and a.rsvp != Rsvp.LEAVE],
        "leave": [a for a in people if a.rsvp == Rsvp.LEAVE],
    }
    body = demote_headings(chars.clean_body(d.body).strip())
    return render("print_minutes.md.j2", groups=groups, body=body, marker=marker, **_context(archive, d, "minutes"))


def has_report_page(d: Dossier) -> bool:
    """A held meeting with actions has its 督办情况通报 (the report back to the convener)."""
    return d.fm.status.took_place and bool(d.fm.actions)  # type: ignore[union-attr]


def report_page(archive: Archive, d: Dossier, marker: str = "") -> str:
    """The Markdown of a meeting's 督办情况通报: every action of the meeting with its state, the latest
    feedback, the due date and the days, as of the build's date (rendered by ``mkdocs.render``)."""
    rows = ledger(archive, archive.actions(d))
    rows.sort(key=lambda r: r.view.index)  # the meeting's own order
    return render("print_report.md.j2", rows=rows, counts=count(rows), office=archive.settings.office,
                  **_context(archive, d, "report"))


def printable_pages(archive: Archive) -> dict[str, str]:
    out: dict[str, str] = {}
    for d in archive.visible:
        base = meeting_url(d)
        which = printables_of(d)
        if "notice" in which:
            out[f"{base}notice.md"] = render(
                "print_notice.md.j2", deadline=rsvp_deadline(d), contacts=staff(d), notice=notice_facts(d),
                **_context(archive, d, "notice"),
            )
        if "signin" in which:
            out[f"{base}signin.md"] = render("print_signin.md.j2", **_context(archive, d, "signin"))
        if "cards" in which:
            out[f"{base}cards.md"] = render("print_cards.md.j2", cards=cards(archive, d), **_context(archive, d, "cards"))
    return out
