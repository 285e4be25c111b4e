"""The follow-up ledger's pages: ``/actions/`` (every open action and the settled ones of the last year)
and ``/actions/<YYYY>/`` (older settled ones by the year they were due), so the page is bounded by what
is still supervised rather than by the archive's age; and ``/actions/report/``, the 督办通报 to print."""

from __future__ import annotations

from ...domain.archive import Archive
from ...domain.ledger import SETTLED_WINDOW_DAYS, STATE_LABELS, count, ledger, report_by_unit, split
from ..render import ctx, render


def actions_page(archive: Archive) -> dict[str, str]:
    rows = ledger(archive)
    recent, older = split(rows, archive.as_of)
    years = sorted(older, reverse=True)
    out = {
        "actions/index.md": render(
            "actions.md.j2", rows=recent, units=sorted({r.view.action.unit for r in recent}),
            counts=count(rows), states=STATE_LABELS, years=years, year=None, window=SETTLED_WINDOW_DAYS,
            **ctx(archive, "actions/"),
        )
    }
    # The archive-wide 督办通报, print-ready: per unit, then every overdue action.
    out["actions/report/index.md"] = render(
        "print_actions_report.md.j2", lines=report_by_unit(rows, archive.as_of), counts=count(rows),
        overdue=[r for r in rows if r.state == "overdue"], office=archive.settings.office,
        due_soon_days=archive.settings.due_soon_days,
        **ctx(archive, "actions/report/"),
    )
    for year in years:
        url = f"actions/{year}/"
        out[f"{url}index.md"] = render(
            "actions.md.j2", rows=older[year], units=sorted({r.view.action.unit for r in older[year]}),
            counts=count(older[year]), states=STATE_LABELS, years=years, year=year,
            window=SETTLED_WINDOW_DAYS, **ctx(archive, url),
        )
    return out
