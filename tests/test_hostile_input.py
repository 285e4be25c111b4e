"""Input a clerk or an attacker can make that the bad-input fixtures cannot hold: file names that are not
UTF-8, hard links, text kept exactly as written, and dossiers that pass ``check`` but once crashed the
build. Each case is one ``FILE:LINE:COL`` line, never a traceback, and a build from input that checks
clean always succeeds."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from generator.check import run as checking
from generator.cli.main import main
from generator.core.diagnostics import format_text
from generator.source.loader import load_file

from .conftest import FIXTURES, build_site, dossier_text


def _lines(result: checking.CheckResult, lang: str = "zh") -> list[str]:
    return [re.sub(r"^.*?/dossiers/", "", line) for line in format_text(result.diagnostics, lang)]


def _codes(result: checking.CheckResult) -> list[str]:
    return [d.code for d in result.diagnostics]


def test_text_is_kept_exactly_as_written() -> None:
    """YAML 1.1 would read 010 as 8, yes as true, 2024.10 as 2024.1, 1e3 as 1000.0, 0x10 as 16."""
    fm = load_file(FIXTURES / "good/text-as-written.md").fm
    assert fm is not None
    assert fm.title == "[[[[[[[[[[[[[[县政府第3次常务会议]]]]]]]]]]]]]]"  # brackets in quotes are text, not nesting
    assert (fm.venue, fm.chair, fm.recorder) == ("yes", "1e3", "0x10")
    assert fm.tags == ["2024.10", "010", "on"]
    assert (fm.documents[0].id, fm.documents[0].archive_ref) == ("010", "2024.10")
    assert fm.documents[0].copies == 10  # a number field reads digits as a decimal number
    assert (fm.decisions[0].id, fm.decisions[0].text) == ("007", "no")
    assert fm.start == "09:30"  # an unquoted time is a time, not YAML 1.1's 570


def test_a_file_name_that_is_not_utf8(settings, write, capsys) -> None:
    """As unpacked from a zip made on Chinese Windows: the name's bytes are GBK."""
    good = write("2024/2024-05-06-a.md", dossier_text())
    bad = Path(os.fsdecode(bytes(good.parent) + b"/2024-05-07-\xbb\xe1\xd2\xe9.md"))
    bad.write_text(dossier_text(date="2024-05-07"), encoding="utf-8")
    result = checking.check(settings)
    assert _lines(result) == [
        "2024/2024-05-07-\\xbb\\xe1\\xd2\\xe9.md:1:1: error: 文件名（或它所在的文件夹名）不是 UTF-8 编码，多见于中文 Windows 打包的 zip"
        "（按 GBK 读出来是“2024/2024-05-07-会议.md”）；请重命名这个文件或文件夹（解压时选择 UTF-8 文件名，或在本机重新输入名称）"
    ]
    assert _lines(result, "en")[0].startswith("2024/2024-05-07-\\xbb\\xe1\\xd2\\xe9.md:1:1: error: the name of this file")
    old = os.getcwd()
    os.chdir(settings.dossiers_dir.parent)
    try:
        assert main(["check", "--as-of", "2024-06-01", "dossiers"]) == 1  # printed, not a traceback
    finally:
        os.chdir(old)
    assert "2024-05-07-\\xbb\\xe1\\xd2\\xe9.md:1:1: error:" in capsys.readouterr().out


def test_a_file_name_that_is_not_utf8_fails_the_build_cleanly(tmp_path: Path, caplog) -> None:
    from mkdocs.exceptions import Abort, PluginError  # noqa: PLC0415

    folder = tmp_path / "dossiers" / "2024"
    folder.mkdir(parents=True)
    (folder / "2024-05-06-a.md").write_text(dossier_text(), encoding="utf-8")
    Path(os.fsdecode(bytes(folder) + b"/\xbb\xe1\xd2\xe9.md")).write_text(dossier_text(), encoding="utf-8")
    attach = folder / "2024-05-08-b"
    attach.mkdir()
    (attach / "index.md").write_text(dossier_text(date="2024-05-08"), encoding="utf-8")
    Path(os.fsdecode(bytes(attach) + b"/\xbb\xe1.pdf")).write_bytes(b"%PDF")  # an attachment nobody names
    with pytest.raises((PluginError, Abort)):
        build_site(tmp_path)
    assert any("会议档案有 1 个错误" in r.getMessage() for r in caplog.records)


