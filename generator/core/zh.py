"""Chinese conventions for what pages and exports print: dates as 2024年4月15日, weekdays, numerals."""

from __future__ import annotations

from datetime import date

WEEKDAYS = "一二三四五六日"
NUMERALS = "一二三四五六七八九十"


def zh_date(value: date | None) -> str:
    """2024年4月15日"""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def zh_month(value: date) -> str:
    return f"{value.year}年{value.month}月"


def zh_weekday(day: date) -> str:
    return f"星期{WEEKDAYS[day.weekday()]}"
