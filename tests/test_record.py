"""The meeting's own record, built into a tiny site and read back from its HTML: sign-in not recorded,
spot checks, phones kept, the procedure of each document, the rehearsal, and the wording a reader sees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import build_site, dossier_text

HELD = """\
attendees:
  - {name: 张一, unit: 县财政局, rsvp: 确认, signed_in: true}
  - {name: 张二, unit: 县财政局, rsvp: 确认}
  - {name: 李一, unit: 县水利局, rsvp: 确认, signed_in: false}
  - {name: 李二, unit: 县水利局, rsvp: 代会, substitute: 贺志刚, signed_in: true}
  - {name: 王一, unit: 县教育局, rsvp: 请假}
spot_checks:
  - {time: "10:20", present: 2, absent: [张一], note: 接听电话}
  - {time: "11:00", present: 2, absent: [贺志刚]}
documents:
  - {id: F1, title: 预案, copies: 22, copy_numbers: 001-022, recipients: [县财政局, 县水利局], disposition: 清退,
     returned: 22, returned_on: 2024-05-08}
  - {id: F2, title: 清单, copies: 5, disposition: 销毁, destroyed: 5, destroyed_on: 2024-05-09, witness: 周监}
  - {id: F3, title: 名单, copies: 5, disposition: 清退, returned: 5}
"""
SECRET = "devices: {collected: 6, returned: 5, keeper: 会务甲}\n"
CEREMONY = "rehearsal: {date: 2024-06-02, done: false, note: 会前一天走位}\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("record")
    folder = root / "dossiers" / "2024"
    folder.mkdir(parents=True)
    (folder / "2024-05-06-held.md").write_text(dossier_text(HELD), encoding="utf-8")
    (folder / "2024-05-07-secret.md").write_text(dossier_text(SECRET, date="2024-05-07", classification="秘密"),
                                                 encoding="utf-8")
    (folder / "2024-06-05-plan.md").write_text(
        dossier_text("venue: 第一会议室\n", date="2024-06-05", status="已通知", classification="秘密"), encoding="utf-8")
    (folder / "2024-06-03-ceremony.md").write_text(
        dossier_text(CEREMONY, date="2024-06-03", status="筹备", classification="公开", kind="专题会议"), encoding="utf-8")
    return build_site(root, audience="秘密")


def page(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def text(html: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def test_a_sign_in_nobody_recorded_is_not_an_absence(site: Path) -> None:
    html = page(site, "meetings/2024/2024-05-06-held")
    # 应到 5, 实到 2 (张一, 贺志刚 for 李二), 请假 1, 代会 1, 缺席 1 (李一), 未记录 1 (张二): the rate is 2 of 4.
    assert "<tbody><tr><td>5</td><td>2</td><td>1</td><td>1</td><td>1</td><td>1</td><td>50.0%</td></tr></tbody>" in html
    t = text(html)
    assert "缺席（未请假）：县水利局李一" in t and "未记录签到：县财政局张二" in t
    assert "未记录签到的1人不计入到会率（都按缺席计则为40.0%）" in t
    assert "<td>张二</td><td>县财政局</td><td>出席</td><td>确认</td><td>未记录</td>" in html
    assert "<td>由贺志刚代会</td>" in html and "（贺志刚 代）" not in html


def test_spot_checks_show_in_the_report_and_count_for_the_units(site: Path) -> None:
    t = text(page(site, "meetings/2024/2024-05-06-held"))
    assert "会中抽查" in t and "10:202张一接听电话" in t and "11:002贺志刚" in t
    # 张一 (县财政局) once, 贺志刚 in 李二's place (县水利局) once.
    for unit in ("县财政局", "县水利局"):
        assert "<td>1 人次</td>" in page(site, f"units/{unit}")


def test_the_procedure_of_each_document_is_shown(site: Path) -> None:
    t = text(page(site, "meetings/2024/2024-05-06-held"))
    assert "001-022分送县财政局、县水利局" in t
    assert "已退22份（2024年5月8日）" in t and "已销毁5份（2024年5月9日，监销人周监）" in t
    register = text(page(site, "documents"))
    assert "已清退22/22份2024年5月8日退齐份号001-022分送县财政局、县水利局" in register
    assert "已销毁5/5份2024年5月9日销毁，监销人周监" in register
    assert "已清退5/5份" in register  # F3: all back, but no date yet: not settled
    f3 = re.search(r"<tr[^>]*>(?:(?!</tr>).)*名单(?:(?!</tr>).)*</tr>", page(site, "documents"), re.S).group(0)
    assert "未完成" in f3


def test_phones_kept_and_the_notice_of_a_classified_meeting(site: Path) -> None:
    t = text(page(site, "meetings/2024/2024-05-07-secret"))
    assert "会前收存手机等通信工具和录音、录像设备6件，会后发还5件；保管人：会务甲。尚未全部发还" in t
    notice = text(page(site, "meetings/2024/2024-06-05-plan/notice"))
    assert "手机等通信工具和录音、录像设备须在进入会场前交工作人员统一登记保管，会后发还" in notice
    title = re.search(r'<h1 class="ma-print-title">(.*?)</h1>', page(site, "meetings/2024/2024-06-05-plan/notice")).group(1)
    assert title.endswith('<span class="ma-nowrap">的通知</span>')  # 知 never alone on the last line


def test_a_public_meeting_prints_no_classification_mark(site: Path) -> None:
    html = page(site, "meetings/2024/2024-06-03-ceremony/notice")
    assert "ma-print-classification" not in html
    assert 'class="ma-print-classification">秘密<' in page(site, "meetings/2024/2024-06-05-plan/notice")


def test_the_rehearsal_is_shown(site: Path) -> None:
    t = text(page(site, "meetings/2024/2024-06-03-ceremony"))
    assert "模拟演练尚未演练计划日期：2024年6月2日。会前一天走位" in t
