"""Site settings that the validator needs: the kinds, the units, the audience and the as-of date.

The MkDocs plugin fills them from its typed config; the CLI reads the same plugin block from
``./mkdocs.yml`` with a small YAML reader of its own (so the CLI works without importing MkDocs and
keeps working if the site generator changes).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from .enums import Classification

PLUGIN_NAME = "meeting-archive"

LEVELS = ("error", "warning", "info", "off")  # what an office may set a rule to (mkdocs.yml: rules)

SOON_DAYS = 2  # a meeting this close with replies or checks still open is warned of
SETTLE_DAYS = 7  # a held meeting's documents should be recalled, destroyed or archived within this
MIN_YEAR, MAX_YEAR = 1900, 2099  # a meeting dated outside these years is a typing slip (0204, 2204)

DEFAULT_KINDS = ["常务会议", "全体会议", "专题会议", "工作会议", "表彰大会", "座谈会", "党组会议"]
DEFAULT_REHEARSAL_KINDS = ["表彰大会"]  # ceremonies rehearsed beforehand (模拟演练)
REHEARSAL_DAYS = 3  # a ceremony this close with no rehearsal done is warned of
DUE_SOON_DAYS = 7  # an open action due within this many days is 临期 (yellow), before it is 逾期 (red)
# What a unit's answer in the workbook may change besides adding its feedback: nothing ("none"), 未启动 →
# 推进中 ("progress"), or that too and 已办结 when it asks to close ("close"; the leader still signs off).
FEEDBACK_STATUS = ("none", "progress", "close")


class ConfigProblem(Exception):
    """A setting that cannot be used; the message is for an administrator."""


@dataclass
class Settings:
    dossiers_dir: Path = Path("dossiers")
    kinds: list[str] = field(default_factory=lambda: list(DEFAULT_KINDS))
    units: list[str] = field(default_factory=list)
    audience: Classification = Classification.INTERNAL
    as_of: date | None = None  # None: today
    max_attachment_mb: float = 50.0
    rehearsal_kinds: list[str] = field(default_factory=lambda: list(DEFAULT_REHEARSAL_KINDS))
    rehearsal_days: int = REHEARSAL_DAYS
    due_soon_days: int = DUE_SOON_DAYS
    feedback_status: str = "progress"
    office: str = ""  # the office that keeps the archive (the workbook's and the printables' title); site_name
    site_url: str = ""  # where the site is published: calendar, feed and sitemap links are absolute then
    cache_dir: Path | None = None  # the check cache (check/cache.py); None: no cache
    # The severity of each rule the office set (rule id → error · warning · info · off); "warnings" sets
    # every rule whose default is a warning. The rules themselves are check/rules/.
    levels: dict[str, str] = field(default_factory=dict)

    def today(self) -> date:
        return self.as_of or date.today()

    def level(self, rule: str, default: str) -> str:
        if rule in self.levels:
            return self.levels[rule]
        if default == "warning" and "warnings" in self.levels:
            return self.levels["warnings"]
        return default


def parse_audience(raw: Any) -> Classification:
    if raw is None or raw == "":
        return Classification.INTERNAL
    member = Classification.parse(raw)
    if member is None:
        raise ConfigProblem(
            f"未知的读者范围（audience）“{raw}”；可选：{Classification.choices_text()} "
            f"/ unknown audience {raw!r}; use one of: {', '.join(Classification.spellings())}"
        )
    return member  # type: ignore[return-value]


def parse_as_of(raw: Any) -> date | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ConfigProblem(
            f"基准日期（as_of）“{raw}”不是 YYYY-MM-DD 格式的日期 / as_of {raw!r} is not a YYYY-MM-DD date"
        ) from None


class _MkdocsYamlLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: !ENV as MkDocs does, any other tag (``!!python/name:…``) as nothing."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)  # type: ignore[arg-type]
        names, default = items[:-1], items[-1]
        if len(items) == 1:
            names, default = items, None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]  # as text: the setting's own parser reads it (a date, a level)
    return default


def _ignore(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """A date as YAML reads it, or the text when it is no real date (as_of: 2026-13-01)."""
    try:
        return loader.construct_yaml_timestamp(node)  # type: ignore[arg-type]
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_MkdocsYamlLoader.add_constructor("!ENV", _env)
_MkdocsYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_MkdocsYamlLoader.add_multi_constructor("!", _ignore)
_MkdocsYamlLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore)


def plugin_block(config: dict[str, Any]) -> dict[str, Any]:
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    for entry in plugins:
        if entry == PLUGIN_NAME:
            return {}
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            return entry[PLUGIN_NAME] or {}
    return {}


def settings_from_block(block: dict[str, Any], base: Path) -> Settings:
    settings = Settings()
    settings.dossiers_dir = (base / str(block.get("dossiers") or "dossiers")).resolve()
    if os.environ.get("MEETING_ARCHIVE_CACHE", "1") != "0":  # MEETING_ARCHIVE_CACHE=0: no cache
        # MEETING_ARCHIVE_CACHE_DIR: elsewhere (the test suite keeps its caches out of the project's own).
        elsewhere = os.environ.get("MEETING_ARCHIVE_CACHE_DIR")
        settings.cache_dir = Path(elsewhere).resolve() if elsewhere else (base / ".cache" / "meeting-archive").resolve()
    if block.get("kinds"):
        settings.kinds = [str(k) for k in block["kinds"]]
    if block.get("units"):
        settings.units = [str(u) for u in block["units"]]
    if block.get("rehearsal_kinds") is not None:
        settings.rehearsal_kinds = [str(k) for k in block["rehearsal_kinds"]]
    settings.rehearsal_days = _whole(block, "rehearsal_days", REHEARSAL_DAYS, "会前多少天提醒模拟演练")
    settings.due_soon_days = _whole(block, "due_soon_days", DUE_SOON_DAYS, "办理时限前多少天起标为临期")
    status = str(block.get("feedback_status") or "progress")
    if status not in FEEDBACK_STATUS:
        raise ConfigProblem(f"feedback_status“{status}”不可用；可选：none（反馈不改状态）、progress（未启动改为推进中）、"
                            f"close（另可按申请办结改为已办结） / feedback_status must be one of {', '.join(FEEDBACK_STATUS)}")
    settings.feedback_status = status
    settings.office = str(block.get("office") or "")
    settings.site_url = str(block.get("site_url") or "")
    # AUDIENCE and AS_OF in the environment (make site AUDIENCE=秘密 AS_OF=2025-06-30) win over mkdocs.yml.
    settings.audience = parse_audience(os.environ.get("AUDIENCE") or block.get("audience"))
    settings.as_of = parse_as_of(os.environ.get("AS_OF") or block.get("as_of"))
    levels = block.get("rules") or {}
    if not isinstance(levels, dict):
        raise ConfigProblem("rules 应写成“规则: 级别”的映射，如 rules: {unit-unknown: error} / rules must be a mapping")
    for rule, level in levels.items():
        if str(level) not in LEVELS:
            raise ConfigProblem(
                f"规则 {rule} 的级别“{level}”不可用；可选：error（错误）、warning（警告）、info（提示）、off（不检查） "
                f"/ level {level!r} of rule {rule} is not one of error, warning, info, off"
            )
    settings.levels = {str(k): str(v) for k, v in levels.items()}
    if block.get("max_attachment_mb") is not None:
        try:
            settings.max_attachment_mb = float(block["max_attachment_mb"])
        except (TypeError, ValueError):
            raise ConfigProblem(
                f"附件大小上限（max_attachment_mb）“{block['max_attachment_mb']}”不是数字；请写 MB 数，如 50 "
                f"/ max_attachment_mb {block['max_attachment_mb']!r} is not a number of MB"
            ) from None
    return settings


def office_of(office: Any, site_name: Any) -> str:
    """The office's name: the plugin's ``office``, else the site's name before its first " · "."""
    return str(office or str(site_name or "").split(" · ")[0]).strip()


