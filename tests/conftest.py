"""Shared helpers: write dossiers into tmp_path, run the CLI in-process, build tiny sites."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import textwrap
from datetime import date
from pathlib import Path

import pytest

from generator.core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# The build's audience and as-of date come from the environment when set there: a test sets its own.
for _name in ("AUDIENCE", "AS_OF"):
    os.environ.pop(_name, None)
# Every build and check of the test suite keeps its caches here, never in the project's own .cache/ (a
# later `make publish` would reuse them) nor beside tests/fixtures/mkdocs.yml.
_CACHE = tempfile.mkdtemp(prefix="huiwu-test-cache-")
os.environ["MEETING_ARCHIVE_CACHE_DIR"] = _CACHE

# What no test may change: the project's own caches, site and dossiers, and the committed fixtures.
GUARDED = [ROOT / ".cache", ROOT / "site", ROOT / "dossiers", FIXTURES]


def tree_state(paths: list[Path] = GUARDED) -> dict[str, tuple]:
    """Every file and folder under ``paths``: its kind, size and content hash (names as bytes, so a
    name that is not UTF-8 is caught too)."""
    state: dict[str, tuple] = {}
    for top in paths:
        if not top.exists():
            state[str(top)] = ("absent",)
            continue
        for dirpath, dirnames, filenames in os.walk(top):
            state[os.fsencode(dirpath).hex()] = ("dir",)
            for name in filenames:
                path = os.path.join(dirpath, name)
                try:
                    with open(path, "rb") as fh:
                        data = fh.read()
                except OSError:
                    data = b""
                state[os.fsencode(path).hex()] = ("file", len(data), hashlib.blake2b(data).hexdigest())
    return state


@pytest.fixture(scope="session", autouse=True)
def project_untouched():
    """Fails the run when any test wrote into the project's .cache/, site/ or dossiers/, or the fixtures."""
    before = tree_state()
    yield
    after = tree_state()
    changed = sorted(bytes.fromhex(k).decode("utf-8", "replace") if not k.startswith("/") else k
                     for k in set(before) ^ set(after) | {k for k in before if k in after and before[k] != after[k]})
    shutil.rmtree(_CACHE, ignore_errors=True)
    assert not changed, "tests wrote into the project's own files:\n  " + "\n  ".join(changed[:20])

MINIMAL = """\
---
title: 县政府第3次常务会议
kind: 常务会议
date: 2024-05-06
classification: 内部
status: 已召开
{extra}---
## 会议概况

会议研究了防汛工作。
"""


def dossier_text(extra: str = "", **replace: str) -> str:
    text = MINIMAL.format(extra=textwrap.dedent(extra))
    for key, value in replace.items():
        text = text.replace(f"\n{key}: ", f"\n{key}: {value}\n__drop__: ", 1)
        text = "\n".join(line for line in text.split("\n") if not line.startswith("__drop__: "))
    return text


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    s = Settings()
    s.dossiers_dir = tmp_path / "dossiers"
    s.dossiers_dir.mkdir()
    s.as_of = date(2024, 6, 1)
    return s


@pytest.fixture
def write(settings: Settings):
    """write("2024/a.md", text) → the path, inside the settings' dossiers folder."""

    def _write(rel: str, text: str) -> Path:
        path = settings.dossiers_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


SITE_CONFIG = """\
site_name: 测试档案
docs_dir: dossiers
site_dir: site
theme:
  name: material
  language: zh
  font: false
  custom_dir: {overrides}
extra_css:
  - assets/stylesheets/archive.css
  - assets/stylesheets/print.css
markdown_extensions:
  - tables
  - attr_list
plugins:
  - meeting-archive:
      audience: {audience}
      as_of: "2024-06-01"
      units: [县政府办公室, 县财政局, 县水利局, 县教育局]
      rules: {rules}
extra_javascript:
  - assets/javascripts/ledger.js
  - assets/javascripts/print.js
nav:
  - 首页: index.md
  - 会议档案: archive/index.md
  - 督办台账: actions/index.md
  - 单位: units/index.md
  - 经验总结: lessons/index.md
  - 填写指南: guide/index.md
"""


#: The test sites' rule levels: every warning is shown as a note (info), which strict mode does not count,
#: so a strict test build checks that the site builds, not that no rule anywhere has anything to say;
#: adding a warning to the tool then breaks no unrelated test. A test about warnings passes ``rules="{}"``.
TEST_RULES = "{warnings: info}"


def build_site(root: Path, audience: str = "内部", strict: bool = True, extra_config: str = "",
               rules: str = TEST_RULES) -> Path:
    """Build the site for the dossiers under root/dossiers; returns the site folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = root / "mkdocs.yml"
    config_file.write_text(
        SITE_CONFIG.format(overrides=ROOT / "overrides", audience=audience, rules=rules) + extra_config, encoding="utf-8"
    )
    cfg = load_config(str(config_file), strict=strict)
    build(cfg)
    return root / "site"


def site_text(site: Path) -> str:
    """Every text file of a built site, concatenated (for 'appears nowhere' checks)."""
    parts = []
    for p in sorted(site.rglob("*")):
        if p.is_file() and p.suffix in {".html", ".json", ".xml", ".csv", ".txt", ".js", ".ics"}:
            parts.append(p.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


@pytest.fixture
def copy_samples(tmp_path: Path):
    def _copy() -> Path:
        shutil.copytree(ROOT / "dossiers", tmp_path / "dossiers", dirs_exist_ok=True)
        return tmp_path

    return _copy
