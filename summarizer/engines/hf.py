"""The `hf` engine: any Hugging Face sequence-to-sequence checkpoint (BART, PEGASUS, T5/Flan-T5,
LED/PRIMERA) given a Hub id or a local folder, run on the packed cluster.

The cleaned documents are joined with a separator inside the model's input length. A cluster that
is a little too long is cut fairly (every document loses the same share, late ones are not
dropped); a much longer one goes through map-reduce (summaries of chunks that fit, then a summary
of those). Every cut or compression is reported as a warning. The output is cut to `max_words` at
a sentence boundary and each sentence is attributed to the source sentences that back it.
"""
from __future__ import annotations

import inspect
import math
import os
import re
from bisect import bisect_left
from pathlib import Path

from summarizer.engines.attribute import attribute
from summarizer.engines.base import Engine
from summarizer.engines.lead import LeadEngine
from summarizer.engines.packing import (
    TRUNCATE_TOLERANCE,
    Packed,
    content_budget,
    fair_shares,
    pack,
    packed_length,
    partial_summary_tokens,
    plan_chunks,
)
from summarizer.errors import ModelError
from summarizer.pipeline.prepare import EngineOutput
from summarizer.pipeline.segment import split_text
from summarizer.text import cut_to_words, word_count, words_that_fit
from summarizer.types import Flag, SummarySentence

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")   # one tokenizing thread; no fork warnings

DOC_SEP_TOKEN = "<doc-sep>"      # PRIMERA's separator; used whenever the tokenizer knows it
# Without <doc-sep>: a blank line is how news paragraphs and articles are split in pretraining text,
# and byte-level BPE (BART, PEGASUS' SentencePiece keeps it too) encodes it in 1-2 tokens. T5's
# SentencePiece turns newlines into spaces, so there the Multi-News separator " ||||| " is used:
# it survives tokenization and is what Multi-News-tuned checkpoints saw between articles.
PARAGRAPH_SEPARATOR = "\n\n"
MULTINEWS_SEPARATOR = " ||||| "
T5_FAMILY = {"t5", "mt5", "umt5", "longt5", "switch_transformers"}
DEFAULT_INPUT_LENGTH = 512       # when neither config nor tokenizer says
MAX_INPUT_LENGTH = 16384         # sanity cap: tokenizers report 1e30 when unset, LED 16k
TOKENS_PER_WORD = 1.5            # subword tokens per English word, with a margin
MAX_REDUCE_LEVELS = 3            # map-reduce depth before falling back to a fair cut
LONG_INPUT_STRATEGIES = ("auto", "map-reduce", "truncate")
CT2_SEQ2SEQ_TYPES = {"bart", "mbart", "t5", "mt5", "pegasus", "marian"}   # converters CTranslate2 ships
CT2_GENERATE_OPTIONS = {"num_beams", "no_repeat_ngram_size", "length_penalty", "repetition_penalty",
                        "early_stopping"}


