"""A model's `tokenizer.json` read by the `tokenizers` library, without importing transformers.

`FastTokenizer` offers the few calls the project makes on a transformers tokenizer
(`tok(text, add_special_tokens=False)["input_ids"]`, the special token ids, `decode`), so the
decoding constraints in `summarizer/fusion/decoding.py` are built the same way for both backends.
"""
from __future__ import annotations

from functools import cached_property
from pathlib import Path

from summarizer.errors import ModelError


def truncated(ids: list[int], max_length: int) -> list[int]:
    """Ids cut to `max_length` the way transformers' truncation does (the closing [SEP] kept)."""
    return ids if len(ids) <= max_length else ids[:max_length - 1] + ids[-1:]


class FastTokenizer:
    def __init__(self, path: str | Path):
        from tokenizers import Tokenizer

        path = Path(path)
        file = path / "tokenizer.json" if path.is_dir() else path
        if not file.is_file():
            raise ModelError(f"{path} has no tokenizer.json (a fast tokenizer is needed for the ct2 backend)")
        self._tok = Tokenizer.from_file(str(file))
        self._tok.no_padding()
        self._tok.no_truncation()
        self.vocab_size = self._tok.get_vocab_size()
        ids = {name: self._tok.token_to_id(name) for name in ("[UNK]", "[CLS]", "[SEP]", "[PAD]")}
        self.unk_token_id, self.cls_token_id = ids["[UNK]"], ids["[CLS]"]
        self.sep_token_id = self.eos_token_id = ids["[SEP]"]
        self.pad_token_id = ids["[PAD]"]

    def __call__(self, text: str | list[str], add_special_tokens: bool = True) -> dict:
        """{"input_ids": ids} for a text, or a list of them for a list of texts (untruncated)."""
        if isinstance(text, str):
            return {"input_ids": self._tok.encode(text, add_special_tokens=add_special_tokens).ids}
        encoded = self._tok.encode_batch(list(text), add_special_tokens=add_special_tokens)
        return {"input_ids": [e.ids for e in encoded]}

    def encode_batch(self, texts: list[str], max_length: int) -> list[list[int]]:
        """Ids with the special tokens, cut to `max_length` (see `truncated`)."""
        return [truncated(ids, max_length) for ids in self(texts)["input_ids"]]

    def tokens(self, ids: list[int]) -> list[str]:
        vocabulary = self._vocabulary
        return [vocabulary[i] for i in ids]

    def suppression(self, sequences: list[list[int]], allowed: set[int] | None = None) -> list[list[str]]:
        """CTranslate2's `suppress_sequences`: every single token outside `allowed` (when given), then
        `sequences`, as token strings. All the vocabulary but an input's is tens of thousands of
        one-token sequences, so those are made once and shared (read-only)."""
        outside = [] if allowed is None else [seq for t, seq in enumerate(self._single_tokens) if t not in allowed]
        return outside + [self.tokens(s) for s in sequences]

    @cached_property
    def _vocabulary(self) -> list[str]:
        return self.vocabulary()

    @cached_property
    def _single_tokens(self) -> list[list[str]]:
        return [[token] for token in self._vocabulary]

    def token_id(self, token: str) -> int | None:
        return self._tok.token_to_id(token)

    def vocabulary(self) -> list[str]:
        return [self._tok.id_to_token(i) for i in range(self.vocab_size)]

    def decode(self, ids: list[int]) -> str:
        return self._tok.decode(ids, skip_special_tokens=True).strip()
