"""The archive's index pages: home, browse by year/month/kind/tag, the follow-up ledger, units, lessons.

Every function takes the Archive and returns {docs path: Markdown}; only visible dossiers are used.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from ..core import chars
from ..domain.archive import ActionView, Archive
from ..core.enums import ActionStatus, LessonType
from ..source.loader import Dossier
from .pages import common, render
from .printables import attendance_by_unit
from ..domain.readiness import readiness

RECENT = 10


def slug(text: str) -> str:
    """A path segment from a unit, kind or tag name: Chinese stays, separators become '-'."""
    out = "".join(ch if ch.isalnum() or ch in "-_·（）()" else "-" for ch in text.strip())
    return out.strip("-") or "x"


def unique_slugs(names) -> dict[str, str]:
    """A path segment for each name, distinct even where ``slug`` alone would give two names one page
    (``县水利局/防汛办`` and ``县水利局-防汛办``; names differing only in case or width): the name that
    spells its segment as it is keeps it, the others get ``-2``, ``-3``… in a stable order."""
    taken: set[str] = set()
    out: dict[str, str] = {}
    for name in sorted(set(names), key=lambda n: (chars.fold(slug(n)), slug(n) != n, n)):
        base = slug(name)
        segment, n = base, 2
        while chars.fold(segment) in taken:
            segment, n = f"{base}-{n}", n + 1
        taken.add(chars.fold(segment))
        out[name] = segment
    return out


class Urls:
    """The addresses of the pages named after dossier text (units, kinds, tags, lesson categories), made
    once per build from the visible dossiers: two names never share a page."""

    def __init__(self, archive: Archive) -> None:
        units: list[str] = []
        for d in archive.visible:
            fm = d.fm
            units += [a.unit for a in fm.actions] + [a.unit for a in fm.attendees]  # type: ignore[union-attr]
            if fm.organizer:  # type: ignore[union-attr]
                units.append(fm.organizer)  # type: ignore[union-attr]
        self._units = unique_slugs(units)
        self._kinds = unique_slugs(d.fm.kind for d in archive.visible)  # type: ignore[union-attr]
        self._tags = unique_slugs(t for d in archive.visible for t in d.fm.tags)  # type: ignore[union-attr]
        self._lessons = unique_slugs(x.category for d in archive.visible for x in d.fm.lessons)  # type: ignore[union-attr]

    def unit(self, name: str) -> str:
        return f"units/{self._units.get(name) or slug(name)}/"

    def kind(self, name: str) -> str:
        return f"archive/kind/{self._kinds.get(name) or slug(name)}/"

    def tag(self, name: str) -> str:
        return f"archive/tag/{self._tags.get(name) or slug(name)}/"

    def lessons(self, category: str) -> str:
        return f"lessons/{self._lessons.get(category) or slug(category)}/"


def urls(archive: Archive) -> Urls:
    made = archive.__dict__.get("_urls")
    if made is None:
        made = archive.__dict__["_urls"] = Urls(archive)
    return made


def year_url(year: int) -> str:
    return f"archive/{year}/"


def ctx(archive: Archive, url: str) -> dict[str, Any]:
    base = common(archive)
    u = urls(archive)
    base.update(url=url, unit_url=u.unit, kind_url=u.kind, tag_url=u.tag, year_url=year_url)
    return base


# ---------------------------------------------------------------------------------------------------
# The ledger


@dataclass
class LedgerRow:
    view: ActionView
    days_overdue: int
    latest: Any  # the last Update or None
    state: str = field(init=False)  # one word for the filter: overdue, carried, or the action's own status

    def __post_init__(self) -> None:
        if self.view.carried_forward:
            self.state = "carried"
        elif self.view.overdue:
            self.state = "overdue"
        else:
            self.state = self.view.action.status.value


STATE_LABELS = {
    "overdue": "逾期",
    "open": ActionStatus.OPEN.zh,
    "in-progress": ActionStatus.IN_PROGRESS.zh,
    "done": ActionStatus.DONE.zh,
    "cancelled": ActionStatus.CANCELLED.zh,
    "carried": "已结转",
}


def ledger(archive: Archive, views: list[ActionView] | None = None) -> list[LedgerRow]:
    """Overdue first (longest overdue first), then open by due date, then the settled ones."""
    rows = []
    for v in archive.all_actions() if views is None else views:
        days = (archive.as_of - v.action.due).days if v.overdue else 0
        rows.append(LedgerRow(v, days, v.action.updates[-1] if v.action.updates else None))
    rank = {"overdue": 0, "open": 1, "in-progress": 1, "carried": 2, "done": 3, "cancelled": 4}
    rows.sort(key=lambda r: (rank[r.state], -r.days_overdue, r.view.action.due, r.view.dossier.id, r.view.action.id))
    return rows


@dataclass
class Counts:
    open: int = 0
    overdue: int = 0
    done: int = 0
    carried: int = 0
    cancelled: int = 0
    total: int = 0


def count_actions(rows: list[LedgerRow]) -> Counts:
    c = Counts(total=len(rows))
    for r in rows:
        if r.state == "overdue":
            c.overdue += 1
            c.open += 1
        elif r.state in ("open", "in-progress"):
            c.open += 1
        elif r.state == "done":
            c.done += 1
        elif r.state == "carried":
            c.carried += 1
        else:
            c.cancelled += 1
    return c


SETTLED_WINDOW_DAYS = 365  # settled actions older than this move to the yearly ledger pages


def actions_page(archive: Archive) -> dict[str, str]:
    """The ledger: every open action, and the settled ones of the last year; older settled ones by year.

    Keeps /actions/ bounded by what is still being supervised rather than by the archive's age.
    """
    rows = ledger(archive)
    recent, older = [], defaultdict(list)
    for r in rows:
        settled = r.state in ("done", "cancelled", "carried")
        if settled and (archive.as_of - r.view.action.due).days > SETTLED_WINDOW_DAYS:
            older[r.view.action.due.year].append(r)
        else:
            recent.append(r)
    years = sorted(older, reverse=True)
    out = {
        "actions/index.md": render(
            "actions.md.j2", rows=recent, units=sorted({r.view.action.unit for r in recent}),
            counts=count_actions(rows), states=STATE_LABELS, years=years, year=None, window=SETTLED_WINDOW_DAYS,
            **ctx(archive, "actions/"),
        )
    }
    for year in years:
        url = f"actions/{year}/"
        out[f"{url}index.md"] = render(
            "actions.md.j2", rows=older[year], units=sorted({r.view.action.unit for r in older[year]}),
            counts=count_actions(older[year]), states=STATE_LABELS, years=years, year=year,
            window=SETTLED_WINDOW_DAYS, **ctx(archive, url),
        )
    return out


# ---------------------------------------------------------------------------------------------------
# Home


def home_page(archive: Archive) -> dict[str, str]:
    upcoming = [d for d in archive.visible if not d.fm.status.took_place and d.fm.date >= archive.as_of]  # type: ignore[union-attr]
    held = [d for d in archive.visible if d.fm.status.took_place]  # type: ignore[union-attr]
    recent = list(reversed(held))[:RECENT]
    rows = ledger(archive)
    return {
        "index.md": render(
            "home.md.j2",
            upcoming=[(d, readiness(d, archive.as_of)) for d in upcoming],
            recent=recent,
            counts=count_actions(rows),
            overdue=[r for r in rows if r.state == "overdue"][:10],
            total=len(archive.visible),
            states=STATE_LABELS,
            archive_problems=archive.problems,
            **ctx(archive, ""),
        )
    }


# ---------------------------------------------------------------------------------------------------
# Browse


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


# ---------------------------------------------------------------------------------------------------
# Units


@dataclass
class UnitView:
    name: str
    rows: list[LedgerRow] = field(default_factory=list)
    organized: list[Dossier] = field(default_factory=list)
    attended: list[Dossier] = field(default_factory=list)

    @property
    def counts(self) -> Counts:
        return count_actions(self.rows)


def units(archive: Archive) -> dict[str, UnitView]:
    views: dict[str, UnitView] = {}

    def get(name: str) -> UnitView:
        return views.setdefault(name, UnitView(name))

    for row in ledger(archive):
        get(row.view.action.unit).rows.append(row)
    for d in archive.visible:
        fm = d.fm
        if fm.organizer:  # type: ignore[union-attr]
            get(fm.organizer).organized.append(d)  # type: ignore[union-attr]
        for unit in dict.fromkeys(a.unit for a in fm.attendees):  # type: ignore[union-attr]
            get(unit).attended.append(d)
    return views


def unit_pages(archive: Archive) -> dict[str, str]:
    """A page per unit: what it is responsible for and took part in over the last year (and every open
    action); older settled actions and meetings on a page per year, so no page grows with the archive."""
    views = units(archive)
    attendance = attendance_by_unit(archive)
    out = {
        "units/index.md": render(
            "units_index.md.j2", units=sorted(views.values(), key=lambda u: (-u.counts.overdue, -u.counts.open, u.name)),
            **ctx(archive, "units/"),
        )
    }
    since = archive.as_of - timedelta(days=SETTLED_WINDOW_DAYS)
    for name, view in views.items():
        url = urls(archive).unit(name)
        recent = UnitView(name)
        older: dict[int, UnitView] = defaultdict(lambda: UnitView(name))
        for r in view.rows:
            settled = r.state in ("done", "cancelled", "carried")
            if settled and (archive.as_of - r.view.action.due).days > SETTLED_WINDOW_DAYS:
                older[r.view.action.due.year].rows.append(r)
            else:
                recent.rows.append(r)
        for field_name in ("organized", "attended"):
            for d in getattr(view, field_name):
                day = d.fm.date  # type: ignore[union-attr]
                getattr(recent if day >= since else older[day.year], field_name).append(d)
        years = sorted(older, reverse=True)
        common_args = dict(unit_name=name, counts=view.counts, attendance=attendance.get(name), states=STATE_LABELS,
                           years=years, unit_root=url, since=since)
        out[f"{url}index.md"] = render("unit.md.j2", unit=recent, year=None, **common_args, **ctx(archive, url))
        for year in years:
            year_url = f"{url}{year}/"
            out[f"{year_url}index.md"] = render("unit.md.j2", unit=older[year], year=year, **common_args,
                                                **ctx(archive, year_url))
    return out


# ---------------------------------------------------------------------------------------------------
# Lessons


LESSONS_PER_GROUP = 10  # /lessons/ shows the latest of each group; each category has a page with all


def lessons_page(archive: Archive) -> dict[str, str]:
    """/lessons/: by category and by meeting kind, the latest of each with counts (bounded, however old
    the archive); /lessons/<category>/: every lesson of that category, newest first."""
    items = [(d, lesson) for d in archive.visible for lesson in d.fm.lessons]  # type: ignore[union-attr]
    by_category: dict[str, list] = defaultdict(list)
    by_kind: dict[str, list] = defaultdict(list)
    for d, lesson in reversed(items):
        by_category[lesson.category].append((d, lesson))
        by_kind[d.fm.kind].append((d, lesson))  # type: ignore[union-attr]
    types = Counter(lesson.type for _, lesson in items)
    out = {
        "lessons/index.md": render(
            "lessons.md.j2",
            by_category=sorted(by_category.items(), key=lambda kv: (-len(kv[1]), kv[0])),
            by_kind=sorted(by_kind.items(), key=lambda kv: (-len(kv[1]), kv[0])),
            keep=types.get(LessonType.KEEP, 0),
            improve=types.get(LessonType.IMPROVE, 0),
            total=len(items),
            limit=LESSONS_PER_GROUP,
            category=None,
            lessons_url=urls(archive).lessons,
            **ctx(archive, "lessons/"),
        )
    }
    for category, group in by_category.items():
        url = urls(archive).lessons(category)
        out[f"{url}index.md"] = render(
            "lessons.md.j2", by_category=[(category, group)], by_kind=[], keep=0, improve=0, total=len(group),
            limit=None, category=category, lessons_url=urls(archive).lessons, **ctx(archive, url),
        )
    return out
