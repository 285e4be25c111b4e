"""The people who owe and oversee the actions: ``/owners/`` lists everyone named as an owner (责任人) or a
supervising leader (督办领导) with something open or of the last year, and ``/owners/往年/<YYYY>/`` the
others by the year of their latest action; each person has a page of what they owe and oversee (every
open action and the last year's settled ones; older ones on a page per year, as a unit's page is)."""

from __future__ import annotations

from collections import defaultdict

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
    # The index lists the people with anything open or of the last year; the others, by the year their
    # latest action was due, on a page per year: the index does not grow with the archive.
    current, earlier = [], defaultdict(list)
    parts = {p.name: split(p, archive.as_of) for p in ranked}
    for p in ranked:
        recent, older = parts[p.name]
        if recent.owes or recent.oversees or not older:
            current.append(p)
        else:
            earlier[max(older)].append(p)
    years = sorted(earlier, reverse=True)
    u = urls(archive)
    out = {"owners/index.md": render("people_index.md.j2", people=current, year=None, years=years,
                                     year_page=u.owners_of_year, since=since(archive.as_of), **ctx(archive, "owners/"))}
    for year in years:
        page = u.owners_of_year(year)
        out[f"{page}index.md"] = render("people_index.md.j2", people=earlier[year], year=year, years=years,
                                        year_page=u.owners_of_year, since=since(archive.as_of), **ctx(archive, page))
    start = since(archive.as_of)
    for name, view in views.items():
        url = u.owner(name)
        recent, older = parts[name]
        years = sorted(older, reverse=True)
        common = dict(name=name, counts=view.counts, states=STATE_LABELS, years=years, root=url, since=start)
        out[f"{url}index.md"] = render("person.md.j2", person=recent, year=None, **common, **ctx(archive, url))
        for year in years:
            year_url = f"{url}{year}/"
            out[f"{year_url}index.md"] = render("person.md.j2", person=older[year], year=year, **common,
                                                **ctx(archive, year_url))
    return out
