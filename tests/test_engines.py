"""Life after Material's end of life: the samples built by ProperDocs (the maintained continuation of
MkDocs 1.x) are the same site as built by MkDocs, apart from the generator's name; and a site made by an
engine that skipped our plugin is never published."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.check import built_mark
from generator.cli import publish as pub

from .conftest import ROOT

AS_OF = "2026-11-27"
GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')


def build_samples(engine: str, root: Path) -> Path:
    """The sample archive built by ``engine`` (mkdocs or properdocs) from a copy of the project's config."""
    root.mkdir()
    shutil.copytree(ROOT / "dossiers", root / "dossiers")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    env = dict(os.environ, AS_OF=AS_OF, AUDIENCE="内部", SOURCE_DATE_EPOCH="1764547200", NO_MKDOCS_2_WARNING="1",
               MEETING_ARCHIVE_CACHE="0")
    command = [sys.executable, "-m", engine, "build", "--quiet", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")]
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return root / "site"


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path) -> None:
    pytest.importorskip("properdocs")
    by_mkdocs = build_samples("mkdocs", tmp_path / "mkdocs")
    by_properdocs = build_samples("properdocs", tmp_path / "properdocs")
    files = sorted(p.relative_to(by_mkdocs) for p in by_mkdocs.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(by_properdocs) for p in by_properdocs.rglob("*") if p.is_file())
    assert len(files) > 200
    differ = []
    metas: set[bytes] = set()
    for rel in files:
        a, b = (by_mkdocs / rel).read_bytes(), (by_properdocs / rel).read_bytes()
        if rel.suffix == ".html":
            metas.update(GENERATOR_META.findall(b))
            a, b = GENERATOR_META.sub(b"", a), GENERATOR_META.sub(b"", b)
        if a != b:
            differ.append(str(rel))
    assert differ == []
    assert any(b"ProperDocs" in m for m in metas)  # it was ProperDocs that built the second one
    assert built_mark.read(by_properdocs)["audience_zh"] == "内部"


def test_a_site_built_without_the_plugin_is_never_published(tmp_path: Path) -> None:
    """An engine that skips third-party plugins (as Zensical does) would turn dossiers/ into pages as
    written, every classification included: such a site has no mark of the plugin and is refused."""
    root = tmp_path / "skipped"
    root.mkdir()
    (root / "dossiers" / "2024").mkdir(parents=True)
    (root / "dossiers" / "index.md").write_text('<div data-audience="内部">首页</div>\n', encoding="utf-8")
    (root / "dossiers" / "2024" / "mimi.md").write_text("---\ntitle: 绝密会议\nclassification: 绝密\n---\n机密内容\n",
                                                        encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: t\ndocs_dir: dossiers\n", encoding="utf-8")  # no plugin

    def build(out: Path) -> bool:
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"),
                               "-d", str(out)], env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), capture_output=True)
        return done.returncode == 0

    dest = tmp_path / "srv" / "neibu"
    dest.parent.mkdir()
    with pytest.raises(pub.PublishError, match="插件没有运行完"):
        pub.publish(dest, pub.Builder("内部", build))
    assert not dest.exists()
    assert sorted(p.name for p in pub.releases_dir(dest).iterdir()) == [".lock"]  # no release, no build left behind
    with pytest.raises(pub.PublishError, match="插件没有运行完"):
        pub.build_site(pub.Builder("内部", build), root / "site")
    assert not (root / "site").exists()
