"""`python -m generator actions`: the follow-up ledger in the terminal, overdue first, with filters and formats."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from generator.cli.main import main

from .conftest import dossier_text

CONFIG = """\
site_name: t
docs_dir: dossiers
plugins:
  - meeting-archive:
      as_of: "2024-06-01"
      kinds: [常务会议]
      units: [县政府办公室, 县财政局, 县水利局, 县教育局]
"""

FIRST = """\
actions:
  - {id: A1, task: 清理河道, unit: 县水利局, due: 2024-05-20, status: 推进中}
  - {id: A2, task: 采购物资, unit: 县财政局, due: 2024-05-10}
  - {id: A3, task: 拨付资金, unit: 县财政局, due: 2024-05-07}
  - id: A4
    task: 检查水库
    unit: 县水利局
    due: 2024-05-30
    status: 已办结
    updates: [{date: 2024-05-25, note: 检查完毕}]
  - {id: A5, task: 修缮校舍, unit: 县教育局, due: 2024-07-01}
  - {id: A6, task: 撤销的事项, unit: 县教育局, due: 2024-05-15, status: 已取消}
"""

LATER = """\
actions:
  - {id: A1, task: 继续采购物资, unit: 县财政局, due: 2024-06-30, carried_from: "2024-05-06-a#A2"}
"""

SECRET = """\
actions:
  - {id: A1, task: CANARYTASK, unit: 县水利局, due: 2024-05-09}
