"""正文中的链接和图片只能指向本档案文件夹中的文件：跳出文件夹（..）、绝对路径（/…、C:\\…、file:）、
单个文件形式的档案（它没有自己的文件夹）链接文件，都是错误。"""

from __future__ import annotations

ID = "body-links"
SEVERITY = "error"
WHEN = "static"

CODES = frozenset({"body_link_outside", "body_link_absolute", "body_link_flat_dossier"})


def check(d, e, facts) -> None:
    for x in facts.body:
        if x.code in CODES:
            e.add(x.line, x.col, x.code, **x.args)
