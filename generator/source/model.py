"""pydantic models of the dossier front matter (format version 1).

The models check types only; rules that look across fields or dossiers are ``check/rules/``. The field
types raise ``PydanticCustomError`` with a code of ``core/messages.py``'s catalog, which
``source/errors.py`` passes through as it is (a new code is one entry there). Each type carries its
``Kind``, the name the guide gives it; field titles and descriptions feed ``generator schema`` and the
guide page.
"""

from __future__ import annotations

from functools import lru_cache

import re
from datetime import date, datetime
from dataclasses import dataclass
from typing import Annotated, Any, List, Optional, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from ..core.settings import SETTLE_DAYS
from ..core.enums import (
    ALL_ENUMS,
    ActionStatus,
    BilingualEnum,
    Classification,
    Disposition,
    LessonType,
    ReminderWay,
    Role,
    Rsvp,
    Status,
)

# ---------------------------------------------------------------------------------------------------
# Field types

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_LOOSE_DATE = re.compile(r"^\s*(\d{4})\s*[年/.\-－—]\s*(\d{1,2})\s*[月/.\-－—]\s*(\d{1,2})\s*日?\s*$")
_TIME = re.compile(r"^\s*(\d{1,2})\s*[:：]\s*(\d{2})\s*$")


def _example_date(raw: Any) -> str:
    """The ISO spelling of what the clerk meant (2024年5月1日 → 2024-05-01), else a generic example."""
    m = _LOOSE_DATE.match(str(raw))
    if m:
        y, mo, d = (int(g) for g in m.groups())
        try:
            return date(y, mo, d).isoformat()
        except ValueError:
            pass
    return "2024-05-10"


def parse_date(raw: Any) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if raw is None or raw == "":
        raise PydanticCustomError("empty", "must not be empty")
    text = str(raw).strip()
    m = _ISO.match(text)
    if m:
        try:
            return date(*(int(g) for g in m.groups()))
        except ValueError:
            raise PydanticCustomError("date_invalid", "not a real calendar date") from None
    raise PydanticCustomError("date_format", "not a date", {"example": _example_date(text)})


def parse_time(raw: Any) -> str:
    if raw is None or raw == "":
        raise PydanticCustomError("empty", "must not be empty")
    m = _TIME.match(str(raw))
    if m and ":" in str(raw):
        h, mi = int(m.group(1)), int(m.group(2))
        if h < 24 and mi < 60:
            return f"{h:02d}:{mi:02d}"
    example = "09:30"
    if m and int(m.group(1)) < 24 and int(m.group(2)) < 60:
        example = f"{int(m.group(1)):02d}:{int(m.group(2)):02d}"
    raise PydanticCustomError("time_format", "not a time", {"example": example})


def parse_text(raw: Any) -> str:
    if raw.__class__ is str:  # nearly always: the loader gives text
        text = raw.strip()
        if text:
            return text
        raise PydanticCustomError("empty", "must not be empty")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise PydanticCustomError("empty", "must not be empty")
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, (int, float)):
        return str(raw)
    if isinstance(raw, date):
        return raw.isoformat()
    if not isinstance(raw, str):
        raise PydanticCustomError("not_text", "should be text")
    return raw.strip()


_TRUE = {"true", "yes", "y", "是", "对", "已", "√", "✓", "1"}
_FALSE = {"false", "no", "n", "否", "不", "未", "×", "0"}


def parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise PydanticCustomError("not_bool", "should be true or false")


_DIGITS = re.compile(r"[0-9]{1,9}")  # ASCII digits (not ² or ５), and no more than a meeting needs


def parse_whole(raw: Any) -> int:
    if isinstance(raw, bool) or raw is None:
        raise PydanticCustomError("not_whole_number", "not a whole number")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float) and raw.is_integer():
        value = int(raw)
    elif isinstance(raw, str) and _DIGITS.fullmatch(raw.strip()):
        value = int(raw.strip())
    else:
        raise PydanticCustomError("not_whole_number", "not a whole number")
    if value < 0:
        raise PydanticCustomError("negative", "cannot be negative")
    return value


def enum_parser(cls: type[BilingualEnum]):
    def parse(raw: Any) -> BilingualEnum:
        member = cls.parse(raw)
        if member is None:
            raise PydanticCustomError("enum_value", "not an allowed value", {"enum": cls.__name__})
        return member

    return parse


_CARRIED = re.compile(r"^[^#\s/\\]+#[^#\s]+$")


