"""``make bundle``: one file that installs and builds the archive on an intranet machine with no internet.

    python deploy/bundle.py [--python 3.11,3.12] [--platform linux-x86_64] [--out dist]

Run it where the package registry can be reached. For each Python version and platform it writes
``dist/huiwu-offline-<version>-py<XY>-<platform>.tar.gz``, holding:

- the project (the files git tracks, or the working tree less what is built or cached);
- ``wheels/``: a wheel of every runtime dependency for that Python and platform (numpy's binary wheel
  included) and of setuptools, which ``pip install -e .`` builds the project with;
- ``INSTALL.md``: what to do on the intranet machine (``make site``: the Makefile sees ``wheels/`` and
  installs from it alone, ``pip install --no-index --find-links wheels``).

Wheels are fetched with ``pip download --only-binary=:all:`` for the target's tags, so a bundle for
Python 3.12 can be made on a machine that has only 3.11; every runtime dependency publishes wheels (a
bundle is refused, with pip's reason, when one does not). The machine's own pip configuration is ignored.
The test extras (Playwright, Hypothesis, …) are not in the bundle: ``make test`` needs the registry.

To add another platform, give its name and pip's platform tags in ``PLATFORMS`` (e.g. ``linux-aarch64``:
``manylinux_2_17_aarch64``, ``manylinux2014_aarch64``); to add a Python version, pass it in ``--python``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "huiwu-offline"

#: pip's platform tags for each platform we make bundles for, most widely compatible first: pip takes the
#: first tag a package has a wheel for, so the bundle asks as little of the target's glibc as it can.
PLATFORMS = {
    "linux-x86_64": ["manylinux2014_x86_64", "manylinux_2_17_x86_64", "manylinux_2_24_x86_64",
                     "manylinux_2_28_x86_64", "manylinux_2_31_x86_64", "manylinux_2_34_x86_64", "linux_x86_64"],
    # For clerks who check dossiers on Windows (py -m pip install --no-index --find-links wheels -e .).
    "windows-x86_64": ["win_amd64"],
}
#: Never part of the bundle, wherever the project comes from: what is built or cached at the top, and
#: byte code anywhere.
TOP_LEFT_OUT = {".venv", "site", ".cache", "dist", "bench-out", ".git", ".pytest_cache", "wheels",
                ".import_linter_cache", "build"}


def _kept(rel: Path) -> bool:
    return rel.parts[0] not in TOP_LEFT_OUT and "__pycache__" not in rel.parts and not rel.name.startswith(".build-")


def runtime_requirements() -> list[str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(meta["project"]["dependencies"]) + list(meta["build-system"]["requires"])


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def project_files() -> list[Path]:
    """What the bundle carries of the project: the files git tracks, else the tree less what is built."""
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        files = [ROOT / os.fsdecode(p) for p in out.split(b"\0") if p]
    except (OSError, subprocess.CalledProcessError):
        files = [p for p in ROOT.rglob("*") if p.is_file()]
    return sorted(p for p in files if p.is_file() and _kept(p.relative_to(ROOT)))


def pip(*args: str) -> None:
    # The machine's pip configuration (extra indexes, find-links) is ignored: the bundle holds what the
    # public registry serves and nothing else.
    env = dict(os.environ, PIP_CONFIG_FILE=os.devnull)
    for key in [k for k in env if k.startswith("PIP_") and k != "PIP_CONFIG_FILE"]:
        env.pop(key)
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args], check=True, env=env)


def fetch_wheels(into: Path, python: str, platform: str) -> None:
    """Every runtime dependency (and setuptools) as wheels for ``python`` on ``platform``."""
    nodot = python.replace(".", "")
    tags = [a for tag in PLATFORMS[platform] for a in ("--platform", tag)]
    try:
        pip("download", "--quiet", "--dest", str(into), "--only-binary=:all:", "--python-version", python,
            "--implementation", "cp", "--abi", f"cp{nodot}", "--abi", "abi3", "--abi", "none", *tags,
            *runtime_requirements())
    except subprocess.CalledProcessError:
        raise SystemExit(f"没有拿到 Python {python}（{platform}）的全部 wheel：见上面 pip 的提示；"
                         f"某个依赖没有发布这个版本或平台的 wheel时，请换一个版本或平台 "
                         f"(pip could not fetch a wheel of every dependency for Python {python} on {platform})") from None


LEGACY = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}


def glibc_needed(wheels: Path) -> str:
    """The glibc the bundle needs: a wheel runs where any one of its platform tags fits, so it asks for
    the oldest glibc among its tags; the bundle for the newest of those."""
    need = (2, 17)
    for w in wheels.glob("*.whl"):
        platforms = w.name[:-4].split("-")[-1].split(".")
        found = [LEGACY[p.rsplit("_", 1)[0]] for p in platforms if p.rsplit("_", 1)[0] in LEGACY]
        found += [(int(a), int(b)) for p in platforms for a, b in re.findall(r"^manylinux_(\d+)_(\d+)_", p)]
        if found:
            need = max(need, min(found))
    return f"{need[0]}.{need[1]}"


INSTALL = """\
# 离线安装（内网机器） · Offline installation