def resolve_device(device: str | None) -> str:
    import torch

    if device in (None, "", "auto"):
        return "cuda" if torch.cuda.is_available() else "cpu"
    if str(device).startswith("cuda") and not torch.cuda.is_available():
        raise ModelError(f"device {device!r} requested but no CUDA GPU is available; use device='cpu'")
    try:
        torch.device(device)
    except (RuntimeError, TypeError) as e:
        raise ModelError(f"unknown device {device!r}: {e}") from e
    return str(device)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def hub_offline(timeout: float = 3.0) -> bool:
    """True when the Hub must not be tried: HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE is set, or its host
    does not answer a TCP connection within `timeout` seconds (instead of ~30 s of retries)."""
    import socket
    from urllib.parse import urlparse

    if any(os.environ.get(v, "").strip().lower() in {"1", "true", "yes", "on"}
           for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")):
        return True
    url = urlparse(os.environ.get("HF_ENDPOINT") or "https://huggingface.co")
    try:
        with socket.create_connection((url.hostname, url.port or (443 if url.scheme == "https" else 80)),
                                      timeout=timeout):
            return False
    except OSError:
        return True


def load_seq2seq(model_id: str):
    """(tokenizer, model) from a local folder or a Hub id, or a ModelError saying what is wrong."""
    from transformers import AutoConfig, AutoModelForSeq2SeqLM, AutoTokenizer

    path = Path(model_id).expanduser()
    local = path.exists()
    if not local and (model_id.startswith((".", "/", "~")) or model_id.count("/") > 1 or "\\" in model_id):
        raise ModelError(f"model {model_id!r} not found: there is no such local folder "
                         "(pass a folder holding config.json, the tokenizer and the weights, or a Hub id)")
    if local and not path.is_dir():
        raise ModelError(f"model {model_id!r} is a file; pass the folder that holds config.json and the weights")
    source = str(path) if local else model_id
    # offline, a Hub id is looked up in the local cache only: no retries, one clear error
    offline = local or hub_offline()
    try:
        config = AutoConfig.from_pretrained(source, local_files_only=offline)
    except Exception as e:
        if local:
            where = "this local folder has no usable config.json"
        elif offline:
            where = ("the Hugging Face Hub cannot be reached (offline) and the model is not in the local cache; "
                     "download it where there is network, or pass a local folder")
        else:
            where = "it could not be found locally nor on the Hugging Face Hub (no such repository?)"
        raise ModelError(f"cannot load model {model_id!r}: {where}. ({_first_line(e)})") from None
    if not getattr(config, "is_encoder_decoder", False):
        raise ModelError(f"model {model_id!r} is a {config.model_type!r} model, not a sequence-to-sequence "
                         "(encoder-decoder) summarizer such as BART, PEGASUS, T5 or LED")
    try:
        tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=offline)
        model = AutoModelForSeq2SeqLM.from_pretrained(source, config=config, local_files_only=offline)
    except Exception as e:
        raise ModelError(f"cannot load the tokenizer or weights of model {model_id!r}: {_first_line(e)}") from e
    return tokenizer, model


def input_length(config, tokenizer, override: int | None = None) -> int:
    """Encoder input length: the config's position limit, the tokenizer's if it is smaller and
    sane, a user override, all capped at MAX_INPUT_LENGTH."""
    limits = []
    for name in ("max_encoder_position_embeddings", "max_position_embeddings", "n_positions"):
        value = getattr(config, name, None)
        if isinstance(value, int) and value > 0:
            limits.append(value)
            break
    tok_limit = getattr(tokenizer, "model_max_length", None)
    if isinstance(tok_limit, int) and 0 < tok_limit <= MAX_INPUT_LENGTH:
        limits.append(tok_limit)
    if override:
        limits.append(int(override))
    return min(min(limits) if limits else DEFAULT_INPUT_LENGTH, MAX_INPUT_LENGTH)


def output_length_limit(config) -> int:
    for name in ("max_decoder_position_embeddings", "max_position_embeddings", "n_positions"):
        value = getattr(config, name, None)
        if isinstance(value, int) and value > 0:
            return value
    return DEFAULT_INPUT_LENGTH


def task_prefix(config) -> str:
    """"summarize: " for T5-family checkpoints (they were trained with task prefixes)."""
    params = getattr(config, "task_specific_params", None) or {}
    prefix = (params.get("summarization") or {}).get("prefix")
    if prefix and prefix.strip():
        return prefix
    return "summarize: " if getattr(config, "model_type", "") in T5_FAMILY else ""


def special_tokens_around(tokenizer) -> tuple[list[int], list[int]]:
    """The special tokens the tokenizer puts before and after a text (BART: <s> ... </s>; T5: ... </s>)."""
    bare = tokenizer.encode("summary", add_special_tokens=False)
    full = tokenizer.encode("summary")
    for i in range(len(full) - len(bare) + 1):
        if full[i:i + len(bare)] == bare:
            return full[:i], full[i + len(bare):]
    return [], [tokenizer.eos_token_id] if tokenizer.eos_token_id is not None else []


def choose_separator(tokenizer) -> tuple[str, list[int]]:
    """<doc-sep> when it is a token of this tokenizer, else the first separator that survives its
    tokenization (see PARAGRAPH_SEPARATOR)."""
    token_id = tokenizer.convert_tokens_to_ids(DOC_SEP_TOKEN)
    if isinstance(token_id, int) and token_id != tokenizer.unk_token_id:
        return DOC_SEP_TOKEN, [token_id]
    for separator in (PARAGRAPH_SEPARATOR, MULTINEWS_SEPARATOR):
        ids = tokenizer.encode(separator, add_special_tokens=False)
        if ids and tokenizer.decode(ids).strip(" ") == separator.strip(" "):
            return separator, ids
    return MULTINEWS_SEPARATOR, tokenizer.encode(MULTINEWS_SEPARATOR, add_special_tokens=False)