def parse_carried_from(raw: Any) -> str:
    text = parse_text(raw)
    if not _CARRIED.match(text):
        raise PydanticCustomError("carried_from_format", "not <dossier-id>#<action-id>")
    return text


def _enum_schema(cls: type[BilingualEnum]) -> dict[str, Any]:
    return {"type": "string", "enum": cls.spellings()}


@dataclass(frozen=True)
class Kind:
    """How the guide names a field's type (``site.pages.guide`` reads it from here, not from the schema)."""

    label: str


TEXT = Kind("文字")
ENUM = Kind("枚举（见下表）")

# What the JSON Schema (for editors) says each kind accepts: what check accepts, no less. A value written
# without quotes is text as written (``title: 570``, ``venue: yes``), so text is any scalar an editor's
# YAML reads; a yes/no may be 是/否; a count may be written as text; a time may have a full-width colon.
_SCALAR = ["string", "number", "boolean"]
_TEXT_SCHEMA = WithJsonSchema({"type": _SCALAR})
_OPT_TEXT_SCHEMA = WithJsonSchema({"type": [*_SCALAR, "null"]})
_BOOL_SCHEMA = [{"type": "boolean"}, {"type": "integer", "enum": [0, 1]},
                {"type": "string", "pattern": "^\\s*(" + "|".join(
                    "".join(f"[{c}{c.upper()}]" if c.isascii() and c.isalpha() else re.escape(c) for c in word)
                    for word in sorted(_TRUE | _FALSE)) + ")\\s*$"}]  # no (?i): editors' regexes are JavaScript's
_WHOLE_SCHEMA = [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": "^\\s*[0-9]{1,9}\\s*$"}]

Text = Annotated[str, BeforeValidator(parse_text), _TEXT_SCHEMA, TEXT]
Date = Annotated[date, BeforeValidator(parse_date), Field(json_schema_extra={"format": "date"}), Kind("日期 YYYY-MM-DD")]
Id = Annotated[str, BeforeValidator(parse_text), _TEXT_SCHEMA, TEXT]


def _enum_type(cls: type[BilingualEnum]):
    return Annotated[cls, BeforeValidator(enum_parser(cls)), Field(json_schema_extra=_enum_schema(cls)), ENUM]


def _optional(fn):
    """Leaving an optional field empty (``venue:``) is the same as not writing it."""

    def parse(raw: Any) -> Any:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        return fn(raw)

    return parse


def _list_or_empty(raw: Any) -> Any:
    return [] if raw is None else raw


def _opt_enum_type(cls: type[BilingualEnum]):
    return Annotated[
        Optional[cls],
        BeforeValidator(_optional(enum_parser(cls))),
        Field(json_schema_extra={"anyOf": [_enum_schema(cls), {"type": "null"}]}),
        ENUM,
    ]


OptText = Annotated[Optional[str], BeforeValidator(_optional(parse_text)), _OPT_TEXT_SCHEMA, TEXT]
OptDate = Annotated[Optional[date], BeforeValidator(_optional(parse_date)), Field(json_schema_extra={"format": "date"}),
                    Kind("日期 YYYY-MM-DD")]
OptTime = Annotated[Optional[str], BeforeValidator(_optional(parse_time)),
                    WithJsonSchema({"anyOf": [{"type": "string", "pattern": "^\\s*\\d{1,2}\\s*[:：]\\s*\\d{2}\\s*$"},
                                              {"type": "null"}]}), Kind('时间 "HH:MM"（引号可写可不写）')]
Bool = Annotated[bool, BeforeValidator(parse_bool), WithJsonSchema({"anyOf": _BOOL_SCHEMA}), Kind("true / false（是 / 否）")]
OptBool = Annotated[Optional[bool], BeforeValidator(_optional(parse_bool)),
                    WithJsonSchema({"anyOf": [*_BOOL_SCHEMA, {"type": "null"}]}), Kind("true / false（是 / 否）")]
OptWhole = Annotated[Optional[int], BeforeValidator(_optional(parse_whole)),
                     WithJsonSchema({"anyOf": [*_WHOLE_SCHEMA, {"type": "null"}]}), Kind("整数")]
OptCarriedFrom = Annotated[Optional[str], BeforeValidator(_optional(parse_carried_from)), _OPT_TEXT_SCHEMA, TEXT]


T = TypeVar("T")
Items = Annotated[List[T], BeforeValidator(_list_or_empty)]  # the guide names a list by what its items are

ClassificationT = _enum_type(Classification)
OptClassificationT = _opt_enum_type(Classification)
OptDispositionT = _opt_enum_type(Disposition)
OptLessonTypeT = _opt_enum_type(LessonType)
StatusT = _enum_type(Status)
RoleT = _enum_type(Role)
RsvpT = _enum_type(Rsvp)
ActionStatusT = _enum_type(ActionStatus)
ReminderWayT = _enum_type(ReminderWay)


def F(label: str, description: str = "", **kw: Any) -> Any:
    """A field with its Chinese label (shown in the guide and as the schema title)."""
    return Field(title=label, description=description or label, **kw)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, use_enum_values=False)


