"""档案编号（文件名，文件夹形式则是文件夹名）全库唯一；只差看不见的字符、全角半角或大小写的两个编号也算重复。"""

from __future__ import annotations

from collections import defaultdict

from ...core import chars
from ...core.diagnostics import display_path
from ...core.messages import Q

ID = "duplicate-dossier"
SEVERITY = "error"
WHEN = "archive"


def check(dossiers, universe, emitter) -> None:
    folded = defaultdict(list)
    for same in universe.values():
        for d in same:
            folded[chars.fold(d.id)].append(d)
    for d in dossiers:
        e = emitter(d)
        for other in universe.get(d.id, []):
            if other.path != d.path:
                e.add(1, 1, "duplicate_dossier", refs=(str(other.path),), value=Q(d.id), this=display_path(d.path),
                      other=display_path(other.path))
        for other in folded.get(chars.fold(d.id), []):
            if other.id != d.id:
                e.add(1, 1, "duplicate_dossier_folded", refs=(str(other.path),), value=Q(d.id), other=Q(other.id),
                      path=display_path(other.path))
