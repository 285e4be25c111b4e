"""The figures of the statistics page (``/stats/``), from the visible archive; the charts are drawn by
``site.pages.stats``.

The charts are drawn at build time: this module computes the geometry (rectangles, ticks, labels) and
the template ``stats.md.j2`` writes them out as inline SVG, so the page loads nothing and runs no
script. Every figure is also in a table next to its chart.

Definitions (also stated on the page):
- meetings per month and kind: meetings that took place (已召开, 已办结), by the month of their date;
- an action is opened in the month of its meeting, and closed (已办结) on its ``closed_on`` (销号) date,
  or, when that is not written, on the date of its last update (``domain.ledger.closing_date``); a done
  action with neither has no known closing date and is left out of the closing figures;
- on time: closed on or before its due date; days to close: from the meeting to the closing date;
- overdue per unit: open actions past due on the as-of date and not carried forward.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from ..core.enums import ActionStatus
from .ledger import closing_date
from .archive import ActionView, Archive

Month = tuple[int, int]


def month_of(day: date) -> Month:
    return (day.year, day.month)


def month_label(m: Month) -> str:
    return f"{m[0]}年{m[1]}月"


def month_range(months: list[Month]) -> list[Month]:
    """Every month from the first to the last given, none skipped."""
    if not months:
        return []
    (y, mo), last = min(months), max(months)
    out = []
    while (y, mo) <= last:
        out.append((y, mo))
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return out


@dataclass
class Figures:
    kinds: list[str]
    meeting_months: list[Month]
    meetings: dict[Month, Counter]  # month → kind → count
    action_months: list[Month]
    opened: Counter  # month → count
    closed: Counter  # month → count
    done: int  # actions done
    done_dated: int  # of which with a closing date
    on_time: int
    days_to_close: list[int] = field(default_factory=list)
    overdue_by_unit: list[tuple[str, int]] = field(default_factory=list)
    open_by_unit: dict[str, int] = field(default_factory=dict)

    @property
    def late(self) -> int:
        return self.done_dated - self.on_time

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.done_dated if self.done_dated else None

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days_to_close) if self.days_to_close else None

    @property
    def meetings_total(self) -> int:
        return sum(sum(c.values()) for c in self.meetings.values())


def figures(archive: Archive) -> Figures:
    held = [d for d in archive.visible if d.fm.status.took_place]  # type: ignore[union-attr]
    meetings: dict[Month, Counter] = defaultdict(Counter)
    for d in held:
        meetings[month_of(d.fm.date)][d.fm.kind] += 1  # type: ignore[union-attr]
    configured = {k: i for i, k in enumerate(archive.settings.kinds)}
    kinds = sorted({d.fm.kind for d in held}, key=lambda k: (configured.get(k, len(configured)), k))  # type: ignore[union-attr]

    opened: Counter = Counter()
    closed: Counter = Counter()
    done = done_dated = on_time = 0
    days: list[int] = []
    overdue: Counter = Counter()
    open_units: Counter = Counter()
    for v in archive.all_actions():
        a = v.action
        opened[month_of(v.dossier.fm.date)] += 1  # type: ignore[union-attr]
        if a.status == ActionStatus.DONE:
            done += 1
            when = closing_date(v)
            if when is not None:
                done_dated += 1
                closed[month_of(when)] += 1
                on_time += when <= a.due
                days.append((when - v.dossier.fm.date).days)  # type: ignore[union-attr]
        if v.overdue:
            overdue[a.unit] += 1
        if a.status.is_open and not v.carried_forward:
            open_units[a.unit] += 1
    return Figures(
        kinds=kinds,
        meeting_months=month_range(list(meetings)),
        meetings=dict(meetings),
        # A closing date after the as-of date (a mistyped update) is counted, but draws no empty years.
        action_months=month_range(list(opened) + [m for m in closed if m <= month_of(archive.as_of)]),
        opened=opened,
        closed=closed,
        done=done,
        done_dated=done_dated,
        on_time=on_time,
        days_to_close=sorted(days),
        overdue_by_unit=sorted(overdue.items(), key=lambda kv: (-kv[1], kv[0])),
        open_by_unit=dict(open_units),
    )
