"""Fit a cluster of tokenized documents into a model's input length.

Pure functions on token-id lists (no tokenizer, no torch) so the budget arithmetic is easy to test:
- `pack` joins documents with a separator and reports where the separators are (LED puts global
  attention there);
- `fair_shares` truncates every document to an equal share instead of dropping the late ones;
- `plan_chunks` splits an over-long cluster into inputs that each fit, for map-reduce, cutting
  documents at sentence boundaries where it can and never losing a token.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

# Overflow up to this factor is handled by cutting each document a little (one generation pass);
# beyond it, map-reduce reads everything (several passes) instead of dropping most of the text.
TRUNCATE_TOLERANCE = 1.2
MIN_PARTIAL_TOKENS = 32        # a partial summary shorter than this says almost nothing


@dataclass
class Packed:
    """One model input: `ids` (special tokens included) and the positions of separator tokens."""

    ids: list[int]
    separator_positions: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Span:
    """Tokens `start:end` of document `doc` (its position in the list being packed)."""

    doc: int
    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start


def packed_length(lengths: list[int], separator_len: int, overhead: int) -> int:
    """Length of `pack(...)` for documents of these token lengths."""
    return sum(lengths) + separator_len * max(0, len(lengths) - 1) + overhead


def content_budget(max_len: int, n_parts: int, separator_len: int, overhead: int) -> int:
    """Tokens left for document text in one input holding `n_parts` pieces."""
    return max_len - overhead - separator_len * max(0, n_parts - 1)


def pack(pieces: list[list[int]], separator: list[int], prefix: list[int], suffix: list[int]) -> Packed:
    """prefix + piece1 + sep + piece2 + ... + suffix (separators only between pieces)."""
    ids = list(prefix)
    positions: list[int] = []
    for i, piece in enumerate(pieces):
        if i:
            positions.extend(range(len(ids), len(ids) + len(separator)))
            ids.extend(separator)
        ids.extend(piece)
    ids.extend(suffix)
    return Packed(ids, positions)


def fair_shares(lengths: list[int], budget: int) -> list[int]:
    """Max-min fair allocation of `budget` tokens: short documents keep everything, the long ones
    share the rest equally (water-filling). Every document keeps at least one token if the budget
    allows, so no document silently disappears."""
    budget = max(0, budget)
    shares = [0] * len(lengths)
    remaining = budget
    pending = sorted(range(len(lengths)), key=lambda i: lengths[i])
    while pending:
        share = remaining // len(pending)
        i = pending[0]
        if lengths[i] <= share:       # the shortest fits in an equal share: give it all it needs
            shares[i] = lengths[i]
            remaining -= lengths[i]
            pending.pop(0)
            continue
        extra = remaining - share * len(pending)   # hand out the remainder one token at a time
        for rank, j in enumerate(sorted(pending)):
            shares[j] = share + (1 if rank < extra else 0)
        break
    return shares


def cut_point(start: int, room: int, cuts: list[int]) -> int:
    """End of a piece starting at `start` with `room` tokens: the last sentence boundary in the
    second half of that room, else exactly `start + room` (a very long sentence is split, not lost)."""
    limit = start + room
    k = bisect_right(cuts, limit) - 1
    return cuts[k] if k >= 0 and cuts[k] > start + room // 2 else limit


def split_at_boundaries(length: int, boundaries: list[int], max_len: int) -> list[tuple[int, int]]:
    """Cut `0:length` into consecutive spans of at most `max_len` tokens, preferring to end each on
    a sentence boundary (a token index where a sentence starts)."""
    if max_len < 1:
        raise ValueError("max_len must be positive")
    cuts = sorted(b for b in set(boundaries) if 0 < b < length)
    spans: list[tuple[int, int]] = []
    start = 0
    while start < length:
        end = length if length - start <= max_len else cut_point(start, max_len, cuts)
        spans.append((start, end))
        start = end
    return spans


def plan_chunks(lengths: list[int], boundaries: list[list[int]], max_len: int, separator_len: int,
                overhead: int) -> list[list[Span]]:
    """Group documents, in order, into model inputs that each fit in `max_len` tokens once packed.
    Documents stay whole where that wastes at most half an input; otherwise a document is split
    (at a sentence boundary when one is near) to fill the free room. Every token lands in exactly
    one chunk, and the number of chunks stays close to the total length over the input length."""
    room = max_len - overhead
    if room < 1:
        raise ValueError(f"input length {max_len} leaves no room for text after {overhead} special tokens")
    min_piece = max(1, room // 8)          # smaller leftovers are not worth a separate piece
    chunks: list[list[Span]] = []
    current: list[Span] = []
    used = 0
    for doc, n in enumerate(lengths):
        if n == 0:
            continue
        cuts = sorted(b for b in set(boundaries[doc] if doc < len(boundaries) else []) if 0 < b < n)
        start = 0
        while start < n:
            free = room - used - (separator_len if current else 0)
            if n - start <= free:                       # the rest of the document fits here
                if current:
                    used += separator_len
                current.append(Span(doc, start, n))
                used += n - start
                break
            whole_fits_next = n - start <= room
            if current and (free < min_piece or (whole_fits_next and used >= room // 2)):
                chunks.append(current)                  # start a fresh input for this document
                current, used = [], 0
                continue
            end = cut_point(start, free, cuts)
            if current:
                used += separator_len
            current.append(Span(doc, start, end))
            chunks.append(current)
            current, used = [], 0
            start = end
    if current:
        chunks.append(current)
    return chunks


def partial_summary_tokens(n_chunks: int, max_len: int, separator_len: int, overhead: int,
                           ceiling: int) -> int:
    """Length of each partial summary so that, where possible, all of them fit in one reduce input;
    never below MIN_PARTIAL_TOKENS (then the reduce step recurses) nor above half an input (so each
    level shrinks the text) or `ceiling` (the final summary's length)."""
    fit = content_budget(max_len, n_chunks, separator_len, overhead) // max(1, n_chunks)
    return max(1, min(max(fit, MIN_PARTIAL_TOKENS), ceiling, (max_len - overhead) // 2))
