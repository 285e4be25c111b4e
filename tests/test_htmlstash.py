"""HTML blocks skip Python-Markdown and come back unchanged; Markdown around them is still Markdown."""

from __future__ import annotations

import markdown

from generator.mkdocs.htmlstash import stash, unstash

PAGE = """\
---
title: 标题
---

<div class="a">
<h1>会议</h1>
</div>

## 议程

<table><tr><td>*不是强调*</td></tr></table>

正文里的 **强调** 和 <span>行内</span> HTML。

```html
<div>代码块里的 HTML 不动</div>
```

<https://example.org/自动链接>
"""


def test_blocks_are_replaced_and_restored() -> None:
    text, blocks = stash(PAGE)
    assert blocks == ['<div class="a">\n<h1>会议</h1>\n</div>', "<table><tr><td>*不是强调*</td></tr></table>"]
    assert text.startswith("---\ntitle: 标题\n---\n") and "## 议程" in text
    html = unstash(markdown.markdown(text.split("---\n", 2)[2], extensions=["fenced_code"]), blocks)
    assert '<div class="a">\n<h1>会议</h1>\n</div>' in html
    assert "<td>*不是强调*</td>" in html  # raw HTML, as Markdown would have left it
    assert "<h2>议程</h2>" in html and "<strong>强调</strong>" in html and "<span>行内</span>" in html
    assert "&lt;div&gt;代码块里的 HTML 不动&lt;/div&gt;" in html
    assert 'href="https://example.org/自动链接"' in html


def test_a_page_without_html_is_unchanged() -> None:
    assert stash("# 标题\n\n正文\n") == ("# 标题\n\n正文\n", [])


def test_only_this_pages_tokens_come_back() -> None:
    """Another page's token (or text shaped like one) in the HTML stays as it is."""
    text, blocks = stash("<div>甲</div>\n")
    other_text, other = stash("<div>乙</div>\n\n<div>丙</div>\n")
    html = f"<p>{text.strip()}</p>\n<p>{other_text.split()[-1]}</p>"
    assert unstash(html, blocks) == f"<div>甲</div>\n<p>{other.token}x000001</p>"
