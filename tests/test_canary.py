"""Canary scan: a build for a lower audience carries nothing of a dossier above it, anywhere.

Dossiers at 秘密 and 机密 carry a unique canary string in every field that reaches output (and in
their ids, file names and attachment contents), and a 内部 dossier carries a 秘密 document. The build
for 内部 is scanned byte for byte, every file and every file name, with compressed files opened
(gzip: sitemap.xml.gz and the search index fragments; zip: attachments), and so is its build log:
no canary may appear. The build for 机密 must contain every canary, which proves the scan can fail.
"""

from __future__ import annotations

import gzip
import io
import logging
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT, dossier_text

# Each canary is lower-case ASCII letters and digits, so that HTML/JSON/URL escaping leaves it alone and
# search indexes that lower-case their words still hold it as written.
FIELDS = [
    "id", "title", "venue", "organizer", "chair", "recorder", "tag", "name", "unit", "substitute",
    "topic", "presenter", "preptask", "prepowner", "checkitem", "checknote", "incident", "response",
    "docid", "doctitle", "archiveref", "file", "attachment", "zipmember", "zipped", "decid", "decision",
    "actid", "task", "actunit", "owner", "update", "lessoncat", "lesson", "heading", "body", "gzipped",
]


def canary(level: str, field: str) -> str:
    return f"zqcanary{level}{field}"


def classified(level: str, zh: str, date: str) -> tuple[str, str]:
    """(folder name, index.md text) of a dossier with a canary in every field."""
    c = lambda f: canary(level, f)  # noqa: E731
    extra = f"""\
start: "09:00"
end: "10:00"
venue: {c("venue")}
organizer: {c("organizer")}
chair: {c("chair")}
recorder: {c("recorder")}
tags: [{c("tag")}]
attendees:
  - name: {c("name")}
    unit: {c("unit")}
    rsvp: 代会
    substitute: {c("substitute")}
    signed_in: true
agenda:
  - topic: {c("topic")}
    presenter: {c("presenter")}
    minutes: 30
preparation:
  - task: {c("preptask")}
    owner: {c("prepowner")}
    due: {date}
checklist:
  - item: {c("checkitem")}
    note: {c("checknote")}
incidents:
  - time: "09:30"
    description: {c("incident")}
    response: {c("response")}
documents:
  - id: {c("docid")}
    title: {c("doctitle")}
    copies: 5
    disposition: 归档
    archive_ref: {c("archiveref")}
    file: {c("file")}.txt
  - id: F2
    title: 压缩包
    file: bundle.zip
  - id: F3
    title: 压缩文本
    file: notes.txt.gz
decisions:
  - id: {c("decid")}
    text: {c("decision")}
actions:
  - id: {c("actid")}
    task: {c("task")}
    unit: {c("actunit")}
    owner: {c("owner")}
    due: 2024-07-30
    decision: {c("decid")}
    status: 推进中
    updates:
      - date: {date}
        note: {c("update")}
lessons:
  - category: {c("lessoncat")}
    type: 经验
    text: {c("lesson")}
"""
    text = dossier_text(extra, title=f"{c('title')} 会议", classification=zh, date=date)
    text = text.replace("## 会议概况\n\n会议研究了防汛工作。", f"## {c('heading')}\n\n{c('body')} 会议纪要正文。")
    return f"{date}-{c('id')}", text


def write_archive(root: Path) -> None:
    dossiers = root / "dossiers" / "2024"
    for level, zh, date in (("s", "秘密", "2024-05-08"), ("c", "机密", "2024-05-25")):
        folder_name, text = classified(level, zh, date)
        folder = dossiers / folder_name
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(text, encoding="utf-8")
        (folder / f"{canary(level, 'file')}.txt").write_text(canary(level, "attachment"), encoding="utf-8")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            # deflated: the member's text is only found by opening the zip
            zf.writestr(f"{canary(level, 'zipmember')}.txt", (canary(level, "zipped") + "\n") * 50)
        (folder / "bundle.zip").write_bytes(buf.getvalue())
        (folder / "notes.txt.gz").write_bytes(gzip.compress(((canary(level, "gzipped") + "\n") * 50).encode()))
    assert canary("s", "zipped").encode() not in (dossiers / f"2024-05-08-{canary('s', 'id')}" / "bundle.zip").read_bytes()

    # A 内部 meeting carrying an action forward from the 秘密 meeting, and one on to the 机密 meeting.
    s_id, c_id = f"2024-05-08-{canary('s', 'id')}", f"2024-05-25-{canary('c', 'id')}"
    inner = f"""\
actions:
  - id: A1
    task: 继续推进
    unit: 县水利局
    due: 2024-07-30
    carried_from: {s_id}#{canary("s", "actid")}
  - id: A2
    task: 移交后续会议
    unit: 县财政局
    due: 2024-07-30
"""
    folder = dossiers / "2024-05-20-neibu"
    folder.mkdir()
    (folder / "index.md").write_text(dossier_text(inner, date="2024-05-20", title="内部会议"), encoding="utf-8")
    # The 机密 meeting carries A2 of the 内部 meeting forward.
    c_text = (folder.parent / c_id / "index.md").read_text(encoding="utf-8")
    c_text = c_text.replace("    status: 推进中\n", "    status: 推进中\n    carried_from: 2024-05-20-neibu#A2\n", 1)
    (folder.parent / c_id / "index.md").write_text(c_text, encoding="utf-8")


