"""参会人员的单位（attendees[].unit）应是本站配置的单位名单中的规范全称，写错时提示最接近的一个。参会人员
可能来自名单以外的单位（如上级部门、特邀代表），所以默认只是警告；没有配置单位名单时不检查。"""

from __future__ import annotations

from .unit_unknown import report_unknown

ID = "attendee-unit-unknown"
SEVERITY = "warning"
WHEN = "static"


def check(d, e, facts) -> None:
    if facts.settings.units:
        report_unknown(e, facts.settings.units, [(("attendees", i, "unit"), a.unit) for i, a in enumerate(d.fm.attendees)])
