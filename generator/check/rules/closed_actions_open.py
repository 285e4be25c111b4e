"""状态为“已办结”（闭环）的会议，督办事项都应已办结、取消或结转：仍有未启动、推进中、又没有被以后的会议结转
（carried_from）的事项时提示；要么继续督办（把会议状态改回“已召开”），要么在以后的会议中结转。"""

from __future__ import annotations

from ...core.enums import Status
from . import facts_of

ID = "closed-actions-open"
SEVERITY = "warning"
WHEN = "archive"


def check(dossiers, universe, emitter) -> None:
    # What each dossier carries, its status and its open actions, as the check's cache keeps them: no
    # cached dossier's front matter is read here.
    carried = {ref for same in universe.values() for d in same for _, ref in d.carried_refs()}
    for d in dossiers:
        facts = facts_of(d)
        if facts is None or facts.status != Status.CLOSED:
            continue
        ids = d.action_ids()
        for i, status in facts.open_actions:
            if f"{d.id}#{ids[i]}" not in carried:
                emitter(d).report(("actions", i, "status"), "closed_action_open", status=status.zh,
                                  status_en=status.value)