def _whole(block: dict[str, Any], key: str, default: int, what: str) -> int:
    raw = block.get(key)
    if raw is None or raw == "":
        return default
    if isinstance(raw, bool) or not str(raw).strip().isascii() or not str(raw).strip().isdigit():
        raise ConfigProblem(f"{key}（{what}）“{raw}”不是天数；请写整数，如 {default} / {key} {raw!r} is not a whole number of days")
    days = int(str(raw).strip())
    if days > MAX_DAYS:
        raise ConfigProblem(f"{key}（{what}）{days} 天太多了；请写 0 到 {MAX_DAYS} 之间的天数 / {key} must be 0 to {MAX_DAYS} days")
    return days


MAX_DAYS = 366  # a warning more than a year ahead is no warning (and a calendar alarm must fit its field)


def require_dossiers(settings: Settings) -> None:
    """The dossiers folder exists (a misspelt ``dossiers:`` would build an empty archive without a word)."""
    if not settings.dossiers_dir.is_dir():
        raise ConfigProblem(
            f"档案文件夹 {settings.dossiers_dir} 不存在；请核对 mkdocs.yml 中的 docs_dir 或 dossiers 设置 "
            f"/ the dossiers folder {settings.dossiers_dir} does not exist"
        )


def load_settings(config_file: Path | None = None) -> Settings:
    """Settings from ``mkdocs.yml`` (default: the one in the current folder); defaults without one."""
    config_file = config_file or Path("mkdocs.yml")
    if not config_file.is_file():
        settings = Settings()
        settings.dossiers_dir = Path("dossiers").resolve()
        return settings
    try:
        with config_file.open(encoding="utf-8-sig") as fh:
            config = yaml.load(fh, Loader=_MkdocsYamlLoader) or {}
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigProblem(f"{config_file}: 无法读取 / cannot be read: {exc}") from None
    block = dict(plugin_block(config))
    if not block.get("dossiers"):  # the plugin's default: MkDocs' docs_dir
        block["dossiers"] = config.get("docs_dir") or "dossiers"
    block.setdefault("office", office_of(block.get("office"), config.get("site_name")))
    block.setdefault("site_url", config.get("site_url") or "")
    return settings_from_block(block, config_file.resolve().parent)
