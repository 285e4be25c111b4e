"""Printables per meeting (notice, sign-in sheet, name cards, attendance report), printed to PDF by Chromium.

The tiny site is built once for the module; the PDFs are printed by Debian's Chromium through Playwright
(``page.pdf(format="A4")``) and read back with pypdf: page count, page size and the text on each page.
"""

from __future__ import annotations

import functools
import io
import os
import re
import threading
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from generator.check import run as checking
from generator.domain.archive import Archive
from generator.core.settings import Settings
from generator.domain.attendance import attendance_by_unit
from generator.site.pages.printables import printable_pages

from .conftest import build_site, dossier_text

try:  # the browser harness of tests/browser/, when present
    from .browser.conftest import CHROMIUM, CHROMIUM_ARGS
except ImportError:  # pragma: no cover
    CHROMIUM = Path("/usr/bin/chromium")
    CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]

UNITS = ["县政府办公室", "县财政局", "县水利局", "县教育局"]  # the order of tests/conftest.py SITE_CONFIG

PLANNED = """\
start: "09:00"
end: "11:30"
venue: 第一会议室
organizer: 县政府办公室
chair: 周主任
attendees:
  - {name: 罗水一, unit: 县水利局, rsvp: 确认}
  - {name: 钱财一, unit: 县财政局, rsvp: 确认}
  - {name: 罗水二, unit: 县水利局, rsvp: 请假}
  - {name: 程教一, unit: 县教育局, rsvp: 代会, substitute: 代会人}
  - {name: 钱财二, unit: 县财政局, role: 列席}
  - {name: 周主任, unit: 县政府办公室, rsvp: 确认}
  - {name: 会务甲, unit: 县政府办公室, role: 工作人员, rsvp: 确认}
  - {name: 会务乙, unit: 县政府办公室, role: 工作人员}
agenda:
  - {topic: 研究防汛准备工作, presenter: 罗水一, minutes: 30}
  - {topic: 审议资金安排方案, presenter: 钱财一, minutes: 20}
preparation:
  - {task: 印发会议通知, owner: 会务甲, due: 2024-05-28, done: true}
  - {task: 收集回执, owner: 会务乙, due: 2024-05-31}
documents:
  - {id: W1, title: 资金安排方案, copies: 12, disposition: 清退}
"""

HELD = """\
attendees:
  - {name: 张一, unit: 县财政局, rsvp: 确认, signed_in: true}
  - {name: 张二, unit: 县财政局, rsvp: 请假, signed_in: false}
  - {name: 李一, unit: 县水利局, rsvp: 确认, signed_in: true}
  - {name: 李二, unit: 县水利局, rsvp: 确认, signed_in: false}
  - {name: 李三, unit: 县水利局, rsvp: 代会, substitute: 王五, signed_in: true}
  - {name: 赵员, unit: 县政府办公室, role: 工作人员, rsvp: 确认, signed_in: true}
"""
HELD_AGAIN = """\
attendees:
  - {name: 张一, unit: 县财政局, rsvp: 确认, signed_in: true}
"""
NOT_RECORDED = """\
attendees:
  - {name: 张一, unit: 县财政局, rsvp: 确认}
  - {name: 李一, unit: 县教育局, rsvp: 确认}
"""
BIG_COUNT = 30
BIG = "attendees:\n" + "".join(
    f"  - {{name: 参会{i:02d}, unit: {UNITS[i % 4]}, rsvp: 确认}}\n" for i in range(BIG_COUNT)
)
SECRET = "attendees:\n  - {name: CANARYNAME, unit: 县财政局}\n"
MINUTES = """\
start: "09:00"
end: "11:30"
venue: 县政府第一会议室
organizer: 县政府办公室
chair: 周主任
recorder: 会务甲
doc_no: 〔2024〕7号
attendees:
  - {name: 周主任, unit: 县政府办公室, rsvp: 确认, signed_in: true}
  - {name: 钱财一, unit: 县财政局, rsvp: 确认, signed_in: true}
  - {name: 罗水一, unit: 县水利局, role: 列席, rsvp: 代会, substitute: 罗水代, signed_in: true}
  - {name: 程教一, unit: 县教育局, role: 列席, rsvp: 请假, signed_in: false}
  - {name: 会务甲, unit: 县政府办公室, role: 工作人员, rsvp: 确认, signed_in: true}
decisions:
  - {id: D1, text: 汛前完成河道清障}
  - {id: D2, text: 资金安排方案原则通过}
documents:
  - {id: W1, title: 资金安排方案, file: 方案.pdf, disposition: 归档, archive_ref: QS-1}
"""
MINUTES_BODY = "## 会议研究的事项\n\n一、会议研究了防汛准备工作，见[资金安排方案](方案.pdf)。\n"


