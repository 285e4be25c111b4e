"""The authoring guide (填写指南), generated from the same model and enumerations the validator uses."""

from __future__ import annotations

from typing import Any

from ...source import attachments
from ...core import enums
from ...domain.archive import Archive
from ...source.model import LIST_ITEM_MODELS, FrontMatter
from ..render import TEMPLATES, common, render

EXAMPLE = TEMPLATES / "guide_example.md"

ENUM_FIELDS = [
    ("classification 密级", enums.Classification, "由低到高排列；档案按其中最高密级的内容定级"),
    ("status 会议状态", enums.Status, "已召开、已办结的会议日期不得晚于基准日期"),
    ("attendees[].role 身份", enums.Role, "不填为 出席"),
    ("attendees[].rsvp 回执", enums.Rsvp, "不填为 未回复；代会须写 substitute"),
    ("actions[].status 办理状态", enums.ActionStatus, "不填为 未启动；“逾期”由系统计算，不要填写"),
    ("documents[].disposition 处置", enums.Disposition, "已办结的会议，清退、销毁须全部完成，归档须写卷号"),
    ("lessons[].type 类型", enums.LessonType, "“不足”会列入下次同类会议的会前检查"),
]


def _type_text(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    if "enum" in prop:
        return "枚举（见下表）"
    if "anyOf" in prop:
        options = [p for p in prop["anyOf"] if p.get("type") != "null"]
        if options:
            return _type_text(options[0] | {k: v for k, v in prop.items() if k != "anyOf"}, defs)
    if prop.get("type") == "array":
        items = prop.get("items", {})
        if "$ref" in items:
            return "列表，每项为下方表格中的字段"
        return "文字列表，如 [防汛, 安全生产]"
    if prop.get("format") == "date":
        return "日期 YYYY-MM-DD"
    if "pattern" in prop:
        return '时间 "HH:MM"'
    t = prop.get("type")
    if t == "integer":
        return "整数"
    if t == "boolean":
        return "true / false（是 / 否）"
    return "文字"


def _rows(model) -> list[dict[str, Any]]:
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    required = set(schema.get("required", []))
    rows = []
    for name, prop in schema["properties"].items():
        f = model.model_fields[name]
        default = f.default if not f.is_required() else None
        if isinstance(default, enums.BilingualEnum):
            default = default.zh
        elif default is False:
            default = "false"
        elif default is None or f.default_factory is not None:
            default = ""
        rows.append(
            {
                "key": name,
                "label": f.title,
                "type": _type_text(prop, defs),
                "required": name in required,
                "default": default,
                "description": f.description if f.description != f.title else "",
            }
        )
    return rows


def sections() -> list[dict[str, Any]]:
    out = [{"key": "", "title": "头部字段", "rows": _rows(FrontMatter)}]
    for key, model in LIST_ITEM_MODELS.items():
        path = "actions[].updates" if key == "updates" else key
        label = FrontMatter.model_fields[key].title if key in FrontMatter.model_fields else "办理反馈"
        out.append({"key": path, "title": f"{path} 的每一项（{label}）", "rows": _rows(model)})
    return out


def guide_page(archive: Archive) -> dict[str, str]:
    return {
        "guide/index.md": render(
            "guide.md.j2",
            sections=sections(),
            enum_fields=ENUM_FIELDS,
            kinds=archive.settings.kinds,
            units=archive.settings.units,
            example=EXAMPLE.read_text(encoding="utf-8"),
            attachment_types=attachments.types_text(),
            max_attachment_mb=f"{archive.settings.max_attachment_mb:g}",
            url="guide/",
            **common(archive),
        )
    }
