"""同一档案内，会议文件 documents、议定事项 decisions、督办事项 actions 的编号 id 各不重复。"""

from __future__ import annotations

from ...core.diagnostics import field_path
from ...core.messages import Q

ID = "duplicate-id"
SEVERITY = "error"
WHEN = "static"


def check(d, e, facts) -> None:
    fm = d.fm
    for section, items in (("documents", fm.documents), ("decisions", fm.decisions), ("actions", fm.actions)):
        first: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in first:
                e.report((section, i, "id"), "duplicate_id", value=Q(item.id), first=field_path((section, first[item.id])))
            else:
                first[item.id] = i
