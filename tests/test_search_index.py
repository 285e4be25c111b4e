"""The Pagefind index a build writes (generator/exports/search.py): only meetings, whole meetings, the audience's."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from generator.core.searchtext import decode, index_form, query_form
from generator.exports import search

from .conftest import build_site, dossier_text

BODY = "## 会议概况\n\n会议研究了秋季防汛物资储备工作，要求各乡镇年内补齐沙袋。\n"


def _write(root: Path, rel: str, text: str) -> None:
    p = root / "dossiers" / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")


def _meeting(title: str, date: str, classification: str = "内部", body: str = BODY) -> str:
    front = dossier_text(title=title, date=date, classification=classification).rsplit("---\n", 1)[0]
    return front + "---\n" + body


def _fragments(site: Path) -> list[dict]:
    """Every page record of the index (Pagefind 1.x stores each as gzip'd 'pagefind_dcd' + JSON)."""
    out = []
    for f in sorted((site / "pagefind" / "fragment").iterdir()):
        raw = gzip.decompress(f.read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        record = json.loads(raw[len(b"pagefind_dcd"):])
        record["raw"] = record["content"]
        record["content"] = decode(record["content"])  # Chinese is indexed as character pairs (core.searchtext)
        out.append(record)
    return out


@pytest.fixture
def built(tmp_path: Path) -> Path:
    _write(tmp_path, "2024/2024-05-06-changwu-3.md", _meeting("县政府第3次常务会议", "2024-05-06"))
    _write(tmp_path, "2024/2024-05-20-gongkai.md", _meeting("县政府第4次常务会议", "2024-05-20", "公开",
                                                          "会议听取了秸秆禁烧工作汇报。\n"))
    _write(tmp_path, "2024/2024-05-08-mimi.md", _meeting("CANARY秘密会议标题", "2024-05-08", "秘密",
                                                       "CANARY秘密纪要内容\n"))
    return build_site(tmp_path)


def test_only_visible_meetings_are_indexed_whole(built: Path) -> None:
    entry = json.loads((built / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"zh"}  # html lang="zh": Chinese segmentation
    assert entry["languages"]["zh"]["page_count"] == 2
    records = {r["meta"]["title"]: r for r in _fragments(built)}
    assert set(records) == {"县政府第3次常务会议", "县政府第4次常务会议"}
    first = records["县政府第3次常务会议"]
    assert first["url"] == "/meetings/2024/2024-05-06-changwu-3/"
    assert first["meta"]["日期"] == "2024年5月6日" and first["meta"]["类型"] == "常务会议"
    # The header's values and the minutes are both in the index; the site's chrome and labels are not.
    assert "内部" in first["content"] and "会议研究了秋季防汛物资储备工作" in first["content"]
    for frame in ("本站内容", "会务档案", "会议纪要", "密级", "会议类型", "打印", "桌签"):
        assert frame not in first["content"], frame
    assert "秸秆禁烧" in records["县政府第4次常务会议"]["content"]
    everything = (built / "pagefind").rglob("*")
    assert not any(b"CANARY" in gzip.decompress(p.read_bytes()) for p in everything if p.suffix == ".pf_fragment")


def test_the_chinese_is_indexed_as_character_pairs(built: Path) -> None:
    record = next(r for r in _fragments(built) if "秋季" in r["content"])
    words = record["raw"].replace("\u200b", "").split()
    # Every two characters in the middle of a sentence are one word of the index, as the query makes them.
    for word in ("防汛", "物资", "汛物", "沙袋"):
        assert query_form(word) in words, word
    assert query_form("补齐沙袋").split() == [w for w in index_form("补齐沙袋").split()][:3]
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in record["raw"])  # no Chinese left for a segmenter


def test_a_build_without_meetings_has_no_search(tmp_path: Path) -> None:
    _write(tmp_path, "2024/2024-05-06-changwu-3.md", _meeting("县政府第3次常务会议", "2024-05-06"))
    site = build_site(tmp_path, audience="公开")  # the only meeting is 内部: nothing to index
    assert not (site / "pagefind").exists()
    assert "ma-search" not in (site / "index.html").read_text(encoding="utf-8")


def test_index_site_reports_what_it_indexed(tmp_path: Path) -> None:
    records = tmp_path / "records"
    for i, text in enumerate(("会议研究了秋季防汛物资储备工作", "会议听取了秸秆禁烧工作汇报")):
        page = records / "meetings" / "2024" / f"m{i}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f'<html lang="zh"><body data-pagefind-body><p>{index_form(text)}</p></body></html>', "utf-8")
    output = tmp_path / "site" / "pagefind"
    summary = search.index_site(records, output=output)
    assert summary.pages == 2 and summary.words > 10
    assert summary.bundle_bytes == sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    assert not (records / "pagefind").exists()


def test_index_site_fails_clearly_on_an_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(search.SearchIndexError, match="全文检索索引未能生成"):
        search.index_site(tmp_path)


def _all_fragment_text(folder: Path) -> str:
    return "".join(decode(gzip.decompress(f.read_bytes()).decode("utf-8", "replace"))
                   for f in folder.rglob("*.pf_fragment"))


def test_a_rebuild_reuses_the_index_and_drops_what_is_now_withheld(tmp_path: Path, monkeypatch) -> None:
    """The previous build's index is kept per audience (.cache/), so unchanged pages are not compressed
    and written again; a meeting raised above the audience leaves nothing in the site or in the cache."""
    monkeypatch.setenv("MEETING_ARCHIVE_CACHE_DIR", str(tmp_path / ".cache" / "meeting-archive"))
    _write(tmp_path, "2024/2024-05-06-changwu-3.md", _meeting("县政府第3次常务会议", "2024-05-06"))
    _write(tmp_path, "2024/2024-05-08-shengji.md", _meeting("后来升密的会议", "2024-05-08", "内部", "CANARY升密前的纪要\n"))
    site = build_site(tmp_path)
    kept = tmp_path / ".cache" / "meeting-archive" / "pagefind" / "internal" / "main"
    first = {f.name: f.stat().st_mtime_ns for f in (kept / "fragment").iterdir()}
    assert len(first) == 2 and "CANARY升密前的纪要" in _all_fragment_text(site / "pagefind")

    _write(tmp_path, "2024/2024-05-08-shengji.md", _meeting("后来升密的会议", "2024-05-08", "秘密", "CANARY升密前的纪要\n"))
    site = build_site(tmp_path)
    again = {f.name: f.stat().st_mtime_ns for f in (kept / "fragment").iterdir()}
    assert len(again) == 1 and set(again) <= set(first)  # the unchanged page's record: reused, not rewritten
    assert all(again[name] == first[name] for name in again)
    assert sorted(f.name for f in (site / "pagefind" / "fragment").iterdir()) == sorted(again)
    for folder in (site / "pagefind", kept):
        assert "CANARY" not in _all_fragment_text(folder)
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["zh"]["page_count"] == 1


def test_an_unreadable_kept_index_is_made_again_from_scratch(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MEETING_ARCHIVE_CACHE_DIR", str(tmp_path / ".cache" / "meeting-archive"))
    _write(tmp_path, "2024/2024-05-06-changwu-3.md", _meeting("县政府第3次常务会议", "2024-05-06"))
    monkeypatch.setattr(search, "_index_files", lambda bundle: None)  # e.g. a new Pagefind's format
    site = build_site(tmp_path)
    assert len(list((site / "pagefind" / "fragment").iterdir())) == 1
    assert not (tmp_path / ".cache" / "meeting-archive" / "pagefind" / "internal" / "main").exists()
