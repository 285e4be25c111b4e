"""A page per unit: what it is responsible for (leads or supports) and took part in over the last year
(and every open action); older settled actions and meetings on a page per year, so no page grows with
the archive. A unit with actions overdue or due soon also gets its printable 催办通知单 (``…/cuiban/``)."""

from __future__ import annotations

from ...domain.addresses import urls
from ...domain.archive import Archive
from ...domain.attendance import attendance_by_unit
from ...domain.ledger import STATE_LABELS, since
from ...domain.units import chase, split, units
from ..render import ctx, render


def unit_pages(archive: Archive) -> dict[str, str]:
    views = units(archive)
    attendance = attendance_by_unit(archive)
    out = {
        "units/index.md": render(
            "units_index.md.j2", units=sorted(views.values(), key=lambda u: (-u.counts.overdue, -u.counts.open, u.name)),
            **ctx(archive, "units/"),
        )
    }
    start = since(archive.as_of)
    for name, view in views.items():
        url = urls(archive).unit(name)
        recent, older = split(view, archive.as_of)
        years = sorted(older, reverse=True)
        notice = chase(view)
        notice_url = f"{url}cuiban/" if notice else None
        common_args = dict(unit_name=name, counts=view.counts, attendance=attendance.get(name), states=STATE_LABELS,
                           years=years, unit_root=url, since=start, notice=notice_url)
        out[f"{url}index.md"] = render("unit.md.j2", unit=recent, year=None, **common_args, **ctx(archive, url))
        if notice is not None:
            out[f"{notice_url}index.md"] = render("print_chase.md.j2", chase=notice, unit_page=url,
                                                  office=archive.settings.office, **ctx(archive, notice_url))
        for year in years:
            year_url = f"{url}{year}/"
            out[f"{year_url}index.md"] = render("unit.md.j2", unit=older[year], year=year, **common_args,
                                                **ctx(archive, year_url))
    return out
