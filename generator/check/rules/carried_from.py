"""结转 carried_from 写成 <档案编号>#<督办编号>，须指向另一份、不晚于本次的会议中存在的督办事项；结转关系不能绕成一个圈。"""

from __future__ import annotations

from ...core.messages import Msg, Q
from . import facts_of

ID = "carried-from"
SEVERITY = "error"
WHEN = "archive"


def _cycle(start: str, dossier: str, action: str, universe) -> list[str]:
    """The chain of carried_from from ``dossier#action`` back to a meeting already on it, if it loops."""
    seen = [start]
    key = (dossier, action)
    while len(seen) < 1000:
        if key[0] in seen:
            return seen + [key[0]] if key[0] == start else []
        seen.append(key[0])
        targets = universe.get(key[0])
        if not targets or not targets[0].ok:
            return []
        target = targets[0]
        ref = next((c for i, c in target.carried_refs() if target.action_ids()[i] == key[1]), None)
        if ref is None:
            return []
        key = tuple(ref.split("#", 1))
    return []


def check(dossiers, universe, emitter) -> None:
    for d in dossiers:
        if not d.ok:
            continue
        e = emitter(d)
        for i, carried_from in d.carried_refs():
            path = ("actions", i, "carried_from")
            ref_dossier, ref_action = carried_from.split("#", 1)
            if ref_dossier == d.id:
                e.report(path, "carried_self", value=Q(carried_from))
                continue
            targets = universe.get(ref_dossier)
            if not targets:
                e.report(path, "carried_no_dossier", dossier=Q(ref_dossier))
                continue
            target = targets[0]
            if not target.ok:
                continue  # its own errors are reported; no guessing about its actions
            ids = target.action_ids()
            refs = (str(target.path),)
            if ref_action not in ids:
                choices = Msg("action_choices", ids=ids) if ids else Msg("action_none")
                e.report(path, "carried_no_action", refs=refs, dossier=Q(ref_dossier), action=Q(ref_action),
                         choices=choices)
                continue
            date, here = facts_of(target).date, facts_of(d).date  # both loaded (ok)
            if date > here:
                e.report(path, "carried_from_later", refs=refs, value=Q(carried_from), date=date, here=here)
                continue
            cycle = _cycle(d.id, ref_dossier, ref_action, universe)
            if cycle:
                chain_refs = tuple(str(universe[i][0].path) for i in cycle if universe.get(i))
                e.report(path, "carried_cycle", refs=chain_refs, value=Q(carried_from), chain=" → ".join(cycle))
