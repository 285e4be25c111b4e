"""Pages of the site, made from the archive with Jinja templates (``generator/templates``).

Everything here is a pure function of the Archive: it returns the pages as (path, Markdown) pairs and
the exports as (path, bytes). The MkDocs plugin only hands them to MkDocs. Dossier values go into HTML
that Jinja escapes; only a dossier's body is Markdown.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from ..source import attachments as attachment_rules
from ..core import chars
from ..domain.archive import ActionKey, ActionView, Archive
from ..core.enums import Rsvp, Role
from ..source.loader import Dossier
from ..domain.readiness import Readiness, readiness

TEMPLATES = Path(__file__).parent / "templates"


def zh_date(value: date | None) -> str:
    """2024年4月15日"""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def zh_month(value: date) -> str:
    return f"{value.year}年{value.month}月"


_env: jinja2.Environment | None = None


def env() -> jinja2.Environment:
    global _env
    if _env is None:
        _env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
        )
        _env.filters["zh_date"] = zh_date
        _env.filters["zh_month"] = zh_month
    return _env


def render(template: str, **context: Any) -> str:
    return env().get_template(template).render(**context)


# ---------------------------------------------------------------------------------------------------
# URLs


def meeting_url(d: Dossier) -> str:
    return f"meetings/{d.fm.date.year}/{d.id}/"  # type: ignore[union-attr]


def meeting_src(d: Dossier) -> str:
    return f"meetings/{d.fm.date.year}/{d.id}.md"  # type: ignore[union-attr]


def href(from_url: str, to_url: str) -> str:
    """A relative link from the page at ``from_url`` to ``to_url`` (both site-relative folders or files,
    '' = home): up to the folders they share, then down. Listing pages make tens of thousands."""
    here = from_url.rstrip("/").split("/") if from_url.rstrip("/") else []
    there = to_url.rstrip("/").split("/") if to_url.rstrip("/") else []
    common = 0
    for a, b in zip(here, there):
        if a != b:
            break
        common += 1
    rel = "../" * (len(here) - common) + "/".join(there[common:])
    if to_url.endswith("/") or to_url == "":
        rel = rel.rstrip("/") + "/" if rel else "./"
    elif not rel:
        rel = "."
    return quote(rel, safe="/#.-_~")


_HEADING = re.compile(r"^(#{1,5})(\s)", re.MULTILINE)
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


# ---------------------------------------------------------------------------------------------------
# Views


@dataclass
class Attendance:
    expected: int
    signed_in: int
    leave: int
    substitutes: int
    confirmed: int
    pending: int
    absent: int  # expected, not signed in, not on leave (only meaningful once held)

    @property
    def rate(self) -> float | None:
        return self.signed_in / self.expected if self.expected else None


def attendance(d: Dossier) -> Attendance:
    fm = d.fm
    people = [a for a in fm.attendees if a.role != Role.STAFF]  # type: ignore[union-attr]
    signed = sum(1 for a in people if a.signed_in)
    leave = sum(1 for a in people if a.rsvp == Rsvp.LEAVE)
    subs = sum(1 for a in people if a.rsvp == Rsvp.SUBSTITUTE)
    confirmed = sum(1 for a in people if a.rsvp == Rsvp.CONFIRMED)
    pending = sum(1 for a in people if a.rsvp == Rsvp.PENDING)
    absent = sum(1 for a in people if not a.signed_in and a.rsvp != Rsvp.LEAVE)
    return Attendance(len(people), signed, leave, subs, confirmed, pending, absent)


class MeetingView:
    """What a meeting page shows, with links resolved against the build's audience."""

    def __init__(self, archive: Archive, d: Dossier, marker: str = "") -> None:
        self.archive = archive
        self.d = d
        self.fm = d.fm
        self.url = meeting_url(d)
        self.marker = marker  # set by generator/meeting_render.py: where the minutes start and end

    def link(self, to_url: str) -> str:
        return href(self.url, to_url)

    @cached_property
    def actions(self) -> list[ActionView]:
        return self.archive.actions(self.d)

    @cached_property
    def attendance(self) -> Attendance:
        return attendance(self.d)

    @cached_property
    def attendance_report(self):
        """The attendance report (参会情况通报) once the meeting took place and sign-in was recorded."""
        from .printables import attendance_report, sign_in_recorded  # noqa: PLC0415 (printables builds on pages)

        if not self.fm.status.took_place or not sign_in_recorded(self.d):
            return None
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

    def document_visible(self, doc) -> bool:
        level = doc.classification or self.fm.classification
        return self.archive.allows(level)

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


def settled(doc) -> bool | None:
    """Whether a document's disposition is complete; None when it has no disposition."""
    return doc.settled


def common(archive: Archive) -> dict[str, Any]:
    return {
        "as_of": archive.as_of,
        "audience": archive.audience,
        "settled": settled,
        "meeting_url": meeting_url,
        "href": href,
    }


def meeting_page(archive: Archive, d: Dossier, marker: str = "") -> str:
    """The Markdown of a meeting page (rendered to HTML by generator/meeting_render.py)."""
    return render("meeting.md.j2", m=MeetingView(archive, d, marker), fm=d.fm, **common(archive))


def attachments(archive: Archive) -> dict[str, Path]:
    """Attachment files to publish beside their meeting page: only of visible dossiers and documents,
    and only what ``attachments.judge`` allows (the validator has said why for any other)."""
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
