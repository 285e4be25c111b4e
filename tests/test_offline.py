"""The offline bundle (``make bundle``) installs and builds on a machine with no network: it is unpacked in
a fresh folder and ``make site`` runs inside a network namespace with no interfaces (``unshare -n``), with
no pip configuration and no cache of this machine. Skipped only where such a namespace cannot be made
(it needs root, or unprivileged user namespaces), which the skip says; CI runs as root."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from .conftest import ROOT

PY = f"{sys.version_info.major}.{sys.version_info.minor}"


def _no_network_possible() -> str | None:
    """Why a network namespace cannot be made here, or None when it can."""
    if shutil.which("unshare") is None:
        return "unshare is missing (util-linux)"
    done = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
    if done.returncode != 0:
        return f"unshare -n is not permitted here ({done.stderr.strip() or done.returncode}): it needs root"
    return None


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reason = _no_network_possible()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, str(ROOT / "deploy" / "bundle.py"), "--python", PY, "--out", str(out)],
                          capture_output=True, text=True, cwd=out)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    (archive,) = out.glob("huiwu-offline-*.tar.gz")
    return archive


def test_the_bundle_holds_the_project_the_wheels_and_the_instructions(bundle: Path) -> None:
    assert bundle.name == f"huiwu-offline-0.1.0-py{PY.replace('.', '')}-linux-x86_64.tar.gz"
    with tarfile.open(bundle) as tar:
        names = tar.getnames()
    top = bundle.name.removesuffix(".tar.gz")
    for part in ("Makefile", "pyproject.toml", "mkdocs.yml", "INSTALL.md", "generator/site/pages/meeting.py",
                 "dossiers/_templates", "overrides/main.html"):
        assert f"{top}/{part}" in names, part
    wheels = [n.split("/wheels/")[1] for n in names if "/wheels/" in n and n.endswith(".whl")]
    lower = {w.split("-")[0].lower().replace("_", "-") for w in wheels}
    for needed in ("mkdocs", "mkdocs-material", "numpy", "pydantic-core", "nh3",
                   "xlsxwriter", "setuptools"):
        assert needed in lower, needed
    assert not {"playwright", "hypothesis", "pytest"} & lower  # the test extras are not for the intranet
    assert not [n for n in names if "/.venv/" in n or "/site/" in n.removeprefix(f"{top}/generator/") or "__pycache__" in n]


def test_make_site_installs_and_builds_with_no_network(bundle: Path, tmp_path: Path) -> None:
    with tarfile.open(bundle) as tar:
        tar.extractall(tmp_path, filter="data")
    project = tmp_path / bundle.name.removesuffix(".tar.gz")
    home = tmp_path / "home"
    home.mkdir()
    # Nothing of this machine: no pip configuration, no pip cache, no proxy; the network namespace has no
    # interface at all, so any attempt to reach a registry fails at once.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "PIP_CONFIG_FILE": os.devnull,
           "PIP_NO_CACHE_DIR": "1", "AS_OF": "2026-11-27"}
    probe = subprocess.run(["unshare", "-n", sys.executable, "-c",
                            "import socket; socket.create_connection(('pypi.org', 443), timeout=3)"],
                           capture_output=True, text=True, env=env)
    assert probe.returncode != 0  # no network in there
    started = time.monotonic()
    done = subprocess.run(["unshare", "-n", "make", "site", f"PYTHON={sys._base_executable}"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=900)
    took = time.monotonic() - started
    log = done.stdout + done.stderr
    assert done.returncode == 0, log[-4000:]
    assert "--no-index --find-links wheels" in log
    site = project / "site"
    assert (site / "index.html").is_file() and (site / "meeting-archive.json").is_file()
    assert (site / "search" / "index.json").is_file()  # the search index, made with numpy from its wheel
    assert len(list((site / "meetings").rglob("index.html"))) > 15
    # The log is quiet: no pip warnings, no "Page skipped" for the pages' frames.
    assert "WARNING: " not in log and "Page skipped" not in log, log[-3000:]
    print(f"offline install and build: {took:.1f} s; bundle {bundle.stat().st_size / 1e6:.1f} MB")
    # Nothing outside the project was written (the venv is inside it).
    assert (project / ".venv" / "bin" / "mkdocs").exists()
