"""会议类型 kind 须是本站配置的会议类型之一（mkdocs.yml 中的 kinds），写错时提示最接近的一个。"""

from __future__ import annotations

from ...core.messages import Msg, Q
from ...source.errors import closest

ID = "kind-unknown"
SEVERITY = "error"
WHEN = "static"


def check(d, e, facts) -> None:
    kinds = facts.settings.kinds
    if d.fm.kind not in kinds:
        hit = closest(d.fm.kind, kinds, cutoff=0.3)
        e.report(("kind",), "kind_unknown", value=Q(d.fm.kind), hint=Msg("enum_hint", suggest=Q(hit)) if hit else "",
                 choices=kinds)
