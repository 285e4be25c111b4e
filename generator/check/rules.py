"""The one validator: the rules of the format beyond types, per dossier and across the archive.

Each rule adds diagnostics at the key or value at fault. The loader has already reported type errors;
the rules run on dossiers whose front matter is well typed.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Iterable

from ..source import attachments
from ..core import chars
from .body import scan_body
from ..source import yamlsrc
from ..core.settings import MAX_YEAR, MIN_YEAR, SETTLE_DAYS, SOON_DAYS, Settings
from ..core.diagnostics import ERROR, WARNING, Diagnostic, display_path, field_path
from ..core.enums import ActionStatus, Disposition, Rsvp, Status
from ..source.loader import Dossier
from ..core.messages import Msg, Q
from ..source.errors import closest



class _Emitter:
    def __init__(self, dossier: Dossier) -> None:
        self.d = dossier

    def _add(self, severity: str, path: tuple, code: str, at: tuple | None = None, refs: tuple = (), **args) -> None:
        src = self.d.source  # positions are worked out only when there is something to say
        pos = src.locate(at if at is not None else path) if src else yamlsrc.Pos(1, 1)
        self.d.diagnostics.append(Diagnostic(self.d.path, pos.line, pos.col, severity, code, field_path(path), args,
                                             tuple(refs)))

    def error(self, path: tuple, code: str, at: tuple | None = None, refs: tuple = (), **args) -> None:
        self._add(ERROR, path, code, at, refs, **args)

    def warning(self, path: tuple, code: str, at: tuple | None = None, **args) -> None:
        self._add(WARNING, path, code, at, **args)

    def body(self, severity: str, code: str) -> None:
        line = self.d.body_line
        self.d.diagnostics.append(Diagnostic(self.d.path, line, 1, severity, code, "", {}))


def check_dossier(d: Dossier, settings: Settings) -> None:
    """Rules that need only this dossier (and the site settings)."""
    check_static(d, settings)
    check_dated(d, dated_facts(d), settings.today())


@dataclass(frozen=True)
class DatedFacts:
    """What the rules that depend on the as-of date read of a dossier: kept beside the cached results
    of the other rules (generator/cache.py), so a cached dossier is checked for any day without its
    front matter being read again."""

    date: date
    status: Status
    unsettled: tuple[int, ...]  # indexes of documents whose disposition is not complete
    pending: tuple[str, ...]  # attendees who have not replied
    undone: tuple[str, ...]  # checklist items not done
    updates: tuple[tuple[date, int, int], ...] = ()  # (date, action index, update index) of each update


def dated_facts(d: Dossier) -> DatedFacts:
    fm = d.fm
    assert fm is not None
    return DatedFacts(
        fm.date, fm.status,
        tuple(i for i, doc in enumerate(fm.documents) if doc.settled is False),
        tuple(a.name for a in fm.attendees if a.rsvp == Rsvp.PENDING),
        tuple(c.item for c in fm.checklist if not c.done),
        tuple((u.date, i, j) for i, a in enumerate(fm.actions) for j, u in enumerate(a.updates)),
    )


def check_dated(d: Dossier, f: DatedFacts, as_of: date) -> None:
    """The rules whose outcome changes with the as-of date."""
    e = _Emitter(d)
    if f.status.took_place and f.date > as_of:
        e.error(("status",), "held_in_future", date=f.date, as_of=as_of, status=f.status.zh, status_en=f.status.value)

    for day, i, j in f.updates:
        if day > as_of:
            e.warning(("actions", i, "updates", j, "date"), "update_in_future", value=day, as_of=as_of)

    days_since = (as_of - f.date).days
    if f.status == Status.HELD and days_since > SETTLE_DAYS:
        for i in f.unsettled:
            e.warning(("documents", i, "disposition"), "unsettled_after_meeting", days=days_since, limit=SETTLE_DAYS)

    if f.status in (Status.PLANNED, Status.NOTIFIED) and 0 <= (f.date - as_of).days <= SOON_DAYS:
        days = (f.date - as_of).days
        if f.pending:
            e.warning(("attendees",), "soon_rsvp_pending", days=days, count=len(f.pending), names=_some(list(f.pending)))
        if f.undone:
            e.warning(("checklist",), "soon_checklist_open", days=days, count=len(f.undone), items=_some(list(f.undone)))


def check_static(d: Dossier, settings: Settings) -> None:
    """The rules whose outcome depends on the dossier, its folder and the settings, not on the date."""
    fm = d.fm
    assert fm is not None
    e = _Emitter(d)

    if fm.kind not in settings.kinds:
        hit = closest(fm.kind, settings.kinds, cutoff=0.3)
        e.error(("kind",), "kind_unknown", value=Q(fm.kind), hint=Msg("enum_hint", suggest=Q(hit)) if hit else "", choices=settings.kinds)

    if not MIN_YEAR <= fm.date.year <= MAX_YEAR:
        e.error(("date",), "date_implausible", value=fm.date, low=MIN_YEAR, high=MAX_YEAR)

    if fm.start and fm.end and fm.end <= fm.start:
        e.error(("end",), "start_after_end", start=fm.start, end=fm.end)

    has_body = bool(d.body.strip())
    if fm.status == Status.CLOSED and not has_body:
        e.body(ERROR, "closed_without_minutes")
    elif fm.status == Status.HELD and not has_body:
        e.body(WARNING, "held_without_minutes")

    _unique(e, "documents", [doc.id for doc in fm.documents])
    _unique(e, "decisions", [dec.id for dec in fm.decisions])
    _unique(e, "actions", [act.id for act in fm.actions])

    decision_ids = [dec.id for dec in fm.decisions]
    for i, act in enumerate(fm.actions):
        p = ("actions", i)
        if act.due < fm.date:
            e.error(p + ("due",), "due_before_meeting", due=act.due, date=fm.date)
        for j, upd in enumerate(act.updates):
            if upd.date < fm.date:
                e.error(p + ("updates", j, "date"), "update_before_meeting", value=upd.date, date=fm.date)
        if act.decision is not None and act.decision not in decision_ids:
            choices = Msg("decision_choices", ids=decision_ids) if decision_ids else Msg("decision_none")
            e.error(p + ("decision",), "decision_unknown", value=Q(act.decision), choices=choices)
        if act.status == ActionStatus.DONE and not act.updates:
            e.warning(p + ("status",), "done_without_updates")

    for i, att in enumerate(fm.attendees):
        p = ("attendees", i)
        if att.rsvp == Rsvp.SUBSTITUTE and not att.substitute:
            e.error(p + ("substitute",), "substitute_missing", at=p + ("rsvp",))
        if att.rsvp == Rsvp.LEAVE and att.signed_in:
            e.warning(p + ("signed_in",), "signed_in_on_leave")

    for i, doc in enumerate(fm.documents):
        p = ("documents", i)
        if doc.classification is not None and doc.classification > fm.classification:
            e.error(p + ("classification",), "document_above_dossier", doc=doc.classification, dossier=fm.classification)
        if doc.file is not None:
            _check_file(e, p + ("file",), doc.file, settings.max_attachment_mb)
        if fm.status == Status.CLOSED and doc.disposition is not None:
            _check_settled(e, p, doc)

    if settings.units:
        known = set(settings.units)
        places: list[tuple[tuple, str]] = []
        if fm.organizer:
            places.append((("organizer",), fm.organizer))
        places += [(("attendees", i, "unit"), a.unit) for i, a in enumerate(fm.attendees)]
        places += [(("actions", i, "unit"), a.unit) for i, a in enumerate(fm.actions)]
        for path, unit in places:
            if unit not in known:
                hit = closest(unit, settings.units, cutoff=0.6)
                hint = Msg("unit_hint", suggest=Q(hit)) if hit else Msg("unit_nohint")
                e.warning(path, "unit_unknown", value=Q(unit), hint=hint)

    d.diagnostics.extend(scan_body(d))  # HTML the render removes, links that leave the folder


def _some(names: list[str], limit: int = 5) -> list[str]:
    return names if len(names) <= limit else names[:limit] + ["…"]


def _unique(e: _Emitter, section: str, ids: list[str]) -> None:
    first: dict[str, int] = {}
    for i, ident in enumerate(ids):
        if ident in first:
            e.error((section, i, "id"), "duplicate_id", value=Q(ident), first=field_path((section, first[ident])))
        else:
            first[ident] = i


_FILE_CODES = {
    "absolute": "file_absolute", "outside": "file_outside", "flat": "file_flat_dossier",
    "own_source": "file_own_source", "type": "attachment_type", "missing": "file_missing",
    "too_large": "attachment_too_large",
}


def _check_file(e: _Emitter, path: tuple, raw: str, limit_mb: float = 50.0) -> None:
    named = attachments.judge(e.d, raw, published=True, limit_mb=limit_mb, deps=e.d.deps)
    if named.problem is None:
        return
    args = {"value": Q(raw)}
    if named.problem == "flat":
        args.update(id=e.d.id)
    elif named.problem == "type":
        args.update(ext="".join(PurePosixPath(named.rel).suffixes) or "（无扩展名）")
    elif named.problem == "too_large":
        args.update(size=f"{named.size / 1024 / 1024:.1f} MB", limit=f"{limit_mb:g} MB")
    e.error(path, _FILE_CODES[named.problem], **args)


def _check_settled(e: _Emitter, p: tuple, doc) -> None:
    disp = doc.disposition
    if disp in (Disposition.RECALL, Disposition.DESTROY) and doc.copies is None:
        e.error(p + ("copies",), "copies_missing", at=p + ("disposition",), disposition=disp.zh, disposition_en=disp.value)
        return
    if disp == Disposition.RECALL and (doc.returned or 0) != doc.copies:
        at = p + ("returned",) if doc.returned is not None else p + ("disposition",)
        e.error(p + ("returned",), "recall_unsettled", at=at, copies=doc.copies, returned=doc.returned or 0)
    elif disp == Disposition.DESTROY and (doc.destroyed or 0) != doc.copies:
        at = p + ("destroyed",) if doc.destroyed is not None else p + ("disposition",)
        e.error(p + ("destroyed",), "destroy_unsettled", at=at, copies=doc.copies, destroyed=doc.destroyed or 0)
    elif disp == Disposition.ARCHIVE and not doc.archive_ref:
        e.error(p + ("archive_ref",), "archive_unsettled", at=p + ("disposition",))


def check_archive(dossiers: Iterable[Dossier], universe: dict[str, list[Dossier]]) -> None:
    """Rules across dossiers: unique dossier ids (also once invisible characters, width and case are
    folded away), a folder dossier that holds nothing but itself and its attachments, no file that is
    another dossier's, and carried_from pointing at a real action of an earlier meeting, without cycles.

    ``universe`` maps every known dossier id to its dossiers (more than one: a duplicate).
    """
    dossiers = list(dossiers)
    folded: dict[str, list[Dossier]] = defaultdict(list)
    for same in universe.values():
        for d in same:
            folded[chars.fold(d.id)].append(d)
    owners = _file_owners(universe)
    for d in dossiers:
        same = universe.get(d.id, [])
        for other in same:
            if other.path != d.path:
                d.diagnostics.append(
                    Diagnostic(d.path, 1, 1, ERROR, "duplicate_dossier", "",
                               {"value": Q(d.id), "this": display_path(d.path), "other": display_path(other.path)},
                               (str(other.path),))
                )
        for other in folded.get(chars.fold(d.id), []):
            if other.id != d.id:
                d.diagnostics.append(
                    Diagnostic(d.path, 1, 1, ERROR, "duplicate_dossier_folded", "",
                               {"value": Q(d.id), "other": Q(other.id), "path": display_path(other.path)},
                               (str(other.path),))
                )
        if d.is_folder_dossier:
            crowded = markdown_beside(d)
            if crowded:
                d.diagnostics.append(Diagnostic(d.path, 1, 1, ERROR, "folder_dossier_crowded", "",
                                                {"names": _some(crowded, 3)}, ("?",)))
        if not d.ok:
            continue
        _check_shared_files(d, owners)
        e = _Emitter(d)
        for i, carried_from in d.carried_refs():
            path = ("actions", i, "carried_from")
            ref_dossier, ref_action = carried_from.split("#", 1)
            if ref_dossier == d.id:
                e.error(path, "carried_self", value=Q(carried_from))
                continue
            targets = universe.get(ref_dossier)
            if not targets:
                e.error(path, "carried_no_dossier", dossier=Q(ref_dossier))
                continue
            target = targets[0]
            if not target.ok:
                continue  # its own errors are reported; no guessing about its actions
            ids = target.action_ids()
            refs = (str(target.path),)
            if ref_action not in ids:
                choices = Msg("action_choices", ids=ids) if ids else Msg("action_none")
                e.error(path, "carried_no_action", refs=refs, dossier=Q(ref_dossier), action=Q(ref_action), choices=choices)
                continue
            if target.fm.date > d.fm.date:  # type: ignore[union-attr]
                e.error(path, "carried_from_later", refs=refs, value=Q(carried_from), date=target.fm.date,  # type: ignore[union-attr]
                        here=d.fm.date)  # type: ignore[union-attr]
                continue
            cycle = _carried_cycle(d.id, ref_dossier, ref_action, universe)
            if cycle:
                chain_refs = tuple(str(universe[i][0].path) for i in cycle if universe.get(i))
                e.error(path, "carried_cycle", refs=chain_refs, value=Q(carried_from), chain=" → ".join(cycle))


def _carried_cycle(start: str, dossier: str, action: str, universe: dict[str, list[Dossier]]) -> list[str]:
    """The chain of carried_from from ``dossier#action`` back to a meeting already on it, if it loops."""
    seen = [start]
    key = (dossier, action)
    while len(seen) < 1000:
        if key[0] in seen:
            return seen + [key[0]] if key[0] == start else []
        seen.append(key[0])
        targets = universe.get(key[0])
        if not targets or not targets[0].ok:
            return []
        target = targets[0]
        ref = next((c for i, c in target.carried_refs() if target.action_ids()[i] == key[1]), None)
        if ref is None:
            return []
        key = tuple(ref.split("#", 1))  # type: ignore[assignment]
    return []