"""


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    folder = tmp_path / "dossiers" / "2024"
    folder.mkdir(parents=True)
    (folder / "2024-05-06-a.md").write_text(dossier_text(FIRST), encoding="utf-8")
    (folder / "2024-05-27-b.md").write_text(dossier_text(LATER, date="2024-05-27"), encoding="utf-8")
    (folder / "2024-05-08-mimi.md").write_text(dossier_text(SECRET, date="2024-05-08", classification="秘密"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "220")  # rich lays the table out for this width when not on a terminal
    return tmp_path


def run(capsys, *args: str) -> str:
    assert main(["actions", *args]) == 0
    return capsys.readouterr().out


def rows_csv(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


def test_table_lists_overdue_first_with_days_overdue(root: Path, capsys) -> None:
    out = run(capsys)
    lines = out.splitlines()

    def row(task: str) -> int:  # the line whose 督办事项 cell is exactly this task
        return next(i for i, ln in enumerate(lines) if re.search(rf"\s{task}\s", ln))

    order = ["拨付资金", "清理河道", "继续采购物资", "修缮校舍", "采购物资", "检查水库", "撤销的事项"]
    assert [row(t) for t in order] == sorted(row(t) for t in order), out
    line = lines[row("拨付资金")]
    assert "逾期25天" in line and "2024-05-07" in line and "县财政局" in line
    assert "逾期12天" in lines[row("清理河道")]
    assert "已结转" in lines[row("采购物资")]
    assert "基准日期 2024-06-01" in out and "共 7 项，逾期 2 项" in out
    assert "CANARYTASK" not in out  # a 秘密 dossier is above the configured audience (内部)


def test_audience_and_as_of_options(root: Path, capsys) -> None:
    out = run(capsys, "--audience", "秘密")
    assert "CANARYTASK" in out and "逾期23天" in out
    assert out.index("拨付资金") < out.index("CANARYTASK") < out.index("清理河道")  # 25 > 23 > 12 days
    rows = rows_csv(run(capsys, "--as-of", "2024-05-21", "--format", "csv"))
    assert [(r["督办事项"], r["逾期天数"]) for r in rows if r["状态"] == "逾期"] == [("拨付资金", "14"), ("采购物资", "11"), ("清理河道", "1")]


def test_filters(root: Path, capsys) -> None:
    unit = rows_csv(run(capsys, "--unit", "水利", "--format", "csv"))
    assert [(r["会议编号"], r["督办编号"]) for r in unit] == [("2024-05-06-a", "A1"), ("2024-05-06-a", "A4")]
    assert rows_csv(run(capsys, "--unit", "县财政局", "--format", "csv"))[0]["督办事项"] == "拨付资金"
    overdue = rows_csv(run(capsys, "--overdue", "--format", "csv"))
    assert [r["督办事项"] for r in overdue] == ["拨付资金", "清理河道"]
    assert rows_csv(run(capsys, "--status", "逾期", "--format", "csv")) == overdue
    assert [r["督办事项"] for r in rows_csv(run(capsys, "--status", "open", "--format", "csv"))] == ["继续采购物资", "修缮校舍"]
    both = rows_csv(run(capsys, "--status", "已办结,cancelled", "--format", "csv"))
    assert [r["状态"] for r in both] == ["已办结", "已取消"]
    assert [r["督办事项"] for r in rows_csv(run(capsys, "--status", "已结转", "--format", "csv"))] == ["采购物资"]
    assert rows_csv(run(capsys, "--unit", "水利", "--status", "逾期", "--format", "csv"))[0]["督办事项"] == "清理河道"


def test_csv_and_json_formats(root: Path, capsys) -> None:
    rows = rows_csv(run(capsys, "--format", "csv"))
    assert len(rows) == 7
    first = rows[0]
    assert first["状态"] == "逾期" and first["逾期天数"] == "25" and first["办理时限"] == "2024-05-07"
    assert first["会议日期"] == "2024-05-06" and first["办理状态"] == "未启动"
    done = next(r for r in rows if r["督办事项"] == "检查水库")
    assert (done["最新反馈日期"], done["最新反馈"], done["逾期天数"]) == ("2024-05-25", "检查完毕", "")

    data = json.loads(run(capsys, "--format", "json"))
    assert data["as_of"] == "2024-06-01" and data["audience"] == "internal"
    got = [(a["meeting"], a["id"], a["state"], a["days_overdue"]) for a in data["actions"]]
    assert got == [
        ("2024-05-06-a", "A3", "overdue", 25),
        ("2024-05-06-a", "A1", "overdue", 12),
        ("2024-05-27-b", "A1", "open", None),
        ("2024-05-06-a", "A5", "open", None),
        ("2024-05-06-a", "A2", "carried", None),
        ("2024-05-06-a", "A4", "done", None),
        ("2024-05-06-a", "A6", "cancelled", None),
    ]
    carried = next(a for a in data["actions"] if a["state"] == "carried")
    assert carried["carried_to"] == ["2024-05-27-b#A1"] and carried["days_overdue"] is None


def test_unknown_status_is_refused(root: Path, capsys) -> None:
    assert main(["actions", "--status", "拖延"]) == 2
    assert "未知的状态“拖延”" in capsys.readouterr().err


def test_dossiers_with_errors_are_left_out_with_a_note(root: Path, capsys) -> None:
    (root / "dossiers" / "2024" / "bad.md").write_text(dossier_text(date="2024/5/6"), encoding="utf-8")
    assert main(["actions", "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert len(rows_csv(captured.out)) == 7
    assert "1 份档案有错误，未列入台账" in captured.err


def test_due_soon_lists_what_falls_due_within_the_setting(root: Path, capsys) -> None:
    # As of 2024-06-25: 继续采购物资 (06-30) and 修缮校舍 (07-01) are due within 7 days; nothing else is.
    soon = rows_csv(run(capsys, "--as-of", "2024-06-25", "--due-soon", "--format", "csv"))
    assert [(r["督办事项"], r["状态"]) for r in soon] == [("继续采购物资", "临期"), ("修缮校舍", "临期")]
    assert rows_csv(run(capsys, "--as-of", "2024-06-25", "--status", "临期", "--format", "csv")) == soon
    both = rows_csv(run(capsys, "--as-of", "2024-06-25", "--due-soon", "--overdue", "--format", "csv"))
    assert [r["状态"] for r in both] == ["逾期", "逾期", "临期", "临期"]  # overdue first, then due soon
    table = run(capsys, "--as-of", "2024-06-25")
    assert "临期5天" in table and "临期6天" in table and "临期 2 项" in table
    (root / "mkdocs.yml").write_text(CONFIG.replace('as_of: "2024-06-01"', 'as_of: "2024-06-01"\n      due_soon_days: 5'),
                                     encoding="utf-8")
    assert [r["督办事项"] for r in rows_csv(run(capsys, "--as-of", "2024-06-25", "--due-soon", "--format", "csv"))] == ["继续采购物资"]


def test_by_default_it_lists_what_the_site_lists(root: Path, capsys) -> None:
    """Open actions and the settled ones of the last year; --all lists every one."""
    late = rows_csv(run(capsys, "--as-of", "2025-07-01", "--format", "csv"))
    # More than a year on, the done, cancelled and carried-forward actions of 2024-05 are off the page.
    assert [r["督办事项"] for r in late] == ["拨付资金", "清理河道", "继续采购物资", "修缮校舍"]
    every = rows_csv(run(capsys, "--as-of", "2025-07-01", "--all", "--format", "csv"))
    assert len(every) == 7 and {"检查水库", "撤销的事项", "采购物资"} <= {r["督办事项"] for r in every}


def test_the_table_fits_an_80_column_terminal(root: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every line within 80 cells (a Chinese character is two), one line per action: a long task is cut
    with … instead of being folded into pieces of two characters."""
    from rich.cells import cell_len

    long_task = "组织开展全县城乡结合部及农村地区自建房屋结构安全隐患排查整治工作并建立台账"
    (root / "dossiers" / "2024" / "2024-05-28-c.md").write_text(dossier_text(
        f"actions:\n  - {{id: A1, task: {long_task}, unit: 县人力资源和社会保障局, due: 2024-06-03}}\n",
        date="2024-05-28"), encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG.replace("县教育局]", "县教育局, 县人力资源和社会保障局]"), encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "80")
    out = run(capsys)
    lines = out.rstrip("\n").split("\n")
    assert max(cell_len(line) for line in lines) <= 80
    body = [line for line in lines if re.match(r"\s*(逾期|临期|今天到期|未启动|推进中|已办结|已取消|已结转)", line)]
    assert len(body) == 8  # one line per action, none folded
    row = next(line for line in body if "组织开展" in line)
    assert "…" in row and "临期2天" in row and "2024-06-03" in row
    assert all(re.search(r"\d{4}-\d\d-\d\d", line) for line in body)  # the due date is never dropped
    monkeypatch.setenv("COLUMNS", "120")
    assert "县政府第3次常务会议（2024-05-28）" in run(capsys)  # from 110 columns: the owner and the meeting
    monkeypatch.setenv("COLUMNS", "200")
    wide = run(capsys)
    assert long_task in wide and "最新反馈" in wide and max(cell_len(line) for line in wide.split("\n")) <= 200


def test_a_unit_that_matches_nothing_is_said(root: Path, capsys) -> None:
    assert main(["actions", "--unit", "不存在局", "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert rows_csv(captured.out) == [] and "没有名称是或包含“不存在局”的责任单位或配合单位" in captured.err
