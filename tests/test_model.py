"""The model: both spellings of every enumeration, field types, the JSON Schema."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from pydantic import ValidationError

from generator.core import enums
from generator.source.model import FrontMatter, json_schema

BASE = {"title": "会议", "kind": "常务会议", "date": "2024-05-06", "classification": "内部", "status": "已召开"}


@pytest.mark.parametrize("cls", enums.ALL_ENUMS, ids=lambda c: c.__name__)
def test_every_enum_value_parses_in_chinese_and_english(cls) -> None:
    for member in cls:
        assert cls.parse(member.zh) is member
        assert cls.parse(member.value) is member
        assert cls.parse(member.value.upper()) is member
    assert cls.parse("不存在的值") is None


def test_enumerations_match_the_spec() -> None:
    assert [m.zh for m in enums.Classification] == ["公开", "内部", "秘密", "机密", "绝密"]
    assert [m.value for m in enums.Classification] == ["public", "internal", "secret", "confidential", "top-secret"]
    assert [m.zh for m in enums.Status] == ["筹备", "已通知", "已召开", "已办结"]
    assert [m.zh for m in enums.Role] == ["出席", "列席", "工作人员"]
    assert [m.zh for m in enums.Rsvp] == ["确认", "请假", "代会", "未回复"]
    assert [m.value for m in enums.ActionStatus] == ["open", "in-progress", "done", "cancelled"]
    assert [m.zh for m in enums.Disposition] == ["清退", "销毁", "归档", "留存"]
    assert [m.zh for m in enums.LessonType] == ["经验", "不足"]


def test_classification_is_ordered() -> None:
    C = enums.Classification
    assert C.PUBLIC < C.INTERNAL < C.SECRET < C.CONFIDENTIAL < C.TOP_SECRET
    assert C.SECRET <= C.SECRET and not C.SECRET > C.SECRET


def test_defaults() -> None:
    fm = FrontMatter.model_validate(
        BASE
        | {
            "attendees": [{"name": "张三", "unit": "县财政局"}],
            "actions": [{"id": "A1", "task": "t", "unit": "u", "due": date(2024, 6, 1)}],
            "checklist": [{"item": "会场"}],
            "decisions": None,
        }
    )
    assert fm.attendees[0].role is enums.Role.MEMBER
    assert fm.attendees[0].rsvp is enums.Rsvp.PENDING
    assert fm.actions[0].status is enums.ActionStatus.OPEN
    assert fm.checklist[0].done is False
    assert fm.decisions == []  # an empty list written as "decisions:" is no error


def test_times_and_booleans_as_clerks_write_them() -> None:
    fm = FrontMatter.model_validate(
        BASE | {"start": "9:30", "end": "11:30", "checklist": [{"item": "x", "done": "是"}, {"item": "y", "done": "否"}]}
    )
    assert (fm.start, fm.end) == ("09:30", "11:30")
    assert [c.done for c in fm.checklist] == [True, False]


def test_numbers_become_text_where_text_is_expected() -> None:
    fm = FrontMatter.model_validate(BASE | {"venue": 301, "decisions": [{"id": 1, "text": "同意"}]})
    assert fm.venue == "301" and fm.decisions[0].id == "1"


@pytest.mark.parametrize(
    "field, value, code",
    [
        ("date", "2024年5月6日", "date_format"),
        ("date", "2024-02-30", "date_invalid"),
        ("start", "25:00", "time_format"),
        ("classification", "保密", "enum_value"),
        ("title", None, "empty"),
        ("tags", "防汛", "list_type"),
    ],
)
def test_type_errors_have_codes(field: str, value, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        FrontMatter.model_validate(BASE | {field: value})
    assert [e["type"] for e in info.value.errors()] == [code]


def test_unknown_keys_are_errors() -> None:
    with pytest.raises(ValidationError) as info:
        FrontMatter.model_validate(BASE | {"tittle": "x"})
    assert info.value.errors()[0]["type"] == "extra_forbidden"


def test_json_schema_has_descriptions_and_both_spellings() -> None:
    schema = json_schema()
    props = schema["properties"]
    assert set(schema["required"]) == {"title", "kind", "date", "classification", "status"}
    assert props["title"]["title"] == "会议名称"
    assert "秘密" in props["classification"]["enum"] and "secret" in props["classification"]["enum"]
    assert schema["additionalProperties"] is False
    action = schema["$defs"]["Action"]
    assert set(action["required"]) == {"id", "task", "unit", "due"}
    assert action["properties"]["carried_from"]["description"].startswith("<档案编号>#<督办编号>")


def _enum_of(annotation):
    import typing  # noqa: PLC0415

    for t in (annotation, *typing.get_args(annotation)):
        if isinstance(t, type) and issubclass(t, enums.BilingualEnum):
            return t
    return None


def test_the_schema_has_every_field_of_every_model_with_its_title_and_both_spellings() -> None:
    """Field by field, for the front matter and every list item (what an editor's completion offers)."""
    from generator.source.model import NESTED_MODELS  # noqa: PLC0415

    schema = json_schema()
    for model in (FrontMatter, *NESTED_MODELS.values()):
        node = schema if model is FrontMatter else schema["$defs"][model.__name__]
        assert node["additionalProperties"] is False, model.__name__
        assert set(node["properties"]) == set(model.model_fields), model.__name__
        assert set(node.get("required", [])) == {n for n, f in model.model_fields.items() if f.is_required()}
        for name, f in model.model_fields.items():
            prop = node["properties"][name]
            assert prop["title"] == f.title, (model.__name__, name)
            assert prop.get("description"), (model.__name__, name)
            cls = _enum_of(f.annotation)
            if cls is not None:
                allowed = json.dumps(prop, ensure_ascii=False)  # inline, or in the anyOf of an optional one
                if "$ref" in prop:
                    allowed += json.dumps(schema["$defs"][cls.__name__], ensure_ascii=False)
                allowed = set(re.findall(r'"([^"]+)"', allowed))
                assert all(m.zh in allowed and m.value in allowed for m in cls), (model.__name__, name)


def _as_an_editor_reads(text: str):
    """The front matter as an editor's YAML support reads it: YAML 1.2's core schema (a date or 9:30
    stays text, only true/false are booleans, 010 is ten), which is what yaml-language-server follows."""
    import yaml  # noqa: PLC0415

    class Loader(yaml.SafeLoader):
        yaml_implicit_resolvers: dict = {}

    core = {
        "tag:yaml.org,2002:bool": r"^(?:true|True|TRUE|false|False|FALSE)$",
        "tag:yaml.org,2002:int": r"^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+)$",
        "tag:yaml.org,2002:float": r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                                   r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "tag:yaml.org,2002:null": r"^(?:~|null|Null|NULL|)$",
    }
    for tag, pattern in core.items():
        Loader.add_implicit_resolver(tag, re.compile(pattern), list("-+0123456789.tTfFnN~") + [""])
    Loader.add_constructor("tag:yaml.org,2002:int", lambda loader, node: int(loader.construct_scalar(node), 0)
                           if loader.construct_scalar(node).startswith("0x") else int(loader.construct_scalar(node)))
    return yaml.load(text.split("---\n", 2)[1], Loader=Loader)  # noqa: S506 (a SafeLoader)


def test_editors_checking_with_the_schema_accept_every_sample_and_refuse_a_wrong_value() -> None:
    import jsonschema  # noqa: PLC0415

    from .conftest import FIXTURES, ROOT  # noqa: PLC0415

    validator = jsonschema.Draft202012Validator(json_schema())
    samples = sorted((ROOT / "dossiers").rglob("*.md")) + sorted((FIXTURES / "good").rglob("*.md"))
    samples = [p for p in samples if "_templates" not in p.parts]
    assert len(samples) > 20
    for path in samples:
        data = _as_an_editor_reads(path.read_text(encoding="utf-8"))
        assert [e.message for e in validator.iter_errors(data)] == [], path
    wrong = {**BASE, "classification": "保密", "actions": [{"id": "A1", "task": "x", "unit": "y", "due": "2024-06-01",
                                                              "status": "已完成"}]}
    assert {e.instance for e in validator.iter_errors(wrong)} == {"保密", "已完成"}


def test_the_projects_copy_of_the_format_is_the_shared_contract_and_names_every_field() -> None:
    """``generator/source/dossier-format.md`` begins with the shared contract, word for word (when the
    shared folder is beside the project), then says what this project adds; every field of the model is
    named in it."""
    from generator.source.model import NESTED_MODELS  # noqa: PLC0415

    from .conftest import ROOT  # noqa: PLC0415

    ours = (ROOT / "generator" / "source" / "dossier-format.md").read_text(encoding="utf-8")
    for model in (FrontMatter, *NESTED_MODELS.values()):
        for name in model.model_fields:
            assert f"`{name}`" in ours or f"| {name} |" in ours or f"| {name}," in ours or f" {name} |" in ours, name
    shared = ROOT.parent / "shared" / "spec" / "dossier-format.md"
    if not shared.is_file():
        pytest.skip("the shared spec folder is not beside the project")
    assert ours.startswith(shared.read_text(encoding="utf-8"))


def test_the_kept_front_matter_shares_its_field_sets_and_equals_a_fresh_one() -> None:
    """What a build keeps (source.model.front_matter): the same model as pydantic's, but each distinct set
    of fields named is one object across the archive, not one per model instance."""
    import glob  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415
    from generator.source import model, yamlsrc  # noqa: PLC0415
    from generator.source.loader import split  # noqa: PLC0415
    from .conftest import ROOT  # noqa: PLC0415

    datas = []
    for name in sorted(glob.glob(str(ROOT / "dossiers" / "**" / "*.md"), recursive=True)):
        parts = split(Path(name).read_text(encoding="utf-8"))
        if parts and "_templates" not in name:
            datas.append(yamlsrc.parse(parts[0], 1).data)
    kept = [model.front_matter(x) for x in datas]
    assert kept == [FrontMatter.model_validate(x) for x in datas]
    instances = [m for fm in kept for m in [fm, *fm.attendees, *fm.actions, *(u for a in fm.actions for u in a.updates)]]
    assert len(instances) > 3 * len(kept)
    by_content: dict[frozenset, set[int]] = {}
    for m in instances:
        by_content.setdefault(frozenset(m.model_fields_set), set()).add(id(m.__pydantic_fields_set__))
    assert all(len(ids) == 1 for ids in by_content.values())