def test_ids_that_differ_only_by_an_invisible_character(settings, write) -> None:
    write("2024/2024-05-06-changwu-3.md", dossier_text())
    write("2024/2024-05-06-changwu\u200b-3.md", dossier_text())
    result = checking.check(settings)
    assert sorted(_codes(result)) == ["duplicate_dossier_folded", "duplicate_dossier_folded", "filename_invisible"]
    named = [line for line in _lines(result) if "看不见的字符" in line and "文件名" in line]
    assert named == ["2024/2024-05-06-changwu\u200b-3.md:1:1: error: 文件名中有一个看不见的字符：零宽空格（U+200B）；"
                     "档案编号就是文件名，请重命名这个文件（或文件夹）"]


def test_action_ids_that_differ_only_by_an_invisible_character(settings, write) -> None:
    """Inside the front matter the invisible character is itself the error, at its own line and column."""
    actions = "actions:\n  - id: A1\n    task: 甲\n    unit: 县水利局\n    due: 2024-05-20\n" \
              "  - id: A\u200b1\n    task: 乙\n    unit: 县水利局\n    due: 2024-05-20\n"
    write("2024/a.md", dossier_text(actions))
    result = checking.check(settings)
    # Read on as if it were not there, the two ids are one: that is said too.
    assert [(d.line, d.col, d.code) for d in result.diagnostics] == [(12, 5, "duplicate_id"), (12, 10, "invisible_char")]


KEPT = "devices: {collected: 3, returned: 3}\n"  # a held 秘密 meeting records the phones it kept


def test_a_hard_link_to_another_dossiers_source_is_an_error(settings, write) -> None:
    secret = write("2024/2024-05-08-secret.md", dossier_text(KEPT, classification="秘密", date="2024-05-08"))
    docs = "documents:\n  - id: F1\n    title: 纪要\n    file: 纪要.txt\n"
    mine = write("2024/2024-05-06-a/index.md", dossier_text(docs))
    os.link(secret, mine.parent / "纪要.txt")
    result = checking.check(settings)
    assert [(d.line, d.code) for d in result.diagnostics] == [(10, "file_other_dossier")]


def test_one_file_named_by_two_dossiers_is_an_error(settings, write) -> None:
    docs = "documents:\n  - id: F1\n    title: 方案\n    file: 方案.pdf\n"
    a = write("2024/2024-05-06-a/index.md", dossier_text(docs))
    write("2024/2024-05-06-a/方案.pdf", "%PDF 秘密方案")
    b = write("2024/2024-05-08-b/index.md", dossier_text(docs + KEPT, classification="秘密", date="2024-05-08"))
    os.link(a.parent / "方案.pdf", b.parent / "方案.pdf")
    result = checking.check(settings)
    assert sorted((d.file.parent.name, d.code) for d in result.diagnostics) == [
        ("2024-05-06-a", "file_other_dossier"), ("2024-05-08-b", "file_other_dossier")]


@pytest.mark.parametrize("named", ["2024-05-08-secret.md", "2024-05-08-secret/方案.pdf", "./2024-05-08-secret.md"])
def test_a_flat_dossier_names_no_file_not_even_a_siblings(settings, write, named: str) -> None:
    write("2024/2024-05-08-secret.md", dossier_text(KEPT, classification="秘密", date="2024-05-08"))
    write("2024/2024-05-08-secret/方案.pdf", "%PDF")
    docs = f"documents:\n  - id: F1\n    title: 附件\n    file: {named}\n"
    write("2024/2024-05-06-a.md", dossier_text(docs) + f"\n[纪要]({named})\n")
    result = checking.check(settings)
    assert _codes(result) == ["file_flat_dossier", "body_link_flat_dossier"]
    assert "请把它改成文件夹 2024-05-06-a/index.md" in result.diagnostics[0].message("zh")


