"""What the import makes of one meeting before it is written: the values it is sure of, the body, the
files for the dossier's folder, and what the clerk is told."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any


@dataclass
class Meeting:
    source: Path
    title: str
    date: date
    body: str = ""
    files: dict[str, bytes] = field(default_factory=dict)  # name inside the dossier's folder → content
    fields: dict[str, Any] = field(default_factory=dict)  # venue, chair, recorder, start, end, organizer
    attendees: list[dict[str, str]] = field(default_factory=list)
    actions: list[dict[str, str]] = field(default_factory=list)
    documents: list[dict[str, str]] = field(default_factory=list)
    kept: dict[str, Any] = field(default_factory=dict)  # front matter of a Markdown source that fits
    moved: dict[str, Any] = field(default_factory=dict)  # front matter that does not fit: into the body
    notes: list[str] = field(default_factory=list)  # one line each, for the clerk
    part: tuple[int, int] = (1, 1)  # the n-th of the meetings found in one file
    tables: int = 0
    images: int = 0


@dataclass
class Outcome:
    """What one source gave: its meetings, or why none."""

    source: Path
    meetings: list[Meeting] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the file as a whole
    refused: str = ""  # why nothing was written