ALL_CANARIES = [canary(level, f) for level in ("s", "c") for f in FIELDS]


def _scan_bytes(data: bytes, where: str, found: dict[str, list[str]], depth: int = 0) -> None:
    low = data.lower()
    for c in ALL_CANARIES:
        if c.encode() in low:
            found.setdefault(c, []).append(where)
    if depth > 4:
        return
    if data[:2] == b"\x1f\x8b":  # gzip: sitemap.xml.gz, the search index's fragments
        try:
            inner = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise AssertionError(f"{where}: gzip that cannot be opened: {exc}") from None
        _scan_bytes(inner, f"{where}[gzip]", found, depth + 1)
    elif data[:4] == b"PK\x03\x04":  # zip
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                _scan_bytes(info.filename.encode("utf-8"), f"{where}[zip name]", found, depth + 1)
                _scan_bytes(zf.read(info), f"{where}[zip:{info.filename}]", found, depth + 1)


def scan(site: Path, log: str = "") -> dict[str, list[str]]:
    """Every canary found: in file names, in file bytes (gzip and zip opened), in the build log."""
    found: dict[str, list[str]] = {}
    files = sorted(p for p in site.rglob("*") if p.is_file())
    assert files, "nothing to scan"
    for p in sorted(site.rglob("*")):
        rel = p.relative_to(site).as_posix()
        _scan_bytes(rel.encode("utf-8"), f"name:{rel}", found)
        if p.is_file():
            _scan_bytes(p.read_bytes(), rel, found)
    if log:
        _scan_bytes(log.encode("utf-8"), "build log", found)
    return found


def covered(site: Path) -> list[str]:
    """What the scan opened, for the report: every file, and which were decompressed."""
    out = []
    for p in sorted(site.rglob("*")):
        if p.is_file():
            head = p.read_bytes()[:4]
            kind = " (gzip)" if head[:2] == b"\x1f\x8b" else " (zip)" if head == b"PK\x03\x04" else ""
            out.append(p.relative_to(site).as_posix() + kind)
    return out


