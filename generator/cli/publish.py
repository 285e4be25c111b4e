"""Publishing: build into a private folder, then swap it into place at once; keep the last ones for rollback.

Layout, for ``make publish DEST=/srv/huiwu/neibu``::

    /srv/huiwu/neibu            → neibu.releases/20250630-101500-123456   (a symlink: what the web server serves)
    /srv/huiwu/neibu.previous   → neibu.releases/20250629-170000-654321   (the one before, for rollback)
    /srv/huiwu/neibu.audience   内部                                        (the audience this DEST serves)
    /srv/huiwu/neibu.releases/  every kept release, one complete site each

A publish first settles the audience: the build's (``AUDIENCE``, else ``mkdocs.yml``) must be the one
recorded beside DEST (``DEST.audience``), or, for a DEST published before that record existed, the one
its release says it is for. A DEST whose audience cannot be told (its release deleted, no record) is
refused rather than guessed. Only then does MkDocs build, into a private folder (mode 700, inside
``DEST.releases/``) that is removed on every way out: an error, a refusal, Ctrl-C, SIGTERM or SIGHUP.
When the build has succeeded, the folder holds a complete site for the right audience and the build's
own leak guard has passed, it is renamed to a release and ``DEST`` is switched to it by renaming a new
symlink over the old one (atomic on POSIX): a reader gets the old site or the new one, never a mix.
``rollback`` switches ``DEST`` and ``.previous`` round.

``make site`` builds the same way: into a private folder beside ``site/``, swapped in only when the
build succeeds, so a failed build leaves the last good ``site/`` as it was.

    python -m generator.publish publish DEST [-f mkdocs.yml] [--keep 5]   (AUDIENCE, AS_OF from the environment)
    python -m generator.publish rollback DEST
    python -m generator.publish site [-f mkdocs.yml] [-d site]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator

from ..check import built_mark

KEEP = 5
BUILDING = ".build-"  # the prefix of the private folders builds are made in


class PublishError(Exception):
    """Publishing stopped; the published site is unchanged. The message is for the person publishing."""


def releases_dir(dest: Path) -> Path:
    return dest.parent / f"{dest.name}.releases"


def previous_link(dest: Path) -> Path:
    return dest.parent / f"{dest.name}.previous"


def audience_record(dest: Path) -> Path:
    return dest.parent / f"{dest.name}.audience"


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


def served_audience(dest: Path) -> tuple[str | None, bool]:
    """(the audience DEST serves, whether anything was ever published there)."""
    try:
        recorded = audience_record(dest).read_text(encoding="utf-8").strip() or None
    except OSError:
        recorded = None
    published = dest.is_symlink() or dest.exists() or recorded is not None
    if recorded:
        return recorded, published
    old = current(dest) if dest.is_symlink() else (dest if dest.is_dir() else None)
    return (audience_of(old) if old is not None else None), published


@dataclass
class Builder:
    """Builds the site for one audience into a folder; returns whether it succeeded."""

    audience: str
    run: Callable[[Path], bool]

    def __call__(self, out: Path) -> bool:
        return self.run(out)


def mkdocs_builder(config: Path) -> Builder:
    """Build with MkDocs in a child process, its messages shown as they come; AUDIENCE and AS_OF pass
    through the environment as for ``make site``. The audience is read from the same settings first."""
    from ..core.settings import ConfigProblem, load_settings  # noqa: PLC0415

    try:
        audience = load_settings(config).audience.zh
    except ConfigProblem as exc:
        raise PublishError(str(exc)) from None

    def build(out: Path) -> bool:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        command = [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config), "-d", str(out)]
        return subprocess.run(command, env=env, check=False).returncode == 0

    return Builder(audience, build)


class _Stopped(BaseException):
    """SIGTERM or SIGHUP while building: unwinds like Ctrl-C, so the private folder is removed."""


@contextmanager
def _stoppable() -> Iterator[None]:
    """SIGTERM and SIGHUP raise here (Ctrl-C already does), so every ``finally`` runs."""

    def stop(signum, frame):  # noqa: ARG001
        raise _Stopped(signum)

    saved = {}
    for sig in (signal.SIGTERM, signal.SIGHUP):
        try:
            saved[sig] = signal.signal(sig, stop)
        except ValueError:  # not the main thread: leave the signals alone
            pass
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


@contextmanager
def private_folder(parent: Path) -> Iterator[Path]:
    """A folder only its owner can enter (mode 700), inside ``parent``, removed on every way out."""
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=BUILDING, dir=parent))
    try:
        with _stoppable():
            yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _sweep(parent: Path) -> None:
    """Private build folders left by a build that was killed outright (SIGKILL, a power cut)."""
    for old in parent.glob(BUILDING + "*") if parent.is_dir() else []:
        shutil.rmtree(old, ignore_errors=True)


def build_checked(build: Builder, into: Path) -> Path:
    """Run ``build`` into ``into/site`` and check the result; returns the site folder."""
    site = into / "site"
    if not build(site):
        raise PublishError("网站生成失败 (the build failed)")
    mark = built_mark.read(site)
    if mark is None:
        raise PublishError(f"生成结果中没有会务档案插件留下的 {built_mark.NAME}：插件没有运行完（例如换用了会跳过插件的"
                           f"生成工具），档案未经密级过滤，不能发布 (the meeting-archive plugin did not run to the end: "
                           f"no {built_mark.NAME}; an unfiltered archive is never published)")
    if not (site / "index.html").is_file():
        raise PublishError("生成结果不完整（没有 index.html） (incomplete build)")
    made_for = audience_of(site)
    if mark.get("audience_zh") != made_for:
        raise PublishError(f"插件标记的读者范围「{mark.get('audience_zh')}」与首页的「{made_for}」不一致 "
                           f"(the plugin's mark and the home page disagree on the audience)")
    if made_for != build.audience:
        raise PublishError(f"生成的网站读者范围是「{made_for}」，而不是「{build.audience}」 "
                           f"(the site was built for {made_for}, not {build.audience})")
    return site


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


def _write_record(dest: Path, audience: str) -> None:
    record = audience_record(dest)
    tmp = record.parent / f".{record.name}.{os.getpid()}"
    tmp.write_text(audience + "\n", encoding="utf-8")
    os.replace(tmp, record)


def _inside_another(dest: Path) -> Path | None:
    """The published folder (another DEST, or a release of one) that ``dest`` would lie inside, if any:
    its web server would serve this site to that DEST's readers."""
    for path in (dest, Path(os.path.realpath(dest.parent)) / dest.name):
        for folder in path.parents:
            if folder.name.endswith(".releases") or (folder.parent / f"{folder.name}.releases").is_dir() \
                    or (folder.parent / f"{folder.name}.audience").is_file():
                return folder
    return None


