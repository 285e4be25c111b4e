"""回执为“代会”的参会人须写代会人 substitute。"""

from __future__ import annotations

from ...core.enums import Rsvp

ID = "substitute-missing"
SEVERITY = "error"
WHEN = "static"


def check(d, e, facts) -> None:
    for i, att in enumerate(d.fm.attendees):
        if att.rsvp == Rsvp.SUBSTITUTE and not att.substitute:
            e.report(("attendees", i, "substitute"), "substitute_missing", at=("attendees", i, "rsvp"))
