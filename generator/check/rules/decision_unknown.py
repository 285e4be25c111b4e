"""督办事项的 decision 须是本档案 decisions 中某一议定事项的编号。"""

from __future__ import annotations

from ...core.messages import Msg, Q

ID = "decision-unknown"
SEVERITY = "error"
WHEN = "static"


def check(d, e, facts) -> None:
    ids = [dec.id for dec in d.fm.decisions]
    for i, act in enumerate(d.fm.actions):
        if act.decision is not None and act.decision not in ids:
            choices = Msg("decision_choices", ids=ids) if ids else Msg("decision_none")
            e.report(("actions", i, "decision"), "decision_unknown", value=Q(act.decision), choices=choices)
