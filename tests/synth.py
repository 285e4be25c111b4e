"""Realistic synthetic dossiers: many meetings of a county office, deterministic by seed.

    from tests.synth import write_archive, AS_OF
    paths = write_archive(tmp_path, 300, seed=0)   # → tmp_path/dossiers/<YYYY>/<YYYY-MM-DD>-<kind>-<n>.md

What one dossier holds (the shape issue 6 asks for, and what ``tests/test_synth.py`` checks):

- 4–25 attendees, named, from the units configured in ``mkdocs.yml``; every rsvp occurs (代会 with a
  substitute), roles 出席/列席/工作人员, sign-in filled in for meetings that took place;
- 1–4 agenda items, preparation and checklist, 1–4 documents (settled when the meeting is 已办结 or
  more than a week old),
  1–5 decisions and 1–5 actions tied to them: done ones with updates, some still open past their due
  date (overdue as of ``AS_OF``), a few carried forward (``carried_from``) from an earlier meeting of the
  same classification; 1–3 lessons;
- about 2 KB (UTF-8) of Chinese minutes, sentences drawn from phrase lists so that no two dossiers share
  a paragraph (search and compression see varied text);
- every tenth dossier 秘密, the others 内部 or 公开; every configured kind; dates over the ten years
  before ``AS_OF``, all meetings held (已召开) or closed (已办结) by then.

Every dossier passes ``python -m generator check --as-of 2024-06-01`` with no error and no warning, for
the kinds and units given (default: those of the project's ``mkdocs.yml``). ``AS_OF`` is the date the
tests' own site config (``tests/conftest.py``) builds at.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

AS_OF = date(2024, 6, 1)  # every generated meeting is on or before the day before it
FIRST = date(2014, 6, 2)  # ten years of meetings
MINUTES_BYTES = 2048  # target size of the minutes (UTF-8)

KIND_SLUGS = {
    "常务会议": "changwu",
    "全体会议": "quanti",
    "专题会议": "zhuanti",
    "工作会议": "gongzuo",
    "表彰大会": "biaozhang",
    "座谈会": "zuotan",
    "党组会议": "dangzu",
}
# Relative weight of each kind: standing meetings and topical ones dominate a county office's year.
KIND_WEIGHTS = {"常务会议": 5, "专题会议": 6, "工作会议": 4, "座谈会": 2, "党组会议": 3, "全体会议": 1, "表彰大会": 1}

# ---------------------------------------------------------------------------------------------------
# Phrase lists

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = list("建国志远晓梅海涛春华文静新民明丽娟强立婷磊雪洋军伟芳敏静秀英华慧红霞平刚桂兰玉凤德福永成宏波辉鹏飞燕琳欣悦浩宇子涵思源嘉怡俊杰佳琪天佑梓萱")

TOPICS = [
    "防汛抗旱", "安全生产", "森林防火", "秋季开学", "食品安全", "营商环境", "招商引资", "重点项目建设",
    "乡村振兴", "高标准农田建设", "农村人居环境整治", "城区排水管网改造", "老旧小区改造", "养老服务",
    "医疗保障", "义务教育均衡发展", "就业创业", "根治欠薪", "信访积案化解", "耕地保护", "河长制",
    "大气污染防治", "生活垃圾分类", "文明城市创建", "消防安全", "道路交通安全", "冬春火灾防控",
    "粮食生产", "生猪稳产保供", "财政预算执行", "审计整改", "统计数据质量", "政务服务改革",
    "数字政府建设", "文化旅游融合", "民营经济发展", "安置房建设", "燃气安全", "地质灾害防治",
    "退役军人服务", "残疾人保障", "防止返贫监测", "水库除险加固", "校园安全", "疫苗接种",
]
HONOURS = ["安全生产先进集体", "优秀教师", "脱贫攻坚先进个人", "抗洪抢险先进", "优秀共产党员", "劳动模范", "最美志愿者", "招商引资先进单位"]
FORUMS = ["民营企业家", "老干部", "人大代表政协委员", "新乡贤", "乡镇党委书记", "青年创业者", "教师代表", "医务工作者代表"]
VENUES = [
    "县行政中心三楼第一会议室", "县行政中心五楼常务会议室", "县应急指挥中心会商室", "县文化艺术中心大剧场",
    "县委党校报告厅", "县行政中心二楼视频会议室", "县人大常委会会议室", "城关镇人民政府会议室",
]
CATEGORIES = ["会场保障", "通知", "保密", "议程", "视频会议", "材料准备", "签到", "会后督办", "安全保卫"]
TAG_EXTRA = ["年度重点", "民生实事", "督查", "改革", "应急", "资金安排", "项目", "考核"]
CHECK_ITEMS = ["会场布置", "材料分发", "音响话筒测试", "安保", "视频会议联调", "座次安排", "签到表", "茶水", "彩排"]
PREP_TASKS = ["印发会议通知并电话确认本人", "议题材料送审", "起草主持词", "准备会议材料", "布置会场", "联系新闻报道", "制作座签", "安排车辆"]
DOC_KINDS = ["实施方案", "工作方案", "情况汇报", "考核办法", "资金安排方案", "工作要点", "应急预案", "责任清单"]
LEADERS = ["县长", "常务副县长", "副县长", "县政府党组书记", "县政府办公室主任"]

# Sentences of the minutes; {t} a topic, {u} a unit, {n} a number, {m} a month, {d} a day, {p} a person.
OPENINGS = [
    "{y}年{m}月{d}日上午，{lead}{p}主持召开{title}，县政府领导班子成员出席，{u}等单位负责同志列席。",
    "{y}年{m}月{d}日下午，{lead}{p}在{v}主持召开{title}，研究{t}等工作，{u}主要负责同志参加。",
    "{y}年{m}月{d}日，{title}在{v}召开，会议由{lead}{p}主持，{u}、{u2}等单位汇报了有关情况。",
    "{y}年{m}月{d}日上午，{title}召开。{lead}{p}出席并讲话，各乡镇和{u}等部门主要负责同志参加会议。",
]
FINDINGS = [
    "会议听取了{u}关于{t}工作的情况汇报，认为今年以来各项工作总体平稳有序，但仍存在工作推进不平衡、基层力量不足等问题。",
    "会议指出，{t}事关群众切身利益，各级各部门要提高政治站位，把这项工作摆在更加突出的位置抓紧抓实。",
    "会议通报了{t}专项检查情况，全县共排查问题{n}个，已整改{n2}个，其余问题须在{m}月底前全部销号。",
    "会议分析了当前{t}工作面临的形势，强调要坚持问题导向，聚焦薄弱环节，逐项研究解决办法。",
    "会议认为，{u}在{t}工作中思路清晰、措施有力，取得了阶段性成效，值得各单位学习借鉴。",
    "会议研究了{t}工作方案，原则同意{u}提出的意见，请其根据会议讨论情况修改完善后按程序印发。",
    "会议听取了{t}资金使用情况汇报，截至目前已拨付资金{n}万元，资金执行率达到百分之{pct}。",
    "会议指出，{t}工作中仍有{n}项任务进度滞后，主要原因是前期手续办理不及时、部门协调不够顺畅。",
    "与会同志围绕{t}工作展开讨论，{u}和{u2}分别就职责分工、资金保障和进度安排提出了具体意见。",
    "会议对{t}工作中表现突出的{n}个集体和个人予以通报表扬，对工作滞后的单位进行了约谈提醒。",
]
REQUIREMENTS = [
    "要压实主体责任，{u}要牵头制定任务清单，明确责任人和完成时限，确保{m}月{d}日前完成。",
    "要加强统筹协调，{u}和{u2}要建立工作专班，每周会商一次，及时解决工作中遇到的困难和问题。",
    "要强化督促检查，县政府办公室要将{t}工作纳入督办台账，每月通报进展情况，对推进不力的单位严肃问责。",
    "要做好资金保障，县财政局要统筹安排资金{n}万元，专款专用，严禁挤占挪用。",
    "要注重宣传引导，县融媒体中心要及时宣传{t}工作中的好经验好做法，营造良好社会氛围。",
    "要守牢安全底线，各乡镇要对辖区内{t}风险隐患开展拉网式排查，做到不留死角、不漏盲区。",
    "要抓好建章立制，{u}要总结{t}工作经验，形成长效机制，防止问题反弹回潮。",
    "要提升服务效能，进一步精简办事环节，压缩办理时限，让群众和企业少跑腿、好办事。",
    "要加强队伍建设，{u}要组织开展业务培训，全年培训基层工作人员不少于{n}人次。",
    "要严格落实值班值守制度，重要时段实行领导带班和二十四小时值班，确保信息报送及时准确。",
]
CLOSINGS = [
    "会议要求，各责任单位于每月25日前向县政府办公室报送工作进展，县政府办公室汇总后报县政府领导。",
    "会议强调，会议议定事项由县政府办公室牵头督办，办结情况在下次常务会议上通报。",
    "会议最后要求，与会单位会后即行传达会议精神，抓好贯彻落实，重要情况及时报告。",
    "会后，县政府办公室印发会议纪要，并将议定事项分解到各责任单位。",
]
NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
DECISION_TEXTS = [
    "原则同意《{t}{doc}》，由{u}修改完善后印发实施。",
    "同意安排{t}专项资金{n}万元，由县财政局{m}月底前拨付到位。",
    "{t}工作由{u}牵头，{u2}配合，{m}月底前完成阶段性任务。",
    "建立{t}工作联席会议制度，由{u}承担日常工作。",
    "对{t}工作中的突出问题开展专项整治，{m}月底前完成整改销号。",
]
ACTION_TASKS = [
    "修改完善{t}{doc}并报县政府审定", "完成{t}专项资金拨付", "开展{t}专项排查整治", "制定{t}任务清单",
    "报送{t}工作进展情况", "组织{t}业务培训", "完成{t}项目立项", "建立{t}长效工作机制",
]
UPDATE_NOTES = [
    "已召开专题推进会，明确责任分工。", "已完成初稿，正在征求相关单位意见。", "资金已拨付到位。",
    "排查发现问题{n}个，已整改{n2}个。", "已按要求完成，相关材料已归档。", "因前期手续未办结，进度有所滞后。",
    "已报县政府审定，待印发。", "已完成全部任务并经县政府办公室核实。",
]
LESSON_TEXTS = [
    ("经验", "会前{n}天将材料送达参会人员，会上讨论更加充分。"),
    ("经验", "签到采用分区域登记，{n}分钟内完成全部签到。"),
    ("经验", "议题按轻重缓急排序，会议按时结束。"),
    ("经验", "会后当场清点回收涉密材料，份数无误。"),
    ("不足", "{t}议题材料临时调整，部分参会人员未能提前阅读。"),
    ("不足", "视频会议分会场网络不稳定，画面卡顿约{n}分钟。"),
    ("不足", "会议通知发出较晚，{n}个单位未能按时回执。"),
    ("不足", "议题安排过满，会议超时{n}分钟。"),
]


# ---------------------------------------------------------------------------------------------------


def project_lists(config: Path | None = None) -> tuple[list[str], list[str]]:
    """The kinds and the units configured in the project's ``mkdocs.yml``."""
    from generator.core.settings import load_settings  # noqa: PLC0415

    settings = load_settings(config or ROOT / "mkdocs.yml")
    return list(settings.kinds), list(settings.units)