def publish(dest: Path, build: Builder, keep: int = KEEP, now: Callable[[], datetime] = datetime.now) -> Path:
    """Build a new release and switch DEST to it; returns the release folder."""
    dest = Path(os.path.abspath(dest))
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists() and not dest.is_symlink() and not dest.is_dir():
        raise PublishError(f"{dest} 已存在且不是目录 (exists and is not a folder)")
    inside = _inside_another(dest)
    if inside is not None:
        raise PublishError(
            f"{dest} 位于另一个发布目录 {inside} 之内，它的读者能看到这里的一切；每个读者范围请发布到互不包含的目录 "
            f"({dest} lies inside {inside}, which is published itself: publish each audience to a folder of its own)"
        )
    with _locked(dest):
        was, published = served_audience(dest)
        if published and was is None:
            raise PublishError(
                f"无法确认 {dest} 发布的是哪个读者范围的网站（它指向的版本已不存在，旁边也没有 {audience_record(dest).name}）；"
                f"请核对后在 {audience_record(dest)} 中写明读者范围（如 内部），或删除 {dest} 后重新发布 "
                f"(cannot tell which audience {dest} serves: write it into {audience_record(dest)}, or remove {dest})"
            )
        if was is not None and was != build.audience:
            raise PublishError(
                f"{dest} 发布的是读者范围「{was}」的网站，这次要生成的是「{build.audience}」；每个读者范围请发布到各自的目录 "
                f"({dest} serves audience {was}, this build is for {build.audience}: publish each audience to its own folder)"
            )
        releases = releases_dir(dest)
        _sweep(releases)
        with private_folder(releases) as tmp:
            try:
                site = build_checked(build, tmp)
            except PublishError as exc:
                raise PublishError(f"{exc}；已发布的网站保持不变：{dest} ({dest} is unchanged)") from None
            release = releases / now().strftime("%Y%m%d-%H%M%S-%f")
            site.chmod(0o755)
            os.rename(site, release)
        old = current(dest) if dest.is_symlink() else (dest if dest.is_dir() else None)
        if dest.is_dir() and not dest.is_symlink():
            # A plain folder published by hand before: it becomes the previous release.
            legacy = releases / f"{release.name}-before"
            os.rename(dest, legacy)
            old = legacy
        _write_record(dest, build.audience)
        _point(dest, release)
        if old is not None and old != release and old.exists():
            _point(previous_link(dest), old)
        _prune(dest, keep)
        return release


def build_site(build: Builder, site_dir: Path) -> Path:
    """``make site``: build into a private folder beside ``site_dir`` and put it in place only when the
    build succeeded; a failed or interrupted build leaves the last good site as it was."""
    site_dir = Path(os.path.abspath(site_dir))
    _sweep(site_dir.parent)
    with private_folder(site_dir.parent) as tmp:
        site = build_checked(build, tmp)
        site.chmod(0o755)
        if site_dir.exists():
            old = tmp / "old"
            os.rename(site_dir, old)
        os.rename(site, site_dir)
    return site_dir


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
    b = sub.add_parser("site", help="生成网站到 site/，成功后整体替换 (build site/, swapped in when it succeeds)")
    b.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    b.add_argument("-d", "--site-dir", type=Path, default=None)
    p = sub.add_parser("publish", help="生成新版本并整体切换 (build and swap in)")
    p.add_argument("dest", type=Path)
    p.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    p.add_argument("--keep", type=int, default=KEEP, help=f"保留的版本数 (releases kept, default {KEEP})")
    r = sub.add_parser("rollback", help="恢复上一版本 (serve the previous release again)")
    r.add_argument("dest", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "site":
            site_dir = args.site_dir or _site_dir_of(args.config_file)
            try:
                build_site(mkdocs_builder(args.config_file), site_dir)
            except PublishError as exc:
                print(f"网站未生成，{site_dir.name}/ 保持原样 / the site was not built, {site_dir.name}/ is unchanged: {exc}",
                      file=sys.stderr)
                return 1
            return 0
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


def _site_dir_of(config: Path) -> Path:
    """The site_dir of mkdocs.yml (default site/), beside it."""
    import yaml  # noqa: PLC0415

    from ..core.settings import _MkdocsYamlLoader  # noqa: PLC0415

    try:
        with config.open(encoding="utf-8-sig") as fh:
            data = yaml.load(fh, Loader=_MkdocsYamlLoader) or {}
    except (OSError, yaml.YAMLError):
        data = {}
    return config.resolve().parent / str(data.get("site_dir") or "site")


if __name__ == "__main__":
    raise SystemExit(main())
