"""pydantic's errors, rewritten in plain words and put back at their line in the file.

The field types of ``source/model.py`` raise ``PydanticCustomError`` with a code of the catalog
(``core/messages.py``): such an error passes through as it is, with its context as the message's
arguments, so a new code is one entry in the catalog. pydantic's own error types are mapped to ours
(``_TYPE_CODES``) or described here.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..core import enums
from ..core.diagnostics import ERROR, Diagnostic, field_path
from ..core.messages import CATALOG, Bi, Got, Msg, Q
from .model import model_for
from .yamlsrc import Pos, Source

_TYPE_CODES = {
    "int_parsing": "not_whole_number",
    "int_from_float": "not_whole_number",
    "int_type": "not_whole_number",
    "greater_than_equal": "negative",
    "bool_parsing": "not_bool",
    "bool_type": "not_bool",
    "string_type": "not_text",
}

def closest(word: str, candidates: list[str], cutoff: float = 0.5) -> str | None:
    found = difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)
    if found:
        return found[0]
    lowered = word.lower()
    for c in candidates:  # "Title" → title, "due_date" → due
        if c.lower() == lowered or (len(c) > 2 and c in lowered):
            return c
    return None


def suggest_key(key: str, model: type[BaseModel]) -> str | None:
    names = list(model.model_fields)
    labels = {f.title: name for name, f in model.model_fields.items() if f.title}
    if key in labels:  # 会议名称 → title
        return labels[key]
    hit = closest(key, names)
    if hit:
        return hit
    label_hit = closest(key, list(labels), cutoff=0.6)
    return labels[label_hit] if label_hit else None


def _enum_class(name: str) -> type[enums.BilingualEnum]:
    return getattr(enums, name)


def _pos_for(source: Source, loc: tuple, code: str) -> Pos:
    if code == "missing" and len(loc) == 1:
        return Pos(1, 1)  # a required top-level key is missing: the file as a whole
    return source.locate(loc)


def translate(exc: ValidationError, source: Source, file: Path) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        etype = err["type"]
        ctx = err.get("ctx") or {}
        value = err.get("input")
        code, args = _describe(etype, loc, value, ctx, err["msg"])
        pos = _pos_for(source, loc, code)
        out.append(Diagnostic(file, pos.line, pos.col, ERROR, code, field_path(loc), args, items=source.items(loc)))
    return out


def _describe(etype: str, loc: tuple, value: Any, ctx: dict, msg: str) -> tuple[str, dict[str, Any]]:
    etype = _TYPE_CODES.get(etype, etype)
    if etype == "not_text" and value is None:
        etype = "empty"
    if etype == "missing":
        return "missing", {"field": loc[-1]}
    if etype == "extra_forbidden":
        key = str(loc[-1])
        hit = suggest_key(key, model_for(loc[:-1]))
        parent = model_for(loc[:-1])
        hint = Msg("unknown_key_hint", suggest=Q(hit)) if hit else Msg("unknown_key_nohint", known=list(parent.model_fields))
        return "unknown_key", {"key": Q(key), "hint": hint}
    if etype in ("model_type", "dict_type", "model_attributes_type"):
        model = model_for(loc)
        required = [n for n, f in model.model_fields.items() if f.is_required()] or list(model.model_fields)[:2]
        example = "、".join(required)
        hint = Bi(
            f"每项写 {example} 等字段，如 - {required[0]}: …",
            f"write each item as key: value with {', '.join(required)}, e.g. - {required[0]}: …",
        )
        return "not_mapping", {"got": Got(value), "hint": hint}
    if etype == "list_type":
        return "not_list", {"got": Got(value)}
    if etype == "empty":
        named = loc[:-1] if loc and isinstance(loc[-1], int) else loc  # an item of a list: the list's name
        model = model_for(named[:-1])
        f = model.model_fields.get(str(named[-1])) if named else None
        return "empty", {"label": (f.title if f and f.title else ""), "label_en": named[-1] if named else ""}
    if etype == "enum_value":
        cls = _enum_class(ctx["enum"])
        hit = closest(str(value), cls.spellings(), cutoff=0.4) if isinstance(value, str) else None
        hint = Msg("enum_hint", suggest=Q(hit)) if hit else ""
        return "enum_value", {"value": Q(value), "hint": hint, "choices": Bi(cls.choices_text(), ", ".join(m.value for m in cls))}
    if etype == "not_text":
        hint: Any = ""
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            hint = Msg("not_text_list_hint", joined="、".join(value))
        return etype, {"got": Got(value), "hint": hint}
    if etype in CATALOG:  # a code of our own, raised by a field type of source/model.py: passed through
        args = {"value": Q(value)}
        args.update({k: v for k, v in ctx.items()})
        return etype, args
    return "invalid", {"detail": msg}
