"""The one definition of an exported action (a row of the follow-up ledger) and of an exported meeting.

``ACTION_COLUMNS`` is the record of an action: the site's ``actions.csv``, the terminal's CSV and JSON
(``python -m generator actions``), the actions inside ``archive.json`` and the sheets of ``actions.xlsx``
all have these columns, in this order. Each column gives its JSON key, its header in the tables, its
kind (how a workbook stores it) and its value: ``text`` for the tables, ``data`` for JSON (English
state words instead of Chinese labels, lists as lists). A reference to a meeting withheld from the
build is left out, so a record never names what the audience may not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from ..core.enums import ActionStatus, ReminderWay
from ..domain import documents
from ..domain.addresses import meeting_url
from ..domain.archive import Archive
from ..domain.ledger import STATE_LABELS, LedgerRow
from ..source.loader import Dossier


@dataclass(frozen=True)
class Column:
    key: str  # JSON
    header: str  # CSV and xlsx
    kind: str  # text · long (wrapped in the workbook) · date · number
    width: int  # in the workbook
    value: Callable[[LedgerRow, Archive], Any]  # for JSON: str, int, date (written ISO), list or None
    text: Callable[[Any], Any] | None = None  # for the tables, when it differs from the value


def _carried_from(row: LedgerRow, archive: Archive) -> str | None:
    ref = row.view.action.carried_from
    if ref and ref.split("#", 1)[0] in archive.visible_ids:
        return ref
    return None  # the source meeting is withheld from this build


def _carried_to(row: LedgerRow, archive: Archive) -> list[str]:
    return [str(k) for k in row.view.carried_to if k.dossier in archive.visible_ids]


def _joined(values: list[str]) -> str:
    return "、".join(values)


def _trail(row: LedgerRow, archive: Archive) -> list[dict[str, Any]]:
    """The feedback trail (办理过程): every update and every reminder (催办), oldest first."""
    out: list[dict[str, Any]] = []
    for day, what, e in row.trail:
        if what == "update":
            out.append({"date": day.isoformat(), "kind": "update", "note": e.note})
        else:
            out.append({"date": day.isoformat(), "kind": "reminder", "how": e.how.value,
                        "to": e.to or row.view.action.unit, "note": e.note})
    return out


def _trail_text(entries: list[dict[str, Any]]) -> str:
    """One dated line per entry: 2026-10-12 办理：… / 2026-11-05 催办（通知单，县住建局）：…"""
    lines = []
    for e in entries:
        if e["kind"] == "update":
            lines.append(f"{e['date']} {e['note']}")
        else:
            how = ReminderWay(e["how"]).zh
            lines.append(f"{e['date']} 催办（{how}，{e['to']}）" + (f"：{e['note']}" if e["note"] else ""))
    return "\n".join(lines)


ACTION_COLUMNS: list[Column] = [
    Column("state", "状态", "text", 8, lambda r, a: r.state, lambda v: STATE_LABELS[v]),
    Column("days_overdue", "逾期天数", "number", 9, lambda r, a: r.days_overdue if r.view.overdue else None),
    Column("due", "办理时限", "date", 12, lambda r, a: r.view.action.due),
    Column("unit", "责任单位", "text", 20, lambda r, a: r.view.action.unit),
    Column("co_units", "配合单位", "text", 20, lambda r, a: list(r.view.action.co_units), _joined),
    Column("owner", "责任人", "text", 10, lambda r, a: r.view.action.owner),
    Column("supervisor", "督办领导", "text", 10, lambda r, a: r.view.supervisor),
    Column("task", "督办事项", "long", 40, lambda r, a: r.view.action.task),
    Column("id", "督办编号", "text", 9, lambda r, a: r.view.action.id),
    Column("meeting_title", "会议", "long", 30, lambda r, a: r.view.dossier.fm.title),
    Column("meeting_date", "会议日期", "date", 12, lambda r, a: r.view.dossier.fm.date),
    Column("meeting", "会议编号", "text", 26, lambda r, a: r.view.dossier.id),
    Column("key", "编号键", "text", 30, lambda r, a: str(r.view.key)),
    Column("status", "办理状态", "text", 9, lambda r, a: r.view.action.status.value, lambda v: ActionStatus(v).zh),
    Column("closed_on", "办结日期", "date", 12, lambda r, a: r.view.action.closed_on),
    Column("approved_by", "销号审批人", "text", 10, lambda r, a: r.view.action.approved_by),
    Column("latest_date", "最新反馈日期", "date", 13, lambda r, a: r.latest.date if r.latest else None),
    Column("latest", "最新反馈", "long", 40, lambda r, a: r.latest.note if r.latest else None),
    Column("decision", "对应议定事项", "text", 12, lambda r, a: r.view.action.decision),
    Column("carried_from", "结转自", "text", 26, _carried_from),
    Column("carried_to", "结转至", "text", 26, _carried_to, _joined),
    Column("trail", "办理过程", "long", 60, _trail, _trail_text),
]


def action_data(row: LedgerRow, archive: Archive) -> dict[str, Any]:
    """The record for JSON: every column, by key, dates as ISO text."""
    out: dict[str, Any] = {}
    for c in ACTION_COLUMNS:
        v = c.value(row, archive)
        out[c.key] = v.isoformat() if isinstance(v, date) else v
    return out


def action_cells(row: LedgerRow, archive: Archive) -> list[Any]:
    """The record for a table: every column's value as the table shows it (dates stay dates)."""
    out = []
    for c in ACTION_COLUMNS:
        v = c.value(row, archive)
        out.append(c.text(v) if c.text is not None and v is not None else v)
    return out


