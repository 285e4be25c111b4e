"""What the search index and search.js must agree on (generator/core/searchtext.py); the browser side is
checked against this in tests/browser/test_search_recall.py."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.searchtext import WORD_HI, bucket_of, is_han, pairs, word_hash


def test_pairs_are_every_two_han_characters_side_by_side() -> None:
    assert pairs("每两周一次") == ["每两", "两周", "周一", "一次"]
    assert pairs("周") == [] and pairs("2026年粮食，安全") == ["年粮", "粮食", "安全"]
    assert pairs("𠀀字〇") == ["𠀀字", "字〇"]  # a character outside the BMP, and 〇
    assert not is_han("Ａ") and not is_han("。") and is_han("龘")


def test_a_word_hash_is_fnv1a_of_its_utf8_bytes() -> None:
    assert word_hash("") == 0x811C9DC5
    assert word_hash("a") == 0xE40C292C  # the published FNV-1a 32 test vector
    assert word_hash("foobar") == 0xBF9CF968


@given(st.lists(st.tuples(st.integers(0, WORD_HI), st.integers(0, 2**32 - 1)), min_size=1, max_size=50),
       st.sampled_from([1, 16, 64, 4096, 8192]))
@settings(max_examples=200, deadline=None)
def test_the_bucket_of_a_key_is_the_same_for_one_key_and_for_an_array(keys, buckets) -> None:
    hi = np.array([k[0] for k in keys], dtype=np.uint32)
    lo = np.array([k[1] for k in keys], dtype=np.uint32)
    assert bucket_of(hi, lo, buckets).tolist() == [bucket_of(h, l, buckets) for h, l in keys]
    assert all(0 <= bucket_of(h, l, buckets) < buckets for h, l in keys)