def test_a_body_line_like_the_internal_marker_builds(tmp_path: Path) -> None:
    body = "## 纪要\n\nMAHTMLBLOCK000000\n\nMAHTMLBLOCK999999\n\n<p>MAHTMLBLOCK000001</p>\n"
    folder = tmp_path / "dossiers" / "2024"
    folder.mkdir(parents=True)
    (folder / "2024-05-06-a.md").write_text(dossier_text().split("## 会议概况")[0] + body, encoding="utf-8")
    site = build_site(tmp_path)
    page = (site / "meetings/2024/2024-05-06-a/index.html").read_text(encoding="utf-8")
    assert page.count("MAHTMLBLOCK000000") == 1 and "MAHTMLBLOCK999999" in page and "MAHTMLBLOCK000001" in page


def test_a_due_date_on_the_last_day_of_the_calendar_builds(tmp_path: Path) -> None:
    actions = "actions:\n  - id: A1\n    task: 长期坚持\n    unit: 县水利局\n    due: 9999-12-31\n"
    folder = tmp_path / "dossiers" / "2024"
    folder.mkdir(parents=True)
    (folder / "2024-05-06-a.md").write_text(dossier_text(actions), encoding="utf-8")
    site = build_site(tmp_path)
    ics = (site / "exports/calendar.ics").read_text(encoding="utf-8")
    todo = ics.split("BEGIN:VTODO")[1].split("END:VTODO")[0]
    assert "长期坚持" in todo and "DUE" not in todo and "VALARM" not in todo  # no deadline: a to-do with no due date
    assert "9999年12月31日" in (site / "actions/index.html").read_text(encoding="utf-8")


def test_names_with_one_address_get_pages_of_their_own(tmp_path: Path) -> None:
    actions = ("actions:\n  - id: A1\n    task: 甲任务\n    unit: 县水利局/防汛办\n    due: 2024-05-20\n"
               "  - id: A2\n    task: 乙任务\n    unit: 县水利局-防汛办\n    due: 2024-05-20\n")
    tags = "tags: [防汛/抗旱, 防汛-抗旱]\n"
    folder = tmp_path / "dossiers" / "2024"
    folder.mkdir(parents=True)
    (folder / "2024-05-06-a.md").write_text(dossier_text(actions + tags), encoding="utf-8")
    site = build_site(tmp_path, strict=False, rules="{unit-unknown: warning}")  # names not in the list
    plain = (site / "units/县水利局-防汛办/index.html").read_text(encoding="utf-8")
    other = (site / "units/县水利局-防汛办-2/index.html").read_text(encoding="utf-8")
    assert "乙任务" in plain and "甲任务" not in plain
    assert "甲任务" in other and "乙任务" not in other
    assert (site / "archive/tag/防汛-抗旱/index.html").is_file() and (site / "archive/tag/防汛-抗旱-2/index.html").is_file()
    index = unquote((site / "units/index.html").read_text(encoding="utf-8"))
    assert 'href="县水利局-防汛办-2/">县水利局/防汛办<' in index and 'href="县水利局-防汛办/">县水利局-防汛办<' in index


def test_invisible_characters_in_the_minutes_are_not_published(tmp_path: Path) -> None:
    folder = tmp_path / "dossiers" / "2024"
    folder.mkdir(parents=True)
    text = dossier_text().replace("会议研究了防汛工作。", "会议研究了\u200b防汛\x0b工作\x00。")
    (folder / "2024-05-06-a.md").write_text(text, encoding="utf-8")
    site = build_site(tmp_path, strict=False)
    page = (site / "meetings/2024/2024-05-06-a/index.html").read_text(encoding="utf-8")
    assert "会议研究了防汛 工作 。" in page
    assert not re.search("[\u200b\x00\x0b]", page)


