"""Rules across fields and dossiers, overdue and carried forward, the audience filter."""

from __future__ import annotations

from datetime import date

import pytest

from generator.domain import archive
from generator.check import run as checking
from generator.core.enums import Classification

from .conftest import dossier_text

ACTIONS = """\
actions:
  - id: A1
    task: 清理河道
    unit: 县水利局
    due: 2024-05-20
    status: 推进中
  - id: A2
    task: 加固堤防
    unit: 县水利局
    due: 2024-05-20
    status: 已办结
    updates:
      - date: 2024-05-19
        note: 已完成
  - id: A3
    task: 编制预案
    unit: 县水利局
    due: 2024-06-30
  - id: A4
    task: 采购物资
    unit: 县水利局
    due: 2024-05-10
"""

LATER = """\
actions:
  - id: A1
    task: 继续采购物资
    unit: 县水利局
    due: 2024-06-30
    carried_from: 2024-05-06-changwu-3#A4
"""


def _codes(result) -> list[str]:
    return [d.code for d in result.diagnostics]


def test_overdue_and_carried_forward(settings, write) -> None:
    write("2024/2024-05-06-changwu-3.md", dossier_text(ACTIONS))
    write("2024/2024-05-27-changwu-4.md", dossier_text(LATER, date="2024-05-27"))
    result = checking.check(settings)
    assert result.errors == 0, _codes(result)
    arc = archive.Archive(result.dossiers, settings)
    views = {f"{v.dossier.id}#{v.action.id}": v for v in arc.all_actions()}
    first = "2024-05-06-changwu-3"
    assert views[f"{first}#A1"].overdue is True  # in progress, due before as-of
    assert views[f"{first}#A2"].overdue is False  # done
    assert views[f"{first}#A3"].overdue is False  # not yet due
    assert views[f"{first}#A4"].overdue is False  # carried forward, never overdue
    assert views[f"{first}#A4"].carried_forward is True
    assert [str(k) for k in views[f"{first}#A4"].carried_to] == ["2024-05-27-changwu-4#A1"]
    assert views["2024-05-27-changwu-4#A1"].overdue is False


def test_overdue_depends_on_the_as_of_date(settings, write) -> None:
    write("2024/2024-05-06-changwu-3.md", dossier_text(ACTIONS))
    settings.as_of = date(2024, 5, 15)
    result = checking.check(settings)
    arc = archive.Archive(result.dossiers, settings)
    overdue = sorted(v.action.id for v in arc.all_actions() if v.overdue)
    assert overdue == ["A4"]  # A1 is due on the 20th, after the as-of date


def test_audience_filter(settings, write) -> None:
    write("a.md", dossier_text(classification="公开"))
    write("b.md", dossier_text(classification="秘密"))
    write("c.md", dossier_text(classification="内部"))
    result = checking.check(settings)
    arc = archive.Archive(result.dossiers, settings)
    assert [d.id for d in arc.visible] == ["a", "c"] and arc.withheld_count == 1
    settings.audience = Classification.SECRET
    assert len(archive.Archive(result.dossiers, settings).visible) == 3
    settings.audience = Classification.PUBLIC
    assert [d.id for d in archive.Archive(result.dossiers, settings).visible] == ["a"]


def test_all_problems_of_a_file_are_listed_at_once(settings, write) -> None:
    write(
        "x.md",
        dossier_text(
            """\
            decisions:
              - id: D1
                text: 同意
              - id: D1
                text: 再次同意
            actions:
              - id: A1
                task: 做事
                unit: 县水利局
                due: 2024-05-01
                decision: D9
            """,
            status="已办结",
        ).replace("## 会议概况\n\n会议研究了防汛工作。\n", ""),
    )
    result = checking.check(settings)
    assert sorted(_codes(result)) == ["closed_action_open", "closed_without_minutes", "decision_unknown", "due_before_meeting",
                                      "duplicate_id"]


def test_folder_dossier_with_attachment(settings, write) -> None:
    write(
        "2024/2024-05-06-zhuanti/index.md",
        dossier_text(
            """\
            documents:
              - id: F1
                title: 会议通知
                file: 通知.txt
              - id: F2
                title: 签到表
                file: 附件/签到表.txt
            """
        ),
    )
    write("2024/2024-05-06-zhuanti/通知.txt", "通知")
    write("2024/2024-05-06-zhuanti/附件/签到表.txt", "签到")
    write("2024/2024-05-06-zhuanti/附件/说明.md", "# 不是档案")  # a Markdown attachment is no dossier
    result = checking.check(settings)
    assert result.errors == 0, _codes(result)
    assert [d.id for d in result.dossiers] == ["2024-05-06-zhuanti"]


def test_hidden_and_template_paths_are_not_dossiers(settings, write) -> None:
    write("_templates/常务会议.md", "not a dossier")
    write(".drafts/x.md", "not a dossier")
    write("2024/_draft.md", "not a dossier")
    write("2024/ok.md", dossier_text())
    result = checking.check(settings)
    assert [d.id for d in result.dossiers] == ["ok"] and result.errors == 0


def test_symlink_attachment_leading_outside_is_an_error(settings, write, tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    path = write("x/index.md", dossier_text("documents:\n  - id: F1\n    title: 附件\n    file: link.txt\n"))
    (path.parent / "link.txt").symlink_to(secret)
    assert _codes(checking.check(settings)) == ["file_outside"]


def test_checking_named_files_resolves_references_in_their_archive(settings, write) -> None:
    write("2024/2024-05-06-changwu-3.md", dossier_text(ACTIONS))
    later = write("2024/2024-05-27-changwu-4.md", dossier_text(LATER, date="2024-05-27"))
    result = checking.check(settings, [later])
    assert [d.id for d in result.dossiers] == ["2024-05-27-changwu-4"]
    assert result.errors == 0, _codes(result)


def test_crlf_bom_and_english_values(settings, write) -> None:
    path = settings.dossiers_dir / "x.md"
    path.write_bytes(b"\xef\xbb\xbf" + dossier_text(status="held").replace("\n", "\r\n").encode())
    result = checking.check(settings)
    assert result.errors == 0 and result.dossiers[0].fm.status.zh == "已召开"


def test_a_strict_test_build_does_not_count_warnings_unless_the_test_asks(tmp_path) -> None:
    """The test sites show warnings as notes (``conftest.TEST_RULES``): a rule that warns, old or newly
    added, fails no strict build of an unrelated test; with the default levels the same build fails."""
    from mkdocs.exceptions import Abort, PluginError  # noqa: PLC0415

    from .conftest import build_site, dossier_text  # noqa: PLC0415

    folder = tmp_path / "dossiers" / "2024"
    folder.mkdir(parents=True)
    (folder / "2024-05-06-a.md").write_text(dossier_text(
        "attendees:\n  - {name: 张三, unit: 县水利厅, rsvp: 确认, signed_in: true}\n"), encoding="utf-8")  # a warning
    assert (build_site(tmp_path) / "meetings/2024/2024-05-06-a/index.html").is_file()
    with pytest.raises((PluginError, Abort)):
        build_site(tmp_path, rules="{}")
