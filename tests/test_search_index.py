"""The search index a build writes (generator/exports/search.py): only meetings, each meeting's own text,
the audience's, as character pairs with their places."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from generator.core.searchtext import WORD_HI, bucket_of, pairs, word_hash
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


def _records(site: Path) -> dict[str, dict]:
    out = {}
    for f in sorted((site / "search" / "p").iterdir()):
        record = json.loads(f.read_text(encoding="utf-8"))
        record["n"] = int(f.stem)
        out[record["t"]] = record
    return out


def _postings(site: Path, key: tuple[int, int]) -> dict[int, list[int]]:
    """What the index says of a pair or word: meeting → places (read as search.js reads it)."""
    meta = json.loads((site / "search" / "index.json").read_text(encoding="utf-8"))
    a = np.frombuffer(gzip.decompress((site / "search" / "b" / f"{bucket_of(*key, meta['b'])}.bin").read_bytes()), "<u4")
    nk, ne, npl = a[:3]
    o = 3
    his, los = a[o:o + nk], a[o + nk:o + 2 * nk]
    o += 2 * nk
    key_start = a[o:o + nk + 1]
    o += nk + 1
    pages = a[o:o + ne]
    o += ne
    entry_start = a[o:o + ne + 1]
    o += ne + 1
    places = a[o:o + npl]
    for k in range(nk):
        if (his[k], los[k]) == key:  # meetings and places are written as differences
            ids = np.cumsum(pages[key_start[k]:key_start[k + 1]].astype(np.int64)).tolist()
            return {ids[i]: np.cumsum(places[entry_start[e]:entry_start[e + 1]].astype(np.int64)).tolist()
                    for i, e in enumerate(range(key_start[k], key_start[k + 1]))}
    return {}


@pytest.fixture
def built(tmp_path: Path) -> Path:
    _write(tmp_path, "2024/2024-05-06-changwu-3.md", _meeting("县政府第3次常务会议", "2024-05-06"))
    _write(tmp_path, "2024/2024-05-20-gongkai.md", _meeting("县政府第4次常务会议", "2024-05-20", "公开",
                                                          "会议听取了秸秆禁烧工作汇报。GDP 增长 4G 网络\n"))
    _write(tmp_path, "2024/2024-05-08-mimi.md", _meeting("CANARY秘密会议标题", "2024-05-08", "秘密",
                                                       "CANARY秘密纪要内容\n"))
    return build_site(tmp_path)


def test_only_visible_meetings_have_records_and_they_hold_their_own_text(built: Path) -> None:
    records = _records(built)
    assert set(records) == {"县政府第3次常务会议", "县政府第4次常务会议"}
    first = records["县政府第3次常务会议"]
    assert first["u"] == "meetings/2024/2024-05-06-changwu-3/"
    assert first["d"] == "2024年5月6日" and first["k"] == "常务会议"
    assert first["x"].startswith("县政府第3次常务会议\n")
    # The header's values and the minutes are in the record; the page's frame and labels are not.
    assert "内部" in first["x"] and "会议研究了秋季防汛物资储备工作" in first["x"]
    for frame in ("本站内容", "会务档案", "会议纪要", "密级", "会议类型", "打印", "桌签", "参会人员"):
        assert frame not in first["x"], frame
    # The minutes' own heading is a section a result links to, at its place in the text.
    offset, heading, anchor = first["s"][0]
    assert heading == "会议概况" and first["x"][offset:offset + 4] == "会议概况" and anchor
    everything = b"".join(p.read_bytes() for p in (built / "search").rglob("*") if p.is_file())
    assert b"CANARY" not in everything and "CANARY".lower().encode() not in everything


def test_every_pair_and_word_is_indexed_at_its_place(built: Path) -> None:
    records = _records(built)
    first = records["县政府第3次常务会议"]
    for pair in pairs("防汛物资储备") + pairs("补齐沙袋"):
        found = _postings(built, (ord(pair[0]), ord(pair[1])))
        assert first["n"] in found, pair
        assert all(first["x"][at:at + 2] == pair for at in found[first["n"]]), pair
    second = records["县政府第4次常务会议"]
    for word in ("gdp", "4g"):
        found = _postings(built, (WORD_HI, word_hash(word)))
        assert list(found) == [second["n"]] and second["x"].lower()[found[second["n"]][0]:].startswith(word)
    assert _postings(built, (ord("桌"), ord("签"))) == {}  # the page's print link is not the meeting's text


def test_a_build_without_meetings_has_no_search(tmp_path: Path) -> None:
    _write(tmp_path, "2024/2024-05-06-changwu-3.md", _meeting("县政府第3次常务会议", "2024-05-06"))
    site = build_site(tmp_path, audience="公开")  # the only meeting is 内部: nothing to index
    assert not (site / "search").exists()
    assert "ma-search" not in (site / "index.html").read_text(encoding="utf-8")


def test_build_index_reports_what_it_indexed(built: Path) -> None:
    summary = search.build_index(built, 2)  # indexing again (as a dirty rebuild would) is fine
    assert summary.pages == 2 and summary.words > 50
    assert summary.bundle_bytes == sum(p.stat().st_size for p in (built / "search").rglob("*") if p.is_file())
    meta = json.loads((built / "search" / "index.json").read_text(encoding="utf-8"))
    assert meta["pages"] == 2 and meta["b"] & (meta["b"] - 1) == 0


def test_build_index_fails_clearly_on_a_missing_record(tmp_path: Path) -> None:
    with pytest.raises(search.SearchIndexError, match="全文检索索引未能生成"):
        search.build_index(tmp_path, 1)


def test_a_rebuild_with_the_caches_gives_the_same_index(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MEETING_ARCHIVE_CACHE_DIR", str(tmp_path / ".cache" / "meeting-archive"))
    _write(tmp_path, "2024/2024-05-06-changwu-3.md", _meeting("县政府第3次常务会议", "2024-05-06"))
    site = build_site(tmp_path)
    first = {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "search").rglob("*") if p.is_file()}
    made = []
    real = search._build
    monkeypatch.setattr(search, "_build", lambda *a: made.append(1) or real(*a))
    site = build_site(tmp_path)
    again = {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "search").rglob("*") if p.is_file()}
    assert first == again and made == []  # the same records: the kept index, copied
    kept = tmp_path / ".cache" / "meeting-archive" / "search" / "internal"
    assert len(list(kept.iterdir())) == 1
    _write(tmp_path, "2024/2024-05-06-changwu-3.md", _meeting("县政府第3次常务会议", "2024-05-06", body="会议改了纪要。\n"))
    site = build_site(tmp_path)
    assert made == [1] and len(list(kept.iterdir())) == 1  # a record changed: made again, kept instead
    record = json.loads((site / "search" / "p" / "0.json").read_text(encoding="utf-8"))
    assert "会议改了纪要" in record["x"] and _postings(site, (ord("纪"), ord("要"))) == {0: [record["x"].index("纪要")]}
