"""``feed.xml``: an Atom feed of the meetings held most recently (its own template, ``exports/templates/``).
Only ``archive.visible`` is read."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import jinja2

from ..core.zh import zh_date
from ..domain.addresses import absolute, href, meeting_url
from ..domain.archive import Archive
from .ics import UID_NAMESPACE

FEED_ENTRIES = 30
TEMPLATES = Path(__file__).parent / "templates"


def render(template: str, **context) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.filters["zh_date"] = zh_date
    return env.get_template(template).render(**context)


def _rfc3339(day: date, hhmm: str | None) -> str:
    h, m = (int(x) for x in (hhmm or "00:00").split(":"))
    return datetime(day.year, day.month, day.day, h, m, tzinfo=timezone(timedelta(hours=8))).isoformat()


def feed_xml(archive: Archive) -> str:
    held = [d for d in archive.visible if d.fm.status.took_place]  # type: ignore[union-attr]
    held.sort(key=lambda d: (d.fm.date, d.fm.start or "", d.id), reverse=True)  # type: ignore[union-attr]
    entries = []
    for d in held[:FEED_ENTRIES]:
        fm = d.fm
        entries.append({
            "d": d,
            "fm": fm,
            "id": f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, 'meeting#' + d.id)}",
            "href": absolute(archive.settings.site_url, meeting_url(d)) if archive.settings.site_url else href("", meeting_url(d)),
            "updated": _rfc3339(fm.date, fm.end or fm.start),  # type: ignore[union-attr]
            "decisions": len(fm.decisions),  # type: ignore[union-attr]
            "actions": len(fm.actions),  # type: ignore[union-attr]
        })
    updated = entries[0]["updated"] if entries else _rfc3339(archive.as_of, None)
    return render(
        "feed.xml.j2", entries=entries, updated=updated, audience=archive.audience,
        self_href=absolute(archive.settings.site_url, "feed.xml"), home_href=absolute(archive.settings.site_url, "") or "./",
        feed_id=f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, 'feed')}",
    )


def feed_export(archive: Archive) -> dict[str, str | bytes]:
    return {"feed.xml": feed_xml(archive)}
