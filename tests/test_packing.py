"""Budget arithmetic of summarizer.engines.packing: separators, fair cuts, map-reduce chunks."""
from __future__ import annotations

import random

import pytest

from summarizer.engines.packing import (
    MIN_PARTIAL_TOKENS,
    content_budget,
    fair_shares,
    pack,
    packed_length,
    partial_summary_tokens,
    plan_chunks,
    split_at_boundaries,
)

SEP = [9, 9]
PREFIX, SUFFIX = [0], [2]


def test_pack_puts_separators_between_documents_only():
    packed = pack([[11, 12], [21], [31, 32, 33]], SEP, PREFIX, SUFFIX)
    assert packed.ids == [0, 11, 12, 9, 9, 21, 9, 9, 31, 32, 33, 2]
    assert packed.separator_positions == [3, 4, 6, 7]
    assert all(packed.ids[i] == 9 for i in packed.separator_positions)
    assert packed_length([2, 1, 3], len(SEP), len(PREFIX) + len(SUFFIX)) == len(packed.ids)


def test_fair_shares_keep_short_documents_whole_and_split_the_rest_equally():
    shares = fair_shares([10, 500, 300, 2000], 600)
    assert shares[0] == 10                     # a short document is never cut
    assert sum(shares) == 600                  # the whole budget is used
    assert max(shares[1:]) - min(shares[1:]) <= 1
    assert fair_shares([100, 50], 1000) == [100, 50]   # enough room: nothing cut


def test_fair_shares_never_drop_a_late_document():
    shares = fair_shares([400] * 30, 1000)
    assert all(s >= 33 for s in shares)
    assert sum(shares) == 1000


def test_split_at_boundaries_prefers_sentence_ends_and_covers_everything():
    spans = split_at_boundaries(1000, [0, 180, 390, 610, 700, 950], 400)
    assert spans == [(0, 390), (390, 700), (700, 1000)]
    # no boundary in reach: a long sentence is split exactly at the limit, not dropped
    assert split_at_boundaries(900, [], 400) == [(0, 400), (400, 800), (800, 900)]


def _check_plan(lengths, boundaries, max_len, sep_len, overhead):
    chunks = plan_chunks(lengths, boundaries, max_len, sep_len, overhead)
    for chunk in chunks:
        assert packed_length([len(s) for s in chunk], sep_len, overhead) <= max_len
    covered: dict[int, list[tuple[int, int]]] = {}
    for chunk in chunks:
        for span in chunk:
            covered.setdefault(span.doc, []).append((span.start, span.end))
    for doc, n in enumerate(lengths):
        spans = covered.get(doc, [])
        assert spans and spans[0][0] == 0 and spans[-1][1] == n, f"doc {doc} not fully covered"
        assert all(a[1] == b[0] for a, b in zip(spans, spans[1:])), f"doc {doc} has a gap or overlap"
    return chunks


def test_plan_chunks_fit_the_input_and_lose_no_token():
    rng = random.Random(1)
    lengths = [rng.randint(50, 3000) for _ in range(25)]     # a DUC-sized cluster
    boundaries = [sorted(rng.sample(range(1, n), n // 30)) for n in lengths]
    chunks = _check_plan(lengths, boundaries, 1024, 1, 2)
    minimum = sum(lengths) / (1024 - 2)
    assert len(chunks) <= minimum * 1.15 + 1          # little room wasted


def test_plan_chunks_keep_short_documents_whole():
    chunks = _check_plan([300, 300, 300, 300], [[], [], [], []], 700, 2, 2)
    assert [[s.doc for s in c] for c in chunks] == [[0, 1], [2, 3]]
    assert all(s.start == 0 and s.end == 300 for c in chunks for s in c)


def test_plan_chunks_rejects_an_input_with_no_room():
    with pytest.raises(ValueError):
        plan_chunks([10], [[]], 3, 1, 3)


def test_partial_summaries_fit_one_reduce_input_when_possible():
    n = 8
    length = partial_summary_tokens(n, 1024, 1, 2, ceiling=200)
    assert packed_length([length] * n, 1, 2) <= 1024
    assert length <= 200
    # too many chunks for one reduce step: the floor holds (the reduce recurses instead)
    assert partial_summary_tokens(200, 1024, 1, 2, ceiling=200) == MIN_PARTIAL_TOKENS
    # never more than half an input, so each level shrinks the text
    assert partial_summary_tokens(1, 100, 1, 2, ceiling=500) <= 49
    assert content_budget(100, 3, 2, 2) == 94
