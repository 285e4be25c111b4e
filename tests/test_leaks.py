"""Nothing classified gets through, whatever came before: the kept search index, publishing, and the leak
guard that checks every output of a build before anything is published.

Each leak this project has had is here as a test of its class, and the guard is shown stopping leaks
planted on purpose in each kind of output (a page, an export, the xlsx, the search index, a file name,
an attachment's bytes): the message names the output file, never the withheld text.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from generator import exports
from generator.site import pages as site_pages
from generator.check import leakguard
from generator.exports import search
from generator.cli import publish as pub

from .conftest import ROOT, SITE_CONFIG, TEST_RULES, dossier_text

SECRET_TITLE = "县委保密委员会第二次全体会议"
SECRET_SENTENCE = "会议决定对涉密载体开展一次全面清查"


def _write(root: Path, rel: str, text: str | bytes) -> Path:
    p = root / "dossiers" / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(text) if isinstance(text, bytes) else p.write_text(text, encoding="utf-8")
    return p


def _meeting(title: str, date: str, classification: str = "内部", body: str = "会议研究了防汛工作。", extra: str = "") -> str:
    front = dossier_text(extra, title=title, date=date, classification=classification).rsplit("---\n", 1)[0]
    return front + f"---\n## 会议概况\n\n{body}\n"


def _archive(root: Path) -> None:
    _write(root, "2024/2024-05-06-changwu-3.md", _meeting("县政府第3次常务会议", "2024-05-06"))
    docs = "documents:\n  - id: F1\n    title: 清查方案\n    file: 清查方案.pdf\n"
    _write(root, "2024/2024-05-08-baomi/index.md",
           _meeting(SECRET_TITLE, "2024-05-08", "秘密", f"{SECRET_SENTENCE}，由各单位自查后报送。", docs))
    _write(root, "2024/2024-05-08-baomi/清查方案.pdf", b"%PDF-1.4 \x00\x01 secret scan plan bytes " * 20)


def _config(root: Path, extra_plugin: str = "", audience: str = "内部") -> Path:
    config = SITE_CONFIG.replace("      as_of:", extra_plugin + "      as_of:")
    path = root / "mkdocs.yml"
    path.write_text(config.format(overrides=ROOT / "overrides", audience=audience, rules=TEST_RULES), encoding="utf-8")
    return path


def _build(root: Path, extra_plugin: str = "") -> Path:
    from mkdocs.commands.build import build  # noqa: PLC0415
    from mkdocs.config import load_config  # noqa: PLC0415

    build(load_config(str(_config(root, extra_plugin))))
    return root / "site"


def _messages(caplog) -> str:
    return "\n".join(r.getMessage() for r in caplog.records)


# ---------------------------------------------------------------------------------------------------
# The search index


def _records_text(site: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in (site / "search" / "p").glob("*.json"))


def test_a_meeting_raised_above_the_audience_leaves_nothing_in_the_search(tmp_path: Path, monkeypatch) -> None:
    """A build, then one after a meeting was raised to 秘密 with the caches of the first: its record is
    gone, and the index holds exactly what an index made from scratch holds."""
    monkeypatch.setenv("MEETING_ARCHIVE_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "a"
    for year in (2022, 2023, 2024):
        _write(root, f"{year}/{year}-05-06-changwu.md", _meeting(f"县政府{year}年常务会议", f"{year}-05-06",
                                                                body=f"会议研究了{year}年度防汛物资储备工作。"))
    site = _build(root)
    assert "2022年度防汛物资储备" in _records_text(site)
    _write(root, "2022/2022-05-06-changwu.md", _meeting("县政府2022年常务会议", "2022-05-06", "秘密",
                                                      body="会议研究了2022年度防汛物资储备工作。"))
    site = _build(root)
    assert "2022年度防汛物资储备" not in _records_text(site) and "2023年度防汛物资储备" in _records_text(site)
    assert sorted(p.name for p in (site / "search" / "p").iterdir()) == ["0.json", "1.json"]

    monkeypatch.setenv("MEETING_ARCHIVE_CACHE", "0")  # the same archive, its index made from scratch
    fresh = tmp_path / "b"
    (fresh / "dossiers").mkdir(parents=True)
    os.rename(root / "dossiers", fresh / "dossiers")
    again = _build(fresh)
    files = sorted(p.relative_to(site).as_posix() for p in (site / "search").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again).as_posix() for p in (again / "search").rglob("*") if p.is_file())
    for rel in files:
        assert (site / rel).read_bytes() == (again / rel).read_bytes(), rel


def test_an_index_made_where_more_records_were_keeps_only_its_own(tmp_path: Path) -> None:
    records = tmp_path / "search" / "p"
    records.mkdir(parents=True)
    for n in range(3):
        (records / f"{n}.json").write_text(json.dumps({"u": f"meetings/2024/m{n}/", "t": "标题", "x": f"标题\n正文{n}"}),
                                           encoding="utf-8")
    (records / "old").mkdir()
    search.build_index(tmp_path, 2)
    assert sorted(p.name for p in records.iterdir()) == ["0.json", "1.json"]


def test_the_test_suite_keeps_its_caches_out_of_the_project() -> None:
    from generator.core.settings import load_settings  # noqa: PLC0415

    cache = load_settings(ROOT / "mkdocs.yml").cache_dir
    assert cache is not None and not cache.is_relative_to(ROOT)


# ---------------------------------------------------------------------------------------------------
# Publishing


class _Stub(pub.Builder):
    """A builder that records whether it ran; it builds nothing useful."""

    def __init__(self, audience: str) -> None:
        self.calls = 0
        super().__init__(audience, self._run)

    def _run(self, out: Path) -> bool:
        self.calls += 1
        return False


def _published(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "src"
    _write(root, "2024/2024-05-06-a.md", _meeting("第一次会议", "2024-05-06"))
    config = _config(root)
    dest = tmp_path / "srv" / "neibu"
    pub.publish(dest, pub.mkdocs_builder(config))
    return dest, config


def test_the_audience_is_checked_before_anything_is_built(tmp_path: Path) -> None:
    dest, _ = _published(tmp_path)
    secret = _Stub("秘密")
    with pytest.raises(pub.PublishError, match="读者范围「内部」.*「秘密」"):
        pub.publish(dest, secret)
    assert secret.calls == 0
    assert not list(pub.releases_dir(dest).glob(".build-*"))
    assert pub.audience_record(dest).read_text(encoding="utf-8") == "内部\n"


def test_a_dest_whose_release_was_deleted_keeps_its_audience(tmp_path: Path) -> None:
    import shutil  # noqa: PLC0415

    dest, _ = _published(tmp_path)
    shutil.rmtree(dest.resolve())
    assert dest.is_symlink() and not dest.exists()  # a dangling link: nothing tells its audience but the record
    secret = _Stub("秘密")
    with pytest.raises(pub.PublishError, match="读者范围「内部」"):
        pub.publish(dest, secret)
    pub.audience_record(dest).unlink()  # and with no record at all: refused, not guessed
    with pytest.raises(pub.PublishError, match="无法确认"):
        pub.publish(dest, secret)
    assert secret.calls == 0


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=["SIGTERM", "SIGINT", "SIGHUP"])
def test_an_interrupted_publish_leaves_nothing_behind(tmp_path: Path, sig) -> None:
    root = tmp_path / "src"
    for i in range(1, 25):
        _write(root, f"2024/2024-05-{i:02d}-m.md", _meeting(f"第{i}次会议", f"2024-05-{i:02d}", "秘密"))
    config = _config(root, audience="秘密")
    dest = tmp_path / "srv" / "mimi"
    env = dict(os.environ, AUDIENCE="秘密", NO_MKDOCS_2_WARNING="1")
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli.publish", "publish", str(dest), "-f", str(config)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    releases = pub.releases_dir(dest)
    deadline = time.monotonic() + 60
    building: list[Path] = []
    while time.monotonic() < deadline and proc.poll() is None:
        building = list(releases.glob(".build-*/site/index.html")) if releases.is_dir() else []
        if building:
            break
        time.sleep(0.01)
    assert building, "the build never got going"
    assert (building[0].parent.parent.stat().st_mode & 0o777) == 0o700  # private while it is made
    proc.send_signal(sig)
    assert proc.wait(timeout=60) != 0
    assert list(releases.iterdir()) == [releases / ".lock"]  # no release, no private folder
    assert not dest.exists() and not dest.is_symlink() and not pub.audience_record(dest).exists()


def test_make_site_keeps_the_last_good_site_when_a_build_fails(tmp_path: Path) -> None:
    root = tmp_path / "src"
    _write(root, "2024/2024-05-06-a.md", _meeting("第一次会议", "2024-05-06"))
    config = _config(root)
    run = lambda: subprocess.run([sys.executable, "-m", "generator.cli.publish", "site", "-f", str(config)],  # noqa: E731
                                 cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert run().returncode == 0
    before = (root / "site" / "index.html").read_bytes()
    _write(root, "2024/2024-05-07-b.md", _meeting("第二次会议", "2024/5/7"))  # an error: the build stops
    failed = run()
    assert failed.returncode == 1 and "网站未生成，site/ 保持原样" in failed.stderr
    assert (root / "site" / "index.html").read_bytes() == before
    assert not list(root.glob(".build-*"))


# ---------------------------------------------------------------------------------------------------
# The leak guard


def _plant_page(monkeypatch, text: str) -> None:
    monkeypatch.setattr(site_pages, "PROVIDERS", [*site_pages.PROVIDERS,
                                                     lambda archive: {"planted/index.md": f"# 资料\n\n{text}\n"}])


def _plant_file(monkeypatch, name: str, data: str | bytes) -> None:
    monkeypatch.setattr(exports, "PROVIDERS", [*exports.PROVIDERS, lambda archive: {name: data}])


def _refused(tmp_path: Path, caplog) -> str:
    with pytest.raises((PluginError, Abort)):
        _build(tmp_path)
    log = _messages(caplog)
    assert "保密检查未通过" in log
    for secret in (SECRET_TITLE, SECRET_SENTENCE, "2024-05-08-baomi", "清查方案"):
        assert secret not in log, secret
    assert [p for p in (tmp_path / "site").rglob("*") if p.is_file()] == []  # nothing stays to be served
    return log


def test_a_planted_page_is_stopped(tmp_path: Path, monkeypatch, caplog) -> None:
    _archive(tmp_path)
    _plant_page(monkeypatch, f"附：{SECRET_TITLE}纪要摘录")
    assert "输出文件 planted/index.html 含有" in _refused(tmp_path, caplog)


def test_a_planted_export_is_stopped(tmp_path: Path, monkeypatch, caplog) -> None:
    _archive(tmp_path)
    _plant_file(monkeypatch, "exports/extra.json", json.dumps({"note": SECRET_SENTENCE}, ensure_ascii=True))
    _plant_file(monkeypatch, "exports/extra2.csv", f'"{SECRET_SENTENCE}"\r\n')
    log = _refused(tmp_path, caplog)
    assert "exports/extra2.csv" in log


def test_a_planted_workbook_cell_is_stopped(tmp_path: Path, monkeypatch, caplog) -> None:
    import io  # noqa: PLC0415

    from openpyxl import Workbook  # noqa: PLC0415

    _archive(tmp_path)
    wb = Workbook()
    wb.active["A1"] = SECRET_TITLE
    buf = io.BytesIO()
    wb.save(buf)
    _plant_file(monkeypatch, "exports/more.xlsx", buf.getvalue())
    assert "exports/more.xlsx" in _refused(tmp_path, caplog)


def test_a_planted_search_record_is_stopped(tmp_path: Path, monkeypatch, caplog) -> None:
    _archive(tmp_path)
    real = search.build_index

    def index_and_plant(site_dir, count, **kw):
        summary = real(site_dir, count, **kw)
        record = {"u": "meetings/2024/x/", "t": "会议", "x": "会议\n会上，" + SECRET_SENTENCE + "随后散会"}
        (Path(site_dir) / "search" / "p" / "99.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
        return summary

    monkeypatch.setattr(search, "build_index", index_and_plant)
    assert "search/p/99.json" in _refused(tmp_path, caplog)


def test_a_planted_file_name_is_stopped_and_not_named(tmp_path: Path, monkeypatch, caplog) -> None:
    _archive(tmp_path)
    _plant_file(monkeypatch, "meetings/2024/2024-05-08-baomi/x.txt", "空")
    log = _refused(tmp_path, caplog)
    assert "输出文件 meetings/2024/… 含有" in log  # the folder named after the withheld dossier, its name hidden


def test_a_planted_copy_of_a_withheld_attachment_is_stopped(tmp_path: Path, monkeypatch, caplog) -> None:
    _archive(tmp_path)
    data = (tmp_path / "dossiers/2024/2024-05-08-baomi/清查方案.pdf").read_bytes()
    _plant_file(monkeypatch, "exports/plan.bin", data)
    assert "exports/plan.bin" in _refused(tmp_path, caplog)


def test_the_guard_passes_a_clean_build_and_says_so(tmp_path: Path, caplog) -> None:
    _archive(tmp_path)
    caplog.set_level("INFO")
    site = _build(tmp_path)
    assert (site / "index.html").is_file()
    log = _messages(caplog)
    assert "保密检查：" in log and "这 1 份未收录档案的内容" in log
    assert SECRET_TITLE not in log


def test_what_the_guard_looks_for(tmp_path: Path) -> None:
    """Ids and distinctive runs of text of the withheld dossier; not text a visible dossier holds too."""
    from generator.domain import archive  # noqa: PLC0415
    from generator.check import run as checking
    from generator.check import withheld  # noqa: PLC0415
    from generator.core.settings import Settings  # noqa: PLC0415
    from generator.core.enums import Classification  # noqa: PLC0415

    _archive(tmp_path)
    _write(tmp_path, "2024/2024-05-20-neibu.md", _meeting("内部会议", "2024-05-20", body="由各单位自查后报送。"))
    settings = Settings(dossiers_dir=tmp_path / "dossiers")
    result = checking.check(settings)
    arc = archive.Archive(result.dossiers, settings)
    hidden = [d for d in result.dossiers if withheld.hidden(d, Classification.INTERNAL)]
    marks = leakguard.gather(hidden, arc.visible, leakguard.site_texts())
    assert {"2024-05-08-baomi", SECRET_TITLE, "会议决定对涉密载体开展一次全面清查"} <= marks.needles
    assert "由各单位自查后报送。" not in marks.needles and "会议研究了防汛工作。" not in marks.needles
    assert sum(len(v) for v in marks.files.values()) == 1  # the attachment's bytes


def test_a_dest_inside_another_published_dest_is_refused(tmp_path: Path) -> None:
    dest, _ = _published(tmp_path)
    for inner in (dest / "mimi", pub.releases_dir(dest) / "mimi"):
        secret = _Stub("秘密")
        with pytest.raises(pub.PublishError, match="位于另一个发布目录"):
            pub.publish(inner, secret)
        assert secret.calls == 0 and not inner.exists()


def test_dates_and_the_sites_own_sentences_in_withheld_minutes_are_no_leak(tmp_path: Path, caplog) -> None:
    """A withheld dossier's date line, a date the site prints for a visible meeting, and a sentence the
    notice writes: all of them appear in the 内部 build, and none of them is the withheld dossier's."""
    body = ("上次会议 2024年5月6日 召开。\n\n请参会人员提前 15 分钟到达会场签到，会议期间将手机调至静音。\n\n"
            f"{SECRET_SENTENCE}。\n\n县政府办公室\n\n2024年6月1日\n")
    _write(tmp_path, "2024/2024-05-06-changwu-3.md", _meeting("县政府第3次常务会议", "2024-05-06"))
    _write(tmp_path, "2024/2024-06-09-next.md", _meeting("县政府第4次常务会议", "2024-06-09").replace("已召开", "筹备"))
    _write(tmp_path, "2024/2024-05-08-baomi.md", _meeting(SECRET_TITLE, "2024-05-08", "秘密", body))
    site = _build(tmp_path)
    assert "2024年6月1日" in (site / "index.html").read_text(encoding="utf-8")
    assert "会议期间将手机调至静音" in (site / "meetings/2024/2024-06-09-next/notice/index.html").read_text(encoding="utf-8")


def test_diagnostics_that_speak_of_a_withheld_dossier_are_counted_not_listed(tmp_path: Path, caplog) -> None:
    actions = "actions:\n  - id: A1\n    task: 继续\n    unit: 县水利局\n    due: 2024-07-30\n    carried_from: {ref}\n"
    _write(tmp_path, "2024/2024-05-08-baomi.md",
           _meeting(SECRET_TITLE, "2024-05-08", "秘密", extra="actions:\n  - id: QzSecretAction\n    task: 清查\n"
                                                               "    unit: 县水利局\n    due: 2024-07-30\n"))
    _write(tmp_path, "2024/2024-05-20-neibu.md", _meeting("内部会议", "2024-05-20", extra=actions.format(ref="2024-05-08-baomi#A9")))
    with pytest.raises((PluginError, Abort)):
        _build(tmp_path)
    log = _messages(caplog)
    assert "QzSecretAction" not in log and "2024-05-08-baomi" not in log
    assert "另有 1 个错误、0 个警告出现在（或涉及）1 份密级高于本站读者范围" in log
