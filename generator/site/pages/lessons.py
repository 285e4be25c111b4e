"""Lessons learned (经验总结): by category and by meeting kind on ``/lessons/``, every lesson of a category
on its own page."""

from __future__ import annotations

from collections import Counter, defaultdict

from ...core.enums import LessonType
from ...domain.addresses import urls
from ...domain.archive import Archive
from ..render import ctx, render


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
