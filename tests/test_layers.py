"""The layers of generator/, as contracts in pyproject.toml checked by import-linter: each package imports
only those below it (core → source → check → domain → site | exports → mkdocs | cli), site and exports
never each other, cli never the MkDocs plugin, and no two modules of one package import each other in a
circle. The arrows are a test, not a hope."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def test_import_linter_keeps_every_contract() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Contracts: 2 kept, 0 broken." in proc.stdout


def test_the_packages_are_the_ones_the_readme_draws() -> None:
    packages = sorted(p.name for p in (ROOT / "generator").iterdir() if (p / "__init__.py").is_file())
    assert packages == ["check", "cli", "core", "domain", "exports", "mkdocs", "site", "source"]
    loose = sorted(p.name for p in (ROOT / "generator").glob("*.py"))
    assert loose == ["__init__.py", "__main__.py"]