def build_real(root: Path, audience: str, as_of: str | None = "2024-06-01") -> Path:
    """Build root/dossiers with the project's own mkdocs.yml (its search, its exports, everything it
    turns on), for ``audience``. With a site_url, MkDocs fills sitemap.xml(.gz); without one it is empty."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AUDIENCE", audience)
        if as_of:
            mp.setenv("AS_OF", as_of)
        else:
            mp.delenv("AS_OF", raising=False)
        # The project's own mkdocs.yml, but the canary units (in every unit field) only warn here.
        config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        config = config.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}", 1)
        config = config.replace("  - meeting-archive:\n", "  - meeting-archive:\n      rules: {unit-unknown: warning}\n", 1)
        (root / "mkdocs.yml").write_text(config, encoding="utf-8")
        cfg = load_config(
            str(root / "mkdocs.yml"),
            docs_dir=str(root / "dossiers"),
            site_dir=str(root / "site"),
            site_url="https://huiwu.example.invalid/",
            strict=False,
        )
        build(cfg)
    return root / "site"


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """The same archive built for 内部 and for 机密, each with its build log."""
    out = {}
    for audience in ("内部", "机密"):
        root = tmp_path_factory.mktemp(f"canary-{audience}")
        write_archive(root)
        handler, logger = _Collect(), logging.getLogger("mkdocs")
        level = logger.level
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        try:
            site = build_real(root, audience)
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)
        out[audience] = (site, "\n".join(handler.lines))
    return out


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def test_lower_audience_build_holds_no_canary(builds) -> None:
    site, log = builds["内部"]
    found = scan(site, log)
    assert not found, "canaries leaked into the 内部 build:\n" + "\n".join(
        f"  {c}: {', '.join(sorted(set(w)))}" for c, w in sorted(found.items())
    )


def test_own_audience_build_holds_every_canary(builds) -> None:
    site, log = builds["机密"]
    found = scan(site, log)
    missing = [c for c in ALL_CANARIES if c not in found]
    assert not missing, f"the scan would not see these (they reach no output even at 机密): {missing}"
    # The compressed outputs were opened: these canaries are only visible inside them.
    where = {w for ws in found.values() for w in ws}
    assert any("[gzip]" in w for w in where), "no gzip file was opened"
    assert any("[zip:" in w for w in where), "no zip member was opened"
    if (site / "search").is_dir():  # the search records hold the minutes, so the scan reads them
        assert any(w.startswith("search/p/") for w in found[canary("s", "body")])


def test_build_log_says_how_many_were_withheld(builds) -> None:
    _, log = builds["内部"]
    assert "2 份密级更高的档案未收录" in log
    # Their diagnostics (unknown units here) are counted, not listed: a listed one would name the dossier.
    assert "另有 0 个错误、8 个警告出现在（或涉及）2 份密级高于本站读者范围（或密级无法识别）的档案中" in log
    _, log = builds["机密"]
    assert "zqcanarysunit" in log and "0 份密级更高的档案未收录" in log


def test_dossiers_whose_level_cannot_be_read_are_not_named_either(tmp_path: Path) -> None:
    from generator.check import withheld
    from generator.check.run import check
    from generator.core.settings import Settings
    from generator.core.enums import Classification

    folder = tmp_path / "dossiers"
    folder.mkdir()
    (folder / "zqcanarygbk.md").write_bytes(dossier_text(title="机要会议").encode("gb18030"))
    (folder / "zqcanarytypo.md").write_text(dossier_text(classification="机蜜"), encoding="utf-8")
    (folder / "neibu.md").write_text(dossier_text(date="2024/5/6"), encoding="utf-8")
    result = check(Settings(dossiers_dir=folder))
    shown, kept = withheld.split(result.dossiers, result.diagnostics, Classification.INTERNAL)
    assert {d.file.name for d in shown} == {"neibu.md"}
    assert {d.file.name for d in kept} == {"zqcanarygbk.md", "zqcanarytypo.md"}
    worst, line = withheld.summary(kept)
    assert worst == "error" and "zqcanary" not in line and "另有 2 个错误" in line
    # For the highest audience nothing is above it: everything is listed.
    shown, kept = withheld.split(result.dossiers, result.diagnostics, Classification.TOP_SECRET)
    assert kept == [] and len(shown) == 3


def test_withheld_neighbours_are_plain_text(builds) -> None:
    site, _ = builds["内部"]
    page = (site / "meetings/2024/2024-05-20-neibu/index.html").read_text(encoding="utf-8")
    assert page.count("一次未在本站公开的会议") == 2  # carried from the 秘密 meeting, carried to the 机密 one
    for chain in page.split('class="ma-chain"')[1:]:
        assert "<a " not in chain.split("</small>")[0]
    site_c, _ = builds["机密"]
    page_c = (site_c / "meetings/2024/2024-05-20-neibu/index.html").read_text(encoding="utf-8")
    assert "一次未在本站公开的会议" not in page_c
    assert "结转自：<a href=" in page_c and "已结转至：<a href=" in page_c


def test_document_above_the_audience_is_listed_without_title_or_file(tmp_path: Path) -> None:
    """A 秘密 document in a 内部 dossier breaks rule 5 and never builds; should one reach the pages
    anyway, it is listed as withheld, without its title, and its file is not published."""
    from generator.domain.archive import Archive
    from generator.core.settings import Settings
    from generator.exports.tables import archive_json
    from generator.source.loader import load_file
    from generator.site.pages.meeting import attachments, meeting_page

    folder = tmp_path / "dossiers" / "2024" / "2024-05-20-neibu"
    folder.mkdir(parents=True)
    docs = f"""\
documents:
  - id: F1
    title: 公开的通知
  - id: F2
    title: {canary("s2", "doctitle")}
    classification: 秘密
    file: {canary("s2", "file")}.txt
"""
    (folder / "index.md").write_text(dossier_text(docs, date="2024-05-20"), encoding="utf-8")
    (folder / f"{canary('s2', 'file')}.txt").write_text("x", encoding="utf-8")
    d = load_file(folder / "index.md")
    assert d.ok
    settings = Settings(dossiers_dir=tmp_path / "dossiers")
    archive = Archive([d], settings)
    page = meeting_page(archive, d)
    assert "（该文件密级高于本站读者范围，已隐去）" in page and "公开的通知" in page
    assert canary("s2", "doctitle") not in page and canary("s2", "file") not in page
    assert list(attachments(archive)) == []
    assert canary("s2", "doctitle") not in archive_json(archive).decode("utf-8")


def test_every_page_says_its_audience(builds) -> None:
    for audience, (site, _) in builds.items():
        pages = list(site.rglob("*.html"))
        assert len(pages) > 10
        for page in pages:
            assert f"本站内容：{audience}" in page.read_text(encoding="utf-8"), page.relative_to(site)
