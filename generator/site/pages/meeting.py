"""The meeting page: what it shows (``MeetingView``), its Markdown (``meeting_page``; rendered to HTML by
``mkdocs.render``), and the attachment files published beside it."""

from __future__ import annotations

import posixpath
import re
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ...core import chars
from ...domain import documents
from ...domain.addresses import href, meeting_url
from ...domain.archive import ActionKey, ActionView, Archive
from ...domain.ledger import trail
from ...domain.attendance import Attendance, AttendanceReport, attendance, attendance_report
from ...domain.readiness import Readiness, readiness
from ...source import attachments as attachment_rules
from ...source.loader import Dossier
from ..render import common, render

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def demote_headings(body: str) -> str:
    """The minutes sit under the page's own 「会议纪要」 heading: ``#`` → ``###``, ``##`` → ``###``…
    A code block left open at the end is closed, so it cannot swallow the rest of the page."""
    out = []
    fence = ""  # the opening fence of the code block we are in
    for line in body.split("\n"):
        m = _FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line[m.end():].strip():
                fence = ""
        elif m:
            fence = m.group(1)
        elif line.startswith("#"):
            h = re.match(r"^(#{1,6})(\s.*)$", line)
            if h:
                level = min(max(len(h.group(1)) + 1, 3), 6)
                line = "#" * level + h.group(2)
        out.append(line)
    if fence:
        out.append(fence)
    return "\n".join(out)


class MeetingView:
    """What a meeting page shows, with links resolved against the build's audience."""

    def __init__(self, archive: Archive, d: Dossier, marker: str = "") -> None:
        self.archive = archive
        self.d = d
        self.fm = d.fm
        self.url = meeting_url(d)
        self.marker = marker  # set by mkdocs.render: where the minutes start and end

    def link(self, to_url: str) -> str:
        return href(self.url, to_url)

    @cached_property
    def actions(self) -> list[ActionView]:
        return self.archive.actions(self.d)

    @cached_property
    def attendance(self) -> Attendance:
        return attendance(self.d)

    @cached_property
    def attendance_report(self) -> AttendanceReport | None:
        return attendance_report(self.d)

    @cached_property
    def readiness(self) -> Readiness:
        return readiness(self.d, self.archive.as_of)

    def action_link(self, key: ActionKey) -> dict[str, Any] | None:
        """A link to another meeting's action, or None when that meeting is withheld from this build."""
        target = self.archive.by_id.get(key.dossier)
        if target is None or key.dossier not in self.archive.visible_ids:
            return None
        return {
            "href": self.link(meeting_url(target)) + f"#action-{quote(key.action)}",
            "title": target.fm.title,  # type: ignore[union-attr]
            "date": target.fm.date,  # type: ignore[union-attr]
            "action": key.action,
        }

    def carried_from(self, view: ActionView) -> dict[str, Any] | None:
        if not view.action.carried_from:
            return None
        key = ActionKey.parse(view.action.carried_from)
        return {"key": key, "link": self.action_link(key)}

    def carried_to(self, view: ActionView) -> list[dict[str, Any]]:
        return [{"key": k, "link": self.action_link(k)} for k in view.carried_to]

    @staticmethod
    def trail(view: ActionView) -> list[tuple]:
        """The action's feedback and reminders, oldest first (domain.ledger's trail)."""
        return trail(view.action)

    def document_visible(self, doc) -> bool:
        return documents.visible(self.archive, doc, self.d)

    def document_level(self, doc):
        return documents.level(doc, self.d)

    def attachment_href(self, doc) -> str | None:
        if not doc.file or not self.document_visible(doc):
            return None
        return quote(posixpath.normpath(doc.file.replace("\\", "/")), safe="/.-_~")

    @cached_property
    def neighbours(self) -> tuple[Dossier | None, Dossier | None]:
        return self.archive.neighbours_by_kind()[self.d.id]

    @property
    def body(self) -> str:
        return demote_headings(chars.clean_body(self.d.body).strip())


def meeting_page(archive: Archive, d: Dossier, marker: str = "") -> str:
    """The Markdown of a meeting page (rendered to HTML by mkdocs.render)."""
    return render("meeting.md.j2", m=MeetingView(archive, d, marker), fm=d.fm, **common(archive))


def attachments(archive: Archive) -> dict[str, Path]:
    """Attachment files to publish beside their meeting page: only of visible dossiers and documents,
    and only what ``source.attachments.judge`` allows (the validator has said why for any other)."""
    out: dict[str, Path] = {}
    for d in archive.visible:
        view = MeetingView(archive, d)
        for doc in d.fm.documents:  # type: ignore[union-attr]
            if view.attachment_href(doc) is None:
                continue
            named = attachment_rules.judge(d, doc.file, published=True, limit_mb=archive.settings.max_attachment_mb)
            if named.problem is None and named.target is not None:
                out[f"{meeting_url(d)}{named.rel}"] = named.target
    return out
