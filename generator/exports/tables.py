"""Machine-readable exports of the archive, from the same views as the pages, honouring the audience."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..domain.archive import ActionView, Archive
from ..source.loader import Dossier
from ..domain import documents
from ..domain.addresses import meeting_url
from ..domain.ledger import ledger


def action_record(view: ActionView, archive: Archive) -> dict[str, Any]:
    a = view.action
    visible_to = [str(k) for k in view.carried_to if k.dossier in archive.visible_ids]
    carried_from = a.carried_from
    if carried_from and carried_from.split("#", 1)[0] not in archive.visible_ids:
        carried_from = None  # the source meeting is withheld from this build
    return {
        "id": a.id,
        "task": a.task,
        "unit": a.unit,
        "owner": a.owner,
        "due": a.due.isoformat(),
        "status": a.status.value,
        "overdue": view.overdue,
        "carried_forward": view.carried_forward,
        "carried_from": carried_from,
        "carried_to": visible_to,
        "decision": a.decision,
        "updates": [{"date": u.date.isoformat(), "note": u.note} for u in a.updates],
    }


def meeting_record(d: Dossier, archive: Archive) -> dict[str, Any]:
    fm = d.fm
    assert fm is not None
    return {
        "id": d.id,
        "title": fm.title,
        "kind": fm.kind,
        "date": fm.date.isoformat(),
        "start": fm.start,
        "end": fm.end,
        "venue": fm.venue,
        "organizer": fm.organizer,
        "status": fm.status.value,
        "classification": fm.classification.value,
        "tags": fm.tags,
        "url": meeting_url(d),
        "attendees": [
            {"name": a.name, "unit": a.unit, "role": a.role.value, "rsvp": a.rsvp.value,
             "substitute": a.substitute, "signed_in": a.signed_in}
            for a in fm.attendees
        ],
        "decisions": [{"id": x.id, "text": x.text} for x in fm.decisions],
        "actions": [action_record(v, archive) for v in archive.actions(d)],
        "documents": [document_record(doc, d, archive) for doc in fm.documents],
        "lessons": [
            {"category": x.category, "type": x.type.value if x.type else None, "text": x.text} for x in fm.lessons
        ],
    }


def document_record(doc, d: Dossier, archive: Archive) -> dict[str, Any]:
    if not documents.visible(archive, doc, d):
        return {"id": doc.id, "withheld": True}
    level = documents.level(doc, d)
    return {
        "id": doc.id,
        "title": doc.title,
        "classification": level.value,
        "copies": doc.copies,
        "disposition": doc.disposition.value if doc.disposition else None,
        "returned": doc.returned,
        "destroyed": doc.destroyed,
        "archive_ref": doc.archive_ref,
    }


def archive_json(archive: Archive) -> str:
    data = {
        "as_of": archive.as_of.isoformat(),
        "audience": archive.audience.value,
        "meetings": [meeting_record(d, archive) for d in archive.visible],
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run: text that starts like a formula (= + - @, a tab or a
    carriage return) gets a leading apostrophe, the usual defence against CSV injection."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_row(values: list[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


CSV_HEADER = ["会议", "会议日期", "会议编号", "督办编号", "督办事项", "责任单位", "责任人", "办理时限", "状态", "是否逾期", "已结转", "最新反馈"]


def actions_csv(archive: Archive) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in ledger(archive):  # the ledger's own order: overdue first, longest overdue first
        v, latest = row.view, row.latest
        a, fm = v.action, v.dossier.fm
        writer.writerow(csv_row([
            fm.title, fm.date.isoformat(), v.dossier.id, a.id, a.task, a.unit, a.owner or "", a.due.isoformat(),
            a.status.zh, "是" if v.overdue else "否", "是" if v.carried_forward else "否",
            f"{latest.date.isoformat()} {latest.note}" if latest else "",
        ]))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # the BOM tells Excel it is UTF-8


def build_exports(archive: Archive) -> dict[str, bytes | str]:
    return {
        "exports/archive.json": archive_json(archive),
        "exports/actions.csv": actions_csv(archive),
    }
