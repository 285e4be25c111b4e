"""The enumerations of the dossier format: every value has a Chinese and an English spelling.

The member's ``value`` is the English spelling (used in exports); ``zh`` is the Chinese one (shown on
pages). ``parse`` accepts either spelling, so a clerk may write ``秘密`` or ``secret``.
"""

from __future__ import annotations

import operator
from enum import Enum


# Each enumeration's spellings, looked up by parse (a front matter holds a hundred enumerated values).
_SPELLINGS: dict[type, tuple[dict[str, "BilingualEnum"], dict[str, "BilingualEnum"]]] = {}


class BilingualEnum(str, Enum):
    zh: str

    def __new__(cls, en: str, zh: str) -> "BilingualEnum":
        obj = str.__new__(cls, en)
        obj._value_ = en
        obj.zh = zh
        return obj

    @classmethod
    def parse(cls, raw: object) -> "BilingualEnum | None":
        if isinstance(raw, cls):
            return raw
        if not isinstance(raw, str):
            return None
        tables = _SPELLINGS.get(cls)
        if tables is None:  # the Chinese spelling as written, the English one in any case
            tables = _SPELLINGS[cls] = ({m.zh: m for m in reversed(cls)}, {m.value: m for m in reversed(cls)})
        text = raw.strip()
        return tables[0].get(text) or tables[1].get(text.lower())

    @classmethod
    def spellings(cls) -> list[str]:
        """Every accepted spelling, Chinese first: used in messages and the JSON Schema."""
        return [s for m in cls for s in (m.zh, m.value)]

    @classmethod
    def choices_text(cls) -> str:
        return "、".join(f"{m.zh}（{m.value}）" for m in cls)

    def __str__(self) -> str:  # pages show the Chinese spelling
        return self.zh


def _by_rank(op):
    def compare(self, other: object) -> bool:
        if not isinstance(other, Classification):
            return NotImplemented
        return op(self.rank, other.rank)

    return compare


class Classification(BilingualEnum):
    """密级, ordered lowest first."""

    PUBLIC = ("public", "公开")
    INTERNAL = ("internal", "内部")
    SECRET = ("secret", "秘密")
    CONFIDENTIAL = ("confidential", "机密")
    TOP_SECRET = ("top-secret", "绝密")

    @property
    def rank(self) -> int:
        return _RANKS[self]

    # Compare by level, not as text: 公开 < 内部 < 秘密 < 机密 < 绝密.
    __lt__ = _by_rank(operator.lt)
    __le__ = _by_rank(operator.le)
    __gt__ = _by_rank(operator.gt)
    __ge__ = _by_rank(operator.ge)
    __hash__ = str.__hash__


_RANKS = {m: i for i, m in enumerate(Classification)}  # looked up, not counted, at every comparison


class Status(BilingualEnum):
    """会议状态."""

    PLANNED = ("planned", "筹备")
    NOTIFIED = ("notified", "已通知")
    HELD = ("held", "已召开")
    CLOSED = ("closed", "已办结")

    @property
    def took_place(self) -> bool:
        return self in (Status.HELD, Status.CLOSED)


class Role(BilingualEnum):
    MEMBER = ("member", "出席")
    OBSERVER = ("observer", "列席")
    STAFF = ("staff", "工作人员")


class Rsvp(BilingualEnum):
    """回执."""

    CONFIRMED = ("confirmed", "确认")
    LEAVE = ("leave", "请假")
    SUBSTITUTE = ("substitute", "代会")
    PENDING = ("pending", "未回复")


class ActionStatus(BilingualEnum):
    OPEN = ("open", "未启动")
    IN_PROGRESS = ("in-progress", "推进中")
    DONE = ("done", "已办结")
    CANCELLED = ("cancelled", "已取消")

    @property
    def is_open(self) -> bool:
        return self in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class Disposition(BilingualEnum):
    """会议文件处置."""

    RECALL = ("recall", "清退")
    DESTROY = ("destroy", "销毁")
    ARCHIVE = ("archive", "归档")
    KEEP = ("keep", "留存")


class LessonType(BilingualEnum):
    KEEP = ("keep", "经验")
    IMPROVE = ("improve", "不足")


class ReminderWay(BilingualEnum):
    """催办方式."""

    PHONE = ("phone", "电话")
    NOTICE = ("notice", "通知单")
    MEETING = ("meeting", "会议")


ALL_ENUMS: tuple[type[BilingualEnum], ...] = (
    Classification,
    Status,
    Role,
    Rsvp,
    ActionStatus,
    Disposition,
    LessonType,
    ReminderWay,
)
