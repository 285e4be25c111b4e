"""会议文件的手续应当完备：写了份号（copy_numbers，如 001-022）的，份号的份数应等于印发份数（copies）；
已全部销毁的文件应写明监销人（witness）；清退、销毁的日期（returned_on、destroyed_on）不应早于会议日期。"""

from __future__ import annotations

import re

from ...core.enums import Disposition

ID = "document-procedure"
SEVERITY = "warning"
WHEN = "static"

_RANGE = re.compile(r"^\s*(\d+)\s*(?:[-－—~～至到]\s*(\d+))?\s*$")


def count_copy_numbers(text: str) -> int | None:
    """How many copies "001-022、030" numbers (23); None when it is not written as numbers and ranges."""
    total = 0
    for part in re.split(r"[,，、;；\s]+", text.strip()):
        if not part:
            continue
        m = _RANGE.match(part)
        if not m:
            return None
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        if last < first:
            return None
        total += last - first + 1
    return total or None


def check(d, e, facts) -> None:
    fm = d.fm
    for i, doc in enumerate(fm.documents):
        p = ("documents", i)
        if doc.copy_numbers:
            n = count_copy_numbers(doc.copy_numbers)
            if n is None:
                e.report(p + ("copy_numbers",), "copy_numbers_format", value=doc.copy_numbers)
            elif doc.copies is not None and n != doc.copies:
                e.report(p + ("copy_numbers",), "copy_numbers_count", value=doc.copy_numbers, count=n, copies=doc.copies)
        if doc.disposition == Disposition.DESTROY and doc.destroyed_on is not None and not doc.witness:
            e.report(p + ("destroyed_on",), "destroy_no_witness")
        for key in ("returned_on", "destroyed_on"):
            day = getattr(doc, key)
            if day is not None and day < fm.date:
                e.report(p + (key,), "procedure_before_meeting", value=day.isoformat(), date=fm.date.isoformat())