@dataclass
class _OpenAction:
    dossier: str
    action: str
    task: str
    unit: str
    classification: str
    day: date


@dataclass
class _State:
    rng: random.Random
    kinds: list[str]
    units: list[str]
    open_actions: list[_OpenAction] = field(default_factory=list)
    counters: dict[tuple[int, str], int] = field(default_factory=dict)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


STAFF_PER_UNIT = 6


def _staff(unit: str, rng: random.Random) -> str:
    """The owner of an action: one of the unit's own few people (an office's staff is a short, stable
    list; a fresh name per action would give every owner a page of one action)."""
    people = random.Random(f"staff:{unit}")
    return [_name(people) for _ in range(STAFF_PER_UNIT)][rng.randrange(STAFF_PER_UNIT)]


def _fill(rng: random.Random, template: str, units: list[str], **known: object) -> str:
    values = {
        "t": rng.choice(TOPICS), "u": rng.choice(units), "u2": rng.choice(units), "n": rng.randint(3, 180),
        "m": rng.randint(1, 12), "d": rng.randint(1, 28), "pct": rng.randint(60, 99),
        "doc": rng.choice(DOC_KINDS), "p": _name(rng), "lead": rng.choice(LEADERS), "v": rng.choice(VENUES),
    }
    values["n2"] = rng.randint(1, values["n"])  # "排查问题{n}个，已整改{n2}个"
    values.update(known)
    return template.format(**values)


