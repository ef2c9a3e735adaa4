"""Decoding constraints for generated text: no loaded terms outside quotations (`LoadedTermBlocker`),
and no word piece that the input does not contain, bar a closed list (`SourceVocabulary`).

`bad_words_ids` would ban a word everywhere, but a summary may quote a source ("called him a
"tyrant""), so this processor lifts the ban while the hypothesis is inside a quotation (an odd
number of straight quotes, or more opening than closing curly ones). Single-token forms are banned
with one mask; multi-token forms ("witch hunt", "ty ##rant") by looking up the hypothesis' last
tokens, so a step costs a few dictionary lookups per beam.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache


class LoadedTermBlocker:
    """A transformers LogitsProcessor; build it with `for_tokenizer`."""

    def __init__(self, single: set[int], after: dict[tuple[int, ...], set[int]],
                 straight_quote: int | None, open_quote: int | None, close_quote: int | None):
        self.single = sorted(single)
        self.after = dict(after)
        self.longest_prefix = max((len(k) for k in after), default=0)
        self.straight_quote, self.open_quote, self.close_quote = straight_quote, open_quote, close_quote

    @classmethod
    def for_tokenizer(cls, tokenizer, forms=None) -> LoadedTermBlocker:
        """Every surface form of the project's loaded-term lexicon, as this tokenizer spells it."""
        if forms is None:
            from summarizer.neutral.terms import surface_forms

            forms = surface_forms()
        single: set[int] = set()
        after: dict[tuple[int, ...], set[int]] = defaultdict(set)
        for form in forms:
            for variant in {form, form.capitalize()}:     # cased tokenizers spell both
                ids = tokenizer(variant, add_special_tokens=False)["input_ids"]
                if len(ids) == 1:
                    single.add(ids[0])
                elif ids:
                    after[tuple(ids[:-1])].add(ids[-1])

        def token(text):
            ids = tokenizer(text, add_special_tokens=False)["input_ids"]
            return ids[0] if len(ids) == 1 else None

        return cls(single, after, token('"'), token("“"), token("”"))

    def inside_quotation(self, ids: list[int]) -> bool:
        if self.straight_quote is not None and ids.count(self.straight_quote) % 2:
            return True
        if self.open_quote is not None and self.close_quote is not None:
            return ids.count(self.open_quote) > ids.count(self.close_quote)
        return False

    def banned_next(self, ids: list[int]) -> list[int]:
        banned = list(self.single)
        for n in range(1, min(self.longest_prefix, len(ids)) + 1):
            banned.extend(self.after.get(tuple(ids[-n:]), ()))
        return banned

    def __call__(self, input_ids, scores):
        for row, ids in enumerate(input_ids.tolist()):
            if not self.inside_quotation(ids):
                scores[row, self.banned_next(ids)] = float("-inf")
        return scores


class SourceVocabulary:
    """A transformers LogitsProcessor that lets each input's output use only the word pieces of its
    own input plus a closed list (connectives, function words, punctuation, reporting verbs): the
    model can cut, join and reorder its sources' words but cannot bring in a new one. Build it per
    batch with `for_inputs`; rows of a beam search map to inputs by `row // num_beams`."""

    def __init__(self, mask, num_beams: int):
        self.mask, self.num_beams = mask, num_beams      # [inputs, vocab]: 0 allowed, -inf banned

    @classmethod
    def for_inputs(cls, tokenizer, input_ids, num_beams: int, vocab_size: int,
                   closed_words=None) -> SourceVocabulary:
        import torch

        closed = closed_ids(tokenizer, frozenset(closed_words) if closed_words else None)
        mask = torch.full((input_ids.shape[0], vocab_size), float("-inf"))
        mask[:, closed] = 0.0
        rows = torch.arange(input_ids.shape[0]).unsqueeze(1).expand_as(input_ids)
        mask[rows.reshape(-1), input_ids.reshape(-1)] = 0.0
        if tokenizer.unk_token_id is not None:
            mask[:, tokenizer.unk_token_id] = float("-inf")
        return cls(mask, num_beams)

    def __call__(self, input_ids, scores):
        rows = self.mask.to(scores.device).repeat_interleave(self.num_beams, dim=0)
        if rows.shape != scores.shape:
            raise ValueError(f"SourceVocabulary built for {tuple(rows.shape)} scores, got {tuple(scores.shape)}")
        return scores + rows


@lru_cache(maxsize=8)
def closed_ids(tokenizer, closed_words: frozenset[str] | None = None) -> list[int]:
    """Word pieces of the closed list (default: `alignment.GLUE`) and the special tokens, tokenized once
    per tokenizer rather than for every batch."""
    from summarizer.fusion.alignment import GLUE

    closed = set()
    for word in closed_words or GLUE:
        closed.update(tokenizer(word, add_special_tokens=False)["input_ids"])
    closed.update(i for i in (tokenizer.eos_token_id, tokenizer.sep_token_id, tokenizer.pad_token_id)
                  if i is not None)
    return sorted(closed)
