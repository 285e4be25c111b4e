"""The statistics page: every figure checked against a small archive counted by hand."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from generator.check import run as checking
from generator.domain.archive import Archive
from generator.domain.stats import Figures, figures, month_range
from generator.site.pages.stats import CHART_MONTHS, bar_chart, charts, nice_top, stats_page

from .conftest import dossier_text

# as_of is 2024-06-01 (the settings fixture).
M1 = """\
actions:
  - id: A1
    task: 一月按期办结
    unit: 县政府办公室
    due: 2024-01-31
    status: 已办结
    updates: [{date: 2024-01-15, note: 进展}, {date: 2024-01-20, note: 办结}]
  - id: A2
    task: 二月超期办结
    unit: 县财政局
    due: 2024-02-15
    status: 已办结
    updates: [{date: 2024-02-01, note: 进展}, {date: 2024-02-20, note: 办结}]
  - {id: A3, task: 逾期未办, unit: 县财政局, due: 2024-03-01}
"""
M2 = """\
actions:
  - {id: A1, task: 办结但无反馈, unit: 县水利局, due: 2024-03-31, status: 已办结}
  - {id: A2, task: 推进中已逾期, unit: 县水利局, due: 2024-05-01, status: 推进中}
  - {id: A3, task: 已取消, unit: 县水利局, due: 2024-05-01, status: 已取消}
"""
M3 = """\
actions:
  - id: A1
    task: 三月按期办结
    unit: 县政府办公室
    due: 2024-04-30
    status: 已办结
    updates: [{date: 2024-03-20, note: 办结}]
  - {id: A2, task: 未到期, unit: 县教育局, due: 2024-07-01}
"""
SECRET = """\
actions:
  - id: A1
    task: 秘密会议的事项
    unit: 县政府办公室
    due: 2024-02-28
    status: 已办结
    updates: [{date: 2024-04-01, note: 办结}]
  - {id: A2, task: 秘密逾期, unit: 县政府办公室, due: 2024-02-28}