def headers() -> list[str]:
    return [c.header for c in ACTION_COLUMNS]


def document_record(doc: Any, d: Dossier, archive: Archive) -> dict[str, Any]:
    if not documents.visible(archive, doc, d):
        return {"id": doc.id, "withheld": True}
    return {
        "id": doc.id,
        "title": doc.title,
        "classification": documents.level(doc, d).value,
        "copies": doc.copies,
        "disposition": doc.disposition.value if doc.disposition else None,
        "returned": doc.returned,
        "destroyed": doc.destroyed,
        "archive_ref": doc.archive_ref,
        "copy_numbers": doc.copy_numbers,
        "recipients": doc.recipients,
        "returned_on": doc.returned_on.isoformat() if doc.returned_on else None,
        "destroyed_on": doc.destroyed_on.isoformat() if doc.destroyed_on else None,
        "witness": doc.witness,
        "settled": doc.settled,
    }


def meeting_record(d: Dossier, archive: Archive, rows: list[LedgerRow]) -> dict[str, Any]:
    """A meeting as archive.json holds it; ``rows``: its actions' rows of the ledger, in its own order."""
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
        "chair": fm.chair,
        "recorder": fm.recorder,
        "doc_no": fm.doc_no,
        "status": fm.status.value,
        "classification": fm.classification.value,
        "tags": fm.tags,
        "url": meeting_url(d),
        "attendees": [
            {"name": a.name, "unit": a.unit, "role": a.role.value, "rsvp": a.rsvp.value,
             "substitute": a.substitute, "signed_in": a.signed_in}
            for a in fm.attendees
        ],
        "spot_checks": [{"time": x.time, "present": x.present, "absent": x.absent, "note": x.note} for x in fm.spot_checks],
        "devices": None if fm.devices is None else {
            "collected": fm.devices.collected, "returned": fm.devices.returned, "keeper": fm.devices.keeper,
            "note": fm.devices.note},
        "rehearsal": None if fm.rehearsal is None else {
            "date": fm.rehearsal.date.isoformat() if fm.rehearsal.date else None, "done": fm.rehearsal.done,
            "note": fm.rehearsal.note},
        "decisions": [{"id": x.id, "text": x.text} for x in fm.decisions],
        "actions": [action_data(r, archive) for r in rows],
        "documents": [document_record(doc, d, archive) for doc in fm.documents],
        "lessons": [
            {"category": x.category, "type": x.type.value if x.type else None, "text": x.text} for x in fm.lessons
        ],
    }
