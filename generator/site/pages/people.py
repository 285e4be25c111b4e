"""The people who owe and oversee the actions: ``/owners/`` lists everyone named as an owner (责任人) or a
supervising leader (督办领导), each with a page of what they owe and oversee (every open action and the
last year's settled ones; older ones on a page per year, as a unit's page is)."""

from __future__ import annotations

from ...domain.addresses import urls
from ...domain.archive import Archive
from ...domain.ledger import STATE_LABELS, since
from ...domain.people import people, split
from ..render import ctx, render


def people_pages(archive: Archive) -> dict[str, str]:
    views = people(archive)
    if not views:
        return {}
    ranked = sorted(views.values(), key=lambda p: (-p.counts.overdue, -p.counts.due_soon, -p.counts.open, p.name))
    out = {"owners/index.md": render("people_index.md.j2", people=ranked, **ctx(archive, "owners/"))}
    start = since(archive.as_of)
    for name, view in views.items():
        url = urls(archive).owner(name)
        recent, older = split(view, archive.as_of)
        years = sorted(older, reverse=True)
        common = dict(name=name, counts=view.counts, states=STATE_LABELS, years=years, root=url, since=start)
        out[f"{url}index.md"] = render("person.md.j2", person=recent, year=None, **common, **ctx(archive, url))
        for year in years:
            year_url = f"{url}{year}/"
            out[f"{year_url}index.md"] = render("person.md.j2", person=older[year], year=year, **common,
                                                **ctx(archive, year_url))
    return out
