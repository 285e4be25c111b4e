"""The follow-up ledger's pages: ``/actions/`` (every open action and the settled ones of the last year)
and ``/actions/<YYYY>/`` (older settled ones by the year they were due), so the page is bounded by what
is still supervised rather than by the archive's age."""

from __future__ import annotations

from ...domain.archive import Archive
from ...domain.ledger import SETTLED_WINDOW_DAYS, STATE_LABELS, count, ledger, split
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
    for year in years:
        url = f"actions/{year}/"
        out[f"{url}index.md"] = render(
            "actions.md.j2", rows=older[year], units=sorted({r.view.action.unit for r in older[year]}),
            counts=count(older[year]), states=STATE_LABELS, years=years, year=year,
            window=SETTLED_WINDOW_DAYS, **ctx(archive, url),
        )
    return out
