"""The supervision loop (督查督办) on a tiny site, read back from its HTML: 临期 beside 逾期, the supporting
units (配合), the supervising leader and the owners' pages, reminders (催办) in the trail, sign-off (销号)
and the days it took, the printable 催办通知单 and 督办情况通报 (on screen and printed to A4 by Chromium),
the home page, and the links made absolute by site_url."""

from __future__ import annotations

import io
import os
import re
import unicodedata
from pathlib import Path

import pytest

from .conftest import build_site, dossier_text

#: As of 2024-06-01 (the test sites' date), with due_soon_days 7: A1 is 12 days overdue, A2 due in 4 days
#: (临期), A3 closed on 05-15 (9 days after the meeting, before its due date, although its last feedback
#: came on 05-31), A4 far off.
HELD = """\
supervisor: 周主任
actions:
  - {id: A1, task: 清理河道, unit: 县水利局, owner: 罗水一, due: 2024-05-20, status: 推进中,
     reminders: [{date: 2024-05-25, to: 罗水一, how: 电话, note: 催报进度}]}
  - {id: A2, task: 联合检查, unit: 县财政局, co_units: [县水利局], owner: 钱财一、罗水一, due: 2024-06-05,
     supervisor: 吴副县长}
  - id: A3
    task: 拨付资金
    unit: 县财政局
    owner: 钱财一
    due: 2024-05-30
    status: 已办结
    updates: [{date: 2024-05-12, note: 已拨付}, {date: 2024-05-31, note: 补充材料}]
    closed_on: 2024-05-15
    approved_by: 周主任
  - {id: A4, task: 远期规划, unit: 县教育局, due: 2024-09-01}
"""
#: A meeting in preparation whose task is past due: flagged on the home page.
PLANNED = """\
preparation:
  - {task: 印发通知, owner: 会务甲, due: 2024-05-28, done: false}
"""
#: Above the site's audience: its action, its owner and its unit's reminder must appear nowhere.
SECRET = """\
actions:
  - {id: A1, task: CANARYTASK, unit: 县水利局, owner: 秘密甲, supervisor: 秘密乙, due: 2024-05-21,
     reminders: [{date: 2024-05-25, to: 秘密甲, how: 通知单}]}
"""
#: Two years back: its people have nothing open or recent, so they leave the owners' index for a page of
#: their year. One is called 往年, the name of that folder: their page must not take it.
OLD = """\
actions:
  - {id: A1, task: 旧事项, unit: 县教育局, owner: 往年, supervisor: 旧人甲, due: 2022-03-01, status: 已取消}
"""
SITE_URL = "https://huiwu.example.gov/neibu/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("loop")
    folder = root / "dossiers" / "2024"
    folder.mkdir(parents=True)
    (folder / "2024-05-06-held.md").write_text(dossier_text(HELD), encoding="utf-8")
    (folder / "2024-06-20-plan.md").write_text(dossier_text(PLANNED, date="2024-06-20", status="筹备"), encoding="utf-8")
    old = root / "dossiers" / "2022"
    old.mkdir()
    (old / "2022-02-01-old.md").write_text(dossier_text(OLD, date="2022-02-01"), encoding="utf-8")
    (folder / "2024-05-07-secret.md").write_text(dossier_text(SECRET, date="2024-05-07", classification="秘密"),
                                                 encoding="utf-8")
    return build_site(root, extra_config=f"site_url: {SITE_URL}\n")


