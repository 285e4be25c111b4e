"""会议文件的密级不得高于档案密级：档案按其中密级最高的内容定级。"""

from __future__ import annotations

ID = "document-above-dossier"
SEVERITY = "error"
WHEN = "static"


def check(d, e, facts) -> None:
    for i, doc in enumerate(d.fm.documents):
        if doc.classification is not None and doc.classification > d.fm.classification:
            e.report(("documents", i, "classification"), "document_above_dossier", doc=doc.classification,
                     dossier=d.fm.classification)