def _kind_slug(kind: str, kinds: list[str]) -> str:
    return KIND_SLUGS.get(kind) or f"k{kinds.index(kind) + 1}"


def _title(rng: random.Random, kind: str, year: int, n: int, topic: str) -> str:
    return {
        "常务会议": f"县人民政府{year}年第{n}次常务会议",
        "全体会议": f"县人民政府{year}年第{n}次全体会议",
        "专题会议": f"{year}年{topic}工作专题会议",
        "工作会议": f"全县{topic}工作会议",
        "表彰大会": f"{year}年度{rng.choice(HONOURS)}表彰大会",
        "座谈会": f"{rng.choice(FORUMS)}座谈会",
        "党组会议": f"县政府党组{year}年第{n}次会议",
    }.get(kind, f"{topic}{kind}")


def _minutes(rng: random.Random, units: list[str], title: str, day: date, topic: str, decisions: list[str]) -> str:
    known = {"y": day.year, "title": title}
    parts = ["## 会议概况", "", _fill(rng, rng.choice(OPENINGS), units, m=day.month, d=day.day, t=topic, **known), ""]
    parts += ["## 会议议定事项", ""]
    for i, text in enumerate(decisions):
        finding = _fill(rng, rng.choice(FINDINGS), units, t=topic if i == 0 else rng.choice(TOPICS))
        parts += [f"{NUMERALS[i]}、{finding}{text}", ""]
    parts += ["## 工作要求", "", ""]
    body = "\n".join(parts)
    numbered = rng.random() < 0.5  # "一是……二是……" or plain sentences
    k = 0
    while len(body.encode("utf-8")) < MINUTES_BYTES - 200:
        sentence = _fill(rng, rng.choice(REQUIREMENTS if numbered else REQUIREMENTS + FINDINGS), units)
        body += f"{NUMERALS[k % 10]}是{sentence}" if numbered else sentence
        k += 1
        if rng.random() < 0.35:
            body += "\n\n"
    return body.rstrip() + "\n\n" + rng.choice(CLOSINGS) + "\n"


