"""The synthetic archive of `make bench` (tests/synth.py): valid, realistic, deterministic."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from generator.domain import archive
from generator.check import run as checking
from generator.core.settings import load_settings
from generator.core.enums import Rsvp

from . import synth
from .conftest import ROOT

N = 50


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    root = tmp_path_factory.mktemp("synth")
    (root / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    return root, synth.write_archive(root, N, seed=0)


@pytest.fixture(scope="module")
def checked(generated: tuple[Path, list[Path]]) -> archive.Archive:
    root, _ = generated
    settings = load_settings(root / "mkdocs.yml")
    settings.as_of = synth.AS_OF
    result = checking.check(settings)
    assert [f"{d.file.name}:{d.line}: {d.message('en')}" for d in result.diagnostics] == []
    return archive.Archive(result.dossiers, settings)


def test_the_check_command_finds_no_error_and_no_warning(generated: tuple[Path, list[Path]]) -> None:
    root, _ = generated
    done = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--as-of", synth.AS_OF.isoformat()],
        cwd=root, capture_output=True, text=True, encoding="utf-8",
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == f"检查了 {N} 份会议档案：0 个错误，0 个警告"


def test_paths_are_dated_by_kind_and_spread_over_ten_years(generated: tuple[Path, list[Path]]) -> None:
    root, paths = generated
    assert len(paths) == N
    rels = [p.relative_to(root).as_posix() for p in paths]
    assert len(set(rels)) == N
    for rel in rels:
        m = re.fullmatch(r"dossiers/(\d{4})/(\d{4})-\d{2}-\d{2}-([a-z0-9]+)-(\d+)\.md", rel)
        assert m and m.group(1) == m.group(2), rel
    years = {int(rel.split("/")[1]) for rel in rels}
    assert max(years) - min(years) >= 8
    assert all(synth.FIRST.year <= y <= synth.AS_OF.year for y in years)


def test_every_kind_every_rsvp_every_tenth_secret(checked: archive.Archive) -> None:
    kinds, units = synth.project_lists()
    dossiers = checked.all
    assert len(dossiers) == N
    assert {d.fm.kind for d in dossiers} == set(kinds)
    rsvps = Counter(a.rsvp for d in dossiers for a in d.fm.attendees)
    assert set(rsvps) == set(Rsvp)
    assert all(a.substitute for d in dossiers for a in d.fm.attendees if a.rsvp == Rsvp.SUBSTITUTE)
    assert Counter(d.fm.classification.zh for d in dossiers)["秘密"] == N // 10
    for d in dossiers:
        assert 4 <= len(d.fm.attendees) <= 25
        assert {a.unit for a in d.fm.attendees} <= set(units)
        assert 1 <= len(d.fm.actions) <= 5
        assert d.fm.decisions and d.fm.lessons and d.fm.documents and d.fm.agenda


def test_actions_done_overdue_and_carried(checked: archive.Archive) -> None:
    views = [v for d in checked.all for v in checked.actions(d)]
    done = [v for v in views if v.action.status.value == "done"]
    assert done and all(v.action.updates for v in done)
    assert any(v.overdue for v in views)
    carried = [v for v in views if v.action.carried_from]
    assert carried
    for v in carried:  # from an earlier meeting, which links forward to it
        source_id = v.action.carried_from.split("#")[0]
        assert checked.by_id[source_id].fm.date < v.dossier.fm.date
        assert v.key in [k for s in checked.successors.values() for k in s]


def test_minutes_are_about_two_kilobytes_of_varied_chinese(checked: archive.Archive) -> None:
    sizes = [len(d.body.encode("utf-8")) for d in checked.all]
    assert all(1800 <= s <= 2600 for s in sizes), sizes
    paragraphs = [p for d in checked.all for p in d.body.split("\n\n") if len(p) > 60]
    assert len(set(paragraphs)) > 0.95 * len(paragraphs)  # no one paragraph repeated through the archive
    cjk = sum(1 for d in checked.all for ch in d.body if "\u4e00" <= ch <= "\u9fff")
    assert cjk > 0.7 * sum(len(d.body) for d in checked.all)


def test_same_seed_same_archive_other_seed_another() -> None:
    assert synth.generate(12, seed=3) == synth.generate(12, seed=3)
    assert synth.generate(12, seed=3) != synth.generate(12, seed=4)
