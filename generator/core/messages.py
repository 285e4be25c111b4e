"""Every message a clerk can see, in Chinese (default) and English.

A diagnostic carries a ``code`` and its arguments; the text is made here, at report time, in the
language asked for. Keep each message to one line: what is wrong, then how to fix it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

CATALOG: dict[str, tuple[str, str]] = {
    # ---- the file itself
    "encoding_gbk": (
        "文件是 GBK/GB18030 编码（中文 Windows 记事本的“ANSI”），不是 UTF-8；请用编辑器“另存为 UTF-8”后再提交",
        "the file is encoded as GBK/GB18030 (\"ANSI\" on Chinese Windows), not UTF-8; save it again as UTF-8",
    ),
    "encoding_utf16": (
        "文件是 UTF-16 编码（Windows 记事本的“Unicode”），不是 UTF-8；请用编辑器“另存为 UTF-8”后再提交",
        "the file is encoded as UTF-16 (\"Unicode\" in Windows Notepad), not UTF-8; save it again as UTF-8",
    ),
    "encoding_stray_byte": (
        "第 {line_no} 行有一个无法识别的字节 {byte}（既不是 UTF-8 也不是 GBK 的文字，多见于从别处粘贴的内容）；请删除这一处后重新输入",
        "line {line_no} holds a stray byte {byte} that is neither UTF-8 nor GBK text (often pasted from elsewhere); delete it and retype",
    ),
    "encoding_unknown": (
        "文件不是 UTF-8 编码（第 {line_no} 行有无法识别的字节）；请用编辑器“另存为 UTF-8”",
        "the file is not UTF-8 (undecodable bytes on line {line_no}); save it again as UTF-8",
    ),
    "filename_not_utf8": (
        "文件名（或它所在的文件夹名）不是 UTF-8 编码，多见于中文 Windows 打包的 zip（按 GBK 读出来是“{guess}”）；"
        "请重命名这个文件或文件夹（解压时选择 UTF-8 文件名，或在本机重新输入名称）",
        "the name of this file (or of its folder) is not UTF-8, as in a zip made on Chinese Windows (read as GBK it is "
        "\"{guess}\"); rename the file or folder (unzip with UTF-8 names, or type the name again here)",
    ),
    "filename_char": (
        "文件名中有“{char}”，它在网页地址或结转编号（档案编号#督办编号）里有特别的含义；请重命名这个文件（或文件夹），只用汉字、字母、数字和 -",
        "the file name holds \"{char}\", which means something in a web address or in carried_from (<id>#<action>); "
        "rename the file (or folder), using only letters, digits, Chinese characters and -",
    ),
    "filename_invisible": (
        "文件名中有一个看不见的字符：{name}；档案编号就是文件名，请重命名这个文件（或文件夹）",
        "the file name holds an invisible character: {name}; the dossier id is the file name, so rename the file (or folder)",
    ),
    "no_front_matter": (
        "缺少 YAML 头部：文件第一行应为 ---，接着写 title、kind 等字段，再以 --- 单独一行结束",
        "no front matter: the first line must be ---, then the fields (title, kind, …), then a closing --- line",
    ),
    "unclosed_front_matter": (
        "YAML 头部没有结束：请在字段之后、正文之前加一行 ---",
        "the front matter is not closed: add a line --- after the fields and before the minutes",
    ),
    "front_matter_empty": (
        "YAML 头部是空的：请在两行 --- 之间写 title、kind、date、classification、status 等字段",
        "the front matter is empty: write title, kind, date, classification, status, … between the two --- lines",
    ),
    "invisible_char": (
        "这里有一个看不见的字符：{name}，多见于从 Word、微信或网页粘贴的文字，会让内容与看上去的不同；请删除它（需要空格时重新输入普通空格）",
        "an invisible character here: {name}, usually pasted from Word, WeChat or a web page, makes the text differ from how it looks; delete it (retype a plain space if one is meant)",
    ),
    "front_matter_not_mapping": (
        "YAML 头部应是“字段: 值”的映射，现在是{got}；请按 title: …、kind: … 的格式逐行填写",
        "the front matter must be key: value pairs, not {got}; write one field per line (title: …)",
    ),
    "file_too_large": (
        "文件有 {size}，超过 {limit} 的上限；请把附件放到档案文件夹中，正文只写纪要",
        "the file is {size}, over the {limit} limit; keep attachments as files beside the dossier",
    ),
    "front_matter_too_large": (
        "YAML 头部有 {size}，超过 {limit} 的上限；请精简字段内容",
        "the front matter is {size}, over the {limit} limit; shorten it",
    ),
    # ---- YAML
    "yaml_syntax": (
        "YAML 格式错误：{problem}；请检查这一行及上一行的冒号、缩进和引号",
        "YAML syntax error: {problem}; check the colons, indentation and quotes on this line and the one before",
    ),
    "yaml_alias": (
        "不允许使用 YAML 别名（*{name}）；请把内容直接写出来",
        "YAML aliases (*{name}) are not allowed; write the value out in full",
    ),
    "yaml_merge": (
        "不允许使用 YAML 合并键（<<）；请把字段逐个写出来",
        "YAML merge keys (<<) are not allowed; write the fields out one by one",
    ),
    "yaml_too_deep": (
        "YAML 嵌套超过 {limit} 层；档案格式用不到这么深的结构，请检查缩进",
        "YAML is nested deeper than {limit} levels; the format needs far less, check the indentation",
    ),
    "yaml_complex_key": (
        "字段名必须是简单文字；请写成 字段名: 值",
        "a key must be plain text; write key: value",
    ),
    "yaml_duplicate_key": (
        "字段{key}重复（第 {first_line} 行已写过）；请删去其中一个",
        "key {key} appears twice (first on line {first_line}); remove one",
    ),
    "yaml_tag": (
        "不支持的 YAML 标签 {tag}；请去掉 !! 开头的标签",
        "unsupported YAML tag {tag}; remove the !! tag",
    ),
    "tab_indent": (
        "用了 Tab 缩进，YAML 只能用空格缩进；请改为：{fixed}",
        "indented with a tab; YAML needs spaces: write {fixed}",
    ),
    "fullwidth_space_indent": (
        "用了全角空格缩进，YAML 只能用半角空格；请改为：{fixed}",
        "indented with a full-width space; YAML needs ASCII spaces: write {fixed}",
    ),
    "fullwidth_space_after_colon": (
        "冒号或短横线后用了全角空格，YAML 需要半角空格；请改为：{fixed}",
        "a full-width space after the colon or dash; YAML needs an ASCII space: write {fixed}",
    ),
    "fullwidth_colon": (
        "字段名后用了全角冒号“：”，YAML 需要半角冒号加空格；请改为：{fixed}",
        "full-width colon \"：\" after the key; YAML needs an ASCII colon and a space: write {fixed}",
    ),
    "fullwidth_comma": (
        "列表中用了全角逗号“，”，YAML 会把它当成一整项；请改为：{fixed}",
        "full-width comma \"，\" in a list, which YAML reads as one item; write {fixed}",
    ),
    "fullwidth_quotes": (
        "用了全角引号“”，YAML 会把引号当成内容；请改为：{fixed}",
        "full-width quotes, which YAML keeps as part of the text; write {fixed}",
    ),
    # ---- types
    "missing": ("缺少必填项；请补上 {field}: …", "is required; add {field}: …"),
    "empty": ("不能为空；请填写{label}", "must not be empty; fill in the {label_en}"),
    "unknown_key": (
        "没有这个字段（{key}）；{hint}",
        "unknown key {key}; {hint}",
    ),
    "unknown_key_hint": ("是否应为{suggest}？", "did you mean {suggest}?"),
    "unknown_key_nohint": ("可用字段：{known}", "known keys: {known}"),
    "not_mapping": (
        "应是“字段: 值”的映射，现在是{got}；{hint}",
        "should be a mapping of key: value, not {got}; {hint}",
    ),
    "not_list": (
        "应是列表，现在是{got}；请每项一行以“- ”开头，或写成 [甲, 乙]",
        "should be a list, not {got}; start each item on its own line with \"- \", or write [a, b]",
    ),
    "not_text": ("应是文字，现在是{got}{hint}", "should be text, not {got}{hint}"),
    "not_text_list_hint": ("；如有几项，请写成一行文字，如：{joined}", "; for several, write them as one line: {joined}"),
    "not_whole_number": ("{value}不是整数；请写阿拉伯数字，如 30", "{value} is not a whole number; write digits, e.g. 30"),
    "negative": ("{value}不能是负数", "{value} cannot be negative"),
    "not_bool": (
        "{value}不是是非值；请写 true（是）或 false（否）",
        "{value} is not true or false; write true or false",
    ),
    "date_format": (
        "{value}不是日期；请写成 YYYY-MM-DD（如 {example}）",
        "{value} is not a date; write YYYY-MM-DD (e.g. {example})",
    ),
    "date_invalid": (
        "{value}不是真实存在的日期；请核对年月日",
        "{value} is not a real calendar date; check the day and month",
    ),
    "time_format": (
        "{value}不是时间；请写成 \"HH:MM\"（24 小时制，如 \"{example}\"）",
        "{value} is not a time; write \"HH:MM\" (24-hour clock, e.g. \"{example}\")",
    ),
    "enum_value": (
        "{value}不是可用的值；{hint}可选：{choices}",
        "{value} is not an allowed value; {hint}choose one of: {choices}",
    ),
    "enum_hint": ("是否应为{suggest}？", "did you mean {suggest}? "),
    "carried_from_format": (
        "{value}格式不对；请写成 <档案编号>#<督办编号>，如 2024-04-15-changwu-2#A1",
        "{value} is not <dossier-id>#<action-id>; write e.g. 2024-04-15-changwu-2#A1",
    ),
    "invalid": ("{detail}", "{detail}"),
    # ---- rules
    "kind_unknown": (
        "{value}不是本站配置的会议类型；{hint}可选：{choices}",
        "{value} is not a meeting kind configured for this site; {hint}choose one of: {choices}",
    ),
    "date_implausible": (
        "会议日期 {value} 的年份不在 {low}—{high} 年之间，多半是年份输错了；请核对",
        "the meeting date {value} is not between the years {low} and {high}, most likely a typing slip; check the year",
    ),
    "start_after_end": (
        "结束时间 {end} 不晚于开始时间 {start}；请核对 start 和 end",
        "end {end} is not after start {start}; check start and end",
    ),
    "due_before_meeting": (
        "办理期限 {due} 早于会议日期 {date}；期限不能早于会议当天",
        "due {due} is before the meeting date {date}; a deadline cannot precede the meeting",
    ),
    "update_before_meeting": (
        "反馈日期 {value} 早于会议日期 {date}；请核对日期",
        "feedback date {value} is before the meeting date {date}; check the date",
    ),
    "decision_unknown": (
        "本档案没有编号为{value}的议定事项；{choices}",
        "no decision {value} in this dossier; {choices}",
    ),
    "decision_choices": ("可用编号：{ids}", "decision ids here: {ids}"),
    "decision_none": ("请先在 decisions 中写出议定事项", "add the decision under decisions first"),
    "carried_self": (
        "{value}指向本档案自己；结转来源应是更早一次会议的督办事项",
        "{value} points at this same dossier; name an action of an earlier meeting",
    ),
    "carried_no_dossier": (
        "找不到编号为{dossier}的档案；档案编号是文件名（不含 .md）",
        "no dossier with id {dossier}; a dossier id is its file name without .md",
    ),
    "carried_no_action": (
        "档案{dossier}中没有督办事项{action}；{choices}",
        "dossier {dossier} has no action {action}; {choices}",
    ),
    "action_choices": ("该档案的督办编号：{ids}", "its action ids: {ids}"),
    "action_none": ("该档案没有督办事项", "it has no actions"),
    "duplicate_dossier": (
        "档案编号{value}重复：{this} 与 {other} 同名；请改名其中一个文件",
        "dossier id {value} is used twice: {this} and {other}; rename one of the files",
    ),
    "duplicate_dossier_folded": (
        "档案编号{value}与{other}（{path}）只差看不见的字符、全角半角或大小写，读者看来是同一个编号；请改名其中一个文件",
        "dossier id {value} differs from {other} ({path}) only by invisible characters, width or case, so readers see one "
        "id; rename one of the files",
    ),
    "folder_dossier_crowded": (
        "这份档案的文件夹里还有别的档案（{names}），它们不会被读到：一个文件夹只放一份档案（index.md）和它的附件；"
        "请把别的档案移出这个文件夹（年份文件夹里不要放 index.md）",
        "this dossier's folder holds other dossiers ({names}), which are never read: a folder holds one dossier "
        "(index.md) and its attachments; move the others out (a year folder has no index.md)",
    ),
    "file_other_dossier": (
        "附件{value}与另一份档案的文件是同一个文件（链接或同一文件的另一个名字）；每份档案只能带自己的附件，请放一份副本",
        "the file {value} is the same file as one of another dossier (a link or another name of it); a dossier carries only "
        "its own attachments: put a copy here",
    ),
    "body_link_other_dossier": (
        "正文链接的文件{value}与另一份档案的文件是同一个文件；每份档案只能链接自己文件夹中的文件，请放一份副本",
        "the file {value} linked in the minutes is the same file as one of another dossier; link only files of this "
        "dossier's own folder: put a copy here",
    ),
    "carried_from_later": (
        "{value}指向一次更晚的会议（{date}，本次会议是 {here}）；结转只能来自更早的会议",
        "{value} points at a later meeting ({date}; this one is on {here}); an action is carried from an earlier meeting",
    ),
    "carried_cycle": (
        "{value}的结转关系绕成了一个圈（{chain}）；请核对各次会议的 carried_from",
        "carried_from {value} goes round in a circle ({chain}); check carried_from in these meetings",
    ),
    "duplicate_id": (
        "编号{value}重复（{first} 已用过）；同一档案内编号不能重复",
        "id {value} is used twice (already at {first}); ids must be unique in a dossier",
    ),
    "document_above_dossier": (
        "文件密级 {doc} 高于档案密级{dossier}；档案密级应不低于其中最高密级的文件，请把 classification 提高到 {doc}",
        "document classified {doc} is above the dossier's {dossier}; raise the dossier's classification to {doc}",
    ),
    "substitute_missing": (
        "回执为“代会”时须写代会人：请加 substitute: 姓名",
        "rsvp substitute needs the substitute's name: add substitute: <name>",
    ),
    "held_in_future": (
        "会议日期 {date} 晚于基准日期 {as_of}，状态不能是“{status}”；尚未召开请写 筹备 或 已通知",
        "meeting date {date} is after the as-of date {as_of}, so it cannot be {status_en}; write planned or notified",
    ),
    "closed_without_minutes": (
        "状态为“已办结”的会议须有会议纪要：请在第二个 --- 之后写正文",
        "a closed meeting needs minutes: write them after the closing --- line",
    ),
    "recall_unsettled": (
        "清退未完成：印发 {copies} 份，已退回 {returned} 份；已办结的会议文件须全部清退",
        "recall not settled: {copies} copies issued, {returned} returned; a closed meeting's copies must all be back",
    ),
    "destroy_unsettled": (
        "销毁未完成：印发 {copies} 份，已销毁 {destroyed} 份；已办结的会议文件须全部销毁",
        "destruction not settled: {copies} copies issued, {destroyed} destroyed; all must be destroyed",
    ),
    "recall_no_date": (
        "已全部退回，但没有清退日期；请写 returned_on: YYYY-MM-DD（手续完备才算清退完成）",
        "all copies are back but the date is missing; add returned_on: YYYY-MM-DD",
    ),
    "destroy_no_date": (
        "已全部销毁，但没有销毁日期；请写 destroyed_on: YYYY-MM-DD 和监销人 witness（手续完备才算销毁完成）",
        "all copies are destroyed but the date is missing; add destroyed_on: YYYY-MM-DD and the witness",
    ),
    "archive_unsettled": (
        "处置为归档，但没有卷号；请写 archive_ref: 卷号",
        "disposition archive but no archive_ref; add archive_ref: <number>",
    ),
    "copies_missing": (
        "处置为{disposition}，须写印发份数 copies",
        "disposition {disposition_en} needs copies (the number issued)",
    ),
    "file_outside": (
        "附件路径{value}跳出了档案所在文件夹；请把附件放在档案旁边，写相对路径",
        "file {value} leaves the dossier's folder; keep attachments beside the dossier and use a relative path",
    ),
    "file_absolute": (
        "附件路径{value}是绝对路径；请写相对档案的路径，如 附件/通知.pdf",
        "file {value} is an absolute path; write a path relative to the dossier",
    ),
    "file_flat_dossier": (
        "这份档案是单个文件，没有自己的文件夹，不能带附件{value}（它所在的文件夹也放着别的档案）；请把它改成文件夹 {id}/index.md，附件放在这个文件夹中",
        "this dossier is a single file with no folder of its own, so it cannot name the file {value} (its folder holds other "
        "dossiers); turn it into {id}/index.md and put the attachments beside it",
    ),
    "file_own_source": (
        "附件{value}就是这份档案本身；附件应是档案文件夹中的其他文件",
        "the file {value} is this dossier itself; an attachment is another file in the dossier's folder",
    ),
    "attachment_type": (
        "附件{value}的类型 {ext} 不在可发布的类型之列（网页、SVG、脚本、Markdown 等文件会在读者的浏览器中运行或被当成网页）；"
        "请另存为 PDF，或压缩成 zip（可用的类型见“填写指南”）",
        "the attachment {value} is of type {ext}, which is not among the types that may be published (web pages, SVG, "
        "scripts, Markdown and the like would run in a reader's browser or become pages of the site); save it as PDF or "
        "put it in a zip (see the guide)",
    ),
    "file_missing": (
        "找不到附件{value}；请核对文件名，或把文件放到档案旁边",
        "attachment {value} does not exist; check the name or put the file beside the dossier",
    ),
    # ---- attachments and the body: what may leave the folder, what may run (generator/core/html.py)
    "attachment_too_large": (
        "附件{value}有 {size}，超过 {limit} 的上限（mkdocs.yml 中的 max_attachment_mb）；请压缩或拆分后再放入档案",
        "attachment {value} is {size}, over the {limit} limit (max_attachment_mb in mkdocs.yml); compress or split it",
    ),
    "body_invisible_char": (
        "正文中有一个看不见的字符：{name}，多见于从 Word、微信或网页粘贴的文字；发布时会删去（控制字符和分行符显示为空格），请删除它",
        "an invisible character in the minutes: {name}, usually pasted from Word, WeChat or a web page; it is dropped when "
        "published (controls and line separators show as a space): delete it",
    ),
    "body_link_outside": (
        "正文中的链接{value}跳出了档案所在文件夹；正文只能链接档案文件夹中的文件",
        "the link {value} in the minutes leaves the dossier's folder; link only to files beside the dossier",
    ),
    "body_link_flat_dossier": (
        "这份档案是单个文件，没有自己的文件夹，正文不能链接文件{value}（它所在的文件夹也放着别的档案）；请把它改成文件夹 {id}/index.md，文件放在这个文件夹中",
        "this dossier is a single file with no folder of its own, so the minutes cannot link the file {value} (its folder "
        "holds other dossiers); turn it into {id}/index.md and put the file beside it",
    ),
    "body_link_absolute": (
        "正文中的链接{value}是绝对路径；请写相对档案的路径，如 附件/照片.jpg",
        "the link {value} in the minutes is an absolute path; write a path relative to the dossier",
    ),
    "body_tag_removed": (
        "正文中的<{tag}>标签不在允许之列，发布时会去掉这个标签（其中文字保留）",
        "the <{tag}> tag in the minutes is not allowed; it is removed when published (its text stays)",
    ),
    "body_tag_content_removed": (
        "正文中不允许使用<{tag}>，发布时会连同其中内容一起删除",
        "<{tag}> is not allowed in the minutes; it is removed with its content when published",
    ),
    "body_handler_removed": (
        "正文中<{tag}>的事件属性{attr}会执行脚本，发布时会被删除",
        "the event handler {attr} on <{tag}> in the minutes would run a script; it is removed when published",
    ),
    "body_attr_removed": (
        "正文中<{tag}>的属性{attr}不在允许之列，发布时会被删除",
        "the attribute {attr} on <{tag}> in the minutes is not allowed; it is removed when published",
    ),
    "body_attr_list_removed": (
        "正文中用 {{: …}} 写的属性{attr}不在允许之列，发布时会被删除",
        "the attribute {attr} set with {{: …}} in the minutes is not allowed; it is removed when published",
    ),
    "body_url_removed": (
        "正文中的地址{value}使用了不允许的协议“{scheme}:”，发布时会被删除",
        "the address {value} in the minutes uses the scheme \"{scheme}:\", which is not allowed; it is removed when published",
    ),
    "body_external_removed": (
        "正文中的<{tag}>引用了站外地址{value}；内网页面不从站外加载任何内容，发布时会被删除；请把文件放在档案文件夹中，写相对路径",
        "<{tag}> in the minutes loads {value} from outside the site; pages load nothing from outside, so it is removed "
        "when published; put the file beside the dossier and use a relative path",
    ),
    # ---- warnings
    "held_without_minutes": (
        "会议已召开但没有会议纪要；请在第二个 --- 之后补写正文",
        "the meeting was held but has no minutes; write them after the closing --- line",
    ),
    "done_without_updates": (
        "督办事项已办结，但没有办理反馈；请在 updates 中写明办结情况",
        "action done with no updates; add the feedback under updates",
    ),
    "update_in_future": (
        "反馈日期 {value} 晚于基准日期 {as_of}：办理反馈记录已经发生的事；计划的时间请写在 note 里",
        "feedback date {value} is after the as-of date {as_of}: feedback records what has happened; put planned dates in the note",
    ),
    "closed_on_not_done": (
        "写了办结日期 closed_on，但状态是“{status}”；办结后请把 status 改为“已办结”，没有办结的请删去 closed_on",
        "closed_on is written but the status is {status}; set status to 已办结 once done, or remove closed_on",
    ),
    "co_unit_is_lead": (
        "“{unit}”是这项事项的牵头单位（unit），不必再列为配合单位；请从 co_units 中删去",
        "{unit} is the lead unit (unit) of this action; remove it from co_units",
    ),
    "co_unit_twice": (
        "配合单位“{unit}”写了两次；请删去重复的一个",
        "the supporting unit {unit} is listed twice; remove one",
    ),
    "reminder_in_future": (
        "催办日期 {value} 晚于基准日期 {as_of}：催办记录已经发生的催办；计划的催办请写在 note 里",
        "reminder date {value} is after the as-of date {as_of}: a reminder records one already made; put planned ones in the note",
    ),
    "closed_in_future": (
        "办结日期 {value} 晚于基准日期 {as_of}：closed_on 写已经办结销号的日期",
        "closing date {value} is after the as-of date {as_of}: closed_on is the day the action was signed off",
    ),
    "sign_in_none": (
        "会议已召开，{count} 位应到人员都没有记录签到；未记录不算缺席，也不计入到会率。请在每位人员下写 signed_in: true（已签到）或 false（未签到）",
        "the meeting was held but none of the {count} people expected has a sign-in recorded; unrecorded is not absent and is left out of the rate. Write signed_in: true or false for each",
    ),
    "sign_in_unrecorded": (
        "没有记录签到（未记录不算缺席，也不计入到会率）；请写 signed_in: true（已签到）或 false（未签到）",
        "no sign-in recorded (not counted as absent, nor in the rate); write signed_in: true or false",
    ),
    "devices_missing": (
        "{level}会议已召开，没有记录通信工具和录音、录像设备的收存；请写 devices: {{collected: 件数, returned: 件数, keeper: 保管人}}",
        "a {level} meeting was held with no record of phones and recorders kept; add devices: {{collected, returned, keeper}}",
    ),
    "devices_not_counted": (
        "没有写收存件数；请写 collected: 件数",
        "the number of devices kept is missing; add collected: <number>",
    ),
    "devices_not_returned": (
        "收存 {collected} 件，发还 {returned} 件，两者不等；请核对，全部发还后写 returned: {collected}",
        "{collected} kept but {returned} returned; check them, and write returned: {collected} once all are back",
    ),
    "spot_check_unknown_name": (
        "{name}不在本次会议的参会人员名单中；{hint}",
        "{name} is not on this meeting's attendee list; {hint}",
    ),
    "name_nohint": ("请写 attendees 中的姓名", "write a name from attendees"),
    "spot_check_too_many": (
        "在场 {present} 人加不在场 {absent} 人，超过应到的 {expected} 人；请核对人数",
        "{present} present and {absent} absent is more than the {expected} expected; check the counts",
    ),
    "copy_numbers_format": (
        "份号“{value}”无法识别；请写成 001-022，多段用顿号分开，如 001-010、015",
        "copy numbers {value} cannot be read; write 001-022, several ranges separated by 、 or commas",
    ),
    "copy_numbers_count": (
        "份号“{value}”共 {count} 份，与印发份数 {copies} 份不符；请核对",
        "copy numbers {value} make {count} copies, not the {copies} issued; check them",
    ),
    "destroy_no_witness": (
        "销毁没有写监销人；请写 witness: 姓名",
        "the destruction has no witness; add witness: <name>",
    ),
    "procedure_before_meeting": (
        "日期 {value} 早于会议日期 {date}；请核对",
        "the date {value} is before the meeting date {date}; check it",
    ),
    "rehearsal_due": (
        "{kind}将在 {days} 天后召开，尚未进行模拟演练；演练后请写 rehearsal: {{date: YYYY-MM-DD, done: true}}",
        "the {kind} is in {days} days and has not been rehearsed; after the rehearsal write rehearsal: {{date, done: true}}",
    ),
    "closing_signoff": (
        "事项已办结，但没有写 {missing}；办结（销号）须写办结日期 closed_on 和批准销号的领导 approved_by",
        "the action is done but has no {missing}; closing needs closed_on and approved_by (the leader who signed it off)",
    ),
    "closed_before_meeting": (
        "办结日期 {value} 早于会议日期 {date}；请核对",
        "closed_on {value} is before the meeting date {date}; check it",
    ),
    "meeting_stale": (
        "会议日期已过 {days} 天，状态仍是“{status}”；召开后请改为“已召开”，延期的请改写会议日期",
        "the meeting date passed {days} days ago and the status is still {status}; mark it held, or move its date",
    ),
    "preparation_overdue": (
        "筹备任务已过完成时限 {value}（{days} 天），仍未完成；完成后请写 done: true，或调整时限",
        "this preparation task was due {value} ({days} days ago) and is not done; mark it done: true or move the date",
    ),
    "closed_action_open": (
        "会议已办结，这项督办事项仍是“{status}”；请继续督办（把会议改回“已召开”），或在以后的会议中结转",
        "the meeting is closed but this action is still {status_en}; keep supervising it (set the meeting back to held) or carry it forward",
    ),
    "reminder_before_meeting": (
        "催办日期 {value} 早于会议日期 {date}；请核对日期",
        "reminder date {value} is before the meeting date {date}; check it",
    ),
    "signed_in_on_leave": (
        "回执为“请假”，却标记了已签到；请核对 rsvp 或 signed_in",
        "rsvp is leave but signed_in is true; check one of them",
    ),
    "soon_rsvp_pending": (
        "会议 {days} 天后召开，仍有 {count} 人未回复回执：{names}",
        "the meeting is in {days} day(s) and {count} RSVP(s) are still pending: {names}",
    ),
    "soon_checklist_open": (
        "会议 {days} 天后召开，会前检查仍有 {count} 项未完成：{items}",
        "the meeting is in {days} day(s) and {count} checklist item(s) are not done: {items}",
    ),
    "unsettled_after_meeting": (
        "会议已召开 {days} 天，该文件仍未处置完毕（应在 {limit} 天内清退、销毁或归档）；请补记 returned 和 returned_on、destroyed 和 destroyed_on，或 archive_ref",
        "the meeting was held {days} days ago and this document is still not settled (due within {limit} days); record returned and returned_on, destroyed and destroyed_on, or archive_ref",
    ),
    "unit_unknown": (
        "单位{value}不在本站配置的单位名单中；{hint}",
        "unit {value} is not in this site's list of units; {hint}",
    ),
    "unit_hint": ("是否应为{suggest}？", "did you mean {suggest}?"),
    "unit_nohint": ("请核对单位全称，或在 mkdocs.yml 的 units 中添加", "check the full name, or add it to units in mkdocs.yml"),
    # ---- CLI
    "summary": (
        "检查了 {dossiers} 份会议档案：{errors} 个错误，{warnings} 个警告{infos}",
        "checked {dossiers} dossiers: {errors} errors, {warnings} warnings{infos}",
    ),
    "summary_infos": ("，{n} 条提示", ", {n} notes"),
    "body": ("正文", "body"),
}

# Words used inside messages.
GOT_WORDS = {
    "list": ("列表", "a list"),
    "mapping": ("映射", "a mapping"),
    "text": ("文字", "text"),
    "number": ("数字", "a number"),
    "bool": ("是非值", "true/false"),
    "date": ("日期", "a date"),
    "empty": ("空值", "nothing"),
}


def got(value: Any, lang: str) -> str:
    if value is None:
        kind = "empty"
    elif isinstance(value, list):
        kind = "list"
    elif isinstance(value, dict):
        kind = "mapping"
    elif isinstance(value, bool):
        kind = "bool"
    elif isinstance(value, (int, float)):
        kind = "number"
    elif isinstance(value, date):
        kind = "date"
    else:
        kind = "text"
    zh, en = GOT_WORDS[kind]
    return zh if lang == "zh" else en


def quote(value: Any, lang: str) -> str:
    """Show a value the way the clerk wrote it: “下周五” in Chinese, "下周五" in English."""
    if isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = ""
    elif isinstance(value, (list, dict)):
        text = got(value, lang)
        return text
    else:
        text = str(value)
    if len(text) > 60:
        text = text[:57] + "…"
    return f"“{text}”" if lang == "zh" else f'"{text}"'


class Q:
    """A value the clerk wrote, quoted in the message's language."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Q) and other.value == self.value

    def __repr__(self) -> str:
        return f"Q({self.value!r})"


