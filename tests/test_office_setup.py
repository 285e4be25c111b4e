"""How offices run it: the pre-commit hook clerks' commits go through, and the administrator's daily
rebuild (a systemd timer in deploy/) that keeps 逾期 true to the day."""

from __future__ import annotations

import configparser
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, dossier_text

# ---------------------------------------------------------------------------------------------------
# pre-commit


def hook() -> dict:
    (only,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return only


def test_the_hook_runs_the_checker_on_the_dossiers_a_commit_changes() -> None:
    h = hook()
    assert h["id"] == "meeting-archive-check" and h["language"] == "python"
    command = shlex.split(h["entry"])
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert command[0] in scripts and command[1:] == ["check"]
    files, exclude = re.compile(h["files"]), re.compile(h["exclude"])

    def picked(path: str) -> bool:
        return bool(files.search(path)) and not exclude.search(path)

    assert picked("dossiers/2024/2024-05-06-changwu-3.md") and picked("dossiers/2024/2024-05-06-changwu-3/index.md")
    assert picked("dossiers/2024/会议纪要.md")
    assert not picked("dossiers/_templates/常务会议.md") and not picked("README.md")
    assert not picked("dossiers/2024/.草稿.md") and not picked("mkdocs.yml")


def test_the_hook_stops_a_commit_with_an_error(tmp_path: Path) -> None:
    """What pre-commit runs, in the office's repository: the entry with the changed files' names."""
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ndocs_dir: dossiers\nplugins:\n  - meeting-archive:\n"
                                         "      kinds: [常务会议]\n", encoding="utf-8")
    d = tmp_path / "dossiers" / "2024"
    d.mkdir(parents=True)
    (d / "good.md").write_text(dossier_text(), encoding="utf-8")
    (d / "bad.md").write_text(dossier_text(date="2024/5/6"), encoding="utf-8")
    entry = shlex.split(hook()["entry"])
    script = Path(sys.executable).parent / entry[0]
    assert script.exists(), "pip install -e . installs the entry point"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    ok = subprocess.run([str(script), *entry[1:], "dossiers/2024/good.md"], cwd=tmp_path, capture_output=True,
                        text=True, env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = subprocess.run([str(script), *entry[1:], "dossiers/2024/good.md", "dossiers/2024/bad.md"], cwd=tmp_path,
                         capture_output=True, text=True, env=env)
    assert bad.returncode == 1
    assert re.search(r"^dossiers/2024/bad\.md:4:1: error: date: “2024/5/6”不是日期", bad.stdout, re.M), bad.stdout


# ---------------------------------------------------------------------------------------------------
# The daily rebuild


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, comment_prefixes=("#",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((ROOT / "deploy" / name).read_text(encoding="utf-8"))
    return parser


def test_the_timer_runs_the_service_every_morning() -> None:
    timer = unit("huiwu-publish.timer")
    assert timer["Timer"]["Unit"] == "huiwu-publish.service"
    assert timer["Timer"]["Persistent"] == "true"  # a morning missed while the machine was off is made up
    assert timer["Install"]["WantedBy"] == "timers.target"
    if shutil.which("systemd-analyze"):
        done = subprocess.run(["systemd-analyze", "calendar", timer["Timer"]["OnCalendar"]], capture_output=True, text=True)
        assert done.returncode == 0 and "06:30:00" in done.stdout, done.stdout + done.stderr


def test_the_unit_files_are_valid_for_systemd(tmp_path: Path) -> None:
    if not shutil.which("systemd-analyze"):
        reason = "systemd-analyze is missing: apt-get install systemd (.ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    for name in ("huiwu-publish.service", "huiwu-publish.timer"):
        shutil.copy(ROOT / "deploy" / name, tmp_path / name)
    done = subprocess.run(["systemd-analyze", "verify", str(tmp_path / "huiwu-publish.service"),
                           str(tmp_path / "huiwu-publish.timer")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    # systemd says nothing about a unit it reads with warnings unless asked: no line may name our files.
    assert "huiwu-publish" not in done.stderr, done.stderr


def test_the_service_publishes_the_archive(tmp_path: Path) -> None:
    """The service's ExecStart, run as systemd runs it (from its WorkingDirectory, here this checkout),
    publishes the archive into DEST; run again the next morning it swaps in a new release."""
    service = unit("huiwu-publish.service")["Service"]
    command = shlex.split(service["ExecStart"])
    assert command[:2] == ["/usr/bin/make", "publish"]
    args = dict(a.split("=", 1) for a in command[2:])
    assert set(args) == {"DEST", "AUDIENCE"} and args["AUDIENCE"] == "内部"
    assert service["Type"] == "oneshot" and service["User"] != "root"
    dest = tmp_path / "srv" / "neibu"
    dest.parent.mkdir()
    env = dict(os.environ, LANG="C.UTF-8", MEETING_ARCHIVE_CACHE_DIR=str(tmp_path / "cache"), AS_OF="2026-11-27")
    run = [shutil.which("make") or command[0], "--no-print-directory", "publish", f"DEST={dest}", f"AUDIENCE={args['AUDIENCE']}"]
    for morning in (1, 2):
        done = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
        assert dest.is_symlink() and (dest / "index.html").is_file()
    assert 'data-audience="内部"' in (dest / "index.html").read_text(encoding="utf-8")
    assert len([p for p in (dest.parent / "neibu.releases").iterdir() if not p.name.startswith(".")]) == 2