def _dossier(st: _State, index: int, day: date, classification: str) -> tuple[str, str]:
    rng, units = st.rng, st.units
    kind = st.kinds[index] if index < len(st.kinds) else rng.choices(st.kinds, [KIND_WEIGHTS.get(k, 2) for k in st.kinds])[0]
    n = st.counters[(day.year, kind)] = st.counters.get((day.year, kind), 0) + 1
    ident = f"{day.isoformat()}-{_kind_slug(kind, st.kinds)}-{n}"
    topic = rng.choice(TOPICS)
    title = _title(rng, kind, day.year, n, topic)
    age = (AS_OF - day).days
    status = "已办结" if age > 180 and rng.random() < 0.7 else "已召开"
    start_h = rng.choice((8, 9, 9, 10, 14, 15))
    start = f"{start_h:02d}:{rng.choice(('00', '30')):s}"
    end = f"{start_h + rng.randint(1, 3):02d}:{rng.choice(('00', '20', '30', '45'))}"
    organizer = rng.choice(units)
    chair, recorder = _name(rng), _name(rng)
    tags = [topic] + rng.sample(TAG_EXTRA, rng.randint(0, 2))

    y: list[str] = ["---", f"title: {title}", f"kind: {kind}", f"date: {day.isoformat()}", f'start: "{start}"',
                    f'end: "{end}"', f"venue: {rng.choice(VENUES)}", f"organizer: {organizer}", f"chair: {chair}",
                    f"recorder: {recorder}", f"classification: {classification}", f"status: {status}",
                    f"tags: [{', '.join(tags)}]", "attendees:"]
    n_att = rng.randint(4, 25)
    for i in range(n_att):
        role = "出席" if i < max(2, n_att // 3) else ("工作人员" if i >= n_att - 2 else "列席")
        rsvp = rng.choices(["确认", "请假", "代会", "未回复"], [80, 8, 7, 5])[0]
        unit = "县人民政府" if role == "出席" and "县人民政府" in units and rng.random() < 0.6 else rng.choice(units)
        item = f"  - {{name: {_name(rng)}, unit: {unit}, role: {role}, rsvp: {rsvp}"
        if rsvp == "代会":
            item += f", substitute: {_name(rng)}"
        item += f", signed_in: {'false' if rsvp == '请假' else 'true'}"  # every meeting here was held: sign-in recorded
        y.append(item + "}")

    y.append("agenda:")
    for _ in range(rng.randint(1, 4)):
        y += [f"  - topic: 研究{rng.choice(TOPICS)}工作", f"    presenter: {_name(rng)}", f"    minutes: {rng.choice((15, 20, 30, 40, 45))}"]
    y.append("preparation:")
    for task in rng.sample(PREP_TASKS, rng.randint(1, 3)):
        due = day - timedelta(days=rng.randint(1, 5))
        y += [f"  - task: {task}", f"    owner: {_name(rng)}", f"    due: {due.isoformat()}", "    done: true"]
    y.append("checklist:")
    for item in rng.sample(CHECK_ITEMS, rng.randint(2, 5)):
        y.append(f"  - {{item: {item}, done: true}}")

    y.append("documents:")
    for i in range(rng.randint(1, 4)):
        copies = rng.randint(10, 40)
        disposition = rng.choice(["归档", "归档", "清退", "销毁", "留存"])
        y += [f"  - id: W{i + 1}", f"    title: {rng.choice(TOPICS)}{rng.choice(DOC_KINDS)}", f"    copies: {copies}",
              f"    disposition: {disposition}"]
        # Closed meetings and meetings over a week old have settled their documents (the validator warns
        # about a held meeting's documents still unsettled after 7 days); recent ones may not have yet.
        settled = status == "已办结" or age > 7 or rng.random() < 0.8
        if disposition == "归档" and settled:
            y.append(f"    archive_ref: QS-ZF-{day.year}-{index + 1:05d}-{i + 1}")
        elif disposition == "清退":
            y.append(f"    returned: {copies if settled else copies - rng.randint(1, 3)}")
            if settled:
                y.append(f"    returned_on: {min(day + timedelta(days=2), AS_OF).isoformat()}")
        elif disposition == "销毁":
            y.append(f"    destroyed: {copies if settled else 0}")
            if settled:
                y += [f"    destroyed_on: {min(day + timedelta(days=5), AS_OF).isoformat()}", f"    witness: {chair}"]
    if classification == "秘密":  # a classified meeting kept the phones and recorders
        y.append(f"devices: {{collected: {n_att}, returned: {n_att}, keeper: {recorder}}}")

    n_dec = rng.randint(1, 5)
    decisions = [_fill(rng, rng.choice(DECISION_TEXTS), units, m=min(12, day.month + rng.randint(0, 3)), t=topic if i == 0 else rng.choice(TOPICS))
                 for i in range(n_dec)]
    y.append("decisions:")
    for i, text in enumerate(decisions):
        y += [f"  - id: D{i + 1}", f"    text: {text}"]

    y.append("actions:")
    still_open = False
    for i in range(rng.randint(1, 5)):
        carried = _pick_carried(st, day, classification) if rng.random() < 0.06 else None
        if carried is not None:
            task, unit = f"{carried.task}（结转）", carried.unit
        else:
            task, unit = _fill(rng, rng.choice(ACTION_TASKS), units, t=topic if i == 0 else rng.choice(TOPICS)), rng.choice(units)
        due = day + timedelta(days=rng.choice((7, 14, 30, 45, 60, 90, 120)))
        recent = (AS_OF - due).days < 365
        weights = [30, 30, 35, 5] if recent else [2, 4, 92, 2]  # open, in progress, done, cancelled
        astatus = rng.choices(["未启动", "推进中", "已办结", "已取消"], weights)[0]
        if astatus in ("未启动", "推进中"):
            still_open = True
        y += [f"  - id: A{i + 1}", f"    task: {task}", f"    unit: {unit}", f"    owner: {_staff(unit, rng)}",
              f"    due: {due.isoformat()}"]
        if i < n_dec and rng.random() < 0.8:
            y.append(f"    decision: D{i + 1}")
        y.append(f"    status: {astatus}")
        if carried is not None:
            y.append(f"    carried_from: {carried.dossier}#{carried.action}")
        n_upd = rng.randint(1, 3) if astatus == "已办结" else (rng.randint(1, 2) if astatus == "推进中" else 0)
        last = min(due + timedelta(days=20), AS_OF - timedelta(days=1))
        closed = day
        if n_upd and last >= day:
            y.append("    updates:")
            span = (last - day).days
            for j, offset in enumerate(sorted(rng.sample(range(span + 1), min(n_upd, span + 1)))):
                note = _fill(rng, rng.choice(UPDATE_NOTES), units, n=rng.randint(4, 30))
                if astatus == "已办结" and j == n_upd - 1:
                    note = "已按要求完成，相关材料已归档。"
                closed = day + timedelta(days=offset)
                y += [f"      - date: {closed.isoformat()}", f"        note: {note}"]
        elif astatus == "已办结":  # done needs an update: on the day itself
            y += ["    updates:", f"      - date: {day.isoformat()}", "        note: 会上当场落实。"]
        if astatus == "已办结":  # closed (销号) on the day of its last feedback, signed off by the chair
            y += [f"    closed_on: {closed.isoformat()}", f"    approved_by: {chair}"]
        if astatus in ("未启动", "推进中"):
            st.open_actions.append(_OpenAction(ident, f"A{i + 1}", task.removesuffix("（结转）"), unit, classification, day))

    if status == "已办结" and still_open:  # a meeting is closed only when its actions are all settled
        y[y.index("status: 已办结")] = "status: 已召开"
    y.append("lessons:")
    for _ in range(rng.randint(1, 3)):
        kind_, text = rng.choice(LESSON_TEXTS)
        y += [f"  - category: {rng.choice(CATEGORIES)}", f"    type: {kind_}", f"    text: {_fill(rng, text, units, n=rng.randint(2, 40))}"]
    y.append("---")
    body = _minutes(rng, units, title, day, topic, decisions)
    text = "\n".join(y) + "\n\n" + body
    return f"dossiers/{day.year}/{ident}.md", text


def _pick_carried(st: _State, day: date, classification: str) -> _OpenAction | None:
    """An open action of an earlier meeting of the same classification, taken off the pool (carried once)."""
    for k in range(len(st.open_actions) - 1, max(-1, len(st.open_actions) - 40), -1):
        cand = st.open_actions[k]
        if cand.classification == classification and cand.day < day:
            del st.open_actions[k]
            return cand
    return None


def generate(n: int, seed: int = 0, *, kinds: list[str] | None = None,
             units: list[str] | None = None) -> list[tuple[str, str]]:
    """N dossiers as (path relative to the project, text), in date order."""
    if kinds is None or units is None:
        default_kinds, default_units = project_lists()
        kinds = kinds if kinds is not None else default_kinds
        units = units if units is not None else default_units
    if not units:
        raise ValueError("synthetic dossiers need a list of units")
    rng = random.Random(seed)
    span = (AS_OF - FIRST).days  # the last meeting is the day before AS_OF at the latest
    days = sorted(FIRST + timedelta(days=rng.randrange(span)) for _ in range(n))
    st = _State(rng, list(kinds), list(units))
    out = []
    for i, day in enumerate(days):
        if i % 10 == 9:
            classification = "秘密"
        else:
            classification = "公开" if rng.random() < 0.2 else "内部"
        out.append(_dossier(st, i, day, classification))
    return out


def write_archive(root: Path, n: int, seed: int = 0, *, kinds: list[str] | None = None,
                  units: list[str] | None = None) -> list[Path]:
    """Write N dossiers under ``root/dossiers/<YYYY>/``; returns their paths, in date order."""
    root = Path(root)
    paths = []
    for rel, text in generate(n, seed, kinds=kinds, units=units):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":  # python -m tests.synth DIR N [SEED]
    import sys

    target, count = Path(sys.argv[1]), int(sys.argv[2])
    written = write_archive(target, count, int(sys.argv[3]) if len(sys.argv) > 3 else 0)
    print(f"{len(written)} dossiers written under {target / 'dossiers'}")
