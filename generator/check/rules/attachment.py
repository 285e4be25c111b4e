"""附件 documents[].file 须在档案自己的文件夹内（只有 <编号>/index.md 形式的档案才有自己的文件夹）、文件存在、
不是档案本身、类型可以发布（不能是网页、SVG、脚本、Markdown），且不超过 max_attachment_mb。"""

from __future__ import annotations

from pathlib import PurePosixPath

from ...core.messages import Q
from ...source import attachments

ID = "attachment"
SEVERITY = "error"
WHEN = "static"

CODES = {
    "absolute": "file_absolute", "outside": "file_outside", "flat": "file_flat_dossier",
    "own_source": "file_own_source", "type": "attachment_type", "missing": "file_missing",
    "too_large": "attachment_too_large",
}


def check(d, e, facts) -> None:
    limit = facts.settings.max_attachment_mb
    for i, doc in enumerate(d.fm.documents):
        if doc.file is None:
            continue
        named = attachments.judge(d, doc.file, published=True, limit_mb=limit, deps=d.deps)
        if named.problem is None:
            continue
        args = {"value": Q(doc.file)}
        if named.problem == "flat":
            args.update(id=d.id)
        elif named.problem == "type":
            args.update(ext="".join(PurePosixPath(named.rel).suffixes) or "（无扩展名）")
        elif named.problem == "too_large":
            args.update(size=f"{named.size / 1024 / 1024:.1f} MB", limit=f"{limit:g} MB")
        e.report(("documents", i, "file"), CODES[named.problem], **args)
