"""`python -m generator new`: a new dossier from the template of its kind, with the lessons of the last meetings."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from generator.check import run as checking
from generator.source.loader import load_file
from generator.cli.new import ScaffoldError, create, scalar

from .conftest import ROOT, dossier_text

TEMPLATE = ROOT / "dossiers" / "_templates" / "常务会议.md"


def held(day: str, *lessons: tuple[str, str, str], classification: str = "内部", kind: str = "常务会议") -> str:
    lines = "lessons:\n" + "".join(
        f"  - category: {cat}\n    type: {typ}\n    text: {json.dumps(text, ensure_ascii=False)}\n" for cat, typ, text in lessons
    )
    return dossier_text(lines, date=day, classification=classification, kind=kind)


@pytest.fixture
def archive_dir(settings, write):
    """Five held 常务会议 (one 秘密), one 专题会议, and the real 常务会议 template."""
    settings.kinds = ["常务会议", "专题会议"]
    (settings.dossiers_dir / "_templates").mkdir()
    shutil.copy(TEMPLATE, settings.dossiers_dir / "_templates" / "常务会议.md")
    write("2024/2024-01-10-cw-1.md", held("2024-01-10", ("通知", "不足", "最早一次的不足，不应带入")))
    write("2024/2024-02-10-cw-2.md", held("2024-02-10", ("会场保障", "不足", "话筒没电：会前换新电池"),
                                          ("议程", "经验", "经验不带入")))
    write("2024/2024-03-10-cw-3.md", held("2024-03-10", ("保密", "不足", "SECRETLESSON 不应进入内部档案"),
                                          classification="秘密"))
    write("2024/2024-04-10-cw-4.md", held("2024-04-10", ("议程", "不足", "议题过多：不超过三项"),
                                          ("通知", "不足", "材料晚到 #2：至少提前两天")))
    write("2024/2024-04-20-zt-1.md", held("2024-04-20", ("会场保障", "不足", "ZTLESSON 不带入"), kind="专题会议"))
    return settings


def test_new_dossier_carries_the_improve_lessons_of_the_last_three_meetings(archive_dir) -> None:
    made = create(archive_dir, "常务会议", date(2024, 6, 10), "县政府第5次常务会议")
    assert made.path == archive_dir.dossiers_dir / "2024" / "2024-06-10-changwu-5.md"
    assert made.id == "2024-06-10-changwu-5"
    d = load_file(made.path)
    assert d.fm is not None, d.diagnostics
    assert (d.fm.title, d.fm.kind, d.fm.date, d.fm.status.zh) == ("县政府第5次常务会议", "常务会议", date(2024, 6, 10), "筹备")
    carried = [(c.item, c.done, c.note) for c in d.fm.checklist if c.note and c.note.startswith("来自")]
    # Newest first; the 秘密 meeting is one of the last three, but its lesson stays out of an 内部 dossier.
    assert carried == [
        ("议程：议题过多：不超过三项", False, "来自 2024-04-10-cw-4 经验总结（不足）"),
        ("通知：材料晚到 #2：至少提前两天", False, "来自 2024-04-10-cw-4 经验总结（不足）"),
        ("会场保障：话筒没电：会前换新电池", False, "来自 2024-02-10-cw-2 经验总结（不足）"),
    ]
    text = made.path.read_text(encoding="utf-8")
    for absent in ("最早一次", "经验不带入", "SECRETLESSON", "ZTLESSON"):
        assert absent not in text
    # The template's own checklist items stay, before the carried ones.
    items = [c.item for c in d.fm.checklist]
    assert items.index("会场布置及桌签摆放") < items.index("议程：议题过多：不超过三项")


def test_the_template_text_and_its_comments_stay(archive_dir) -> None:
    made = create(archive_dir, "常务会议", date(2024, 6, 10), "县政府第5次常务会议")
    template = TEMPLATE.read_text(encoding="utf-8").splitlines()
    new = made.path.read_text(encoding="utf-8").splitlines()
    changed = [line for line in template if line not in new]
    # Only title, date and the placeholder due dates of the preparation tasks differ; comments stay.
    assert all(line.startswith(("title:", "date:")) or line.strip().startswith("due:") for line in changed), changed
    assert [line for line in new if line.lstrip().startswith("#")][: 3] == [
        line for line in template if line.lstrip().startswith("#")
    ][:3]
    assert "title: 县政府第5次常务会议  # 会议名称（必填）" in "\n".join(new)
    # Placeholder due dates keep their distance to the meeting (template: 2026-01-01 → 2025-12-26).
    d = load_file(made.path)
    assert [t.due for t in d.fm.preparation] == [date(2024, 6, 4), date(2024, 6, 7), date(2024, 6, 8), date(2024, 6, 9)]


def test_the_new_dossier_passes_check(archive_dir) -> None:
    made = create(archive_dir, "常务会议", date(2024, 6, 10), "县政府第5次常务会议")
    result = checking.check(archive_dir, [made.path])
    assert result.errors == 0, [str(x) for x in result.diagnostics]


def test_never_overwrites(archive_dir) -> None:
    first = create(archive_dir, "常务会议", date(2024, 6, 10), "第一份", slug="cw-5")
    before = first.path.read_bytes()
    with pytest.raises(ScaffoldError, match="已存在，未覆盖"):
        create(archive_dir, "常务会议", date(2024, 6, 10), "第二份", slug="cw-5")
    assert first.path.read_bytes() == before
    # Run again without a slug, the same command says the meeting is there and asks for a slug.
    with pytest.raises(ScaffoldError, match=r"已有一份 2024-06-10 的常务会议档案：.*2024/2024-06-10-cw-5.md（第一份），未写入"):
        create(archive_dir, "常务会议", date(2024, 6, 10), "第二份")
    assert sorted(p.name for p in (archive_dir.dossiers_dir / "2024").iterdir())[-1] == "2024-06-10-cw-5.md"
    # Another day: the next number of that kind in that year, in pinyin.
    second = create(archive_dir, "常务会议", date(2024, 6, 17), "第二份")
    assert second.path.name == "2024-06-17-changwu-6.md"


@pytest.mark.parametrize("kind, slug", [("常务会议", "changwu"), ("全体会议", "quanti"), ("专题会议", "zhuanti"),
                                        ("工作会议", "gongzuo"), ("表彰大会", "biaozhang"), ("座谈会", "zuotan"),
                                        ("党组会议", "dangzu"), ("Board", "board")])
def test_a_kind_is_named_in_pinyin(kind: str, slug: str) -> None:
    from generator.cli.new import kind_slug  # noqa: PLC0415

    assert kind_slug(kind) == slug


def test_planned_meetings_do_not_push_held_ones_out_of_the_lessons(archive_dir, write) -> None:
    """The lessons come from the last three meetings of the kind *held* before the new date: planned
    ones in between have none yet and are passed over."""
    for day in ("2024-05-01", "2024-05-08", "2024-05-15"):
        write(f"2024/{day}-plan.md", dossier_text(date=day, status="筹备"))
    made = create(archive_dir, "常务会议", date(2024, 6, 10), "县政府第9次常务会议")
    sources = {c.source for c in made.carried}
    assert sources == {"2024-04-10-cw-4", "2024-02-10-cw-2"}  # and the 秘密 one, whose lesson stays out


def test_refuses_an_unknown_kind_or_a_taken_id(archive_dir) -> None:
    with pytest.raises(ScaffoldError, match="未知的会议类型"):
        create(archive_dir, "茶话会", date(2024, 6, 10), "x")
    # The same id in a folder of another year is still the same id.
    (archive_dir.dossiers_dir / "2023").mkdir()
    (archive_dir.dossiers_dir / "2023" / "2024-06-10-dup.md").write_text(dossier_text(), encoding="utf-8")
    with pytest.raises(ScaffoldError, match="已被"):
        create(archive_dir, "常务会议", date(2024, 6, 10), "x", slug="dup")
    assert not (archive_dir.dossiers_dir / "2024" / "2024-06-10-dup.md").exists()


@pytest.mark.parametrize("text", ["县政府第5次常务会议", "议题：防汛", "带 # 号", '引号"和\'', "- 开头", "true", "2024-05-06", " 空格"])
def test_scalars_read_back_as_written(text: str) -> None:
    import yaml

    assert yaml.safe_load(f"k: {scalar(text)}") == {"k": text}


def test_cli_new_writes_then_refuses(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ndocs_dir: dossiers\nplugins:\n  - meeting-archive:\n      kinds: [常务会议]\n", encoding="utf-8"
    )
    (tmp_path / "dossiers" / "_templates").mkdir(parents=True)
    shutil.copy(TEMPLATE, tmp_path / "dossiers" / "_templates" / "常务会议.md")
    (tmp_path / "dossiers" / "2024").mkdir()
    (tmp_path / "dossiers" / "2024" / "2024-04-10-cw-4.md").write_text(
        held("2024-04-10", ("议程", "不足", "议题过多")), encoding="utf-8"
    )

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "generator", "new", *args], cwd=tmp_path, capture_output=True, text=True,
            encoding="utf-8", env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        )

    proc = run("常务会议", "2024-06-10", "县政府第5次常务会议")
    assert proc.returncode == 0, proc.stderr
    assert "已新建会议档案：dossiers/2024/2024-06-10-changwu-2.md（状态 筹备）" in proc.stdout
    assert "议程：议题过多（来自 2024-04-10-cw-4 经验总结（不足））" in proc.stdout
    assert "error" not in proc.stdout
    proc = run("常务会议", "2024-06-10", "再来一次", "--slug", "changwu-2")
    assert proc.returncode == 1 and "已存在，未覆盖" in proc.stderr
    proc = run("常务会议", "2024-06-10", "再来一次")
    assert proc.returncode == 1 and "已有一份 2024-06-10 的常务会议档案：dossiers/2024/2024-06-10-changwu-2.md" in proc.stderr
    proc = run("常务会议", "2024/6/10", "x")
    assert proc.returncode == 1 and "不是 YYYY-MM-DD" in proc.stderr