def write(root: Path, rel: str, text: str) -> None:
    p = root / "dossiers" / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("printables")
    write(root, "2024/2024-06-05-plan.md", dossier_text(PLANNED, date="2024-06-05", status="已通知", title="县政府第4次常务会议"))
    write(root, "2024/2024-05-06-held.md", dossier_text(HELD, title="已召开的会议"))
    write(root, "2024/2024-05-13-again.md", dossier_text(HELD_AGAIN, date="2024-05-13", title="再次召开的会议"))
    write(root, "2024/2024-05-15-norec.md", dossier_text(NOT_RECORDED, date="2024-05-15", title="未登记签到的会议"))
    write(root, "2024/2024-06-20-big.md", dossier_text(BIG, date="2024-06-20", status="筹备", title="大会"))
    write(root, "2024/2024-05-08-secret.md", dossier_text(SECRET, date="2024-05-08", classification="秘密", title="CANARYTITLE"))
    minutes = dossier_text(MINUTES, date="2024-05-20", title="县政府第3次常务会议").replace(
        "## 会议概况\n\n会议研究了防汛工作。\n", MINUTES_BODY)
    write(root, "2024/2024-05-20-minutes/index.md", minutes)
    (root / "dossiers/2024/2024-05-20-minutes/方案.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    return root


@pytest.fixture(scope="module")
def site(root: Path) -> Path:
    return build_site(root)


def html(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def text_of(html_text: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", " ", html_text))


# ---------------------------------------------------------------------------------------------------
# The pages as HTML


def test_meeting_page_links_to_its_printables(site: Path) -> None:
    page = html(site, "meetings/2024/2024-06-05-plan")
    for href, label in (("notice/", "会议通知"), ("signin/", "签到表"), ("cards/", "桌签")):
        assert re.search(f'<a href="{href}"[^>]*>{label}</a>', page)
        assert (site / "meetings/2024/2024-06-05-plan" / href / "index.html").is_file()
    assert "参会情况通报" not in page  # not held yet
    # Once held: no more notice or name cards; the attendance report is a section of the meeting page
    # (when sign-in was recorded), which prints as it is.
    held = html(site, "meetings/2024/2024-05-06-held")
    assert "参会情况通报" in held and "notice/" not in held and 'href="minutes/">会议纪要</a>' in held
    assert not (site / "meetings/2024/2024-05-06-held/notice").exists()
    assert (site / "meetings/2024/2024-05-06-held/minutes/index.html").is_file()
    norec = html(site, "meetings/2024/2024-05-15-norec")
    assert "参会情况通报" not in norec and 'href="minutes/">会议纪要</a>' in norec
    assert not (site / "meetings/2024/2024-06-05-plan/minutes").exists()  # not held: no minutes yet


def test_notice_content(site: Path) -> None:
    t = text_of(html(site, "meetings/2024/2024-06-05-plan/notice"))
    assert "关于召开县政府第4次常务会议的通知" in t
    assert "2024年6月5日（星期三）09:00—11:30" in t and "第一会议室" in t and "周主任" in t
    # Who attends, by unit in the site's order; staff are not attendees.
    rows = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td></tr>", html(site, "meetings/2024/2024-06-05-plan/notice"))
    assert rows == [("县政府办公室", "周主任"), ("县财政局", "钱财一、钱财二（列席）"), ("县水利局", "罗水一、罗水二"), ("县教育局", "程教一")]
    assert "研究防汛准备工作（汇报人：罗水一，30分钟）" in t
    assert "会议文件会后当场清退" in t  # a document to recall
    assert "请各单位于2024年5月31日前将参会回执报送县政府办公室" in t  # the 收集回执 task's due date
    assert "联系人：县政府办公室会务甲、县政府办公室会务乙" in t


def test_signin_and_cards_content(site: Path) -> None:
    page = html(site, "meetings/2024/2024-06-05-plan/signin")
    names = re.findall(r'<td class="ma-col-name">([^<]+)</td>', page)
    assert names == ["周主任", "钱财一", "钱财二", "罗水一", "罗水二", "程教一"]  # by unit, staff left out
    assert re.findall(r'<td class="ma-col-sign"></td>', page).__len__() == 6  # an empty signature column
    assert "请假" in page and "代会：代会人" in page
    cards = html(site, "meetings/2024/2024-06-05-plan/cards")
    front = re.findall(r'ma-namecard-front"><p class="ma-namecard-unit">([^<]+)</p><p class="ma-namecard-name">([^<]+)<', cards)
    # Nobody on leave gets a card; the substitute gets one under their own name.
    assert front == [("县政府办公室", "周主任"), ("县财政局", "钱财一"), ("县财政局", "钱财二"), ("县水利局", "罗水一"), ("县教育局", "代会人")]


def test_attendance_report_on_the_meeting_page(site: Path) -> None:
    page = html(site, "meetings/2024/2024-05-06-held")
    assert "<tbody><tr><td>5</td><td>3</td><td>1</td><td>1</td><td>1</td><td>60.0%</td></tr></tbody>" in page
    t = text_of(page)
    assert "请假：县财政局张二" in t and "代会：县水利局李三（由王五代会）" in t and "缺席（未请假）：县水利局李二" in t


def test_minutes_page_is_laid_out_as_offices_file_minutes(site: Path) -> None:
    page = html(site, "meetings/2024/2024-05-20-minutes/minutes")
    t = text_of(page)
    assert "县政府第3次常务会议纪要" in t and "〔2024〕7号" in t
    facts = dict(re.findall(r"<tr><th>([^<]+)</th><td>([^<]*)</td></tr>", page))
    assert facts["时　　间"] == "2024年5月20日（星期一）09:00—11:30" and facts["地　　点"] == "县政府第一会议室"
    assert facts["主 持 人"] == "周主任" and facts["记　　录"] == "会务甲"
    assert facts["出　　席"] == "周主任、钱财一"  # staff are not listed
    assert facts["列　　席"] == "县水利局罗水代（代罗水一）" and facts["请　　假"] == "程教一"
    assert t.index("会议研究的事项") < t.index("会议议定事项") < t.index("汛前完成河道清障") < t.index("资金安排方案原则通过")
    assert t.count("议定事项") == 1  # the body no longer repeats the heading
    # The minutes' own link, written from the meeting's folder, still reaches the attachment.
    assert 'href="../%E6%96%B9%E6%A1%88.pdf"' in page or 'href="../方案.pdf"' in page
    assert (site / "meetings/2024/2024-05-20-minutes/方案.pdf").is_file()
    assert "md-sidebar--secondary" not in page or 'data-md-component="toc"' not in page  # a paper: no table of contents


def test_withheld_meeting_has_no_printables(site: Path) -> None:
    assert not (site / "meetings/2024/2024-05-08-secret").exists()
    for p in site.rglob("*.html"):
        assert "CANARY" not in p.read_text(encoding="utf-8")


def test_attendance_by_unit_hand_counted(root: Path) -> None:
    settings = Settings(dossiers_dir=root / "dossiers", units=UNITS)
    from datetime import date

    settings.as_of = date(2024, 6, 1)
    arc = Archive(checking.check(settings).dossiers, settings)
    stats = attendance_by_unit(arc)
    # Held meetings with sign-in recorded only (5-06, 5-13 and 5-20); staff are not counted.
    assert list(stats) == ["县政府办公室", "县财政局", "县水利局", "县教育局"]
    fin, water = stats["县财政局"], stats["县水利局"]
    assert (fin.meetings, fin.expected, fin.signed_in, fin.leave, fin.substitutes, fin.absent) == (3, 4, 3, 1, 0, 0)
    assert fin.rate == pytest.approx(3 / 4)
    assert (water.meetings, water.expected, water.signed_in, water.leave, water.substitutes, water.absent) == (2, 4, 3, 0, 2, 1)
    pages = printable_pages(arc)
    assert sorted(pages) == [
        "meetings/2024/2024-06-05-plan/cards.md", "meetings/2024/2024-06-05-plan/notice.md",
        "meetings/2024/2024-06-05-plan/signin.md", "meetings/2024/2024-06-20-big/cards.md",
        "meetings/2024/2024-06-20-big/notice.md", "meetings/2024/2024-06-20-big/signin.md",
    ]


# ---------------------------------------------------------------------------------------------------
# Printed by Chromium


def in_chromium(site: Path, job):
    """Serve ``site`` on 127.0.0.1 and run ``job(browser, origin)`` with Chromium; returns what it returns.
    Any request outside the site is blocked (for contexts made with ``blocked_context``) and fails.

    Playwright's sync API runs in a worker thread of its own, so it does not meet the event loop of
    a browser session that another test module may hold open in the main thread.
    """
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    outside: list[str] = []

    def blocked_context(browser, **options):
        context = browser.new_context(**options)
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(origin + "/")
                      else (outside.append(r.request.url), r.abort())[1])
        return context

    def work():
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            try:
                return job(lambda **options: blocked_context(browser, **options), origin)
            finally:
                browser.close()

    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            result = pool.submit(work).result(timeout=300)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert outside == []
    return result


def print_pdfs(site: Path, paths: list[str]) -> dict[str, bytes]:
    """Each page of ``site`` printed to an A4 PDF by Chromium."""

    def job(context, origin: str) -> dict[str, bytes]:
        page = context(locale="zh-CN").new_page()
        out = {}
        for path in paths:
            page.goto(f"{origin}/{path}", wait_until="load")
            out[path] = page.pdf(format="A4")
        return out

    return in_chromium(site, job)


_RADICALS = re.compile("[\u2e80-\u2fdf]")  # CJK radicals supplement and Kangxi radicals


@pytest.fixture(scope="module")
def pdfs(site: Path) -> dict[str, list[str]]:
    """The text of each page of each printed PDF (whitespace removed), after checking the pages are A4."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: apt-get install chromium (.ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from pypdf import PdfReader

    paths = [f"meetings/2024/{p}/" for p in ("2024-06-05-plan/notice", "2024-06-05-plan/signin",
                                              "2024-06-05-plan/cards", "2024-06-20-big/signin", "2024-05-06-held",
                                              "2024-05-20-minutes/minutes")]
    out = {}
    for path, data in print_pdfs(site, paths).items():
        reader = PdfReader(io.BytesIO(data))
        for pg in reader.pages:
            assert abs(float(pg.mediabox.width) - 595.3) < 2 and abs(float(pg.mediabox.height) - 841.9) < 2  # A4
        # NFKC: the CJK fonts map some characters to their Kangxi radical twins (⽉ for 月) in the PDF.
        out[path.split("2024/")[1].rstrip("/")] = [
            re.sub(r"\s+", "", _RADICALS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), pg.extract_text() or ""))
            for pg in reader.pages
        ]
    return out


def test_printed_notice_is_one_clean_page(pdfs) -> None:
    pages = pdfs["2024-06-05-plan/notice"]
    assert len(pages) == 1
    t = pages[0]
    assert "关于召开县政府第4次常务会议的通知" in t
    for expected in ("参会人员", "县财政局", "钱财二（列席）", "会议议程", "审议资金安排方案", "2024年5月31日", "会务乙"):
        assert expected in t
    # Only the paper is printed: no site header, navigation, audience banner or print button.
    for chrome in ("测试档案", "打印会议通知", "返回会议页面", "本站内容", "督办台账"):
        assert chrome not in t


def test_printed_signin_sheet(pdfs) -> None:
    (small,) = pdfs["2024-06-05-plan/signin"]
    assert "签到表" in small and "签名" in small
    order = [small.index(n) for n in ("周主任", "钱财一", "钱财二", "罗水一", "罗水二", "程教一")]
    assert order == sorted(order)
    assert "会务甲" not in small
    big = pdfs["2024-06-20-big/signin"]
    assert len(big) == 2  # 30 signature rows of 11 mm do not fit on one A4 page
    assert all("签名" in page for page in big)  # the header row repeats on every page
    found = [n for page in big for n in re.findall(r"参会\d\d", page)]
    assert sorted(found) == [f"参会{i:02d}" for i in range(BIG_COUNT)]  # every row once, none cut in two


def test_printed_name_cards_two_per_page(pdfs) -> None:
    pages = pdfs["2024-06-05-plan/cards"]
    assert len(pages) == 3  # five cards, two per page
    assert ["周主任" in pages[0], "钱财一" in pages[0], "钱财二" in pages[1], "罗水一" in pages[1], "代会人" in pages[2]] == [True] * 5
    assert "罗水二" not in "".join(pages)  # on leave: no card
    assert "打印桌签" not in "".join(pages)


def test_printed_meeting_page_is_a_clean_paper_copy(pdfs) -> None:
    """A meeting page printed from the browser: the record with its attendance report, no site chrome."""
    pages = pdfs["2024-05-06-held"]
    text = "".join(pages)
    assert "参会情况通报" in text and "60.0%" in text and "县水利局李二" in text
    for chrome in ("测试档案", "本站内容", "督办台账", "上一次", "下一次"):
        assert chrome not in text



def test_printed_minutes_keep_the_official_layout(site: Path, pdfs) -> None:
    """The minutes printed to A4: the red header (the meeting's name and 纪要, the number, the red rule),
    then time, place, chair, members and observers, the body and the decisions; nothing of the site;
    every line inside the page's width."""
    from pypdf import PdfReader  # noqa: PLC0415

    pages = pdfs["2024-05-20-minutes/minutes"]
    assert len(pages) == 1
    t = pages[0]
    order = [t.index(x) for x in ("内部", "县政府第3次常务会议纪要", "〔2024〕7号", "时间", "周主任、钱财一",
                                   "县水利局罗水代（代罗水一）", "会议研究的事项", "会议议定事项", "汛前完成河道清障")]
    assert order == sorted(order)
    for chrome in ("测试档案", "打印会议纪要", "返回会议页面", "本站内容", "督办台账"):
        assert chrome not in t
    data = print_pdfs(site, ["meetings/2024/2024-05-20-minutes/minutes/"])["meetings/2024/2024-05-20-minutes/minutes/"]
    page = PdfReader(io.BytesIO(data)).pages[0]
    stream = page.get_contents().get_data()
    assert re.search(rb"(?<![\d.])0?\.8\d* 0 0 (rg|RG)", stream), "the header and rule are printed in red (#c00)"
    width = float(page.mediabox.width)
    xs: list[float] = []
    page.extract_text(visitor_text=lambda text, cm, tm, font, size: xs.append(tm[4] * cm[0] + cm[4]) if text.strip() else None)
    assert xs and min(xs) > 0.05 * width and max(xs) < 0.95 * width
