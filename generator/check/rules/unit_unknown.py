"""承办单位（organizer）和督办事项的责任单位（actions[].unit，以及配合单位 co_units）必须是本站配置的单位名单
（mkdocs.yml 中的 units）里的规范全称，写错时提示最接近的一个。写错的单位会另成一个单位页面和台账分表，真正
的单位反而漏掉这项任务，所以默认是错误；没有配置单位名单时不检查。参会人员的单位见 attendee-unit-unknown。"""

from __future__ import annotations

from ...core.messages import Msg, Q
from ...source.errors import closest

ID = "unit-unknown"
SEVERITY = "error"
WHEN = "static"


def places(fm) -> list[tuple[tuple, str]]:
    """The units the ledger and the pages are grouped by: the organizer, each action's lead and supporting units."""
    out: list[tuple[tuple, str]] = []
    if fm.organizer:
        out.append((("organizer",), fm.organizer))
    for i, a in enumerate(fm.actions):
        out.append((("actions", i, "unit"), a.unit))
        out += [(("actions", i, "co_units", j), u) for j, u in enumerate(getattr(a, "co_units", []))]
    return out


def report_unknown(e, units: list[str], found: list[tuple[tuple, str]]) -> None:
    known = set(units)
    for path, unit in found:
        if unit not in known:
            hit = closest(unit, units, cutoff=0.6)
            hint = Msg("unit_hint", suggest=Q(hit)) if hit else Msg("unit_nohint")
            e.report(path, "unit_unknown", value=Q(unit), hint=hint)


def check(d, e, facts) -> None:
    if facts.settings.units:
        report_unknown(e, facts.settings.units, places(d.fm))
