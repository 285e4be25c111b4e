"""Where things are in the site: the address of a meeting and its printables, the pages named after
dossier text (a unit, a kind, a tag, a lesson category: distinct even where two names would spell one
address), and the relative link from one page to another. Pages and exports both link with these.
"""

from __future__ import annotations

import hashlib

from urllib.parse import quote

from ..core import chars
from ..source.loader import Dossier
from .archive import Archive, names_in


def meeting_url(d: Dossier) -> str:
    return f"meetings/{d.fm.date.year}/{d.id}/"  # type: ignore[union-attr]


def printable_url(d: Dossier, which: str) -> str:
    return f"{meeting_url(d)}{which}/"


def minutes_url(d: Dossier) -> str:
    """The printable minutes (会议纪要) of a held meeting."""
    return printable_url(d, "minutes")


def href(from_url: str, to_url: str) -> str:
    """A relative link from the page at ``from_url`` to ``to_url`` (both site-relative folders or files,
    '' = home): up to the folders they share, then down. Listing pages make tens of thousands."""
    here = from_url.rstrip("/").split("/") if from_url.rstrip("/") else []
    there = to_url.rstrip("/").split("/") if to_url.rstrip("/") else []
    common = 0
    for a, b in zip(here, there):
        if a != b:
            break
        common += 1
    rel = "../" * (len(here) - common) + "/".join(there[common:])
    if to_url.endswith("/") or to_url == "":
        rel = rel.rstrip("/") + "/" if rel else "./"
    elif not rel:
        rel = "."
    return quote(rel, safe="/#.-_~")


#: The longest path segment made from a name, in UTF-8 bytes: file systems allow 255 (a 90-character
#: Chinese name is 270), and a folder keeps room for the name of the file inside it.
SEGMENT_BYTES = 120


def slug(text: str) -> str:
    """A path segment from a unit, kind or tag name: Chinese stays, separators become '-'. A very long
    name is cut, with a short hash of the whole name so that two long names never share the cut."""
    out = "".join(ch if ch.isalnum() or ch in "-_·（）()" else "-" for ch in text.strip()).strip("-") or "x"
    if len(out.encode("utf-8")) > SEGMENT_BYTES:
        tail = "-" + hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()
        while len((out + tail).encode("utf-8")) > SEGMENT_BYTES:
            out = out[:-1]
        out = out.rstrip("-") + tail
    return out


def unique_slugs(names, reserved: tuple[str, ...] = ()) -> dict[str, str]:
    """A path segment for each name, distinct even where ``slug`` alone would give two names one page
    (``县水利局/防汛办`` and ``县水利局-防汛办``; names differing only in case or width): the name that
    spells its segment as it is keeps it, the others get ``-2``, ``-3``… in a stable order. A segment in
    ``reserved`` (a page of the section's own) is never a name's."""
    taken: set[str] = {chars.fold(r) for r in reserved}
    out: dict[str, str] = {}
    for name in sorted(set(names), key=lambda n: (chars.fold(slug(n)), slug(n) != n, n)):
        base = slug(name)
        segment, n = base, 2
        while chars.fold(segment) in taken:
            segment, n = f"{base}-{n}", n + 1
        taken.add(chars.fold(segment))
        out[name] = segment
    return out


#: The folder of /owners/ that lists the people of earlier years; no person's page is given its name.
EARLIER_PEOPLE = "往年"


class Urls:
    """The addresses of the pages named after dossier text (units, kinds, tags, lesson categories), made
    once per build from the visible dossiers: two names never share a page."""

    def __init__(self, archive: Archive) -> None:
        units: list[str] = []
        for d in archive.visible:
            fm = d.fm
            units += [u for a in fm.actions for u in (a.unit, *a.co_units)]  # type: ignore[union-attr]
            units += [a.unit for a in fm.attendees]  # type: ignore[union-attr]
            if fm.organizer:  # type: ignore[union-attr]
                units.append(fm.organizer)  # type: ignore[union-attr]
        self._units = unique_slugs(units)
        self._kinds = unique_slugs(d.fm.kind for d in archive.visible)  # type: ignore[union-attr]
        self._tags = unique_slugs(t for d in archive.visible for t in d.fm.tags)  # type: ignore[union-attr]
        self._lessons = unique_slugs(x.category for d in archive.visible for x in d.fm.lessons)  # type: ignore[union-attr]
        self._people = unique_slugs(people(archive), reserved=(EARLIER_PEOPLE,))

    def unit(self, name: str) -> str:
        return f"units/{self._units.get(name) or slug(name)}/"

    def kind(self, name: str) -> str:
        return f"archive/kind/{self._kinds.get(name) or slug(name)}/"

    def tag(self, name: str) -> str:
        return f"archive/tag/{self._tags.get(name) or slug(name)}/"

    def lessons(self, category: str) -> str:
        return f"lessons/{self._lessons.get(category) or slug(category)}/"

    def owner(self, name: str) -> str:
        """The page of a person who owes or oversees actions (责任人, 督办领导)."""
        return f"owners/{self._people.get(name) or slug(name)}/"

    @staticmethod
    def owners_of_year(year: int) -> str:
        """The list of the people whose actions all lie before the last year, by the year of the latest."""
        return f"owners/{EARLIER_PEOPLE}/{year}/"


def people(archive: Archive) -> list[str]:
    """Everyone named as an action's owner or supervising leader in the visible archive (each name of a
    field that holds several: 张三、李四)."""
    out: list[str] = []
    for v in archive.all_actions():
        out += names_in(v.action.owner) + names_in(v.supervisor)
    return list(dict.fromkeys(out))


def urls(archive: Archive) -> Urls:
    made = archive.__dict__.get("_urls")
    if made is None:
        made = archive.__dict__["_urls"] = Urls(archive)
    return made


def absolute(site_url: str, url: str) -> str:
    """``url`` (site-relative) as a full address when the site's address is known (mkdocs.yml
    ``site_url``): a calendar, a feed reader or a sitemap cannot resolve a relative one."""
    if not site_url:
        return url
    return site_url.rstrip("/") + "/" + quote(url.lstrip("/"), safe="/#.-_~")


def year_url(year: int) -> str:
    return f"archive/{year}/"
