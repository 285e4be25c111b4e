"""The statistics page (``/stats/``): the figures of ``domain.stats`` as SVG charts with tables beside.

The charts are drawn at build time: this module computes the geometry (rectangles, ticks, labels) and
the template ``stats.md.j2`` writes them out as inline SVG, so the page loads nothing and runs no
script. Every figure is also in a table next to its chart.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ...domain.archive import Archive
from ...domain.stats import Figures, Month, figures, month_label
from ..render import ctx, render

PALETTE = ["#c62828", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037", "#9e9d24", "#ad1457", "#455a64"]
OPENED_COLOR, CLOSED_COLOR = "#1565c0", "#2e7d32"
ON_TIME_COLOR, LATE_COLOR = "#2e7d32", "#c62828"

# ---------------------------------------------------------------------------------------------------
# Chart geometry (the template draws it)


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    title: str


@dataclass
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"
    rotate: float = 0


@dataclass
class Tick:
    y: float  # or x for horizontal charts
    label: str


@dataclass
class Chart:
    title: str
    width: float
    height: float
    plot: tuple[float, float, float, float]  # x0, y0, x1, y1 of the plot area
    rects: list[Rect] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    horizontal: bool = False
    legend: list[tuple[str, str]] = field(default_factory=list)  # (color, name)


def nice_top(value: float, max_ticks: int = 5) -> tuple[int, int]:
    """An axis top at or above ``value`` and its tick step (1, 2, 5 × 10^n)."""
    value = max(value, 1)
    for exp in range(0, 12):
        for base in (1, 2, 5):
            step = base * 10**exp
            if math.ceil(value / step) <= max_ticks:
                return int(math.ceil(value / step) * step), step
    return int(value), int(value)  # pragma: no cover


def bar_chart(title: str, categories: list[str], series: list[tuple[str, str, list[float]]], *,
              stacked: bool, unit: str = "") -> Chart:
    """Vertical bars: one slot per category; ``series`` are (name, color, values per category)."""
    left, right, top, bottom = 40.0, 10.0, 10.0, 62.0
    slot = 34.0 if stacked or len(series) == 1 else 16.0 * len(series) + 14.0
    plot_w = max(slot * len(categories), 200.0)
    plot_h = 180.0
    width, height = left + plot_w + right, top + plot_h + bottom
    totals = [sum(s[2][i] for s in series) if stacked else max((s[2][i] for s in series), default=0) for i in range(len(categories))]
    axis_top, step = nice_top(max(totals, default=0))
    scale = plot_h / axis_top
    chart = Chart(title, width, height, (left, top, left + plot_w, top + plot_h))
    chart.ticks = [Tick(top + plot_h - v * scale, str(v)) for v in range(0, axis_top + 1, step)]
    slot = plot_w / max(len(categories), 1)
    for i, cat in enumerate(categories):
        x0 = left + i * slot
        if stacked:
            bar_w = slot * 0.7
            y = top + plot_h
            for name, color, values in series:
                v = values[i]
                if v:
                    h = v * scale
                    y -= h
                    chart.rects.append(Rect(x0 + (slot - bar_w) / 2, y, bar_w, h, color, f"{cat} {name}：{_num(v)}{unit}"))
        else:
            bar_w = slot * 0.8 / len(series)
            for j, (name, color, values) in enumerate(series):
                v = values[i]
                if v:
                    h = v * scale
                    chart.rects.append(Rect(x0 + slot * 0.1 + j * bar_w, top + plot_h - h, bar_w, h, color, f"{cat} {name}：{_num(v)}{unit}"))
        chart.labels.append(Label(x0 + slot / 2, top + plot_h + 12, cat, anchor="end", rotate=-45))
    chart.legend = [(color, name) for name, color, _ in series]
    return chart


def hbar_chart(title: str, rows: list[tuple[str, float]], color: str, unit: str = "") -> Chart:
    """Horizontal bars, one row per category (long Chinese unit names read best this way)."""
    left, right, top, bottom = 150.0, 40.0, 10.0, 24.0
    row_h = 24.0
    plot_w = 400.0
    plot_h = max(row_h * len(rows), row_h)
    width, height = left + plot_w + right, top + plot_h + bottom
    axis_top, step = nice_top(max((v for _, v in rows), default=0))
    scale = plot_w / axis_top
    chart = Chart(title, width, height, (left, top, left + plot_w, top + plot_h), horizontal=True)
    chart.ticks = [Tick(left + v * scale, str(v)) for v in range(0, axis_top + 1, step)]
    for i, (name, v) in enumerate(rows):
        y = top + i * row_h
        chart.rects.append(Rect(left, y + 4, v * scale, row_h - 8, color, f"{name}：{_num(v)}{unit}"))
        chart.labels.append(Label(left - 6, y + row_h / 2 + 4, name, anchor="end"))
        chart.labels.append(Label(left + v * scale + 4, y + row_h / 2 + 4, _num(v), anchor="start"))
    return chart


def share_chart(title: str, parts: list[tuple[str, str, int]]) -> Chart:
    """One 100 % bar split into parts (name, color, count)."""
    left, width_plot, top, bar_h = 10.0, 560.0, 10.0, 28.0
    total = sum(p[2] for p in parts)
    chart = Chart(title, left * 2 + width_plot, top + bar_h + 30, (left, top, left + width_plot, top + bar_h), horizontal=True)
    x = left
    placed: list[tuple[float, float]] = []  # the labels' left and right ends, to keep them apart
    for name, color, n in parts:
        if not n:
            continue
        w = width_plot * n / total
        pct = f"{n / total * 100:.0f}%"
        text = f"{name} {n}（{pct}）"
        chart.rects.append(Rect(x, top, w, bar_h, color, f"{name}：{n}（{pct}）"))
        # Under its part, but whole inside the chart and clear of the label before it (a small part at
        # either end would otherwise have its label cut off at the edge).
        half = text_width(text) / 2
        centre = min(max(x + w / 2, half + 1), chart.width - half - 1)
        if placed and centre - half < placed[-1][1] + 6:
            centre = min(placed[-1][1] + 6 + half, chart.width - half - 1)
        placed.append((centre - half, centre + half))
        chart.labels.append(Label(centre, top + bar_h + 18, text))
        x += w
    chart.legend = [(color, name) for name, color, _ in parts]
    return chart


def text_width(text: str, size: float = 11) -> float:
    """About how wide ``text`` is drawn at ``size`` px: a Chinese character (or full-width sign) a whole
    em, anything else about half of one."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.55 for ch in text)


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"