class Got:
    """The kind of value the clerk wrote (a list, text, …), in the message's language."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class Bi:
    """A bit of text given in both languages."""

    __slots__ = ("zh", "en")

    def __init__(self, zh: str, en: str) -> None:
        self.zh, self.en = zh, en


class Msg:
    """A message inside a message (a hint), rendered in the same language."""

    __slots__ = ("code", "args")

    def __init__(self, code: str, **args: Any) -> None:
        self.code = code
        self.args = args

    def __repr__(self) -> str:
        return f"Msg({self.code!r}, {self.args!r})"


def _arg(value: Any, lang: str) -> str:
    from .enums import BilingualEnum

    if isinstance(value, Q):
        return quote(value.value, lang)
    if isinstance(value, Bi):
        return value.zh if lang == "zh" else value.en
    if isinstance(value, Got):
        return got(value.value, lang)
    if isinstance(value, Msg):
        return render(value.code, lang, value.args)
    if isinstance(value, BilingualEnum):
        return value.zh if lang == "zh" else value.value
    if isinstance(value, (list, tuple)):
        return ("、" if lang == "zh" else ", ").join(_arg(v, lang) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def render(code: str, lang: str, args: dict[str, Any]) -> str:
    zh, en = CATALOG[code]
    template = zh if lang == "zh" else en
    return template.format(**{k: _arg(v, lang) for k, v in args.items()})
