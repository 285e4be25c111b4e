"""The pages' templates (``site/templates/``) and the names every template may use.

A page provider renders a template with ``render(name, **context)``: its own inputs, stated at the top of
each template (``{#- inputs: … -#}``), plus the names of ``common`` (every page) or ``ctx`` (every page
with an address of its own). ``tests/test_templates.py`` checks that each template uses only names it
states or these give, and that each partial's callers give it what it states.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2

from ..core.zh import zh_date, zh_month
from ..domain.addresses import href, meeting_url, urls, year_url
from ..domain.archive import Archive, names_in

TEMPLATES = Path(__file__).parent / "templates"

# What ``common`` gives every template, and what ``ctx`` adds for a page with an address.
COMMON = ("as_of", "audience", "meeting_url", "href")
PAGE = COMMON + ("url", "unit_url", "kind_url", "tag_url", "year_url", "owner_url")

_env: jinja2.Environment | None = None

# The characters Python-Markdown (with the site's tables and attr_list) reads as syntax and lets a
# backslash escape; < and & are left to autoescape, which writes them as entities.
_MD_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md_text(value: Any) -> str:
    """Dossier text put where the page's Markdown is read (a heading): every character of Markdown
    syntax escaped, so ``*粗*`` or ``[链](…)`` is shown as written, never as emphasis or a link.
    (Text inside the templates' HTML blocks is not read as Markdown and needs only autoescape.)"""
    return _MD_SYNTAX.sub(r"\\\1", str(value))



def env() -> jinja2.Environment:
    global _env
    if _env is None:
        _env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
        )
        _env.filters["zh_date"] = zh_date
        _env.filters["zh_month"] = zh_month
        _env.filters["md"] = md_text
        _env.globals["names_in"] = names_in  # 张三、李四 → each of them (domain.archive.names_in)
    return _env


def render(template: str, **context: Any) -> str:
    return env().get_template(template).render(**context)


def common(archive: Archive) -> dict[str, Any]:
    """The names every template may use: the as-of date, the audience, links between pages."""
    return {"as_of": archive.as_of, "audience": archive.audience, "meeting_url": meeting_url, "href": href}


def ctx(archive: Archive, url: str) -> dict[str, Any]:
    """``common``, and for a page at ``url``: its own address and the addresses of the named pages."""
    base = common(archive)
    u = urls(archive)
    base.update(url=url, unit_url=u.unit, kind_url=u.kind, tag_url=u.tag, year_url=year_url, owner_url=u.owner)
    return base