# ---------------------------------------------------------------------------------------------------
# The items of the lists


class Attendee(_Model):
    name: Text = F("姓名")
    unit: Text = F("单位", "所在单位全称，应在本站配置的单位名单中")
    role: RoleT = F("身份", "出席 member · 列席 observer · 工作人员 staff", default=Role.MEMBER)
    rsvp: RsvpT = F("回执", "确认 confirmed · 请假 leave · 代会 substitute · 未回复 pending", default=Rsvp.PENDING)
    substitute: OptText = F("代会人", "回执为“代会”时必填：代为参会者的姓名", default=None)
    signed_in: OptBool = F("签到", "true 已签到 / false 未签到", default=None)


class AgendaItem(_Model):
    topic: Text = F("议题")
    presenter: OptText = F("汇报人", default=None)
    minutes: OptWhole = F("计划时长（分钟）", "整数分钟", default=None)


class PrepTask(_Model):
    task: Text = F("筹备任务")
    owner: Text = F("责任人")
    due: OptDate = F("完成时限", "YYYY-MM-DD", default=None)
    done: Bool = F("已完成", default=False)


class CheckItem(_Model):
    item: Text = F("检查项目", "如 会场、材料、电源音响、安保、视频会议、彩排")
    done: Bool = F("已完成", default=False)
    note: OptText = F("备注", default=None)


class Incident(_Model):
    time: OptTime = F("时间", '"HH:MM"', default=None)
    description: Text = F("情况")
    response: OptText = F("处置", default=None)


class Document(_Model):
    id: Id = F("文件编号", "本档案内唯一，如 F1")
    title: Text = F("文件名称")
    classification: OptClassificationT = F("文件密级", "不写则同档案密级；不得高于档案密级", default=None)
    copies: OptWhole = F("印发份数", default=None)
    disposition: OptDispositionT = F("处置", "清退 recall · 销毁 destroy · 归档 archive · 留存 keep", default=None)
    returned: OptWhole = F("已清退份数", default=None)
    destroyed: OptWhole = F("已销毁份数", default=None)
    archive_ref: OptText = F("归档卷号", default=None)
    file: OptText = F("附件路径", "相对档案所在文件夹的路径", default=None)
    copy_numbers: OptText = F("份号", "印发各份的编号，如 001-022，或 001-010、015", default=None)
    recipients: Items[Text] = F("分送", "接收文件的单位或人员，如 [县财政局, 县水利局]", default_factory=list)
    returned_on: OptDate = F("清退日期", "全部退回的日期 YYYY-MM-DD；清退写了日期才算完成", default=None)
    destroyed_on: OptDate = F("销毁日期", "销毁的日期 YYYY-MM-DD；销毁写了日期才算完成", default=None)
    witness: OptText = F("监销人", "在场监督销毁的人员", default=None)

    @property
    def settled(self) -> bool | None:
        """Whether the disposition is complete, with its procedure (None: no disposition): recalled in
        full with the date, destroyed in full with the date, or archived with a reference."""
        if self.disposition is None:
            return None
        if self.disposition == Disposition.RECALL:
            return self.copies is not None and (self.returned or 0) == self.copies and self.returned_on is not None
        if self.disposition == Disposition.DESTROY:
            return self.copies is not None and (self.destroyed or 0) == self.copies and self.destroyed_on is not None
        if self.disposition == Disposition.ARCHIVE:
            return bool(self.archive_ref)
        return True


def unsettled_too_long(took_place: bool, day: date, as_of: date, settled: bool | None) -> bool:
    """A document of a meeting that took place more than SETTLE_DAYS days before the as-of date whose
    disposition is still not complete: the one test the validator's warning and the register's flag share."""
    return took_place and settled is False and (as_of - day).days > SETTLE_DAYS


