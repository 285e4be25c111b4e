"""Publishing: build into a new folder, then swap it into place at once; keep the last ones for rollback.

Layout, for ``make publish DEST=/srv/huiwu/neibu``::

    /srv/huiwu/neibu            → neibu.releases/20250630-101500-123456   (a symlink: what the web server serves)
    /srv/huiwu/neibu.previous   → neibu.releases/20250629-170000-654321   (the one before, for rollback)
    /srv/huiwu/neibu.releases/  every kept release, one complete site each

A release is built by MkDocs into a fresh folder of its own. Only when the build has succeeded and the
folder holds a complete site is ``DEST`` switched to it, by renaming a new symlink over the old one
(``os.replace``: atomic on POSIX), so a reader gets either the old site or the new one, never a mix, and
a failed build leaves the published site as it was. ``rollback`` switches ``DEST`` and ``.previous``
round. A publish never changes the audience a ``DEST`` serves: building 秘密 into the 内部 folder by
mistake is refused.

    python -m generator.publish publish DEST [-f mkdocs.yml] [--keep 5]   (AUDIENCE, AS_OF from the environment)
    python -m generator.publish rollback DEST
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import shutil
import subprocess
import sys
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator

KEEP = 5
Builder = Callable[[Path], bool]


class PublishError(Exception):
    """Publishing stopped; the published site is unchanged. The message is for the person publishing."""


def releases_dir(dest: Path) -> Path:
    return dest.parent / f"{dest.name}.releases"


def previous_link(dest: Path) -> Path:
    return dest.parent / f"{dest.name}.previous"


def current(dest: Path) -> Path | None:
    """The release DEST serves, or None when nothing has been published there."""
    if dest.is_symlink():
        return (dest.parent / os.readlink(dest)).resolve()
    return None


def audience_of(site: Path) -> str | None:
    """The audience a built site says it is for (the banner on its home page)."""
    try:
        head = (site / "index.html").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    m = re.search(r'data-audience="([^"]+)"', head)
    return m.group(1) if m else None


def mkdocs_builder(config: Path) -> Builder:
    """Build with MkDocs in a child process, its messages shown as they come; AUDIENCE and AS_OF pass
    through the environment as for ``make site``."""

    def build(out: Path) -> bool:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        command = [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config), "-d", str(out)]
        return subprocess.run(command, env=env, check=False).returncode == 0

    return build


@contextmanager
def _locked(dest: Path) -> Iterator[None]:
    releases = releases_dir(dest)
    releases.mkdir(parents=True, exist_ok=True)
    with open(releases / ".lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(f"{dest} 正在由另一个发布进程处理，请稍后再试 (another publish of {dest} is running)") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _point(link: Path, target: Path) -> None:
    """Make ``link`` a symlink to ``target`` in one rename (a relative link, so the tree can move)."""
    tmp = link.parent / f".{link.name}.swap-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(os.path.relpath(target, link.parent))
    os.replace(tmp, link)


def publish(dest: Path, build: Builder, keep: int = KEEP, now: Callable[[], datetime] = datetime.now) -> Path:
    """Build a new release and switch DEST to it; returns the release folder."""
    dest = Path(os.path.abspath(dest))
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists() and not dest.is_symlink() and not dest.is_dir():
        raise PublishError(f"{dest} 已存在且不是目录 (exists and is not a folder)")
    with _locked(dest):
        releases = releases_dir(dest)
        release = releases / now().strftime("%Y%m%d-%H%M%S-%f")
        try:
            if not build(release):
                raise PublishError(f"网站生成失败，已发布的网站保持不变：{dest} (the build failed; {dest} is unchanged)")
            if not (release / "index.html").is_file():
                raise PublishError(f"生成结果不完整（没有 index.html），已发布的网站保持不变 (incomplete build; {dest} is unchanged)")
            old = current(dest) if dest.is_symlink() else (dest if dest.is_dir() else None)
            was, now_for = (audience_of(old) if old else None), audience_of(release)
            if was and now_for and was != now_for:
                raise PublishError(
                    f"{dest} 发布的是读者范围「{was}」的网站，这次生成的是「{now_for}」；每个读者范围请发布到各自的目录 "
                    f"({dest} serves audience {was}, this build is for {now_for}: publish each audience to its own folder)"
                )
        except BaseException:
            shutil.rmtree(release, ignore_errors=True)
            raise
        if dest.is_dir() and not dest.is_symlink():
            # A plain folder published by hand before: it becomes the previous release.
            legacy = releases / f"{release.name}-before"
            os.rename(dest, legacy)
            old = legacy
        _point(dest, release)
        if old is not None and old != release:
            _point(previous_link(dest), old)
        _prune(dest, keep)
        return release


def rollback(dest: Path) -> Path:
    """Serve the previous release again (and keep the one replaced as previous); returns it."""
    dest = Path(os.path.abspath(dest))
    prev = previous_link(dest)
    with _locked(dest):
        if not prev.is_symlink() or not (dest.parent / os.readlink(prev)).is_dir():
            raise PublishError(f"{dest} 没有可恢复的上一版本 (no previous release of {dest} to roll back to)")
        target = (dest.parent / os.readlink(prev)).resolve()
        was = current(dest)
        _point(dest, target)
        if was is not None:
            _point(prev, was)
        return target


def _prune(dest: Path, keep: int) -> None:
    """Delete old releases beyond the newest ``keep``; never the current or the previous one."""
    releases = releases_dir(dest)
    protected = {p for p in (current(dest), current(previous_link(dest))) if p is not None}
    folders = sorted((p for p in releases.iterdir() if p.is_dir() and not p.name.startswith(".")), reverse=True)
    for old in folders[max(keep, 1):]:
        if old.resolve() not in protected:
            shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.publish", description="发布网站 / publish the site")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("publish", help="生成新版本并整体切换 (build and swap in)")
    p.add_argument("dest", type=Path)
    p.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    p.add_argument("--keep", type=int, default=KEEP, help=f"保留的版本数 (releases kept, default {KEEP})")
    r = sub.add_parser("rollback", help="恢复上一版本 (serve the previous release again)")
    r.add_argument("dest", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "publish":
            release = publish(args.dest, mkdocs_builder(args.config_file), keep=args.keep)
            print(f"已发布：{args.dest} → {release.name}（读者范围：{audience_of(release)}）；"
                  f"可用 make rollback DEST={args.dest} 恢复上一版本")
            print(f"Published {args.dest} -> {release} (audience {audience_of(release)}); "
                  f"make rollback DEST={args.dest} restores the previous release")
        else:
            release = rollback(args.dest)
            print(f"已恢复上一版本：{args.dest} → {release.name} (rolled back {args.dest} to {release})")
    except PublishError as exc:
        print(f"发布未完成 / not published: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