# ---------------------------------------------------------------------------------------------------
# The page


CHART_MONTHS = 24  # a monthly chart shows the most recent months only; the tables list every month


def _recent(months: list[Month]) -> tuple[list[Month], str]:
    shown = months[-CHART_MONTHS:]
    return shown, (f"（最近 {CHART_MONTHS} 个月）" if len(shown) < len(months) else "")


def charts(f: Figures) -> dict[str, Chart | None]:
    meetings = None
    if f.meeting_months:
        shown, note = _recent(f.meeting_months)
        meetings = bar_chart(
            f"每月召开会议次数（按会议类型）{note}", [month_label(m) for m in shown],
            [(k, PALETTE[i % len(PALETTE)], [f.meetings.get(m, Counter())[k] for m in shown]) for i, k in enumerate(f.kinds)],
            stacked=True, unit=" 次",
        )
    actions = None
    if f.action_months:
        shown, note = _recent(f.action_months)
        actions = bar_chart(
            f"每月新增与办结的督办事项{note}", [month_label(m) for m in shown],
            [("新增", OPENED_COLOR, [f.opened[m] for m in shown]),
             ("办结", CLOSED_COLOR, [f.closed[m] for m in shown])],
            stacked=False, unit=" 项",
        )
    on_time = None
    if f.done_dated:
        on_time = share_chart("按期办结比例", [("按期", ON_TIME_COLOR, f.on_time), ("超期", LATE_COLOR, f.late)])
    overdue = hbar_chart("各单位逾期督办事项", f.overdue_by_unit, LATE_COLOR, unit=" 项") if f.overdue_by_unit else None
    return {"meetings": meetings, "actions": actions, "on_time": on_time, "overdue": overdue}


def stats_page(archive: Archive) -> dict[str, str]:
    f = figures(archive)
    return {
        "stats/index.md": render(
            "stats.md.j2", f=f, charts=charts(f), month_label=month_label, **ctx(archive, "stats/"),
        )
    }