"""


@pytest.fixture
def arc(settings, write) -> Archive:
    settings.kinds = ["常务会议", "专题会议"]
    write("2024/m1.md", dossier_text(M1, date="2024-01-10"))
    write("2024/m2.md", dossier_text(M2, date="2024-01-25", kind="专题会议", status="已办结"))
    write("2024/m3.md", dossier_text(M3, date="2024-03-05"))
    write("2024/m4.md", dossier_text(date="2024-06-20", status="筹备"))  # not held: not counted
    write("2024/m5.md", dossier_text(SECRET, date="2024-02-10", classification="秘密"))  # above the audience
    result = checking.check(settings)
    assert result.errors == 0, [str(d) for d in result.diagnostics]
    return Archive(result.dossiers, settings)


def test_figures_match_the_hand_count(arc: Archive) -> None:
    f = figures(arc)
    assert f.kinds == ["常务会议", "专题会议"]
    assert f.meeting_months == [(2024, 1), (2024, 2), (2024, 3)]
    assert f.meetings == {(2024, 1): Counter({"常务会议": 1, "专题会议": 1}), (2024, 3): Counter({"常务会议": 1})}
    assert f.meetings_total == 3
    assert f.action_months == [(2024, 1), (2024, 2), (2024, 3)]
    assert dict(f.opened) == {(2024, 1): 6, (2024, 3): 2}
    assert dict(f.closed) == {(2024, 1): 1, (2024, 2): 1, (2024, 3): 1}
    assert (f.done, f.done_dated, f.on_time, f.late) == (4, 3, 2, 1)
    assert f.on_time_share == pytest.approx(2 / 3)
    assert f.days_to_close == [10, 15, 41]  # 01-10→01-20, 03-05→03-20, 01-10→02-20
    assert f.median_days == 15
    assert dict(f.overdue_by_unit) == {"县财政局": 1, "县水利局": 1}
    assert f.open_by_unit == {"县财政局": 1, "县水利局": 1, "县教育局": 1}


def test_the_secret_meeting_counts_for_a_secret_audience(settings, arc: Archive) -> None:
    from generator.core.enums import Classification

    settings.audience = Classification.SECRET
    f = figures(Archive(arc.all, settings))
    assert f.meetings[(2024, 2)] == Counter({"常务会议": 1}) and f.meetings_total == 4
    assert (f.done, f.done_dated, f.on_time) == (5, 4, 2)  # 02-10→04-01 closed after its due date
    assert f.median_days == pytest.approx((15 + 41) / 2)
    assert dict(f.overdue_by_unit) == {"县财政局": 1, "县水利局": 1, "县政府办公室": 1}


def test_page_has_charts_and_tables_with_the_same_numbers(arc: Archive) -> None:
    page = stats_page(arc)["stats/index.md"]
    assert page.startswith("---\ntitle: 统计\n")
    assert page.count("<svg ") == 4  # meetings, actions, on-time share, overdue per unit
    # Nothing loads from outside: the only URL is the SVG namespace name, which is never fetched.
    assert set(re.findall(r"https?://[^\s\"']+", page)) == {"http://www.w3.org/2000/svg"}
    assert "<script" not in page
    # Bars carry their numbers as tooltips; the tables carry them as text.
    assert "<title>2024年1月 常务会议：1 次</title>" in page and "<title>2024年1月 专题会议：1 次</title>" in page
    assert "<title>2024年1月 新增：6 项</title>" in page and "<title>2024年2月 办结：1 项</title>" in page
    assert "<tr><td>2024年1月</td><td>1</td><td>1</td><td>2</td></tr>" in page
    assert "<tr><td>2024年2月</td>" not in page.split("ma-stat-meetings")[1].split("</table>")[0]  # zero month left out
    assert "<tr><td>2024年1月</td><td>6</td><td>1</td></tr>" in page
    assert '<td class="ma-stat-share">66.7%</td>' in page
    assert '<td class="ma-stat-median">15 天</td>' in page
    assert "秘密会议的事项" not in page and "秘密逾期" not in page


def test_empty_archive_has_a_page_without_charts(settings) -> None:
    page = stats_page(Archive([], settings))["stats/index.md"]
    assert "<svg" not in page and "还没有已召开的会议" in page and "没有逾期的督办事项" in page


def test_chart_geometry() -> None:
    assert nice_top(0) == (1, 1) and nice_top(2) == (2, 1) and nice_top(7) == (8, 2) and nice_top(23) == (25, 5)
    assert month_range([(2024, 11), (2025, 2)]) == [(2024, 11), (2024, 12), (2025, 1), (2025, 2)]
    chart = bar_chart("t", ["a", "b"], [("x", "#000", [1, 0]), ("y", "#111", [1, 2])], stacked=True)
    x0, y0, x1, y1 = chart.plot
    # Stacked bars: a = 1 + 1, b = 2; the axis tops at 2, so each full bar is the plot's full height.
    heights = {r.title: r.h for r in chart.rects}
    assert heights == {"a x：1": pytest.approx((y1 - y0) / 2), "a y：1": pytest.approx((y1 - y0) / 2), "b y：2": pytest.approx(y1 - y0)}
    assert all(y0 - 1e-6 <= r.y and r.y + r.h <= y1 + 1e-6 for r in chart.rects)
    assert [t.label for t in chart.ticks] == ["0", "1", "2"]


def test_monthly_charts_show_the_last_months_only() -> None:
    months = month_range([(2020, 1), (2024, 12)])
    f = Figures(kinds=["常务会议"], meeting_months=months, meetings={m: Counter({"常务会议": 1}) for m in months},
                action_months=months, opened=Counter({m: 1 for m in months}), closed=Counter(), done=0, done_dated=0, on_time=0)
    c = charts(f)
    assert len(c["meetings"].labels) == CHART_MONTHS == len(c["actions"].labels)
    assert c["meetings"].labels[0].text == "2023年1月" and c["meetings"].labels[-1].text == "2024年12月"
    assert "（最近 24 个月）" in c["meetings"].title


def test_a_small_share_keeps_its_whole_label_inside_the_chart() -> None:
    """超期 1 of 24 sits at the right end: its label is moved in, not cut off by the chart's edge."""
    from generator.site.pages.stats import share_chart, text_width  # noqa: PLC0415

    chart = share_chart("按期办结比例", [("按期", "#2e7d32", 23), ("超期", "#c62828", 1)])
    spans = [(lab.x - text_width(lab.text) / 2, lab.x + text_width(lab.text) / 2) for lab in chart.labels]
    assert all(0 <= a and b <= chart.width for a, b in spans), (chart.width, spans)
    assert spans[0][1] < spans[1][0]  # the two labels do not overlap
    chart = share_chart("按期办结比例", [("按期", "#2e7d32", 1), ("超期", "#c62828", 30)])
    spans = [(lab.x - text_width(lab.text) / 2, lab.x + text_width(lab.text) / 2) for lab in chart.labels]
    assert all(0 <= a and b <= chart.width for a, b in spans) and spans[0][1] < spans[1][0]
