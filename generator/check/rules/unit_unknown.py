"""单位（organizer、attendees[].unit、actions[].unit）应是本站配置的单位名单中的规范全称（mkdocs.yml 中的
units），写错时提示最接近的一个；没有配置单位名单时不检查。"""

from __future__ import annotations

from ...core.messages import Msg, Q
from ...source.errors import closest

ID = "unit-unknown"
SEVERITY = "warning"
WHEN = "static"


def check(d, e, facts) -> None:
    units = facts.settings.units
    if not units:
        return
    fm, known = d.fm, set(units)
    places: list[tuple[tuple, str]] = []
    if fm.organizer:
        places.append((("organizer",), fm.organizer))
    places += [(("attendees", i, "unit"), a.unit) for i, a in enumerate(fm.attendees)]
    places += [(("actions", i, "unit"), a.unit) for i, a in enumerate(fm.actions)]
    for path, unit in places:
        if unit not in known:
            hit = closest(unit, units, cutoff=0.6)
            hint = Msg("unit_hint", suggest=Q(hit)) if hit else Msg("unit_nohint")
            e.report(path, "unit_unknown", value=Q(unit), hint=hint)
