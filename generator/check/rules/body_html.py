"""正文（会议纪要）中网站发布时会去掉的内容，逐处指出：不在允许之列的标签和属性（脚本、事件属性、
data- 属性、本站自用的 id 和 class）、不安全的地址（javascript: 等）、从站外加载的图片和音视频，以及看不见的字符。"""

from __future__ import annotations

ID = "body-html"
SEVERITY = "warning"
WHEN = "static"

CODES = frozenset({"body_tag_removed", "body_tag_content_removed", "body_handler_removed", "body_attr_removed",
                   "body_attr_list_removed", "body_url_removed", "body_external_removed", "body_invisible_char"})


def check(d, e, facts) -> None:
    for x in facts.body:
        if x.code in CODES:
            e.add(x.line, x.col, x.code, **x.args)
