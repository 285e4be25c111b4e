"""Browsing the archive: by year and month, by kind, by tag."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ...domain.addresses import urls, year_url
from ...domain.archive import Archive
from ...source.loader import Dossier
from ..render import ctx, render


def _by(archive: Archive, key) -> dict[Any, list[Dossier]]:
    groups: dict[Any, list[Dossier]] = defaultdict(list)
    for d in archive.visible:
        for k in key(d):
            groups[k].append(d)
    return groups


def archive_pages(archive: Archive) -> dict[str, str]:
    by_year = _by(archive, lambda d: [d.fm.date.year])
    by_kind = _by(archive, lambda d: [d.fm.kind])
    by_tag = _by(archive, lambda d: d.fm.tags)
    out = {
        "archive/index.md": render(
            "archive_index.md.j2",
            years=sorted(by_year.items(), reverse=True),
            kinds=sorted(by_kind.items(), key=lambda kv: -len(kv[1])),
            tags=sorted(by_tag.items(), key=lambda kv: (-len(kv[1]), kv[0])),
            **ctx(archive, "archive/"),
        )
    }
    for year, ds in by_year.items():
        months: dict[int, list[Dossier]] = defaultdict(list)
        for d in ds:
            months[d.fm.date.month].append(d)  # type: ignore[union-attr]
        url = year_url(year)
        out[f"{url}index.md"] = render(
            "archive_year.md.j2", year=year, months=sorted(months.items(), reverse=True), **ctx(archive, url)
        )
    u = urls(archive)
    for label, groups, url_of in (("会议类型", by_kind, u.kind), ("标签", by_tag, u.tag)):
        for name, ds in groups.items():
            url = url_of(name)
            out[f"{url}index.md"] = render(
                "archive_group.md.j2", label=label, name=name, meetings=list(reversed(ds)), **ctx(archive, url)
            )
    return out