def test_a_file_name_with_a_character_that_means_something_in_an_address(settings, write) -> None:
    write("2024/2024-05-06-a#b.md", dossier_text())
    write("2024/2024-05-07-c%20d.md", dossier_text(date="2024-05-07"))
    result = checking.check(settings)
    assert [(d.file.name, d.code) for d in result.diagnostics] == [
        ("2024-05-06-a#b.md", "filename_char"), ("2024-05-07-c%20d.md", "filename_char")]
    assert "文件名中有“#”" in result.diagnostics[0].message("zh")


@pytest.mark.parametrize("env, setting, says", [
    ({"AS_OF": "2026-13-01"}, "", "基准日期（as_of）“2026-13-01”不是 YYYY-MM-DD 格式的日期"),
    ({"AS_OF": "2026-02-30"}, "", "“2026-02-30”不是 YYYY-MM-DD"),
    ({"AUDIENCE": "[秘密"}, "", "未知的读者范围（audience）“[秘密”"),
    ({}, "      as_of: 2026-13-01\n", "“2026-13-01”不是 YYYY-MM-DD"),
    ({}, "      max_attachment_mb: abc\n", "附件大小上限（max_attachment_mb）“abc”不是数字"),
    ({}, "      dossiers: nowhere\n", "档案文件夹"),
], ids=["as-of-month", "as-of-day", "audience", "as-of-in-file", "max-mb", "no-dossiers"])
def test_settings_a_clerk_mistypes_are_one_line(tmp_path: Path, monkeypatch, capsys, env, setting, says) -> None:
    (tmp_path / "dossiers").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\ndocs_dir: dossiers\nplugins:\n  - meeting-archive:\n" + (setting or "      units: []\n"),
        encoding="utf-8")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err


def test_a_new_dossier_refuses_what_its_own_check_would(settings, capsys) -> None:
    from generator.cli.new import ScaffoldError, create  # noqa: PLC0415
    from datetime import date  # noqa: PLC0415

    with pytest.raises(ScaffoldError, match="年份不在 1900—2099"):
        create(settings, "常务会议", date(1, 1, 1), "县政府常务会议")
    with pytest.raises(ScaffoldError, match="会议名称中有看不见的字符：控制字符（U\\+0001）"):
        create(settings, "常务会议", date(2024, 6, 1), "县政府\x01常务会议")
    assert not list(settings.dossiers_dir.rglob("*.md"))


def test_every_yaml_syntax_error_is_said_in_chinese_inside_the_front_matter(tmp_path: Path) -> None:
    """Thousands of sample front matters broken the way hurried typing breaks them (a stray colon, dash,
    bracket, quote, tab, &, *, !, % or |; a character deleted; a line indented): every parser error the
    parser can give reaches the clerk in Chinese words, never the parser's English, at a line of the
    front matter."""
    import random  # noqa: PLC0415

    from .conftest import ROOT  # noqa: PLC0415

    samples = sorted((ROOT / "dossiers").glob("20*/**/*.md"))
    texts = [p.read_text(encoding="utf-8").split("---\n")[1] for p in samples]
    marks = list(':-[]{}"\'\t&*!|>%@`#,?') + [": ", "- ", "\n  -", "---", "...", "[[", "{{", "!!", "&a ", "*a", "? "]
    rng = random.Random(7)
    seen: set[str] = set()
    for n in range(3000):
        lines = rng.choice(texts).split("\n")
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(lines))
            j = rng.randint(0, len(lines[i]))
            op = rng.random()
            if op < 0.6:
                lines[i] = lines[i][:j] + rng.choice(marks) + lines[i][j:]
            elif op < 0.8:
                lines[i] = lines[i][:j] + lines[i][j + 1:]
            else:
                lines[i] = " " + lines[i]
        path = tmp_path / f"{n}.md"
        path.write_text("---\n" + "\n".join(lines) + "---\n正文\n", encoding="utf-8")
        for d in load_file(path).diagnostics:
            if d.code != "yaml_syntax":
                continue
            message = d.message("zh")
            seen.add(message)
            assert not re.search(r"[A-Za-z]{3,}", message.replace("YAML", "").replace("Tab", "")), message
            assert 1 <= d.line <= len(lines) + 2, (d.line, message)
    assert len(seen) >= 15  # the parser's many kinds of error were met, each said in Chinese