def split_generated(text: str) -> list[str]:
    """Sentences of the model's output."""
    return [p.strip() for p in split_text(text) if p.strip()]


def fit_words(sentences: list[str], max_words: int) -> tuple[list[str], str | None]:
    """Whole sentences within `max_words`; a first sentence longer than that is cut at a word.
    Returns the kept sentences and a warning when anything was cut."""
    total = sum(word_count(s) for s in sentences)
    kept = sentences[:words_that_fit(sentences, max_words)]
    if len(kept) == len(sentences):
        return kept, None
    if not kept:
        return [cut_to_words(sentences[0], max_words)], (
            f"the model wrote {total} words; its first sentence alone exceeds max_words={max_words}, "
            f"so it was cut after {max_words} words")
    return kept, (f"the model wrote {total} words; cut to {sum(word_count(s) for s in kept)} at a sentence "
                  f"boundary to respect max_words={max_words}")


class HFEngine(Engine):
    """Summarize with any `AutoModelForSeq2SeqLM`.

    Options: num_beams (4), no_repeat_ngram_size (3), max_input_tokens (the model's input length),
    long_input ("auto": cut fairly when the overflow is small, else map-reduce; "map-reduce";
    "truncate"), batch_size (inputs per generate call), min_words, backend ("auto" and "torch":
    transformers; "ct2": CTranslate2, for a local BART/T5/mBART/PEGASUS/Marian folder with
    tokenizer.json and no other `generate` keyword; opt-in, since no real checkpoint could be checked
    against transformers here), precision (ct2 compute type), and any other `generate` keyword.
    """

    name = "hf"

    def __init__(self, model: str | None = None, device: str | None = None, embedder=None,
                 num_beams: int = 4, no_repeat_ngram_size: int = 3, max_input_tokens: int | None = None,
                 long_input: str = "auto", batch_size: int = 4, min_words: int | None = None,
                 backend: str | None = None, precision: str | None = None, **generate_options):
        if not model:
            raise ModelError("the hf engine needs a model: a Hugging Face Hub id such as "
                             "'facebook/bart-large-cnn' or a local folder (--model ID_OR_PATH)")
        if long_input not in LONG_INPUT_STRATEGIES:
            raise ModelError(f"long_input must be one of {', '.join(LONG_INPUT_STRATEGIES)}; got {long_input!r}")
        self.model_id = str(model)
        self.device = resolve_device(device)
        self.tokenizer, self.model = load_seq2seq(self.model_id)
        self.model.to(self.device).eval()
        self.embedder = embedder
        self.long_input = long_input
        self.batch_size = max(1, int(batch_size))
        self.min_words = min_words
        self.generate_options = {"num_beams": num_beams, "no_repeat_ngram_size": no_repeat_ngram_size,
                                 **generate_options}

        config = self.model.config
        self.max_input = input_length(config, self.tokenizer, max_input_tokens)
        self.max_output = output_length_limit(config)
        self.task_prefix = task_prefix(config)
        special_before, special_after = special_tokens_around(self.tokenizer)
        prefix_ids = self.tokenizer.encode(self.task_prefix, add_special_tokens=False) if self.task_prefix else []
        self.prefix_ids = special_before + prefix_ids
        self.suffix_ids = special_after
        self.separator, self.separator_ids = choose_separator(self.tokenizer)
        self.global_attention = "global_attention_mask" in inspect.signature(self.model.forward).parameters
        self.translator = self._ct2_translator(backend, precision, generate_options)
        self.pad_id = next((i for i in (self.tokenizer.pad_token_id, config.pad_token_id,
                                        self.tokenizer.eos_token_id) if i is not None), 0)
        if self.max_input <= self.overhead + 2 * len(self.separator_ids) + 8:
            raise ModelError(f"model {self.model_id!r} accepts only {self.max_input} input tokens: too few to summarize")

    def _ct2_translator(self, backend, precision, generate_options):
        """A CTranslate2 copy of the model when backend="ct2" asks for it (the architecture must
        convert and every generation option have a CTranslate2 equivalent); else None (torch)."""
        from summarizer.runtime import ct2_serves, requested_backend

        wanted = requested_backend(backend)
        local = Path(self.model_id).expanduser()
        unsupported = sorted(set(generate_options) - CT2_GENERATE_OPTIONS)
        if wanted != "ct2":
            return None
        if unsupported or self.global_attention:
            what = f"generate options {', '.join(unsupported)}" if unsupported else "global attention (LED)"
            raise ModelError(f"backend 'ct2' cannot run {what}; use backend='torch'")
        if not ct2_serves(wanted, local if local.is_dir() else None, CT2_SEQ2SEQ_TYPES):
            return None
        from summarizer.runtime.ct2 import Seq2Seq

        return Seq2Seq(local, self.device, precision)

    # ---- sizes -------------------------------------------------------------------------------
    @property
    def overhead(self) -> int:
        return len(self.prefix_ids) + len(self.suffix_ids)

    def output_tokens(self, max_words: int) -> tuple[int, int]:
        """(max_new_tokens, min_new_tokens) for a summary of at most `max_words` words."""
        most = max(8, min(math.ceil(max_words * TOKENS_PER_WORD) + 8, self.max_output))
        least = math.ceil(self.min_words * TOKENS_PER_WORD) if self.min_words else min(most // 3, 64)
        return most, max(1, min(least, most - 1))

    # ---- tokenization and packing --------------------------------------------------------------
    def tokenize(self, texts: list[str], sentence_starts: list[list[int]] | None = None
                 ) -> tuple[list[list[int]], list[list[int]]]:
        """Token ids of each text (no special tokens) and the token positions where its sentences
        start (character offsets mapped through the tokenizer's offset mapping)."""
        if not texts:
            return [], []
        try:
            enc = self.tokenizer(texts, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
            offsets = enc["offset_mapping"]
        except (NotImplementedError, ValueError, TypeError, KeyError):
            enc, offsets = self.tokenizer(texts, add_special_tokens=False, verbose=False), None
        ids = [list(x) for x in enc["input_ids"]]
        bounds: list[list[int]] = []
        for i in range(len(texts)):
            starts = (sentence_starts[i] if sentence_starts and i < len(sentence_starts) else [])
            if offsets is None or not starts:
                bounds.append([])
                continue
            token_starts = [o[0] for o in offsets[i]]
            bounds.append(sorted({bisect_left(token_starts, c) for c in starts}))
        return ids, bounds

    def pack(self, pieces: list[list[int]]) -> Packed:
        return pack(pieces, self.separator_ids, self.prefix_ids, self.suffix_ids)

    def fits(self, ids: list[list[int]]) -> bool:
        return packed_length([len(x) for x in ids], len(self.separator_ids), self.overhead) <= self.max_input

    def truncate_fairly(self, ids: list[list[int]], names: list[str], noun: str = "documents") -> tuple[Packed, str]:
        """Cut every document to a fair share of the input; the warning says what was lost."""
        lengths = [len(x) for x in ids]
        budget = content_budget(self.max_input, len(ids), len(self.separator_ids), self.overhead)
        shares = fair_shares(lengths, budget)
        kept = [x[:s] for x, s in zip(ids, shares) if s > 0]
        cut = [i for i, (n, s) in enumerate(zip(lengths, shares)) if s < n]
        lost = sum(lengths) - sum(shares)
        listed = ", ".join(names[i] for i in cut[:5]) + (" and others" if len(cut) > 5 else "")
        warning = (f"truncated {len(cut)} of {len(ids)} {noun} "
                   f"to fit the {self.max_input}-token input of {self.model_id}: each long one was cut to a fair "
                   f"share of about {min(shares[i] for i in cut) if cut else 0} tokens, so {lost} of {sum(lengths)} "
                   f"tokens ({100 * lost / max(1, sum(lengths)):.0f}%) were not read ({listed})")
        dropped = [names[i] for i, s in enumerate(shares) if s == 0]
        if dropped:
            warning += f"; {len(dropped)} left out entirely for lack of room"
        return self.pack(kept), warning

    def pack_documents(self, texts: list[str]) -> tuple[Packed, list[str]]:
        """The single input the model reads for these texts, cut fairly if needed (with warnings)."""
        ids, _ = self.tokenize(texts)
        if self.fits(ids):
            return self.pack(ids), []
        packed, warning = self.truncate_fairly(ids, [f"document {i + 1}" for i in range(len(ids))])
        return packed, [warning]

    # ---- generation ------------------------------------------------------------------------------
    def generate(self, inputs: list[Packed], max_new_tokens: int, min_new_tokens: int = 1) -> list[str]:
        """Decoded outputs for packed inputs, `batch_size` at a time."""
        if self.translator is not None:
            return self._generate_ct2(inputs, max_new_tokens, min_new_tokens)
        import torch

        texts: list[str] = []
        for b in range(0, len(inputs), self.batch_size):
            batch = inputs[b:b + self.batch_size]
            width = max(len(p.ids) for p in batch)
            input_ids = torch.full((len(batch), width), self.pad_id, dtype=torch.long)
            attention = torch.zeros((len(batch), width), dtype=torch.long)
            for row, p in enumerate(batch):
                input_ids[row, :len(p.ids)] = torch.tensor(p.ids, dtype=torch.long)
                attention[row, :len(p.ids)] = 1
            kwargs = {"input_ids": input_ids.to(self.device), "attention_mask": attention.to(self.device)}
            if self.global_attention:
                # LED/PRIMERA: the first token and every separator see (and are seen by) all tokens
                glob = torch.zeros_like(attention)
                for row, p in enumerate(batch):
                    glob[row, 0] = 1
                    if p.separator_positions:
                        glob[row, p.separator_positions] = 1
                kwargs["global_attention_mask"] = glob.to(self.device)
            options = {**self.generate_options, "max_new_tokens": max_new_tokens,
                       "min_new_tokens": min(min_new_tokens, max_new_tokens)}
            if options.get("num_beams", 1) > 1:
                options.setdefault("early_stopping", True)   # stop when every beam has ended
            try:
                with torch.inference_mode():
                    out = self.model.generate(**kwargs, **options)
            except (RuntimeError, IndexError, ValueError) as e:
                raise ModelError(f"model {self.model_id!r} failed while generating: {_first_line(e)}") from e
            texts.extend(self._clean_output(t) for t in
                         self.tokenizer.batch_decode(out, skip_special_tokens=True))
        return texts

    def _generate_ct2(self, inputs: list[Packed], max_new_tokens: int, min_new_tokens: int) -> list[str]:
        """The same search on CTranslate2: the generation config's length penalty and forced first
        token, the engine's beams, n-gram blocking and lengths."""
        config = self.model.generation_config
        options = {**self.generate_options}
        forced = getattr(config, "forced_bos_token_id", None)
        # transformers counts a forced first and last token among max_new_tokens; CTranslate2 counts
        # neither (the prefix is added, the last step just ends)
        room = max_new_tokens - (forced is not None) - (getattr(config, "forced_eos_token_id", None) is not None)
        ids = self.translator.translate(
            [p.ids for p in inputs], prefix=[forced] if forced is not None else None,
            beam_size=options.get("num_beams", 1), no_repeat_ngram_size=options.get("no_repeat_ngram_size") or 0,
            length_penalty=float(options.get("length_penalty") or getattr(config, "length_penalty", None) or 1.0),
            repetition_penalty=float(options.get("repetition_penalty") or getattr(config, "repetition_penalty", None)
                                     or 1.0),
            max_decoding_length=max(1, room), min_decoding_length=max(1, min(min_new_tokens, room) - (forced is not None)),
            max_batch_size=self.batch_size)
        return [self._clean_output(t) for t in self.tokenizer.batch_decode(ids, skip_special_tokens=True)]

    def _clean_output(self, text: str) -> str:
        for marker in (DOC_SEP_TOKEN, MULTINEWS_SEPARATOR.strip()):
            text = text.replace(marker, " ")
        return re.sub(r"\s+", " ", text).strip()

    def _summarize_ids(self, ids: list[list[int]], bounds: list[list[int]], names: list[str],
                       max_new: int, min_new: int, warnings: list[str], level: int = 0) -> str:
        """One summary for tokenized texts: one pass if they fit, else a fair cut or map-reduce."""
        if self.fits(ids):
            return self.generate([self.pack(ids)], max_new, min_new)[0]
        total = packed_length([len(x) for x in ids], len(self.separator_ids), self.overhead)
        small_overflow = total <= self.max_input * TRUNCATE_TOLERANCE
        if self.long_input == "truncate" or (self.long_input == "auto" and small_overflow) \
                or level >= MAX_REDUCE_LEVELS:
            packed, warning = self.truncate_fairly(ids, names, "documents" if level == 0 else "partial summaries")
            warnings.append(warning)
            return self.generate([packed], max_new, min_new)[0]

        chunks = plan_chunks([len(x) for x in ids], bounds, self.max_input, len(self.separator_ids), self.overhead)
        partial_len = partial_summary_tokens(len(chunks), self.max_input, len(self.separator_ids),
                                             self.overhead, ceiling=max_new)
        inputs = [self.pack([ids[s.doc][s.start:s.end] for s in chunk]) for chunk in chunks]
        partials = [p for p in self.generate(inputs, partial_len, min(min_new, max(1, partial_len // 4))) if p]
        if level == 0:
            warnings.append(f"map-reduce: the cluster has {total} tokens, more than the {self.max_input}-token "
                            f"input of {self.model_id}, so it was summarized in {len(chunks)} chunks and the "
                            f"partial summaries (up to {partial_len} tokens each) were summarized together; "
                            "detail is compressed")
        else:
            warnings.append(f"map-reduce: the {len(ids)} partial summaries ({total} tokens) still exceed the "
                            f"input, so they were summarized again in {len(chunks)} chunks")
        if not partials:
            return ""
        partial_ids, _ = self.tokenize(partials)
        if sum(map(len, partial_ids)) >= sum(map(len, ids)):   # no progress: stop recursing
            level = MAX_REDUCE_LEVELS
        return self._summarize_ids(partial_ids, [[] for _ in partial_ids],
                                   [f"partial summary {i + 1}" for i in range(len(partial_ids))],
                                   max_new, min_new, warnings, level + 1)

    # ---- the engine interface ---------------------------------------------------------------------
    def _cluster_tokens(self, cluster):
        texts = [d.text for d in cluster.documents]
        starts = [[s.start for s in cluster.sentences if s.doc == d.index] for d in cluster.documents]
        names = [d.name or f"document {d.index + 1}" for d in cluster.documents]
        ids, bounds = self.tokenize(texts, starts)
        return ids, bounds, names

    def summarize(self, cluster, max_words: int) -> EngineOutput:
        max_new, min_new = self.output_tokens(max_words)
        ids, bounds, names = self._cluster_tokens(cluster)
        warnings: list[str] = []
        text = self._summarize_ids(ids, bounds, names, max_new, min_new, warnings)
        return self._finish(text, cluster, max_words, warnings)

    def summarize_batch(self, clusters: list, max_words: int) -> list[EngineOutput]:
        """Clusters that fit in one input are generated together; longer ones one by one."""
        max_new, min_new = self.output_tokens(max_words)
        outputs: list[EngineOutput | None] = [None] * len(clusters)
        single: list[tuple[int, Packed]] = []
        for i, cluster in enumerate(clusters):
            ids, bounds, names = self._cluster_tokens(cluster)
            if self.fits(ids):
                single.append((i, self.pack(ids)))
            else:
                warnings: list[str] = []
                text = self._summarize_ids(ids, bounds, names, max_new, min_new, warnings)
                outputs[i] = self._finish(text, cluster, max_words, warnings)
        texts = self.generate([p for _, p in single], max_new, min_new) if single else []
        for (i, _), text in zip(single, texts):
            outputs[i] = self._finish(text, clusters[i], max_words, [])
        return outputs  # type: ignore[return-value]

    def _finish(self, text: str, cluster, max_words: int, warnings: list[str]) -> EngineOutput:
        """Cut to max_words at a sentence boundary, attribute each sentence to its sources."""
        sentences = split_generated(text)
        if not sentences:
            warnings.append(f"model {self.model_id} produced no text; showing the lead sentences instead")
            return EngineOutput(self._lead_fallback(cluster, max_words), warnings)
        kept, warning = fit_words(sentences, max_words)
        if warning:
            warnings.append(warning)
        if self.embedder is None:
            from summarizer.pipeline.embed import Embedder

            self.embedder = Embedder(device=self.device)
        return EngineOutput(attribute(kept, cluster, self.embedder), warnings)

    @staticmethod
    def _lead_fallback(cluster, max_words: int) -> list[SummarySentence]:
        sentences = LeadEngine().summarize(cluster, max_words).sentences
        for s in sentences:
            s.flags.append(Flag.FALLBACK_EXTRACTIVE)
        return sentences

