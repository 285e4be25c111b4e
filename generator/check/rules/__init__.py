"""The one validator: the rules of the format beyond types, one module per rule (as yamllint has it).

Each rule module has

- ``ID``, the name an office uses in ``mkdocs.yml`` to set its severity (``rules: {unit-unknown: error}``);
- ``SEVERITY``, its default (``error``: the dossier is left out of the site and ``check`` fails;
  ``warning``: shown; ``info``: shown, never counted by a strict build; ``off``: not run);
- ``WHEN``: ``static`` (the dossier, its folder and the settings: the results are cached with the file),
  ``dated`` (the as-of date too: runs every time, from facts kept in the cache) or ``archive`` (across
  dossiers);
- ``check(…)``, which reports through the ``Emitter`` it is given: ``check(d, e, facts)`` for a static
  rule (``facts.settings``, ``facts.body``), ``check(d, e, facts, as_of, settings)`` for a dated one
  (``facts`` is the ``DatedFacts`` kept in the cache: a dated rule reads nothing else of the dossier),
  ``check(dossiers, universe, emitter_for)`` for an archive one;
- a docstring, which is the rule's documentation: the guide page lists every rule from these.

The loader has already reported what is wrong with the file and its types; rules run on dossiers whose
front matter is well typed (``archive`` rules on every dossier, each saying which it needs).
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from types import ModuleType
from typing import Iterable

from ...core.diagnostics import Diagnostic
from ...core.enums import Rsvp, Status
from ...core.settings import Settings
from ...source.loader import Dossier
from ..body import scan_body
from ._emit import Emitter

WHENS = ("static", "dated", "archive")


def _load() -> list[ModuleType]:
    mods = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            mods.append(importlib.import_module(f"{__name__}.{info.name}"))
    for m in mods:
        assert m.WHEN in WHENS and m.__doc__, m.__name__
    return mods


def of(when: str) -> list[ModuleType]:
    return [m for m in RULES if m.WHEN == when]


class Facts:
    """What the static rules of one dossier share: its settings and the scan of its minutes (made once)."""

    def __init__(self, d: Dossier, settings: Settings) -> None:
        self.d, self.settings = d, settings

    @cached_property
    def body(self) -> list[Diagnostic]:
        return scan_body(self.d)


def _run(mods: list[ModuleType], d: Dossier, settings: Settings, *args) -> None:
    for m in mods:
        level = settings.level(m.ID, m.SEVERITY)
        if level != "off":
            m.check(d, Emitter(d, m.ID, level), *args)


def check_static(d: Dossier, settings: Settings) -> None:
    """The rules whose outcome depends on the dossier, its folder and the settings, not on the date."""
    assert d.fm is not None
    _run(of("static"), d, settings, Facts(d, settings))


@dataclass(frozen=True)
class DatedFacts:
    """What the rules that depend on the as-of date read of a dossier: kept beside the cached results
    of the other rules (``check.cache``), so a cached dossier is checked for any day without its front
    matter being read again."""

    date: date
    status: Status
    unsettled: tuple[int, ...]  # indexes of documents whose disposition is not complete
    pending: tuple[str, ...]  # attendees who have not replied
    undone: tuple[str, ...]  # checklist items not done
    updates: tuple[tuple[date, int, int], ...] = ()  # (date, action index, update index) of each update
    kind: str = ""
    rehearsed: bool | None = None  # None: no rehearsal recorded; else whether it was done
    reminders: tuple[tuple[date, int, int], ...] = ()  # (date, action index, reminder index)
    closed_on: tuple[tuple[date, int], ...] = ()  # (closed_on, action index)
    prep_due: tuple[tuple[date, int], ...] = ()  # (due, task index) of preparation tasks not done
    open_actions: tuple[tuple[int, Status], ...] = ()  # (index, status) of actions not started or in progress


def dated_facts(d: Dossier) -> DatedFacts:
    fm = d.fm
    assert fm is not None
    return DatedFacts(
        fm.date, fm.status,
        tuple(i for i, doc in enumerate(fm.documents) if doc.settled is False),
        tuple(a.name for a in fm.attendees if a.rsvp == Rsvp.PENDING),
        tuple(c.item for c in fm.checklist if not c.done),
        tuple((u.date, i, j) for i, a in enumerate(fm.actions) for j, u in enumerate(a.updates)),
        fm.kind,
        None if fm.rehearsal is None else fm.rehearsal.done,
        tuple((r.date, i, j) for i, a in enumerate(fm.actions) for j, r in enumerate(a.reminders)),
        tuple((a.closed_on, i) for i, a in enumerate(fm.actions) if a.closed_on is not None),
        tuple((t.due, i) for i, t in enumerate(fm.preparation) if not t.done and t.due is not None),
        tuple((i, a.status) for i, a in enumerate(fm.actions) if a.status.is_open),
    )


def facts_of(d: Dossier) -> DatedFacts | None:
    """A loaded dossier's dated facts: a cached one's as the cache keeps them (its front matter is not read),
    another's made from its front matter; None when it did not load."""
    facts = getattr(d, "facts", None)
    if facts is None and d.fm is not None:
        facts = dated_facts(d)
    return facts


def check_dated(d: Dossier, facts: DatedFacts, settings: Settings) -> None:
    """The rules whose outcome changes with the as-of date."""
    _run(of("dated"), d, settings, facts, settings.today(), settings)


def check_archive(dossiers: Iterable[Dossier], universe: dict[str, list[Dossier]], settings: Settings) -> None:
    """The rules across dossiers; ``universe`` maps every known dossier id to its dossiers (more than
    one: a duplicate)."""
    dossiers = list(dossiers)
    for m in of("archive"):
        level = settings.level(m.ID, m.SEVERITY)
        if level != "off":
            m.check(dossiers, universe, lambda d, m=m, level=level: Emitter(d, m.ID, level))


# Last: the rules may use what this module defines (facts_of).
RULES: list[ModuleType] = _load()
BY_ID: dict[str, ModuleType] = {m.ID: m for m in RULES}