class Decision(_Model):
    id: Id = F("议定事项编号", "本档案内唯一，如 D1")
    text: Text = F("议定事项")


class Update(_Model):
    date: Date = F("反馈日期", "YYYY-MM-DD，不早于会议日期")
    note: Text = F("办理情况")


class Reminder(_Model):
    date: Date = F("催办日期", "YYYY-MM-DD，不早于会议日期")
    to: OptText = F("催办对象", "被催办的单位或人员；不填为责任单位", default=None)
    how: ReminderWayT = F("催办方式", "电话 phone · 通知单 notice · 会议 meeting", default=ReminderWay.PHONE)
    note: OptText = F("说明", default=None)


class Action(_Model):
    id: Id = F("督办编号", "本档案内唯一，如 A1")
    task: Text = F("督办事项")
    unit: Text = F("责任单位", "牵头单位")
    due: Date = F("办理时限", "YYYY-MM-DD，不早于会议日期")
    co_units: Items[Text] = F("配合单位", "协助办理的单位，如 [县财政局, 县自然资源局]", default_factory=list)
    owner: OptText = F("责任人", "几位时用顿号分开，如 张三、李四", default=None)
    supervisor: OptText = F("督办领导", "不填则用本次会议的 supervisor", default=None)
    decision: OptText = F("对应议定事项", "本档案 decisions 中的编号，如 D1", default=None)
    status: ActionStatusT = F("办理状态", "未启动 open · 推进中 in-progress · 已办结 done · 已取消 cancelled", default=ActionStatus.OPEN)
    closed_on: OptDate = F("办结日期", "办结（销号）的日期 YYYY-MM-DD；用于统计办结用时和按期办结率", default=None)
    approved_by: OptText = F("销号审批人", "批准办结的领导", default=None)
    carried_from: OptCarriedFrom = F("结转自", "<档案编号>#<督办编号>：由此前会议的督办事项结转而来", default=None)
    updates: Items[Update] = F("办理反馈", "每条写 date 与 note", default_factory=list)
    reminders: Items[Reminder] = F("催办记录", "每次催办写 date、to、how、note", default_factory=list)


class SpotCheck(_Model):
    time: OptTime = F("抽查时间", '"HH:MM"', default=None)
    present: OptWhole = F("在场人数", "抽查时在场的应到人员人数", default=None)
    absent: Items[Text] = F("不在场人员", "抽查时不在场者的姓名，应是 attendees 中的人员，如 [张三, 李四]", default_factory=list)
    note: OptText = F("说明", default=None)


class Devices(_Model):
    collected: OptWhole = F("收存件数", "会前收存的手机等通信工具和录音、录像设备件数", default=None)
    returned: OptWhole = F("发还件数", "会后发还的件数，应等于收存件数", default=None)
    keeper: OptText = F("保管人", default=None)
    note: OptText = F("说明", default=None)


class Rehearsal(_Model):
    date: OptDate = F("演练日期", "YYYY-MM-DD，不晚于会议日期", default=None)
    done: Bool = F("已演练", default=False)
    note: OptText = F("说明", "演练中发现的问题与改进", default=None)


class Lesson(_Model):
    category: Text = F("类别", "如 会场保障、通知、保密、议程")
    type: OptLessonTypeT = F("类型", "经验 keep · 不足 improve", default=None)
    text: Text = F("内容")