def page(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def text(html: str) -> str:
    """The readable text of a page's content (tags removed, whitespace gone)."""
    if 'data-md-component="content"' in html:
        html = html[html.find('data-md-component="content"'):html.find('<footer class="md-footer"')]
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def row_of(html: str, task: str) -> str:
    return next(r for r in re.findall(r"<tr[^>]*>.*?</tr>", html, re.S) if task in r)


def test_the_ledger_shows_due_soon_beside_overdue_with_the_date(site: Path) -> None:
    html = page(site, "actions")
    t = text(html)
    assert "未办结3项（其中逾期1项、临期1项）" in t and "临期、逾期按2024年6月1日计算" in t
    a1, a2 = row_of(html, "清理河道"), row_of(html, "联合检查")
    assert 'data-status="overdue"' in a1 and 'class="ma-row-overdue"' in a1 and "逾期 12 天" in a1
    assert 'data-status="due-soon"' in a2 and 'class="ma-row-due-soon"' in a2 and "临期 · 4 天后到期" in a2
    assert 'data-co-units="县水利局"' in a2 and "配合：县水利局" in a2
    assert '<option value="due-soon">临期</option>' in html  # the in-page filter
    # The order: overdue, due soon, open, settled.
    assert [html.index(x) for x in ("清理河道", "联合检查", "远期规划", "拨付资金")] == sorted(
        html.index(x) for x in ("清理河道", "联合检查", "远期规划", "拨付资金"))


def test_the_supervising_leader_comes_from_the_action_or_the_meeting(site: Path) -> None:
    html = page(site, "actions")
    assert "<th>督办领导</th>" in html
    assert '<a href="../owners/%E5%91%A8%E4%B8%BB%E4%BB%BB/">周主任</a>' in row_of(html, "清理河道")  # the meeting's
    assert ">吴副县长</a>" in row_of(html, "联合检查") and "周主任" not in row_of(html, "联合检查")  # its own


def test_owner_pages_count_each_name_of_a_field(site: Path) -> None:
    index = text(page(site, "owners"))
    # name, owes, oversees, open, overdue, due soon, done
    assert "罗水一202110" in index and "钱财一201011" in index and "周主任032101" in index
    assert "吴副县长011010" in index
    luo = page(site, "owners/罗水一")
    assert "清理河道" in luo and "联合检查" in luo and "拨付资金" not in luo
    assert "未办结2项（逾期1项，临期1项）" in text(luo) and "临期、逾期按2024年6月1日计算" in text(luo)
    zhou = text(page(site, "owners/周主任"))
    assert "督办的事项" in zhou and "清理河道" in zhou and "远期规划" in zhou and "联合检查" not in zhou
    assert not (site / "owners" / "钱财一、罗水一").exists()


def test_the_owners_index_does_not_grow_with_the_years(site: Path) -> None:
    index = page(site, "owners")
    assert "旧人甲" not in index and '<a href="%E5%BE%80%E5%B9%B4/2022/">2022 年</a>' in index
    earlier = text(page(site, "owners/往年/2022"))
    assert "责任人与督办领导·2022年" in earlier and "旧人甲010000" in earlier and "往年100000" in earlier
    assert "罗水一" not in earlier
    assert "旧事项" in page(site, "owners/往年-2/2022")  # the person called 往年 has a page of their own


def test_a_supporting_unit_sees_the_action_marked_as_such(site: Path) -> None:
    html = page(site, "units/县水利局")
    t = text(html)
    assert "督办事项2项（含配合办理的）：未办结2项（逾期1项，临期1项）" in t
    assert '联合检查 <span class="ma-badge ma-co">配合</span>' in row_of(html, "联合检查")
    assert '<a href="cuiban/">催办通知单</a>' in html
    assert "联合检查" in page(site, "units/县财政局") and "配合" not in row_of(page(site, "units/县财政局"), "联合检查")


def test_reminders_are_in_the_feedback_trail(site: Path) -> None:
    t = text(page(site, "meetings/2024/2024-05-06-held"))
    assert "办理反馈与催办" in t and "2024年5月25日：催办电话催办罗水一：催报进度" in t
    assert "已催办1次" in text(row_of(page(site, "actions"), "清理河道"))


def test_sign_off_and_the_days_to_close_come_from_closed_on(site: Path) -> None:
    t = text(page(site, "meetings/2024/2024-05-06-held"))
    assert "2024年5月15日办结，周主任审批销号" in t
    done = text(row_of(page(site, "actions"), "拨付资金"))
    # 9 days from the meeting, on time; by the last feedback (05-31) it would be 25 days and late.
    assert "2024年5月15日销号·用时9天·按期" in done
    stats = text(page(site, "stats"))
    assert "按期办结1项超期办结0项按期办结比例100.0%办结用时中位数（自会议之日起）9天" in stats


def test_the_chase_notice_lists_what_the_unit_owes(site: Path) -> None:
    t = text(page(site, "units/县水利局/cuiban"))
    assert "督办事项催办通知单" in t and "县水利局：" in t and "截至2024年6月1日" in t
    assert "已逾期1项、临近办理时限1项" in t
    assert "清理河道责任人：罗水一县政府第3次常务会议2024年5月6日·A1牵头2024年5月20日逾期12天已催办1次" in t
    assert "联合检查责任人：钱财一、罗水一县政府第3次常务会议2024年5月6日·A2配合2024年6月5日4天后到期" in t
    assert "回执" in t and "填报单位（盖章）" in t and "远期规划" not in t and "拨付资金" not in t
    # A unit with nothing overdue or due soon gets no notice.
    assert not (site / "units" / "县教育局" / "cuiban").exists()


def test_the_meeting_report_and_the_archive_report(site: Path) -> None:
    meeting = page(site, "meetings/2024/2024-05-06-held")
    assert '<a href="report/">督办情况通报</a>' in meeting
    t = text(page(site, "meetings/2024/2024-05-06-held/report"))
    assert "县政府第3次常务会议议定事项督办情况通报" in t and "截至2024年6月1日：已办结1项，正在办理3项（其中逾期1项、临近办理时限1项）" in t
    for line in ("1清理河道督办领导：周主任县水利局2024年5月20日逾期12天", "2联合检查督办领导：吴副县长县财政局配合：县水利局2024年6月5日4天后到期",
                 "3拨付资金督办领导：周主任县财政局2024年5月30日已办结2024年5月15日2024年5月31日：补充材料",
                 "4远期规划督办领导：周主任县教育局2024年9月1日未启动距时限92天"):
        assert line in t
    r = text(page(site, "actions/report"))
    assert "督办事项办理情况通报" in r and "（截至2024年6月1日）" in r
    # per unit: open, of which due soon, of which overdue, closed this month (June: none)
    assert "1县水利局1010" in r and "2县财政局1100" in r and "3县教育局1000" in r
    assert "1清理河道县政府第3次常务会议·A1·督办领导：周主任县水利局2024年5月20日12天已催办1次尚无反馈" in r


def test_the_home_page_warns_of_due_soon_and_late_preparation(site: Path) -> None:
    html = page(site, "")
    t = text(html)
    assert "临期（7天内到期）、逾期按2024年6月1日计算" in t
    assert 'href="actions/?status=due-soon"><span class="ma-card-num">1</span>' in html
    assert "临期督办事项" in t and "联合检查" in t
    assert "印发通知" not in t and "0/11项已过时限" in t  # preparation: 0 of 1 done, 1 past its due date


def test_nothing_above_the_audience_reaches_the_loop_pages(site: Path) -> None:
    for rel in ("actions", "actions/report", "owners", "units/县水利局", "units/县水利局/cuiban", ""):
        html = page(site, rel)
        for canary in ("CANARYTASK", "秘密甲", "秘密乙"):
            assert canary not in html, (rel, canary)
    assert not (site / "owners" / "秘密甲").exists()


def test_with_site_url_the_sitemap_and_feed_links_are_absolute(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locs and all(u.startswith(SITE_URL) for u in locs)
    assert f"{SITE_URL}meetings/2024/2024-05-06-held/" in locs
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert all(h.startswith(SITE_URL) for h in re.findall(r'href="([^"]+)"', feed))
    ics = (site / "exports" / "calendar.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    assert f"URL:{SITE_URL}meetings/2024/2024-05-06-held/" in ics


# ---------------------------------------------------------------------------------------------------
# Printed by Chromium, as a clerk prints them


@pytest.fixture(scope="module")
def printed(site: Path) -> dict[str, list]:
    from .browser.conftest import CHROMIUM

    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: apt-get install chromium (.ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from pypdf import PdfReader

    from .test_printables import _RADICALS, print_pdfs

    paths = ["units/县水利局/cuiban/", "meetings/2024/2024-05-06-held/report/", "actions/report/"]
    wide = print_layout(site, paths)
    out = {}
    for path, data in print_pdfs(site, paths).items():
        pages = PdfReader(io.BytesIO(data)).pages
        texts = [re.sub(r"\s+", "", _RADICALS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), p.extract_text() or ""))
                 for p in pages]
        out[path] = [pages, texts, wide[path]]
    return out


#: Every element of the paper whose box ends right of the paper's own (print media, A4's printable width).
STICKING_OUT = """() => { const paper = document.querySelector("article.ma-print").getBoundingClientRect();
  return [...document.querySelectorAll("article.ma-print *")].filter(el => {
    const r = el.getBoundingClientRect(); return r.width > 0 && (r.right > paper.right + 1 || r.left < paper.left - 1); })
  .map(el => el.tagName + " " + (el.textContent || "").trim().slice(0, 20)); }"""


def print_layout(site: Path, paths: list[str]) -> dict[str, list[str]]:
    """Lay each page out as Chromium prints it (print media, the width of A4 less the page margins) and
    list what sticks out of the paper. (The PDF's own text positions cannot tell: pypdf places the text
    of a table cell's smaller lines relative to the cell.)"""
    from .test_printables import in_chromium

    def job(context, origin: str) -> dict[str, list[str]]:
        # A4 is 210 mm; @page leaves 16 mm each side: 178 mm at 96 px per inch.
        pg = context(viewport={"width": round(178 / 25.4 * 96), "height": 1000}).new_page()
        pg.emulate_media(media="print")
        out = {}
        for path in paths:
            pg.goto(f"{origin}/{path}", wait_until="load")
            out[path] = pg.evaluate(STICKING_OUT)
        return out

    return in_chromium(site, job)


@pytest.mark.parametrize("path", ["units/县水利局/cuiban/", "meetings/2024/2024-05-06-held/report/", "actions/report/"])
def test_printed_on_one_a4_page_with_the_red_header(printed, path: str) -> None:
    pages, texts, sticking_out = printed[path]
    assert sticking_out == []  # laid out for print on A4, nothing is wider than the paper
    assert len(pages) == 1
    pg = pages[0]
    width = float(pg.mediabox.width)
    assert abs(width - 595.3) < 2 and abs(float(pg.mediabox.height) - 841.9) < 2  # A4 portrait
    assert re.search(rb"(?<![\d.])0?\.8\d* 0 0 (rg|RG)", pg.get_contents().get_data()), "the header is red (#c00)"
    t = texts[0]
    assert t.startswith("测试档案") or "测试档案" in t[:30]  # the office heads the paper
    assert "2024年6月1日" in t
    for chrome in ("打印", "返回", "本站内容", "督办台账Excel", "填写指南"):
        assert chrome not in t


def test_the_printed_chase_notice_keeps_its_reply_slip(printed) -> None:
    _, (t,), _ = printed["units/县水利局/cuiban/"]
    order = [t.index(x) for x in ("督办事项催办通知单", "县水利局：", "1清理河道", "牵头2024年5月20日逾期12天", "2联合检查",
                                   "配合2024年6月5日4天后到期", "请沿此线剪下回执", "回执序号", "1清理河道2联合检查",
                                   "填报单位（盖章）")]
    assert order == sorted(order)


def test_a_very_long_name_still_gets_a_page(tmp_path: Path) -> None:
    """A 90-character owner (270 bytes, more than a file name may hold) gets a page whose folder name is
    cut, with a hash of the whole name; two such names never share it."""
    folder = tmp_path / "dossiers" / "2024"
    folder.mkdir(parents=True)
    long_a, long_b = "长" * 90, "长" * 89 + "短"
    (folder / "2024-05-06-a.md").write_text(dossier_text(
        f"actions:\n  - {{id: A1, task: 甲, unit: 县水利局, owner: {long_a}, due: 2024-06-20}}\n"
        f"  - {{id: A2, task: 乙, unit: 县水利局, owner: {long_b}, due: 2024-06-20}}\n"), encoding="utf-8")
    site = build_site(tmp_path)
    pages = sorted(p.parent.name for p in (site / "owners").glob("*/index.html"))
    assert len(pages) == 2 and all(len(p.encode()) <= 120 for p in pages) and pages[0] != pages[1]
    assert long_a in (site / "owners" / pages[0] / "index.html").read_text(encoding="utf-8") + \
        (site / "owners" / pages[1] / "index.html").read_text(encoding="utf-8")
