"""配合单位 co_units 列出牵头单位 unit 以外、协助办理的单位，每个单位写一次：重复的、与牵头单位相同的会让
这个单位的页面、Excel 工作表和催办通知单把同一事项算两次。"""

from __future__ import annotations

ID = "co-units"
SEVERITY = "warning"
WHEN = "static"


def check(d, e, facts) -> None:
    for i, a in enumerate(d.fm.actions):
        seen: set[str] = set()
        for j, unit in enumerate(a.co_units):
            if unit == a.unit:
                e.report(("actions", i, "co_units", j), "co_unit_is_lead", unit=unit)
            elif unit in seen:
                e.report(("actions", i, "co_units", j), "co_unit_twice", unit=unit)
            seen.add(unit)