class FrontMatter(_Model):
    """会议档案的 YAML 头部（格式第 1 版）。"""

    model_config = ConfigDict(extra="forbid", title="会议档案", json_schema_extra={"additionalProperties": False})

    title: Text = F("会议名称")
    kind: Text = F("会议类型", "本站配置的会议类型之一，如 常务会议、全体会议、专题会议、工作会议、表彰大会、座谈会、党组会议")
    date: Date = F("会议日期", "YYYY-MM-DD")
    start: OptTime = F("开始时间", '"HH:MM"', default=None)
    end: OptTime = F("结束时间", '"HH:MM"，晚于开始时间', default=None)
    venue: OptText = F("会场", default=None)
    organizer: OptText = F("承办单位", default=None)
    chair: OptText = F("主持人", default=None)
    recorder: OptText = F("记录人", default=None)
    supervisor: OptText = F("督办领导", "本次会议督办事项的督办领导；某项另有督办领导时在该项写 supervisor", default=None)
    doc_no: OptText = F("纪要文号", "印发会议纪要的文号，如 〔2026〕12号", default=None)
    classification: ClassificationT = F("密级", "公开 public · 内部 internal · 秘密 secret · 机密 confidential · 绝密 top-secret")
    status: StatusT = F("会议状态", "筹备 planned · 已通知 notified · 已召开 held · 已办结 closed")
    tags: Items[Text] = F("标签", default_factory=list)
    attendees: Items[Attendee] = F("参会人员", default_factory=list)
    agenda: Items[AgendaItem] = F("议程", default_factory=list)
    preparation: Items[PrepTask] = F("筹备分工", default_factory=list)
    checklist: Items[CheckItem] = F("会前检查", default_factory=list)
    rehearsal: Optional[Rehearsal] = F("模拟演练", "表彰大会等仪式性会议会前的演练", default=None)
    spot_checks: Items[SpotCheck] = F("会中抽查", "会议进行中清点在场人数（会风会纪）", default_factory=list)
    devices: Optional[Devices] = F("通信工具保管", "涉密会议收存手机等通信工具和录音、录像设备", default=None)
    incidents: Items[Incident] = F("会中突发情况", default_factory=list)
    documents: Items[Document] = F("会议文件", default_factory=list)
    decisions: Items[Decision] = F("议定事项", default_factory=list)
    actions: Items[Action] = F("督办事项", default_factory=list)
    lessons: Items[Lesson] = F("经验总结", default_factory=list)


LIST_ITEM_MODELS: dict[str, type[BaseModel]] = {
    "attendees": Attendee,
    "agenda": AgendaItem,
    "preparation": PrepTask,
    "checklist": CheckItem,
    "spot_checks": SpotCheck,
    "incidents": Incident,
    "documents": Document,
    "decisions": Decision,
    "actions": Action,
    "lessons": Lesson,
    "updates": Update,
    "reminders": Reminder,
}
# The fields that are one mapping of their own fields (not a list of them).
MAPPING_MODELS: dict[str, type[BaseModel]] = {"rehearsal": Rehearsal, "devices": Devices}
NESTED_MODELS: dict[str, type[BaseModel]] = {**LIST_ITEM_MODELS, **MAPPING_MODELS}


def model_for(path: tuple[str | int, ...]) -> type[BaseModel]:
    """The model that the mapping at ``path`` is checked against (for 'did you mean' hints)."""
    model: type[BaseModel] = FrontMatter
    for part in path:
        if isinstance(part, str) and part in NESTED_MODELS:
            model = NESTED_MODELS[part]
    return model


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the front matter, for editors' completion and checking as one types. Each
    enumeration's definition takes both spellings: a field's ``enum`` beside its ``$ref`` does not
    widen the definition (draft 2020-12 requires both), so 秘密 would otherwise be refused."""
    schema = FrontMatter.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    for cls in ALL_ENUMS:
        node = schema.get("$defs", {}).get(cls.__name__)
        if node is not None:
            node.update(_enum_schema(cls))
    return schema


# Every model instance carries the set of fields its input named (pydantic's __pydantic_fields_set__):
# half the memory of a validated front matter (20 KB of 43 in the synthetic archive), though only a few
# hundred distinct sets occur. The front matter a build keeps (check.cache) shares equal sets across the
# archive: nothing here reads them (they matter only to model_dump(exclude_unset=True)), and a shared set
# stays a set.
_FIELD_SETS: dict[frozenset[str], set[str]] = {}


def front_matter(data: Any) -> FrontMatter:
    """The validated front matter of ``data`` (raises ValidationError), its field sets shared."""
    fm = FrontMatter.model_validate(data)
    shared = _FIELD_SETS
    stack: list[BaseModel] = [fm]
    while stack:
        m = stack.pop()
        own = m.__pydantic_fields_set__
        same = shared.setdefault(frozenset(own), own)
        if same is not own:
            object.__setattr__(m, "__pydantic_fields_set__", same)
        for name in _nested(m.__class__):
            v = m.__dict__[name]
            if v.__class__ is list:
                stack.extend(v)
            elif v is not None:
                stack.append(v)
    return fm


@lru_cache(maxsize=None)
def _nested(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``cls`` that hold a model or a list of models."""
    out = []
    for name, info in cls.model_fields.items():
        ann = info.annotation
        args = [a for a in getattr(ann, "__args__", ()) if a is not type(None)] or [ann]
        inner = [getattr(a, "__args__", (a,))[0] if getattr(a, "__origin__", None) is list else a for a in args]
        if any(isinstance(a, type) and issubclass(a, BaseModel) for a in inner):
            out.append(name)
    return tuple(out)
