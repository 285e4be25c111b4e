"""The contract between the page templates and the code that renders them, written down and checked.

Every template begins with ``{#- context: …; inputs: … -#}``: the names its provider passes (its
inputs) and the set of names every such template gets besides (``common`` or ``page``:
``site.render.COMMON`` and ``PAGE``; ``printable``: the printables' own; ``partial``: imported by other
templates with their context; ``none``). The test reads each template with Jinja's own parser and checks
that it uses only the names it states; then it builds a real site and checks that every template was
rendered with exactly those names, no more, no fewer.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import jinja2.meta
import jinja2.nodes
import pytest

from generator.site import render as site_render
from generator.site.pages import printables

from .conftest import ROOT, build_site, dossier_text

TEMPLATE_DIRS = [ROOT / "generator" / "site" / "templates", ROOT / "generator" / "exports" / "templates"]
HEADER = re.compile(r"^\{#-? context: (\w+); inputs: ([^#]*?) -?#\}", re.MULTILINE)
CONTEXTS = {
    "page": set(site_render.PAGE),
    "common": set(site_render.COMMON),
    "printable": set(site_render.COMMON) | set(printables.PRINTABLE),
    "partial": set(),
    "none": set(),
}
TEMPLATES = sorted(p for d in TEMPLATE_DIRS for p in d.glob("*.j2"))


def declared(path: Path) -> tuple[str, set[str]]:
    m = HEADER.search(path.read_text(encoding="utf-8"))
    assert m, f"{path.name} does not state its inputs on its first line"
    names = {n.strip() for n in m.group(2).split(",") if n.strip() and n.strip() != "—"}
    return m.group(1), names


def used(path: Path) -> set[str]:
    """The names a template reads from its context (not those it sets itself or loops over)."""
    ast = site_render.env().parse(path.read_text(encoding="utf-8"))
    names = jinja2.meta.find_undeclared_variables(ast)
    own = {n.name for node in ast.find_all((jinja2.nodes.Assign, jinja2.nodes.AssignBlock, jinja2.nodes.For))
           for n in (node.target, *node.target.find_all(jinja2.nodes.Name)) if isinstance(n, jinja2.nodes.Name)}
    return names - own - set(site_render.env().globals)  # the environment's own (range, names_in…)


@pytest.mark.parametrize("path", TEMPLATES, ids=[p.name for p in TEMPLATES])
def test_each_template_uses_only_what_it_states(path: Path) -> None:
    context, inputs = declared(path)
    assert context in CONTEXTS, context
    names = used(path)
    assert names <= inputs | CONTEXTS[context], f"used but not stated: {sorted(names - inputs - CONTEXTS[context])}"
    if context != "partial":
        assert inputs <= names, f"stated but never used: {sorted(inputs - names)}"


def test_partials_get_what_they_need_from_each_template_that_imports_them() -> None:
    by_name = {p.name: p for p in TEMPLATES}
    for path in TEMPLATES:
        context, inputs = declared(path)
        for m in re.finditer(r'\{% import "([^"]+)" as \w+( with context)? %\}', path.read_text(encoding="utf-8")):
            partial_context, needs = declared(by_name[m.group(1)])
            assert partial_context == "partial", m.group(1)
            if needs:
                assert m.group(2), f"{path.name} imports {m.group(1)} without its context, which it needs"
                assert needs <= inputs | CONTEXTS[context], (path.name, m.group(1))


def test_every_template_is_rendered_with_exactly_the_names_it_states(tmp_path: Path, monkeypatch) -> None:
    """A real build: each call of ``render`` passes a template its inputs and its context, nothing else."""
    calls: dict[str, set[frozenset[str]]] = {}
    real = site_render.render

    def recording(template: str, **context):
        calls.setdefault(template, set()).add(frozenset(context))
        return real(template, **context)

    from generator.exports import feed  # noqa: PLC0415

    real_feed = feed.render

    def recording_feed(template: str, **context):
        calls.setdefault(template, set()).add(frozenset(context))
        return real_feed(template, **context)

    for module in (site_render, *_modules_rendering()):
        monkeypatch.setattr(module, "render", recording)
    monkeypatch.setattr(feed, "render", recording_feed)
    folder = tmp_path / "dossiers" / "2024"
    folder.mkdir(parents=True)

    def extra(due: str) -> str:
        return ("attendees:\n  - {name: 张三, unit: 县水利局, rsvp: 确认, signed_in: true}\n"
                f"actions:\n  - {{id: A1, task: 清理河道, unit: 县水利局, owner: 罗水一, due: {due}}}\n"
                "lessons:\n  - {category: 会场保障, type: 不足, text: 话筒电量不足}\n"
                "tags: [防汛]\n")

    (folder / "2024-05-06-a.md").write_text(dossier_text(extra("2024-05-20")), encoding="utf-8")
    (folder / "2024-06-20-b.md").write_text(dossier_text(extra("2024-07-20"), date="2024-06-20", status="筹备"), encoding="utf-8")
    build_site(tmp_path, strict=False)
    rendered = set(calls)
    expected = {p.name for p in TEMPLATES if declared(p)[0] != "partial"}
    assert rendered == expected, f"never rendered: {sorted(expected - rendered)}"
    for path in TEMPLATES:
        context, inputs = declared(path)
        for names in calls.get(path.name, ()):
            assert set(names) == inputs | CONTEXTS[context], (path.name, sorted(set(names) ^ (inputs | CONTEXTS[context])))


def _modules_rendering():
    """Every page module that imported ``render`` by name (each call goes through the recording one)."""
    import importlib  # noqa: PLC0415
    import pkgutil  # noqa: PLC0415

    from generator.site import pages  # noqa: PLC0415

    for info in pkgutil.iter_modules(pages.__path__):
        module = importlib.import_module(f"{pages.__name__}.{info.name}")
        if getattr(module, "render", None) is site_render.render:
            yield module
