"""`fusion` engine (the default): the project's own seq2seq model rewrites each selected fact.

1. Selection as in the extractive engine, with a budget stretched by `budget_stretch`, since
   rewritten sentences come out shorter than their sources.
2. Each chosen fact becomes one input: the chosen sentence, then up to `max_extras` other reports'
   sentences of the same fact, most similar first (`fusion_data.fusion_input`, as in training).
3. Beam search, no repeated trigrams, output at most ~1.5x the input sentence; loaded terms are
   blocked outside quotations (`decoding.LoadedTermBlocker`).
4. The lowercase output is recased from the sources (`recase`) and checked against its group
   (`verify`); a sentence with any problem is replaced by its source sentence, flagged
   "fallback-extractive". Loaded terms left in a fallback sentence are neutralised.
5. Core facts (those the unstretched budget selects) are kept, then the rest by salience while
   they fit in `max_words`; reading order is kept.

The shipped model lives in `summarizer/models/fusion-minilm` (fp16 safetensors; its README is the
model card). `model=` takes any other checkpoint folder trained with `mds train`.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np

from summarizer.errors import ModelError
from summarizer.fusion_data import fusion_input
from summarizer.pipeline import EngineOutput, PreparedCluster
from summarizer.recase import recase
from summarizer.select import SelectionWeights, salience, select, sources_of
from summarizer.types import SummarySentence

DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "models" / "fusion-minilm"


class FusionEngine:
    """Options: num_beams (4), batch_size (16), max_extras (2), budget_stretch (1.25), verify (True),
    quantize (False: int8 dynamic quantization of the linear layers, CPU only), block_loaded (True),
    and any `SelectionWeights` field."""

    name = "fusion"

    def __init__(self, model: str | None = None, device: str | None = None, embedder=None,
                 num_beams: int = 4, batch_size: int = 16, max_extras: int = 2, max_input_words: int = 110,
                 budget_stretch: float = 1.25, verify: bool = True, quantize: bool = False,
                 block_loaded: bool = True, no_repeat_ngram_size: int = 3, **selection_options):
        from summarizer.engines.hf import load_seq2seq, resolve_device

        path = Path(model).expanduser() if model else DEFAULT_MODEL
        if not model and not (DEFAULT_MODEL / "config.json").exists():
            raise ModelError(f"the fusion model is missing from {DEFAULT_MODEL}; reinstall the package, "
                             "or train one with `mds train --config configs/fusion.toml` and pass --model")
        self.model_id = str(model) if model else "fusion-minilm"
        self.device = resolve_device(device)
        self.tokenizer, self.model = load_seq2seq(str(path) if path.exists() else str(model))
        self.model = self.model.float() if self.device == "cpu" else self.model
        if quantize:
            if self.device != "cpu":
                raise ModelError("quantize=True is for CPU inference; drop it or use device='cpu'")
            import torch

            self.model = torch.ao.quantization.quantize_dynamic(self.model, {torch.nn.Linear}, dtype=torch.qint8)
        self.model.to(self.device).eval()
        self.embedder = embedder
        self.weights = SelectionWeights(**selection_options)
        self.num_beams, self.batch_size = num_beams, max(1, int(batch_size))
        self.max_extras, self.max_input_words = max_extras, max_input_words
        self.budget_stretch, self.verify = max(1.0, float(budget_stretch)), verify
        self.no_repeat_ngram_size = no_repeat_ngram_size
        self.blocker = None
        if block_loaded:
            from summarizer.decoding import LoadedTermBlocker

            self.blocker = LoadedTermBlocker.for_tokenizer(self.tokenizer)

    # ---- inputs ---------------------------------------------------------------------------------
    def group_of(self, anchor: int, fact, cluster: PreparedCluster) -> list[int]:
        """The anchor, then other reports' sentences of its fact, most similar first."""
        sentences, emb = cluster.sentences, cluster.embeddings
        others = [m for m in fact.sentences if m != anchor and sentences[m].doc != sentences[anchor].doc]
        others.sort(key=lambda m: -float(emb[m] @ emb[anchor]))
        group, used = [anchor], len(sentences[anchor].text.split())
        for m in others:
            n = len(sentences[m].text.split())
            if len(group) > self.max_extras or used + n > self.max_input_words:
                break
            group.append(m)
            used += n
        return group

    # ---- generation -----------------------------------------------------------------------------
    def generate(self, inputs: list[str], anchor_words: list[int]) -> list[str]:
        import torch
        from transformers import LogitsProcessorList

        order = np.argsort([-len(t) for t in inputs], kind="stable")
        out = [""] * len(inputs)
        for b in range(0, len(order), self.batch_size):
            idx = order[b:b + self.batch_size]
            enc = self.tokenizer([inputs[i] for i in idx], return_tensors="pt", padding=True,
                                 truncation=True, max_length=self.model.config.max_position_embeddings)
            longest = max(anchor_words[i] for i in idx)
            options = {"num_beams": self.num_beams, "no_repeat_ngram_size": self.no_repeat_ngram_size,
                       "max_new_tokens": min(96, int(longest * 1.5 * 1.3) + 8), "early_stopping": True}
            if self.blocker is not None:
                options["logits_processor"] = LogitsProcessorList([self.blocker])
            with torch.inference_mode():
                ids = self.model.generate(**{k: v.to(self.device) for k, v in enc.items()
                                             if k in ("input_ids", "attention_mask")}, **options)
            for i, text in zip(idx, self.tokenizer.batch_decode(ids, skip_special_tokens=True)):
                out[i] = text.strip()
        return out

    def _known_word(self, key: str) -> bool:
        ids = self.tokenizer(key, add_special_tokens=False)["input_ids"]
        return len(ids) == 1 and ids[0] != self.tokenizer.unk_token_id

    # ---- the engine interface ---------------------------------------------------------------------
    def summarize(self, cluster: PreparedCluster, max_words: int) -> EngineOutput:
        return self.summarize_batch([cluster], max_words)[0]

    def summarize_batch(self, clusters: list[PreparedCluster], max_words: int) -> list[EngineOutput]:
        """Every cluster's fact groups go through the model together (fuller batches)."""
        plans = [self._plan(c, max_words) for c in clusters]
        inputs = [text for plan in plans for text in plan["inputs"]]
        anchor_words = [n for plan in plans for n in plan["anchor_words"]]
        generated = self.generate(inputs, anchor_words) if inputs else []
        outputs, k = [], 0
        for cluster, plan in zip(clusters, plans):
            n = len(plan["inputs"])
            outputs.append(self._finish(cluster, plan, generated[k:k + n], max_words))
            k += n
        return outputs

    def _plan(self, cluster: PreparedCluster, max_words: int) -> dict:
        stretched = int(round(max_words * self.budget_stretch))
        choices = select(cluster.sentences, cluster.embeddings, cluster.facts, stretched, self.weights)
        core = {c.fact for c in select(cluster.sentences, cluster.embeddings, cluster.facts, max_words, self.weights)} \
            if stretched > max_words else {c.fact for c in choices}
        groups = [self.group_of(c.sentence, cluster.facts[c.fact], cluster) for c in choices]
        texts = [[cluster.sentences[m].text for m in g] for g in groups]
        return {"choices": choices, "core": core, "groups": groups,
                "inputs": [fusion_input(t[0], t[1:]) for t in texts],
                "anchor_words": [len(c.text.split()) for c in choices]}

    def _finish(self, cluster: PreparedCluster, plan: dict, generated: list[str], max_words: int) -> EngineOutput:
        from summarizer.neutral import neutralize
        from summarizer.verify import problems, vocabulary

        choices, groups = plan["choices"], plan["groups"]
        cluster_texts = [d.text for d in cluster.documents]
        vocab = vocabulary(cluster_texts)
        fused = [recase(g, [cluster.sentences[m].text for m in group], cluster_texts)
                 for g, group in zip(generated, groups)]
        cosines = self._cosines(fused, [c.sentence for c in choices], cluster)
        sentences: list[SummarySentence] = []
        failures: list[list[str]] = []
        for i, (choice, group, text) in enumerate(zip(choices, groups, fused)):
            fact = cluster.facts[choice.fact]
            flags = list(choice.flags)
            found = problems(text, [cluster.sentences[m].text for m in group], vocab, self._known_word,
                             cosines[i]) if self.verify else ([] if text.strip() else ["too-short"])
            failures.append(found)
            if found or "truncated" in choice.flags:
                text = neutralize(choice.text)
                flags.append("fallback-extractive")
            sentences.append(SummarySentence(text=text, sources=sources_of(fact, cluster.sentences),
                                             support=fact.support, flags=flags))
        keep = self._fit(sentences, choices, plan["core"], cluster, max_words)
        warnings = []
        counts = Counter(p for i in keep for p in failures[i])
        n_fallback = sum(bool(failures[i]) for i in keep)
        if n_fallback:
            reasons = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
            warnings.append(f"{n_fallback} of {len(keep)} sentences are source sentences, not rewrites: the "
                            f"rewrite failed verification ({reasons})")
        return EngineOutput([sentences[i] for i in keep], warnings)

    def _cosines(self, texts: list[str], anchors: list[int], cluster: PreparedCluster) -> list[float | None]:
        if not self.verify or not texts:
            return [None] * len(texts)
        if self.embedder is None:
            from summarizer.embed import Embedder

            self.embedder = Embedder(device=self.device)
        emb = np.asarray(self.embedder.encode([t or "." for t in texts]), dtype=np.float32)
        return [float(emb[i] @ cluster.embeddings[a]) for i, a in enumerate(anchors)]

    def _fit(self, sentences: list[SummarySentence], choices, core: set[int], cluster, max_words: int) -> list[int]:
        """Indices to keep (reading order): core facts first, then others by salience, within max_words."""
        n_docs = len({s.doc for s in cluster.sentences})
        score = salience(cluster.sentences, cluster.facts, n_docs, self.weights, cluster.embeddings)
        order = sorted(range(len(choices)), key=lambda i: (choices[i].fact not in core,
                                                           -float(np.nan_to_num(score[choices[i].sentence],
                                                                                neginf=-1e9))))
        keep, used = [], 0
        for i in order:
            n = len(sentences[i].text.split())
            if used + n <= max_words:
                keep.append(i)
                used += n
        if not keep and order:   # a budget smaller than any sentence: the best one, cut
            i = order[0]
            words = sentences[i].text.split()
            sentences[i].text = " ".join(words[:max_words]) + " …"
            sentences[i].flags.append("truncated")
            keep = [i]
        return sorted(keep)
