"""The documents register (/documents/): every document, its disposition, unsettled ones of held meetings first."""

from __future__ import annotations

import re
from datetime import date

import pytest
import yaml
from generator.check import run as checking
from generator.domain.archive import Archive
from generator.domain.documents import register as rows
from generator.source.model import unsettled_too_long
from generator.site.pages.documents import documents_page

from .conftest import dossier_text


def docs(*items: str) -> str:
    return "documents:\n" + "".join(f"  - {item}\n" for item in items)


@pytest.fixture
def arc(settings, write) -> Archive:  # as_of 2024-06-01
    write("2024/d1.md", dossier_text(docs(
        "{id: F1, title: 清退未齐, copies: 10, disposition: 清退, returned: 8}",
        "{id: F2, title: 已归档, disposition: 归档, archive_ref: QS-1}",
    ), date="2024-05-20"))
    write("2024/d2.md", dossier_text(docs("{id: F1, title: 待销毁, copies: 5, disposition: 销毁, destroyed: 0}"), date="2024-05-28"))
    write("2024/d3.md", dossier_text(docs("{id: F1, title: 筹备中的文件, copies: 20, disposition: 清退}"),
                                     date="2024-06-10", status="筹备"))
    write("2024/d4.md", dossier_text(docs(
        "{id: F1, title: 清退已齐, copies: 10, disposition: 清退, returned: 10, returned_on: 2024-04-02}",
        "{id: F2, title: 留存的文件, disposition: 留存}",
        "{id: F3, title: 未定处置, copies: 3}",
    ), date="2024-04-01", status="已办结"))
    write("2024/d5.md", dossier_text(docs("{id: F1, title: 归档缺卷号, disposition: 归档}"), date="2024-03-01"))
    write("2024/secret.md", dossier_text(docs("{id: F1, title: CANARYDOC, copies: 2, disposition: 清退}"),
                                         date="2024-05-01", classification="秘密"))
    result = checking.check(settings)
    assert result.errors == 0, [str(d) for d in result.diagnostics]
    return Archive(result.dossiers, settings)


def test_order_unsettled_of_held_meetings_first(arc: Archive) -> None:
    items, withheld = rows(arc)
    assert withheld == 0
    assert [(r.dossier.id, r.doc.id) for r in items] == [
        ("d5", "F1"), ("d1", "F1"), ("d2", "F1"),  # held, unsettled: oldest meeting first
        ("d3", "F1"),  # a meeting not yet held
        ("d1", "F2"), ("d4", "F1"), ("d4", "F2"), ("d4", "F3"),  # settled or no disposition: newest first
    ]
    state = {(r.dossier.id, r.doc.id): (r.settled, r.late) for r in items}
    assert state[("d5", "F1")] == (False, True)  # 92 days after the meeting
    assert state[("d1", "F1")] == (False, True)  # 12 days
    assert state[("d2", "F1")] == (False, False)  # 4 days: not yet late
    assert state[("d3", "F1")] == (False, False)
    assert state[("d4", "F2")] == (True, False) and state[("d4", "F3")] == (None, False)


def test_unsettled_past_seven_days(arc: Archive) -> None:
    """The one test the register's flag and the validator's warning share."""
    def late(ident: str, as_of: date) -> list[int]:
        fm = arc.by_id[ident].fm
        return [i for i, doc in enumerate(fm.documents) if unsettled_too_long(fm.status.took_place, fm.date, as_of, doc.settled)]

    assert late("d1", arc.as_of) == [0]
    assert late("d2", arc.as_of) == []
    assert late("d2", date(2024, 6, 5)) == [0]
    assert late("d3", date(2024, 7, 1)) == []  # never held
    assert late("d4", arc.as_of) == []


def test_page(arc: Archive) -> None:
    page = documents_page(arc)["documents/index.md"]
    assert "本站收录的会议文件 8 份：已召开会议中尚未处置完毕 <strong>3</strong> 份（其中会后超过 7 天仍未完成 <strong>2</strong> 份）" in page
    assert "筹备中会议的文件 1 份，已处置完毕 3 份，未定处置方式 1 份" in page
    body = page.split("<tbody>")[1]
    titles = re.findall(r"</td><td>[^<]*</td><td>([^<]+)</td><td>内部</td>", body)
    assert titles == ["归档缺卷号", "清退未齐", "待销毁", "筹备中的文件", "已归档", "清退已齐", "留存的文件", "未定处置"]
    assert body.count('class="ma-row-overdue"') == 2
    assert "会后 92 天未完成" in body and "会后 12 天未完成" in body
    assert "已清退 8/10 份" in body and "已销毁 0/5 份" in body and "未登记卷号" in body and "卷号 QS-1" in body
    assert 'href="../meetings/2024/d1/"' in body
    assert "CANARYDOC" not in page


def test_register_is_in_the_built_site(tmp_path, caplog) -> None:
    from .conftest import build_site

    p = tmp_path / "dossiers" / "2024" / "2024-05-06-a.md"
    p.parent.mkdir(parents=True)
    p.write_text(dossier_text(docs("{id: F1, title: 会议材料, copies: 4, disposition: 清退, returned: 1}")), encoding="utf-8")
    site = build_site(tmp_path, strict=False, rules="{}")  # held 26 days ago, not settled: a warning
    assert any("会议已召开 26 天，该文件仍未处置完毕" in r.getMessage() for r in caplog.records)
    html = (site / "documents" / "index.html").read_text(encoding="utf-8")
    assert "会议材料" in html and "已清退 1/4 份" in html and "会后 26 天未完成" in html


def test_older_settled_documents_move_to_their_year_page(settings, write, arc: Archive) -> None:
    write("2022/old-settled.md", dossier_text(docs("{id: F1, title: 旧的已归档, disposition: 归档, archive_ref: QS-0}"), date="2022-03-01"))
    write("2022/old-open.md", dossier_text(docs("{id: F1, title: 旧的未清退, copies: 3, disposition: 清退, returned: 1}"), date="2022-04-01"))
    result = checking.check(settings)
    pages = documents_page(Archive(result.dossiers, settings))
    assert sorted(pages) == ["documents/2022/index.md", "documents/2024/index.md", "documents/index.md"]
    main = pages["documents/index.md"]
    assert "旧的未清退" in main and "旧的已归档" not in main  # unsettled stays, however old; settled moves on
    assert main.index("旧的未清退") < main.index("归档缺卷号")  # the oldest unsettled first
    assert '<a href="2022/">2022年</a>' in main and "本站收录的会议文件 10 份" in main
    year = pages["documents/2022/index.md"]
    assert "旧的已归档" in year and "旧的未清退" in year and "归档缺卷号" not in year
    assert yaml.safe_load(year.split("---")[1])["title"] == "会议文件登记 · 2022年"
    assert '<a href="../">← 返回会议文件登记</a>' in year
    assert "2022年召开的会议的文件 2 份" in year