def markdown_beside(d: Dossier) -> list[str]:
    """Dossiers inside a folder dossier's folder (Markdown files that open with front matter, other than
    its index.md): a folder is one dossier with its attachments, so these would be dossiers it swallows
    unseen (a year folder's index.md would swallow the whole year)."""
    folder = Path(d.folder)
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(n for n in dirnames if not n.startswith((".", "_")))
        for name in sorted(filenames):
            if name.lower().endswith((".md", ".markdown")) and not (Path(dirpath) == folder and name == "index.md"):
                if _opens_with_front_matter(Path(dirpath, name)):
                    found.append(Path(dirpath, name).relative_to(folder).as_posix())
    return found


def _opens_with_front_matter(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError:
        return False
    return head.removeprefix(b"\xef\xbb\xbf").startswith(b"---")


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


def _file_owners(universe: dict[str, list[Dossier]]) -> dict[tuple[int, int], set[str]]:
    """The file identity (device, inode) of every dossier source and every file a dossier names, and
    whose it is: two names for one file (a hard link, a symlink) are the same file here."""
    owners: dict[tuple[int, int], set[str]] = defaultdict(set)
    for same in universe.values():
        for d in same:
            for path in [str(d.path), *d.deps]:
                ident = _identity(path)
                if ident is not None:
                    owners[ident].add(str(d.path))
    return owners


def _check_shared_files(d: Dossier, owners: dict[tuple[int, int], set[str]]) -> None:
    """A file this dossier names that is another dossier's source, or a file another dossier names too."""
    for dep in d.deps:
        ident = _identity(dep)
        if ident is None or not (owners.get(ident, set()) - {str(d.path)}):
            continue
        where = _named_where(d, dep)
        e = _Emitter(d)
        if where is not None:
            e.error(where, "file_other_dossier", value=Q(d.fm.documents[where[1]].file))  # type: ignore[union-attr]
        else:
            d.diagnostics.append(Diagnostic(d.path, d.body_line, 1, ERROR, "body_link_other_dossier", "",
                                            {"value": Q(Path(dep).name)}))


def _named_where(d: Dossier, dep: str) -> tuple | None:
    for i, doc in enumerate(d.fm.documents):  # type: ignore[union-attr]
        if doc.file and os.path.normpath(str(Path(d.folder) / doc.file.replace("\\", "/"))) == os.path.normpath(dep):
            return ("documents", i, "file")
    return None
