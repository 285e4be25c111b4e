"""The CLI end to end, as a clerk or CI runs it: a real subprocess in a folder with mkdocs.yml."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, dossier_text

CONFIG = """\
site_name: t
docs_dir: dossiers
plugins:
  - meeting-archive:
      audience: !ENV [AUDIENCE, 内部]
      kinds: [常务会议]
      units: [县水利局]
"""


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def make_archive(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    d = tmp_path / "dossiers" / "2024"
    d.mkdir(parents=True)
    (d / "good.md").write_text(dossier_text(), encoding="utf-8")
    (d / "bad.md").write_text(dossier_text("chair：李四\n", date="2024/5/6"), encoding="utf-8")
    (d / "warn.md").write_text(dossier_text("attendees:\n  - {name: 张三, unit: 县水务局, rsvp: 确认, signed_in: true}\n"),
                               encoding="utf-8")
    return tmp_path


def test_check_lists_every_problem_then_a_summary(tmp_path: Path) -> None:
    make_archive(tmp_path)
    proc = run(tmp_path, "check", "--as-of", "2024-06-01")
    assert proc.returncode == 1
    assert proc.stderr == ""
    assert proc.stdout.splitlines() == [
        "dossiers/2024/bad.md:4:1: error: date: “2024/5/6”不是日期；请写成 YYYY-MM-DD（如 2024-05-06）",
        "dossiers/2024/bad.md:7:6: error: 字段名后用了全角冒号“：”，YAML 需要半角冒号加空格；请改为：chair: 李四",
        "dossiers/2024/warn.md:8:16: warning: attendees[0].unit（第 1 位，张三）: 单位“县水务局”不在本站配置的单位名单中；是否应为“县水利局”？",
        "检查了 3 份会议档案：2 个错误，1 个警告",
    ]


def test_warnings_alone_exit_zero_and_paths_narrow_the_check(tmp_path: Path) -> None:
    make_archive(tmp_path)
    proc = run(tmp_path, "check", "--as-of", "2024-06-01", "dossiers/2024/warn.md", "dossiers/2024/good.md")
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[-1] == "检查了 2 份会议档案：0 个错误，1 个警告"


def test_json_format(tmp_path: Path) -> None:
    make_archive(tmp_path)
    proc = run(tmp_path, "check", "--as-of", "2024-06-01", "--format", "json", "--lang", "en")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["summary"] == {"dossiers": 3, "errors": 2, "warnings": 1, "infos": 0, "as_of": "2024-06-01"}
    first = data["diagnostics"][0]
    assert first == {
        "file": "dossiers/2024/bad.md",
        "line": 4,
        "column": 1,
        "severity": "error",
        "code": "date_format",
        "rule": "",  # a problem of the file itself, not of a rule
        "field": "date",
        "message": 'date: "2024/5/6" is not a date; write YYYY-MM-DD (e.g. 2024-05-06)',
    }


def test_json_names_the_rule(tmp_path: Path) -> None:
    make_archive(tmp_path)
    data = json.loads(run(tmp_path, "check", "--as-of", "2024-06-01", "--format", "json").stdout)
    assert {(d["code"], d["rule"]) for d in data["diagnostics"] if d["rule"]} >= {("unit_unknown", "attendee-unit-unknown")}


def test_github_format(tmp_path: Path) -> None:
    make_archive(tmp_path)
    proc = run(tmp_path, "check", "--as-of", "2024-06-01", "--format", "github")
    assert proc.stdout.splitlines()[0].startswith("::error file=dossiers/2024/bad.md,line=4,col=1::date:")


def test_clean_archive_exits_zero(tmp_path: Path) -> None:
    make_archive(tmp_path)
    (tmp_path / "dossiers/2024/bad.md").unlink()
    (tmp_path / "dossiers/2024/warn.md").unlink()
    proc = run(tmp_path, "check")
    assert proc.returncode == 0
    assert proc.stdout == "检查了 1 份会议档案：0 个错误，0 个警告\n"


def test_bad_as_of_is_refused_without_traceback(tmp_path: Path) -> None:
    make_archive(tmp_path)
    proc = run(tmp_path, "check", "--as-of", "下周五")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "as_of" in proc.stderr


def test_schema_command_prints_the_json_schema() -> None:
    proc = run(ROOT, "schema")
    assert proc.returncode == 0
    schema = json.loads(proc.stdout)
    assert schema["title"] == "会议档案"
    assert "attendees" in schema["properties"]


def test_nonexistent_path_is_reported(tmp_path: Path) -> None:
    make_archive(tmp_path)
    proc = run(tmp_path, "check", "dossiers/nope.md")
    assert proc.returncode == 1
    assert proc.stdout.startswith("dossiers/nope.md:1:1: error:")


def test_a_windows_clerk_on_a_gbk_console(tmp_path: Path) -> None:
    """`py -m generator check dossiers\\2024\\a.md` as copied from Explorer, on a console whose code page is
    GBK (936): the path is found, the output is UTF-8, and a character GBK lacks (𠮷) or a file name that is
    not UTF-8 never ends in a traceback."""
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    d = tmp_path / "dossiers" / "2024"
    d.mkdir(parents=True)
    (d / "a.md").write_text(dossier_text("organizer: 县水利局𠮷\n"), encoding="utf-8")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "gbk"}
    done = subprocess.run([sys.executable, "-m", "generator", "check", "dossiers\\2024\\a.md"], cwd=tmp_path,
                          capture_output=True, env=env)
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert done.returncode == 1 and "Traceback" not in err
    assert out.startswith("dossiers/2024/a.md:7:1: error: organizer: 单位“县水利局𠮷”不在本站配置的单位名单中；是否应为“县水利局”？")
    assert "检查了 1 份会议档案：1 个错误，0 个警告" in out
    # A file name from a zip made on Chinese Windows (GBK bytes, not UTF-8), and a folder given the Windows way.
    (d / "a.md").unlink()
    (tmp_path / "dossiers" / "2024").joinpath(b"\xbb\xe1\xd2\xe9.md".decode("utf-8", "surrogateescape")).write_text(
        dossier_text(), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "generator", "check", "dossiers\\2024"], cwd=tmp_path,
                          capture_output=True, env=env)
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert done.returncode == 1 and "Traceback" not in err, err
    assert "不是 UTF-8" in out and "检查了 1 份会议档案" in out


def test_settings_of_the_loop_out_of_range_are_one_line(tmp_path: Path) -> None:
    """A number of days no calendar can hold, or a status rule that does not exist, is one line saying
    what to write, for check and for the build alike (both read the settings the same way)."""
    make_archive(tmp_path)
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    for setting, said in (("due_soon_days: 99999999999", "请写 0 到 366 之间的天数"),
                          ("due_soon_days: ７", "不是天数"), ("feedback_status: always", "feedback_status“always”不可用")):
        (tmp_path / "mkdocs.yml").write_text(config.replace("      units:", f"      {setting}\n      units:"), encoding="utf-8")
        done = run(tmp_path, "check")
        assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_check_and_schema_do_not_load_the_other_commands() -> None:
    """``check`` and ``schema`` build only their own parsers: import's Word and pinyin modules cost each
    check a third of a second; ``--help`` still lists every command."""
    probe = ("import sys; from generator.cli.main import main; main(['schema']); "
             "print('loaded:' + ','.join(m for m in ('pypinyin', 'mammoth', 'generator.cli.importer') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "loaded:"
    shown = subprocess.run([sys.executable, "-m", "generator", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert all(c in shown.stdout for c in ("check", "schema", "new", "actions", "import", "feedback"))
