"""Decoding constraints for generated text: no loaded terms outside quotations (`LoadedTermBlocker`),
and no word piece that the input does not contain, bar a closed list (`SourceVocabulary`).

`bad_words_ids` would ban a word everywhere, but a summary may quote a source ("called him a
"tyrant""), so this processor lifts the ban while the hypothesis is inside a quotation (an odd
number of straight quotes, or more opening than closing curly ones). Single-token forms are banned
with one mask; multi-token forms ("witch hunt", "ty ##rant") by looking up the hypothesis' last
tokens, so a step costs a few dictionary lookups per beam.

CTranslate2 has no Python logits processors, so `ct2_candidates` applies the same constraints per
input: a vocabulary map (or, with loaded terms about, suppressed tokens) restricts each input's
output to its own word pieces plus the closed list, and loaded terms are suppressed outright where
no quotation can open; where one can, the candidates that use a loaded term outside quotations are
dropped. CTranslate2 masks before the softmax, transformers after it: greedy output is identical,
beam search ranks some hypotheses differently (README, "Backends", has the harness comparison).
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

    def sequences(self) -> list[list[int]]:
        """Every banned form as a token sequence (for `suppress_sequences`)."""
        return [[t] for t in self.single] + [[*prefix, last] for prefix, ends in self.after.items() for last in ends]

    def quote_tokens(self) -> set[int]:
        return {t for t in (self.straight_quote, self.open_quote) if t is not None}

    def allows(self, ids: list[int]) -> bool:
        """False when the sequence uses a banned form outside quotations (what the processor prevents)."""
        return not any(ids[i] in self.banned_next(ids[:i]) for i in range(len(ids))
                       if not self.inside_quotation(ids[:i]))

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


def ct2_candidates(seq2seq, inputs: list[list[int]], max_lengths: list[int], num_beams: int, n: int,
                   no_repeat_ngram_size: int, closed: list[int] | None,
                   blocker: LoadedTermBlocker | None) -> list[list[list[int]]]:
    """`n` candidate id sequences per input, best first, from a `runtime.ct2.Seq2Seq`. `closed` is
    the closed list when the source vocabulary constrains the output (None: no constraint).

    Most inputs hold no loaded term, so the vocabulary map alone constrains them. An input that
    does is decoded with every token outside its vocabulary and every loaded form suppressed
    (CTranslate2 cannot suppress under a vocabulary map); when a quotation can open, also under the
    map alone, keeping the candidates that use loaded terms only inside quotations."""
    from summarizer.runtime.ct2 import Request

    tokenizer = seq2seq.tokenizer
    banned = blocker.sequences() if blocker is not None else []
    requests, plan = [], []        # plan: per input, (request index, filter the loaded terms?)
    for ids, max_length in zip(inputs, max_lengths):
        allowed = None if closed is None else set(ids) | set(closed)
        producible = [s for s in banned if allowed is None or allowed.issuperset(s)]
        mapped = Request(ids, max_length, own_vocabulary=closed is not None)
        plan.append([(len(requests), False)])
        if not producible:
            requests.append(mapped)
            continue
        requests.append(Request(ids, max_length, suppress=producible, allowed=allowed, disable_unk=closed is not None))
        if blocker.quote_tokens() & (allowed if allowed is not None else blocker.quote_tokens()):
            plan[-1].append((len(requests), True))   # a quoted loaded term is allowed
            requests.append(mapped)
    results = seq2seq.generate_each(requests, num_beams, n, no_repeat_ngram_size)
    unk = tokenizer.unk_token_id if closed is not None else None
    out = []
    for parts in plan:
        hyps = [h for i, check in parts for h in results[i]
                if unk not in h.ids and not (check and not blocker.allows(h.ids))]
        hyps.sort(key=lambda h: -h.score)
        seen, best = set(), []
        for h in hyps:
            if tuple(h.ids) not in seen:
                seen.add(tuple(h.ids))
                best.append(h.ids)
        out.append(best[:n])
    return out