本包：会务档案 {version}，Python {python}，{platform}（需要 glibc {glibc} 或更高；
`ldd --version` 第一行末尾就是本机的版本）。其中 `wheels/` 是全部运行所需的软件包，安装时不连接任何网络。

```sh
tar -xzf {archive}
cd {folder}
make site        # 建立 .venv/（只从 wheels/ 安装），检查档案，生成 site/
make check       # 只检查档案
```

需要：Python {python}（`python{python} -m venv` 可用；Debian 上是 `apt-get install python{python}-venv`）和 `make`。
机器上的 Python 不是 {python} 时，用 `make site PYTHON=python{python}` 指定。

`make test` 需要的测试工具（Playwright 等）不在本包中，请在能上网的机器上运行测试。

This bundle: the meeting archive {version} for Python {python} on {platform} (glibc {glibc} or newer).
`wheels/` holds every runtime dependency; `make site` sees it and installs from it alone
(`pip install --no-index --find-links wheels`), with no network. The test extras are not included.
"""

INSTALL_WINDOWS = """\
# 离线安装（Windows，供经办人员检查档案） · Offline installation on Windows

本包：会务档案 {version}，Python {python}，{platform}。其中 `wheels/` 是全部运行所需的软件包，安装时不连接任何网络。
解压后在本文件夹中打开命令提示符：

```bat
py -{python} -m venv .venv
.venv\\Scripts\\python -m pip install --no-index --find-links wheels -e .
.venv\\Scripts\\python -m generator check dossiers\\2026\\某次会议.md
```

生成和发布网站请在 Linux 服务器上进行（见 README“Installing on an intranet”）。

This bundle: the meeting archive {version} for Python {python} on {platform}, for clerks who check
dossiers on Windows; `wheels/` holds every runtime dependency. Build and publish the site on Linux.
"""


def make_bundle(python: str, platform: str, out: Path) -> Path:
    folder = f"{NAME}-{version()}-py{python.replace('.', '')}-{platform}"
    archive = out / f"{folder}.tar.gz"
    with tempfile.TemporaryDirectory() as tmp:
        top = Path(tmp) / folder
        for src in project_files():
            dst = top / src.relative_to(ROOT)
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
        wheels = top / "wheels"
        wheels.mkdir()
        fetch_wheels(wheels, python, platform)
        text = INSTALL_WINDOWS if platform.startswith("windows") else INSTALL
        (top / "INSTALL.md").write_text(text.format(version=version(), python=python, platform=platform,
                                                    glibc=glibc_needed(wheels), archive=archive.name, folder=folder),
                                        encoding="utf-8")
        out.mkdir(parents=True, exist_ok=True)
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(top, arcname=folder, filter=_normalised)
        partial.replace(archive)
    return archive


def _normalised(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--python", default="3.11,3.12", help="Python versions, comma-separated (default 3.11,3.12)")
    p.add_argument("--platform", default="linux-x86_64", choices=sorted(PLATFORMS))
    p.add_argument("--out", type=Path, default=ROOT / "dist")
    args = p.parse_args(argv)
    for python in [v.strip() for v in args.python.split(",") if v.strip()]:
        if not re.fullmatch(r"3\.\d+", python):
            p.error(f"not a Python version: {python}")
        archive = make_bundle(python, args.platform, args.out)
        size = archive.stat().st_size / 1024 / 1024
        print(f"离线安装包 (offline bundle): {archive.relative_to(Path.cwd()) if archive.is_relative_to(Path.cwd()) else archive}"
              f"（{size:.1f} MB）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
