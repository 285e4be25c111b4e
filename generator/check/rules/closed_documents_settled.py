"""状态为“已办结”的会议，会议文件须处置完毕、手续完备：清退的 returned 等于 copies 并写明清退日期
returned_on，销毁的 destroyed 等于 copies 并写明销毁日期 destroyed_on，归档的写明卷号 archive_ref。"""

from __future__ import annotations

from ...core.enums import Disposition, Status

ID = "closed-documents-settled"
SEVERITY = "error"
WHEN = "static"


def check(d, e, facts) -> None:
    if d.fm.status != Status.CLOSED:
        return
    for i, doc in enumerate(d.fm.documents):
        disp, p = doc.disposition, ("documents", i)
        if disp is None:
            continue
        if disp in (Disposition.RECALL, Disposition.DESTROY) and doc.copies is None:
            e.report(p + ("copies",), "copies_missing", at=p + ("disposition",), disposition=disp.zh,
                     disposition_en=disp.value)
        elif disp == Disposition.RECALL and (doc.returned or 0) != doc.copies:
            at = p + ("returned",) if doc.returned is not None else p + ("disposition",)
            e.report(p + ("returned",), "recall_unsettled", at=at, copies=doc.copies, returned=doc.returned or 0)
        elif disp == Disposition.DESTROY and (doc.destroyed or 0) != doc.copies:
            at = p + ("destroyed",) if doc.destroyed is not None else p + ("disposition",)
            e.report(p + ("destroyed",), "destroy_unsettled", at=at, copies=doc.copies, destroyed=doc.destroyed or 0)
        elif disp == Disposition.RECALL and doc.returned_on is None:
            e.report(p + ("returned_on",), "recall_no_date", at=p + ("returned",))
        elif disp == Disposition.DESTROY and doc.destroyed_on is None:
            e.report(p + ("destroyed_on",), "destroy_no_date", at=p + ("destroyed",))
        elif disp == Disposition.ARCHIVE and not doc.archive_ref:
            e.report(p + ("archive_ref",), "archive_unsettled", at=p + ("disposition",))
