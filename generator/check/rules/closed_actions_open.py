"""状态为“已办结”（闭环）的会议，督办事项都应已办结、取消或结转：仍有未启动、推进中、又没有被以后的会议结转
（carried_from）的事项时提示；要么继续督办（把会议状态改回“已召开”），要么在以后的会议中结转。"""

from __future__ import annotations

from ...core.enums import Status

ID = "closed-actions-open"
SEVERITY = "warning"
WHEN = "archive"


def check(dossiers, universe, emitter) -> None:
    carried = {
        a.carried_from for same in universe.values() for d in same if d.fm is not None
        for a in d.fm.actions if a.carried_from
    }
    for d in dossiers:
        if d.fm is None or d.fm.status != Status.CLOSED:
            continue
        for i, a in enumerate(d.fm.actions):
            if a.status.is_open and f"{d.id}#{a.id}" not in carried:
                emitter(d).report(("actions", i, "status"), "closed_action_open", status=a.status.zh,
                                  status_en=a.status.value)
