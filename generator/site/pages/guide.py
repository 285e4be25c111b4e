"""The authoring guide (填写指南), generated from what the validator itself uses: the model (each field's
name, title, description and ``Kind``), the enumerations, the rules (their docstrings and severities) and
the attachment types. The prose around them is the template's (``guide.md.j2``)."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from ...check import rules
from ...core import enums
from ...domain.archive import Archive
from ...source import attachments
from ...source.model import MAPPING_MODELS, NESTED_MODELS, FrontMatter, Kind
from ..render import TEMPLATES, common, render

EXAMPLE = TEMPLATES / "guide_example.md"

# The enumerations the guide's table lists, in its order (the notes on each are the template's).
ENUMS = {
    "classification": enums.Classification, "status": enums.Status, "role": enums.Role, "rsvp": enums.Rsvp,
    "action_status": enums.ActionStatus, "disposition": enums.Disposition, "lesson_type": enums.LessonType,
    "reminder_way": enums.ReminderWay,
}
LEVEL_NAMES = {"error": "错误", "warning": "警告", "info": "提示", "off": "不检查"}


def kind_of(field) -> str:
    """How the guide names a field's type: its ``Kind``; a list by what its items are."""
    for meta in field.metadata:
        if isinstance(meta, Kind):
            return meta.label
    if typing.get_origin(field.annotation) is list:
        item = typing.get_args(field.annotation)[0]
        if isinstance(item, type) and issubclass(item, BaseModel):
            return "列表，每项为下方表格中的字段"
        return "文字列表，如 [防汛, 安全生产]"
    if any(isinstance(t, type) and issubclass(t, BaseModel) for t in typing.get_args(field.annotation)):
        return "一组字段，见下方表格"
    raise TypeError(f"the field {field} has no Kind: give its type one in source/model.py")


def _rows(model) -> list[dict[str, Any]]:
    rows = []
    for name, f in model.model_fields.items():
        default = f.default if not f.is_required() else None
        if isinstance(default, enums.BilingualEnum):
            default = default.zh
        elif default is False:
            default = "false"
        elif default is None or f.default_factory is not None:
            default = ""
        rows.append({
            "key": name,
            "label": f.title,
            "type": kind_of(f),
            "required": f.is_required(),
            "default": default,
            "description": f.description if f.description != f.title else "",
        })
    return rows


def sections() -> list[dict[str, Any]]:
    out = [{"key": "", "title": "头部字段", "rows": _rows(FrontMatter)}]
    for key, model in NESTED_MODELS.items():
        inner = {"updates": "办理反馈", "reminders": "催办记录"}  # lists inside each action
        path = f"actions[].{key}" if key in inner else key
        label = FrontMatter.model_fields[key].title if key in FrontMatter.model_fields else inner[key]
        what = "的字段" if key in MAPPING_MODELS else "的每一项"
        out.append({"key": path, "title": f"{path} {what}（{label}）", "rows": _rows(model)})
    return out


def rule_rows(archive: Archive) -> list[dict[str, Any]]:
    """Every rule, from its module: id, what it checks (its docstring), its default and this site's level."""
    out = []
    for m in rules.RULES:
        here = archive.settings.level(m.ID, m.SEVERITY)
        out.append({"id": m.ID, "doc": " ".join(m.__doc__.split()), "when": m.WHEN,
                    "default": LEVEL_NAMES[m.SEVERITY], "here": LEVEL_NAMES[here] if here != m.SEVERITY else ""})
    order = {"error": 0, "warning": 1, "info": 2, "off": 3}
    return sorted(out, key=lambda r: (order[next(k for k, v in LEVEL_NAMES.items() if v == r["default"])], r["id"]))


def guide_page(archive: Archive) -> dict[str, str]:
    return {
        "guide/index.md": render(
            "guide.md.j2",
            sections=sections(),
            enums=ENUMS,
            rules=rule_rows(archive),
            kinds=archive.settings.kinds,
            units=archive.settings.units,
            example=EXAMPLE.read_text(encoding="utf-8"),
            attachment_types=attachments.types_text(),
            max_attachment_mb=f"{archive.settings.max_attachment_mb:g}",
            feedback_status=archive.settings.feedback_status,
            due_soon_days=archive.settings.due_soon_days,
            **common(archive),
        )
    }
